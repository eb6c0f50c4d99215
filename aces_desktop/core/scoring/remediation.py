"""Remediation progress of a site (docs/methodology.md, section 3), the one implementation that
the register, the scorecards and the ratings page format.

Progress on a day = findings above grade 0 whose remediation was verified by that day /
findings above grade 0 known on that day (observed by then, or undated). A finding marked
verified without a verification date counts as verified from the day it is known.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

STATUSES = ("open", "in_remediation", "remediated", "verified_remediated")


@dataclass(frozen=True)
class FindingStatus:
    """What remediation needs to know of one finding above grade 0."""

    status: str
    observed_on: dt.date | None = None
    verified_on: dt.date | None = None


def known_on(findings: Iterable[FindingStatus], day: dt.date) -> list[FindingStatus]:
    return [f for f in findings if f.observed_on is None or f.observed_on <= day]


def verified_by(finding: FindingStatus, day: dt.date) -> bool:
    return finding.status == "verified_remediated" and (
        finding.verified_on is None or finding.verified_on <= day
    )


def status_on(finding: FindingStatus, day: dt.date) -> str:
    """The status on ``day``: a verification dated later is still "remediated"."""
    if finding.status == "verified_remediated" and not verified_by(finding, day):
        return "remediated"
    return finding.status


def progress(findings: Sequence[FindingStatus], day: dt.date) -> float | None:
    """Remediation progress on ``day`` as a fraction (0–1); None without findings above 0."""
    known = known_on(findings, day)
    if not known:
        return None
    return sum(1 for f in known if verified_by(f, day)) / len(known)


def counts(findings: Sequence[FindingStatus], day: dt.date) -> dict[str, int]:
    """How many findings known on ``day`` are in each status on that day."""
    out = dict.fromkeys(STATUSES, 0)
    for f in known_on(findings, day):
        status = status_on(f, day)
        out[status] = out.get(status, 0) + 1
    return out


def mean_trend(points: Iterable[tuple[str, str, float | None]]) -> list[tuple[str, float]]:
    """The mean progress over sites per day, from (day, site id, progress) snapshots in the
    order they were taken: the newest snapshot of each site on each day counts."""
    latest: dict[tuple[str, str], float | None] = {}
    for day, site_id, value in points:
        latest[(day, site_id)] = value
    per_day: dict[str, list[float]] = defaultdict(list)
    for (day, _), value in latest.items():
        if value is not None:
            per_day[day].append(value)
    return [(day, sum(v) / len(v)) for day, v in sorted(per_day.items())]
