"""Fields never move when the field above shows a problem or a hint (issue 16, item 5):
the space of error lines and hints is reserved."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from aces_desktop.ui.forms.record_editor import RecordEditor
from tests.ui_forms.formhelpers import set_field


def _settle() -> None:
    QApplication.processEvents()


def test_company_response_form_fields_stay_put_when_a_problem_appears(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    editor = RecordEditor(workspace, "company_response")
    qtbot.addWidget(editor)
    editor.resize(760, 900)
    editor.show()
    qtbot.waitExposed(editor)
    names = [n for n in editor.editors if n in ("request_sent_on", "follow_up_due", "answered_on")]
    assert len(names) == 3
    below = {n: editor.editors[n].geometry() for n in names}
    set_field(editor, "request_sent_on", "not a date")
    assert editor.check_field("request_sent_on")
    _settle()
    assert editor.errors["request_sent_on"].isVisible()
    for name in names:
        assert editor.editors[name].geometry() == below[name], name
    editor.show_problem("request_sent_on", None)
    _settle()
    assert not editor.errors["request_sent_on"].isVisible()
    for name in names:
        assert editor.editors[name].geometry() == below[name], name


def test_passphrase_fields_stay_put_while_the_strength_hint_changes(qtbot: Any) -> None:
    from aces_desktop.ui.start_dialog import StartDialog

    dialog = StartDialog([])
    qtbot.addWidget(dialog)
    dialog.resize(460, 520)
    dialog.show()
    dialog.pages.setCurrentIndex(1)
    _settle()
    confirm = dialog.confirm.geometry()
    for text in ("a", "correct horse", "correct horse battery staple lantern"):
        dialog.passphrase.setText(text)
        _settle()
        assert dialog.confirm.geometry() == confirm, text


def test_the_error_line_of_a_passphrase_dialog_keeps_its_place(qtbot: Any, workspace: Any) -> None:
    from aces_desktop.ui.protect_dialogs import ChangePassphraseDialog

    dialog = ChangePassphraseDialog(workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    _settle()
    ok = dialog.ok_button.geometry()
    dialog.show_error("The two new passphrases differ.")
    _settle()
    assert dialog.ok_button.geometry() == ok
