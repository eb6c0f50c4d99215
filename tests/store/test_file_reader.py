"""A workspace file read without SQLAlchemy (``db.FileReader``, ``Workspace.reader``): the
record lists read the same rows, counts and orders through it as through the engine, and a
locked workspace lends no connection (issue 20: the first list at start-up)."""

from __future__ import annotations

from typing import Any

import pytest

from aces_desktop.core.errors import WorkspaceLocked
from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.db import FileReader
from aces_desktop.store.listing import LISTS, IdWindows, ListQuery, rows, unsent_changes
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE


def _shown(reader: Any, query: ListQuery) -> tuple[int, list[Any]]:
    windows = IdWindows(query, reader, window=7)  # several windows, read both ways
    ids = [windows.rowid(r) for r in reversed(range(len(windows)))][::-1]
    return len(windows), rows(reader, query.spec, [i for i in ids if i is not None])


def test_lists_read_alike_through_the_file_reader_and_the_engine(workspace: Workspace) -> None:
    fill_demo(workspace, DemoOptions(sites=4, observations=60, seed=11))
    assert isinstance(workspace.reader, FileReader)
    checked = 0
    for spec in LISTS.values():
        queries = [ListQuery(spec), ListQuery(spec, descending=True)]
        queries += [ListQuery(spec, sort=c.key) for c in spec.columns]  # named sorts too
        queries += [ListQuery(spec, text="mill"), ListQuery(spec, text="纺织", sort="")]
        for query in queries:
            through_reader = _shown(workspace.reader, query)
            assert through_reader == _shown(workspace.engine, query)
            assert query.count(workspace.reader) == query.count(workspace.engine)
            checked += through_reader[0]
    assert checked > 60 * 8  # the lists were not empty
    device = workspace.device_id
    assert unsent_changes(workspace.reader, device) == unsent_changes(workspace.engine, device)
    assert unsent_changes(workspace.reader, device) > 0


def test_a_locked_workspace_lends_no_connection_and_unlocks_again(
    workspace: Workspace,
) -> None:
    reader = workspace.reader
    lent = reader.raw_connection()
    workspace.lock()
    with pytest.raises(WorkspaceLocked):
        reader.raw_connection()
    with pytest.raises(WorkspaceLocked):
        _ = workspace.reader
    lent.close()  # a connection lent before the lock closes when given back
    workspace.unlock(PASSPHRASE)
    assert ListQuery(LISTS["site"]).count(workspace.reader) == 0
    # The engine is made when first asked for, and reads the same file.
    assert workspace._engine is None
    assert ListQuery(LISTS["site"]).count(workspace.engine) == 0
