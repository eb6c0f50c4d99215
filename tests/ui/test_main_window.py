"""The main window driven through its real widgets."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from aces_desktop.ui import dialogs
from aces_desktop.ui import settings as cfg
from aces_desktop.ui.main_window import MainWindow
from tests.helpers import add


def test_pages_and_navigation(window: MainWindow) -> None:
    titles = [window.nav.item(i).text() for i in range(window.nav.count())]
    assert titles == [
        "Sites",
        "Companies",
        "Initiatives",
        "Visits and findings",
        "Worker notes",
        "Company responses",
    ]
    window.show_page("companies")
    assert window.current_list() is window.list_page("company")
    assert window.list_page("company").model.rowCount() == 1
    window.add_page("ratings", "Ratings", QLabel("ratings page"), "Ctrl+7")
    assert window.nav.item(window.nav.count() - 1).text() == "Ratings"
    with pytest.raises(ValueError, match="exists"):
        window.add_page("ratings", "Ratings", QLabel())


def test_find_a_chinese_site_by_part_of_its_name(qtbot: Any, window: MainWindow) -> None:
    add(window.workspace, "site", name="Alpha Works", country="VN")
    add(window.workspace, "site", name="和田金丝玉纺织厂", country="CN")
    window.refresh()
    page = window.list_page("site")
    assert page.model.rowCount() == 3
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search.hasFocus()
    for ch in "金丝玉":
        page.search.insert(ch)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, 0).data() == "和田金丝玉纺织厂"
    assert page.count_label.text().startswith("1 record")
    page.search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)


def test_selecting_a_row_shows_details_and_edit_is_requested(
    qtbot: Any, window: MainWindow
) -> None:
    page = window.list_page("site")
    page.select_row(0)
    assert "喀什恒润纺织有限公司" in page.detail.heading.text()
    with qtbot.waitSignal(window.edit_requested) as signal:
        qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert signal.args[0] == "site"
    with qtbot.waitSignal(window.new_requested) as signal:
        qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert signal.args == ["site"]


def test_delete_asks_and_refuses_while_referred_to(
    qtbot: Any, window: MainWindow, world: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, message: errors.append(message))
    sites = window.list_page("site")
    sites.select_row(0)
    sites.delete_action.trigger()
    assert len(asked) == 1
    assert "still referred to" in errors[0]
    assert sites.model.rowCount() == 1

    window.show_page("companies")
    companies = window.list_page("company")
    companies.select_row(0)
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: False)
    companies.delete_action.trigger()
    assert companies.model.rowCount() == 1
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    companies.delete_action.trigger()
    assert companies.model.rowCount() == 0
    with window.workspace.session() as s:
        assert window.workspace.records.dependents(s, world["company"]) == []


def test_ctrl_l_locks_and_the_passphrase_unlocks(
    qtbot: Any, window: MainWindow, passphrase: str
) -> None:
    sites = window.list_page("site")
    assert sites.model.rowCount() == 1
    sites.search.setText("喀什")
    sites.apply_search()
    settings_dialog = QDialog(window)
    settings_dialog.show()
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not settings_dialog.isVisible()
    assert sites.search.text() == ""
    assert window.locked and window.workspace.locked
    assert window.centralWidget() is window.lock_screen
    assert not window.body.isVisible() and not sites.isVisible()
    assert sites.model.rowCount() == 0
    assert window.status.lock_label.text() == "Locked"
    screen = window.lock_screen
    assert screen is not None
    qtbot.keyClicks(screen.passphrase, "wrong passphrase")
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert window.locked and screen.error.isVisible()
    screen.passphrase.clear()
    qtbot.keyClicks(screen.passphrase, passphrase)
    qtbot.keyClick(screen.passphrase, Qt.Key.Key_Return)
    assert not window.locked and not window.workspace.locked
    assert window.centralWidget() is window.body and sites.isVisible()
    assert sites.model.rowCount() == 1


def test_auto_lock_after_idle_hides_content(
    qtbot: Any, workspace: Any, world: dict[str, str], settings: cfg.Settings
) -> None:
    settings.set(cfg.AUTO_LOCK_MINUTES, 1)
    win = MainWindow(workspace, settings)
    qtbot.addWidget(win)
    win.show()
    assert win.idle.timer.isActive() and win.idle.timer.interval() == 60_000
    win.idle.timer.setInterval(20)
    win.idle.restart()
    qtbot.waitUntil(lambda: win.locked, timeout=5000)
    assert workspace.locked
    assert not win.list_page("site").isVisible()
    assert win.centralWidget() is win.lock_screen
    win.close()


def test_right_to_left_layout_opens(qtbot: Any, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    window.show_page("visits")
    qtbot.waitUntil(lambda: window.isRightToLeft())
    window.pages["visits"].widget.setCurrentIndex(1)  # type: ignore[attr-defined]
    page = window.list_page("finding")
    assert page.isRightToLeft() and page.model.rowCount() == 1
    assert not window.grab().isNull()


def test_status_bar_names_workspace_role_and_unsent_changes(qtbot: Any, window: MainWindow) -> None:
    status = window.status
    assert status.workspace_label.text() == "Workspace: Field test"
    assert status.role_label.text() == "Role: field"
    assert status.lock_label.text() == "Unlocked"
    qtbot.waitUntil(lambda: status.unsent is not None and status.task is None)
    before = status.unsent
    assert before is not None
    assert status.unsent_label.text() == f"Unsent changes: {before}"
    add(window.workspace, "company", name="Contoso", kind="brand")
    with qtbot.waitSignal(status.unsent_updated) as signal:
        window.refresh()
    assert signal.args == [before + 1]
    assert status.unsent_label.text() == f"Unsent changes: {before + 1}"


def test_lists_load_only_when_first_shown(qtbot: Any, window: MainWindow) -> None:
    findings = window.list_page("finding")
    assert not findings.model.loaded and findings.model.rowCount() == 0
    window.show_page("visits")
    window.pages["visits"].widget.setCurrentIndex(1)  # type: ignore[attr-defined]
    assert findings.model.loaded and findings.model.rowCount() == 1


def test_controls_have_accessible_names_and_shortcuts(window: MainWindow) -> None:
    from PySide6.QtWidgets import QAbstractItemView, QComboBox, QHeaderView, QLineEdit

    for page in window.pages.values():
        window.show_page(page.key)
    controls = [
        w
        for kind in (QLineEdit, QComboBox, QAbstractItemView)
        for w in window.findChildren(kind)
        if not w.objectName().startswith("qt_")
    ]
    assert len(controls) > 10
    unnamed = [w for w in controls if not w.accessibleName() and w.parent() is not None]
    unnamed = [
        w
        for w in unnamed
        if not isinstance(w.parent(), QComboBox) and not isinstance(w, QHeaderView)
    ]
    assert unnamed == []
    for act in (window.lock_action, window.new_action, window.find_action, window.delete_action):
        assert not act.shortcut().isEmpty()
    assert [p.action.shortcut().toString() for p in window.pages.values()] == [
        f"Ctrl+{i}" for i in range(1, 7)
    ]


def test_help_lists_the_shortcuts(qtbot: Any, window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    table = dict(window.shortcut_table())
    assert table["Lock now"] == "Ctrl+L"
    assert table["Find"] == "Ctrl+F"
    assert table["Sites"] == "Ctrl+1"
    window.show_shortcuts()
    box = next(b for b in window.findChildren(QMessageBox) if b.isVisible())
    assert "Ctrl+L" in box.text()
    box.close()


def test_import_a_chinese_site_in_the_background_and_find_it(
    qtbot: Any, window: MainWindow, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    source = tmp_path / "sites.json"
    source.write_text(
        json.dumps(
            {
                "format": "aces-import",
                "version": 1,
                "sites": [{"name": "阿克苏纺织品有限公司", "country": "CN", "kind": "factory"}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    task = window.import_records(source)
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert "Imported: 1 new" in window.statusBar().currentMessage()
    page = window.list_page("site")
    assert page.model.rowCount() == 2
    page.search.setText("纺织品")
    page.apply_search()
    assert page.model.rowCount() == 1
    assert page.model.index(0, 0).data() == "阿克苏纺织品有限公司"

    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, message: errors.append(message))
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    task = window.import_records(tmp_path / "bad.json")
    assert task is not None
    with qtbot.waitSignal(task.finished, timeout=20_000):
        pass
    assert len(errors) == 1 and "not valid JSON" in errors[0]


def test_a_visit_lists_its_findings(qtbot: Any, window: MainWindow, world: dict[str, str]) -> None:
    from aces_desktop.ui.visits_page import VisitsAndFindings

    add(window.workspace, "visit", site_id=world["site"], start_date="2026-10-01", method="remote")
    window.show_page("visits")
    page = window.pages["visits"].widget
    assert isinstance(page, VisitsAndFindings)
    page.visits.reload()
    assert page.visits.model.rowCount() == 2
    row = next(r for r in range(2) if page.visits.model.record_id(r) == world["visit"])
    page.visits.select_row(row)
    page.findings_action.trigger()
    assert page.currentWidget() is page.findings
    assert page.findings.model.rowCount() == 1
    assert page.findings.filter_label.isVisible()
    qtbot.mouseClick(page.findings.clear_filter_button, Qt.MouseButton.LeftButton)
    assert not page.findings.filter_label.isVisible()
