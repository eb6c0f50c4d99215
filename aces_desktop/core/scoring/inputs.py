"""What the scoring engine reads: plain, immutable inputs (no database, no Qt).

``store.gather`` builds these from a workspace in a few set-based queries; tests build them
by hand. Everything the rules read is here, and :func:`input_document` turns a subject's
inputs into the canonical document whose SHA-256 is the result's ``input_hash``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EvidenceInput:
    """One evidence record for an initiative or company criterion."""

    id: str
    criterion: str
    level: int | None
    source_type: str
    date: dt.date
    kind: str = "document"
    url: str | None = None
    sha256: tuple[str, ...] = ()  # SHA-256 of the documents attached to the evidence
    facts: Mapping[str, Any] = field(default_factory=dict)
    description: str | None = None  # shown in explanations; not read by the rules

    def to_input(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "criterion": self.criterion,
            "level": self.level,
            "source_type": self.source_type,
            "date": self.date.isoformat(),
            "kind": self.kind,
            "url": self.url,
            "sha256": sorted(self.sha256),
            "facts": dict(sorted(self.facts.items())),
        }


@dataclass(frozen=True)
class MembershipInput:
    id: str
    initiative_id: str
    status: str = "member"
    since: dt.date | None = None
    until: dt.date | None = None

    def to_input(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "initiative_id": self.initiative_id,
            "status": self.status,
            "since": _iso(self.since),
            "until": _iso(self.until),
        }


@dataclass(frozen=True)
class ResponseInput:
    """One outreach request in the company-response log."""

    id: str
    sent_on: dt.date
    answered_on: dt.date | None = None
    has_commitments: bool = False
    commitment_met: bool | None = None
    subject: str | None = None  # shown in explanations; not read by the rules

    def to_input(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "sent_on": self.sent_on.isoformat(),
            "answered_on": _iso(self.answered_on),
            "has_commitments": self.has_commitments,
            "commitment_met": self.commitment_met,
        }


@dataclass(frozen=True)
class InitiativeInput:
    id: str
    name: str
    evidence: tuple[EvidenceInput, ...] = ()


@dataclass(frozen=True)
class CompanyInput:
    id: str
    name: str
    evidence: tuple[EvidenceInput, ...] = ()
    memberships: tuple[MembershipInput, ...] = ()
    responses: tuple[ResponseInput, ...] = ()


@dataclass(frozen=True)
class FindingInput:
    """One finding at a site (an indicator graded 0-3, or ``None`` when not checked)."""

    id: str
    indicator: str
    grade: int | None
    source_type: str | None = None
    visit_method: str | None = None
    observed_on: dt.date | None = None
    remediation_status: str = "open"
    verified_on: dt.date | None = None


@dataclass(frozen=True)
class IndicatorSummary:
    """Everything the site rules read about one indicator at one site.

    ``core.scoring.sites.summarise`` computes it from findings; ``store.gather`` computes the
    same numbers in one SQL aggregate (a test checks that both agree). Grades here are
    *effective* grades: stale findings halved (rounded down), verified remediation 0.
    """

    indicator: str
    checked: int = 0  # findings with a grade
    max_grade: int | None = None  # highest effective grade (None: not checked)
    at_grade: tuple[int, int, int, int] = (0, 0, 0, 0)  # findings at effective grade 0..3
    newest_at_max: str | None = None  # id of the newest finding at the highest grade
    max_strong: int | None = None  # highest effective grade among high-quality findings
    newest_strong: str | None = None  # newest high-quality finding at that grade
    max_medium: int | None = None  # highest effective grade among findings not low-quality
    above_zero: int = 0  # findings graded above 0 (as recorded)
    verified: int = 0  # of those, remediation verified by the scoring date

    def to_input(self) -> dict[str, Any]:
        return {
            "indicator": self.indicator,
            "checked": self.checked,
            "max_grade": self.max_grade,
            "at_grade": list(self.at_grade),
            "newest_at_max": self.newest_at_max,
            "max_strong": self.max_strong,
            "newest_strong": self.newest_strong,
            "max_medium": self.max_medium,
            "above_zero": self.above_zero,
            "verified": self.verified,
        }


@dataclass(frozen=True)
class SiteInput:
    id: str
    name: str
    country: str | None = None
    region: str | None = None
    indicators: tuple[IndicatorSummary, ...] = ()
    offsite_interviews: bool = False  # an off-site worker-interview visit by the scoring date


@dataclass
class ScoringInputs:
    initiatives: list[InitiativeInput] = field(default_factory=list)
    companies: list[CompanyInput] = field(default_factory=list)
    sites: list[SiteInput] = field(default_factory=list)


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def sorted_inputs(items: Iterable[Any]) -> list[Any]:
    """Input dicts in a canonical order (so the order evidence is given in never matters)."""
    from aces_desktop.core.canonical import canonical_json

    docs = [item.to_input() for item in items]
    return sorted(docs, key=canonical_json)
