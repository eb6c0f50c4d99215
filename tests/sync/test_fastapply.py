"""The merge fast path for new records writes exactly what RecordStore.apply writes."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync import merge as merge_module
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import PASSPHRASE
from tests.sync.conftest import enrol, make

TABLES = (
    "revisions",
    "record_state",
    "record_heads",
    "sites",
    "findings",
    "worker_notes",
    "attachments",
    "visits",
)


def _dump(ws: Any) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with ws.engine.connect() as conn:
        for table in TABLES:
            rows = conn.exec_driver_sql(f"SELECT * FROM {table}").fetchall()
            cols = list(conn.exec_driver_sql(f"SELECT * FROM {table} LIMIT 0").keys())
            keep = [i for i, c in enumerate(cols) if c != "received_at"]
            out[table] = sorted(tuple(r[i] for i in keep) for r in rows)
    return out


@pytest.mark.parametrize("slow_path", ["record_store_apply", "second_read"])
def test_fast_path_equals_record_store_apply(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slow_path: str
) -> None:
    """``second_read``: more revisions wait for verification than are kept in memory, so
    the merge reads the bundle a second time for them (``merge.LATER_LIMIT``)."""
    fast, field = make(tmp_path, "fast", "coordinator"), make(tmp_path, "f", "field")
    enrol(fast, field, tmp_path / "ids")
    fast.close()
    shutil.copytree(tmp_path / "fast", tmp_path / "slow")
    fast = Workspace.open(tmp_path / "fast", PASSPHRASE)
    slow = Workspace.open(tmp_path / "slow", PASSPHRASE)
    fill_demo(field, DemoOptions(sites=8, observations=300, seed=9))
    with field.session() as s:  # some records with history, and a deletion
        rid = field.records.put(s, "company", {"name": "Edited Co", "kind": "brand"})
        field.records.put(s, "company", {"name": "Edited Co Ltd", "kind": "brand"}, rid)
        gone = field.records.put(s, "company", {"name": "Gone Co", "kind": "brand"})
    with field.session() as s:
        field.records.delete(s, "company", gone)
    export_bundle(field, tmp_path / "b.aces")
    merge_bundle(fast, tmp_path / "b.aces")
    if slow_path == "record_store_apply":
        monkeypatch.setattr(merge_module, "split_simple", lambda s, revs: ([], list(revs)))
    else:
        monkeypatch.setattr(merge_module, "LATER_LIMIT", 1)
        reads: list[object] = []
        walk = merge_module.walk
        monkeypatch.setattr(merge_module, "walk", lambda *a, **k: reads.append(a) or walk(*a, **k))
    merge_bundle(slow, tmp_path / "b.aces")
    if slow_path == "second_read":
        assert len(reads) == 2
    # Equal to the sender too: a company created and deleted within one bundle counts as
    # shared on both sides (it did before the batched refresh only when applied one by one).
    assert fast.state_hash() == slow.state_hash() == field.state_hash()
    assert _dump(fast) == _dump(slow)
    for ws in (fast, slow, field):
        ws.close()
