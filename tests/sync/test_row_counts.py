"""The numbers of rows kept by the triggers of migration 0012 (``row_counts``) stay equal to
real counts through saves, deletions, merges, conflicts, undeletions, imports and the bulk
writer, and the record lists read them (issue 20: a million findings counted at once)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import text

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.ops import records as record_ops
from aces_desktop.store.importer import import_file
from aces_desktop.store.listing import LISTS, ListQuery
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
