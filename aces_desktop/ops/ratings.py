"""Scoring the workspace for the Ratings page: results, saved snapshots, the trend."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.core.scoring import Result
from aces_desktop.core.scoring.remediation import mean_trend
from aces_desktop.store.gather import score_workspace
from aces_desktop.store.snapshots import (
    Snapshot,
    all_history,
    backfill,
    history,
    save_snapshot,
    snapshot_days,
)
from aces_desktop.store.workspace import Workspace, now_date


@dataclass
class ScoreRun:
    """What one scoring run brings back."""

    as_of: dt.date
    results: list[Result]
    trend: list[tuple[str, float]] = field(default_factory=list)  # (date, mean progress)
    saved: int = 0


def score(
    ws: Workspace,
    as_of: dt.date | None = None,
    *,
    save: bool = False,
    backfill_quarters: int = 0,
    progress: Progress | None = None,
) -> ScoreRun:
    """Score every subject; with ``save``, keep a snapshot of today's ratings, and in a
    workspace without history score the past ``backfill_quarters`` quarter ends once, so
    the trends show how the ratings developed (``progress`` counts those quarters)."""
    day = as_of or now_date()
    results = score_workspace(ws, as_of=day)
    saved = save_snapshot(ws, results) if save else 0
    if save and backfill_quarters:
        have = snapshot_days(ws)
        if not any(d < day.isoformat() for d in have):
            saved += backfill(ws, day, backfill_quarters, progress=progress or NullProgress())
    trend = mean_trend(
        (snap.as_of, snap.subject_id, snap.remediation_progress) for snap in all_history(ws, "site")
    )
    return ScoreRun(day, results, trend, saved)


def history_of(ws: Workspace, subject_id: str) -> list[Snapshot]:
    """A subject's dated snapshots, oldest first."""
    return history(ws, subject_id)
