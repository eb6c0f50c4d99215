"""``index.html`` of the register: one self-contained page (inline CSS and script).

Readable without JavaScript: three plain tables. With JavaScript, a search box filters
every table and each column header sorts its table. The page state can be set from the
address: ``index.html#q=hotan&sort=companies.score.desc`` (used by the browser test, and
handy for links). A Content-Security-Policy allows only the page's own inline script (by
its hash) and styles: no network requests at all.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Mapping, Sequence
from typing import Any

GRADE_CLASSES = {"A": "g-a", "B": "g-b", "C": "g-c", "D": "g-d", "E": "g-e"}
TIER_CLASSES = {"Leader": "t-leader", "Improver": "t-improver", "Starter": "t-starter"}
TIER_CLASSES["Laggard"] = "t-laggard"
DIMENSIONS = (("T", "Transparent"), ("S", "Scaled"), ("A", "Accountable"))

CSS = """
:root{--ink:#1d2433;--muted:#5b6475;--line:#dfe3ea;--bg:#f6f7f9;--head:#14213d;
--accent:#2b59c3;--card:#fff}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
"Helvetica Neue",Arial,"PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;
color:var(--ink);background:var(--bg)}
a{color:var(--accent)}
.wrap{max-width:1240px;margin:0 auto;padding:0 24px}
header.top{background:var(--head);color:#fff;padding:26px 0 22px}
header.top .eyebrow{margin:0;text-transform:uppercase;letter-spacing:.12em;font-size:12px;
color:#aab6d3}
header.top h1{margin:4px 0 6px;font-size:28px;font-weight:650}
header.top .meta{margin:0;color:#d5dcec;font-size:14px}
nav.toc{display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;padding-top:14px;
padding-bottom:6px;font-size:14px}
nav.toc .files{margin-left:auto;color:var(--muted)}
.searchbar{display:flex;gap:12px;align-items:center;margin:12px 0 4px}
.searchbar[hidden]{display:none}
.searchbar input{flex:0 1 420px;font:inherit;padding:8px 12px;border:1px solid #b9c1cf;
border-radius:6px;background:#fff}
.searchbar input:focus{outline:2px solid var(--accent);outline-offset:1px}
.searchbar .count{color:var(--muted);font-size:13px}
section{background:var(--card);border:1px solid var(--line);border-radius:10px;
margin:18px 0;padding:18px 20px 8px}
section h2{margin:0 0 4px;font-size:20px}
section h2 .n{color:var(--muted);font-weight:400;font-size:15px}
p.explain{margin:0 0 12px;color:var(--muted);font-size:13.5px;max-width:900px}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{position:sticky;top:0;background:#eef1f6;font-size:12.5px;text-transform:uppercase;
letter-spacing:.04em;color:#3c4557;white-space:nowrap}
th button{all:unset;cursor:pointer}
th button:focus-visible{outline:2px solid var(--accent)}
th[aria-sort=ascending] button::after{content:" \\25B2";font-size:10px}
th[aria-sort=descending] button::after{content:" \\25BC";font-size:10px}
tbody tr:nth-child(even){background:#fafbfc}
tbody tr:hover{background:#f0f4fb}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.sub{display:block;color:var(--muted);font-size:12.5px}
.name{font-weight:600}
.badge{display:inline-block;min-width:22px;padding:1px 7px;border-radius:11px;
font-size:12.5px;font-weight:650;text-align:center;color:#fff;background:#8a93a5}
.g-a{background:#17803d}.g-b{background:#5a9a1c}.g-c{background:#b58105}
.g-d{background:#cf6a13}.g-e{background:#c0392b}
.t-leader{background:#17803d}.t-improver{background:#5a9a1c}.t-starter{background:#b58105}
.t-laggard{background:#c0392b}.tag{background:#eef1f6;color:#3c4557;font-weight:500}
.r-4{background:#8e1b1b}.r-3{background:#c0392b}.r-2{background:#cf6a13}
.r-1{background:#b58105}.r-0{background:#17803d}.r-u{background:#8a93a5}
.score{font-variant-numeric:tabular-nums;margin-left:4px}
.band{display:block;color:var(--muted);font-size:12px;font-variant-numeric:tabular-nums;
white-space:nowrap}
.insufficient{color:var(--muted);font-style:italic;font-size:12.5px;margin-left:4px;
white-space:nowrap}
tbody td:first-child{min-width:230px}
.label{font-size:12.5px;color:#17803d;font-weight:600}
svg.spark{vertical-align:middle;margin-left:6px}
svg.spark polyline{fill:none;stroke:var(--accent);stroke-width:1.6}
svg.spark line{stroke:#dfe3ea;stroke-width:1}
footer{color:var(--muted);font-size:13px;padding:8px 0 40px}
footer h3{color:var(--ink);font-size:15px;margin:18px 0 4px}
tr[hidden]{display:none}
@media print{.searchbar,nav.toc{display:none}thead th{position:static}}
"""

SCRIPT = """
(function () {
  "use strict";
  var bar = document.getElementById("searchbar");
  var input = document.getElementById("q");
  var count = document.getElementById("qcount");
  var tables = Array.prototype.slice.call(document.querySelectorAll("table.reg"));
  bar.hidden = false;
  function norm(text) {
    return (text || "").normalize("NFKC").toLowerCase().replace(/\\s+/g, " ").trim();
  }
  tables.forEach(function (table) {
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row, i) {
      row.dataset.order = String(i);
      row.dataset.text = norm(row.textContent);
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortTable(table, col, dir);
        saveState(table.id.replace(/^t-/, "") + "." + th.dataset.key + "." +
          (dir === "ascending" ? "asc" : "desc"));
      });
    });
  });
  function cellKey(cell, numeric) {
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (numeric) {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return norm(raw);
  }
  function sortTable(table, col, dir) {
    var th = table.tHead.rows[0].cells[col];
    var numeric = th.dataset.type === "num";
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = dir === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = cellKey(a.cells[col], numeric), y = cellKey(b.cells[col], numeric);
      if (x < y) { return -sign; }
      if (x > y) { return sign; }
      return Number(a.dataset.order) - Number(b.dataset.order);
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", dir);
  }
  function filter(query) {
    var q = norm(query), shown = 0, total = 0;
    tables.forEach(function (table) {
      var visible = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var hit = !q || row.dataset.text.indexOf(q) !== -1;
        row.hidden = !hit;
        if (hit) { visible += 1; }
      });
      var n = document.getElementById("n-" + table.id.replace(/^t-/, ""));
      if (n) { n.textContent = q ? "(" + visible + " of " + table.tBodies[0].rows.length + ")"
        : "(" + table.tBodies[0].rows.length + ")"; }
      shown += visible;
      total += table.tBodies[0].rows.length;
    });
    count.textContent = q ? shown + " of " + total + " entries match" : "";
  }
  var state = { q: "", sort: "" };
  function saveState(sort) {
    if (sort !== undefined) { state.sort = sort; }
    var parts = [];
    if (state.q) { parts.push("q=" + encodeURIComponent(state.q)); }
    if (state.sort) { parts.push("sort=" + encodeURIComponent(state.sort)); }
    if (window.history && history.replaceState) {
      history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname);
    }
  }
  function applyHash() {
    var params = new URLSearchParams(location.hash.replace(/^#/, ""));
    var sort = params.get("sort");
    if (sort) {
      var bits = sort.split(".");
      var table = document.getElementById("t-" + bits[0]);
      if (table) {
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
          if (th.dataset.key === bits[1]) {
            sortTable(table, col, bits[2] === "desc" ? "descending" : "ascending");
            state.sort = sort;
          }
        });
      }
    }
    state.q = params.get("q") || "";
    input.value = state.q;
    filter(state.q);
  }
  input.addEventListener("input", function () {
    state.q = input.value;
    filter(state.q);
    saveState();
  });
  window.addEventListener("hashchange", applyHash);
  applyHash();
  document.documentElement.setAttribute("data-ready", "1");
})();
"""


def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def fmt(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0") if value != int(value) else f"{int(value)}"
    return f"{value:,}"


def _band(band: Sequence[Any] | None) -> str:
    if not band or band[0] is None or band[0] == band[1]:
        return ""
    return f'<span class="band">band {fmt(band[0])}–{fmt(band[1])}</span>'


def _dimension_cell(rating: Mapping[str, Any] | None, dim: str) -> str:
    d = (rating or {}).get("dimensions", {}).get(dim) if rating else None
    if not d:
        return '<td data-sort="-1"><span class="insufficient">not rated</span></td>'
    band = _band(d.get("band"))
    if d.get("score") is None:
        low = (d.get("band") or [None])[0]
        key = -1 if low is None else -1 + float(low) / 1000
        return (
            f'<td data-sort="{key:.4f}"><span class="badge">–</span>'
            f'<span class="insufficient">insufficient evidence</span>{band}</td>'
        )
    grade = d.get("grade") or ""
    cls = GRADE_CLASSES.get(grade, "")
    return (
        f'<td data-sort="{float(d["score"]):.2f}"><span class="badge {cls}">{e(grade)}</span>'
        f'<span class="score">{fmt(d["score"])}</span>{band}</td>'
    )


def _names_line(item: Mapping[str, Any]) -> str:
    others = [n["text"] for n in item.get("other_names") or []]
    return f'<span class="sub">{e(" · ".join(others))}</span>' if others else ""


def _initiatives(doc: Mapping[str, Any]) -> str:
    rows = []
    for i in doc["initiatives"]:
        rating = i.get("rating")
        label = (rating or {}).get("label")
        title = e(i["name"]) + (f" ({e(i['acronym'])})" if i.get("acronym") else "")
        sub = " · ".join(x for x in (i.get("sector") or "", ", ".join(i["countries"])) if x)
        rows.append(
            f'<tr id="i-{e(i["id"])}"><td data-sort="{e(i["name"])}"><span class="name">{title}</span>'
            f'{_names_line(i)}<span class="sub">{e(sub)}</span></td>'
            + "".join(_dimension_cell(rating, d) for d, _ in DIMENSIONS)
            + f"<td>{f'<span class=label>{e(label)}</span>' if label else ''}</td>"
            f'<td class="num">{fmt(i["member_companies"])}</td>'
            f'<td class="num">{fmt(i["sites_covered"])}</td>'
            f'<td class="num">{fmt(i["workers_covered"])}</td></tr>'
        )
    head = (
        '<th data-key="name">Initiative</th>'
        + "".join(f'<th data-key="{d}" data-type="num">{name}</th>' for d, name in DIMENSIONS)
        + '<th data-key="label">Label</th><th data-key="members" class="num" data-type="num">Members</th>'
        '<th data-key="sites" class="num" data-type="num">Sites covered</th>'
        '<th data-key="workers" class="num" data-type="num">Workers covered</th>'
    )
    return _table("initiatives", head, rows)


def _companies(doc: Mapping[str, Any]) -> str:
    rows = []
    for c in doc["companies"]:
        r = c.get("rating") or {}
        tier = r.get("tier")
        tags = "".join(f' <span class="badge tag">{e(t)}</span>' for t in r.get("tags") or [])
        tier_html = (
            f'<span class="badge {TIER_CLASSES.get(tier, "")}">{e(tier)}</span>'
            if tier
            else ("–" if r else '<span class="insufficient">not rated</span>')
        )
        if r.get("score") is not None:
            score_sort = f"{float(r['score']):.2f}"
            score_html = f'<span class="score">{fmt(r["score"])}</span>'
        elif r:
            low = (r.get("band") or [None])[0]
            score_sort = f"{-1 + float(low or 0) / 1000:.4f}"
            score_html = '<span class="insufficient">insufficient evidence</span>'
        else:
            score_sort, score_html = "-1", '<span class="insufficient">not rated</span>'
        resp = c["responses"]
        sub = " · ".join(x for x in (c["kind"].replace("_", " "), c.get("country") or "") if x)
        rows.append(
            f'<tr id="c-{e(c["id"])}"><td data-sort="{e(c["name"])}"><span class="name">{e(c["name"])}</span>'
            f'{_names_line(c)}<span class="sub">{e(sub)}</span></td>'
            f'<td data-sort="{e(tier or "")}">{tier_html}{tags}</td>'
            f'<td class="num" data-sort="{score_sort}">{score_html}{_band(r.get("band"))}</td>'
            f"<td>{e(', '.join(c['initiatives']))}</td>"
            f'<td class="num">{fmt(resp["requests_sent"])}</td>'
            f'<td class="num" data-sort="{resp["answered"]}">{fmt(resp["answered"])}'
            + (
                f'<span class="sub">{fmt(resp["answered_in_time"])} of {fmt(resp["due"])} '
                f"due in {resp['window_days']} days</span>"
                if resp["due"]
                else ""
            )
            + f'</td><td class="num" data-sort="{resp["commitments_met"]}">'
            + (
                f"{fmt(resp['commitments_met'])} of {fmt(resp['commitments_checked'])}"
                f'<span class="sub">{fmt(resp["commitments_made"])} made</span>'
                if resp["commitments_made"]
                else "–"
            )
            + "</td></tr>"
        )
    head = (
        '<th data-key="name">Company</th><th data-key="tier">Tier</th>'
        '<th data-key="score" class="num" data-type="num">Score</th><th data-key="initiatives">Initiatives</th>'
        '<th data-key="requests" class="num" data-type="num">Requests sent</th>'
        '<th data-key="answered" class="num" data-type="num">Answered</th>'
        '<th data-key="commitments" class="num" data-type="num">Commitments met</th>'
    )
    return _table("companies", head, rows)


def _spark(history: Sequence[Mapping[str, Any]]) -> str:
    if len(history) < 2:
        return ""
    width, height = 84, 22
    step = width / (len(history) - 1)
    points = " ".join(
        f"{i * step:.1f},{height - 2 - (height - 4) * float(p['progress']) / 100:.1f}"
        for i, p in enumerate(history)
    )
    first, last = history[0], history[-1]
    title = (
        f"{first['date']}: {fmt(first['progress'])} % → {last['date']}: {fmt(last['progress'])} %"
    )
    return (
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{e(title)}"><title>{e(title)}</title>'
        f'<line x1="0" y1="{height - 2}" x2="{width}" y2="{height - 2}"/>'
        f'<polyline points="{points}"/></svg>'
    )


def _sites(doc: Mapping[str, Any]) -> str:
    rows = []
    for s in doc["sites"]:
        risk = s.get("risk") or {}
        level = risk.get("level")
        if risk:
            cls = f"r-{level}" if level is not None else "r-u"
            label = risk.get("label") or "unknown"
            risk_html = f'<span class="badge {cls}">{e(level if level is not None else "?")}</span> {e(label)}'
            if risk.get("confidence"):
                risk_html += f'<span class="sub">confidence {e(risk["confidence"])}</span>'
        else:
            risk_html = '<span class="insufficient">not rated</span>'
        rem = s["remediation"]
        progress = rem["progress"]
        rem_html = (
            f'<span class="score">{fmt(progress)} %</span>{_spark(rem["history"])}'
            f'<span class="sub">{fmt(rem["verified_remediated"])} of '
            f"{fmt(rem['findings_above_zero'])} verified</span>"
            if progress is not None
            else '<span class="insufficient">no findings above 0</span>'
        )
        where = s.get("address") or ""
        if s.get("latitude") is not None:
            where += f" ({s['latitude']:.4f}, {s['longitude']:.4f})"
        sub = " · ".join(x for x in (s["kind"], ", ".join(s["products"])) if x)
        rows.append(
            f'<tr id="s-{e(s["id"])}"><td data-sort="{e(s["name"])}"><span class="name">{e(s["name"])}</span>'
            f"{_names_line(s)}<span class=sub>{e(sub)}</span>"
            + (f'<span class="sub">{e(where)}</span>' if where.strip() else "")
            + f"</td><td>{e(s['country'])}</td><td>{e(s.get('region') or '')}</td>"
            f"<td>{e(', '.join(s['initiatives']))}</td>"
            f"<td>{e(', '.join(s['companies']))}</td>"
            f'<td data-sort="{-1 if level is None else level}">{risk_html}</td>'
            f'<td class="num">{fmt(rem["findings_above_zero"])}</td>'
            f'<td class="num" data-sort="{-1 if progress is None else progress}">{rem_html}</td></tr>'
        )
    head = (
        '<th data-key="name">Site</th><th data-key="country">Country</th>'
        '<th data-key="region">Region</th><th data-key="initiatives">Covered by</th>'
        '<th data-key="companies">Buyers and owners</th><th data-key="risk" data-type="num">Risk level</th>'
        '<th data-key="findings" class="num" data-type="num">Findings</th>'
        '<th data-key="remediation" class="num" data-type="num">Remediation</th>'
    )
    return _table("sites", head, rows)


def _table(name: str, head: str, rows: list[str]) -> str:
    body = "\n".join(rows) if rows else ""
    return (
        f'<div class="scroll"><table class="reg" id="t-{name}"><thead><tr>{head}</tr></thead>'
        f"<tbody>\n{body}\n</tbody></table></div>"
    )


def script_hash() -> str:
    digest = hashlib.sha256(SCRIPT.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def render_html(doc: Mapping[str, Any]) -> str:
    counts = doc["counts"]
    publisher = e(doc["publisher"])
    rubric = doc.get("rubric_version")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src '{script_hash()}'; base-uri 'none'; form-action 'none'"
    )
    meta = (
        f"Exported {e(doc['export_date'])}"
        + (f" · ACES methodology, rubric version {e(rubric)}" if rubric else "")
        + f" · {counts['initiatives']} initiatives · {counts['companies']} companies · "
        f"{counts['sites']} sites published"
    )
    files = " · ".join(
        f'<a href="{n}">{label}</a>'
        for n, label in (
            ("register.json", "JSON"),
            ("register-schema.json", "schema"),
            ("initiatives.csv", "initiatives.csv"),
            ("companies.csv", "companies.csv"),
            ("sites.csv", "sites.csv"),
            ("SHA256SUMS", "SHA256SUMS"),
        )
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="generator" content="ACES Desktop register, format {doc["format_version"]}">
<title>ACES transparency register · {publisher}</title>
<style>{CSS}</style>
</head>
<body>
<header class="top"><div class="wrap">
<p class="eyebrow">ACES transparency register</p>
<h1>{publisher}</h1>
<p class="meta">{meta}</p>
</div></header>
<nav class="wrap toc" aria-label="Sections">
<a href="#initiatives">Initiatives</a><a href="#companies">Companies</a><a href="#sites">Sites</a>
<a href="#about">About this register</a><span class="files">Data: {files}</span>
</nav>
<main class="wrap">
<div class="searchbar" id="searchbar" hidden>
<input id="q" type="search" placeholder="Search names, countries, regions, tiers…" aria-label="Search the register">
<span class="count" id="qcount" aria-live="polite"></span>
</div>
<section id="initiatives" aria-labelledby="h-initiatives">
<h2 id="h-initiatives">Initiatives <span class="n" id="n-initiatives">({counts["initiatives"]})</span></h2>
<p class="explain">How <b>Transparent</b>, <b>Scaled</b> and <b>Accountable</b> each multi-stakeholder
initiative is, each 0–100 with a grade (A ≥ 80, B ≥ 60, C ≥ 40, D ≥ 20, E below). The band is the
lowest and highest score the criteria without evidence still allow; below 60 % evidence coverage
only the band is shown.</p>
{_initiatives(doc)}
</section>
<section id="companies" aria-labelledby="h-companies">
<h2 id="h-companies">Companies <span class="n" id="n-companies">({counts["companies"]})</span></h2>
<p class="explain">Human-rights due-diligence leadership, 0–100: Leader ≥ 70, Improver 40–69,
Starter 15–39, Laggard below 15. <i>Non-responsive</i>: no outreach request answered within
60 days. The response record counts every request sent, answers and commitments met.</p>
{_companies(doc)}
</section>
<section id="sites" aria-labelledby="h-sites">
<h2 id="h-sites">Sites <span class="n" id="n-sites">({counts["sites"]})</span></h2>
<p class="explain">Forced-labour risk level (4 likely forced labour, 3 high, 2 elevated, 1 low,
0 none found) and remediation progress: verified remediated findings out of all findings above 0,
with its course over the last quarters. {counts["sites_withheld"]} further sites are not
published, to protect the people who work there; some sites are published without address.</p>
{_sites(doc)}
</section>
</main>
<footer class="wrap" id="about">
<h3>About this register</h3>
<p>Published by {publisher} with ACES Desktop. Ratings follow the open ACES methodology: every
score can be recomputed from its evidence. No statement of an interviewed worker and no name of
a person appears in this register. The same data is available as <a href="register.json">JSON</a>
(valid against <a href="register-schema.json">register-schema.json</a>) and CSV; every file is
listed with its SHA-256 hash in <a href="SHA256SUMS">SHA256SUMS</a>
(check with <code>sha256sum -c SHA256SUMS</code>).</p>
</footer>
<script>{SCRIPT}</script>
</body>
</html>
"""
