"""The main window fits a 1366×768 laptop, remembers where it was, and comes back onto a
screen that exists (issue 16, item 6)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect

from aces_desktop.ui import settings as cfg
from aces_desktop.ui import window_geometry
from aces_desktop.ui.main_window import MainWindow

LAPTOP = QRect(0, 0, 1366, 768 - 40)  # 1366×768 less a task bar


def test_fitted_and_clamped_rectangles() -> None:
    assert window_geometry.fitted(QRect(0, 0, 1920, 1080)).size().toTuple() == (1280, 800)
    small = window_geometry.fitted(LAPTOP)
    assert LAPTOP.contains(small) and small.height() <= 728
    # A window left on a monitor that was unplugged comes back onto the one there is.
    gone = QRect(2500, 300, 1280, 800)
    back = window_geometry.clamped(gone, [LAPTOP])
    assert LAPTOP.contains(back)
    # A window partly off the right edge is moved in, not shrunk.
    half = QRect(900, 100, 800, 500)
    moved = window_geometry.clamped(half, [LAPTOP])
    assert LAPTOP.contains(moved) and moved.size() == half.size()


def _shown_on_laptop(qtbot: Any, workspace: Any, settings: cfg.Settings) -> MainWindow:
    window = MainWindow(workspace, settings)
    qtbot.addWidget(window)
    window_geometry.place(window, settings, [LAPTOP])
    window.show()
    qtbot.waitExposed(window)
    return window


def test_window_fits_a_small_screen_and_status_bar_is_on_it(
    qtbot: Any, workspace: Any, settings: cfg.Settings
) -> None:
    window = _shown_on_laptop(qtbot, workspace, settings)
    assert LAPTOP.contains(window.frameGeometry())
    bar = window.statusBar()
    assert bar.isVisible()
    bottom_left = bar.mapToGlobal(bar.rect().bottomLeft())
    assert bottom_left.y() <= LAPTOP.bottom()


def test_last_geometry_is_remembered_and_clamped(
    qtbot: Any, workspace: Any, settings: cfg.Settings
) -> None:
    window = _shown_on_laptop(qtbot, workspace, settings)
    window.resize(700, 520)
    window.move(100, 50)
    window.close()
    assert settings.get(cfg.WINDOW_GEOMETRY)
    again = MainWindow(workspace, settings)
    qtbot.addWidget(again)
    window_geometry.place(again, settings, [LAPTOP])
    assert again.size().toTuple() == (700, 520)
    # The same geometry on a smaller screen (the big monitor is gone): onto the screen.
    tiny = QRect(0, 0, 600, 400)
    third = MainWindow(workspace, settings)
    qtbot.addWidget(third)
    window_geometry.place(third, settings, [tiny])
    assert tiny.contains(third.frameGeometry())
