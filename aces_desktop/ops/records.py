"""Editing one record: save, delete, seal, and the encrypted drafts of unsaved forms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from aces_desktop.ops import NOTHING, Changes, Outcome, change, query

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from aces_desktop.store import drafts
    from aces_desktop.store.record_choices import Choice
    from aces_desktop.store.workspace import Workspace
# The store's modules below (the ORM and the models) are imported when an operation first
# runs: a list page imports this module and shows its rows without them (``ui.app``).

# Sealing a visit seals what was recorded during it.
SEALED_WITH_VISIT = ("visit", "finding", "worker_note")


def load(ws: Workspace, record_id: str) -> tuple[str, dict[str, Any]]:
    """The type and current content of a record."""
    return query(ws, lambda s: ws.records.get(s, record_id))


def label(ws: Workspace, record_id: str) -> Choice | None:
    from aces_desktop.store.record_choices import choice_of

    return query(ws, lambda s: choice_of(s, record_id))


def save(
    ws: Workspace,
    type_name: str,
    values: Mapping[str, Any],
    record_id: str | None = None,
    *,
    wait: float | None = None,
) -> Outcome[str]:
    """A new revision of the record (a new record if ``record_id`` is None); its draft goes."""
    from aces_desktop.store import drafts

    def write(s: Session) -> str:
        saved = ws.records.put(s, type_name, dict(values), record_id)
        drafts.discard_draft(s, type_name, record_id)
        return saved

    return change(ws, write, lambda saved: Changes.of(type_name, saved), wait=wait)


def delete(
    ws: Workspace, type_name: str, record_id: str, *, wait: float | None = None
) -> Outcome[None]:
    from aces_desktop.store import drafts

    def write(s: Session) -> None:
        ws.records.delete(s, type_name, record_id)
        drafts.discard_draft(s, type_name, record_id)

    return change(ws, write, Changes.of(type_name, record_id), wait=wait)


def seal_visit(ws: Workspace, visit_id: str, *, wait: float | None = None) -> Outcome[int]:
    return change(
        ws,
        lambda s: ws.records.seal_visit(s, visit_id),
        Changes.of_types(SEALED_WITH_VISIT),
        wait=wait,
    )


def keep_draft(
    ws: Workspace,
    type_name: str,
    record_id: str | None,
    states: Mapping[str, Any] | None,
    *,
    wait: float | None = None,
) -> None:
    """Keep the unsaved contents of a form (``None``: there are none, forget the draft)."""
    from aces_desktop.store import drafts

    def write(s: Session) -> None:
        if states is None:
            drafts.discard_draft(s, type_name, record_id)
        else:
            drafts.save_draft(s, type_name, record_id, dict(states))

    change(ws, write, NOTHING, wait=wait)


def load_draft(ws: Workspace, type_name: str, record_id: str | None) -> drafts.Draft | None:
    from aces_desktop.store import drafts

    return query(ws, lambda s: drafts.load_draft(s, type_name, record_id))


def log_visit(
    ws: Workspace,
    visit: Mapping[str, Any],
    findings: list[dict[str, Any]],
    notes: list[dict[str, Any]],
    *,
    draft_type: str,
    wait: float | None = None,
) -> Outcome[str]:
    """A visit with its findings and worker notes, all or nothing; the logger's draft goes."""
    from aces_desktop.store import drafts

    def write(s: Session) -> str:
        visit_id = ws.records.put(s, "visit", dict(visit), record_label="visit")
        for finding in findings:
            finding["visit_id"] = visit_id
            ws.records.put(s, "finding", finding, record_label=f"finding {finding['indicator']}")
        for number, note in enumerate(notes, 1):
            note["visit_id"] = visit_id
            ws.records.put(s, "worker_note", note, record_label=f"note {number}")
        drafts.discard_draft(s, draft_type, None)
        return visit_id

    return change(ws, write, Changes.of_types(SEALED_WITH_VISIT), wait=wait)


def choices_of(ws: Workspace, types: tuple[str, ...], text: str, limit: int) -> list[Choice]:
    """Records of ``types`` whose label matches ``text``, for pickers."""
    from aces_desktop.store.record_choices import choices

    return query(ws, lambda s: choices(s, types, text, limit))
