"""Review before publication: a coordinator marks an initiative's or company's assessment
ready to publish (or not), and only subjects marked ready appear in the public register and
in batch scorecards.

A decision is a ``publication`` record (a revision like any other, so it syncs); a later
decision about the same subject replaces the earlier one. Field workspaces cannot make one,
and a bundle carrying one written by a field device is refused at merge
(``sync.verify``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError
from aces_desktop.core.schema import SUBJECT_TYPES
from aces_desktop.ops import Changes, Outcome, change, query
from aces_desktop.ops.assessment import subject_type
from aces_desktop.store import models as m
from aces_desktop.store.gather import score_workspace
from aces_desktop.store.publication import Decision, decisions, ready_subjects
from aces_desktop.store.workspace import Workspace

# Why a subject is not published.
NOT_MARKED = "not_marked"  # no coordinator decided yet
MARKED_NOT_READY = "marked_not_ready"  # a coordinator decided it is not ready
INSUFFICIENT = "insufficient_evidence"  # its rating rests on too little evidence


@dataclass(frozen=True)
class Readiness:
    """Whether one initiative or company may be published, and why not."""

    subject_type: str
    subject_id: str
    name: str
    ready: bool
    reasons: tuple[str, ...]  # NOT_MARKED, MARKED_NOT_READY, INSUFFICIENT
    decision: Decision | None

    def to_json(self) -> dict[str, Any]:
        return {
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "name": self.name,
            "ready": self.ready,
            "reasons": list(self.reasons),
            "decision": self.decision.to_json() if self.decision else None,
        }


def ready_ids(ws: Workspace) -> set[str]:
    """Ids of the initiatives and companies a coordinator marked ready to publish."""
    return query(ws, ready_subjects)


def decision_of(ws: Workspace, subject_id: str) -> Decision | None:
    return query(ws, decisions).get(subject_id.strip().lower())


def mark(
    ws: Workspace,
    subject_id: str,
    ready: bool,
    note: str | None = None,
    *,
    wait: float | None = None,
) -> Outcome[Decision]:
    """Record a coordinator's decision that ``subject_id`` is (not) ready to publish."""
    if ws.role != "coordinator":
        raise AcesError(msg.PUBLISH_COORDINATOR_ONLY())

    def write(s: Session) -> Decision:
        kind = subject_type(ws, s, subject_id)
        sid = subject_id.strip().lower()
        earlier = decisions(s).get(sid)
        values = {
            "subject_type": kind,
            "subject_id": sid,
            "ready": ready,
            "note": note or None,
            "decided_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        }
        record_id = ws.records.put(s, "publication", values, earlier.id if earlier else None)
        return decisions(s)[sid] if record_id else earlier  # type: ignore[return-value]

    return change(ws, write, lambda d: Changes.of("publication", d.id), wait=wait)


def readiness(ws: Workspace, ratings: Mapping[str, str] | None = None) -> list[Readiness]:
    """Every initiative and company with its publication state, by kind then name.

    ``ratings``: the rating status of each subject (``rated`` / ``insufficient_evidence``),
    to say when a subject's rating rests on too little evidence."""

    def read(s: Session) -> list[Readiness]:
        found = decisions(s)
        out: list[Readiness] = []
        for kind, model in (("initiative", m.Initiative), ("company", m.Company)):
            for sid, name in s.execute(select(model.id, model.name)):
                decision = found.get(sid)
                reasons: list[str] = []
                if decision is None:
                    reasons.append(NOT_MARKED)
                elif not decision.ready:
                    reasons.append(MARKED_NOT_READY)
                if ratings is not None and ratings.get(sid) == "insufficient_evidence":
                    reasons.append(INSUFFICIENT)
                ready = decision is not None and decision.ready
                out.append(Readiness(kind, sid, name, ready, tuple(reasons), decision))
        out.sort(key=lambda r: (r.subject_type != "initiative", r.name.casefold(), r.subject_id))
        return out

    return query(ws, read)


def published_only(
    results: Iterable[dict[str, Any]], ready: set[str]
) -> tuple[list[dict[str, Any]], int]:
    """Scoring results that may be published (sites, and subjects marked ready) and how many
    initiatives and companies were left out."""
    kept: list[dict[str, Any]] = []
    skipped = 0
    for r in results:
        if r.get("kind") in ("initiative", "company") and r.get("subject_id") not in ready:
            skipped += 1
        else:
            kept.append(r)
    return kept, skipped


def review(ws: Workspace) -> list[Readiness]:
    """Every initiative and company, ready to publish or why not, with its rating's status
    as of today (``aces publish list``, the register dialog)."""
    statuses = {
        r.subject_id: r.status for kind in SUBJECT_TYPES for r in score_workspace(ws, kind=kind)
    }
    return readiness(ws, statuses)
