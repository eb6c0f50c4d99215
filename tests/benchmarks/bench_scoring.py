"""`aces score` over every subject of a 1,000,000-finding demo workspace, against one SQL
aggregate over the same findings measured in the same run.

Baseline: ``SELECT site_id, indicator, MAX(grade), COUNT(*) FROM findings GROUP BY site_id,
indicator`` — the least any per-site, per-indicator rating must read. The scoring path runs
gather (evidence, memberships, responses, visits and one aggregate over the findings) and the
pure-Python engine for every initiative, company and site. Aim: at most 2x the baseline.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.gather import gather, score_workspace
from aces_desktop.store.workspace import Workspace
from tests.benchmarks.conftest import report

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
        ],
    )
    assert kinds["site"] == 200 and kinds["initiative"] == 5
