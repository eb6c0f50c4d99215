"""Sync benchmarks: merge throughput against raw ``executemany`` of the same rows, and peak
memory of a merge of a bundle with many attachments.

Two baselines, both into a fresh workspace (same encryption, same schema, indexes and FTS
triggers), one transaction, foreign keys off:

- *rows* (issue 20): every row the merge wrote, read back from the merged workspace: the
  revisions, their parent links, ``record_state``, ``record_heads``, the record tables'
  rows (``findings``... with their search index triggers), chain heads and acks; one
  ``executemany`` per table. Aim: the merge at least 0.5 of it.
- *revisions only* (the older baseline): the ``revisions`` rows alone.

The merge does much more per revision (decrypt, decompress, verify, hash chain, record
state, row). Ratios are rows per second of the merge / of the baseline.
Memory: ``aces bundle merge`` runs as a child process; its peak RSS is read from
``wait4``, and the peaks of its own children (the decoding worker of a large bundle) from
``/proc`` while it runs, and added. Sizes scale with ``BENCH_SCALE`` (1.0: 1,000,000 revisions, 1 GB attachments).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store import models as m
from aces_desktop.store.db import BULK_CACHE_KIB
from aces_desktop.store.records import table_for
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from aces_desktop.sync.trust import export_identity, read_identity, trust_identity
from tests.benchmarks.conftest import report
from tests.helpers import attach

PASS = "benchmark passphrase"


def _pair(tmp_path: Path) -> tuple[Workspace, Workspace]:
    coord = Workspace.create(tmp_path / "coord", PASS, role="coordinator", name="coord")
    field = Workspace.create(tmp_path / "field", PASS, role="field", name="field")
    export_identity(coord, tmp_path / "c.id")
    export_identity(field, tmp_path / "f.id")
    trust_identity(field, read_identity(tmp_path / "c.id"))
    trust_identity(coord, read_identity(tmp_path / "f.id"))
    return coord, field


# Every table a merge writes rows into (record tables: one per record type).
WRITTEN_TABLES = [
    "revisions",
    "revision_parents",
    "record_state",
    "record_heads",
    "chain_heads",
    "sync_acks",
    *sorted({table_for(type_name).name for type_name in m.MODEL_BY_TYPE}),
]

Rows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]


def read_rows(engine: Engine, tables: list[str] = WRITTEN_TABLES) -> Rows:
    """Every row of ``tables`` as stored (encrypted columns stay encrypted)."""
    out: Rows = {}
    with engine.connect() as conn:
        for table in tables:
            result = conn.exec_driver_sql(f"SELECT * FROM {table}")
            out[table] = (list(result.keys()), [tuple(r) for r in result])
    return out


def rows_written(before: Rows, after: Rows) -> Rows:
    """Rows of ``after`` that ``before`` did not have (the rows a merge wrote)."""
    out: Rows = {}
    for table, (columns, rows) in after.items():
        old = {repr(r) for r in before.get(table, ([], []))[1]}  # JSON columns: lists
        out[table] = (columns, [r for r in rows if repr(r) not in old])
    return out


def count(rows: Rows) -> str:
    return ", ".join(f"{t} {len(r):,}" for t, (_c, r) in rows.items() if r)


def _raw_insert(base: Workspace, rows: Rows) -> float:
    """Seconds to insert ``rows`` with one ``executemany`` per table, one transaction."""
    raw = base.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute("PRAGMA foreign_keys = OFF")
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        start = time.perf_counter()
        cursor.execute("BEGIN")
        for table, (columns, data) in rows.items():
            if data:
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", data
                )
        cursor.execute("COMMIT")
        return time.perf_counter() - start
    finally:
        raw.close()


def test_merge_throughput_against_raw_executemany(tmp_path: Path, scale: float) -> None:
    n = max(2000, int(1_000_000 * scale))
    coord, field = _pair(tmp_path)
    fill_demo(field, DemoOptions(sites=200, observations=n))
    bundle = tmp_path / "big.aces"
    start = time.perf_counter()
    exported = export_bundle(field, bundle)
    export_seconds = time.perf_counter() - start
    field.close()
    before = read_rows(coord.engine)
    start = time.perf_counter()
    merged = merge_bundle(coord, bundle)
    merge_seconds = time.perf_counter() - start
    written = rows_written(before, read_rows(coord.engine))
    coord.close()
    revisions = written["revisions"][1]
    assert len(revisions) == merged.new_revisions == exported.revisions

    # Each baseline into its own fresh workspace, so neither warms the other's pages.
    old = Workspace.create(tmp_path / "base-old", PASS, role="coordinator", name="baseline")
    old_seconds = _raw_insert(old, {"revisions": written["revisions"]})
    old.close()
    new = Workspace.create(tmp_path / "base-new", PASS, role="coordinator", name="baseline")
    new_seconds = _raw_insert(new, written)
    new.close()

    merge_rate = merged.new_revisions / merge_seconds
    old_rate = len(revisions) / old_seconds
    new_rate = len(revisions) / new_seconds
    report(
        f"sync merge, {exported.revisions:,} revisions ({exported.bytes / 1024**2:,.1f} MB bundle)",
        [
            ("rows written", count(written)),
            ("export", f"{export_seconds:8.2f} s  {exported.revisions / export_seconds:10,.0f} rev/s"),
            ("verify + merge", f"{merge_seconds:8.2f} s  {merge_rate:10,.0f} rev/s"),
            ("raw executemany, every row written", f"{new_seconds:8.2f} s  {new_rate:10,.0f} rev/s"),
            ("ratio to every row written (aim >= 0.5)", f"{merge_rate / new_rate:8.3f}"),
            ("raw executemany, revisions only", f"{old_seconds:8.2f} s  {old_rate:10,.0f} rev/s"),
            ("ratio to revisions only (older aim >= 0.25)", f"{merge_rate / old_rate:8.3f}"),
        ],
    )  # fmt: skip


def _peaks_kib(pid: int, peaks: dict[int, int]) -> None:
    """The peak resident memory so far (Linux /proc VmHWM, KiB) of a process and of each of
    its descendants, kept per process in ``peaks``."""
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            hwm = next(
                int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")
            )
            peaks[p] = max(peaks.get(p, 0), hwm)
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, StopIteration, ValueError):
            continue  # gone meanwhile


def test_merge_peak_memory_with_attachments(tmp_path: Path, scale: float) -> None:
    total = max(64 * 1024**2, int(1024**3 * scale))
    size = 8 * 1024**2
    coord, field = _pair(tmp_path)
    with field.session() as s:
        site = field.records.put(s, "site", {"name": "Bench site", "country": "CN"})
    for i in range(total // size):
        attach(field, site, os.urandom(size), f"file-{i}.bin")
    bundle = tmp_path / "attachments.aces"
    exported = export_bundle(field, bundle)
    field.close()
    coord.close()
    env = {**os.environ, "ACES_PASSPHRASE": PASS}
    start = time.perf_counter()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aces_desktop",
            "--workspace",
            str(tmp_path / "coord"),
            "bundle",
            "merge",
            str(bundle),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # ru_maxrss is the largest of the process and each child it reaped, not their sum: the
    # merge's decoding process (sync/linepool.py) may run beside it, so its children's own
    # peaks are added (an upper bound on their memory together).
    peaks: dict[int, int] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            _peaks_kib(proc.pid, peaks)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    children = sum(kib for pid, kib in peaks.items() if pid != proc.pid)
    seconds = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0
    report(
        f"merge of a bundle with {exported.attachments} attachments "
        f"({exported.bytes / 1024**2:,.0f} MB)",
        [
            ("time", f"{seconds:8.2f} s  {exported.bytes / 1024**2 / seconds:8.1f} MB/s"),
            ("peak RSS of `aces bundle merge`", f"{usage.ru_maxrss / 1024:8.1f} MB"),
            ("its child processes' peaks (decoding worker)", f"{children / 1024:8.1f} MB"),
            (
                "the two added (aim < 400 MB)",
                f"{(usage.ru_maxrss + children) / 1024:8.1f} MB",
            ),
        ],
    )
