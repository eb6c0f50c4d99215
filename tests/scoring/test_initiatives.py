"""Worked examples: initiative ratings (METHODOLOGY.md section 1 and the principles)."""

from __future__ import annotations

import datetime as dt

from aces_desktop.core.rubric import default_rubric
from aces_desktop.core.scoring import InitiativeInput, score_initiative
from tests.scoring.builders import AS_OF, ev, initiative, uid

R = default_rubric()


def score(inp: InitiativeInput, as_of: dt.date = AS_OF):
    return score_initiative(inp, R, as_of)


def test_all_known_dimensions_grades_and_label() -> None:
    inp = initiative(
        {
            "T1": 3,
            "T2": 2,
            "T3": 4,
            "S1": 4,
            "S2": 4,
            "S3": 4,
            "A1": 4,
            "A2": 3,
            "A3": 4,
            "A4": 4,
            "A5": 3,
        }
    )
    r = score(inp)
    t, s, a = (r.dimension(d) for d in "TSA")
    # T: 100 x (3+2+4) / (4 x 3) = 75.0 -> B; S: 100 -> A; A: 100 x 18 / 20 = 90.0 -> A
    assert (t.score, t.grade, t.band.low, t.band.high, t.coverage) == (75.0, "B", 75.0, 75.0, 100.0)
    assert (s.score, s.grade) == (100.0, "A")
    assert (a.score, a.grade) == (90.0, "A")
    assert r.status == "rated" and r.coverage == 100.0
    # every dimension >= 75: the label
    assert [label.id for label in r.labels] == ["scaled_transparent_binding"]
    assert r.criterion("T1").level == 3
    assert r.criterion("T1").level_text == "initiative publishes every covered site"
    assert r.score is None and r.band is None  # no hidden total


def test_label_needs_every_dimension_at_75() -> None:
    # T = 100 x 8 / 12 = 66.7 < 75: no label although S and A are perfect
    inp = initiative(
        dict.fromkeys(("S1", "S2", "S3", "A1", "A2", "A3", "A4", "A5"), 4)
        | {"T1": 3, "T2": 3, "T3": 2}
    )
    r = score(inp)
    assert r.dimension("T").score == 66.7 and r.dimension("T").grade == "B"
    assert r.labels == []


def test_grades_at_each_threshold() -> None:
    # A dimension with 5 criteria: sum of levels s gives 100 s / 20 = 5 s
    cases = {
        16: ("A", 80.0),
        15: ("B", 75.0),
        12: ("B", 60.0),
        11: ("C", 55.0),
        8: ("C", 40.0),
        4: ("D", 20.0),
        3: ("E", 15.0),
        0: ("E", 0.0),
    }
    for total, (grade, expected) in cases.items():
        levels = [min(4, max(0, total - 4 * i)) for i in range(5)]
        inp = initiative({f"A{i + 1}": lv for i, lv in enumerate(levels)})
        a = score(inp).dimension("A")
        assert (a.score, a.grade) == (expected, grade), total


def test_unknown_criteria_band_and_point_score() -> None:
    # T1 = 4, T3 = 2, T2 unknown. Coverage 2/3 = 66.7 % >= 60 %: rated.
    # point = 100 x 6 / 8 = 75.0; band low = 100 x 6 / 12 = 50.0, high = 100 x (6+4) / 12 = 83.3
    r = score(initiative({"T1": 4, "T3": 2}))
    t = r.dimension("T")
    assert (t.status, t.score, t.band.low, t.band.high, t.coverage) == (
        "rated",
        75.0,
        50.0,
        83.3,
        66.7,
    )
    assert r.criterion("T2").level is None and r.criterion("T2").earned_by == []


def test_insufficient_evidence_below_60_percent() -> None:
    # A1 = 4, A2 = 2, three unknown: coverage 40 % -> insufficient evidence, no point score
    # band low = 100 x 6 / 20 = 30.0; high = 100 x (6 + 12) / 20 = 90.0
    r = score(initiative({"A1": 4, "A2": 2}))
    a = r.dimension("A")
    assert (a.status, a.score, a.grade) == ("insufficient_evidence", None, None)
    assert (a.band.low, a.band.high, a.coverage) == (30.0, 90.0, 40.0)
    assert r.status == "insufficient_evidence"
    # S has no evidence at all: band 0..100, coverage 0
    s = r.dimension("S")
    assert (s.band.low, s.band.high, s.coverage, s.score) == (0.0, 100.0, 0.0, None)


def test_stale_evidence_earns_half_rounded_down() -> None:
    # as of 2026-11-25 the cut-off is 2024-11-25: older evidence is stale
    old = dt.date(2024, 11, 24)
    edge = dt.date(2024, 11, 25)
    inp = InitiativeInput(
        uid(),
        "Stale MSI",
        (ev("T1", 3, date=old), ev("T2", 4, date=old), ev("T3", 4, date=edge)),
    )
    r = score(inp)
    assert r.criterion("T1").level == 1  # 3 // 2
    assert r.criterion("T2").level == 2  # 4 // 2
    assert r.criterion("T3").level == 4  # exactly 24 months old: not older, not stale
    assert r.criterion("T1").stale and not r.criterion("T3").stale
    assert any("stale" in n for n in r.criterion("T1").evidence[0].notes)
    # T = 100 x (1 + 2 + 4) / 12 = 58.3
    assert r.dimension("T").score == 58.3
    # the same evidence scored a year earlier is fresh
    assert score(inp, dt.date(2025, 11, 25)).dimension("T").score == 91.7


def test_own_claim_does_not_earn_a_level_needing_verification() -> None:
    a, b = uid(), uid()
    inp = InitiativeInput(
        uid(),
        "Claims",
        (
            ev("A5", 4, source="own_claim", rid=a),  # needs verification: earns 2
            ev("A1", 2, source="own_claim"),  # level 2 needs none: earns 2
            ev("A2", 4, source="own_claim", rid=b),
            ev("A2", 3, source="public_report"),  # verified elsewhere: A2 = 3 from this one
            ev("A3", 4, source="own_claim", date=dt.date(2020, 1, 1)),  # capped to 2, stale -> 1
        ),
    )
    r = score(inp)
    assert r.criterion("A5").level == 2
    assert r.criterion("A1").level == 2
    a2 = r.criterion("A2")
    assert a2.level == 3 and b not in a2.earned_by and len(a2.earned_by) == 1
    assert r.criterion("A3").level == 1


def test_level_follows_from_a_stated_figure() -> None:
    # S1: workers covered 600,000 reaches thresholds 10k, 100k, 500k -> level 3 (recorded 1)
    # S2: 4.5 % of the workforce reaches 1 % only -> level 1 (recorded 4)
    inp = InitiativeInput(
        uid(),
        "Figures",
        (
            ev("S1", 1, facts={"workers_covered": 600_000}),
            ev("S2", 4, facts={"workforce_share_percent": 4.5}),
            ev("S3", 2),
        ),
    )
    r = score(inp)
    assert (r.criterion("S1").level, r.criterion("S2").level) == (3, 1)
    assert r.dimension("S").score == 50.0  # 100 x (3 + 1 + 2) / 12


def test_every_point_is_explained_and_future_evidence_ignored() -> None:
    keep, future = uid(), uid()
    inp = InitiativeInput(
        uid(),
        "Explained",
        (ev("T1", 2, rid=keep), ev("T1", 4, date=dt.date(2027, 1, 1), rid=future)),
    )
    r = score(inp)
    t1 = r.criterion("T1")
    assert t1.level == 2 and t1.earned_by == [keep]
    refs = {e.id: e for e in t1.evidence}
    assert refs[future].earned_level is None and "after the scoring date" in refs[future].notes[0]
    assert refs[keep].url == "https://example.org/e" and refs[keep].source_type == "document"


def test_confidence() -> None:
    # every criterion known from documents: high
    full = dict.fromkeys(R.initiative_criteria(), 3)
    assert score(initiative(full)).confidence == "high"
    # more than half the weight rests on public reports only: low
    weak = InitiativeInput(
        uid(),
        "Weak",
        tuple(
            ev(c, 3, source="public_report" if i < 6 else "document")
            for i, c in enumerate(R.initiative_criteria())
        ),
    )
    assert score(weak).confidence == "low"
    # a few public reports: medium
    mixed = InitiativeInput(
        uid(),
        "Mixed",
        tuple(
            ev(c, 3, source="public_report" if i < 2 else "document")
            for i, c in enumerate(R.initiative_criteria())
        ),
    )
    assert score(mixed).confidence == "medium"
    # insufficient coverage: low
    assert score(initiative({"T1": 4})).confidence == "low"
