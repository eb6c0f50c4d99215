"""The main window on a PostgreSQL coordinator (real server, real widgets, offscreen):
lists, search, lock and unlock, and lists that refresh when another coordinator writes.
(One test: each window needs two coordinators, an invitation and a server database.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from aces_desktop.store.workspace import Workspace
from tests.helpers import add, small_world
from tests.pg.test_pg_store import join, pg_coordinator


@pytest.fixture
def hub_window(qtbot: Any, pg_url: str, tmp_path: Path) -> Iterator[tuple[Any, Workspace]]:
    from aces_desktop.ui.main_window import MainWindow
    from aces_desktop.ui.settings import Settings

    hub = pg_coordinator(tmp_path, pg_url)
    other = join(hub, tmp_path, "coord-b")
    small_world(hub)
    win = MainWindow(hub, Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win, other
    win.close()
    other.close()
    hub.close()


def test_lists_search_lock_and_other_coordinators_changes_on_postgresql(
    qtbot: Any, hub_window: tuple[Any, Workspace], passphrase: str, tmp_path: Path
) -> None:
    window, other = hub_window
    assert window.workspace.on_postgres and not window.store_watch._stop.is_set()
    add(window.workspace, "site", name="和田金丝玉纺织厂", country="CN")
    window.refresh()
    sites = window.list_page("site")
    assert sites.model.rowCount() == 2
    sites.search.setText("金丝玉")
    sites.apply_search()
    qtbot.waitUntil(lambda: sites.model.rowCount() == 1)
    assert sites.model.index(0, 0).data() == "和田金丝玉纺织厂"
    sites.search.clear()
    qtbot.waitUntil(lambda: sites.model.rowCount() == 2)
    window.grab().save(str(tmp_path / "hub-window.png"))
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.locked and window.workspace.locked and window.store_watch._thread is None
    screen = window.lock_screen
    assert screen is not None
    qtbot.keyClicks(screen.passphrase, passphrase)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert not window.locked and sites.model.rowCount() == 2
    assert window.store_watch._thread is not None
    # The other coordinator (another process in real use) writes to the shared store;
    # the open list reloads on the store's notification, without any action here.
    add(other, "site", name="Written at the regional office", country="CN")
    qtbot.waitUntil(lambda: sites.model.rowCount() == 3, timeout=15_000)
    names = {sites.model.index(r, 0).data() for r in range(3)}
    assert "Written at the regional office" in names
