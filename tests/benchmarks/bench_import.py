"""`aces import` of one 500,000-record JSON file (sites, visits and findings that refer to
them by ``ref``), against raw DB-API ``executemany`` of the same rows, measured in the same
run; and the peak memory of the import run as a child process at two file sizes.

Baseline: the rows the import wrote (``revisions``, ``record_state``, ``record_heads`` and
the record tables, with their indexes and FTS triggers) are read back and inserted into a
fresh workspace with ``executemany`` in one transaction. Aim: import at least 0.3 of that
speed. The same import into a PostgreSQL store (the throwaway server ``tests/pg`` starts)
against raw ``executemany`` into a second store. Memory: ``python -m aces_desktop ... import FILE`` as a child, its peak RSS from
``os.wait4`` (in a small launcher process), beside ``aces info`` (unlocking alone), for a quarter of the file and the whole file.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
from psycopg.types.json import Json

from aces_desktop.core.reference import indicator_codes
from aces_desktop.ops import imports
from aces_desktop.store.db import BULK_CACHE_KIB
from aces_desktop.store.workspace import Workspace
from tests.benchmarks.conftest import report
from tests.pg.conftest import PgServer, pg_server  # noqa: F401 - the server fixture
from tests.pg.test_pg_store import pg_coordinator

PASS = "benchmark passphrase"
TABLES = ("revisions", "record_state", "record_heads", "sites", "visits", "findings")
METHODS = ("announced", "unannounced", "offsite_interviews", "remote", "desk_research")
SOURCES = ("direct_observation", "testimony_corroborated", "public_report", "document")


def write_import_file(path: Path, records: int) -> dict[str, int]:
    """An import file of ``records`` records: 2% sites, 10% visits, the rest findings."""
    sites = max(1, records // 50)
    visits = max(1, records // 10)
    findings = records - sites - visits
    codes = indicator_codes()
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "aces-import", "version": 1,\n"sites": [\n')
        for i in range(sites):
            site = {
                "ref": f"s{i}",
                "name": f"Benchmark Textile Mill {i}",
                "country": "CN",
                "region": "Xinjiang Uyghur Autonomous Region",
                "workforce_size": 100 + i % 900,
                "products": ["cotton yarn"],
            }
            out.write(("," if i else "") + json.dumps(site, ensure_ascii=False) + "\n")
        out.write('],\n"visits": [\n')
        for i in range(visits):
            visit = {
                "ref": f"v{i}",
                "site_id": f"s{i % sites}",
                "start_date": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "method": METHODS[i % len(METHODS)],
            }
            out.write(("," if i else "") + json.dumps(visit) + "\n")
        out.write('],\n"findings": [\n')
        for i in range(findings):
            finding = {
                "visit_id": f"v{i % visits}",
                "indicator": codes[i % len(codes)],
                "grade": i % 4,
                "source_type": SOURCES[i % len(SOURCES)],
                "observed_on": f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}",
                "narrative": f"Observation {i}: workers described recruitment fees and "
                "withheld identity documents (synthetic).",
            }
            out.write(("," if i else "") + json.dumps(finding) + "\n")
        out.write("]}\n")
    return {"site": sites, "visit": visits, "finding": findings}


def _rows(ws: Workspace) -> dict[str, tuple[list[str], list[tuple[Any, ...]]]]:
    out = {}
    with ws.engine.connect() as conn:
        for table in TABLES:
            result = conn.exec_driver_sql(f"SELECT * FROM {table}")
            out[table] = (list(result.keys()), [tuple(r) for r in result])
    return out


def _raw_insert(ws: Workspace, rows: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> float:
    with ws.writing() as s:
        cursor = s.connection().connection.cursor()
        cursor.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")  # as the import has it
        start = time.perf_counter()
        for table in TABLES:
            cols, values = rows[table]
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                values,
            )
    return time.perf_counter() - start  # the commit included


# Starts the command and reports its wait4 rusage. A forked child's peak RSS counts what it
# shared with its parent before exec, so the command is started from this small process,
# not from the test process holding the rows read back.
LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss, time.perf_counter() - start]))
"""


def _child(tmp_path: Path, name: str, *args: str) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of ``python -m aces_desktop ARGS`` on a new workspace."""
    if not (tmp_path / name).exists():
        Workspace.create(tmp_path / name, PASS, role="coordinator", name=name).close()
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "aces_desktop", "--workspace", str(tmp_path / name),
               "--passphrase-file", str(secret), *args]  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command], capture_output=True, text=True, check=True
    )
    code, max_rss_kib, seconds = json.loads(out.stdout)
    assert code == 0, out.stderr
    return seconds, max_rss_kib / 1024  # Linux: kilobytes


def test_import_against_raw_executemany(tmp_path: Path, scale: float) -> None:
    n = max(2000, int(500_000 * scale))
    file = tmp_path / "import.json"
    kinds = write_import_file(file, n)
    small = tmp_path / "import-quarter.json"
    write_import_file(small, n // 4)

    ws = Workspace.create(tmp_path / "imported", PASS, role="coordinator", name="imported")
    try:
        start = time.perf_counter()
        summary = imports.import_file(ws, file).value
        import_s = time.perf_counter() - start
        assert summary.created == kinds
        rows = _rows(ws)
        state = ws.state_hash()
    finally:
        ws.close()
    raw = Workspace.create(tmp_path / "raw", PASS, role="coordinator", name="raw")
    try:
        raw_s = _raw_insert(raw, rows)
        assert raw.state_hash() == state  # the baseline wrote the same records
    finally:
        raw.close()
    revisions = len(rows["revisions"][1])
    floor_s, floor_mb = _child(tmp_path, "child-floor", "info")
    quarter_s, quarter_mb = _child(tmp_path, "child-quarter", "import", str(small))
    whole_s, whole_mb = _child(tmp_path, "child-whole", "import", str(file))
    mb = file.stat().st_size / 1024**2
    report(
        f"import of {n:,} records ({kinds}), {mb:.0f} MB file; peak RSS includes SQLite's "
        f"page cache, up to {BULK_CACHE_KIB // 1024} MB while writing",
        [
            (
                "raw executemany of the same rows",
                f"{raw_s:8.2f} s  {revisions / raw_s:9,.0f} rows/s",
            ),
            ("import (in process)", f"{import_s:8.2f} s  {n / import_s:9,.0f} records/s"),
            ("ratio to raw (aim >= 0.3)", f"{raw_s / import_s:8.2f}"),
            (
                "child `aces info` (unlock, imports)",
                f"{floor_s:8.2f} s  peak RSS {floor_mb:6.0f} MB",
            ),
            (
                f"child `aces import`, {n // 4:,} records",
                f"{quarter_s:8.2f} s  peak RSS {quarter_mb:6.0f} MB",
            ),
            (
                f"child `aces import`, {n:,} records",
                f"{whole_s:8.2f} s  peak RSS {whole_mb:6.0f} MB",
            ),
        ],
    )


def _pg_value(value: Any) -> Any:
    return Json(value) if isinstance(value, (list, dict)) else value


def test_import_into_postgresql_against_raw_executemany(
    pg_server: PgServer,  # noqa: F811
    tmp_path: Path,
    scale: float,
) -> None:
    """The same import into a coordinator's PostgreSQL store (the throwaway server of
    ``tests/pg``), against ``executemany`` of the rows it wrote into a second, empty store."""
    n = max(2000, int(500_000 * scale))
    file = tmp_path / "import.json"
    kinds = write_import_file(file, n)
    hub = pg_coordinator(tmp_path, pg_server.create_database(), "hub")
    try:
        start = time.perf_counter()
        assert imports.import_file(hub, file).value.created == kinds
        import_s = time.perf_counter() - start
        rows = _rows(hub)  # as stored: sealed columns in ciphertext
    finally:
        hub.close()
    for table, (cols, values) in rows.items():  # JSON columns come back as lists and dicts
        rows[table] = (cols, [tuple(_pg_value(v) for v in row) for row in values])
    url = pg_server.create_database()
    pg_coordinator(tmp_path, url, "raw").close()  # an empty store: tables, indexes, triggers
    with psycopg.connect(url) as pg, pg.cursor() as cursor:
        start = time.perf_counter()
        for table in TABLES:
            cols, values = rows[table]
            cursor.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) OVERRIDING SYSTEM VALUE "
                f"VALUES ({', '.join(['%s'] * len(cols))})",
                values,
            )
        pg.commit()
        raw_s = time.perf_counter() - start
    revisions = len(rows["revisions"][1])
    report(
        f"import of {n:,} records into PostgreSQL (server of tests/pg)",
        [
            (
                "raw executemany of the same rows",
                f"{raw_s:8.2f} s  {revisions / raw_s:9,.0f} rows/s",
            ),
            ("import", f"{import_s:8.2f} s  {n / import_s:9,.0f} records/s"),
            ("ratio to raw (aim >= 0.3)", f"{raw_s / import_s:8.2f}"),
        ],
    )
