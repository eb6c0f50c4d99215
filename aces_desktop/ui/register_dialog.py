"""The GUI action for the public register: choose a folder, export, see what was written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices
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
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core.errors import AcesError, Cancelled
from aces_desktop.core.messages import fill
from aces_desktop.ops import publication, reports
from aces_desktop.ui.forms.labels import type_label
from aces_desktop.ui.i18n import error_text
from aces_desktop.ui.interface_language import current_language
from aces_desktop.ui.tasks import Task, TaskProgress, run_task

if TYPE_CHECKING:
    from aces_desktop.store.workspace import Workspace


NEVER = 24 * 3600 * 1000  # the dialog shows its own progress, never the task's popup


def _export(
    workspace: Workspace, target: Path, options: dict[str, Any], progress: TaskProgress
) -> reports.RegisterResult:
    try:
        return reports.register(workspace, target, progress=progress, **options)
    except OSError as exc:
        raise AcesError(
            fill(
                QCoreApplication.translate(
                    "RegisterExportDialog", "The register could not be written: %1"
                ),
                exc.strerror or str(exc),
            )
        ) from exc


class RegisterExportDialog(QDialog):
    """Export the public transparency register of ``workspace`` to a folder."""

    exported = Signal(object)  # ops.reports.RegisterResult
    failed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.result_info: reports.RegisterResult | None = None
        self.task: Task | None = None
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
        self.browse = QPushButton(self.tr("Choose…"))
        self.browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse)

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
        self.review = ReviewList(workspace, self)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button = self.buttons.addButton(
            self.tr("Open folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(
            self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.export_button.clicked.connect(self.run_export)
        self.open_button.clicked.connect(self.open_folder)
        self.close_button.clicked.connect(self._close_or_cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        review_label = QLabel(
            self.tr(
                "Initiatives and companies appear only once a coordinator has marked their "
                "assessment ready to publish (Assess view, or aces publish ready):"
            )
        )
        review_label.setWordWrap(True)
        review_label.setBuddy(self.review)
        layout.addWidget(review_label)
        layout.addWidget(self.review, 1)
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

    def running(self) -> bool:
        return self.task is not None

    def run_export(self) -> None:
        if self.task is not None:
            return
        target = Path(self.folder.text().strip()).expanduser()
        self.result_info = None
        self.summary.setStyleSheet("")
        self.summary.setText(self.tr("Exporting…"))
        options = {
            "export_date": self.export_date(),
            "sign": self.sign.isChecked(),
            "publisher": self.publisher.text().strip() or None,
            "language": current_language(),  # the register follows the interface language
        }
        workspace = self.workspace
        self._set_running(True)
        self.task = run_task(
            lambda progress: _export(workspace, target, options, progress),
            label=self.tr("Exporting the register"),
            parent=self,
            on_done=self._on_done,
            on_error=self._on_failed,
            delay_ms=NEVER,
        )
        self.task.progress.changed.connect(self._on_progress)
        self.task.finished.connect(self._on_finished)

    def _set_running(self, running: bool) -> None:
        for widget in (self.folder, self.date, self.publisher, self.sign, self.browse):
            widget.setEnabled(not running)
        self.export_button.setEnabled(not running and bool(self.folder.text().strip()))
        self.open_button.setEnabled(not running and self.result_info is not None)
        self.close_button.setText(self.tr("Cancel") if running else self.tr("Close"))

    def _on_progress(self, label: str, value: int, total: int) -> None:
        self.progress.setFormat(f"{label} %p%")
        self.progress.setRange(0, total)
        self.progress.setValue(min(value, total) if total else 0)

    def _on_finished(self) -> None:
        task, self.task = self.task, None
        if task is not None and task.error is None and self.result_info is None:
            self._on_failed(error_text(Cancelled()))  # cancelled: nothing was written

    def _on_failed(self, message: str) -> None:
        self.result_info = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.summary.setText(message)
        self.summary.setStyleSheet("color: #b00020;")
        self._set_running(False)
        self.failed.emit(message)

    def _close_or_cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            return
        self.reject()

    def reject(self) -> None:
        if self.task is not None:  # closing the window cancels a running export
            self.task.cancel()
        super().reject()

    def _on_done(self, result: reports.RegisterResult) -> None:
        self.result_info = result
        counts = result.counts
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress.setFormat(self.tr("Done"))
        self.summary.setStyleSheet("")
        self.summary.setText(
            fill(
                self.tr(
                    "Written to %1: %2 initiatives, %3 companies, %4 sites "
                    "(%5 withheld), %6 files%7."
                ),
                result.out_dir,
                counts["initiatives"],
                counts["companies"],
                counts["sites"],
                counts["sites_withheld"],
                len(result.files),
                self.tr(", signed") if result.signed else "",
            )
            + self._skipped_text(result)
        )
        self._set_running(False)
        self.exported.emit(result)

    def _skipped_text(self, result: reports.RegisterResult) -> str:
        left = result.not_ready
        if not left.get("initiatives") and not left.get("companies"):
            return ""
        return " " + fill(
            self.tr("Left out, not marked ready to publish: %1 initiative(s), %2 company(ies)."),
            left.get("initiatives", 0),
            left.get("companies", 0),
        )

    def open_folder(self) -> None:
        if self.result_info is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_info.out_dir)))


class ReviewList(QTreeWidget):
    """Which initiatives and companies the register will show (a coordinator marked them
    ready to publish, in their Assess view or with ``aces publish``) and why the others not."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(3)
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setHeaderLabels(
            [self.tr("Initiative or company"), self.tr("Register"), self.tr("Why")]
        )
        self.setAccessibleName(self.tr("Review before publication"))
        self.setMinimumHeight(160)
        try:
            self.rows = publication.review(workspace)
        except AcesError as exc:
            self.rows = []
            self.setHeaderLabels([error_text(exc), "", ""])
        why = {
            publication.NOT_MARKED: self.tr("not marked ready"),
            publication.MARKED_NOT_READY: self.tr("marked not ready"),
            publication.INSUFFICIENT: self.tr("insufficient evidence"),
        }
        for r in self.rows:
            state = self.tr("ready") if r.ready else self.tr("left out")
            item = QTreeWidgetItem(
                [
                    f"{r.name} ({type_label(r.subject_type)})",
                    state,
                    ", ".join(why[x] for x in r.reasons),
                ]
            )
            if not r.ready:
                item.setForeground(1, QColor("#8a1c13"))
            self.addTopLevelItem(item)
        self.resizeColumnToContents(0)
        self.resizeColumnToContents(1)
