"""GUI test fixtures: a fresh workspace and settings file per test, English, left to right."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSPHRASE
from tests.helpers import small_world


@pytest.fixture
def settings(tmp_path: Path) -> Any:
    from aces_desktop.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def world(workspace: Any) -> dict[str, str]:
    return small_world(workspace)


@pytest.fixture
def window(qtbot: Any, workspace: Any, world: dict[str, str], settings: Any) -> Iterator[Any]:
    from PySide6.QtWidgets import QApplication

    from aces_desktop.ui import i18n
    from aces_desktop.ui.main_window import MainWindow

    win = MainWindow(workspace, settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.set_language(app, "en")
    i18n.set_direction(app, "ltr", "en")
    win.close()


@pytest.fixture
def passphrase_text() -> str:
    return PASSPHRASE
