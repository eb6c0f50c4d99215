"""Acknowledgements of personal data found in worker notes, and the exit check that uses them.

When a worker note's narrative contains a detected name, phone number or ID number
(``core.pii``), the redaction layer holds it back from every exit path. The auditor looks at
the highlighted spans (GUI ``ui.pii_warning``, or ``aces pii`` on the command line) and either
edits the note or chooses "Share anyway", which records an acknowledgement here bound to
the exact text: editing the narrative afterwards voids it.

Acknowledgements live in the workspace's ``meta`` table (inside the encrypted database) under
``pii_ack:<record id>``; they are a decision of this device and do not travel in bundles, so
a coordinator decides again before anything is published.

Exporters (bundle, PDF, register, CSV/JSON/XLSX) call ``may_leave``/``redact`` here instead of
the ``core.redaction`` functions when they have a session: same policy, acknowledgement
looked up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aces_desktop.core import redaction
from aces_desktop.core.pii import PiiSpan
from aces_desktop.store import models as m

_PREFIX = "pii_ack:"


def _key(record_id: str) -> str:
    return f"{_PREFIX}{record_id}"


def acknowledge(s: Session, type_name: str, record_id: str, content: Mapping[str, Any]) -> None:
    """Record that the auditor chose to share this record's current text despite the warning."""
    value = redaction.pii_digest(type_name, content)
    row = s.get(m.Meta, _key(record_id))
    if row is None:
        s.add(m.Meta(key=_key(record_id), value=value))
    else:
        row.value = value


def revoke(s: Session, record_id: str) -> None:
    row = s.get(m.Meta, _key(record_id))
    if row is not None:
        s.delete(row)


def is_acknowledged(
    s: Session, type_name: str, record_id: str, content: Mapping[str, Any] | None
) -> bool:
    """Whether the current text of the record was acknowledged (nothing to acknowledge: True)."""
    if content is None or not redaction.needs_pii_ack(type_name, content):
        return True
    row = s.get(m.Meta, _key(record_id))
    return row is not None and row.value == redaction.pii_digest(type_name, content)


def may_leave(
    s: Session,
    type_name: str,
    record_id: str,
    content: Mapping[str, Any] | None,
    path: redaction.ExitPath,
) -> bool:
    """``core.redaction.may_leave`` with this workspace's acknowledgement looked up."""
    return redaction.may_leave(
        type_name,
        content,
        path,
        pii_acknowledged=is_acknowledged(s, type_name, record_id, content),
    )


def redact(
    s: Session,
    type_name: str,
    record_id: str,
    content: Mapping[str, Any],
    path: redaction.ExitPath,
) -> dict[str, Any] | None:
    return redaction.redact(
        type_name,
        content,
        path,
        pii_acknowledged=is_acknowledged(s, type_name, record_id, content),
    )


@dataclass(frozen=True)
class HeldNote:
    record_id: str
    consent_scope: str
    spans: dict[str, list[PiiSpan]]


def held_notes(s: Session) -> list[HeldNote]:
    """Worker notes meant to leave (scope beyond ``device``) that wait for an acknowledgement."""
    out: list[HeldNote] = []
    rows = s.execute(
        select(m.WorkerNote.id, m.WorkerNote.consent_scope, m.WorkerNote.narrative).where(
            m.WorkerNote.consent_scope != "device", m.WorkerNote.narrative.is_not(None)
        )
    )
    for record_id, scope, narrative in rows:
        content = {"narrative": narrative, "consent_scope": scope}
        spans = redaction.pii_spans("worker_note", content)
        if spans and not is_acknowledged(s, "worker_note", record_id, content):
            out.append(HeldNote(record_id, scope, spans))
    return out
