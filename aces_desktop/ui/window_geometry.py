"""The main window's place on screen: fitted to the available screen on first start, the
last geometry afterwards, always brought back onto a screen that is still there."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from aces_desktop.ui import settings as cfg

PREFERRED = QSize(1280, 800)
MARGIN = 16  # what is left around a window fitted to a small screen


def available_screens() -> list[QRect]:
    """The available geometry (without task bars and docks) of every screen."""
    return [screen.availableGeometry() for screen in QGuiApplication.screens()]


def fitted(available: QRect, preferred: QSize = PREFERRED) -> QRect:
    """The preferred size, shrunk to fit ``available`` (e.g. 1366×768 less a task bar),
    centred in it."""
    width = min(preferred.width(), max(320, available.width() - MARGIN))
    height = min(preferred.height(), max(240, available.height() - MARGIN))
    rect = QRect(0, 0, width, height)
    rect.moveCenter(available.center())
    return rect


def clamped(frame: QRect, screens: list[QRect]) -> QRect:
    """``frame`` moved (and shrunk if needed) onto the screen it overlaps most, or onto the
    first screen when it is on none of them (a monitor that was unplugged)."""
    if not screens:
        return frame
    best = max(screens, key=lambda s: _area(s.intersected(frame)))
    if _area(best.intersected(frame)) == 0:
        best = screens[0]
    rect = QRect(frame)
    rect.setWidth(min(rect.width(), best.width()))
    rect.setHeight(min(rect.height(), best.height()))
    rect.moveLeft(min(max(rect.left(), best.left()), best.right() - rect.width() + 1))
    rect.moveTop(min(max(rect.top(), best.top()), best.bottom() - rect.height() + 1))
    return rect


def place(window: QWidget, settings: cfg.Settings, screens: list[QRect] | None = None) -> None:
    """Restore the last geometry, or fit the window to the screen; then make sure the whole
    window (title bar and status bar included) is on a screen that exists now."""
    screens = available_screens() if screens is None else screens
    saved = settings.get(cfg.WINDOW_GEOMETRY)
    restored = bool(saved) and window.restoreGeometry(QByteArray.fromBase64(saved.encode()))
    if not restored and screens:
        window.setGeometry(fitted(screens[0]))
    frame = window.frameGeometry()
    extra = QSize(frame.width() - window.width(), frame.height() - window.height())
    target = clamped(frame, screens)
    if target != frame:
        window.resize(target.size() - extra)
        window.move(target.topLeft())


def remember(window: QWidget, settings: cfg.Settings) -> None:
    data = bytes(window.saveGeometry().toBase64().data()).decode("ascii")
    settings.set(cfg.WINDOW_GEOMETRY, data)


def _area(rect: QRect) -> int:
    return max(0, rect.width()) * max(0, rect.height()) if rect.isValid() else 0
