"""`aces score` over every subject of a 1,000,000-finding demo workspace, against one SQL
aggregate over the same findings measured in the same run.

Baseline: ``SELECT site_id, indicator, MAX(grade), COUNT(*) FROM findings GROUP BY site_id,
indicator`` — the least any per-site, per-indicator rating must read. The scoring path runs
gather (evidence, memberships, responses, visits and one aggregate over the findings, read in
parts at once on a multi-core machine) and the pure-Python engine for every initiative, company
and site. Aim: at most 2x the baseline; the CPU seconds of both are printed too.
The same is measured on a coordinator's PostgreSQL store (a throwaway server, ``tests/pg``).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.gather import gather, score_workspace
from aces_desktop.store.workspace import Workspace
from tests.benchmarks.conftest import report
from tests.pg.conftest import PgServer, pg_server  # noqa: F401 - the server fixture
from tests.pg.test_pg_store import pg_coordinator

PASS = "benchmark passphrase"
AS_OF = dt.date(2026, 11, 25)
BASELINE = (
    "SELECT site_id, indicator, MAX(grade), COUNT(*) FROM findings GROUP BY site_id, indicator"
)


def _best(func, repeat: int = 3) -> tuple[float, object]:
    best, value = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        value = func()
        best = min(best, time.perf_counter() - start)
    return best, value


def _cpu(func, repeat: int = 3) -> float:
    """The least CPU time of the process (every thread) over ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        func()
        best = min(best, time.process_time() - start)
    return best


def test_scoring_against_one_sql_aggregate(tmp_path: Path, scale: float) -> None:
    n = max(2000, int(1_000_000 * scale))
    ws = Workspace.create(tmp_path / "demo", PASS, role="coordinator", name="bench")
    summary = fill_demo(ws, DemoOptions(sites=200, observations=n))
    try:

        def baseline() -> int:
            with ws.engine.connect() as conn:
                return len(conn.exec_driver_sql(BASELINE).fetchall())

        base_s, groups = _best(baseline)
        gather_s, _ = _best(lambda: gather(ws, AS_OF))
        score_s, results = _best(lambda: score_workspace(ws, as_of=AS_OF))
        base_cpu = _cpu(baseline)
        score_cpu = _cpu(lambda: score_workspace(ws, as_of=AS_OF))
    finally:
        ws.close()
    assert isinstance(results, list)
    kinds = {k: sum(1 for r in results if r.kind == k) for k in ("initiative", "company", "site")}
    report(
        f"scoring, {summary.counts['finding']:,} findings, {len(results)} subjects {kinds}",
        [
            ("one SQL aggregate (baseline)", f"{base_s:8.2f} s  ({groups:,} groups)"),
            ("gather only", f"{gather_s:8.2f} s"),
            ("score every subject", f"{score_s:8.2f} s"),
            ("ratio to baseline (aim <= 2)", f"{score_s / base_s:8.2f}"),
            # The findings aggregate runs in parts at once on a multi-core machine
            # (store.gather._in_parts): CPU seconds of every thread, apart from the wall clock.
            ("CPU seconds: baseline / scoring", f"{base_cpu:8.2f} / {score_cpu:.2f} s"),
        ],
    )
    assert kinds["site"] == 200 and kinds["initiative"] == 5


def test_scoring_on_postgresql_against_one_sql_aggregate(
    pg_server: PgServer,  # noqa: F811
    tmp_path: Path,
    scale: float,
) -> None:
    """The same on a coordinator's PostgreSQL store (the throwaway server of ``tests/pg``):
    ``store.gather`` spells its aggregate for PostgreSQL (``findings_sql``)."""
    n = max(2000, int(1_000_000 * scale))
    ws = pg_coordinator(tmp_path, pg_server.create_database(), "hub")
    try:
        summary = fill_demo(ws, DemoOptions(sites=200, observations=n))
        with ws.engine.connect() as conn:
            conn.exec_driver_sql("ANALYZE")
            conn.commit()

        def baseline() -> int:
            with ws.engine.connect() as conn:
                return len(conn.exec_driver_sql(BASELINE).fetchall())

        base_s, groups = _best(baseline)
        score_s, results = _best(lambda: score_workspace(ws, as_of=AS_OF))
    finally:
        ws.close()
    assert isinstance(results, list) and len(results) == 219
    report(
        f"scoring on PostgreSQL, {summary.counts['finding']:,} findings",
        [
            ("one SQL aggregate (baseline)", f"{base_s:8.2f} s  ({groups:,} groups)"),
            ("score every subject", f"{score_s:8.2f} s"),
            ("ratio to baseline (aim <= 2)", f"{score_s / base_s:8.2f}"),
        ],
    )
