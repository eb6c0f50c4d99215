"""PostgreSQL store benchmarks (issue 17, item 6), against a real throwaway server.

1. The same large bundle merged into a PostgreSQL coordinator store and into a SQLite
   (SQLCipher) coordinator workspace: seconds on PostgreSQL / seconds on SQLite; and on
   PostgreSQL, the merge against a raw psycopg ``executemany`` of every row it wrote
   (read back, into a fresh store: same schema, indexes and triggers), as ``bench_sync``
   does on SQLite (issue 20: aim >= 0.5).
2. Two coordinators of one PostgreSQL store merging two different bundles at the same time
   (two ``aces bundle merge`` processes) against one after the other (the same two
   processes, in turn, into a second store): throughput at once / throughput in turn.
   Writers take the store's advisory lock, so "at once" cannot run both merges' writes in
   parallel; what overlaps is reading, decrypting and verifying the bundles.

The server is the one ``tests/pg`` uses (``pg_server``: initdb + pg_ctl in a temporary
folder, Unix socket only). Sizes scale with ``BENCH_SCALE`` (1.0: 1,000,000 findings in the
large bundle, 2 x 250,000 for the concurrent merges). Prints; never asserts on time.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from psycopg.types.json import Json

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.ops.workspaces import create_workspace, invite_coordinator, open_invitation
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.benchmarks.bench_sync import Rows, read_rows, rows_written
from tests.benchmarks.conftest import report
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.pg.conftest import PgServer, pg_server  # noqa: F401 - the server fixture
from tests.pg.test_concurrency import _merge_process
from tests.pg.test_pg_store import join, pg_coordinator
from tests.sync.conftest import enrol, make


@pytest.fixture(autouse=True)
def _cheap_invitations(monkeypatch: pytest.MonkeyPatch) -> None:
    from aces_desktop.sync import invite

    monkeypatch.setattr(invite, "SCRYPT_N", 2**14)


def _finish(procs: list[subprocess.Popen[str]]) -> None:
    for proc in procs:
        _out, err = proc.communicate(timeout=3600)
        assert proc.returncode == 0, err


def _raw_pg_insert(base: Workspace, rows: Rows) -> float:
    """Seconds to insert ``rows`` into a PostgreSQL store with one psycopg ``executemany``
    per table (in the order foreign keys need), one transaction."""
    raw = base.engine.raw_connection()
    try:
        cursor = raw.cursor()
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE is_generated = 'ALWAYS' OR identity_generation = 'ALWAYS'"
        )
        generated = {(t, c) for t, c in cursor.fetchall()}
        params: dict[str, tuple[str, list[Any]]] = {}
        for table, (columns, data) in rows.items():
            keep = [i for i, c in enumerate(columns) if (table, c) not in generated]
            names = ", ".join(f'"{columns[i]}"' for i in keep)
            sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('%s' for _ in keep)})"
            params[table] = (sql, [tuple(r[i] for i in keep) for r in data])
        raw.commit()
        start = time.perf_counter()
        for sql, data in params.values():
            if data:
                cursor.executemany(sql, data)
        raw.commit()
        return time.perf_counter() - start
    finally:
        raw.close()


def _as_params(rows: Rows) -> Rows:
    """JSON columns come back from psycopg as lists and dicts; bound again as JSON."""
    return {
        table: (
            columns,
            [tuple(Json(v) if isinstance(v, list | dict) else v for v in r) for r in data],
        )
        for table, (columns, data) in rows.items()
    }


def test_merge_into_postgresql_against_sqlite(
    pg_server: PgServer,  # noqa: F811
    tmp_path: Path,
    scale: float,
) -> None:
    n = max(2000, int(1_000_000 * scale))
    hub = pg_coordinator(tmp_path, pg_server.create_database(), "hub")
    lite = join(hub, tmp_path, "lite", own_file=True)
    field = make(tmp_path, "field", "field")
    try:
        for coord in (hub, lite):
            enrol(coord, field, tmp_path / "ids")
        fill_demo(field, DemoOptions(sites=200, observations=n))
        bundle = tmp_path / "big.aces"
        exported = export_bundle(field, bundle)
        start = time.perf_counter()
        on_lite = merge_bundle(lite, bundle)
        lite_seconds = time.perf_counter() - start
        before = read_rows(hub.engine)
        start = time.perf_counter()
        on_pg = merge_bundle(hub, bundle)
        pg_seconds = time.perf_counter() - start
        assert on_pg.new_revisions == on_lite.new_revisions == exported.revisions
        assert hub.state_hash() == lite.state_hash()
        written = rows_written(before, read_rows(hub.engine))
        assert len(written["revisions"][1]) == exported.revisions
        base = pg_coordinator(tmp_path, pg_server.create_database(), "base")
        try:
            raw_seconds = _raw_pg_insert(base, _as_params(written))
        finally:
            base.close()
    finally:
        for ws in (hub, lite, field):
            ws.close()
    rate = exported.revisions
    report(
        f"merge of one bundle, {exported.revisions:,} revisions "
        f"({exported.bytes / 1024**2:,.1f} MB): PostgreSQL vs SQLite",
        [
            ("SQLite (SQLCipher) workspace", f"{lite_seconds:8.2f} s  {rate / lite_seconds:10,.0f} rev/s"),
            ("PostgreSQL store (Unix socket)", f"{pg_seconds:8.2f} s  {rate / pg_seconds:10,.0f} rev/s"),
            ("ratio PostgreSQL / SQLite seconds", f"{pg_seconds / lite_seconds:8.2f}"),
            ("raw psycopg executemany, every row written", f"{raw_seconds:8.2f} s  {rate / raw_seconds:10,.0f} rev/s"),
            ("PostgreSQL merge / raw (aim >= 0.5)", f"{raw_seconds / pg_seconds:8.3f}"),
        ],
    )  # fmt: skip


def test_two_coordinators_at_once_against_one_after_the_other(
    pg_server: PgServer,  # noqa: F811
    tmp_path: Path,
    scale: float,
) -> None:
    n = max(1000, int(250_000 * scale))
    runs: dict[str, float] = {}
    total = 0
    fields = [make(tmp_path, f"f{i}", "field") for i in (1, 2)]
    coords: list[Workspace] = []
    try:
        # One organisation, two stores: its first store merges in turn, the second at once.
        root = pg_coordinator(tmp_path, pg_server.create_database(), "turns-a")
        coords = [root, join(root, tmp_path, "turns-b")]
        issued = invite_coordinator(root, tmp_path / "once.invitation")
        once_a = create_workspace(
            tmp_path / "once-a", PASSPHRASE, role="coordinator", name="once-a", kdf=CHEAP_KDF,
            invitation=open_invitation(issued.path, issued.code),
            database=pg_server.create_database(),
        )  # fmt: skip
        coords += [once_a, join(once_a, tmp_path, "once-b")]
        for field in fields:
            for coord in coords:
                enrol(coord, field, tmp_path / "ids")
        for i, field in enumerate(fields):
            fill_demo(field, DemoOptions(sites=100, observations=n, seed=i + 1))
        bundles = [tmp_path / "f1.aces", tmp_path / "f2.aces"]
        total = sum(export_bundle(f, p).revisions for f, p in zip(fields, bundles, strict=True))
        for ws in coords:
            ws.close()
        start = time.perf_counter()
        _finish([_merge_process(tmp_path / "turns-a", bundles[0])])
        _finish([_merge_process(tmp_path / "turns-b", bundles[1])])
        runs["turns"] = time.perf_counter() - start
        start = time.perf_counter()
        _finish(
            [
                _merge_process(tmp_path / "once-a", bundles[0]),
                _merge_process(tmp_path / "once-b", bundles[1]),
            ]
        )
        runs["once"] = time.perf_counter() - start
        with (
            Workspace.open(tmp_path / "turns-a", PASSPHRASE) as turns,
            Workspace.open(tmp_path / "once-b", PASSPHRASE) as once,
        ):
            assert turns.state_hash() == once.state_hash()
    finally:
        for ws in [*coords, *fields]:
            ws.close()
    report(
        f"two coordinators of one PostgreSQL store, two bundles, {total:,} revisions "
        f"({os.cpu_count()} cores)",
        [
            ("one after the other", f"{runs['turns']:8.2f} s  {total / runs['turns']:10,.0f} rev/s"),
            ("at the same time", f"{runs['once']:8.2f} s  {total / runs['once']:10,.0f} rev/s"),
            ("throughput ratio (at once / in turn)", f"{runs['turns'] / runs['once']:8.2f}"),
        ],
    )  # fmt: skip
