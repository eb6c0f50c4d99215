"""Switching the language and layout direction at run time, through the settings dialog."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from aces_desktop.ui import i18n
from aces_desktop.ui import settings as cfg
from aces_desktop.ui.controller import Controller
from aces_desktop.ui.main_window import MainWindow


@pytest.fixture
def controller(qtbot: Any, settings: cfg.Settings, window: MainWindow) -> Iterator[Controller]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    ctl = Controller(app, settings)
    ctl.window = window
    yield ctl
    i18n.set_language(app, "en")
    i18n.set_direction(app, "ltr", "en")


def _choose(qtbot: Any, controller: Controller, language: str, direction: str = "auto") -> None:
    dialog = controller.edit_settings()
    dialog.language.setCurrentIndex(dialog.language.findData(language))
    dialog.direction.setCurrentIndex(dialog.direction.findData(direction))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_switch_to_chinese_and_back(qtbot: Any, controller: Controller, window: MainWindow) -> None:
    sites = window.list_page("site")
    assert window.nav.item(0).text() == "Sites"
    _choose(qtbot, controller, "zh_CN")
    assert controller.settings.get(cfg.LANGUAGE) == "zh_CN"
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "场所")
    assert window.file_menu.title() == "文件(&F)"
    assert sites.new_action.text() == "新建"
    assert sites.model.headerData(0, Qt.Orientation.Horizontal) == "名称"
    assert sites.count_label.text() == "1 条记录"
    assert window.status.lock_label.text() == "已解锁"
    _choose(qtbot, controller, "en")
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "Sites")
    assert sites.count_label.text() == "1 record"
    assert sites.search.placeholderText() == "Search names and text…"


def test_right_to_left_from_settings(
    qtbot: Any, controller: Controller, window: MainWindow
) -> None:
    _choose(qtbot, controller, "en", "rtl")
    qtbot.waitUntil(window.isRightToLeft)
    window.show_page("company_responses")
    assert window.current_list() is not None
    assert not window.grab().isNull()
    _choose(qtbot, controller, "en", "ltr")
    qtbot.waitUntil(lambda: not window.isRightToLeft())


def test_auto_lock_minutes_apply_at_once(
    qtbot: Any, controller: Controller, window: MainWindow
) -> None:
    dialog = controller.edit_settings()
    dialog.auto_lock.setValue(0)
    dialog.save()
    assert not window.idle.timer.isActive()
    assert controller.settings.get(cfg.AUTO_LOCK_MINUTES) == 0


def test_every_visible_string_has_a_chinese_translation() -> None:
    """`scripts/update_translations.py` collects the strings; none may be left unfinished."""
    import xml.etree.ElementTree as ET

    from aces_desktop.core.resources import resource_path

    root = ET.parse(resource_path("i18n", "aces_zh_CN.ts")).getroot()
    messages = root.findall(".//message")
    assert len(messages) > 800
    missing = [
        m.findtext("source")
        for m in messages
        if (t := m.find("translation")) is not None and t.get("type") == "unfinished" and not t.text
    ]
    assert missing == []
    assert resource_path("i18n", "aces_zh_CN.qm").stat().st_size > 10_000
