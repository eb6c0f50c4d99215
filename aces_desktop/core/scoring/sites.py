"""Site forced-labour risk and remediation (docs/methodology.md, section 3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from aces_desktop.core.reference import reference
from aces_desktop.core.rubric import Rubric
from aces_desktop.core.scoring.common import input_hash, round1, stale_cutoff
from aces_desktop.core.scoring.inputs import FindingInput, IndicatorSummary, SiteInput
from aces_desktop.core.scoring.methodology import methodology_numbers
from aces_desktop.core.scoring.results import CriterionResult, EvidenceRef, Result

STRONG, MEDIUM, WEAK = 2, 1, 0
QUALITY_NAMES = {STRONG: "high", MEDIUM: "medium", WEAK: "low"}


def finding_quality(source_type: str | None, visit_method: str | None, rubric: Rubric) -> int:
    """2: direct observation or corroborated testimony on a visit that was not announced;
    0: an announced visit, the site's own documents or claims, or no source; 1: otherwise."""
    rules = rubric.site
    if (
        visit_method in rules.announced_methods
        or source_type is None
        or source_type in rules.low_confidence_sources
    ):
        return WEAK
    if source_type in rules.high_confidence_sources:
        return STRONG
    return MEDIUM


def effective_grade(f: FindingInput, rubric: Rubric, as_of: dt.date) -> int | None:
    if f.grade is None:
        return None
    if (
        rubric.site.verified_remediated_counts_as_absent
        and f.remediation_status == "verified_remediated"
        and (f.verified_on is None or f.verified_on <= as_of)
    ):
        return 0
    if f.observed_on is not None and f.observed_on < stale_cutoff(as_of, rubric):
        return f.grade // rubric.stale_divisor
    return f.grade


def summarise(
    findings: Iterable[FindingInput], rubric: Rubric, as_of: dt.date, amended: Iterable[str] = ()
) -> tuple[IndicatorSummary, ...]:
    """Per-indicator summaries of a site's findings (the reference for ``store.gather``).

    Findings observed after ``as_of`` and findings replaced by an amendment (``amended``
    ids) are left out.
    """
    skip = set(amended)
    by_indicator: dict[str, list[FindingInput]] = {}
    for f in findings:
        if f.id in skip or (f.observed_on is not None and f.observed_on > as_of):
            continue
        by_indicator.setdefault(f.indicator, []).append(f)
    out: list[IndicatorSummary] = []
    for code in sorted(by_indicator):
        fs = by_indicator[code]
        graded = [(effective_grade(f, rubric, as_of), f) for f in fs]
        checked = [(g, f) for g, f in graded if g is not None]
        at = [0, 0, 0, 0]
        for g, _ in checked:
            at[min(int(g), 3)] += 1
        max_grade = max((g for g, _ in checked), default=None)
        newest = max((f.id for g, f in checked if g == max_grade), default=None)
        strong = [
            (g, f)
            for g, f in checked
            if finding_quality(f.source_type, f.visit_method, rubric) == STRONG
        ]
        medium = [
            (g, f)
            for g, f in checked
            if finding_quality(f.source_type, f.visit_method, rubric) >= MEDIUM
        ]
        max_strong = max((g for g, _ in strong), default=None)
        newest_strong = max((f.id for g, f in strong if g == max_strong), default=None)
        above = [f for f in fs if f.grade is not None and f.grade > 0]
        verified = [
            f
            for f in above
            if f.remediation_status == "verified_remediated"
            and (f.verified_on is None or f.verified_on <= as_of)
        ]
        out.append(
            IndicatorSummary(
                indicator=code,
                checked=len(checked),
                max_grade=max_grade,
                at_grade=(at[0], at[1], at[2], at[3]),
                newest_at_max=newest,
                max_strong=max_strong,
                newest_strong=newest_strong,
                max_medium=max((g for g, _ in medium), default=None),
                above_zero=len(above),
                verified=len(verified),
            )
        )
    return tuple(out)


def site_document(inp: SiteInput, rubric: Rubric, as_of: dt.date) -> dict[str, Any]:
    return {
        "kind": "site",
        "subject_id": inp.id,
        "rubric_version": rubric.version,
        "as_of": as_of.isoformat(),
        "country": inp.country,
        "region": inp.region,
        "offsite_interviews": inp.offsite_interviews,
        "indicators": sorted(
            (s.to_input() for s in inp.indicators if s.checked or s.above_zero),
            key=lambda d: str(d["indicator"]),
        ),
    }


def _quality(s: IndicatorSummary) -> int:
    if s.max_grade is None:
        return WEAK
    if s.max_strong == s.max_grade:
        return STRONG
    if s.max_medium == s.max_grade:
        return MEDIUM
    return WEAK


def _confidence(groups: Sequence[tuple[Sequence[IndicatorSummary], int]]) -> str:
    """Each group: the deciding indicators of one required part, and how many it needs."""
    deciding = [s for members, _ in groups for s in members]
    if not deciding or all(_quality(s) == WEAK for s in deciding):
        return "low"
    for members, needed in groups:
        best = sorted((_quality(s) for s in members), reverse=True)[:needed]
        if len(best) < needed or any(q != STRONG for q in best):
            return "medium"
    return "high"


def score_site(inp: SiteInput, rubric: Rubric, as_of: dt.date) -> Result:
    rules = rubric.site
    ref = reference()
    summaries = {s.indicator: s for s in inp.indicators}
    fl_codes = [
        i.code for i in ref.indicators.values() if i.category in rules.forced_labour_categories
    ]

    def grade(code: str) -> int | None:
        s = summaries.get(code)
        return s.max_grade if s else None

    def summary(code: str) -> IndicatorSummary:
        return summaries.get(code) or IndicatorSummary(code)

    def element(code: str) -> str | None:
        return ref.indicators[code].element if code in ref.indicators else None

    checked = [c for c in fl_codes if grade(c) is not None]
    sil = [
        summary(c)
        for c in fl_codes
        if ref.indicators[c].category == rules.state_imposed_category and (grade(c) or 0) >= 1
    ]
    strong_inv = [
        summary(c)
        for c in fl_codes
        if element(c) == rules.involuntariness_element and (grade(c) or 0) >= rules.strong_grade
    ]
    penalty = [
        summary(c)
        for c in fl_codes
        if element(c) == rules.penalty_element and (grade(c) or 0) >= rules.medium_grade
    ]
    strong = [summary(c) for c in fl_codes if (grade(c) or 0) >= rules.strong_grade]
    medium = [summary(c) for c in fl_codes if grade(c) == rules.medium_grade]
    positive = [summary(c) for c in fl_codes if (grade(c) or 0) >= 1]
    enough = len(checked) >= rules.min_checked_share * len(fl_codes) - 1e-9

    level: int | None
    reasons: list[str] = []
    deciding: list[tuple[Sequence[IndicatorSummary], int]] = []
    if sil:
        level = 4
        reasons.append("evidence of state-imposed labour: " + ", ".join(s.indicator for s in sil))
        deciding = [(sil, 1)]
    elif strong_inv and penalty:
        level = 4
        reasons.append(
            "strong involuntariness indicator ("
            + ", ".join(s.indicator for s in strong_inv)
            + ") with a medium or strong penalty indicator ("
            + ", ".join(s.indicator for s in penalty)
            + ")"
        )
        deciding = [(strong_inv, 1), (penalty, 1)]
    elif strong:
        level = 3
        reasons.append("strong indicator: " + ", ".join(s.indicator for s in strong))
        deciding = [(strong, 1)]
    elif len(medium) >= 2:
        level = 2
        reasons.append("two or more medium indicators: " + ", ".join(s.indicator for s in medium))
        deciding = [(medium, 2)]
    elif not enough:
        level = None
        reasons.append(
            f"only {len(checked)} of {len(fl_codes)} forced-labour indicators checked "
            f"(at least {rules.min_checked_share:.0%} needed)"
        )
    elif positive:
        level = 1
        reasons.append("isolated risk factors only: " + ", ".join(s.indicator for s in positive))
        deciding = [(positive, 1)]
    elif len(checked) == len(fl_codes) and inp.offsite_interviews:
        level = 0
        reasons.append(
            "every forced-labour indicator checked and absent, backed by off-site worker interviews"
        )
        deciding = [([summary(c) for c in fl_codes], len(fl_codes))]
    else:
        level = None
        missing = [c for c in fl_codes if grade(c) is None]
        why = []
        if missing:
            why.append(f"{len(missing)} indicator(s) not checked ({', '.join(missing)})")
        if not inp.offsite_interviews:
            why.append("no off-site worker interviews")
        reasons.append("no indicator found, but 'none found' needs " + " and ".join(why) + "")
    confidence = _confidence(deciding) if level is not None else "low"
    deciding_codes = {s.indicator for members, _ in deciding for s in members}

    criteria: list[CriterionResult] = []
    for ind in ref.indicators.values():
        s = summaries.get(ind.code)
        c = CriterionResult(
            id=ind.code,
            name=ind.en,
            level=s.max_grade if s else None,
            max_level=rules.max_grade,
            weight=1.0,
            dimension=ind.category,
            level_text=(
                [
                    "checked and absent",
                    "risk factor present",
                    "medium indicator",
                    "strong indicator",
                ][min(s.max_grade, 3)]
                if s and s.max_grade is not None
                else ""
            ),
        )
        if s and s.max_grade is not None and s.newest_at_max:
            counted = ind.code in deciding_codes
            c.evidence.append(
                EvidenceRef(
                    record_type="finding",
                    id=s.newest_at_max,
                    earned_level=s.max_grade,
                    counted=counted,
                    count=s.at_grade[min(s.max_grade, 3)],
                    notes=[
                        f"newest of {s.at_grade[min(s.max_grade, 3)]} finding(s) at grade "
                        f"{s.max_grade}; evidence quality {QUALITY_NAMES[_quality(s)]}"
                    ],
                )
            )
            if s.newest_strong and s.newest_strong != s.newest_at_max:
                c.evidence.append(
                    EvidenceRef(
                        record_type="finding",
                        id=s.newest_strong,
                        earned_level=s.max_strong,
                        counted=False,
                        notes=["newest finding from direct observation or corroborated testimony"],
                    )
                )
        if ind.code in deciding_codes:
            c.notes.append("decides the risk level")
        criteria.append(c)

    elements: dict[str, dict[str, Any]] = {}
    for el in ("involuntariness", "penalty", "context"):
        codes = [c for c in fl_codes if element(c) == el]
        grades = [g for g in (grade(c) for c in codes) if g is not None]
        elements[el] = {
            "max_grade": max(grades) if grades else None,
            "indicators": [c for c in codes if (grade(c) or 0) >= 1],
        }
    other: dict[str, dict[str, Any]] = {}
    for cat in ref.categories:
        if cat in rules.forced_labour_categories:
            continue
        codes = [i.code for i in ref.indicators.values() if i.category == cat]
        grades = [g for g in (grade(c) for c in codes) if g is not None]
        other[cat] = {
            "max_grade": max(grades) if grades else None,
            "indicators": [c for c in codes if (grade(c) or 0) >= 1],
        }
    above = sum(s.above_zero for s in inp.indicators)
    verified = sum(s.verified for s in inp.indicators)
    level_info = rules.levels.get(level) if level is not None else None
    return Result(
        methodology=methodology_numbers(rubric),
        kind="site",
        subject_id=inp.id,
        subject_name=inp.name,
        rubric_version=rubric.version,
        as_of=as_of.isoformat(),
        input_hash=input_hash(site_document(inp, rubric, as_of)),
        status="rated" if level is not None else "unknown",
        coverage=round1(100 * len(checked) / len(fl_codes)) if fl_codes else 0.0,
        risk_level=level,
        risk_label=level_info.en if level_info else "unknown",
        confidence=confidence,
        criteria=criteria,
        reasons=reasons,
        site={
            "country": inp.country,
            "region": inp.region,
            "indicators_checked": len(checked),
            "indicators_total": len(fl_codes),
            "offsite_interviews": inp.offsite_interviews,
            "elements": elements,
            "other_findings": other,
            "remediation": {
                "above_zero": above,
                "verified": verified,
                "progress": round(verified / above, 4) if above else None,
            },
        },
    )
