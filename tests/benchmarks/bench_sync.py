"""Sync benchmarks: merge throughput against raw ``executemany`` of the same revision rows,
and peak memory of a merge of a bundle with many attachments.

Baseline: the revision rows the merge wrote, read back and inserted with one
``executemany`` into the ``revisions`` table of a fresh workspace (same encryption, same
indexes). The merge does much more per revision (decrypt, decompress, verify, hash chain,
record state, row); the aim is at least 0.25 of the baseline's rows per second.
Memory: ``aces bundle merge`` runs as a child process; its peak RSS is read from
``wait4``. Sizes scale with ``BENCH_SCALE`` (1.0: 1,000,000 revisions, 1 GB attachments).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.db import BULK_CACHE_KIB
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from aces_desktop.sync.trust import export_identity, read_identity, trust_identity
from tests.benchmarks.conftest import report

PASS = "benchmark passphrase"


def _pair(tmp_path: Path) -> tuple[Workspace, Workspace]:
    coord = Workspace.create(tmp_path / "coord", PASS, role="coordinator", name="coord")
    field = Workspace.create(tmp_path / "field", PASS, role="field", name="field")
    export_identity(coord, tmp_path / "c.id")
    export_identity(field, tmp_path / "f.id")
    trust_identity(field, read_identity(tmp_path / "c.id"))
    trust_identity(coord, read_identity(tmp_path / "f.id"))
    return coord, field


def test_merge_throughput_against_raw_executemany(tmp_path: Path, scale: float) -> None:
    n = max(2000, int(1_000_000 * scale))
    coord, field = _pair(tmp_path)
    fill_demo(field, DemoOptions(sites=200, observations=n))
    bundle = tmp_path / "big.aces"
    start = time.perf_counter()
    exported = export_bundle(field, bundle)
    export_seconds = time.perf_counter() - start
    field.close()
    start = time.perf_counter()
    merged = merge_bundle(coord, bundle)
    merge_seconds = time.perf_counter() - start
    with coord.engine.connect() as conn:
        result = conn.exec_driver_sql("SELECT * FROM revisions")
        columns = list(result.keys())
        rows = [tuple(r) for r in result]
    coord.close()

    base = Workspace.create(tmp_path / "base", PASS, role="coordinator", name="baseline")
    raw = base.engine.raw_connection()
    cursor = raw.cursor()
    cursor.execute("PRAGMA foreign_keys = OFF")
    cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    cursor.execute("DELETE FROM revisions")
    sql = f"INSERT INTO revisions ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})"
    start = time.perf_counter()
    cursor.execute("BEGIN")
    cursor.executemany(sql, rows)
    cursor.execute("COMMIT")
    base_seconds = time.perf_counter() - start
    raw.close()
    base.close()

    merge_rate = merged.new_revisions / merge_seconds
    base_rate = len(rows) / base_seconds
    report(
        f"sync merge, {exported.revisions:,} revisions ({exported.bytes / 1024**2:,.1f} MB bundle)",
        [
            (
                "export",
                f"{export_seconds:8.2f} s  {exported.revisions / export_seconds:10,.0f} rev/s",
            ),
            ("verify + merge", f"{merge_seconds:8.2f} s  {merge_rate:10,.0f} rev/s"),
            ("raw executemany baseline", f"{base_seconds:8.2f} s  {base_rate:10,.0f} rows/s"),
            ("ratio (aim >= 0.25)", f"{merge_rate / base_rate:8.3f}"),
        ],
    )
    assert merged.new_revisions == exported.revisions


def test_merge_peak_memory_with_attachments(tmp_path: Path, scale: float) -> None:
    total = max(64 * 1024**2, int(1024**3 * scale))
    size = 8 * 1024**2
    coord, field = _pair(tmp_path)
    with field.session() as s:
        site = field.records.put(s, "site", {"name": "Bench site", "country": "CN"})
    rng = os.urandom
    for i in range(total // size):
        sha, n = field.blobs.put_stream(io.BytesIO(rng(size)))
        with field.session() as s:
            field.records.put(
                s,
                "attachment",
                {
                    "owner_type": "site",
                    "owner_id": site,
                    "sha256": sha,
                    "media_type": "application/octet-stream",
                    "size": n,
                    "original_name": f"file-{i}.bin",
                    "consent_scope": "coordinator",
                },
            )
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
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0
    report(
        f"merge of a bundle with {exported.attachments} attachments "
        f"({exported.bytes / 1024**2:,.0f} MB)",
        [
            ("time", f"{seconds:8.2f} s  {exported.bytes / 1024**2 / seconds:8.1f} MB/s"),
            ("peak RSS of `aces bundle merge` (aim < 400 MB)", f"{usage.ru_maxrss / 1024:8.1f} MB"),
        ],
    )
