"""gather (set-based SQL) gives exactly what the engine computes from individual records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select, text

from aces_desktop.core.rubric import default_rubric
from aces_desktop.core.scoring import FindingInput, SiteInput, score_all, summarise
from aces_desktop.store import models as m
from aces_desktop.store.gather import gather, score_workspace
from aces_desktop.store.snapshots import history, save_snapshot
from tests.scoring.world import scoring_world

AS_OF = dt.date(2026, 11, 25)
R = default_rubric()


def _reference_sites(ws: Any) -> dict[str, SiteInput]:
    """Site inputs computed the slow way: every finding as a FindingInput."""
    with ws.session() as s:
        methods = dict(s.execute(select(m.Visit.id, m.Visit.method)).all())
        findings = s.execute(select(m.Finding)).scalars().all()
        amended = {f.amends_id for f in findings if f.amends_id}
        by_site: dict[str, list[FindingInput]] = {}
        for f in findings:
            by_site.setdefault(f.site_id, []).append(
                FindingInput(
                    f.id,
                    f.indicator,
                    f.grade,
                    f.source_type,
                    methods.get(f.visit_id),
                    f.observed_on,
                    f.remediation_status,
                    f.verified_on,
                )
            )
        offsite = {
            v.site_id
            for v in s.execute(select(m.Visit)).scalars()
            if v.method == "offsite_interviews"
        }
        return {
            site.id: SiteInput(
                site.id,
                site.name,
                site.country,
                site.region,
                summarise(by_site.get(site.id, []), R, AS_OF, amended),
                site.id in offsite,
            )
            for site in s.execute(select(m.Site)).scalars()
        }


def test_gather_equals_engine_on_individual_findings(workspace: Any) -> None:
    ids = scoring_world(workspace)
    inputs = gather(workspace, AS_OF, R)
    reference = _reference_sites(workspace)
    assert {s.id for s in inputs.sites} == set(reference)
    for s in inputs.sites:
        assert s == reference[s.id], s.name
    results = score_all(inputs, AS_OF, R)
    slow = score_all(
        type(inputs)(inputs.initiatives, inputs.companies, list(reference.values())), AS_OF, R
    )
    assert [r.to_json() for r in results] == [r.to_json() for r in slow]

    by_id = {r.subject_id: r for r in results}
    site = by_id[ids["site"]]
    # world.py: ILO-02/05/08/11 at grade 2 from own claims on an announced audit; ILO-09
    # strong but stale (3 -> 1); the amended ILO-05 grade 3 does not count; the verified
    # remediated ILO-10 grade 3 counts 0 (the announced audit's grade 1 remains)
    assert site.criterion("ILO-09").level == 1
    assert site.criterion("ILO-10").level == 1
    assert site.criterion("ILO-05").level == 2
    assert site.criterion("ILO-06").level == 0  # the grade-2 finding is dated after as_of
    # small_world's undated ILO-07 grade 3, directly observed on an unannounced visit: level 3
    # (no strong involuntariness indicator) with high confidence
    assert site.risk_level == 3 and site.confidence == "high"
    assert site.criterion("ILO-07").earned_by == [ids["finding"]]
    assert site.site is not None and site.site["remediation"]["verified"] == 1
    assert by_id[ids["site2"]].risk_level == 4  # state-imposed labour
    unvisited = next(r for r in results if r.subject_name == "Unvisited site")
    assert unvisited.risk_level is None and unvisited.coverage == 0.0

    ini = by_id[ids["initiative"]]
    assert ini.criterion("S1").level == 4  # from workers_covered 2.5 million
    assert ini.criterion("A3").level == 2  # own claim
    assert ini.criterion("A4").level == 2  # stale
    comp = by_id[ids["company"]]
    assert comp.criterion("C3").level is None  # audit in the Uyghur Region
    assert comp.criterion("C1").evidence[0].sha256 == ["ab" * 32]
    assert comp.gate("legal_statement").passed
    assert ids["membership"] in [e.id for e in comp.criterion("C6").evidence]
    assert comp.tag_ids == []
    assert by_id[ids["company2"]].tag_ids == ["non_responsive"]


def test_kind_filter_and_snapshots(workspace: Any) -> None:
    ids = scoring_world(workspace)
    companies = score_workspace(workspace, kind="company", as_of=AS_OF)
    assert {r.kind for r in companies} == {"company"} and len(companies) == 2
    results = score_workspace(workspace, as_of=AS_OF)
    assert save_snapshot(workspace, results) == len(results)
    # the same inputs on the same day: nothing new
    assert save_snapshot(workspace, score_workspace(workspace, as_of=AS_OF)) == 0
    # another day: a new snapshot per subject
    later = score_workspace(workspace, as_of=dt.date(2026, 12, 31))
    assert save_snapshot(workspace, later) == len(later)
    snaps = history(workspace, ids["site"])
    assert [s.as_of for s in snaps] == ["2026-11-25", "2026-12-31"]
    # DW-03 is verified on 2027-01-01: still 1 of 3 at the end of 2026
    assert snaps[0].remediation_progress == snaps[1].remediation_progress
    company = history(workspace, ids["company"])
    assert company[0].tier == next(r.tier for r in results if r.subject_id == ids["company"])


def test_backfill_scores_past_quarters_once(workspace: Any) -> None:
    from aces_desktop.store.snapshots import backfill, quarter_ends, snapshot_days

    ids = scoring_world(workspace)
    assert quarter_ends(AS_OF, 3) == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
    ]
    saved = backfill(workspace, AS_OF, 3)
    assert snapshot_days(workspace) == {"2026-03-31", "2026-06-30", "2026-09-30"}
    assert saved == 3 * len(score_workspace(workspace, as_of=AS_OF))
    assert backfill(workspace, AS_OF, 3) == 0  # nothing twice
    site = {s.as_of: s for s in history(workspace, ids["site"])}
    # on 2026-03-31 the verified remediation (2026-09-01) had not happened yet
    assert site["2026-03-31"].remediation_progress == 0.0
    assert site["2026-09-30"].remediation_progress is not None
    assert site["2026-09-30"].remediation_progress > 0
    # the Second site's only finding is from 2026-06-01: unknown before, 4 after
    second = {s.as_of: s.risk_level for s in history(workspace, ids["site2"])}
    assert second == {"2026-03-31": None, "2026-06-30": 4, "2026-09-30": 4}


def test_the_aggregate_in_parts_gives_what_one_query_gives(
    workspace: Any, monkeypatch: Any
) -> None:
    """A large workspace file reads the findings aggregate in parts at once (one per core,
    over ranges of rowids) and merges them: the inputs and every score are those of the one
    query, amended findings included."""
    from aces_desktop.demo_data import DemoOptions, fill_demo
    from aces_desktop.store import gather as gathering

    scoring_world(workspace)
    fill_demo(workspace, DemoOptions(sites=5, observations=1500))
    monkeypatch.setattr(gathering.os, "cpu_count", lambda: 3)
    monkeypatch.setattr(gathering, "PART_MIN", 10**9)
    with workspace.session() as s:
        newest = s.execute(text(gathering.NEWEST_REVISION)).scalar()
    assert gathering._in_parts(workspace, R, AS_OF, newest) is None  # few findings
    one = gather(workspace, AS_OF, R)
    monkeypatch.setattr(gathering, "PART_MIN", 1)
    # Parts that would read another state than the gathering session's: one query instead.
    assert gathering._in_parts(workspace, R, AS_OF, newest - 1) is None
    rows = gathering._in_parts(workspace, R, AS_OF, newest)
    assert rows is not None and len(rows) == sum(len(s.indicators) for s in one.sites)
    parts = gather(workspace, AS_OF, R)
    assert parts.sites == one.sites
    assert any(i.checked > 1 for s in parts.sites for i in s.indicators)
    assert [r.to_json() for r in score_all(parts, AS_OF, R)] == [
        r.to_json() for r in score_all(one, AS_OF, R)
    ]


def test_rating_pauses_the_cycle_collector_only_while_it_runs(
    workspace: Any, monkeypatch: Any
) -> None:
    import gc

    from aces_desktop.store import gather as gathering

    scoring_world(workspace)
    seen: list[bool] = []
    original = gathering.score_all

    def scoring(*args: Any) -> Any:
        seen.append(gc.isenabled())
        return original(*args)

    monkeypatch.setattr(gathering, "score_all", scoring)
    assert gc.isenabled()
    results = score_workspace(workspace, as_of=AS_OF)
    assert seen == [False] and gc.isenabled() and results
    # an error inside leaves it on; a collector paused before stays paused
    monkeypatch.setattr(gathering, "score_all", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        score_workspace(workspace, as_of=AS_OF)
    assert gc.isenabled()
    gc.disable()
    try:
        monkeypatch.setattr(gathering, "score_all", scoring)
        score_workspace(workspace, as_of=AS_OF)
        assert not gc.isenabled()
    finally:
        gc.enable()
