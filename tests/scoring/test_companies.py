"""Worked examples: company HRDD ratings, tiers and every gate (METHODOLOGY.md section 2)."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from aces_desktop.core.rubric import default_rubric
from aces_desktop.core.scoring import (
    CompanyInput,
    MembershipInput,
    ResponseInput,
    accountable_score,
    score_company,
    score_initiative,
)
from tests.scoring.builders import AS_OF, STATEMENT_FACTS, company, ev, initiative, uid

R = default_rubric()
ALL_TWO = {f"C{i}": 2 for i in range(1, 8)}


def score(inp: CompanyInput, accountable: dict[str, float | None] | None = None):
    return score_company(inp, R, AS_OF, accountable or {})


def test_weighted_score_and_tier() -> None:
    # (10x4 + 15x2 + 15x2 + 10x2 + 10x2 + 15x2 + 25x4) / 4 = 270 / 4 = 67.5 -> Improver
    r = score(company(ALL_TWO | {"C1": 4, "C7": 4}))
    assert (r.status, r.score, r.tier, r.coverage) == ("rated", 67.5, "Improver", 100.0)
    assert (r.band.low, r.band.high) == (67.5, 67.5)
    # C2 at 4 adds 15 x 2 / 4 = 7.5 -> 75.0 Leader
    assert score(company(ALL_TWO | {"C1": 4, "C7": 4, "C2": 4})).tier == "Leader"


@pytest.mark.parametrize(
    ("levels", "expected", "tier"),
    [
        ({"C2": 4, "C3": 4, "C6": 4, "C7": 4}, 70.0, "Leader"),  # (60+60+60+100)/4
        ({"C2": 4, "C7": 4}, 40.0, "Improver"),  # (60+100)/4
        ({"C2": 4}, 15.0, "Starter"),  # 60/4
        ({"C1": 4, "C4": 1}, 12.5, "Laggard"),  # (40+10)/4
        ({"C7": 4, "C2": 4, "C3": 4, "C6": 3, "C1": 1}, 68.8, "Improver"),  # 275/4 = 68.75
    ],
)
def test_tiers_at_the_thresholds(levels: dict[str, int], expected: float, tier: str) -> None:
    full = {f"C{i}": 0 for i in range(1, 8)} | levels
    weights = {c: R.criteria[c].weight for c in full}
    by_hand = round(sum(weights[c] * lv for c, lv in full.items()) / 4, 1)
    r = score(company(full))
    assert r.score == expected
    assert abs(by_hand - expected) < 0.051
    assert r.tier == tier


def test_tier_function_boundaries() -> None:
    assert [R.tier_for(x) for x in (70, 69.9, 40, 39.9, 15, 14.9, 0)] == [
        "Leader",
        "Improver",
        "Improver",
        "Starter",
        "Starter",
        "Laggard",
        "Laggard",
    ]


def test_unknowns_band_and_insufficient_evidence() -> None:
    # C1=4, C7=4 known (weights 10 + 25 = 35 %): insufficient evidence
    # band low = (40 + 100) / 4 = 35.0; high = 35 + 65 x 4 / 4 = 100.0
    r = score(company({"C1": 4, "C7": 4}))
    assert (r.status, r.score, r.tier, r.coverage) == ("insufficient_evidence", None, None, 35.0)
    assert (r.band.low, r.band.high) == (35.0, 100.0)
    # C1..C5 known (60 %): rated. point = (40+30+30+20+20) / (4 x 0.6 x 100) x 100
    r = score(company({"C1": 4, "C2": 2, "C3": 2, "C4": 2, "C5": 2}))
    assert r.coverage == 60.0 and r.status == "rated"
    assert r.score == round(100 * 140 / 240, 1) == 58.3
    assert (r.band.low, r.band.high) == (35.0, 75.0)  # 140/4 ; (140 + 4 x 40)/4


def test_legal_statement_gate_caps_at_15_and_earns_nothing() -> None:
    levels = ALL_TWO | {"C1": 4, "C7": 4}
    with_statement = score(company(levels))
    without = score(company(levels, statement=False))
    assert with_statement.score == 67.5 and with_statement.gate("legal_statement").passed
    assert (without.score, without.tier) == (15.0, "Starter")
    assert (without.band.low, without.band.high) == (15.0, 15.0)
    assert not without.gate("legal_statement").passed
    # the statement earns no points by itself: a statement alone is 0 with band 0..15
    alone = score(company({}))
    assert (
        alone.gate("legal_statement").passed and alone.band.low == 0.0 and alone.band.high == 100.0
    )
    # unsigned statement: gate fails
    unsigned = ev(
        "LEGAL_STATEMENT", None, kind="statement", facts={**STATEMENT_FACTS, "signed": False}
    )
    r = score(company(levels, statement=False, extra=(unsigned,)))
    assert not r.gate("legal_statement").passed and r.score == 15.0
    # a statement older than 24 months is not current
    old = ev(
        "LEGAL_STATEMENT", None, kind="statement", facts=STATEMENT_FACTS, date=dt.date(2024, 1, 1)
    )
    assert score(company(levels, statement=False, extra=(old,))).score == 15.0
    # a company below 15 is not affected
    low = score(company({f"C{i}": 0 for i in range(1, 8)} | {"C1": 4}, statement=False))
    assert low.score == 10.0 and low.tier == "Laggard"


def _initiative_with_accountable(levels: list[int]) -> tuple[str, float | None]:
    ini = initiative(
        {f"A{i + 1}": lv for i, lv in enumerate(levels)}
        | {"T1": 2, "T2": 2, "T3": 2, "S1": 2, "S2": 2, "S3": 2}
    )
    result = score_initiative(ini, R, AS_OF)
    return ini.id, accountable_score(result, R)


def test_membership_credit_in_proportion_to_accountable_score() -> None:
    strong_id, strong_a = _initiative_with_accountable([4, 4, 4, 4, 4])  # A = 100
    mid_id, mid_a = _initiative_with_accountable([2, 2, 2, 2, 2])  # A = 50
    weak_id, weak_a = _initiative_with_accountable([2, 2, 2, 1, 1])  # A = 40
    assert (strong_a, mid_a, weak_a) == (100.0, 50.0, 40.0)
    acc = {strong_id: strong_a, mid_id: mid_a, weak_id: weak_a}
    base = dict.fromkeys(("C1", "C2", "C3", "C4", "C5"), 2)

    def with_membership(iid: str, status: str = "member") -> CompanyInput:
        return company(base, memberships=[MembershipInput(uid(), iid, status, dt.date(2020, 1, 1))])

    # floor(2 x 100 / 100) = 2 in C6 and C7
    r = score(with_membership(strong_id), acc)
    assert (r.criterion("C6").level, r.criterion("C7").level) == (2, 2)
    assert r.criterion("C6").evidence[0].record_type == "membership"
    # floor(2 x 50 / 100) = 1
    r = score(with_membership(mid_id), acc)
    assert (r.criterion("C6").level, r.criterion("C7").level) == (1, 1)
    # floor(2 x 40 / 100) = 0: membership of a non-binding scheme earns (almost) nothing
    r = score(with_membership(weak_id), acc)
    assert (r.criterion("C6").level, r.criterion("C7").level) == (0, 0)
    # a suspended or expired membership earns nothing (C6 stays unknown)
    assert score(with_membership(strong_id, "suspended"), acc).criterion("C6").level is None
    # evidence claiming C6 level 4 through membership of the 50-point initiative: floor(4 x 0.5)
    claim = ev("C6", 4, facts={"initiative_id": mid_id})
    r = score(company(base, extra=(claim,)), acc)
    assert r.criterion("C6").level == 2


def test_no_c3_credit_for_audits_in_the_uyghur_region() -> None:
    xj = ev("C3", 4, kind="audit", facts={"region": "CN-XJ"})
    xj_named = ev("C3", 4, kind="audit", facts={"region": "Xinjiang Uyghur Autonomous Region"})
    gd = ev("C3", 3, kind="audit", facts={"region": "CN-GD"})
    r = score(company({"C1": 2}, extra=(xj, xj_named)))
    c3 = r.criterion("C3")
    assert c3.level is None and c3.earned_by == []
    assert not r.gate("no_assurance_region").passed
    assert sorted(r.gate("no_assurance_region").evidence) == sorted([xj.id, xj_named.id])
    r = score(company({"C1": 2}, extra=(xj, gd)))
    assert r.criterion("C3").level == 3 and r.criterion("C3").earned_by == [gd.id]
    # named in Uyghur (Arabic script, also typed as presentation forms) or Uyghur Latin
    for name in (
        "شىنجاڭ ئۇيغۇر ئاپتونوم رايونى",
        unicodedata.normalize("NFKC", "ﺷﯩﻨﺠﺎﯓ"),  # base letters after NFKC
        "ﺷﯩﻨﺠﺎﯓ",  # presentation forms as some keyboards and PDFs give them
        "Shinjang Uyghur Aptonom Rayoni",
    ):
        named = ev("C3", 4, kind="audit", facts={"region": name})
        assert score(company({"C1": 2}, extra=(named,))).criterion("C3").level is None, name
    # the same region for a non-audit document (e.g. a policy) still counts
    policy = ev("C3", 2, kind="policy", facts={"region": "CN-XJ"})
    assert score(company({}, extra=(policy,))).criterion("C3").level == 2


def _resp(
    sent: dt.date,
    answered: dt.date | None = None,
    commitments: bool = False,
    met: bool | None = None,
) -> ResponseInput:
    return ResponseInput(uid(), sent, answered, commitments, met)


def test_non_responsive_tag_and_c7_from_the_response_log() -> None:
    d = dt.date
    # sent 116 days before, never answered: due and unanswered -> Non-responsive, C7 = 0
    r = score(company({}, responses=[_resp(d(2026, 8, 1))]))
    assert r.tag_ids == ["non_responsive"] and r.criterion("C7").level == 0
    assert r.criterion("C7").evidence[0].record_type == "company_response"
    # sent 26 days before: not yet due, no tag, C7 unknown
    r = score(company({}, responses=[_resp(d(2026, 10, 30))]))
    assert r.tag_ids == [] and r.criterion("C7").level is None
    # answered after 70 days: not within 60 -> still Non-responsive
    r = score(company({}, responses=[_resp(d(2026, 6, 1), d(2026, 8, 10))]))
    assert r.tag_ids == ["non_responsive"]
    # answered within 30 days: no tag; 1 of 1 due answered in time -> C7 = 2
    r = score(company({}, responses=[_resp(d(2026, 6, 1), d(2026, 7, 1))]))
    assert r.tag_ids == [] and r.criterion("C7").level == 2
    # one of two due requests answered in time: not more than half -> C7 = 1, no tag
    r = score(company({}, responses=[_resp(d(2026, 6, 1), d(2026, 7, 1)), _resp(d(2026, 7, 1))]))
    assert r.tag_ids == [] and r.criterion("C7").level == 1
    assert (
        r.responses is not None and r.responses["due"] == 2 and r.responses["answered_in_time"] == 1
    )
    # answered in time, commitments checked and met -> C7 = 3
    r = score(company({}, responses=[_resp(d(2026, 6, 1), d(2026, 6, 20), True, True)]))
    assert r.criterion("C7").level == 3
    # answered in time but the commitment was not met -> 2
    r = score(company({}, responses=[_resp(d(2026, 6, 1), d(2026, 6, 20), True, False)]))
    assert r.criterion("C7").level == 2
    # better C7 evidence (outcomes disclosed, level 4, document) wins over the log
    r = score(company({"C7": 4}, responses=[_resp(d(2026, 8, 1))]))
    assert r.criterion("C7").level == 4 and r.tag_ids == ["non_responsive"]


def test_result_json_has_every_field() -> None:
    r = score(company(ALL_TWO))
    doc = r.to_json()
    for key in (
        "format",
        "kind",
        "subject_id",
        "subject_name",
        "rubric_version",
        "as_of",
        "input_hash",
        "status",
        "score",
        "band",
        "coverage",
        "grade",
        "tier",
        "risk_level",
        "confidence",
        "dimensions",
        "labels",
        "tags",
        "gates",
        "criteria",
        "reasons",
        "site",
        "responses",
    ):
        assert key in doc
    assert doc["rubric_version"] == "1" and len(doc["input_hash"]) == 64
    assert {g["id"] for g in doc["gates"]} == {
        "legal_statement",
        "membership_credit",
        "no_assurance_region",
        "response_log",
    }
    c1 = next(c for c in doc["criteria"] if c["id"] == "C1")
    assert c1["level"] == 2 and len(c1["earned_by"]) == 1 and c1["evidence"][0]["counted"]


def test_the_worked_example_in_docs_scoring_md() -> None:
    d = dt.date
    ini_id = uid()
    evidence = (
        ev("LEGAL_STATEMENT", None, kind="statement", facts=STATEMENT_FACTS, date=d(2026, 4, 1)),
        ev("C1", 4, date=d(2026, 3, 1)),
        ev("C2", 4, source="own_claim"),
        ev("C3", 4, kind="audit", facts={"region": "CN-XJ"}),
        ev("C4", 2, source="public_report", date=d(2024, 1, 15)),
        ev("C5", 2),
    )
    responses = [
        _resp(d(2026, 5, 1), d(2026, 5, 20)),
        _resp(d(2026, 6, 1), d(2026, 6, 30)),
        _resp(d(2026, 7, 1)),
    ]
    inp = CompanyInput(
        uid(),
        "Northwind",
        evidence,
        (MembershipInput(uid(), ini_id, "member", d(2022, 1, 1)),),
        tuple(responses),
    )
    r = score(inp, {ini_id: 70.0})
    levels = {c.id: c.level for c in r.criteria}
    assert levels == {"C1": 4, "C2": 2, "C3": None, "C4": 1, "C5": 2, "C6": 1, "C7": 2}
    assert (r.coverage, r.score, r.tier) == (85.0, 48.5, "Improver")
    assert (r.band.low, r.band.high) == (41.3, 56.3)
    assert r.tag_ids == []
    unsigned = CompanyInput(inp.id, inp.name, evidence[1:], inp.memberships, inp.responses)
    capped = score(unsigned, {ini_id: 70.0})
    assert (capped.score, capped.tier) == (15.0, "Starter")
