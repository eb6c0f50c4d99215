"""Texts are shown whole (issue 16, item 7): the lock screen's subtitle wraps onto as many
lines as it needs instead of being cut off."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from aces_desktop.ui.lock import LockScreen


def test_lock_screen_subtitle_is_never_cut_off(qtbot: Any) -> None:
    screen = LockScreen("Kashgar field team laptop (Hotan and Aksu prefectures), autumn 2026")
    qtbot.addWidget(screen)
    screen.resize(1000, 600)
    screen.show()
    qtbot.waitExposed(screen)
    QApplication.processEvents()
    hint = screen.hint
    assert hint.wordWrap()
    needed = hint.heightForWidth(hint.width())
    assert needed > hint.fontMetrics().lineSpacing()  # it does take two lines
    assert hint.height() >= needed
