"""The public transparency register: a static folder of HTML, CSV and JSON files.

``export_register(ws, out_dir, export_date=...)`` turns a coordinator workspace into::

    DIR/index.html            the register, readable without JavaScript, searchable and
                              sortable with it (inline script and styles, no network)
    DIR/register.json         the same data, valid against register-schema.json
    DIR/register-schema.json  the published JSON Schema (also docs/register-schema.json)
    DIR/initiatives.csv, companies.csv, sites.csv, site-remediation.csv
    DIR/manifest.json         name, size and SHA-256 of every file above
    DIR/SHA256SUMS            the same hashes in ``sha256sum -c`` format
    DIR/SHA256SUMS.sig, signer.pem, signer.json   with ``sign=True`` (Ed25519)
    DIR/organisation-ca.pem   the CA of the organisation's signed scorecards (coordinators)

What is published passes the redaction layer on the ``register`` path: withheld sites are
absent, sites published without address lose address, coordinates and Open Supply Hub id,
worker notes and person names never appear (the register carries no free text from field
work at all: only names of organisations and sites, ratings and counts).

Reproducible: the files are a function of the workspace state and the export date (the
only date written, in ``register.json`` and on the page); rows are sorted, JSON keys in a
fixed order, no timestamps or random ids. The folder is built in a temporary folder beside
the target and renamed into place, so a crash leaves the old register or the new one.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, or_, select

from aces_desktop.core import messages as msg
from aces_desktop.core.atomic import fsync_dir
from aces_desktop.core.errors import AcesError
from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.core.redaction import redact, redact_row
from aces_desktop.core.resources import resource_path
from aces_desktop.core.rubric import Rubric
from aces_desktop.core.scoring import remediation
from aces_desktop.core.scoring.remediation import FindingStatus
from aces_desktop.reports.register_ratings import Ratings, ratings_for
from aces_desktop.reports.spreadsheets import Column, ExportTable, csv_bytes
from aces_desktop.store import models as m
from aces_desktop.store.publication import ready_subjects
from aces_desktop.store.records import row_content, table_for
from aces_desktop.store.workspace import Workspace

if TYPE_CHECKING:
    from cryptography import x509

FORMAT = "aces-register"
FORMAT_VERSION = 1
SCHEMA_FILE = "register-schema.json"
DATA_FILES = (
    "index.html",
    "register.json",
    SCHEMA_FILE,
    "initiatives.csv",
    "companies.csv",
    "sites.csv",
    "site-remediation.csv",
)
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.sig"
SIGNER_PEM = "signer.pem"
CA_FILE = "organisation-ca.pem"  # the CA of signed scorecards (coordinator workspaces)
SIGNER_JSON = "signer.json"
FILE_MODE = 0o644  # a public register: readable by the web server
HISTORY_QUARTERS = 12


def schema_path() -> Path:
    return resource_path("register", SCHEMA_FILE)


def load_schema() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(schema_path().read_text(encoding="utf-8"))
    return data


# --- gathering ---------------------------------------------------------------------------


def _rows(s: Any, type_name: str) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for row in s.execute(select(table_for(type_name))).mappings():
        out.append((str(row["id"]), row_content(type_name, row)))
    return out


def _names(content: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"text": n["text"], "lang": n.get("lang") or ""} for n in content["other_names"]]


def _sort_key(item: Mapping[str, Any]) -> tuple[str, str]:
    return (str(item["name"]).casefold(), str(item["id"]))


def _quarter_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """Quarter ends after ``first`` and before ``last``, at most HISTORY_QUARTERS of them."""
    ends: list[dt.date] = []
    year, quarter = first.year, (first.month - 1) // 3 + 1
    while True:
        month = quarter * 3
        end = dt.date(year + (month == 12), (month % 12) + 1, 1) - dt.timedelta(days=1)
        if end >= last:
            break
        ends.append(end)
        quarter += 1
        if quarter == 5:
            year, quarter = year + 1, 1
    return ends[-HISTORY_QUARTERS:]


def _percent(value: float | None) -> float | None:
    return None if value is None else round(100.0 * value, 1)


def _remediation(
    findings: list[FindingStatus], checked: int, export_date: dt.date
) -> dict[str, Any]:
    """Remediation figures of a site (computed by ``core.scoring.remediation``, shown in per
    cent); ``checked``: how many findings, of any grade, were known on the export date."""
    by_status = remediation.counts(findings, export_date)
    history: list[dict[str, Any]] = []
    dates = [f.observed_on for f in remediation.known_on(findings, export_date) if f.observed_on]
    if dates:
        for end in _quarter_ends(min(dates), export_date):
            value = _percent(remediation.progress(findings, end))
            if value is not None:
                history.append({"date": end.isoformat(), "progress": value})
    current = _percent(remediation.progress(findings, export_date))
    if current is not None:
        history.append({"date": export_date.isoformat(), "progress": current})
    return {
        "findings_checked": checked,
        "findings_above_zero": sum(by_status.values()),
        **{status: by_status[status] for status in remediation.STATUSES},
        "progress": current,
        "history": history,
    }


def no_responses(window_days: int) -> dict[str, int]:
    """The response record of a company that was never sent a request."""
    return {
        "requests_sent": 0,
        "due": 0,
        "answered": 0,
        "answered_in_time": 0,
        "commitments_made": 0,
        "commitments_checked": 0,
        "commitments_met": 0,
        "window_days": window_days,
    }


def _last_request(items: list[dict[str, Any]], as_of: dt.date) -> str | None:
    return max(
        (r["request_sent_on"] for r in items if r["request_sent_on"] <= as_of.isoformat()),
        default=None,
    )


def load_ratings(ws: Workspace, as_of: dt.date, rubric: Rubric | None = None) -> Ratings:
    """Ratings computed as of the export date (so the same state and date give the same
    register). Filled in from the scoring engine by ``reports.register_ratings``."""
    return ratings_for(ws, as_of, rubric)


def gather(
    ws: Workspace,
    export_date: dt.date,
    progress: Progress | None = None,
    *,
    publisher: str | None = None,
    rubric: Rubric | None = None,
) -> dict[str, Any]:
    """The register document (the content of ``register.json``); ``rubric``: the scoring
    rubric (default: the shipped one)."""
    progress = progress or NullProgress()
    progress.start(msg.PROGRESS_REGISTER(), 4)
    ratings = load_ratings(ws, export_date, rubric)
    progress.advance()
    with ws.session() as s:
        initiatives = _rows(s, "initiative")
        companies = _rows(s, "company")
        sites = _rows(s, "site")
        memberships = _rows(s, "membership")
        coverages = _rows(s, "coverage")
        links = _rows(s, "company_site")
        responses = _rows(s, "company_response")
        ready = ready_subjects(s)
        amended = (
            select(m.Finding.amends_id).where(m.Finding.amends_id.is_not(None)).scalar_subquery()
        )
        # Only findings above 0 are loaded one by one (a small share of all findings); the
        # checked findings are counted in SQL.
        findings_by_site: dict[str, list[FindingStatus]] = defaultdict(list)
        query = select(
            m.Finding.site_id,
            m.Finding.grade,
            m.Finding.remediation_status,
            m.Finding.observed_on,
            m.Finding.verified_on,
        ).where(m.Finding.grade > 0, m.Finding.id.not_in(amended))
        for site_id, _grade, status, observed, verified in s.execute(query):
            findings_by_site[str(site_id)].append(FindingStatus(status, observed, verified))
        checked_by_site = {
            str(site_id): int(n)
            for site_id, n in s.execute(
                select(m.Finding.site_id, func.count())
                .where(
                    m.Finding.grade.is_not(None),
                    m.Finding.id.not_in(amended),
                    or_(m.Finding.observed_on.is_(None), m.Finding.observed_on <= export_date),
                )
                .group_by(m.Finding.site_id)
            )
        }
    progress.advance()

    published_sites: dict[str, dict[str, Any]] = {}
    for sid, content in sites:
        out = redact("site", content, "register")
        if out is not None:
            published_sites[sid] = out
    # Initiatives and companies appear (and are named anywhere) only once a coordinator has
    # marked their assessment ready to publish (ops.publication).
    init_names = {
        iid: c["name"]
        for iid, c in initiatives
        if iid in ready and redact("initiative", c, "register")
    }
    comp_names = {
        cid: c["name"] for cid, c in companies if cid in ready and redact("company", c, "register")
    }

    today = export_date.isoformat()
    site_ids = {sid for sid, _ in sites}
    company_ids = {cid for cid, _ in companies}

    def current(start: str | None, end: str | None) -> bool:
        return (start is None or start <= today) and (end is None or end >= today)

    members: dict[str, list[str]] = defaultdict(list)
    member_of: dict[str, list[str]] = defaultdict(list)
    for _, c in memberships:
        if (
            c["status"] in ("member", "suspended")
            and c["company_id"] in company_ids
            and current(c["since"], c["until"])
        ):
            members[c["initiative_id"]].append(c["company_id"])
            if c["initiative_id"] in init_names:
                member_of[c["company_id"]].append(init_names[c["initiative_id"]])
    covered: dict[str, list[dict[str, Any]]] = defaultdict(list)
    covering: dict[str, set[str]] = defaultdict(set)
    for _, c in coverages:
        if c["site_id"] not in site_ids or not current(c["since"], c["until"]):
            continue
        covered[c["initiative_id"]].append(c)
        if c["initiative_id"] in init_names:
            covering[c["site_id"]].add(init_names[c["initiative_id"]])
    site_companies: dict[str, set[str]] = defaultdict(set)
    company_sites: dict[str, set[str]] = defaultdict(set)
    for _, c in links:
        if not current(c["period_start"], c["period_end"]):
            continue
        if c["site_id"] in published_sites and c["company_id"] in comp_names:
            site_companies[c["site_id"]].add(comp_names[c["company_id"]])
        company_sites[c["company_id"]].add(c["site_id"])
    responses_by: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for _, c in responses:
        responses_by[c["company_id"]].append(c)

    init_out = []
    for iid, c in initiatives:
        if iid not in init_names:
            continue
        cov = covered.get(iid, [])
        init_out.append(
            {
                "id": iid,
                "name": c["name"],
                "other_names": _names(c),
                "acronym": c["acronym"],
                "sector": c["sector"],
                "countries": list(c["countries"]),
                "website": c["website"],
                "member_companies": len(set(members.get(iid, []))),
                "sites_covered": len({x["site_id"] for x in cov}),
                "published_sites_covered": len(
                    {x["site_id"] for x in cov if x["site_id"] in published_sites}
                ),
                "workers_covered": sum(x["workers_covered"] or 0 for x in cov),
                "rating": ratings.initiatives.get(iid),
            }
        )
    comp_out = []
    for cid, c in companies:
        if cid not in comp_names:
            continue
        comp_out.append(
            {
                "id": cid,
                "name": c["name"],
                "other_names": _names(c),
                "kind": c["kind"],
                "country": c["country"],
                "website": c["website"],
                "initiatives": sorted(set(member_of.get(cid, [])), key=str.casefold),
                "published_sites": sorted(
                    (
                        published_sites[x]["name"]
                        for x in company_sites.get(cid, set())
                        if x in published_sites
                    ),
                    key=str.casefold,
                ),
                "rating": ratings.companies.get(cid),
                "responses": {
                    **ratings.responses.get(
                        cid, no_responses(ratings.methodology["response_window_days"])
                    ),
                    "last_request_on": _last_request(responses_by.get(cid, []), export_date),
                },
            }
        )
    progress.advance()
    site_out = []
    for sid, c in published_sites.items():
        site_out.append(
            {
                "id": sid,
                "name": c["name"],
                "other_names": _names(c),
                "aliases": list(c["aliases"]),
                "kind": c["kind"],
                "country": c["country"],
                "region": c["region"],
                "disclosure": c["disclosure"],
                "address": c["address"],
                "latitude": c["latitude"],
                "longitude": c["longitude"],
                "os_hub_id": c["os_hub_id"],
                "products": list(c["products"]),
                "workforce_size": c["workforce_size"],
                "initiatives": sorted(covering.get(sid, set()), key=str.casefold),
                "companies": sorted(site_companies.get(sid, set()), key=str.casefold),
                "risk": ratings.sites.get(sid),
                "remediation": _remediation(
                    findings_by_site.get(sid, []), checked_by_site.get(sid, 0), export_date
                ),
            }
        )
    site_out.sort(key=lambda x: (x["country"], *_sort_key(x)))
    init_out.sort(key=_sort_key)
    comp_out.sort(key=_sort_key)
    progress.advance()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "export_date": export_date.isoformat(),
        "publisher": publisher or ws.name,
        "rubric_version": ratings.rubric_version,
        "methodology": ratings.methodology,
        "counts": {
            "initiatives": len(init_out),
            "companies": len(comp_out),
            "sites": len(site_out),
            "sites_withheld": len(sites) - len(site_out),
        },
        "initiatives": init_out,
        "companies": comp_out,
        "sites": site_out,
    }


# --- CSV ---------------------------------------------------------------------------------


def _join(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values)


def _dimension(rating: Mapping[str, Any] | None, dim: str, key: str) -> Any:
    if not rating:
        return None
    d = rating.get("dimensions", {}).get(dim)
    if not d:
        return None
    if key in ("band_low", "band_high"):
        band = d.get("band") or [None, None]
        return band[0] if key == "band_low" else band[1]
    return d.get(key)


def _get(rating: Mapping[str, Any] | None, key: str) -> Any:
    if not rating:
        return None
    if key in ("band_low", "band_high"):
        band = rating.get("band") or [None, None]
        return band[0] if key == "band_low" else band[1]
    value = rating.get(key)
    return _join(value) if isinstance(value, list) else value


def csv_tables(doc: Mapping[str, Any]) -> dict[str, ExportTable]:
    """The CSV files of the register as tables (derived rows, redacted when written)."""
    init_cols = [
        Column("id", "id"),
        Column("name", "name"),
        Column("acronym", "acronym"),
        Column("sector", "sector"),
        Column("countries", "countries"),
        Column("website", "website"),
        Column("member_companies", "member_companies", "int"),
        Column("sites_covered", "sites_covered", "int"),
        Column("workers_covered", "workers_covered", "int"),
    ]
    for dim in ("T", "S", "A"):
        for key in ("score", "grade", "band_low", "band_high", "coverage", "status"):
            init_cols.append(Column(f"{dim}_{key}", f"{dim}_{key}"))
    init_cols.append(Column("label", "label"))
    init_rows = []
    for i in doc["initiatives"]:
        row: dict[str, Any] = {c.key: i.get(c.key) for c in init_cols[:9]}
        row["countries"] = _join(i["countries"])
        for dim in ("T", "S", "A"):
            for key in ("score", "grade", "band_low", "band_high", "coverage", "status"):
                row[f"{dim}_{key}"] = _dimension(i["rating"], dim, key)
        row["label"] = _get(i["rating"], "label")
        init_rows.append(row)

    comp_keys = ["id", "name", "kind", "country", "website", "initiatives"]
    rating_keys = ["tier", "score", "band_low", "band_high", "coverage", "status", "tags"]
    response_keys = [
        "requests_sent",
        "answered",
        "due",
        "answered_in_time",
        "commitments_made",
        "commitments_checked",
        "commitments_met",
        "window_days",
        "last_request_on",
    ]
    comp_cols = [Column(k, k) for k in comp_keys + rating_keys + response_keys]
    comp_rows = []
    for c in doc["companies"]:
        row = {k: c.get(k) for k in comp_keys}
        row["initiatives"] = _join(c["initiatives"])
        row.update({k: _get(c["rating"], k) for k in rating_keys})
        row.update({k: c["responses"][k] for k in response_keys})
        comp_rows.append(row)

    site_keys = [
        "id",
        "name",
        "kind",
        "country",
        "region",
        "disclosure",
        "address",
        "latitude",
        "longitude",
        "os_hub_id",
        "products",
        "workforce_size",
        "initiatives",
        "companies",
    ]
    risk_keys = ["risk_level", "risk_label", "risk_confidence"]
    rem_keys = [
        "findings_above_zero",
        "open",
        "in_remediation",
        "remediated",
        "verified_remediated",
        "progress",
    ]
    site_cols = [Column(k, k) for k in site_keys + risk_keys + rem_keys]
    site_rows = []
    hist_rows = []
    for s in doc["sites"]:
        row = {k: s.get(k) for k in site_keys}
        for k in ("products", "initiatives", "companies"):
            row[k] = _join(s[k])
        risk = s["risk"] or {}
        row["risk_level"] = risk.get("level")
        row["risk_label"] = risk.get("label")
        row["risk_confidence"] = risk.get("confidence")
        row.update({k: s["remediation"][k] for k in rem_keys})
        site_rows.append(row)
        for point in s["remediation"]["history"]:
            hist_rows.append({"site_id": s["id"], **point})
    hist_cols = [
        Column("site_id", "site_id"),
        Column("date", "date"),
        Column("progress", "progress"),
    ]
    return {
        "initiatives.csv": ExportTable("initiatives", init_cols, init_rows),
        "companies.csv": ExportTable("companies", comp_cols, comp_rows),
        "sites.csv": ExportTable("sites", site_cols, site_rows),
        "site-remediation.csv": ExportTable("site-remediation", hist_cols, hist_rows),
    }


# --- writing -----------------------------------------------------------------------------


def json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def organisation_ca(ws: Workspace) -> x509.Certificate | None:
    """The organisation CA that signs this workspace's scorecards, if it has one."""
    from aces_desktop.reports import pki

    if ws.role != "coordinator" or not pki.has_ca(ws):
        return None
    return pki.ca_certificate(ws)


def render_files(doc: Mapping[str, Any], ca: x509.Certificate | None = None) -> dict[str, bytes]:
    """Every data file of the register, by name; with ``ca``, the organisation CA
    certificate (PEM) that readers trust to check signed scorecards, shown on the page."""
    from aces_desktop.reports.register_html import render_html

    for section in ("initiatives", "companies", "sites"):
        for item in doc[section]:
            # Last line of defence: the whole item as derived data on the register path.
            if redact_row(None, item, "register") != item:
                raise AcesError(msg.REGISTER_REFUSED_ITEM_CARRIES_SENSITIVE())
    ca_info = None
    if ca is not None:
        from aces_desktop.reports import pki

        fp = pki.fingerprint(ca).upper()
        ca_info = {
            "file": CA_FILE,
            "subject": ca.subject.rfc4514_string(),
            "fingerprint": ":".join(fp[i : i + 2] for i in range(0, len(fp), 2)),
        }
    files: dict[str, bytes] = {
        "index.html": render_html(doc, ca_info).encode("utf-8"),
        "register.json": json_bytes(doc),
        SCHEMA_FILE: schema_path().read_bytes(),
    }
    for name, table in csv_tables(doc).items():
        files[name] = csv_bytes(table)
    if ca is not None:
        from aces_desktop.reports import pki

        files[CA_FILE] = pki.cert_pem(ca).encode("ascii")
    return files


def manifest_for(files: Mapping[str, bytes]) -> tuple[bytes, bytes]:
    """(manifest.json, SHA256SUMS) for the given files."""
    entries = [
        {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in sorted(files.items())
    ]
    manifest = {"format": FORMAT + "-manifest", "format_version": 1, "files": entries}
    sums = "".join(f"{e['sha256']}  {e['path']}\n" for e in entries)
    return json_bytes(manifest), sums.encode("ascii")


def sign_files(ws: Workspace, sums: bytes) -> dict[str, bytes]:
    """Sign SHA256SUMS with the workspace's device Ed25519 key (deterministic signatures:
    the same sums give the same signature)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from aces_desktop.store.secrets import SECRET_DEVICE_SIGNING, get_secret

    with ws.session() as s:
        raw = get_secret(s, SECRET_DEVICE_SIGNING)
    key = Ed25519PrivateKey.from_private_bytes(raw[:32])
    public = key.public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    public_raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    signer = {
        "algorithm": "Ed25519",
        "signed_file": SUMS,
        "public_key": base64.b64encode(public_raw).decode("ascii"),
        "public_key_sha256": hashlib.sha256(public_raw).hexdigest(),
        "device_fingerprint": ws.self_device().fingerprint,
    }
    return {SIGNATURE: key.sign(sums), SIGNER_PEM: pem, SIGNER_JSON: json_bytes(signer)}


@dataclass
class RegisterResult:
    out_dir: Path
    files: dict[str, str]  # name -> sha256
    counts: dict[str, int]
    signed: bool
    # initiatives and companies left out because no coordinator marked them ready
    not_ready: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "out": str(self.out_dir),
            "files": self.files,
            "counts": self.counts,
            "signed": self.signed,
            "not_ready": self.not_ready,
        }


def not_ready_counts(ws: Workspace) -> dict[str, int]:
    """How many initiatives and companies are not marked ready to publish."""
    with ws.session() as s:
        ready = ready_subjects(s)
        return {
            "initiatives": sum(1 for iid, _ in _rows(s, "initiative") if iid not in ready),
            "companies": sum(1 for cid, _ in _rows(s, "company") if cid not in ready),
        }


def _check_target(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise AcesError(msg.EXISTS_NOT_FOLDER_CHOOSE_ANOTHER(out_dir))
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file():
        raise AcesError(msg.FOLDER_NOT_EMPTY_HOLDS_NO(out_dir, MANIFEST))


def export_register(
    ws: Workspace,
    out_dir: Path,
    *,
    export_date: dt.date,
    sign: bool = False,
    progress: Progress | None = None,
    publisher: str | None = None,
    rubric: Rubric | None = None,
) -> RegisterResult:
    """Write the register to ``out_dir`` (created or replaced as a whole)."""
    out_dir = Path(out_dir).absolute()
    _check_target(out_dir)
    progress = progress or NullProgress()
    doc = gather(ws, export_date, progress, publisher=publisher, rubric=rubric)
    files = render_files(doc, organisation_ca(ws))
    manifest, sums = manifest_for(files)
    files[MANIFEST] = manifest
    files[SUMS] = sums
    if sign:
        files.update(sign_files(ws, sums))
    parent = out_dir.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".part", dir=parent))
    old: Path | None = None
    try:
        for name, data in sorted(files.items()):
            path = tmp / name
            with open(path, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(path, FILE_MODE)
        os.chmod(tmp, 0o755)
        fsync_dir(tmp)
        if out_dir.exists():
            old = parent / f".{out_dir.name}.{os.getpid()}.old"
            if old.exists():
                shutil.rmtree(old)
            os.replace(out_dir, old)
        os.replace(tmp, out_dir)
        fsync_dir(parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None and old.exists() and not out_dir.exists():
            os.replace(old, out_dir)
        raise
    if old is not None:
        with contextlib.suppress(OSError):
            shutil.rmtree(old)
    return RegisterResult(
        out_dir,
        {name: hashlib.sha256(data).hexdigest() for name, data in sorted(files.items())},
        dict(doc["counts"]),
        sign,
        not_ready_counts(ws),
    )


def verify_register(out_dir: Path) -> list[str]:
    """Problems found when checking a register folder against its SHA256SUMS and, when
    present, its signature; an empty list means everything holds."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    problems: list[str] = []
    sums_path = out_dir / SUMS
    if not sums_path.is_file():
        return [f"{SUMS} is missing"]
    sums = sums_path.read_bytes()
    listed: set[str] = set()
    for line in sums.decode("ascii", "replace").splitlines():
        digest, _, name = line.partition("  ")
        listed.add(name)
        path = out_dir / name
        if "/" in name or name.startswith(".") or not path.is_file():
            problems.append(f"{name}: missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            problems.append(f"{name}: contents changed")
    extra = (
        {p.name for p in out_dir.iterdir()}
        - listed
        - {
            SUMS,
            MANIFEST,
            SIGNATURE,
            SIGNER_PEM,
            SIGNER_JSON,
        }
    )
    problems += [f"{name}: not listed in {SUMS}" for name in sorted(extra)]
    if (out_dir / SIGNATURE).exists():
        try:
            key = load_pem_public_key((out_dir / SIGNER_PEM).read_bytes())
            if not isinstance(key, Ed25519PublicKey):
                problems.append(f"{SIGNER_PEM}: not an Ed25519 key")
            else:
                key.verify((out_dir / SIGNATURE).read_bytes(), sums)
        except InvalidSignature:
            problems.append(f"{SIGNATURE}: the signature does not match {SUMS}")
        except (OSError, ValueError):
            problems.append(f"{SIGNER_PEM}: missing or unreadable")
    return problems
