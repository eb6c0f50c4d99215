"""Persons (auditors, interpreters) managed from the Edit menu, and a visit's team chosen
from them with the searching multi-picker of the visit form and the New visit flow."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from aces_desktop.ops import records
from aces_desktop.ui import dialogs
from aces_desktop.ui.features import install_features
from aces_desktop.ui.forms.pickers import RefsEditor
from aces_desktop.ui.forms.record_editor import RecordEditor, RecordEditorDialog
from aces_desktop.ui.forms.visit_logger import VisitLogger
from aces_desktop.ui.persons import PersonsDialog
from tests.ui_forms.formhelpers import pick, set_field


def names(dialog: PersonsDialog) -> list[str]:
    model = dialog.page.model
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def save_person(qtbot: Any, editor_dialog: RecordEditorDialog | None, **fields: Any) -> None:
    assert editor_dialog is not None
    editor = editor_dialog.editor
    for name, value in fields.items():
        set_field(editor, name, value)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor_dialog.isVisible())


def test_persons_added_edited_and_removed_from_the_edit_menu(
    qtbot: Any, window: Any, world: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    hub = install_features(window).editing
    assert hub.persons_action.shortcut() == QKeySequence("Ctrl+Shift+P")
    assert hub.persons_action in window.edit_menu.actions()
    hub.persons_action.trigger()
    dialog = hub.dialogs[-1]
    assert isinstance(dialog, PersonsDialog)
    qtbot.waitExposed(dialog)
    assert names(dialog) == ["Test Auditor"]
    assert dialog.page.model.index(0, 1).data() == "Auditor"
    assert not dialog.page.search.isVisible()  # names are not in the text index

    dialog.page.new_action.trigger()
    save_person(qtbot, dialog.editor, name="Li Wei", role="interpreter", organisation="Field Lab")
    qtbot.waitUntil(lambda: names(dialog) == ["Li Wei", "Test Auditor"])
    assert dialog.page.model.index(0, 1).data() == "Interpreter"

    dialog.page.select_row(0)
    qtbot.keyClick(dialog.page.table, Qt.Key.Key_Return)
    assert dialog.editor is not None and dialog.editor.editor.record_id
    save_person(qtbot, dialog.editor, name="Li Wei (interpreter)")
    qtbot.waitUntil(lambda: names(dialog)[0] == "Li Wei (interpreter)")
    assert window.workspace.counts()["person"] == 2

    asked: list[str] = []
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or True)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, message: errors.append(message))
    dialog.page.select_row(1)  # Test Auditor is on a visit's team: refused
    dialog.page.delete_selected()
    assert "still referred to" in errors[0]
    dialog.page.select_row(0)
    dialog.page.delete_selected()
    qtbot.waitUntil(lambda: names(dialog) == ["Test Auditor"])
    assert "person" in asked[-1] and "Li Wei (interpreter)" in asked[-1]  # named
    # Persons are personal data: the dialog's list is not the window's, so Export takes none.
    assert window.current_list() is not dialog.page


def test_visit_team_chosen_in_the_visit_form(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    interpreter = records.save(workspace, "person", {"name": "Li Wei", "role": "interpreter"})
    editor = RecordEditor(workspace, "visit", world["visit"])
    qtbot.addWidget(editor)
    editor.show()
    team = editor.editors["team"]
    assert isinstance(team, RefsEditor)
    assert team.state() == [world["person"]]
    assert team.picker.list.item(0).text().startswith("Test Auditor")
    pick(qtbot, team.picker.search, "Li W")
    assert team.state() == sorted([world["person"], interpreter.value])
    assert team.picker.search.edit.text() == ""  # ready for the next name
    pick(qtbot, team.picker.search, "Li W")  # twice is still once
    assert len(team.picker.ids()) == 2
    # Delete on the chosen list removes the selected person.
    team.picker.list.setFocus()
    team.picker.list.setCurrentRow(team.picker.ids().index(world["person"]))
    qtbot.keyClick(team.picker.list, Qt.Key.Key_Delete)
    assert team.state() == [interpreter.value]
    assert editor.save()
    _type, content = records.load(workspace, world["visit"])
    assert content["team"] == [interpreter.value]
    # Undo brings the removed person back into the form.
    editor.undo_stack.undo()
    assert world["person"] in team.state()


def test_visit_team_in_the_new_visit_flow_with_a_new_person(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    logger = VisitLogger(workspace)
    qtbot.addWidget(logger)
    logger.resize(820, 640)
    logger.show()
    qtbot.waitExposed(logger)
    pick(qtbot, logger.site.picker, "Hengrun")
    qtbot.keyClick(logger.method.combo, Qt.Key.Key_Down)
    logger.start_date.set_state("2026-10-02")
    pick(qtbot, logger.team.picker.search, "Test Aud")
    # Someone not listed yet: New… opens the person form; saved, they join the team.
    assert logger.team.picker.new_button.isVisible()
    form = logger.team.picker.new_record()
    assert isinstance(form, RecordEditorDialog) and form.editor.type_name == "person"
    save_person(qtbot, form, name="Nur Aziz", role="interpreter")
    assert len(logger.team.state()) == 2
    visit_id = logger.finish()
    assert visit_id
    _type, content = records.load(workspace, visit_id)
    with workspace.session() as s:
        team_names = sorted(workspace.records.get(s, pid)[1]["name"] for pid in content["team"])
    assert team_names == ["Nur Aziz", "Test Auditor"]
