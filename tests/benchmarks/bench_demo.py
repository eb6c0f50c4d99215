"""`aces demo --observations 1000000` throughput against raw DB-API inserts of the same rows.

Baseline: the same finding rows, read back from the demo workspace, inserted with one
`executemany` into the `findings` table of a fresh workspace (same encryption, same indexes
and search triggers). The demo path writes, per record, a revision, the record state, its
head and the row itself. Aim: at least 0.3 of the baseline's rows per second.
"""

from __future__ import annotations

import time
from pathlib import Path

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.db import BULK_CACHE_KIB
from aces_desktop.store.workspace import Workspace
from tests.benchmarks.conftest import report

PASS = "benchmark passphrase"


def test_demo_throughput_against_raw_executemany(tmp_path: Path, scale: float) -> None:
    n = max(1000, int(1_000_000 * scale))
    demo = Workspace.create(tmp_path / "demo", PASS, role="coordinator", name="bench")
    start = time.perf_counter()
    summary = fill_demo(demo, DemoOptions(sites=200, observations=n))
    demo_seconds = time.perf_counter() - start
    records = sum(summary.counts.values())

    with demo.engine.connect() as conn:
        result = conn.exec_driver_sql("SELECT * FROM findings")
        columns = list(result.keys())
        rows = [tuple(r) for r in result]
    demo.close()

    base = Workspace.create(tmp_path / "base", PASS, role="coordinator", name="baseline")
    raw = base.engine.raw_connection()
    cursor = raw.cursor()
    cursor.execute("PRAGMA foreign_keys = OFF")  # the baseline has no record state to point at
    cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    sql = f"INSERT INTO findings ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    start = time.perf_counter()
    cursor.execute("BEGIN")
    cursor.executemany(sql, rows)
    cursor.execute("COMMIT")
    base_seconds = time.perf_counter() - start
    raw.close()
    base.close()

    demo_rate = summary.counts["finding"] / demo_seconds
    base_rate = len(rows) / base_seconds
    report(
        f"demo data, {n:,} findings ({records:,} records)",
        [
            ("aces demo (bulk path)", f"{demo_seconds:8.2f} s  {demo_rate:10,.0f} findings/s"),
            ("raw executemany baseline", f"{base_seconds:8.2f} s  {base_rate:10,.0f} rows/s"),
            ("ratio (aim >= 0.3)", f"{demo_rate / base_rate:8.2f}"),
        ],
    )
    assert len(rows) == summary.counts["finding"] == n
