"""Recording what an assessment rests on: evidence for a rating criterion, with its source
document, in one write (links between companies, sites and initiatives are plain records:
``ops.records.save``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core.assessment import evidence_problems
from aces_desktop.core.errors import AcesError, FieldProblem, RecordNotFound, ValidationError
from aces_desktop.core.rubric import Rubric
from aces_desktop.core.schema import SUBJECT_TYPES
from aces_desktop.core.scoring import Result
from aces_desktop.ops import Changes, Outcome, change
from aces_desktop.store.attachments import store_attachment
from aces_desktop.store.gather import score_workspace
from aces_desktop.store.workspace import Workspace


@dataclass(frozen=True)
class SourceDocument:
    """A file the evidence rests on (PDF, web page, picture), to be stored encrypted."""

    data: bytes
    name: str


@dataclass(frozen=True)
class Added:
    """A record just written, as stored, and the attachments written with it."""

    id: str
    type_name: str
    content: dict[str, Any]
    attachments: list[dict[str, Any]] = field(default_factory=list)


def subject_type(ws: Workspace, s: Session, subject_id: str) -> str:
    """The type of the subject of evidence (initiative or company), inferred from its id."""
    try:
        type_name, _content = ws.records.get(s, subject_id.strip().lower())
    except RecordNotFound:
        raise ValidationError(
            [FieldProblem("subject_id", msg.NO_INITIATIVE_COMPANY_ID(subject_id[:40]))]
        ) from None
    if type_name not in SUBJECT_TYPES:
        raise ValidationError(
            [
                FieldProblem(
                    "subject_id",
                    msg.EVIDENCE_RATES_INITIATIVES_COMPANIES(subject_id[:40], type_name),
                )
            ]
        )
    return type_name


def rating_of(
    ws: Workspace, kind: str, subject_id: str, as_of: dt.date | None = None
) -> Result | None:
    """The current rating of one initiative or company, explained (as the Ratings page and
    ``aces score`` compute it)."""
    for result in score_workspace(ws, kind=kind, as_of=as_of):
        if result.subject_id == subject_id:
            return result
    return None


def add_evidence(
    ws: Workspace,
    values: Mapping[str, Any],
    rubric: Rubric,
    document: SourceDocument | None = None,
    *,
    wait: float | None = None,
) -> Outcome[Added]:
    """Evidence for a criterion of the subject ``values["subject_id"]`` (its type is looked
    up), checked against ``rubric``; ``document`` is stored encrypted as an attachment of the
    evidence, in the same transaction."""

    def write(s: Session) -> Added:
        kind = subject_type(ws, s, str(values.get("subject_id") or ""))
        level = values.get("level")
        problems = evidence_problems(
            rubric,
            kind,
            str(values.get("criterion") or ""),
            level if isinstance(level, int) else None,
        )
        if problems:
            raise ValidationError(problems)
        evidence_id = ws.records.put(s, "evidence", {**values, "subject_type": kind})
        attachments = []
        if document is not None:
            try:
                attachment_id, _prepared, _sha = store_attachment(
                    ws, s, "evidence", evidence_id, document.data, document.name
                )
            except ValidationError:
                raise
            except AcesError as exc:  # a picture whose metadata cannot be removed
                raise ValidationError([FieldProblem("file", exc.message)]) from None
            attachments.append({"id": attachment_id, **ws.records.get(s, attachment_id)[1]})
        return Added(evidence_id, "evidence", ws.records.get(s, evidence_id)[1], attachments)

    def changed(added: Added) -> Changes:
        made = Changes.of("evidence", added.id)
        if added.attachments:
            made = made | Changes.of("attachment", *(a["id"] for a in added.attachments))
        return made

    return change(ws, write, changed, wait=wait)
