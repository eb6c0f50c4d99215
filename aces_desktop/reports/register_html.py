"""``index.html`` of the register: one self-contained page (inline CSS and script).

Readable without JavaScript: three plain tables. With JavaScript, a search box filters
every table and each column header sorts its table. The page state can be set from the
address: ``index.html#q=hotan&sort=companies.score.desc`` (used by the browser test, and
handy for links). A Content-Security-Policy allows only the page's own inline script (by
its hash) and styles: no network requests at all.

The page is a Jinja2 template with autoescaping (``resources/register/index.html.j2``, with
``register.css`` and ``register.js``); this module turns the register document into the
values it shows (formatted numbers, sort keys, the sparkline's points). The methodology's
numbers (grade and tier thresholds, coverage threshold, response window, risk levels) come
from the document's ``methodology``, i.e. from the rubric the ratings were computed with.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
from markupsafe import Markup, escape

from aces_desktop.core import terms
from aces_desktop.core.messages import fill
from aces_desktop.core.resources import resource_path
from aces_desktop.core.scoring.methodology import grades_text, risk_levels_text, tiers_text
from aces_desktop.reports import report_language

GRADE_CLASSES = {"A": "g-a", "B": "g-b", "C": "g-c", "D": "g-d", "E": "g-e"}
TIER_CLASSES = {"Leader": "t-leader", "Improver": "t-improver", "Starter": "t-starter"}
TIER_CLASSES["Laggard"] = "t-laggard"
DIMENSIONS = (("T", "Transparent"), ("S", "Scaled"), ("A", "Accountable"))
DATA_FILES = (
    ("register.json", "JSON"),
    ("register-schema.json", "schema"),
    ("initiatives.csv", "initiatives.csv"),
    ("companies.csv", "companies.csv"),
    ("sites.csv", "sites.csv"),
    ("SHA256SUMS", "SHA256SUMS"),
)


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(resource_path("register"))),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _asset(name: str) -> str:
    return resource_path("register", name).read_text(encoding="utf-8")


def script_hash() -> str:
    digest = hashlib.sha256(_asset("register.js").encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def fmt(value: float | int | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".removesuffix(".0") if value != int(value) else f"{int(value)}"
    return f"{value:,}"


def _band(band: Sequence[Any] | None) -> tuple[str, str] | None:
    if not band or band[0] is None or band[0] == band[1]:
        return None
    return fmt(band[0]), fmt(band[1])


def _low_sort(band: Sequence[Any] | None) -> str:
    """Sort key of a rating without a point score: below every score, by its band's low end."""
    low = (band or [None])[0]
    return f"{-1 + float(low or 0) / 1000:.4f}"


def _others(item: Mapping[str, Any]) -> str:
    return " · ".join(n["text"] for n in item.get("other_names") or [])


def _dimension(rating: Mapping[str, Any] | None, dim: str) -> dict[str, Any] | None:
    d = (rating or {}).get("dimensions", {}).get(dim)
    if not d:
        return None
    if d.get("score") is None:
        low = (d.get("band") or [None])[0]
        sort = "-1.0000" if low is None else _low_sort(d.get("band"))
        return {"score": None, "sort": sort, "band": _band(d.get("band"))}
    grade = d.get("grade") or ""
    return {
        "score": fmt(d["score"]),
        "sort": f"{float(d['score']):.2f}",
        "grade": grade,
        "cls": GRADE_CLASSES.get(grade, ""),
        "band": _band(d.get("band")),
    }


def _initiative(i: Mapping[str, Any]) -> dict[str, Any]:
    rating = i.get("rating")
    return {
        "id": i["id"],
        "name": i["name"],
        "acronym": i.get("acronym"),
        "others": _others(i),
        "sub": " · ".join(x for x in (i.get("sector") or "", ", ".join(i["countries"])) if x),
        "dimensions": [_dimension(rating, d) for d, _ in DIMENSIONS],
        "label": (rating or {}).get("label"),
        "members": fmt(i["member_companies"]),
        "sites": fmt(i["sites_covered"]),
        "workers": fmt(i["workers_covered"]),
    }


def _company(c: Mapping[str, Any]) -> dict[str, Any]:
    r = c.get("rating") or {}
    resp = c["responses"]
    if r.get("score") is not None:
        score_sort = f"{float(r['score']):.2f}"
    elif r:
        score_sort = _low_sort(r.get("band"))
    else:
        score_sort = "-1"
    tier = r.get("tier")
    return {
        "id": c["id"],
        "name": c["name"],
        "others": _others(c),
        "sub": " · ".join(x for x in (c["kind"].replace("_", " "), c.get("country") or "") if x),
        "rated": bool(r),
        "tier": tier,
        "tier_cls": TIER_CLASSES.get(tier or "", ""),
        "tags": list(r.get("tags") or []),
        "score": fmt(r["score"]) if r.get("score") is not None else None,
        "score_sort": score_sort,
        "band": _band(r.get("band")),
        "initiatives": ", ".join(c["initiatives"]),
        "requests_sent": fmt(resp["requests_sent"]),
        "answered": fmt(resp["answered"]),
        "answered_sort": resp["answered"],
        "answered_in_time": fmt(resp["answered_in_time"]),
        "due": fmt(resp["due"]) if resp["due"] else None,
        "window_days": resp["window_days"],
        "met_sort": resp["commitments_met"],
        "commitments_made": fmt(resp["commitments_made"]) if resp["commitments_made"] else None,
        "commitments_met": fmt(resp["commitments_met"]),
        "commitments_checked": fmt(resp["commitments_checked"]),
    }


def _spark(history: Sequence[Mapping[str, Any]]) -> dict[str, Any] | None:
    if len(history) < 2:
        return None
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
    return {"width": width, "height": height, "base": height - 2, "points": points, "title": title}


def _site(s: Mapping[str, Any]) -> dict[str, Any]:
    risk = s.get("risk") or {}
    level = risk.get("level")
    rem = s["remediation"]
    progress = rem["progress"]
    where = s.get("address") or ""
    if s.get("latitude") is not None:
        where += f" ({s['latitude']:.4f}, {s['longitude']:.4f})"
    return {
        "id": s["id"],
        "name": s["name"],
        "others": _others(s),
        "sub": " · ".join(x for x in (s["kind"], ", ".join(s["products"])) if x),
        "where": where if where.strip() else "",
        "country": s["country"],
        "region": s.get("region") or "",
        "initiatives": ", ".join(s["initiatives"]),
        "companies": ", ".join(s["companies"]),
        "rated": bool(risk),
        "level": level if level is not None else "?",
        "risk_cls": f"r-{level}" if level is not None else "r-u",
        "risk_label": risk.get("label") or "unknown",
        "confidence": risk.get("confidence"),
        "risk_sort": -1 if level is None else level,
        "findings": fmt(rem["findings_above_zero"]),
        "verified": fmt(rem["verified_remediated"]),
        "progress": fmt(progress) if progress is not None else None,
        "progress_sort": -1 if progress is None else progress,
        "spark": _spark(rem["history"]),
    }


def _tr(text: str, *args: Any) -> Markup:
    """A fixed text of the page in the report language, its values escaped."""
    return Markup(fill(str(escape(report_language.label(text))), *(escape(a) for a in args)))


def _tr_block(key: str, *args: Any) -> Markup:
    """A paragraph with markup (written by us), its values escaped."""
    return Markup(fill(report_language.block(key), *(escape(a) for a in args)))


def _localised_terms(site: dict[str, Any], level: Any) -> dict[str, Any]:
    if isinstance(level, int) and report_language.current() != "en":
        site["risk_label"] = terms.site_level_name(level, report_language.current())
    return site


def render_html(doc: Mapping[str, Any], ca: Mapping[str, str] | None = None) -> str:
    """The page; ``ca`` (file, subject, fingerprint) adds how to check signed scorecards."""
    numbers = doc["methodology"]
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src '{script_hash()}'; base-uri 'none'; form-action 'none'"
    )
    template = _environment().get_template("index.html.j2")
    language = report_language.current()
    return template.render(
        tr=_tr,
        tr_block=_tr_block,
        lang=language.replace("_", "-"),
        direction="rtl" if report_language.is_rtl(language) else "ltr",
        csp=Markup(csp),
        css=Markup(_asset("register.css")),
        script=Markup(_asset("register.js")),
        format_version=doc["format_version"],
        publisher=doc["publisher"],
        export_date=doc["export_date"],
        rubric_version=doc.get("rubric_version"),
        counts=doc["counts"],
        files=DATA_FILES,
        dimensions=[(key, terms.dimension_name(key, language)) for key, _ in DIMENSIONS],
        grades=grades_text(numbers),
        tiers=tiers_text(numbers),
        coverage_threshold=fmt(numbers["coverage_threshold"]),
        window_days=numbers["response_window_days"],
        risk_levels=risk_levels_text(numbers),
        initiatives=[_initiative(i) for i in doc["initiatives"]],
        companies=[_company(c) for c in doc["companies"]],
        sites=[
            _localised_terms(_site(s), (s.get("risk") or {}).get("level")) for s in doc["sites"]
        ],
        ca=ca,
    )
