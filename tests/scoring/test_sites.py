"""Worked examples: site forced-labour risk 0-4 / unknown, confidence, remediation."""

from __future__ import annotations

import datetime as dt

from aces_desktop.core.rubric import default_rubric
from aces_desktop.core.scoring import SiteInput, score_site
from tests.scoring.builders import AS_OF, FL_CODES, all_absent, finding, site

R = default_rubric()


def score(inp: SiteInput, as_of: dt.date = AS_OF):
    return score_site(inp, R, as_of)


def test_thirteen_forced_labour_indicators() -> None:
    # the eleven ILO indicators plus the two state-imposed labour indicators
    assert len(FL_CODES) == 13 and FL_CODES[0] == "ILO-01" and FL_CODES[-1] == "SIL-02"


def test_level_4_state_imposed_labour_even_with_little_checked() -> None:
    r = score(site([finding("SIL-01", 2)], offsite=False))
    assert (r.risk_level, r.risk_label, r.status) == (4, "likely forced labour", "rated")
    assert "state-imposed" in r.reasons[0]
    assert r.criterion("SIL-01").earned_by  # the deciding finding is named


def test_level_4_strong_involuntariness_with_penalty() -> None:
    # ILO-04 isolation (involuntariness) strong + ILO-07 retention of documents (penalty) medium
    fs = [*all_absent(("ILO-04", "ILO-07")), finding("ILO-04", 3), finding("ILO-07", 2)]
    r = score(site(fs))
    assert r.risk_level == 4
    assert r.site is not None
    assert r.site["elements"]["involuntariness"] == {"max_grade": 3, "indicators": ["ILO-04"]}
    assert r.site["elements"]["penalty"] == {"max_grade": 2, "indicators": ["ILO-07"]}


def test_level_3_one_strong_indicator() -> None:
    # strong involuntariness with only a risk-factor penalty: 3
    fs = [*all_absent(("ILO-04", "ILO-07")), finding("ILO-04", 3), finding("ILO-07", 1)]
    assert score(site(fs)).risk_level == 3
    # strong penalty without strong involuntariness: 3
    fs = [*all_absent(("ILO-05",)), finding("ILO-05", 3)]
    assert score(site(fs)).risk_level == 3
    # a strong context indicator (abuse of vulnerability): 3
    fs = [*all_absent(("ILO-01",)), finding("ILO-01", 3)]
    assert score(site(fs)).risk_level == 3


def test_level_2_two_medium_indicators() -> None:
    fs = [*all_absent(("ILO-02", "ILO-08")), finding("ILO-02", 2), finding("ILO-08", 2)]
    r = score(site(fs))
    assert (r.risk_level, r.risk_label) == (2, "elevated")


def test_level_1_isolated_risk_factors() -> None:
    fs = [*all_absent(("ILO-11",)), finding("ILO-11", 1)]
    assert score(site(fs)).risk_level == 1
    # a single medium indicator is isolated too
    fs = [*all_absent(("ILO-02",)), finding("ILO-02", 2)]
    assert score(site(fs)).risk_level == 1


def test_level_0_needs_every_indicator_and_offsite_interviews() -> None:
    r = score(site(all_absent()))
    assert (r.risk_level, r.risk_label, r.coverage) == (0, "none found", 100.0)
    # without off-site worker interviews: unknown, and the reason says why
    r = score(site(all_absent(), offsite=False))
    assert (r.risk_level, r.status) == (None, "unknown")
    assert "off-site" in r.reasons[0]
    # one indicator unchecked: unknown
    r = score(site(all_absent(("ILO-09",))))
    assert r.risk_level is None and "ILO-09" in r.reasons[0]


def test_unknown_when_fewer_than_half_checked() -> None:
    # 6 of 13 checked (< 6.5): unknown even with a risk factor
    fs = [finding(code, 0) for code in FL_CODES[:5]] + [finding("ILO-11", 1)]
    r = score(site(fs))
    assert r.risk_level is None and "only 6 of 13" in r.reasons[0]
    assert r.coverage == 46.2  # 6 / 13
    # 7 checked: the risk factor counts -> 1
    fs = [finding(code, 0) for code in FL_CODES[:6]] + [finding("ILO-11", 1)]
    assert score(site(fs)).risk_level == 1
    # unchecked findings (grade None) do not count as checked
    fs = [finding(code, None) for code in FL_CODES]
    assert score(site(fs)).risk_level is None


def test_decent_work_and_environment_are_reported_beside_the_level() -> None:
    fs = [*all_absent(), finding("DW-05", 3), finding("ENV-01", 2)]
    r = score(site(fs))
    assert r.risk_level == 0
    assert r.site is not None
    assert r.site["other_findings"]["DW"] == {"max_grade": 3, "indicators": ["DW-05"]}
    assert r.site["other_findings"]["ENV"] == {"max_grade": 2, "indicators": ["ENV-01"]}


def test_stale_findings_earn_half() -> None:
    old = dt.date(2024, 1, 10)  # older than 24 months on 2026-11-25
    fs = [
        *all_absent(("ILO-04", "ILO-07")),
        finding("ILO-04", 3, observed=old),
        finding("ILO-07", 2),
    ]
    r = score(site(fs))
    # ILO-04 counts as 3 // 2 = 1: no strong indicator, one medium (ILO-07): level 1
    assert r.criterion("ILO-04").level == 1
    assert r.risk_level == 1
    # two years earlier the same findings were fresh: level 4
    earlier = dt.date(2024, 6, 1)
    fs_then = [
        *all_absent(("ILO-04", "ILO-07"), observed=dt.date(2024, 1, 1)),
        finding("ILO-04", 3, observed=old),
        finding("ILO-07", 2, observed=dt.date(2024, 1, 1)),
    ]
    assert score(site(fs_then, as_of=earlier), earlier).risk_level == 4


def test_verified_remediation_counts_as_absent_and_progress() -> None:
    fixed = finding("ILO-04", 3, status="verified_remediated", verified_on=dt.date(2026, 9, 1))
    fs = [
        *all_absent(("ILO-04", "ILO-07", "ILO-08")),
        fixed,
        finding("ILO-07", 2, status="remediated"),
        finding("ILO-08", 1, status="in_remediation"),
        finding("DW-03", 2, status="verified_remediated", verified_on=dt.date(2026, 10, 1)),
        finding("DW-01", 1, status="verified_remediated", verified_on=dt.date(2026, 12, 20)),
    ]
    r = score(site(fs))
    assert r.criterion("ILO-04").level == 0
    assert r.risk_level == 1  # ILO-07 medium alone + ILO-08 risk factor: isolated
    assert r.site is not None
    # findings above 0: ILO-04, ILO-07, ILO-08, DW-03, DW-01 = 5; verified by the scoring
    # date: ILO-04 and DW-03 (DW-01 is verified after 2026-11-25) -> 2 / 5
    assert r.site["remediation"] == {"above_zero": 5, "verified": 2, "progress": 0.4}
    # a month later DW-01 is verified too: 3 / 5
    later = dt.date(2026, 12, 31)
    assert score(site(fs, as_of=later), later).site["remediation"]["progress"] == 0.6


def test_confidence_of_the_deciding_findings() -> None:
    base = all_absent(("ILO-05",))
    # direct observation on an unannounced visit: high
    assert score(site([*base, finding("ILO-05", 3)])).confidence == "high"
    # corroborated testimony: high
    assert (
        score(site([*base, finding("ILO-05", 3, source="testimony_corroborated")])).confidence
        == "high"
    )
    # only an announced audit: low
    assert score(site([*base, finding("ILO-05", 3, method="announced")])).confidence == "low"
    # only the site's own documents: low
    assert score(site([*base, finding("ILO-05", 3, source="document")])).confidence == "low"
    # single testimony: medium
    assert (
        score(site([*base, finding("ILO-05", 3, source="testimony_single")])).confidence == "medium"
    )
    # level 4 where the involuntariness part is observed but the penalty part is only documented
    fs = [
        *all_absent(("ILO-04", "ILO-07")),
        finding("ILO-04", 3),
        finding("ILO-07", 2, source="document"),
    ]
    r = score(site(fs))
    assert (r.risk_level, r.confidence) == (4, "medium")
    # unknown: low
    assert score(site([finding("ILO-01", 0)])).confidence == "low"


def test_amended_and_future_findings_are_left_out() -> None:
    wrong = finding("ILO-05", 3)
    future = finding("ILO-06", 3, observed=dt.date(2027, 1, 1))
    fs = [*all_absent(("ILO-05",)), wrong, finding("ILO-05", 0), future]
    assert score(site(fs)).risk_level == 3
    assert score(site(fs, amended=(wrong.id,))).risk_level == 0


def test_explanation_names_the_newest_deciding_finding() -> None:
    a = finding("ILO-05", 3, rid="00000000-0000-7000-8000-00000000aaaa")
    b = finding("ILO-05", 3, rid="00000000-0000-7000-8000-00000000bbbb")
    r = score(site([*all_absent(("ILO-05",)), a, b, finding("ILO-05", 1)]))
    c = r.criterion("ILO-05")
    assert c.earned_by == [b.id]
    assert c.evidence[0].count == 2 and c.evidence[0].record_type == "finding"
