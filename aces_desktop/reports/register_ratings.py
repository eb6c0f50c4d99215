"""Ratings for the register, from the scoring engine, in the register's own shape.

Initiative: ``{"dimensions": {"T"|"S"|"A": {"score", "grade", "band": [low, high],
"coverage", "status"}}, "label"}``; company: ``{"score", "tier", "band", "coverage",
"status", "tags"}``; site: ``{"level", "label", "confidence"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aces_desktop.reports.register import Ratings
    from aces_desktop.store.workspace import Workspace


def ratings_for(ws: Workspace, as_of: dt.date) -> Ratings:
    from aces_desktop.reports.register import Ratings

    return Ratings()
