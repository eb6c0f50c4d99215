"""Files attached to a record: add by dialog or drag and drop, preview, fingerprint.

Photos lose their GPS position and camera details before they are stored (unless the
person ticks the box to keep them). Files are stored encrypted; previews are made in
memory from the decrypted bytes and never written to disk.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFontDatabase, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.ops import attachments, records
from aces_desktop.store import models as m
from aces_desktop.store.attachments import read_file
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.labels import choice_label
from aces_desktop.ui.forms.style import BANNER_ERROR, BANNER_INFO
from aces_desktop.ui.i18n import error_text

ID_ROLE = Qt.ItemDataRole.UserRole + 1
THUMB = QSize(96, 96)
PREVIEW = QSize(360, 300)


class AttachmentsWidget(QWidget):
    attached = Signal(str)

    def __init__(
        self,
        workspace: Workspace,
        owner_type: str,
        owner_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.owner_type = owner_type
        self.owner_id = owner_id
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        layout.addWidget(self.banner)

        options = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Add files…"), self)
        self.add_button.setToolTip(self.tr("Add files (or drop them here)"))
        self.add_button.clicked.connect(self.choose_files)
        self.keep_metadata = QCheckBox(self.tr("Keep location and camera metadata"), self)
        self.keep_metadata.setToolTip(
            self.tr(
                "Off by default: GPS position and camera details are removed from photos "
                "before they are stored, because they can identify people and places."
            )
        )
        self.consent = QComboBox(self)
        self.consent.setAccessibleName(self.tr("Consent scope of new attachments"))
        for code in schema.CONSENT_SCOPES:
            self.consent.addItem(choice_label("consent_scope", code), code)
        # The narrowest scope, as for notes: a photo may show a worker; widening is a choice.
        default = schema.ATTACHMENT.by_name["consent_scope"].default
        self.consent.setCurrentIndex(max(0, self.consent.findData(default)))
        consent_label = QLabel(self.tr("&Consent:"), self)
        consent_label.setBuddy(self.consent)
        options.addWidget(self.add_button)
        options.addWidget(consent_label)
        options.addWidget(self.consent)
        options.addWidget(self.keep_metadata)
        options.addStretch(1)
        self.remove_button = QPushButton(self.tr("&Remove…"), self)
        self.remove_button.setToolTip(self.tr("Remove the selected attachment from this record"))
        self.remove_button.clicked.connect(self.request_remove)
        options.addWidget(self.remove_button)
        self.confirm_box: QMessageBox | None = None
        layout.addLayout(options)

        body = QHBoxLayout()
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Attached files"))
        self.list.setIconSize(THUMB)
        self.list.setMinimumWidth(260)
        self.list.currentItemChanged.connect(lambda item, _prev: self._show(item))
        body.addWidget(self.list, 1)
        details = QVBoxLayout()
        self.preview = QLabel(self.tr("Drop files here or use Add files."), self)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumSize(PREVIEW)
        self.preview.setStyleSheet("border: 1px dashed #9aa5b1; color: #52606d;")
        self.preview.setAccessibleName(self.tr("Preview"))
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(self.tr("File details"))
        self.sha256 = QLineEdit(self)
        self.sha256.setReadOnly(True)
        self.sha256.setAccessibleName(self.tr("SHA-256 of the stored file"))
        self.sha256.setPlaceholderText(self.tr("SHA-256"))
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.sha256.setFont(mono)
        details.addWidget(self.preview)
        details.addWidget(self.details)
        sha_row = QHBoxLayout()
        sha_label = QLabel(self.tr("SHA-256:"), self)
        sha_label.setBuddy(self.sha256)
        sha_row.addWidget(sha_label)
        sha_row.addWidget(self.sha256, 1)
        details.addLayout(sha_row)
        details.addStretch(1)
        body.addLayout(details)
        layout.addLayout(body, 1)
        self.reload()

    # --- listing -----------------------------------------------------------------------

    def reload(self) -> None:
        self.list.clear()
        for row in attachments.of_record(self.ws, self.owner_type, self.owner_id):
            item = QListWidgetItem(row.original_name or row.sha256[:12], self.list)
            item.setData(ID_ROLE, row.id)
            item.setData(ID_ROLE + 1, row)
            thumb = self._image(row) if row.media_type.startswith("image/") else None
            if thumb is not None:
                item.setIcon(
                    QIcon(
                        QPixmap.fromImage(
                            thumb.scaled(
                                THUMB,
                                Qt.AspectRatioMode.KeepAspectRatio,
                                Qt.TransformationMode.SmoothTransformation,
                            )
                        )
                    )
                )
        if self.list.count():
            self.list.setCurrentRow(self.list.count() - 1)

    def _image(self, row: m.Attachment) -> QImage | None:
        """The picture decoded in memory from the decrypted blob."""
        try:
            data = self.ws.blobs.read_bytes(row.sha256)
        except AcesError:
            return None
        image = QImage.fromData(data)
        return None if image.isNull() else image

    def _show(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        row: m.Attachment = item.data(ID_ROLE + 1)
        image = self._image(row) if row.media_type.startswith("image/") else None
        if image is not None:
            self.preview.setPixmap(
                QPixmap.fromImage(
                    image.scaled(
                        PREVIEW,
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )
            )
        else:
            self.preview.setText(fill(self.tr("No preview for %1"), row.media_type))
        metadata = (
            self.tr("removed") if row.metadata_removed else self.tr("kept (or none to remove)")
        )
        self.details.setText(
            fill(
                self.tr("<b>%1</b><br>%2 · %3 bytes<br>Photo metadata: %4<br>Consent: %5"),
                row.original_name or "",
                row.media_type,
                f"{row.size:,}",
                metadata,
                choice_label("consent_scope", row.consent_scope),
            )
        )
        self.sha256.setText(row.sha256)
        self.sha256.setCursorPosition(0)

    # --- removing ----------------------------------------------------------------------

    def request_remove(self) -> QMessageBox | None:
        item = self.list.currentItem()
        if item is None:
            return None
        record_id = str(item.data(ID_ROLE))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Please confirm"),
            fill(self.tr("Remove %1 from this record?"), item.text()),
            parent=self,
        )
        yes = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(
            lambda _r: self.remove(record_id) if box.clickedButton() is yes else None
        )
        self.confirm_box = box
        box.open()
        return box

    def remove(self, record_id: str) -> bool:
        try:
            ui_ops.applied(
                self.ws,
                records.delete(self.ws, "attachment", record_id, wait=ui_ops.UI_WRITE_WAIT_S),
            )
        except AcesError as exc:
            self._banner(error_text(exc), BANNER_ERROR)
            return False
        self.reload()
        if not self.list.count():
            self.preview.setText(self.tr("Drop files here or use Add files."))
            self.details.clear()
            self.sha256.clear()
        self._banner(self.tr("Attachment removed."), BANNER_INFO)
        return True

    # --- adding ------------------------------------------------------------------------

    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Attach files"))
        if paths:
            self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> list[str]:
        added: list[str] = []
        problems: list[str] = []
        for path in paths:
            try:
                data = read_file(path)
                record_id = ui_ops.applied(
                    self.ws,
                    attachments.add(
                        self.ws,
                        self.owner_type,
                        self.owner_id,
                        data,
                        path.name,
                        keep_metadata=self.keep_metadata.isChecked(),
                        consent_scope=str(self.consent.currentData()),
                    ),
                )
            except AcesError as exc:
                problems.append(f"{path.name}: {exc}")
                continue
            added.append(record_id)
        self.reload()
        if problems:
            self._banner(fill(self.tr("Not attached: %1"), "; ".join(problems)), BANNER_ERROR)
        elif added:
            self._banner(fill(self.tr("%1 file(s) attached."), len(added)), BANNER_INFO)
        for record_id in added:
            self.attached.emit(record_id)
        return added

    def _banner(self, text: str, style: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style)
        self.banner.setVisible(True)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.add_files([p for p in paths if p.is_file()])
