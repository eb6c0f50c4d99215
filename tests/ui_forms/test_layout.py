"""Every widget opens right-to-left (Uyghur) and names its controls for assistive tools."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
)

from aces_desktop.store import drafts
from aces_desktop.ui.forms.attachments import AttachmentsWidget
from aces_desktop.ui.forms.record_editor import RecordEditor
from aces_desktop.ui.forms.responses_log import ResponsesLog
from aces_desktop.ui.forms.visit_logger import VisitLogger
from tests.ui_forms.formhelpers import set_field, shoot


@pytest.fixture
def right_to_left(qapp: QApplication) -> Iterator[None]:
    qapp.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    yield
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


def _widgets(workspace: Any, world: dict[str, str]) -> dict[str, Any]:
    return {
        "editor": RecordEditor(workspace, "worker_note", world["note"]),
        "logger": VisitLogger(workspace),
        "attachments": AttachmentsWidget(workspace, "worker_note", world["note"]),
        "responses": ResponsesLog(workspace),
    }


@pytest.mark.usefixtures("right_to_left")
def test_widgets_open_right_to_left(qtbot: Any, workspace: Any, world: dict[str, str]) -> None:
    for name, widget in _widgets(workspace, world).items():
        qtbot.addWidget(widget)
        widget.show()
        qtbot.waitExposed(widget)
        assert widget.layoutDirection() == Qt.LayoutDirection.RightToLeft
        save = widget.findChildren(QPushButton)[-1]
        # Buttons at the end of the row sit on the left in a right-to-left layout.
        if name == "editor":
            assert save.mapTo(widget, save.rect().center()).x() < widget.width() / 2
        shoot(widget, f"rtl-{name}")


def test_inputs_have_accessible_names(qtbot: Any, workspace: Any, world: dict[str, str]) -> None:
    for widget in _widgets(workspace, world).values():
        qtbot.addWidget(widget)
        inputs = (
            widget.findChildren(QLineEdit)
            + widget.findChildren(QPlainTextEdit)
            + widget.findChildren(QComboBox)
        )
        for control in inputs:
            if isinstance(control.parent(), QComboBox):  # the line edit inside a combo box
                continue
            if control.window() is not widget.window():  # inside pop-ups (calendar, menus)
                continue
            named = control.accessibleName() or (
                control.parent() is not None and control.parent().accessibleName()
            )
            where = f"{type(control.parent()).__name__}/{type(control).__name__}"
            assert named, f"{type(widget).__name__}: unnamed {where}"
        for box in widget.findChildren(QCheckBox):
            assert box.text() or box.accessibleName()


def test_attachments_stay_on_the_device_by_default(
    qtbot: Any, workspace: Any, world: dict[str, str]
) -> None:
    widget = AttachmentsWidget(workspace, "worker_note", world["note"])
    qtbot.addWidget(widget)
    assert widget.consent.currentData() == "device"
    site = AttachmentsWidget(workspace, "site", world["site"])
    qtbot.addWidget(site)
    assert site.consent.currentData() == "device"  # a photo of a site may show a worker


def test_hiding_the_form_keeps_the_pending_draft(qtbot: Any, workspace: Any) -> None:
    editor = RecordEditor(workspace, "person")
    qtbot.addWidget(editor)
    editor.show()
    set_field(editor, "name", "Pending Person")
    editor.hide()  # e.g. the window locks before the autosave timer fired
    with workspace.session() as s:
        draft = drafts.load_draft(s, "person", None)
    assert draft is not None
    assert draft.content["name"] == "Pending Person"
