"""The operations layer: reads, the one writer (``BEGIN IMMEDIATE``) and what changed."""

from __future__ import annotations

from typing import Any

import pytest
import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy.orm import Session

from aces_desktop import ops
from aces_desktop.core.errors import WorkspaceBusy
from aces_desktop.store.db import raw_connect
from aces_desktop.store.workspace import DB_FILE


def test_a_change_returns_its_value_and_what_it_changed(workspace: Any) -> None:
    def add_site(s: Session) -> str:
        return str(workspace.records.put(s, "site", {"name": "Mill 1", "country": "BD"}))

    outcome = ops.change(workspace, add_site, lambda site_id: ops.Changes.of("site", site_id))
    assert outcome.changes.touches("site") and not outcome.changes.touches("visit")
    assert outcome.changes.ids == {outcome.value}
    kind, content = ops.query(workspace, lambda s: workspace.records.get(s, outcome.value))
    assert (kind, content["name"]) == ("site", "Mill 1")


def test_a_failed_change_writes_nothing(workspace: Any) -> None:
    def half(s: Session) -> None:
        workspace.records.put(s, "site", {"name": "Never", "country": "BD"})
        raise RuntimeError("stop")

    before = workspace.counts()["site"]
    with pytest.raises(RuntimeError):
        ops.change(workspace, half, ops.Changes.of("site"))
    assert workspace.counts()["site"] == before


def test_the_writer_holds_the_write_lock_from_its_start(workspace: Any, passphrase: str) -> None:
    other = raw_connect(workspace.path / DB_FILE, workspace._key)
    other.execute("PRAGMA busy_timeout = 0")
    try:
        with workspace.writing():
            # Nothing written yet, and still no other connection may start to write.
            with pytest.raises(sqlcipher.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_a_write_queued_behind_another_gives_up_with_a_message(workspace: Any) -> None:
    with workspace.writing(), pytest.raises(WorkspaceBusy, match="nothing was saved"):
        ops.change(workspace, lambda s: None, ops.NOTHING, wait=0)
    assert ops.change(workspace, lambda s: 7, ops.NOTHING, wait=0).value == 7


def test_changes_combine() -> None:
    both = ops.Changes.of("site", "a") | ops.Changes.of("visit", "b")
    assert both.types == {"site", "visit"} and both.ids == {"a", "b"}
    assert not ops.NOTHING and both
    assert ops.Changes.all().touches("finding")


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The writer's transactions as they start (by the function that asked for one)."""
    import contextlib
    import sys

    from aces_desktop.store.workspace import Workspace

    started: list[str] = []
    original = Workspace.writing

    @contextlib.contextmanager
    def writing(self: Workspace, wait: float | None = None) -> Any:
        started.append(sys._getframe(2).f_code.co_name)
        with original(self, wait) as s:
            yield s

    monkeypatch.setattr(Workspace, "writing", writing)
    return started


def test_store_and_report_writes_go_through_the_writer(coordinator: Any, writes: list[str]) -> None:
    """So a save from the GUI during a long merge queues (and is told so), never times out
    inside SQLite."""
    from aces_desktop.demo_data import DemoOptions, fill_demo
    from aces_desktop.reports import pki
    from aces_desktop.store.gather import score_workspace
    from aces_desktop.store.snapshots import all_history, save_snapshot

    fill_demo(coordinator, DemoOptions(sites=2, observations=10))
    assert writes == ["fill_demo"] and coordinator.counts()["site"] == 2
    results = score_workspace(coordinator, kind="site")
    assert save_snapshot(coordinator, results) == len(results) > 0
    assert writes[-1] == "save_snapshot" and len(all_history(coordinator)) == len(results)
    cert = pki.ensure_ca(coordinator)
    assert writes[-1] == "ensure_ca"
    assert pki.ensure_ca(coordinator) == cert and len(writes) == 3  # there now: only read
    issued = pki.issue_certificate(coordinator, "Ana Field")
    assert writes[-1] == "issue_certificate"
    assert [c.serial for c in pki.list_certificates(coordinator)] == [issued.serial]
    coordinator.set_person("Ana Field")
    assert writes[-1] == "set_person"
