"""The record forms, visit logger, attachments and outreach log reached from the main window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from aces_desktop.ui.features import install_features
from aces_desktop.ui.forms.record_editor import RecordEditorDialog
from tests.ui_forms.formhelpers import set_field


def _hub(window: Any) -> Any:
    install_features(window)
    return window.editing


def test_new_site_from_the_sites_page_is_saved_and_listed(qtbot: Any, window: Any) -> None:
    hub = _hub(window)
    window.show_page("sites")
    before = window.list_page("site").model.rowCount()
    window.new_action.trigger()
    dialog = hub.dialogs[-1]
    assert isinstance(dialog, RecordEditorDialog)
    set_field(dialog.editor, "name", "Aksu Cotton Mill")
    set_field(dialog.editor, "country", "CN")
    qtbot.mouseClick(dialog.editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not hub.dialogs)
    qtbot.waitUntil(lambda: window.list_page("site").model.rowCount() == before + 1)
    with window.workspace.session() as s:
        names = [c.get("name") for _t, c in _site_contents(window.workspace, s)]
    assert "Aksu Cotton Mill" in names


def _site_contents(ws: Any, s: Any) -> list[tuple[str, dict[str, Any]]]:
    from sqlalchemy import select

    from aces_desktop.store import models as m

    return [ws.records.get(s, rid) for rid in s.scalars(select(m.Site.id))]


def test_edit_a_visit_with_ctrl_e_and_new_visit_opens_the_logger(
    qtbot: Any, window: Any, world: dict[str, str]
) -> None:
    hub = _hub(window)
    window.show_page("visits")
    visits = window.list_page("visit")
    qtbot.waitUntil(lambda: visits.model.rowCount() > 0)
    visits.select_row(0)
    window.edit_action.trigger()
    assert isinstance(hub.dialogs[-1], RecordEditorDialog)
    assert hub.dialogs[-1].editor.type_name == "visit"
    hub.dialogs[-1].reject()
    window.new_action.trigger()
    from aces_desktop.ui.forms.visit_logger import VisitLogger

    assert isinstance(hub.dialogs[-1].widget, VisitLogger)


def test_locking_closes_open_forms(qtbot: Any, window: Any) -> None:
    hub = _hub(window)
    window.show_page("sites")
    window.new_action.trigger()
    dialog: QDialog = hub.dialogs[-1]
    set_field(dialog.editor, "name", "Unsaved secret site")  # type: ignore[attr-defined]
    window.lock_action.trigger()
    assert window.locked
    assert not hub.dialogs
    assert not dialog.isVisible()


def test_attachments_need_a_selected_record_and_open_for_one(
    qtbot: Any, window: Any, world: dict[str, str], monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    hub = _hub(window)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    window.show_page("sites")
    sites = window.list_page("site")
    qtbot.waitUntil(lambda: sites.model.rowCount() > 0)
    sites.table.clearSelection()
    assert hub.attachments() is None
    assert shown and "Select" in shown[0]
    sites.select_row(0)
    dialog = hub.attachments()
    assert dialog is not None
    assert dialog.widget.owner_type == "site"
    assert dialog.widget.owner_id == sites.selected_id()
