"""The findings aggregate as PostgreSQL runs it (``store.gather._findings_sql_postgresql``)
gives the rows of its former spelling and the summaries the engine computes from individual
findings: amendments, stale findings, verified remediation (before and after the scoring
date), announced visits, every source type and undated or later findings."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from aces_desktop.core.rubric import default_rubric
from aces_desktop.core.scoring import score_all
from aces_desktop.core.scoring.common import stale_cutoff
from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.gather import findings_sql, gather
from tests.helpers import add
from tests.pg.test_pg_store import pg_coordinator
from tests.scoring.test_gather import _reference_sites
from tests.scoring.world import scoring_world

AS_OF = dt.date(2026, 11, 25)
R = default_rubric()


def _former_sql(as_of: dt.date) -> tuple[str, dict[str, Any]]:
    """The aggregate as PostgreSQL ran it before: SQLite's, with SUM(CASE ...) for TOTAL,
    text casts and typed dates (flattened by PostgreSQL, so each aggregate evaluated the
    per-finding CASE expressions again)."""
    sql, params = findings_sql(R, as_of)
    params = {**params, "as_of": as_of, "cutoff": stale_cutoff(as_of, R)}
    sql = sql.replace("LIMIT -1", "")
    sql = re.sub(r"TOTAL\(([^()]*)\)", r"SUM(CASE WHEN \1 THEN 1 ELSE 0 END)", sql)
    sql = sql.replace("e || ':' || id", "CAST(e AS TEXT) || ':' || id")
    sql = sql.replace(
        ") GROUP BY site_id, indicator", ") AS per_finding GROUP BY site_id, indicator"
    )
    return sql, params


def test_the_aggregate_on_postgresql_gives_the_former_rows_and_the_engines(
    pg_url: str, tmp_path: Path
) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    try:
        ids = scoring_world(hub)
        fill_demo(hub, DemoOptions(sites=6, observations=1200))
        with hub.session() as s:
            # the world holds what each rule reads
            amended = s.execute(text("SELECT count(*) FROM findings WHERE amends_id IS NOT NULL"))
            assert amended.scalar() == 1
            sources = {r[0] for r in s.execute(text("SELECT DISTINCT source_type FROM findings"))}
            assert {None, *R.site.low_confidence_sources, *R.site.high_confidence_sources} <= (
                sources
            )
            for as_of in (AS_OF, dt.date(2026, 8, 1), dt.date(2027, 3, 1)):
                new_sql, new_params = findings_sql(R, as_of, "postgresql")
                assert "UNION ALL" in new_sql and "FILTER" in new_sql
                new = sorted(tuple(r) for r in s.execute(text(new_sql), new_params))
                old = sorted(
                    tuple(r) for r in s.execute(text(_former_sql(as_of)[0]), _former_sql(as_of)[1])
                )
                assert new == old, as_of
                assert len(new) > 100
                # some rows with strong findings, some with the newest at a grade above 0
                assert any(r[7] for r in new) and any(r[6] and r[6][0] != "0" for r in new)
            # PostgreSQL may run it in parallel workers (as it does on large stores): made
            # to here, by pricing parallelism at nothing. The per-finding columns are still
            # computed once per finding, in the scan under the aggregate, and the rows stay.
            s.execute(text("ANALYZE findings"))
            s.execute(text("ANALYZE visits"))
            for setting in ("parallel_setup_cost", "parallel_tuple_cost"):
                s.execute(text(f"SET LOCAL {setting} = 0"))
            s.execute(text("SET LOCAL min_parallel_table_scan_size = 0"))
            sql, params = findings_sql(R, AS_OF, "postgresql")
            plan = " ".join(r[0] for r in s.execute(text("EXPLAIN " + sql), params))
            assert "Workers Planned" in plan and "Subquery Scan" in plan, plan
            parallel = sorted(tuple(r) for r in s.execute(text(sql), params))
            assert parallel == sorted(
                tuple(r) for r in s.execute(text(_former_sql(AS_OF)[0]), _former_sql(AS_OF)[1])
            )
        inputs = gather(hub, AS_OF, R)
        reference = _reference_sites(hub)
        assert {s.id for s in inputs.sites} == set(reference)
        for gathered in inputs.sites:
            assert gathered == reference[gathered.id], gathered.name
        by_id = {r.subject_id: r for r in score_all(inputs, AS_OF, R)}
        site = by_id[ids["site"]]
        assert site.criterion("ILO-09").level == 1  # stale: 3 -> 1
        assert site.criterion("ILO-10").level == 1  # verified remediated 3 counts 0
        assert site.criterion("ILO-05").level == 2  # the amended grade 3 does not count
        assert site.criterion("ILO-06").level == 0  # the grade-2 finding is after as_of
        assert site.criterion("ILO-07").earned_by == [ids["finding"]]
    finally:
        hub.close()


def test_gathering_reads_one_state_of_the_store(
    pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A finding committed by another coordinator while a rating gathers its inputs is not
    half in it: every query of the gathering reads the state of its first. Its transaction
    also plans without JIT compilation (``store.gather.gather``), and only it."""
    from aces_desktop.store import gather as gathering

    hub = pg_coordinator(tmp_path, pg_url)
    try:
        ids = scoring_world(hub)
        with hub.session() as s:
            default = s.execute(text("SHOW jit")).scalar()
        before = gather(hub, AS_OF, R)
        subjects = gathering._gather_subjects

        def meanwhile(*args: Any) -> None:
            subjects(*args)
            add(
                hub,
                "finding",
                visit_id=ids["visit"],
                site_id=ids["site"],
                indicator="SIL-01",
                grade=3,
                source_type="direct_observation",
                observed_on="2026-10-01",
            )

        monkeypatch.setattr(gathering, "_gather_subjects", meanwhile)
        settings: list[Any] = []
        summaries = gathering.gather_site_summaries

        def reading(s: Any, *args: Any) -> Any:
            settings.append(s.execute(text("SHOW jit")).scalar())
            settings.append(s.execute(text("SHOW transaction_isolation")).scalar())
            return summaries(s, *args)

        monkeypatch.setattr(gathering, "gather_site_summaries", reading)
        during = gather(hub, AS_OF, R)
        monkeypatch.undo()
        assert during.sites == before.sites
        assert settings == ["off", "repeatable read"]
        with hub.session() as s:  # for that transaction only
            assert s.execute(text("SHOW jit")).scalar() == default
        after = gather(hub, AS_OF, R)
        assert after.sites != before.sites
        level = {r.subject_id: r for r in score_all(after, AS_OF, R)}[ids["site"]].risk_level
        assert level == 4  # the new finding: state-imposed labour
    finally:
        hub.close()


class _PlanSpy:
    """A session for ``gather_site_summaries`` that keeps the plan of the aggregate as the
    gathering runs it (its settings in force), then runs it."""

    def __init__(self, s: Any) -> None:
        self.s = s
        self.plans: list[str] = []
        self.rows: list[tuple[Any, ...]] = []

    def get_bind(self) -> Any:
        return self.s.get_bind()

    def execute(self, statement: Any, params: Any = None) -> Any:
        if "UNION ALL" not in str(statement):
            return self.s.execute(statement, params)
        explain = text("EXPLAIN " + str(statement))
        self.plans.append(" ".join(r[0] for r in self.s.execute(explain, params)))
        self.rows = [tuple(r) for r in self.s.execute(statement, params)]
        return self.rows


def test_the_aggregate_hashes_its_groups_instead_of_sorting_every_finding(
    pg_url: str, tmp_path: Path
) -> None:
    """PostgreSQL cannot see through the aggregate's UNION ALL how few (site, indicator)
    groups there are: its guess of 40,000 makes a large store sort every finding (on disk
    at a million) when the guessed hash table exceeds ``work_mem``. Made to here with a
    small ``work_mem``: the plan alone sorts, the gathering hashes, with the same rows, and
    sorting is allowed again for the rest of the transaction."""
    from aces_desktop.store.gather import gather_site_summaries

    hub = pg_coordinator(tmp_path, pg_url)
    try:
        fill_demo(hub, DemoOptions(sites=6, observations=6000))
        with hub.session() as s:
            s.execute(text("ANALYZE"))
            s.execute(text("SET LOCAL work_mem = '64kB'"))
            s.execute(text("SET LOCAL hash_mem_multiplier = 1"))
            sql, params = findings_sql(R, AS_OF, "postgresql")
            alone = " ".join(r[0] for r in s.execute(text("EXPLAIN " + sql), params))
            assert "Sort" in alone and "HashAggregate" not in alone, alone
            spy = _PlanSpy(s)
            hashed = gather_site_summaries(spy, R, AS_OF)  # type: ignore[arg-type]
            (plan,) = spy.plans
            assert "HashAggregate" in plan and "Sort" not in plan, plan
            assert s.execute(text("SHOW enable_sort")).scalar() == "on"
            by_sorting = sorted(tuple(r) for r in s.execute(text(sql), params))
        assert sorted(spy.rows) == by_sorting
        assert len(by_sorting) == sum(len(v) for v in hashed.values()) > 30
    finally:
        hub.close()
