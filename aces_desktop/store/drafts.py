"""Autosaved drafts of forms that have not been saved yet.

A draft is what a person typed into a form, kept so that a crash, a lock or a closed
window loses nothing. Drafts are not records: they have no revisions, never sync and never
leave the device. They live in the encrypted workspace database only, never in plain files.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, Text, delete, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from aces_desktop.store.models import Base
from aces_desktop.store.records import utc_now_iso


class DraftRow(Base):
    __tablename__ = "drafts"
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    content: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[str] = mapped_column(String(32))


@dataclass(frozen=True)
class Draft:
    record_type: str
    record_id: str | None
    content: dict[str, Any]
    saved_at: str


def draft_key(record_type: str, record_id: str | None) -> str:
    """One draft per record being edited, and one per record type for a new record."""
    return f"{record_type}:{record_id or 'new'}"


def save_draft(
    s: Session, record_type: str, record_id: str | None, content: dict[str, Any]
) -> None:
    key = draft_key(record_type, record_id)
    text = json.dumps(content, ensure_ascii=False, sort_keys=True)
    row = s.get(DraftRow, key)
    if row is None:
        s.add(
            DraftRow(
                key=key,
                record_type=record_type,
                record_id=record_id,
                content=text,
                saved_at=utc_now_iso(),
            )
        )
    else:
        row.content = text
        row.saved_at = utc_now_iso()


def load_draft(s: Session, record_type: str, record_id: str | None) -> Draft | None:
    row = s.get(DraftRow, draft_key(record_type, record_id))
    if row is None:
        return None
    try:
        content = json.loads(row.content)
    except ValueError:
        return None
    if not isinstance(content, dict):
        return None
    return Draft(row.record_type, row.record_id, content, row.saved_at)


def discard_draft(s: Session, record_type: str, record_id: str | None) -> None:
    s.execute(delete(DraftRow).where(DraftRow.key == draft_key(record_type, record_id)))


def list_drafts(s: Session) -> list[Draft]:
    rows = s.execute(select(DraftRow).order_by(DraftRow.saved_at.desc())).scalars()
    return [Draft(r.record_type, r.record_id, json.loads(r.content), r.saved_at) for r in rows]
