"""Dated score snapshots: save today's results, read a subject's history.

Snapshots are local derived data: they are not records, have no revisions and never leave
the workspace in a sync bundle. The same subject scored from the same inputs on the same day
is stored once (a unique key on subject, date and input hash).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert

from aces_desktop.core import messages as msg
from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.core.rubric import Rubric
from aces_desktop.core.scoring import Result
from aces_desktop.store.records import on_postgres, utc_now_iso
from aces_desktop.store.score_models import ScoreSnapshot
from aces_desktop.store.workspace import Workspace


@dataclass(frozen=True)
class Snapshot:
    subject_type: str
    subject_id: str
    subject_name: str
    as_of: str
    rubric_version: str
    input_hash: str
    status: str
    score: float | None
    band_low: float | None
    band_high: float | None
    coverage: float
    grade: str | None
    tier: str | None
    risk_level: int | None
    confidence: str
    remediation_progress: float | None
    tags: list[str]
    created_at: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _values(r: Result, now: str) -> dict[str, Any]:
    remediation = (r.site or {}).get("remediation") or {}
    grade = r.grade
    if r.kind == "initiative":
        grade = "/".join(f"{d.id}:{d.grade or '-'}" for d in r.dimensions)
    return {
        "subject_type": r.kind,
        "subject_id": r.subject_id,
        "subject_name": r.subject_name[:300],
        "as_of": r.as_of,
        "rubric_version": r.rubric_version,
        "input_hash": r.input_hash,
        "status": r.status,
        "score": r.score,
        "band_low": r.band.low if r.band else None,
        "band_high": r.band.high if r.band else None,
        "coverage": r.coverage,
        "grade": grade,
        "tier": r.tier,
        "risk_level": r.risk_level,
        "confidence": r.confidence,
        "remediation_progress": remediation.get("progress"),
        "tags": json.dumps(r.tag_ids),
        "result_json": json.dumps(r.to_json(), ensure_ascii=False, sort_keys=True),
        "created_at": now,
    }


def save_snapshot(ws: Workspace, results: Iterable[Result]) -> int:
    """Store the results as snapshots in one transaction; return how many were new."""
    now = utc_now_iso()
    rows = [_values(r, now) for r in results]
    if not rows:
        return 0
    with ws.writing() as s:
        before = s.scalar(select(func.count()).select_from(ScoreSnapshot)) or 0
        for start in range(0, len(rows), 500):
            make = pg_insert if on_postgres(s) else insert
            stmt = make(ScoreSnapshot).values(rows[start : start + 500])
            s.execute(stmt.on_conflict_do_nothing())
        after = s.scalar(select(func.count()).select_from(ScoreSnapshot)) or 0
    return int(after - before)


def _snapshot(row: ScoreSnapshot) -> Snapshot:
    return Snapshot(
        subject_type=row.subject_type,
        subject_id=row.subject_id,
        subject_name=row.subject_name,
        as_of=row.as_of,
        rubric_version=row.rubric_version,
        input_hash=row.input_hash,
        status=row.status,
        score=row.score,
        band_low=row.band_low,
        band_high=row.band_high,
        coverage=row.coverage,
        grade=row.grade,
        tier=row.tier,
        risk_level=row.risk_level,
        confidence=row.confidence,
        remediation_progress=row.remediation_progress,
        tags=list(json.loads(row.tags or "[]")),
        created_at=row.created_at,
    )


def history(ws: Workspace, subject_id: str) -> list[Snapshot]:
    """A subject's snapshots, oldest first."""
    with ws.session() as s:
        rows = s.scalars(
            select(ScoreSnapshot)
            .where(ScoreSnapshot.subject_id == subject_id)
            .order_by(ScoreSnapshot.as_of, ScoreSnapshot.id)
        ).all()
        return [_snapshot(r) for r in rows]


def all_history(ws: Workspace, subject_type: str | None = None) -> list[Snapshot]:
    """Every snapshot (of one kind), oldest first: for trend charts over all subjects."""
    with ws.session() as s:
        q = select(ScoreSnapshot).order_by(ScoreSnapshot.as_of, ScoreSnapshot.id)
        if subject_type:
            q = q.where(ScoreSnapshot.subject_type == subject_type)
        return [_snapshot(r) for r in s.scalars(q).all()]


def snapshot_result(ws: Workspace, subject_id: str, as_of: str) -> dict[str, Any] | None:
    """The full result JSON stored with the newest snapshot of a subject on a day."""
    with ws.session() as s:
        row = s.scalars(
            select(ScoreSnapshot)
            .where(ScoreSnapshot.subject_id == subject_id, ScoreSnapshot.as_of == as_of)
            .order_by(ScoreSnapshot.id.desc())
            .limit(1)
        ).first()
        return dict(json.loads(row.result_json)) if row else None


def quarter_ends(as_of: dt.date, quarters: int) -> list[dt.date]:
    """The last ``quarters`` quarter-end days strictly before ``as_of``, oldest first."""
    out: list[dt.date] = []
    year, month = as_of.year, ((as_of.month - 1) // 3) * 3 + 1  # first month of this quarter
    day = dt.date(year, month, 1) - dt.timedelta(days=1)
    while len(out) < quarters:
        out.append(day)
        day = dt.date(day.year, ((day.month - 1) // 3) * 3 + 1, 1) - dt.timedelta(days=1)
    return sorted(out)


def snapshot_days(ws: Workspace) -> set[str]:
    with ws.session() as s:
        return {str(d) for d in s.scalars(select(ScoreSnapshot.as_of).distinct())}


def backfill(
    ws: Workspace,
    as_of: dt.date,
    quarters: int,
    kind: str | None = None,
    progress: Progress | None = None,
    rubric: Rubric | None = None,
) -> int:
    """Score the workspace as it stood at each of the last ``quarters`` quarter ends that
    have no snapshot yet, and store those snapshots; return how many were new.

    Evidence and findings dated after a quarter end do not count for it, so the trend of a
    workspace filled today still shows how its ratings developed.
    """
    from aces_desktop.store.gather import score_workspace

    progress = progress or NullProgress()
    have = snapshot_days(ws)
    days = [d for d in quarter_ends(as_of, quarters) if d.isoformat() not in have]
    progress.start(msg.PROGRESS_PAST_QUARTERS(), len(days))
    saved = 0
    for day in days:
        saved += save_snapshot(ws, score_workspace(ws, kind=kind, as_of=day, rubric=rubric))
        progress.advance(1)
    return saved
