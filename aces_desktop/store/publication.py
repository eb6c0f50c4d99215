"""The current publication decision about each initiative and company (``publication``
records, written by a coordinator through ``ops.publication``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aces_desktop.store import models as m


@dataclass(frozen=True)
class Decision:
    id: str
    subject_type: str
    subject_id: str
    ready: bool
    note: str | None
    decided_at: str

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "subject_type": self.subject_type,
            "subject_id": self.subject_id,
            "ready": self.ready,
            "note": self.note,
            "decided_at": self.decided_at,
        }


def decisions(s: Session) -> dict[str, Decision]:
    """The current decision about each subject (the latest one; ties by record id)."""
    out: dict[str, Decision] = {}
    rows = s.execute(select(m.Publication).order_by(m.Publication.decided_at, m.Publication.id))
    for row in rows.scalars():
        out[row.subject_id] = Decision(
            row.id, row.subject_type, row.subject_id, bool(row.ready), row.note, row.decided_at
        )
    return out


def ready_subjects(s: Session) -> set[str]:
    """Ids of the initiatives and companies marked ready to publish."""
    return {sid for sid, d in decisions(s).items() if d.ready}
