"""Helpers shared by the three ratings: dates, rounding, bands, confidence, hashing."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Any

from aces_desktop.core.canonical import content_hash
from aces_desktop.core.reference import reference
from aces_desktop.core.rubric import Rubric
from aces_desktop.core.scoring.results import Band, CriterionResult


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (clamped to the month's last day)."""
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def stale_cutoff(as_of: dt.date, rubric: Rubric) -> dt.date:
    """Evidence dated before this day is stale (older than ``stale_months``)."""
    return months_before(as_of, rubric.stale_months)


def round1(value: float) -> float:
    """Round half up to one decimal, the same on every machine."""
    return float(int(value * 10 + 0.5 + 1e-9)) / 10


def source_rank(source_type: str | None) -> int:
    if not source_type:
        return 0
    st = reference().source_types.get(source_type)
    return st.rank if st else 0


def score_band(
    criteria: Sequence[CriterionResult], rubric: Rubric
) -> tuple[float | None, Band, float, bool]:
    """(point score, band, coverage %, sufficient) over weighted criteria levels 0..max.

    Point score: weighted mean of the known levels, scaled to 0-100. Band: every unknown at 0
    (low) or at the maximum (high). Coverage: known weight / all weight.
    """
    top = rubric.max_level
    total = sum(c.weight for c in criteria)
    known = [c for c in criteria if c.level is not None]
    known_w = sum(c.weight for c in known)
    earned = sum(c.weight * (c.level or 0) for c in known)
    if total <= 0:
        return None, Band(0.0, 100.0), 0.0, False
    coverage = round1(100 * known_w / total)
    low = round1(100 * earned / (top * total))
    high = round1(100 * (earned + top * (total - known_w)) / (top * total))
    point = round1(100 * earned / (top * known_w)) if known_w > 0 else None
    sufficient = point is not None and 100 * known_w / total >= rubric.coverage_threshold - 1e-9
    return point, Band(low, high), coverage, sufficient


def rating_confidence(criteria: Sequence[CriterionResult], rubric: Rubric, sufficient: bool) -> str:
    """high / medium / low from the quality of the evidence behind the known levels."""
    known = [c for c in criteria if c.level is not None]
    if not sufficient or not known:
        return "low"
    weighted = sum(c.weight for c in known) > 0

    def weight(c: CriterionResult) -> float:
        return c.weight if weighted else 1.0

    known_w = sum(weight(c) for c in known)
    weak = sum(weight(c) for c in known if c.best_rank <= rubric.confidence_low_max_rank or c.stale)
    if weak / known_w > rubric.confidence_low_share:
        return "low"
    if all(c.best_rank >= rubric.confidence_high_min_rank and not c.stale for c in known):
        return "high"
    return "medium"


def input_hash(document: dict[str, Any]) -> str:
    return content_hash(document)
