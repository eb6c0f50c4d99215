"""Undo/redo, autosaved drafts, sealing and amendments in the RecordEditor."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from aces_desktop.store import drafts
from aces_desktop.store import models as m
from aces_desktop.ui.forms.record_editor import RecordEditor
from tests.ui_forms.formhelpers import set_field, shoot

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _draft(workspace: Any, type_name: str, record_id: str | None) -> drafts.Draft | None:
    with workspace.session() as s:
        return drafts.load_draft(s, type_name, record_id)


def test_edit_undo_redo_by_keyboard(qtbot: Any, workspace: Any) -> None:
    editor = RecordEditor(workspace, "site")
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    name = editor.editors["name"].focus_widget()
    qtbot.keyClicks(name, "Mill")
    set_field(editor, "kind", "mine")
    assert editor.undo_stack.count() == 2  # typing merges into one edit per field
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    assert editor.editors["kind"].state() == "factory"
    assert editor.editors["name"].state() == "Mill"
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL)
    assert editor.editors["name"].state() == ""
    assert not editor.undo_stack.canUndo()
    qtbot.keyClick(name, Qt.Key.Key_Z, CTRL_SHIFT)
    assert editor.editors["name"].state() == "Mill"
    editor.redo_button.click()
    assert editor.editors["kind"].state() == "mine"
    set_field(editor, "country", "BD")
    with qtbot.waitSignal(editor.saved) as signal:
        qtbot.keyClick(name, Qt.Key.Key_S, CTRL)
    with workspace.session() as s:
        content = workspace.records.get(s, signal.args[1])[1]
    assert (content["name"], content["kind"], content["country"]) == ("Mill", "mine", "BD")
    assert editor.undo_stack.isClean()


def test_undo_of_an_edit_to_a_saved_record(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    editor = RecordEditor(workspace, "company", world["company"])
    qtbot.addWidget(editor)
    set_field(editor, "name", "Southwind")
    editor.undo_stack.undo()
    assert editor.editors["name"].state() == "Northwind Apparel"
    assert editor.undo_stack.isClean()


def test_draft_autosaved_and_restored(qtbot: Any, workspace: Any) -> None:
    editor = RecordEditor(workspace, "site")
    qtbot.addWidget(editor)
    set_field(editor, "name", "Draft Dyeing Mill zq7")
    set_field(editor, "address", "厂区 3 号楼")
    qtbot.waitUntil(lambda: _draft(workspace, "site", None) is not None)
    draft = _draft(workspace, "site", None)
    assert draft is not None
    assert draft.content["name"] == "Draft Dyeing Mill zq7"
    # Drafts live in the encrypted database only: no file in the workspace shows the text.
    for path in workspace.path.rglob("*"):
        if path.is_file():
            assert b"Draft Dyeing Mill zq7" not in path.read_bytes(), path
    editor.close()
    editor.deleteLater()

    reopened = RecordEditor(workspace, "site")
    qtbot.addWidget(reopened)
    reopened.resize(640, 760)
    assert reopened.draft_bar.isVisibleTo(reopened)
    assert reopened.editors["name"].state() == ""
    shoot(reopened, "editor-draft-offer")
    reopened.restore_button.click()
    assert reopened.editors["name"].state() == "Draft Dyeing Mill zq7"
    assert reopened.editors["address"].state() == "厂区 3 号楼"
    assert not reopened.draft_bar.isVisibleTo(reopened)
    reopened.undo_stack.undo()  # restoring is one undoable step
    assert reopened.editors["name"].state() == ""
    reopened.undo_stack.redo()
    set_field(reopened, "country", "CN")
    assert reopened.save()
    assert _draft(workspace, "site", None) is None


def test_draft_of_an_existing_record_and_discard(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    editor = RecordEditor(workspace, "company", world["company"])
    qtbot.addWidget(editor)
    set_field(editor, "notes", "Call back in May")
    qtbot.waitUntil(lambda: _draft(workspace, "company", world["company"]) is not None)
    again = RecordEditor(workspace, "company", world["company"])
    qtbot.addWidget(again)
    assert again.draft_bar.isVisibleTo(again)
    again.discard_button.click()
    assert _draft(workspace, "company", world["company"]) is None
    assert not again.draft_bar.isVisibleTo(again)
    # Undoing back to the saved state removes the draft too.
    editor.undo_stack.undo()
    editor.save_draft()
    assert _draft(workspace, "company", world["company"]) is None


def test_seal_visit_then_read_only_then_amend(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    editor = RecordEditor(workspace, "visit", world["visit"])
    qtbot.addWidget(editor)
    editor.resize(640, 760)
    assert editor.seal_button.isVisibleTo(editor)
    assert not editor.amend_button.isVisibleTo(editor)
    box = editor.seal_button.click() or editor.confirm_box
    assert box is not None
    with qtbot.waitSignal(editor.saved):
        next(b for b in box.buttons() if b.text() == "Seal visit").click()
    with workspace.session() as s:
        assert workspace.records.get(s, world["visit"])[1]["sealed"] is True
        assert workspace.records.get(s, world["finding"])[1]["sealed"] is True
    assert editor.sealed
    assert all(not e.isEnabled() for e in editor.editors.values())
    assert not editor.save_button.isEnabled()
    assert not editor.seal_button.isVisibleTo(editor)
    assert "sealed" in editor.banner.text()
    assert editor.banner.isVisibleTo(editor)
    shoot(editor, "editor-visit-sealed")
    revisions = len(_history(workspace, world["visit"]))
    assert editor.save() is None
    assert len(_history(workspace, world["visit"])) == revisions

    finding = RecordEditor(workspace, "finding", world["finding"])
    qtbot.addWidget(finding)
    assert not finding.editors["narrative"].isEnabled()
    assert finding.amend_button.isVisibleTo(finding)

    editor.amend_button.click()
    dialog = editor.amendment_dialog
    assert dialog is not None
    amendment = dialog.editor
    assert amendment.editors["target_id"].value() == world["visit"]
    assert not amendment.editors["target_type"].isEnabled()
    set_field(amendment, "reason", "The visit started a day earlier")
    with qtbot.waitSignal(amendment.saved) as signal:
        amendment.save_button.click()
    with workspace.session() as s:
        _, content = workspace.records.get(s, signal.args[1])
    assert content["target_type"] == "visit"
    assert content["target_id"] == world["visit"]
    assert not dialog.isVisible()


def test_sealed_record_cannot_be_deleted(qtbot: Any, workspace: Any, world: dict[str, str]) -> None:
    with workspace.session() as s:
        workspace.records.seal_visit(s, world["visit"])
    editor = RecordEditor(workspace, "worker_note", world["note"])
    qtbot.addWidget(editor)
    assert not editor.delete_button.isEnabled()
    assert editor.delete() is False
    assert "sealed" in editor.banner.text()
    box = editor.request_delete()
    box.button(QMessageBox.StandardButton.Cancel).click()


def _history(workspace: Any, record_id: str) -> list[Any]:
    with workspace.session() as s:
        return list(
            s.execute(select(m.RevisionRow).where(m.RevisionRow.record_id == record_id)).scalars()
        )


def test_edit_menu_actions_follow_the_stack(qtbot: Any, workspace: Any) -> None:
    editor = RecordEditor(workspace, "initiative")
    qtbot.addWidget(editor)
    undo, redo = editor.edit_actions(editor)
    assert not undo.isEnabled()
    set_field(editor, "acronym", "GSA")
    assert undo.isEnabled()
    assert "Acronym" in undo.text()
    undo.trigger()
    assert editor.editors["acronym"].state() == ""
    assert redo.isEnabled()


def test_restoring_a_draft_keeps_fixed_fields(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    first = {"target_type": "finding", "target_id": world["finding"]}
    editor = RecordEditor(workspace, "amendment", initial=first, fixed=tuple(first))
    qtbot.addWidget(editor)
    set_field(editor, "reason", "Grade was 2")
    editor.save_draft()
    second = {"target_type": "worker_note", "target_id": world["note"]}
    other = RecordEditor(workspace, "amendment", initial=second, fixed=tuple(second))
    qtbot.addWidget(other)
    other.restore_button.click()
    assert other.editors["reason"].state() == "Grade was 2"
    assert other.editors["target_id"].value() == world["note"]
    assert other.editors["target_type"].state() == "worker_note"
