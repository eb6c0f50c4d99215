"""What a scorecard shows, gathered from a scoring result and the workspace, redacted.

Every record that reaches a scorecard passes through the redaction layer on the ``pdf``
path (``core.redaction``): worker notes never appear, attachments appear (as SHA-256 only)
when their consent scope allows publication, person records never appear, and sensitive
fields are dropped. A site's address and coordinates appear only when its disclosure
setting is ``full``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError, RecordNotFound
from aces_desktop.core.redaction import redact, site_disclosure
from aces_desktop.core.schema import choice_label
from aces_desktop.core.scoring import remediation
from aces_desktop.core.scoring.remediation import FindingStatus
from aces_desktop.reports.signing import ScorecardData
from aces_desktop.store import models as m
from aces_desktop.store.workspace import Workspace

KINDS = ("initiative", "company", "site")
FINDINGS_PER_INDICATOR = 25
TREND_MONTHS = 12
REMEDIATION_ORDER = remediation.STATUSES
DISCLOSURE_TEXT = {
    "full": "public, with address",
    "no_address": "public, without address",
    "withhold": "CONFIDENTIAL: withheld from publication",
}


class ScorecardError(AcesError):
    pass


@dataclass
class EvidenceLine:
    """One piece of evidence as printed: what, when, from what kind of source, which files."""

    record_type: str
    id: str
    source_type: str | None = None
    date: str | None = None
    link: str | None = None
    document: str | None = None  # what the record is: "Policy", "Membership of …"
    description: str | None = None  # what it says: the evidence description, a narrative
    files: list[str] = field(default_factory=list)
    withheld_files: int = 0
    counted: bool = False
    earned_level: int | None = None
    stale: bool = False
    status: str | None = None  # findings: remediation status
    notes: list[str] = field(default_factory=list)

    def manifest(self) -> dict[str, Any]:
        return {
            "record_type": self.record_type,
            "id": self.id,
            "source_type": self.source_type,
            "date": self.date,
            "url": self.link,
            "files": [{"sha256": h} for h in self.files],
        }


@dataclass
class CriterionBlock:
    id: str
    name: str
    dimension: str | None
    weight: float
    level: int | None
    max_level: int
    level_text: str
    stale: bool
    notes: list[str]
    evidence: list[EvidenceLine]
    more_findings: int = 0
    withheld: int = 0


@dataclass
class Remediation:
    by_status: dict[str, int]
    above_zero: int
    verified: int
    progress: float | None
    trend: list[tuple[str, float | None]]  # (month end, progress)


@dataclass
class Scorecard:
    kind: str
    subject_id: str
    subject_name: str
    other_names: list[str]
    facts: list[tuple[str, str]]
    result: dict[str, Any]  # the scoring result as published (redacted)
    criteria: list[CriterionBlock]
    remediation: Remediation | None
    history: list[dict[str, Any]]
    workspace: str
    generated_at: str
    previous: dict[str, Any] | None = None  # the last snapshot's result before this one

    def evidence_manifest(self) -> list[dict[str, Any]]:
        seen: dict[str, dict[str, Any]] = {}
        for c in self.criteria:
            for e in c.evidence:
                seen.setdefault(e.id, e.manifest())
        return [seen[k] for k in sorted(seen)]

    def data(self) -> ScorecardData:
        return ScorecardData(
            kind=self.kind,
            subject_id=self.subject_id,
            scorecard={
                "subject_name": self.subject_name,
                "other_names": self.other_names,
                "facts": [list(f) for f in self.facts],
                "result": self.result,
                "remediation": None
                if self.remediation is None
                else {
                    "by_status": self.remediation.by_status,
                    "above_zero": self.remediation.above_zero,
                    "verified": self.remediation.verified,
                    "progress": self.remediation.progress,
                    "trend": [list(t) for t in self.remediation.trend],
                },
                "history": self.history,
            },
            evidence=self.evidence_manifest(),
            workspace=self.workspace,
            generated_at=self.generated_at,
        )


# --- reading records through the redaction layer -----------------------------------------


def _public(s: Session, ws: Workspace, record_id: str) -> tuple[str, dict[str, Any] | None]:
    """(type, content as it may appear in a PDF, or None when it may not)."""
    try:
        type_name, content = ws.records.get(s, record_id)
    except RecordNotFound:
        return "", None
    return type_name, redact(type_name, content, "pdf")


def _public_files(s: Session, owner_ids: list[str]) -> dict[str, tuple[list[str], int]]:
    """Per owner: (SHA-256 of attachments that may be published, number withheld)."""
    out: dict[str, tuple[list[str], int]] = {}
    if not owner_ids:
        return out
    shown: dict[str, set[str]] = defaultdict(set)
    withheld: Counter[str] = Counter()
    cols = [c.name for c in m.Attachment.__table__.columns]
    for chunk in range(0, len(owner_ids), 500):
        part = owner_ids[chunk : chunk + 500]
        for row in s.execute(
            select(m.Attachment.__table__).where(m.Attachment.owner_id.in_(part))
        ).mappings():
            content = {k: row[k] for k in cols}
            allowed = redact("attachment", content, "pdf")
            if allowed is None:
                withheld[row["owner_id"]] += 1
            else:
                shown[row["owner_id"]].add(str(allowed["sha256"]))
    for owner in owner_ids:
        out[owner] = (sorted(shown.get(owner, set())), withheld.get(owner, 0))
    return out


def _text(value: Any, limit: int = 400) -> str | None:
    if value is None or value == "":
        return None
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _names(content: dict[str, Any]) -> list[str]:
    return [n["text"] for n in content.get("other_names") or [] if n.get("text")]


def _choice(field_name: str, code: Any) -> str | None:
    return choice_label(field_name, str(code)) if code else None


def _subject_facts(kind: str, content: dict[str, Any]) -> list[tuple[str, str]]:
    facts: list[tuple[str, str]] = []

    def add(label: str, value: Any) -> None:
        if value in (None, "", []):
            return
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        facts.append((label, str(value)))

    if kind == "site":
        disclosure = site_disclosure(content)
        add("Country", content.get("country"))
        add("Region", content.get("region"))
        add("Type of site", _choice("kind", content.get("kind")))
        add("Products", content.get("products"))
        size = content.get("workforce_size")
        add("Workforce", f"{size:,}" if isinstance(size, int) else None)
        if disclosure == "full":  # location fields lead to the workers: only when public
            add("Open Supply Hub id", content.get("os_hub_id"))
            add("Address", content.get("address"))
        add("Disclosure", DISCLOSURE_TEXT[disclosure])
    elif kind == "company":
        add("Type", _choice("kind", content.get("kind")))
        add("Country", content.get("country"))
        add("Website", content.get("website"))
    else:
        add("Acronym", content.get("acronym"))
        add("Sector", content.get("sector"))
        add("Countries", content.get("countries"))
        add("Website", content.get("website"))
    return facts


def _line_for_evidence(
    ref: dict[str, Any], type_name: str, content: dict[str, Any], names: dict[str, str]
) -> EvidenceLine:
    line = EvidenceLine(
        record_type=ref.get("record_type") or type_name,
        id=str(ref["id"]),
        source_type=ref.get("source_type"),
        date=ref.get("date"),
        link=ref.get("url"),
        counted=bool(ref.get("counted")),
        earned_level=ref.get("earned_level"),
        stale=bool(ref.get("stale")),
        notes=[str(n) for n in ref.get("notes") or []],
    )
    if type_name == "evidence":
        line.source_type = line.source_type or content.get("source_type")
        line.date = line.date or content.get("evidence_date")
        line.link = line.link or content.get("url")
        kind = content.get("kind") or ref.get("kind")
        line.document = choice_label("kind", str(kind)) if kind else None
        line.description = _text(content.get("description"))
    elif type_name == "membership":
        initiative = names.get(str(content.get("initiative_id")), "an initiative")
        since = content.get("since")
        line.date = line.date or since
        status = choice_label("status", str(content.get("status"))).lower()
        line.document = f"Membership of {initiative} ({status})"
    elif type_name == "company_response":
        line.date = line.date or content.get("request_sent_on")
        answered = content.get("answered_on")
        line.document = _text(
            f"Request '{content.get('subject')}' sent {content.get('request_sent_on')}; "
            + (f"answered {answered}" if answered else "not answered")
        )
        line.source_type = line.source_type or "document"
    elif type_name == "finding":
        line.source_type = line.source_type or content.get("source_type")
        line.date = line.date or content.get("observed_on")
        line.status = content.get("remediation_status")
        line.description = _text(content.get("narrative"), 300)
    return line


def _site_findings(
    s: Session, ws: Workspace, site_id: str, as_of: dt.date
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, int]]:
    """Live findings of a site by indicator (most severe, newest first), redacted."""
    by_indicator: dict[str, list[dict[str, Any]]] = defaultdict(list)
    totals: Counter[str] = Counter()
    cols = [c.name for c in m.Finding.__table__.columns]
    rows = s.execute(
        select(m.Finding.__table__)
        .where(m.Finding.site_id == site_id)
        .order_by(
            m.Finding.indicator,
            m.Finding.grade.desc().nulls_last(),
            m.Finding.observed_on.desc().nulls_last(),
            m.Finding.id,
        )
    ).mappings()
    for row in rows:
        observed = row["observed_on"]
        if observed is not None and observed > as_of:
            continue
        totals[row["indicator"]] += 1
        if len(by_indicator[row["indicator"]]) >= FINDINGS_PER_INDICATOR:
            continue
        content = {k: row[k] for k in cols}
        for k, v in content.items():
            if isinstance(v, dt.date):
                content[k] = v.isoformat()
        allowed = redact("finding", content, "pdf")
        if allowed is not None:
            allowed["id"] = row["id"]
            by_indicator[row["indicator"]].append(allowed)
    return by_indicator, dict(totals)


def _month_ends(as_of: dt.date, months: int) -> list[dt.date]:
    ends: list[dt.date] = []
    year, month = as_of.year, as_of.month
    for _ in range(months):
        first_next = dt.date(year + (month == 12), month % 12 + 1, 1)
        ends.append(min(first_next - dt.timedelta(days=1), as_of))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return sorted(ends)


def _remediation(s: Session, site_id: str, as_of: dt.date) -> Remediation:
    """The site's remediation figures (``core.scoring.remediation``) and their monthly trend."""
    findings = [
        FindingStatus(status, observed, verified)
        for status, observed, verified in s.execute(
            select(
                m.Finding.remediation_status,
                m.Finding.observed_on,
                m.Finding.verified_on,
            )
            .where(m.Finding.site_id == site_id)
            .where(m.Finding.grade > 0)
        )
    ]
    by_status = remediation.counts(findings, as_of)
    return Remediation(
        by_status=by_status,
        above_zero=sum(by_status.values()),
        verified=by_status["verified_remediated"],
        progress=remediation.progress(findings, as_of),
        trend=[
            (end.isoformat(), remediation.progress(findings, end))
            for end in _month_ends(as_of, TREND_MONTHS)
        ],
    )


def _history(ws: Workspace, subject_id: str) -> list[dict[str, Any]]:
    """Stored score snapshots of the subject (oldest first)."""
    from aces_desktop.store import snapshots

    try:
        found = snapshots.history(ws, subject_id)
    except Exception:  # a workspace without the snapshot table
        return []
    keep = ("as_of", "status", "score", "grade", "tier", "risk_level", "coverage")
    out = []
    for snap in found:
        data = snap.to_json()
        out.append({k: data.get(k) for k in keep if k in data})
    return sorted(out, key=lambda d: str(d.get("as_of")))


def _previous(ws: Workspace, subject_id: str, as_of: str) -> dict[str, Any] | None:
    """The newest stored snapshot result of the subject from before ``as_of`` (the last
    scorecard's rating, as far as the workspace recorded it), or None."""
    from aces_desktop.store import snapshots

    try:
        days = [s.as_of for s in snapshots.history(ws, subject_id) if s.as_of < as_of[:10]]
        return snapshots.snapshot_result(ws, subject_id, days[-1]) if days else None
    except Exception:  # a workspace without the snapshot table
        return None


def _redacted_result(result: dict[str, Any], lines: dict[str, EvidenceLine]) -> dict[str, Any]:
    """The scoring result with evidence reduced to what the scorecard may publish."""
    out = dict(result)
    criteria = []
    for c in result.get("criteria") or []:
        c2 = dict(c)
        refs = []
        for ref in c.get("evidence") or []:
            line = lines.get(str(ref.get("id")))
            if line is None:
                refs.append({"record_type": ref.get("record_type"), "withheld": True})
                continue
            r2 = dict(ref)
            r2["sha256"] = list(line.files)
            r2["related_ids"] = [i for i in ref.get("related_ids") or [] if i in lines]
            refs.append(r2)
        c2["evidence"] = refs
        c2["earned_by"] = [i for i in c.get("earned_by") or [] if i in lines]
        criteria.append(c2)
    out["criteria"] = criteria
    return out


def collect(ws: Workspace, result: dict[str, Any], generated_at: str | None = None) -> Scorecard:
    """The scorecard of one scoring result (``Result.to_json()``), read from ``ws``."""
    kind = str(result.get("kind"))
    if kind not in KINDS:
        raise ScorecardError(msg.UNKNOWN_KIND_SCORECARD(kind))
    subject_id = str(result["subject_id"])
    as_of = dt.date.fromisoformat(str(result.get("as_of"))[:10])
    generated_at = generated_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with ws.session() as s:
        type_name, subject = _public(s, ws, subject_id)
        if subject is None or type_name != kind:
            raise ScorecardError(msg.THERE_NO_ID_WORKSPACE(kind, subject_id))
        names = {
            str(r.id): str(r.name) for r in s.execute(select(m.Initiative.id, m.Initiative.name))
        }
        ref_ids = sorted(
            {
                str(e["id"])
                for c in result.get("criteria") or []
                for e in c.get("evidence") or []
                if e.get("id")
            }
        )
        findings: dict[str, list[dict[str, Any]]] = {}
        totals: dict[str, int] = {}
        if kind == "site":
            findings, totals = _site_findings(s, ws, subject_id, as_of)
        file_owners = ref_ids + [f["id"] for fs in findings.values() for f in fs]
        files = _public_files(s, sorted(set(file_owners)))
        lines: dict[str, EvidenceLine] = {}
        for rid in ref_ids:
            t, content = _public(s, ws, rid)
            if content is None:
                continue
            ref = next(
                e
                for c in result.get("criteria") or []
                for e in c.get("evidence") or []
                if str(e.get("id")) == rid
            )
            line = _line_for_evidence(ref, t, content, names)
            line.files, line.withheld_files = files.get(rid, ([], 0))
            lines[rid] = line
        criteria: list[CriterionBlock] = []
        for c in result.get("criteria") or []:
            evidence: list[EvidenceLine] = []
            withheld = 0
            counted_ids = set(c.get("earned_by") or [])
            for ref in c.get("evidence") or []:
                shown_line = lines.get(str(ref.get("id")))
                if shown_line is None:
                    withheld += 1
                else:
                    evidence.append(shown_line)
            more = 0
            if kind == "site":
                shown = {e.id for e in evidence}
                for f in findings.get(str(c["id"]), []):
                    if f["id"] in shown:
                        continue
                    extra = _line_for_evidence(
                        {"id": f["id"], "record_type": "finding", "earned_level": f.get("grade")},
                        "finding",
                        f,
                        names,
                    )
                    extra.counted = f["id"] in counted_ids
                    extra.files, extra.withheld_files = files.get(f["id"], ([], 0))
                    evidence.append(extra)
                more = max(0, totals.get(str(c["id"]), 0) - len(evidence) - withheld)
            criteria.append(
                CriterionBlock(
                    id=str(c["id"]),
                    name=str(c.get("name") or c["id"]),
                    dimension=c.get("dimension"),
                    weight=float(c.get("weight") or 0),
                    level=c.get("level"),
                    max_level=int(c.get("max_level") or 4),
                    level_text=str(c.get("level_text") or ""),
                    stale=bool(c.get("stale")),
                    notes=[str(n) for n in c.get("notes") or []],
                    evidence=evidence,
                    more_findings=more,
                    withheld=withheld,
                )
            )
        remediation = _remediation(s, subject_id, as_of) if kind == "site" else None
    facts = _subject_facts(kind, subject)
    return Scorecard(
        kind=kind,
        subject_id=subject_id,
        subject_name=str(subject.get("name") or result.get("subject_name") or subject_id),
        other_names=_names(subject),
        facts=facts,
        result=_redacted_result(result, lines),
        criteria=criteria,
        remediation=remediation,
        history=_history(ws, subject_id),
        previous=_previous(ws, subject_id, str(result.get("as_of"))),
        workspace=ws.name,
        generated_at=generated_at,
    )
