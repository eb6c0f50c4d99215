"""The ACES scoring engine for initiatives and companies (docs/methodology.md, sections 1 and 2).

Pure functions of their inputs, the rubric and an explicit ``as_of`` date: the wall clock is
never read here, so the same inputs always give the same result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aces_desktop.core import messages as msg
from aces_desktop.core.rubric import Criterion, Rubric
from aces_desktop.core.scoring.common import (
    input_hash,
    months_before,
    rating_confidence,
    score_band,
    source_rank,
    stale_cutoff,
)
from aces_desktop.core.scoring.inputs import (
    CompanyInput,
    EvidenceInput,
    InitiativeInput,
    MembershipInput,
    ResponseInput,
    sorted_inputs,
)
from aces_desktop.core.scoring.methodology import methodology_numbers
from aces_desktop.core.scoring.results import (
    CriterionResult,
    DimensionResult,
    EvidenceRef,
    GateResult,
    Label,
    Result,
)


@dataclass
class _Candidate:
    """A piece of evidence on its way to a criterion level."""

    ref: EvidenceRef
    level: int | None
    source_type: str
    date: dt.date | None
    ongoing: bool = False  # memberships and the response log are current, never stale
    facts: Mapping[str, Any] = field(default_factory=dict)


def _from_evidence(e: EvidenceInput) -> _Candidate:
    ref = EvidenceRef(
        record_type="evidence",
        id=e.id,
        source_type=e.source_type,
        date=e.date.isoformat(),
        kind=e.kind,
        url=e.url,
        sha256=sorted(e.sha256),
        description=e.description,
        claimed_level=e.level,
    )
    return _Candidate(ref, e.level, e.source_type, e.date, facts=e.facts)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _region_without_assurance(facts: Mapping[str, Any], rubric: Rubric) -> bool:
    region = facts.get("region")
    if not isinstance(region, str):
        return False
    text = region.strip()
    if text.upper() in rubric.no_assurance_regions:
        return True
    lowered = text.lower()
    return any(name in lowered for name in rubric.no_assurance_region_names)


def _evaluate(
    crit: Criterion,
    candidates: Sequence[_Candidate],
    rubric: Rubric,
    as_of: dt.date,
    accountable: Mapping[str, float | None],
) -> CriterionResult:
    cutoff = stale_cutoff(as_of, rubric)
    earned: list[tuple[int, _Candidate]] = []
    for cand in candidates:
        ref = cand.ref
        level = cand.level
        if cand.date is not None and cand.date > as_of and not cand.ongoing:
            ref.notes.append("dated after the scoring date: not counted")
            continue
        if level is None:
            ref.notes.append("no level given: not counted")
            continue
        if crit.fact and crit.thresholds:
            value = _number(cand.facts.get(crit.fact))
            if value is not None:
                derived = sum(1 for t in crit.thresholds if value >= t)
                if derived != level:
                    ref.notes.append(f"level {derived} from {crit.fact} = {value:g}")
                level = derived
        if (
            crit.id in rubric.no_assurance_criteria
            and ref.kind in rubric.no_assurance_kinds
            and _region_without_assurance(cand.facts, rubric)
        ):
            ref.notes.append("audit in a region where credible assurance is impossible: no credit")
            continue
        initiative_id = cand.facts.get("initiative_id")
        if crit.id in rubric.membership_criteria and isinstance(initiative_id, str):
            score = accountable.get(initiative_id)
            scaled = int(level * (score or 0) // 100)
            ref.notes.append(
                f"credit through membership: level {level} x Accountable score "
                f"{'unknown' if score is None else f'{score:g}'} / 100 = {scaled}"
            )
            level = scaled
        if cand.source_type in rubric.own_claim_sources and level >= crit.verification_level:
            capped = crit.verification_level - 1
            ref.notes.append(
                f"level {level} needs verification; the subject's own claim earns {capped}"
            )
            level = capped
        if not cand.ongoing and cand.date is not None and cand.date < cutoff:
            ref.stale = True
            halved = level // rubric.stale_divisor
            ref.notes.append(
                f"stale (older than {rubric.stale_months} months): level {level} halved to {halved}"
            )
            level = halved
        ref.earned_level = level
        earned.append((level, cand))
    result = CriterionResult(
        id=crit.id,
        name=crit.en,
        level=None,
        max_level=rubric.max_level,
        weight=crit.weight,
        dimension=crit.dimension,
        evidence=[c.ref for c in candidates],
    )
    if earned:
        best = max(level for level, _ in earned)
        winners = [c for level, c in earned if level == best]
        for c in winners:
            c.ref.counted = True
        result.level = best
        result.level_text = crit.level_text(best)
        result.best_rank = max(source_rank(c.source_type) for c in winners)
        result.stale = all(c.ref.stale for c in winners)
    else:
        result.notes.append("unknown: no evidence counted")
    result.evidence.sort(key=lambda r: (not r.counted, r.date or "", r.id))
    return result


def _group(evidence: Iterable[EvidenceInput]) -> dict[str, list[_Candidate]]:
    out: dict[str, list[_Candidate]] = {}
    for e in sorted(evidence, key=lambda e: e.id):
        out.setdefault(e.criterion, []).append(_from_evidence(e))
    return out


# --- initiatives ---------------------------------------------------------------------------


def initiative_document(inp: InitiativeInput, rubric: Rubric, as_of: dt.date) -> dict[str, Any]:
    """The canonical inputs of an initiative rating (hashed into ``input_hash``)."""
    return {
        "kind": "initiative",
        "subject_id": inp.id,
        "rubric_version": rubric.version,
        "as_of": as_of.isoformat(),
        "evidence": sorted_inputs(inp.evidence),
    }


def score_initiative(inp: InitiativeInput, rubric: Rubric, as_of: dt.date) -> Result:
    grouped = _group(inp.evidence)
    criteria = [
        _evaluate(rubric.criteria[cid], grouped.get(cid, []), rubric, as_of, {})
        for cid in rubric.initiative_criteria()
    ]
    result = Result(
        methodology=methodology_numbers(rubric),
        kind="initiative",
        subject_id=inp.id,
        subject_name=inp.name,
        rubric_version=rubric.version,
        as_of=as_of.isoformat(),
        input_hash=input_hash(initiative_document(inp, rubric, as_of)),
        status="rated",
        criteria=criteria,
    )
    for dim in rubric.dimensions:
        crits = [c for c in criteria if c.dimension == dim.id]
        point, band, coverage, sufficient = score_band(crits, rubric)
        result.dimensions.append(
            DimensionResult(
                id=dim.id,
                name=dim.en,
                status="rated" if sufficient else "insufficient_evidence",
                score=point if sufficient else None,
                band=band,
                coverage=coverage,
                grade=rubric.grade_for(point) if sufficient and point is not None else None,
                confidence=rating_confidence(crits, rubric, sufficient),
            )
        )
    _, band, coverage, sufficient = score_band(criteria, rubric)
    result.coverage = coverage
    result.band = None  # no hidden totals: the three dimensions stand side by side
    result.confidence = rating_confidence(criteria, rubric, sufficient)
    if any(d.status != "rated" for d in result.dimensions):
        result.status = "insufficient_evidence"
    elif all((d.score or 0) >= rubric.label_min_each for d in result.dimensions):
        result.labels.append(Label(rubric.label_id, rubric.label_en, rubric.label_zh))
    return result


def accountable_score(result: Result, rubric: Rubric) -> float | None:
    """The Accountable score that sets membership credit: the point score when the
    dimension is rated, otherwise the low end of its band (only what is proven)."""
    try:
        dim = result.dimension(rubric.accountable_dimension)
    except KeyError:
        return None
    return dim.score if dim.score is not None else dim.band.low


# --- companies -----------------------------------------------------------------------------


def _active(m: MembershipInput, rubric: Rubric, as_of: dt.date) -> bool:
    return (
        m.status in rubric.membership_statuses
        and (m.since is None or m.since <= as_of)
        and (m.until is None or m.until >= as_of)
    )


def _response_summary(
    responses: Sequence[ResponseInput], rubric: Rubric, as_of: dt.date
) -> dict[str, Any]:
    window = dt.timedelta(days=rubric.response_window_days)
    sent = [r for r in responses if r.sent_on <= as_of]
    due = [r for r in sent if r.sent_on + window <= as_of]
    timely = [
        r
        for r in due
        if r.answered_on is not None
        and r.answered_on <= as_of
        and r.answered_on - r.sent_on <= window
    ]
    answered = [r for r in sent if r.answered_on is not None and r.answered_on <= as_of]
    checked = [r for r in due if r.has_commitments and r.commitment_met is not None]
    met = [r for r in checked if r.commitment_met]
    return {
        "requests": len(sent),
        "due": len(due),
        "answered": len(answered),
        "answered_in_time": len(timely),
        "with_commitments": sum(1 for r in sent if r.has_commitments),
        "commitments_checked": len(checked),
        "commitments_met": len(met),
        "non_responsive": bool(due) and not timely,
        "window_days": rubric.response_window_days,
        "_due": due,
    }


def _response_level(summary: Mapping[str, Any]) -> int:
    due, timely = summary["due"], summary["answered_in_time"]
    if timely == 0:
        return 0
    if timely * 2 <= due:
        return 1
    checked, met = summary["commitments_checked"], summary["commitments_met"]
    if checked and met * 2 > checked:
        return 3
    return 2


def company_document(
    inp: CompanyInput,
    rubric: Rubric,
    as_of: dt.date,
    accountable: Mapping[str, float | None],
) -> dict[str, Any]:
    memberships = sorted_inputs(inp.memberships)
    for m in memberships:
        m["initiative_accountable"] = accountable.get(m["initiative_id"])
    used = {
        str(e.facts["initiative_id"])
        for e in inp.evidence
        if isinstance(e.facts.get("initiative_id"), str)
    }
    return {
        "kind": "company",
        "subject_id": inp.id,
        "rubric_version": rubric.version,
        "as_of": as_of.isoformat(),
        "evidence": sorted_inputs(inp.evidence),
        "memberships": memberships,
        "responses": sorted_inputs(inp.responses),
        "accountable_of_cited_initiatives": {k: accountable.get(k) for k in sorted(used)},
    }


def score_company(
    inp: CompanyInput,
    rubric: Rubric,
    as_of: dt.date,
    accountable: Mapping[str, float | None] | None = None,
) -> Result:
    """Score a company. ``accountable`` maps initiative ids to their Accountable score
    (from :func:`accountable_score`); memberships of initiatives not in it earn nothing."""
    accountable = dict(accountable or {})
    grouped = _group(inp.evidence)
    # Memberships: credit in C6/C7 in proportion to the initiative's Accountable score.
    for m in sorted(inp.memberships, key=lambda m: m.id):
        if not _active(m, rubric, as_of):
            continue
        score = accountable.get(m.initiative_id)
        level = int(rubric.membership_max_level * (score or 0) // 100)
        for cid in rubric.membership_criteria:
            ref = EvidenceRef(
                record_type="membership",
                id=m.id,
                source_type="document",
                date=m.since.isoformat() if m.since else None,
                kind="membership",
                claimed_level=rubric.membership_max_level,
                related_ids=[m.initiative_id],
                notes=[
                    f"membership credit: {rubric.membership_max_level} x Accountable score "
                    f"{'unknown' if score is None else f'{score:g}'} / 100 = {level}"
                ],
            )
            grouped.setdefault(cid, []).append(
                _Candidate(ref, level, "document", None, ongoing=True)
            )
    # The company-response log feeds C7.
    summary = _response_summary(inp.responses, rubric, as_of)
    due: list[ResponseInput] = summary.pop("_due")
    if due:
        newest = max(due, key=lambda r: (r.sent_on, r.id))
        level = _response_level(summary)
        ref = EvidenceRef(
            record_type="company_response",
            id=newest.id,
            source_type=rubric.response_source_type,
            date=as_of.isoformat(),
            kind="response_log",
            description=newest.subject,
            claimed_level=level,
            related_ids=sorted(r.id for r in due),
            notes=[
                f"response log: {summary['answered_in_time']} of {summary['due']} due requests "
                f"answered within {rubric.response_window_days} days; "
                f"{summary['commitments_met']} of {summary['commitments_checked']} checked "
                "commitments met"
            ],
        )
        grouped.setdefault(rubric.response_criterion, []).append(
            _Candidate(ref, level, rubric.response_source_type, None, ongoing=True)
        )
    criteria = [
        _evaluate(rubric.criteria[cid], grouped.get(cid, []), rubric, as_of, accountable)
        for cid in rubric.company_criteria
    ]
    point, band, coverage, sufficient = score_band(criteria, rubric)

    # Gate: the legal-minimum statement (required for any score above the cap).
    statement_cutoff = months_before(as_of, rubric.statement_max_age_months)
    passing: list[str] = []
    considered: list[str] = []
    for e in sorted(inp.evidence, key=lambda e: e.id):
        if e.criterion != rubric.statement_criterion or e.date > as_of:
            continue
        considered.append(e.id)
        if e.date >= statement_cutoff and all(
            e.facts.get(k) is True for k in rubric.statement_facts
        ):
            passing.append(e.id)
    cap = rubric.statement_cap
    gates = [
        GateResult(
            id="legal_statement",
            passed=bool(passing),
            effect=(
                msg.GATE_STATEMENT_MET() if passing else msg.GATE_STATEMENT_MISSING(f"{cap:g}")
            ),
            evidence=passing or considered,
        )
    ]
    if not passing:
        band.low, band.high = min(band.low, cap), min(band.high, cap)
        if point is not None:
            point = min(point, cap)
    active = [m for m in inp.memberships if _active(m, rubric, as_of)]
    gates.append(
        GateResult(
            id="membership_credit",
            passed=True,
            effect=msg.GATE_MEMBERSHIP_CREDIT(len(active), ", ".join(rubric.membership_criteria)),
            evidence=sorted(m.id for m in active),
        )
    )
    blocked = sorted(
        e.id
        for c in criteria
        for e in c.evidence
        if any("assurance is impossible" in n for n in e.notes)
    )
    gates.append(
        GateResult(
            id="no_assurance_region",
            passed=not blocked,
            effect=(
                msg.GATE_NO_ASSURANCE(len(blocked), ", ".join(rubric.no_assurance_criteria))
                if blocked
                else msg.GATE_ASSURANCE_OK()
            ),
            evidence=blocked,
        )
    )
    gates.append(
        GateResult(
            id="response_log",
            passed=not summary["non_responsive"],
            effect=(
                msg.GATE_NON_RESPONSIVE(rubric.response_tag_en, rubric.response_window_days)
                if summary["non_responsive"]
                else msg.GATE_RESPONSES(
                    summary["answered_in_time"], summary["due"], rubric.response_window_days
                )
            ),
            evidence=sorted(r.id for r in due),
        )
    )
    result = Result(
        methodology=methodology_numbers(rubric),
        kind="company",
        subject_id=inp.id,
        subject_name=inp.name,
        rubric_version=rubric.version,
        as_of=as_of.isoformat(),
        input_hash=input_hash(company_document(inp, rubric, as_of, accountable)),
        status="rated" if sufficient else "insufficient_evidence",
        score=point if sufficient else None,
        band=band,
        coverage=coverage,
        tier=rubric.tier_for(point) if sufficient and point is not None else None,
        confidence=rating_confidence(criteria, rubric, sufficient),
        gates=gates,
        criteria=criteria,
        responses=summary,
    )
    if summary["non_responsive"]:
        result.tags.append(
            Label(rubric.response_tag, rubric.response_tag_en, rubric.response_tag_zh)
        )
    return result
