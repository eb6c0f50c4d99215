"""Connects the main window's New/Edit requests to the record forms, the visit logger,
attachments and the outreach log. Dialogs opened from here close when the window locks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMessageBox, QVBoxLayout, QWidget

from aces_desktop.core import schema
from aces_desktop.ops import records
from aces_desktop.ui.main_window import MainWindow

# The forms are imported when first opened: start-up shows none of them.
if TYPE_CHECKING:
    from aces_desktop.ui.forms.record_editor import RecordEditorDialog

# Record types that can carry photos and documents (the attachment's owner).
ATTACHMENT_OWNERS = ("site", "visit", "finding", "worker_note", "company", "company_response")


class WidgetDialog(QDialog):
    """A dialog holding one of the form widgets."""

    def __init__(self, widget: QWidget, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.widget = widget
        widget.setParent(self)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(widget)
        self.resize(900, 640)


class EditingHub(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.ws = window.workspace
        self.dialogs: list[QDialog] = []
        window.new_requested.connect(self.new_record)
        window.edit_requested.connect(self.edit_record)
        window.attachments_requested.connect(self.attachments_of)

        menu = window.edit_menu
        menu.addSeparator()
        self.log_visit_action = self._action("Ctrl+Shift+V", self.log_visit)
        self.attachments_action = self._action("Ctrl+Shift+A", self.attachments)
        self.outreach_action = self._action("Ctrl+Shift+O", self.outreach_log)
        self.persons_action = self._action("Ctrl+Shift+P", self.persons)
        for act in (
            self.log_visit_action,
            self.attachments_action,
            self.outreach_action,
            self.persons_action,
        ):
            menu.addAction(act)
            window.content_actions.append(act)
        window.installEventFilter(self)
        self.retranslate()

    def _action(self, shortcut: str, slot: object) -> QAction:
        act = QAction(self.window)
        act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        return act

    def retranslate(self) -> None:
        self.log_visit_action.setText(self.tr("Log a &visit…"))
        self.attachments_action.setText(self.tr("&Attachments of the selected record…"))
        self.outreach_action.setText(self.tr("&Outreach log…"))
        self.persons_action.setText(self.tr("&Persons (auditors, interpreters)…"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        return False

    # --- opening forms ---------------------------------------------------------------------

    def _show(self, dialog: QDialog) -> QDialog:
        self.dialogs.append(dialog)
        # The form is modal: without this, Ctrl+L would not lock while a form is open.
        dialog.addAction(self.window.lock_action)
        dialog.finished.connect(lambda _r: self._closed(dialog))
        dialog.open()
        return dialog

    def _closed(self, dialog: QDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def new_record(self, type_name: str) -> QDialog:
        from aces_desktop.ui.forms.record_editor import RecordEditorDialog

        if type_name == "visit":
            return self.log_visit()
        return self._form(RecordEditorDialog(self.ws, type_name, parent=self.window))

    def edit_record(self, type_name: str, record_id: str) -> QDialog:
        from aces_desktop.ui.forms.record_editor import RecordEditorDialog

        return self._form(RecordEditorDialog(self.ws, type_name, record_id, parent=self.window))

    def _form(self, dialog: RecordEditorDialog) -> QDialog:
        dialog.editor.saved.connect(self.check_personal_data)
        return self._show(dialog)

    def check_personal_data(self, type_name: str, record_id: str) -> bool:
        """A saved note that may leave the device but names someone (a name, phone or ID
        number in its text) is held back until the auditor has seen the highlighted spans
        and chosen to share it anyway; "Edit" reopens the form. True if it may be shared."""
        from aces_desktop.core import redaction
        from aces_desktop.ui.pii_warning import confirm_share

        if type_name != "worker_note":
            return True
        _type, content = records.load(self.ws, record_id)
        if content.get("consent_scope") == "device" or not redaction.needs_pii_ack(
            type_name, content
        ):
            return True
        if confirm_share(self.ws, record_id, self.window):
            return True
        self.edit_record(type_name, record_id)
        return False

    def log_visit(self) -> QDialog:
        from aces_desktop.ui.forms.visit_logger import VisitLogger

        logger = VisitLogger(self.ws)
        dialog = WidgetDialog(logger, self.tr("Log a visit"), self.window)
        logger.visit_saved.connect(
            lambda _id: self.window.statusBar().showMessage(logger.saved_message, 15_000)
        )
        logger.attachments_requested.connect(self.attachments_of)
        logger.close_requested.connect(dialog.accept)
        return self._show(dialog)

    def attachments(self) -> QDialog | None:
        page = self.window.current_list()
        record_id = page.selected_id() if page else None
        if page is None or record_id is None or page.type_name not in ATTACHMENT_OWNERS:
            QMessageBox.information(
                self.window,
                self.tr("Attachments"),
                self.tr(
                    "Select a site, visit, finding, worker note, company or company response "
                    "first; its photos and documents are shown here."
                ),
            )
            return None
        return self.attachments_of(page.type_name, record_id)

    def attachments_of(self, type_name: str, record_id: str) -> QDialog | None:
        """The photos and documents of one record (from the detail pane, the visit flow)."""
        if type_name not in schema.ATTACHMENT_OWNERS or not record_id:
            return None
        from aces_desktop.ui.forms.attachments import AttachmentsWidget

        widget = AttachmentsWidget(self.ws, type_name, record_id)
        return self._show(WidgetDialog(widget, self.tr("Attachments"), self.window))

    def persons(self) -> QDialog:
        from aces_desktop.ui.persons import PersonsDialog

        return self._show(PersonsDialog(self.ws, self.window))

    def outreach_log(self) -> QDialog:
        page = self.window.current_list()
        company_id = page.selected_id() if page and page.type_name == "company" else None
        from aces_desktop.ui.forms.responses_log import ResponsesLog

        widget = ResponsesLog(self.ws, company_id)
        return self._show(WidgetDialog(widget, self.tr("Outreach log"), self.window))
