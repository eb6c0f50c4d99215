"""The numbers of rows kept by the triggers of migration 0012 (``row_counts``) stay equal to
real counts through saves, deletions, merges, conflicts, undeletions, imports and the bulk
writer, and the record lists read them (issue 20: a million findings counted at once)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import text

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.ops import records as record_ops
from aces_desktop.store import migrations
from aces_desktop.store.importer import import_file
from aces_desktop.store.listing import LISTS, IdWindows, ListQuery
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.conflicts import list_conflicts, resolve_conflict
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.helpers import add, assert_counts_exact, small_world
from tests.store.test_importer import GOOD, _with_ids


def _list_count(ws: Workspace, type_name: str) -> int:
    return ListQuery(LISTS[type_name]).count(ws.engine)


def undelete_through_a_conflict(
    coord: Workspace, f1: Workspace, f2: Workspace, company: str, folder: Path, companies: int
) -> None:
    """``f1`` deletes ``company`` while ``f2`` (which holds it too) edits it; ``coord``
    merges the deletion (the row goes), then the edit (a conflict) and keeps the edited
    company: its row is back. ``companies``: how many ``coord`` held before. The counts stay
    exact at every step."""
    with f1.session() as s:
        f1.records.delete(s, "company", company)
    with f2.session() as s:
        content = f2.records.get(s, company)[1]
        f2.records.put(s, "company", {**content, "website": "https://gone.example"}, company)
    export_bundle(f1, folder / "del.aces")
    export_bundle(f2, folder / "edit.aces")
    merge_bundle(coord, folder / "del.aces")
    assert assert_counts_exact(coord)["companies"] == companies - 1
    merge_bundle(coord, folder / "edit.aces")
    assert [c["record_id"] for c in list_conflicts(coord)] == [company]
    assert_counts_exact(coord)
    resolve_conflict(coord, company, content={**content, "website": "https://gone.example"})
    assert assert_counts_exact(coord)["companies"] == companies


def test_saves_and_deletions_keep_the_counts_and_the_list_reads_them(
    workspace: Workspace,
) -> None:
    assert set(assert_counts_exact(workspace).values()) == {0}
    ids = small_world(workspace)
    before = assert_counts_exact(workspace)
    assert before["sites"] == 1 and before["findings"] >= 1
    record_ops.delete(workspace, "finding", ids["finding"])
    after = assert_counts_exact(workspace)
    assert after["findings"] == before["findings"] - 1
    assert _list_count(workspace, "finding") == after["findings"]
    # The list reads the kept number (one look-up), not a count of the rows...
    with workspace.writing() as s:
        s.execute(text("UPDATE row_counts SET n = 4242 WHERE name = 'findings'"))
    assert _list_count(workspace, "finding") == 4242
    # ...and counts the rows when there is none.
    with workspace.writing() as s:
        s.execute(text("DELETE FROM row_counts WHERE name = 'findings'"))
    assert _list_count(workspace, "finding") == after["findings"]
    # A filtered list is still counted for real.
    assert ListQuery(LISTS["site"], text="no such site at all").count(workspace.engine) == 0


def test_merges_conflicts_and_an_undeletion_keep_the_counts(org: dict[str, Any]) -> None:
    coord, f1, f2, d = org["coord"], org["f1"], org["f2"], org["dir"]
    small_world(f1)
    company = add(f1, "company", name="Gone Ltd", kind="supplier")
    export_bundle(f1, d / "1.aces")
    merge_bundle(coord, d / "1.aces")
    merged = assert_counts_exact(coord)
    assert merged == assert_counts_exact(f1)
    merge_bundle(coord, d / "1.aces")  # the same bundle again changes nothing
    assert assert_counts_exact(coord) == merged
    export_bundle(coord, d / "to2.aces", to=[f2.device_id])
    merge_bundle(f2, d / "to2.aces")  # what a coordinator sends back (sites, companies...)
    assert assert_counts_exact(f2)["companies"] == merged["companies"]
    undelete_through_a_conflict(coord, f1, f2, company, d, merged["companies"])
    assert _list_count(coord, "company") == merged["companies"]
    # The resolution travels to the device that deleted it: undeleted there too.
    export_bundle(coord, d / "back.aces", to=[f1.device_id])
    merge_bundle(f1, d / "back.aces")
    assert assert_counts_exact(f1)["companies"] == merged["companies"]
    assert coord.state_hash() == f1.state_hash()


def test_imports_and_the_bulk_writer_keep_the_counts(workspace: Workspace, tmp_path: Path) -> None:
    doc = _with_ids(GOOD)
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    created = import_file(workspace, path).created
    counts = assert_counts_exact(workspace)
    assert counts["findings"] == created["finding"] > 0
    assert import_file(workspace, path).unchanged == sum(created.values())  # upserts: no rows
    assert assert_counts_exact(workspace) == counts
    doc["sites"][0]["region"] = "Tamil Nadu"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert import_file(workspace, path).updated
    assert assert_counts_exact(workspace) == counts
    fill_demo(workspace, DemoOptions(sites=2, observations=40, seed=3))
    grown = assert_counts_exact(workspace)
    assert grown["findings"] >= counts["findings"] + 40
    assert _list_count(workspace, "finding") == grown["findings"]


def test_rows_moved_to_another_record_keep_the_numbers_by_reference(
    workspace: Workspace,
) -> None:
    """Migration 0013: the numbers of rows referring to each site (or company) follow a
    finding, a visit and a worker note moved to another site, a site cleared, deletions and
    the upgrade of a workspace that had rows before; the list sorted by site reads them."""
    fill_demo(workspace, DemoOptions(sites=4, observations=60))
    assert_counts_exact(workspace)
    with workspace.session() as s:
        sites = [r[0] for r in s.execute(text("SELECT id FROM sites ORDER BY rowid"))]
        moved = {
            table: s.execute(text(f"SELECT id FROM {table} WHERE site_id = :a"), {"a": sites[0]})
            .scalars()
            .first()
            for table in ("findings", "visits", "worker_notes")
        }
    with workspace.session() as s:
        other_visit = s.execute(
            text("SELECT id FROM visits WHERE site_id = :b"), {"b": sites[1]}
        ).scalar()
    for type_name, table, more in (
        ("finding", "findings", {"visit_id": other_visit}),
        ("worker_note", "worker_notes", {}),
        ("visit", "visits", {}),
    ):
        record_id = moved[table]
        assert record_id is not None, table
        with workspace.session() as s:
            _, content = workspace.records.get(s, record_id)
            workspace.records.put(s, type_name, {**content, "site_id": sites[1], **more}, record_id)
        assert_counts_exact(workspace)
    with workspace.writing() as s:  # rows referring to no known site form the first group
        s.execute(
            text("UPDATE findings SET site_id = 'gone' WHERE id = :f"), {"f": moved["findings"]}
        )
    assert_counts_exact(workspace)
    record_ops.delete(workspace, "finding", str(moved["findings"]))
    assert_counts_exact(workspace)
    query = ListQuery(LISTS["finding"], sort="site")
    kept = list(query.ids(workspace.engine))
    with workspace.writing() as s:  # the list reads the kept numbers...
        s.execute(text("UPDATE ref_counts SET n = n + 5 WHERE name = 'findings.site_id'"))
    assert IdWindows(query, workspace.engine).total > len(kept)
    with workspace.engine.begin() as conn:  # ...and the upgrade counts the rows there were
        command.downgrade(migrations.alembic_config(conn), "0012_row_counts")
        command.upgrade(migrations.alembic_config(conn), "head")
    assert_counts_exact(workspace)
    assert IdWindows(query, workspace.engine).slice(0, len(kept)) == kept


def test_the_migration_counts_every_reference_a_list_sorts_by_name() -> None:
    path = migrations.migrations_path() / "versions" / "0013_ref_counts.py"
    spec = importlib.util.spec_from_file_location("ref_counts_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    named = {tuple(c.names[1].split(".")) for s in LISTS.values() for c in s.columns if c.names}
    assert set(module.REFERENCES) == named
