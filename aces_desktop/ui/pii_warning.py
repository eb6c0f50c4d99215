"""The warning shown before a worker note with personal data in it is shared.

The note's text is shown read-only with every detected span (``core.pii``) highlighted:
names, phone numbers and ID numbers each in their own colour, listed below the text. The
auditor chooses **Edit** (go back and change the note: nothing is shared) or **Share anyway**
(an acknowledgement bound to this exact text is recorded, ``store.pii_ack``). Closing the
dialog is the same as Edit: the safe choice is the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import pii
from aces_desktop.core.messages import fill

if TYPE_CHECKING:
    from aces_desktop.store.workspace import Workspace

COLOURS = {"name": "#ffd54f", "phone": "#80deea", "id_number": "#ef9a9a"}


class PiiWarningDialog(QDialog):
    """``exec()`` returns Accepted for "Share anyway"; ``choice`` is "share" or "edit"."""

    def __init__(
        self, text: str, spans: list[pii.PiiSpan] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.text = text
        self.spans = pii.detect(text) if spans is None else list(spans)
        self.choice = "edit"
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("font-weight: 600;")
        self.view = QTextEdit(self)
        self.view.setReadOnly(True)
        self.view.setPlainText(text)
        self.view.setAcceptRichText(False)
        self.found = QListWidget(self)
        self.found.setMaximumHeight(110)
        self.edit_button = QPushButton(self)
        self.share_button = QPushButton(self)
        self.edit_button.setDefault(True)
        self.edit_button.clicked.connect(self._edit)
        self.share_button.clicked.connect(self._share)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.share_button)
        box = QVBoxLayout(self)
        box.addWidget(self.heading)
        box.addWidget(self.view, 1)
        box.addWidget(self.found)
        box.addLayout(buttons)
        self.resize(560, 380)
        self._highlight()
        self.retranslate()

    def kind_label(self, kind: str) -> str:
        return {
            "name": self.tr("Person name"),
            "phone": self.tr("Phone number"),
            "id_number": self.tr("ID-document number"),
        }.get(kind, kind)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Personal data in this note"))
        self.heading.setText(
            fill(
                self.tr(
                    "This note seems to contain %1 item(s) that can identify a person. Workers "
                    "can be harmed if they are identified. Edit the note to remove them, or share "
                    "it anyway if they are not personal data."
                ),
                len(self.spans),
            )
        )
        self.edit_button.setText(self.tr("Edit"))
        self.share_button.setText(self.tr("Share anyway"))
        self.found.clear()
        for span in self.spans:
            self.found.addItem(f"{self.kind_label(span.kind)}: {span.text(self.text)}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _highlight(self) -> None:
        selections = []
        for span in self.spans:
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(COLOURS.get(span.kind, "#ffd54f")))
            fmt.setForeground(QColor("#000000"))
            fmt.setToolTip(self.kind_label(span.kind))
            selection.format = fmt
            cursor = QTextCursor(self.view.document())
            # QTextCursor counts UTF-16 code units; our spans count code points.
            cursor.setPosition(_utf16(self.text, span.start))
            cursor.setPosition(_utf16(self.text, span.end), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.view.setExtraSelections(selections)

    def highlighted(self) -> list[tuple[int, int, str]]:
        """The highlighted ranges as (start, end, text) in code points (for tests)."""
        out = []
        for selection in self.view.extraSelections():
            cursor = selection.cursor
            start = _from_utf16(self.text, cursor.selectionStart())
            end = _from_utf16(self.text, cursor.selectionEnd())
            out.append((start, end, cursor.selectedText()))
        return out

    def _edit(self) -> None:
        self.choice = "edit"
        self.reject()

    def _share(self) -> None:
        self.choice = "share"
        self.accept()


def _utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def _from_utf16(text: str, units: int) -> int:
    count = 0
    for i, ch in enumerate(text):
        if count >= units:
            return i
        count += 2 if ord(ch) > 0xFFFF else 1
    return len(text)


def confirm_share(workspace: Workspace, note_id: str, parent: QWidget | None = None) -> bool:
    """Before sharing a note: True if it may go (no personal data found, already acknowledged,
    or the user chose "Share anyway", which is recorded). False means "edit first"."""
    from aces_desktop import ops
    from aces_desktop.core import redaction
    from aces_desktop.ops import records
    from aces_desktop.store import pii_ack
    from aces_desktop.ui import ops as ui_ops

    type_name, content = records.load(workspace, note_id)
    if ui_ops.query(workspace, lambda s: pii_ack.is_acknowledged(s, type_name, note_id, content)):
        return True
    spans = redaction.pii_spans(type_name, content).get("narrative", [])
    dialog = PiiWarningDialog(str(content.get("narrative") or ""), spans, parent)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    ui_ops.change(
        workspace,
        lambda s: pii_ack.acknowledge(s, type_name, note_id, content),
        ops.Changes.of(type_name, note_id),
    )
    return True
