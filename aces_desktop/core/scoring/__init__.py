"""The ACES scoring engine: pure Python, no database, no Qt (docs/methodology.md).

``score_all(inputs, rubric, as_of)`` rates every initiative, company and site; each
:class:`Result` names the rubric version and the SHA-256 of its inputs.
"""

from __future__ import annotations

import datetime as dt

from aces_desktop.core.rubric import Rubric, default_rubric
from aces_desktop.core.scoring.engine import (
    accountable_score,
    company_document,
    initiative_document,
    score_company,
    score_initiative,
)
from aces_desktop.core.scoring.inputs import (
    CompanyInput,
    EvidenceInput,
    FindingInput,
    IndicatorSummary,
    InitiativeInput,
    MembershipInput,
    ResponseInput,
    ScoringInputs,
    SiteInput,
)
from aces_desktop.core.scoring.results import (
    RESULT_FORMAT,
    Band,
    CriterionResult,
    DimensionResult,
    EvidenceRef,
    GateResult,
    Label,
    Result,
)
from aces_desktop.core.scoring.sites import score_site, site_document, summarise

KINDS = ("initiative", "company", "site")

__all__ = [
    "KINDS",
    "RESULT_FORMAT",
    "Band",
    "CompanyInput",
    "CriterionResult",
    "DimensionResult",
    "EvidenceInput",
    "EvidenceRef",
    "FindingInput",
    "GateResult",
    "IndicatorSummary",
    "InitiativeInput",
    "Label",
    "MembershipInput",
    "ResponseInput",
    "Result",
    "ScoringInputs",
    "SiteInput",
    "accountable_score",
    "company_document",
    "initiative_document",
    "score_all",
    "score_company",
    "score_initiative",
    "score_site",
    "site_document",
    "summarise",
]


def score_all(
    inputs: ScoringInputs,
    as_of: dt.date,
    rubric: Rubric | None = None,
    kind: str | None = None,
) -> list[Result]:
    """Rate every subject (or every subject of one ``kind``), in a stable order:
    initiatives, companies, sites, each by name then id."""
    rubric = rubric or default_rubric()
    results: list[Result] = []
    initiatives = [score_initiative(i, rubric, as_of) for i in inputs.initiatives]
    if kind in (None, "initiative"):
        results += initiatives
    if kind in (None, "company"):
        accountable = {r.subject_id: accountable_score(r, rubric) for r in initiatives}
        results += [score_company(c, rubric, as_of, accountable) for c in inputs.companies]
    if kind in (None, "site"):
        results += [score_site(s, rubric, as_of) for s in inputs.sites]
    order = {k: n for n, k in enumerate(KINDS)}
    results.sort(key=lambda r: (order[r.kind], r.subject_name.casefold(), r.subject_id))
    return results
