"""The GUI action for the public register: choose a folder, export, see what was written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core.errors import AcesError


class _BarProgress:
    """core.progress protocol onto a QProgressBar, keeping the window responsive."""

    def __init__(self, bar: QProgressBar) -> None:
        self.bar = bar

    def start(self, label: str, total: int | None) -> None:
        self.bar.setFormat(f"{label} %p%")
        self.bar.setRange(0, total or 0)
        self.bar.setValue(0)
        QCoreApplication.processEvents()

    def advance(self, amount: int = 1) -> None:
        self.bar.setValue(self.bar.value() + amount)
        QCoreApplication.processEvents()


class RegisterExportDialog(QDialog):
    """Export the public transparency register of ``workspace`` to a folder."""

    exported = Signal(object)  # reports.register.RegisterResult
    failed = Signal(str)

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.result_info: Any = None
        self.setWindowTitle(self.tr("Export the public register"))
        self.setMinimumWidth(560)

        intro = QLabel(
            self.tr(
                "Writes a static website (index.html) with the same data as CSV and JSON. "
                "Sites set to “withhold” are left out, sites published without address "
                "lose address and coordinates, and no worker statement or person name is "
                "written. Check the site disclosure settings before publishing."
            )
        )
        intro.setWordWrap(True)

        self.folder = QLineEdit()
        self.folder.setPlaceholderText(self.tr("A new or empty folder, or an earlier register"))
        self.folder.textChanged.connect(self._update_buttons)
        browse = QPushButton(self.tr("Choose…"))
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)

        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        today = dt.datetime.now(dt.UTC).date()
        self.date.setDate(QDate(today.year, today.month, today.day))
        self.publisher = QLineEdit(str(getattr(workspace, "name", "") or ""))
        self.sign = QCheckBox(self.tr("Sign the list of file hashes with this device's key"))

        form = QFormLayout()
        form.addRow(self.tr("Folder:"), folder_row)
        form.addRow(self.tr("Export date:"), self.date)
        form.addRow(self.tr("Publisher:"), self.publisher)
        form.addRow("", self.sign)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setTextVisible(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button = self.buttons.addButton(
            self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.export_button.clicked.connect(self.run_export)
        self.open_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.export_button.setEnabled(bool(self.folder.text().strip()))
        self.open_button.setEnabled(self.result_info is not None)

    def _choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Folder for the register"))
        if chosen:
            self.folder.setText(chosen)

    def export_date(self) -> dt.date:
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())

    def run_export(self) -> None:
        from aces_desktop.reports.register import export_register

        target = Path(self.folder.text().strip()).expanduser()
        self.export_button.setEnabled(False)
        self.summary.setText(self.tr("Exporting…"))
        try:
            result = export_register(
                self.workspace,
                target,
                export_date=self.export_date(),
                sign=self.sign.isChecked(),
                progress=_BarProgress(self.progress),
                publisher=self.publisher.text().strip() or None,
            )
        except AcesError as exc:
            self.result_info = None
            self.summary.setText(exc.message)
            self.summary.setStyleSheet("color: #b00020;")
            self._update_buttons()
            self.failed.emit(exc.message)
            return
        except OSError as exc:
            message = self.tr("The register could not be written: {0}").format(
                exc.strerror or str(exc)
            )
            self.result_info = None
            self.summary.setText(message)
            self.summary.setStyleSheet("color: #b00020;")
            self._update_buttons()
            self.failed.emit(message)
            return
        self.result_info = result
        counts = result.counts
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat(self.tr("Done"))
        self.summary.setStyleSheet("")
        self.summary.setText(
            self.tr(
                "Written to {0}: {1} initiatives, {2} companies, {3} sites "
                "({4} withheld), {5} files{6}."
            ).format(
                result.out_dir,
                counts["initiatives"],
                counts["companies"],
                counts["sites"],
                counts["sites_withheld"],
                len(result.files),
                self.tr(", signed") if result.signed else "",
            )
        )
        self._update_buttons()
        self.exported.emit(result)

    def open_folder(self) -> None:
        if self.result_info is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_info.out_dir)))
