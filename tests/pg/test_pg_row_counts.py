"""A PostgreSQL store's lists count their rows (migration 0014 dropped the count triggers of
0012, whose update of one row per statement made a transaction of many single-row
statements quadratic): exact through merges, imports, the bulk writer, deletions, an
undeletion and a ``TRUNCATE``, with no count trigger left on the store's tables."""

from __future__ import annotations

import json
from pathlib import Path

import psycopg
from alembic import command

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.ops import records as record_ops
from aces_desktop.store import migrations
from aces_desktop.store.importer import import_file
from aces_desktop.store.listing import LISTS, ListQuery
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.helpers import add, assert_counts_exact, small_world
from tests.pg.test_pg_store import pg_coordinator
from tests.store.test_importer import GOOD, _with_ids
from tests.sync.conftest import enrol, make
from tests.sync.test_row_counts import undelete_through_a_conflict


def test_row_counts_stay_exact_in_a_postgresql_store(pg_url: str, tmp_path: Path) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    f1, f2 = make(tmp_path, "f1", "field"), make(tmp_path, "f2", "field")
    try:
        assert hub.on_postgres
        for field in (f1, f2):
            enrol(hub, field, tmp_path / "ids")
        ids = small_world(f1)
        company = add(f1, "company", name="Gone Ltd", kind="supplier")
        export_bundle(f1, tmp_path / "1.aces")
        merge_bundle(hub, tmp_path / "1.aces")
        merge_bundle(hub, tmp_path / "1.aces")  # twice: nothing new
        merged = assert_counts_exact(hub)
        assert merged == assert_counts_exact(f1)
        # An import (by upsert: the second time nothing is added) and the bulk writer.
        path = tmp_path / "in.json"
        path.write_text(json.dumps(_with_ids(GOOD), ensure_ascii=False), encoding="utf-8")
        created = import_file(hub, path).created
        import_file(hub, path)
        imported = assert_counts_exact(hub)
        assert imported["findings"] == merged["findings"] + created["finding"]
        fill_demo(hub, DemoOptions(sites=2, observations=30, seed=5))
        grown = assert_counts_exact(hub)
        assert grown["findings"] >= imported["findings"] + 30
        assert ListQuery(LISTS["finding"]).count(hub.engine) == grown["findings"]
        # A deletion, then an undeletion through a conflict the coordinator resolves.
        record_ops.delete(hub, "finding", ids["finding"])
        assert assert_counts_exact(hub)["findings"] == grown["findings"] - 1
        export_bundle(hub, tmp_path / "to2.aces", to=[f2.device_id])
        merge_bundle(f2, tmp_path / "to2.aces")
        undelete_through_a_conflict(hub, f1, f2, company, tmp_path, grown["companies"])
        # Whatever writes the rows: a TRUNCATE by hand and the list says 0.
        assert grown["worker_notes"] > 0
        with psycopg.connect(pg_url) as conn:
            conn.execute("TRUNCATE worker_notes")
            triggers = conn.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE '%\\_count\\_%'"
            ).fetchall()
            tables = conn.execute("SELECT to_regclass('row_counts')").fetchone()
        assert assert_counts_exact(hub)["worker_notes"] == 0
        assert triggers == [] and tables == (None,)
    finally:
        for ws in (f1, f2, hub):
            ws.close()


def test_a_downgrade_keeps_counts_again_and_the_upgrade_drops_them(
    pg_url: str, tmp_path: Path
) -> None:
    hub = pg_coordinator(tmp_path, pg_url)
    try:
        small_world(hub)
        sites = ListQuery(LISTS["site"]).count(hub.engine)
        with hub.engine.begin() as conn:
            command.downgrade(migrations.alembic_config(conn), "0013_ref_counts")
            kept = conn.exec_driver_sql("SELECT n FROM row_counts WHERE name = 'sites'").scalar()
            command.upgrade(migrations.alembic_config(conn), "head")
            gone = conn.exec_driver_sql("SELECT to_regclass('row_counts')").scalar()
        assert kept == sites == 1 and gone is None
        assert assert_counts_exact(hub)["sites"] == 1
    finally:
        hub.close()
