"""Hand-made scoring inputs for worked examples."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from aces_desktop.core.reference import reference
from aces_desktop.core.rubric import default_rubric
from aces_desktop.core.scoring import (
    CompanyInput,
    EvidenceInput,
    FindingInput,
    InitiativeInput,
    SiteInput,
    summarise,
)

AS_OF = dt.date(2026, 11, 25)
RECENT = dt.date(2026, 6, 1)
_counter = itertools.count(1)


def uid() -> str:
    return f"00000000-0000-7000-8000-{next(_counter):012d}"


def ev(
    criterion: str,
    level: int | None,
    source: str = "document",
    date: dt.date = RECENT,
    kind: str = "document",
    facts: dict[str, Any] | None = None,
    rid: str | None = None,
) -> EvidenceInput:
    return EvidenceInput(
        id=rid or uid(),
        criterion=criterion,
        level=level,
        source_type=source,
        date=date,
        kind=kind,
        url="https://example.org/e",
        facts=facts or {},
    )


def initiative(levels: dict[str, int], **kw: Any) -> InitiativeInput:
    return InitiativeInput(
        uid(), kw.get("name", "Test MSI"), tuple(ev(c, lv) for c, lv in levels.items())
    )


STATEMENT_FACTS = {"published": True, "board_approved": True, "signed": True}


def company(
    levels: dict[str, int], statement: bool = True, extra: tuple[EvidenceInput, ...] = (), **kw: Any
) -> CompanyInput:
    evidence = [ev(c, lv) for c, lv in levels.items()]
    if statement:
        evidence.append(ev("LEGAL_STATEMENT", None, kind="statement", facts=STATEMENT_FACTS))
    return CompanyInput(
        uid(),
        kw.get("name", "Test Co"),
        tuple(evidence) + extra,
        tuple(kw.get("memberships", ())),
        tuple(kw.get("responses", ())),
    )


FL_CODES = [i.code for i in reference().indicators.values() if i.category in ("ILO", "SIL")]


def finding(
    indicator: str,
    grade: int | None,
    source: str | None = "direct_observation",
    method: str = "unannounced",
    observed: dt.date | None = RECENT,
    status: str = "open",
    verified_on: dt.date | None = None,
    rid: str | None = None,
) -> FindingInput:
    return FindingInput(
        id=rid or uid(),
        indicator=indicator,
        grade=grade,
        source_type=source,
        visit_method=method,
        observed_on=observed,
        remediation_status=status,
        verified_on=verified_on,
    )


def all_absent(except_: tuple[str, ...] = (), **kw: Any) -> list[FindingInput]:
    return [finding(code, 0, **kw) for code in FL_CODES if code not in except_]


def site(
    findings: list[FindingInput],
    offsite: bool = True,
    as_of: dt.date = AS_OF,
    amended: tuple[str, ...] = (),
) -> SiteInput:
    return SiteInput(
        id=uid(),
        name="Test site",
        country="CN",
        region="Guangdong",
        indicators=summarise(findings, default_rubric(), as_of, amended),
        offsite_interviews=offsite,
    )
