"""The record forms, visit logger, attachments and outreach log reached from the main window."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from aces_desktop.ui.editing import WidgetDialog
from aces_desktop.ui.features import install_features
from aces_desktop.ui.forms.record_editor import RecordEditorDialog
from tests.ui_forms.formhelpers import set_field


def _hub(window: Any) -> Any:
    return install_features(window).editing


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
    assert len(hub.dialogs) == 1  # one form, not one per connection
    assert isinstance(hub.dialogs[-1], RecordEditorDialog)
    assert hub.dialogs[-1].editor.type_name == "visit"
    hub.dialogs[-1].reject()
    window.new_action.trigger()
    from aces_desktop.ui.forms.visit_logger import VisitLogger

    logger_dialog: QDialog = hub.dialogs[-1]
    assert isinstance(logger_dialog, WidgetDialog)
    assert isinstance(logger_dialog.widget, VisitLogger)


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


def test_protection_menu_opens_dialogs_and_wipe_leaves_the_window(
    qtbot: Any, window: Any, settings: Any
) -> None:
    from aces_desktop.ui import settings as cfg
    from aces_desktop.ui.protect_dialogs import ChangePassphraseDialog, WipeDialog

    menus = install_features(window).menus
    settings.add_recent(window.workspace.path)
    assert isinstance(menus.change_passphrase(), ChangePassphraseDialog)
    dialog = menus.wipe()
    assert isinstance(dialog, WipeDialog)
    assert not dialog.wipe_button.isEnabled()
    dialog.name.setText(window.workspace.name)
    dialog.understood.setChecked(True)
    path = window.workspace.path
    with qtbot.waitSignal(window.open_workspace_requested):
        dialog.wipe_button.click()
    assert not path.exists()
    assert str(path.resolve()) not in settings.get(cfg.RECENT_WORKSPACES)


def test_export_the_current_list_to_xlsx(
    qtbot: Any, window: Any, world: dict[str, str], tmp_path: Any, monkeypatch: Any
) -> None:
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    menus = install_features(window).menus
    with window.workspace.session() as s:
        window.workspace.records.put(
            s, "site", {"name": "Published Mill", "country": "BD", "disclosure": "full"}
        )
    out = tmp_path / "sites.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Excel workbook (*.xlsx)")
    )
    window.show_page("sites")
    sites = window.list_page("site")
    sites.reload()
    qtbot.waitUntil(lambda: sites.model.rowCount() == 2)
    menus.export_list.trigger()
    assert out.exists()
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    # The site left at the cautious default disclosure ("withhold") is held back.
    names = [r[rows[0].index("Name")] for r in rows[1:]]
    assert names == ["Published Mill"]
    # A search narrows the export to what the list shows.
    sites.search.setText("Nothing matches this")
    sites.apply_search()
    qtbot.waitUntil(lambda: sites.model.rowCount() == 0)
    menus.export_list.trigger()
    assert len(list(load_workbook(out).active.iter_rows(values_only=True))) == 1


def test_register_is_published_from_a_coordinator_workspace_only(
    qtbot: Any, window: Any, coordinator: Any, settings: Any
) -> None:
    from aces_desktop.ui.main_window import MainWindow
    from aces_desktop.ui.register_dialog import RegisterExportDialog

    assert "register" not in install_features(window).menus.actions  # a field workspace
    coord_window = MainWindow(coordinator, settings)
    qtbot.addWidget(coord_window)
    coord_menus = install_features(coord_window).menus
    assert isinstance(coord_menus.export_register(), RegisterExportDialog)


def test_ratings_and_sync_pages_and_scorecard_export(
    qtbot: Any, coordinator: Any, settings: Any, monkeypatch: Any
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from aces_desktop.ui.main_window import MainWindow
    from aces_desktop.ui.report_dialogs import ExportScorecardDialog, VerifyPdfDialog
    from tests.helpers import small_world

    world = small_world(coordinator)
    window = MainWindow(coordinator, settings)
    qtbot.addWidget(window)
    features = install_features(window)
    window.show()
    assert {"ratings", "sync"} <= set(window.pages)
    menus = features.menus
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    assert menus.export_scorecard() is None  # nothing selected yet
    assert told and window.current_page() == "ratings"
    ratings = menus.ratings
    qtbot.waitUntil(lambda: bool(ratings.results), timeout=30_000)
    ratings.select_subject(world["site"])
    dialog = menus.export_scorecard()
    assert isinstance(dialog, ExportScorecardDialog)
    assert (dialog.kind, dialog.subject_id) == ("site", world["site"])
    assert isinstance(menus.verify_pdf(), VerifyPdfDialog)
    window.show_page("sync")
    assert window.stack.currentWidget() is menus.sync
    # Evidence activated in the explanation tree opens the record's form.
    ratings.open_record.emit("site", world["site"])
    opened = features.editing.dialogs[-1]
    assert isinstance(opened, RecordEditorDialog)
    assert opened.editor.record_id == world["site"]


def test_saving_a_shared_note_that_names_someone_asks_first(
    qtbot: Any, window: Any, world: dict[str, str], monkeypatch: Any
) -> None:
    from aces_desktop.store import pii_ack
    from aces_desktop.ui.pii_warning import PiiWarningDialog

    hub = _hub(window)
    seen: list[list[Any]] = []
    choices = iter(["edit", "share"])

    def fake_exec(dialog: PiiWarningDialog) -> int:
        qtbot.addWidget(dialog)
        seen.append(list(dialog.spans))
        button = dialog.share_button if next(choices) == "share" else dialog.edit_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return int(dialog.result())

    monkeypatch.setattr(PiiWarningDialog, "exec", fake_exec)
    form = hub.edit_record("worker_note", world["note"])
    set_field(form.editor, "consent_scope", "coordinator")
    set_field(form.editor, "narrative", "The supervisor, Mr Wang Lei, phone 138 0013 8000.")
    qtbot.mouseClick(form.editor.save_button, Qt.MouseButton.LeftButton)
    # "Edit" first: the note is held and its form opens again.
    assert seen and seen[0]
    reopened = hub.dialogs[-1]
    assert reopened is not form
    assert reopened.editor.record_id == world["note"]
    with window.workspace.session() as s:
        assert world["note"] in [h.record_id for h in pii_ack.held_notes(s)]
    # Saved again and shared anyway: acknowledged for exactly this text.
    qtbot.mouseClick(reopened.editor.save_button, Qt.MouseButton.LeftButton)
    with window.workspace.session() as s:
        assert world["note"] not in [h.record_id for h in pii_ack.held_notes(s)]


def test_a_note_kept_on_the_device_is_not_questioned(
    qtbot: Any, window: Any, world: dict[str, str], monkeypatch: Any
) -> None:
    from aces_desktop.ui.pii_warning import PiiWarningDialog

    hub = _hub(window)
    monkeypatch.setattr(PiiWarningDialog, "exec", lambda _d: pytest.fail("asked"))
    form = hub.edit_record("worker_note", world["note"])
    set_field(form.editor, "consent_scope", "device")
    set_field(form.editor, "narrative", "Mr Wang Lei, phone 138 0013 8000.")
    qtbot.mouseClick(form.editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not hub.dialogs)
