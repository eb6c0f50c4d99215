"""The Persons dialog: the auditors, researchers and interpreters a visit's team is chosen
from, listed, added, edited and removed.

Person names and contacts are personal data (docs/protection.md): they are shown here and in
the pickers of this workspace, travel to the coordinator in encrypted bundles, and are never
published or exported; so this list has no export, and it is a dialog of its own rather than
a page whose list the Export action would take.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QDialog, QLabel, QVBoxLayout, QWidget

from aces_desktop.store.workspace import Workspace
from aces_desktop.ui.forms.record_editor import RecordEditorDialog
from aces_desktop.ui.list_page import ListPage


class PersonsDialog(QDialog):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.editor: RecordEditorDialog | None = None
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.page = ListPage(workspace, "person", self)
        self.page.new_requested.connect(lambda _type: self.open_editor(None))
        self.page.edit_requested.connect(lambda _type, record_id: self.open_editor(record_id))
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.page, 1)
        self.resize(900, 520)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Persons"))
        self.note.setText(
            self.tr(
                "The people who visit sites (auditors, researchers, interpreters); a visit's "
                "team is chosen from them. Names and contacts are personal data: they go to "
                "the coordinator in encrypted bundles and are never published or exported."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def open_editor(self, record_id: str | None) -> RecordEditorDialog:
        dialog = RecordEditorDialog(self.ws, "person", record_id, parent=self)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.editor = dialog
        dialog.open()
        return dialog
