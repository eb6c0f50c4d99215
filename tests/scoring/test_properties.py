"""Property tests: monotone in evidence levels, point inside band, order-free, stable hashes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from aces_desktop.core.reference import SOURCE_TYPES
from aces_desktop.core.rubric import default_rubric
from aces_desktop.core.scoring import (
    CompanyInput,
    EvidenceInput,
    InitiativeInput,
    ResponseInput,
    Result,
    score_company,
    score_initiative,
    score_site,
)
from tests.scoring.builders import AS_OF, FL_CODES, finding, site

R = default_rubric()
COMPANY_CRITERIA = [*R.company_criteria, "LEGAL_STATEMENT"]
INITIATIVE_CRITERIA = list(R.initiative_criteria())

dates = st.dates(min_value=dt.date(2021, 1, 1), max_value=dt.date(2027, 3, 1))


def evidence_strategy(criteria: list[str]) -> st.SearchStrategy[list[EvidenceInput]]:
    item = st.tuples(
        st.sampled_from(criteria),
        st.integers(0, 4),
        st.sampled_from(SOURCE_TYPES),
        dates,
        st.sampled_from(["document", "audit", "policy"]),
        st.sampled_from(
            [
                {},
                {"region": "CN-XJ"},
                {"region": "CN-GD"},
                {"published": True, "board_approved": True, "signed": True},
            ]
        ),
    )

    def build(items: list[tuple]) -> list[EvidenceInput]:
        return [
            EvidenceInput(
                id=f"00000000-0000-7000-8000-{i:012d}",
                criterion=c,
                level=None if c == "LEGAL_STATEMENT" else lv,
                source_type=src,
                date=d,
                kind=kind,
                facts=facts,
            )
            for i, (c, lv, src, d, kind, facts) in enumerate(items)
        ]

    return st.lists(item, max_size=25).map(build)


responses = st.lists(
    st.tuples(dates, st.none() | st.integers(0, 120), st.booleans(), st.none() | st.booleans()),
    max_size=4,
).map(
    lambda items: [
        ResponseInput(
            f"10000000-0000-7000-8000-{i:012d}",
            sent,
            None if days is None else sent + dt.timedelta(days=days),
            commits,
            met,
        )
        for i, (sent, days, commits, met) in enumerate(items)
    ]
)


def company_of(evidence: list[EvidenceInput], resp: list[ResponseInput] = ()) -> CompanyInput:  # type: ignore[assignment]
    return CompanyInput(
        "20000000-0000-7000-8000-000000000001", "Co", tuple(evidence), (), tuple(resp)
    )


def initiative_of(evidence: list[EvidenceInput]) -> InitiativeInput:
    return InitiativeInput("30000000-0000-7000-8000-000000000001", "MSI", tuple(evidence))


def _not_lower(before: Result, after: Result) -> None:
    if before.kind == "company":
        assert before.band is not None and after.band is not None
        assert after.band.low >= before.band.low and after.band.high >= before.band.high
        if before.score is not None:
            assert after.score is not None and after.score >= before.score
    for b, a in zip(before.dimensions, after.dimensions, strict=True):
        assert a.band.low >= b.band.low and a.band.high >= b.band.high
        if b.score is not None:
            assert a.score is not None and a.score >= b.score
    for was, now in zip(before.criteria, after.criteria, strict=True):
        assert (now.level or 0) >= (was.level or 0)


@settings(max_examples=150, deadline=None)
@given(evidence_strategy(COMPANY_CRITERIA), responses, st.data())
def test_raising_a_company_evidence_level_never_lowers_the_score(
    evidence: list[EvidenceInput], resp: list[ResponseInput], data: st.DataObject
) -> None:
    leveled = [i for i, e in enumerate(evidence) if e.level is not None and e.level < 4]
    assume(leveled)
    i = data.draw(st.sampled_from(leveled))
    raised = list(evidence)
    raised[i] = dataclasses.replace(
        evidence[i], level=data.draw(st.integers((evidence[i].level or 0) + 1, 4))
    )
    before = score_company(company_of(evidence, resp), R, AS_OF, {})
    after = score_company(company_of(raised, resp), R, AS_OF, {})
    _not_lower(before, after)


@settings(max_examples=150, deadline=None)
@given(evidence_strategy(INITIATIVE_CRITERIA), st.data())
def test_raising_an_initiative_evidence_level_never_lowers_a_dimension(
    evidence: list[EvidenceInput], data: st.DataObject
) -> None:
    leveled = [i for i, e in enumerate(evidence) if e.level is not None and e.level < 4]
    assume(leveled)
    i = data.draw(st.sampled_from(leveled))
    raised = list(evidence)
    raised[i] = dataclasses.replace(evidence[i], level=4)
    _not_lower(
        score_initiative(initiative_of(evidence), R, AS_OF),
        score_initiative(initiative_of(raised), R, AS_OF),
    )


@settings(max_examples=200, deadline=None)
@given(evidence_strategy(COMPANY_CRITERIA), evidence_strategy(INITIATIVE_CRITERIA), responses)
def test_point_score_lies_inside_the_band(
    company_evidence: list[EvidenceInput],
    initiative_evidence: list[EvidenceInput],
    resp: list[ResponseInput],
) -> None:
    c = score_company(company_of(company_evidence, resp), R, AS_OF, {})
    assert c.band is not None and 0 <= c.band.low <= c.band.high <= 100
    if c.score is not None:
        assert c.band.low <= c.score <= c.band.high
        assert c.tier == R.tier_for(c.score)
    else:
        assert c.status == "insufficient_evidence" and c.coverage < 60
    for d in score_initiative(initiative_of(initiative_evidence), R, AS_OF).dimensions:
        assert 0 <= d.band.low <= d.band.high <= 100
        if d.score is not None:
            assert d.band.low <= d.score <= d.band.high


@settings(max_examples=100, deadline=None)
@given(evidence_strategy(COMPANY_CRITERIA), responses, st.randoms(use_true_random=False))
def test_order_of_evidence_does_not_matter(
    evidence: list[EvidenceInput], resp: list[ResponseInput], rnd: object
) -> None:
    shuffled, shuffled_resp = list(evidence), list(resp)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    rnd.shuffle(shuffled_resp)  # type: ignore[attr-defined]
    a = score_company(company_of(evidence, resp), R, AS_OF, {})
    b = score_company(company_of(shuffled, shuffled_resp), R, AS_OF, {})
    assert a.to_json() == b.to_json()
    ia = score_initiative(
        initiative_of([e for e in evidence if e.criterion in INITIATIVE_CRITERIA]), R, AS_OF
    )
    assert (
        ia.input_hash
        == score_initiative(
            initiative_of(
                list(reversed([e for e in evidence if e.criterion in INITIATIVE_CRITERIA]))
            ),
            R,
            AS_OF,
        ).input_hash
    )


@settings(max_examples=100, deadline=None)
@given(evidence_strategy(COMPANY_CRITERIA), responses)
def test_same_inputs_same_hash_and_changes_change_it(
    evidence: list[EvidenceInput], resp: list[ResponseInput]
) -> None:
    a = score_company(company_of(evidence, resp), R, AS_OF, {})
    b = score_company(company_of(list(evidence), list(resp)), R, AS_OF, {})
    assert a.input_hash == b.input_hash and len(a.input_hash) == 64
    assert (
        a.input_hash
        != score_company(company_of(evidence, resp), R, AS_OF + dt.timedelta(days=1), {}).input_hash
    )
    if evidence and evidence[0].level is not None:
        changed = [
            dataclasses.replace(evidence[0], level=(evidence[0].level + 1) % 5),
            *evidence[1:],
        ]
        assert score_company(company_of(changed, resp), R, AS_OF, {}).input_hash != a.input_hash


grades = st.lists(st.tuples(st.sampled_from(FL_CODES), st.none() | st.integers(0, 3)), max_size=40)


@settings(max_examples=150, deadline=None)
@given(grades, st.booleans(), st.randoms(use_true_random=False))
def test_site_results_do_not_depend_on_finding_order(
    items: list[tuple[str, int | None]], offsite: bool, rnd: object
) -> None:
    fs = [
        finding(code, g, rid=f"40000000-0000-7000-8000-{i:012d}")
        for i, (code, g) in enumerate(items)
    ]
    shuffled = list(fs)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = site(fs, offsite), site(shuffled, offsite)
    b = dataclasses.replace(b, id=a.id)
    ra, rb = score_site(a, R, AS_OF), score_site(b, R, AS_OF)
    assert ra.to_json() == rb.to_json()
    if ra.risk_level is not None:
        assert 0 <= ra.risk_level <= 4


@settings(max_examples=200, deadline=None)
@given(grades, st.booleans(), st.data())
def test_raising_a_finding_grade_never_lowers_a_known_risk_level(
    items: list[tuple[str, int | None]], offsite: bool, data: st.DataObject
) -> None:
    fs = [
        finding(code, g, rid=f"50000000-0000-7000-8000-{i:012d}")
        for i, (code, g) in enumerate(items)
    ]
    raisable = [i for i, f in enumerate(fs) if f.grade is not None and f.grade < 3]
    assume(raisable)
    i = data.draw(st.sampled_from(raisable))
    raised = list(fs)
    raised[i] = dataclasses.replace(fs[i], grade=data.draw(st.integers(fs[i].grade + 1, 3)))  # type: ignore[operator]
    before = score_site(site(fs, offsite), R, AS_OF)
    after = score_site(site(raised, offsite), R, AS_OF)
    if before.risk_level is not None:
        assert after.risk_level is not None and after.risk_level >= before.risk_level
