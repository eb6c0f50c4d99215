"""Small builders of valid records for tests."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import Any

SECRET_NOTE = "Worker said the supervisor keeps passports in the red cabinet — zqx-7731"


def add(ws: Any, type_name: str, **fields: Any) -> str:
    with ws.session() as s:
        return str(ws.records.put(s, type_name, fields))


def attach(ws: Any, site_id: str, data: bytes, name: str) -> str:
    """An attachment of ``data`` to a site, shared with the coordinator; returns its SHA-256."""
    sha, size = ws.blobs.put_stream(io.BytesIO(data))
    add(
        ws,
        "attachment",
        owner_type="site",
        owner_id=site_id,
        sha256=sha,
        media_type="application/octet-stream",
        size=size,
        original_name=name,
        consent_scope="coordinator",
    )
    return str(sha)


def small_world(ws: Any) -> dict[str, str]:
    """A site with a visit, findings, a worker note, a company and an initiative."""
    ids: dict[str, str] = {}
    ids["site"] = add(
        ws,
        "site",
        name="喀什恒润纺织有限公司",
        other_names=[{"text": "Kashgar Hengrun Textile Co., Ltd.", "lang": "en"}],
        country="CN",
        region="Xinjiang Uyghur Autonomous Region",
        os_hub_id="CN2021044AB12CD",
    )
    ids["person"] = add(ws, "person", name="Test Auditor", role="auditor")
    ids["visit"] = add(
        ws,
        "visit",
        site_id=ids["site"],
        start_date="2026-09-01",
        method="unannounced",
        team=[ids["person"]],
    )
    ids["finding"] = add(
        ws,
        "finding",
        visit_id=ids["visit"],
        site_id=ids["site"],
        indicator="ILO-07",
        grade=3,
        source_type="direct_observation",
        narrative="身份证由宿舍管理员保管",
    )
    ids["note"] = add(
        ws,
        "worker_note",
        site_id=ids["site"],
        visit_id=ids["visit"],
        pseudonym="Worker K-17",
        consent_scope="coordinator",
        narrative=SECRET_NOTE,
    )
    ids["company"] = add(ws, "company", name="Northwind Apparel", kind="brand", country="GB")
    ids["initiative"] = add(ws, "initiative", name="Garment Safety Accord", acronym="GSA")
    return ids


def run_aces(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: int = 300,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """The `aces` command line as a real process, with this checkout's code."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ACES_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "aces_desktop", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        check=False,
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )


def kept_and_real_counts(ws: Any) -> dict[str, tuple[int, int]]:
    """Each table whose rows the triggers of migration 0012 count in a workspace file: (the
    number kept in ``row_counts``, a real ``count(*)``); on a PostgreSQL store, (what the
    list counts, ``count(*)``)."""
    from sqlalchemy import text

    from aces_desktop.store.listing import LISTS, ListQuery

    with ws.engine.connect() as conn:
        if ws.engine.dialect.name == "sqlite":
            rows = conn.execute(text("SELECT name, n FROM row_counts"))
            kept = {str(k): int(n) for k, n in rows}
        else:  # a PostgreSQL store keeps none (migration 0014): what its lists count
            kept = {spec.table: ListQuery(spec).count(ws.engine) for spec in LISTS.values()}
        return {
            name: (n, int(conn.execute(text(f"SELECT count(*) FROM {name}")).scalar() or 0))
            for name, n in kept.items()
        }


def assert_counts_exact(ws: Any) -> dict[str, int]:
    """The kept numbers of rows equal real counts for every list's table, and on a workspace
    file the kept numbers of rows referring to each record (migration 0013) equal a
    ``GROUP BY``; returns the numbers of rows."""
    from sqlalchemy import text

    from aces_desktop.store.listing import LISTS, REF_COUNTS_SQL

    counts = kept_and_real_counts(ws)
    assert set(counts) == {spec.table for spec in LISTS.values()}
    assert {name: kept for name, (kept, _) in counts.items()} == {
        name: real for name, (_, real) in counts.items()
    }
    if ws.engine.dialect.name == "sqlite":
        named = {c.names[1] for spec in LISTS.values() for c in spec.columns if c.names}
        with ws.engine.connect() as conn:
            for name in named:
                table, column = name.split(".")
                real = conn.execute(text(f"SELECT {column}, count(*) FROM {table} GROUP BY 1"))
                kept = conn.execute(text(REF_COUNTS_SQL), {"name": name})
                assert {r or None: int(n) for r, n in kept} == {r: int(n) for r, n in real}, name
    return {name: kept for name, (kept, _) in counts.items()}
