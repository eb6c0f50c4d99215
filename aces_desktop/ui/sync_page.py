"""The Sync page: enrolment, export, import and merge, conflicts and duplicate sites.

A self-contained widget taking the open workspace; all work is done by ``ops.sync`` over
``aces_desktop.sync`` (the same functions as the CLI), long work runs off the UI thread
through ``ui.ops.change_in_background``; each list has its model in ``ui.sync_models``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListView,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import field_text, schema
from aces_desktop.core.errors import AcesError, ValidationError
from aces_desktop.core.messages import Text, fill
from aces_desktop.ops import sync as sync_ops
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.export import ExportSummary
from aces_desktop.sync.merge import MergeSummary
from aces_desktop.sync.trust import read_identity
from aces_desktop.ui import dialogs
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.labels import field_label, type_label
from aces_desktop.ui.i18n import error_text, translate_text
from aces_desktop.ui.row_models import RowTableModel
from aces_desktop.ui.site_merge_dialog import SiteMergeDialog
from aces_desktop.ui.sync_models import (
    ConflictModel,
    DeviceModel,
    DuplicateModel,
    MergeSummaryModel,
)
from aces_desktop.ui.tasks import Task, TaskProgress


def _table_view(model: RowTableModel[Any]) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    return view


def _mentions(text: object, code: str) -> bool:
    """Whether a coded message, or a message inside it, has ``code``."""
    if not isinstance(text, Text):
        return False
    return text.message.code == code or any(_mentions(p, code) for p in text.params)


def _item(text: Any) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


class SyncPage(QWidget):
    """Everything about exchanging bundles with other devices."""

    export_finished = Signal(object)  # ExportSummary or an error message (str)
    merge_finished = Signal(object)  # list[MergeSummary] or an error message (str)
    changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.task: Task | None = None
        self.last_export: ExportSummary | None = None
        self.last_merge: list[MergeSummary] = []
        self._conflicts: list[dict[str, Any]] = []
        self._duplicates: list[dict[str, Any]] = []
        self._devices: list[dict[str, Any]] = []
        self._filling = False
        self.merge_dialog: SiteMergeDialog | None = None
        self.refusal_box: QMessageBox | None = None
        # Every text on the page with how to say it, so that it follows the language.
        self._texts: dict[tuple[int, str], tuple[Callable[[str], None], Callable[[], str]]] = {}
        layout = QVBoxLayout(self)
        me = sync_ops.identity(workspace)
        self.identity_label = QLabel()
        self._say(
            self.identity_label.setText,
            lambda: fill(
                self.tr("This device: <b>%1</b> (%2). Key fingerprint, to read aloud:"),
                html.escape(me.name),
                self.tr("coordinator") if me.role == "coordinator" else self.tr("field"),
            ),
        )
        self.fingerprint_label = QLabel(f"<tt><big>{me.readable()}</big></tt>")
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._say(self.fingerprint_label.setAccessibleName, lambda: self.tr("Own key fingerprint"))
        layout.addWidget(self.identity_label)
        layout.addWidget(self.fingerprint_label)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._devices_tab(), "")
        self.tabs.addTab(self._exchange_tab(), "")
        self.tabs.addTab(self._conflicts_tab(), "")
        self.tabs.addTab(self._duplicates_tab(), "")
        self._say(lambda t: self.tabs.setTabText(0, t), lambda: self.tr("Devices"))
        self._say(lambda t: self.tabs.setTabText(1, t), lambda: self.tr("Export and merge"))
        self.refresh()

    def _say(self, setter: Callable[[str], None], text: Callable[[], str]) -> None:
        """Set a text now and again whenever the language changes."""
        owner = getattr(setter, "__self__", None)
        key = (id(owner) if owner is not None else id(setter), getattr(setter, "__name__", ""))
        self._texts[key] = (setter, text)
        setter(text())

    def retranslate(self) -> None:
        for setter, text in list(self._texts.values()):
            setter(text())
        for model in (
            self.device_model,
            self.summary_model,
            self.conflict_model,
            self.duplicate_model,
        ):
            model.retranslate()
        if self.ws.locked:  # nothing may be read; the counts come back with the next refresh
            self.tabs.setTabText(2, self.tr("Conflicts"))
            self.tabs.setTabText(3, self.tr("Duplicate sites"))
        else:
            self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "duplicate_model"):
            self.retranslate()
        super().changeEvent(event)

    # --- devices -------------------------------------------------------------------------

    def _devices_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        advice = QLabel()
        advice.setWordWrap(True)
        self._say(
            advice.setText,
            lambda: self.tr(
                "Trust a device only after comparing its fingerprint with its owner, "
                "e.g. read aloud on the phone."
            ),
        )
        v.addWidget(advice)
        self.device_model = DeviceModel(self)
        self.devices = _table_view(self.device_model)
        header = self.devices.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DeviceModel.STATUS, QHeaderView.ResizeMode.Stretch)
        self.devices.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.addWidget(self.devices)
        row = QHBoxLayout()
        add = QPushButton()
        self._say(add.setText, lambda: self.tr("Add trusted device from file…"))
        add.clicked.connect(self._ask_add_trusted)
        own = QPushButton()
        self._say(own.setText, lambda: self.tr("Save this device's identity file…"))
        own.clicked.connect(self._ask_export_identity)
        self.revoke_button = QPushButton()
        self._say(self.revoke_button.setText, lambda: self.tr("Revoke device…"))
        self._say(
            self.revoke_button.setToolTip,
            lambda: self.tr(
                "For a lost or seized laptop: nothing it writes from now on is accepted, "
                "here or on the field devices that receive this coordinator's bundles."
            ),
        )
        self.revoke_button.clicked.connect(lambda: self.revoke_selected())
        self.revoke_button.setVisible(self.ws.role == "coordinator")
        row.addWidget(add)
        row.addWidget(own)
        row.addWidget(self.revoke_button)
        row.addStretch()
        v.addLayout(row)
        return page

    def revoke_selected(self, reason: str | None = None, confirm: bool = True) -> bool:
        """Revoke the device selected in the list (asks for the reason and confirmation)."""
        row = self.devices.currentIndex().row()
        if row < 0 or row >= len(self._devices):
            dialogs.show_error(self, self.tr("Select the device to revoke in the list first."))
            return False
        device = self._devices[row]
        if device["revoked"]:
            dialogs.show_error(self, fill(self.tr("'%1' is revoked already."), device["name"]))
            return False
        if reason is None:
            reason, ok = QInputDialog.getText(
                self,
                self.tr("Revoke device"),
                fill(self.tr("Why is '%1' revoked? (for example: laptop seized)"), device["name"]),
            )
            if not ok:
                return False
        if confirm and not dialogs.confirm(
            self,
            self.tr("Revoke this device?"),
            fill(
                self.tr(
                    "Revoke '%1' (%2)?\n\nNothing it writes from now on will be accepted, "
                    "here or on any field device. What it sent before stays, marked as from a "
                    "revoked device. This cannot be undone: the person enrols again with a new "
                    "workspace."
                ),
                device["name"],
                device["device_id"],
            ),
        ):
            return False
        try:
            ui_ops.applied(self.ws, sync_ops.revoke(self.ws, device["device_id"], reason))
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return False
        self.refresh()
        self._say(
            self.status.setText,
            lambda: fill(
                self.tr(
                    "Revoked '%1'. Export a bundle to the field devices so that they learn it."
                ),
                device["name"],
            ),
        )
        self.changed.emit()
        return True

    def _ask_add_trusted(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Identity file"))
        if name:
            self.add_trusted(Path(name), confirm=True)

    def add_trusted(self, path: Path, confirm: bool = True) -> bool:
        try:
            ident = read_identity(path)
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return False
        if confirm and not dialogs.confirm(
            self,
            self.tr("Trust this device?"),
            fill(
                self.tr(
                    "Trust '%1' (%2)?\n\nFingerprint:\n%3\n\nCompare it with the one its "
                    "owner reads to you before you continue."
                ),
                ident.name,
                ident.role,
                ident.readable(),
            ),
        ):
            return False
        try:
            ui_ops.applied(self.ws, sync_ops.add_trusted(self.ws, ident))
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return False
        self.refresh()
        return True

    def _ask_export_identity(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save identity file"), f"{self.ws.name}.aces-id.json"
        )
        if name:
            sync_ops.export_identity(self.ws, Path(name))

    # --- export and merge -----------------------------------------------------------------

    def _exchange_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        row = QHBoxLayout()
        self.export_button = QPushButton()
        self._say(self.export_button.setText, lambda: self.tr("Export bundle to folder…"))
        self.export_button.clicked.connect(self._ask_export)
        self.full_box = QCheckBox()
        self._say(
            self.full_box.setText,
            lambda: self.tr("Everything (not only what was not acknowledged)"),
        )
        self.merge_button = QPushButton()
        self._say(self.merge_button.setText, lambda: self.tr("Import and merge bundles…"))
        self.merge_button.clicked.connect(self._ask_merge)
        row.addWidget(self.export_button)
        row.addWidget(self.full_box)
        row.addStretch()
        row.addWidget(self.merge_button)
        v.addLayout(row)
        self.progress = QProgressBar()
        self._say(self.progress.setAccessibleName, lambda: self.tr("Progress"))
        self.progress.setVisible(False)
        self.progress_label = QLabel("")
        v.addWidget(self.progress_label)
        v.addWidget(self.progress)
        self.summary_model = MergeSummaryModel(self)
        self.summary = _table_view(self.summary_model)
        self.summary.horizontalHeader().setSectionResizeMode(
            MergeSummaryModel.REFUSED, QHeaderView.ResizeMode.Stretch
        )
        self.summary.doubleClicked.connect(lambda index: self.show_refusal(index.row()))
        v.addWidget(self.summary)
        self.refusal_button = QPushButton()
        self._say(self.refusal_button.setText, lambda: self.tr("Why was it refused?…"))
        self.refusal_button.setEnabled(False)
        self.refusal_button.clicked.connect(
            lambda: self.show_refusal(self.summary.currentIndex().row())
        )
        self.summary.selectionModel().currentRowChanged.connect(
            lambda current, _prev: self.refusal_button.setEnabled(
                bool(self._refused_at(current.row()))
            )
        )
        self.enrol_hint = QLabel("")
        self.enrol_hint.setWordWrap(True)
        self.enrol_button = QPushButton()
        self._say(self.enrol_button.setText, lambda: self.tr("Add trusted device from file…"))
        self.enrol_button.clicked.connect(self._ask_add_trusted)
        hint_row = QHBoxLayout()
        hint_row.addWidget(self.refusal_button)
        hint_row.addWidget(self.enrol_hint, 1)
        hint_row.addWidget(self.enrol_button)
        self.enrol_hint.setVisible(False)
        self.enrol_button.setVisible(False)
        v.addLayout(hint_row)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        v.addWidget(self.status)
        return page

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.merge_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        if not busy:
            self.progress_label.setText("")
        if busy:
            self.progress.setRange(0, 0)

    def _track(self, task: Task) -> None:
        self.task = task
        task.progress.changed.connect(self._on_progress)

    def _on_progress(self, label: str, value: int, total: int) -> None:
        self.progress_label.setText(label)
        self.progress.setRange(0, total)
        if total:
            self.progress.setValue(min(value, total))

    def _ask_export(self) -> None:
        if self._needs_enrolment():
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to folder or drive"))
        if folder:
            self.start_export(Path(folder))

    def _refused_at(self, row: int) -> str:
        summary = self.summary_model.row_at(row) if row >= 0 else None
        return summary.refused if summary is not None and summary.refused else ""

    def show_refusal(self, row: int) -> QMessageBox | None:
        """The whole reason a bundle was refused, with the remedy offered as a button."""
        reason = self._refused_at(row)
        if not reason:
            return None
        summary = self.summary_model.row_at(row)
        assert summary is not None
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Bundle refused"), "", parent=self)
        box.setText(fill(self.tr("%1 was refused."), Path(summary.file).name))
        box.setInformativeText(translate_text(reason))
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if _mentions(reason, "bundle_from_untrusted"):
            add = box.addButton(
                self.tr("Add trusted device from file…"), QMessageBox.ButtonRole.ActionRole
            )
            add.clicked.connect(self._ask_add_trusted)
        box.addButton(QMessageBox.StandardButton.Close)
        self.refusal_box = box
        box.open()
        return box

    def _needs_enrolment(self) -> bool:
        """Export needs a trusted coordinator (field device) or any trusted device."""
        trusted = [d for d in self._devices if not d["revoked"]]
        if self.ws.role == "field":
            trusted = [d for d in trusted if d["role"] == "coordinator"]
        needed = not trusted
        self.enrol_hint.setVisible(needed)
        self.enrol_button.setVisible(needed)
        if needed:
            self._say(
                self.enrol_hint.setText,
                lambda: (
                    self.tr(
                        "There is no one to export to yet: add the coordinator's identity file "
                        "first, after comparing its fingerprint with the coordinator."
                    )
                    if self.ws.role == "field"
                    else self.tr(
                        "There is no one to export to yet: add a field device's identity file "
                        "first, after comparing its fingerprint with its owner."
                    )
                ),
            )
        return needed

    def start_export(self, folder: Path) -> Task | None:
        if self._needs_enrolment():
            return None
        stamp = sync_ops.identity(self.ws).name.replace("/", "_").replace(" ", "_")
        target = Path(folder) / f"{stamp}-{len(list(Path(folder).glob('*.aces'))) + 1}.aces"
        full = self.full_box.isChecked()
        self._busy(True)

        def work(progress: TaskProgress) -> Any:
            return sync_ops.export(self.ws, target, full=full, progress=progress)

        task = ui_ops.change_in_background(
            self.ws,
            work,
            label=self.tr("Exporting a bundle"),
            parent=self,
            on_done=self._export_done,
            on_error=self._export_failed,
        )
        self._track(task)
        return task

    def _export_done(self, summary: ExportSummary) -> None:
        self._busy(False)
        self.last_export = summary
        self._say(
            self.status.setText,
            lambda: fill(
                self.tr("Wrote %1: %2 revisions, %3 attachments, for %4."),
                summary.path,
                summary.revisions,
                summary.attachments,
                ", ".join(summary.recipients),
            ),
        )
        self.export_finished.emit(summary)

    def _export_failed(self, message: str) -> None:
        self._busy(False)
        self.status.setText(message)
        self.export_finished.emit(message)

    def _ask_merge(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Bundles to merge"), "", self.tr("Sync bundles (*.aces);;All files (*)")
        )
        if names:
            self.start_merge([Path(n) for n in names])

    def start_merge(self, paths: list[Path]) -> Task:
        self._busy(True)

        def work(progress: TaskProgress) -> Any:
            return sync_ops.merge(self.ws, paths, progress)

        task = ui_ops.change_in_background(
            self.ws,
            work,
            label=self.tr("Merging bundles"),
            parent=self,
            on_done=self._merge_done,
            on_error=self._merge_failed,
        )
        self._track(task)
        return task

    def _merge_done(self, results: list[MergeSummary]) -> None:
        self._busy(False)
        self.last_merge = results
        self.summary_model.set_rows(results)
        merged = [r for r in results if not r.refused]
        waiting_total = sum(w["held"] for r in merged for w in r.waiting)

        def text() -> str:
            said = fill(
                self.tr("%1 of %2 bundle(s) merged, %3 refused."),
                len(merged),
                len(results),
                len(results) - len(merged),
            )
            if waiting_total:
                said += " " + fill(
                    self.tr("%1 revision(s) wait for an earlier bundle from the same device."),
                    waiting_total,
                )
            return said

        self._say(self.status.setText, text)
        self.refresh()
        self.merge_finished.emit(results)
        self.changed.emit()

    def _merge_failed(self, message: str) -> None:
        self._busy(False)
        self.status.setText(message)
        self.merge_finished.emit(message)

    # --- conflicts -------------------------------------------------------------------------

    def _conflicts_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.conflict_model = ConflictModel(self)
        self.conflict_list = QListView()
        self.conflict_list.setModel(self.conflict_model)
        self.conflict_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.conflict_list.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._show_conflict(current.row())
        )
        split.addWidget(self.conflict_list)
        self.compare = QTableWidget(0, 4)
        self.compare.setHorizontalHeaderLabels(
            [
                self.tr("Version A"),
                self.tr("Version B"),
                self.tr("Result (editable)"),
                self.tr("Problem"),
            ]
        )
        header = self.compare.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.compare.setWordWrap(True)
        self.compare.cellDoubleClicked.connect(self._take_cell)
        self.compare.itemChanged.connect(self._result_edited)
        split.addWidget(self.compare)
        split.setStretchFactor(1, 3)
        v.addWidget(split, 1)
        row = QHBoxLayout()
        self.keep_a = QPushButton()
        self._say(self.keep_a.setText, lambda: self.tr("Keep version A"))
        self.keep_a.clicked.connect(lambda: self.resolve_current(0))
        self.keep_b = QPushButton()
        self._say(self.keep_b.setText, lambda: self.tr("Keep version B"))
        self.keep_b.clicked.connect(lambda: self.resolve_current(1))
        self.keep_result = QPushButton()
        self._say(self.keep_result.setText, lambda: self.tr("Save the result column"))
        self.keep_result.clicked.connect(lambda: self.resolve_current(None))
        hint = QLabel()
        self._say(hint.setText, lambda: self.tr("Double-click a value to copy it into the result."))
        for w in (self.keep_a, self.keep_b, self.keep_result):
            row.addWidget(w)
        row.addStretch()
        row.addWidget(hint)
        v.addLayout(row)
        self.conflict_status = QLabel("")
        self.conflict_status.setWordWrap(True)
        v.addWidget(self.conflict_status)
        return page

    def _show_conflict(self, index: int) -> None:
        self.compare.setRowCount(0)
        if index < 0 or index >= len(self._conflicts):
            return
        conflict = self._conflicts[index]
        versions = conflict["versions"][:2]
        fields = schema.record_type(conflict["record_type"]).fields
        self._filling = True
        try:
            self.compare.setRowCount(len(fields))
            self._compare_headers(conflict)
            for i, f in enumerate(fields):
                cells = []
                for j in range(2):
                    v = versions[j] if j < len(versions) else None
                    if v is None:
                        text = ""
                    elif v["deleted"]:
                        text = self.tr("(deleted)")
                    else:
                        text = field_text.to_text(f, (v["content"] or {}).get(f.name))
                    cells.append(text)
                    item = _item(text)
                    self.compare.setItem(i, j, item)
                    first = self.compare.item(i, 0)
                    if len(set(cells)) > 1 and j == 1 and first is not None:
                        item.setBackground(Qt.GlobalColor.yellow)
                        first.setBackground(Qt.GlobalColor.yellow)
                self.compare.setItem(i, 2, QTableWidgetItem(cells[0]))
                self.compare.setItem(i, 3, _item(""))
        finally:
            self._filling = False
        self._fit_compare_headers()

    def _compare_headers(self, conflict: dict[str, Any] | None) -> None:
        """Who wrote each version and when, and the fields' names, in the current language."""
        plain = [self.tr("Version A"), self.tr("Version B")]
        if conflict is not None:
            revoked = self.tr("revoked")
            names = {
                d["device_id"]: d["name"] + (f" ({revoked})" if d["revoked"] else "")
                for d in self._devices
            }
            names[self.ws.device_id] = self.tr("this device")
            plain = [
                fill(
                    self.tr("%1: %2, %3"),
                    "AB"[j],
                    names.get(v["device_id"], v["device_id"][:8]),
                    v["time"][:10],
                )
                for j, v in enumerate(conflict["versions"][:2])
            ]
            fields = schema.record_type(conflict["record_type"]).fields
            self.compare.setVerticalHeaderLabels([field_label(f) for f in fields])
        self.compare.setHorizontalHeaderLabels(
            [*plain, self.tr("Result (editable)"), self.tr("Problem")]
        )
        self._fit_compare_headers()

    def _fit_compare_headers(self) -> None:
        """Every column at least as wide as its header text, the rest shared out."""
        header = self.compare.horizontalHeader()
        metrics = header.fontMetrics()
        share = max(80, (self.compare.viewport().width() - 40) // 4)
        for column in range(self.compare.columnCount()):
            item = self.compare.horizontalHeaderItem(column)
            needed = metrics.horizontalAdvance(item.text() if item else "") + 24
            header.resizeSection(column, max(needed, share))

    def _take_cell(self, row: int, column: int) -> None:
        if column in (0, 1):
            source = self.compare.item(row, column)
            self.compare.setItem(row, 2, QTableWidgetItem(source.text() if source else ""))

    def _result_edited(self, item: QTableWidgetItem) -> None:
        if item.column() == 2 and not self._filling:
            self._check_result_row(item.row())

    def _show_problem(self, row: int, problem: str) -> None:
        self._filling = True
        try:
            cell = _item(problem)
            cell.setToolTip(problem)
            cell.setForeground(Qt.GlobalColor.darkRed)
            self.compare.setItem(row, 3, cell)
            result = self.compare.item(row, 2)
            if result is not None:
                result.setData(
                    Qt.ItemDataRole.BackgroundRole,
                    QColor(255, 205, 205) if problem else None,
                )
                result.setToolTip(problem)
        finally:
            self._filling = False
        if problem:
            self.compare.resizeRowToContents(row)

    def _check_result_row(self, row: int) -> tuple[bool, Any]:
        """Read the result cell of ``row`` by its field's kind; show a problem beside it."""
        conflict = self._current_conflict()
        if conflict is None:
            return False, None
        f = schema.record_type(conflict["record_type"]).fields[row]
        item = self.compare.item(row, 2)
        try:
            value = field_text.from_text(f, item.text() if item else "")
        except field_text.FieldTextError as exc:
            self._show_problem(row, translate_text(exc.message))
            return False, None
        self._show_problem(row, "")
        return True, value

    def problems_shown(self) -> dict[str, str]:
        """Field name -> the problem shown beside its result cell (for tests and checks)."""
        conflict = self._current_conflict()
        if conflict is None:
            return {}
        fields = schema.record_type(conflict["record_type"]).fields
        shown = {}
        for i, f in enumerate(fields):
            cell = self.compare.item(i, 3)
            if cell is not None and cell.text():
                shown[f.name] = cell.text()
        return shown

    def _current_conflict(self) -> dict[str, Any] | None:
        index = self.conflict_list.currentIndex().row()
        if index < 0 or index >= len(self._conflicts):
            return None
        return self._conflicts[index]

    def resolve_current(self, choice: int | None, confirm: bool = True) -> bool:
        conflict = self._current_conflict()
        if conflict is None:
            return False
        if choice is not None and confirm:
            version = conflict["versions"][choice]
            if not dialogs.confirm(
                self,
                fill(self.tr("Keep version %1?"), "AB"[choice]),
                fill(
                    self.tr(
                        "Keep version %1 of %2 '%3' and set the other version aside? Both "
                        "stay in the record's history."
                    ),
                    "AB"[choice],
                    type_label(conflict["record_type"]).lower(),
                    conflict["title"],
                )
                + (
                    "\n\n" + fill(self.tr("Version %1 deletes the record."), "AB"[choice])
                    if version["deleted"]
                    else ""
                ),
            ):
                return False
        combined: dict[str, Any] | None = None
        if choice is None:
            combined = self._combined(conflict)
            if combined is None:
                return False
        try:
            if choice is not None:
                outcome = sync_ops.resolve(
                    self.ws,
                    conflict["record_type"],
                    conflict["record_id"],
                    choose=conflict["versions"][choice]["rev"],
                )
            else:
                outcome = sync_ops.resolve(
                    self.ws,
                    conflict["record_type"],
                    conflict["record_id"],
                    content=combined,
                )
            ui_ops.applied(self.ws, outcome)
        except ValidationError as exc:
            if not self._show_validation(conflict, exc):
                dialogs.show_error(self, error_text(exc))
            return False
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return False
        title = conflict["title"]
        self.refresh()
        self._say(
            self.conflict_status.setText,
            lambda: (
                fill(self.tr("Resolved the conflict on '%1'."), title)
                if choice is None
                else fill(self.tr("Kept version %1 of '%2'."), "AB"[choice], title)
            ),
        )
        self.changed.emit()
        return True

    def _show_validation(self, conflict: dict[str, Any], exc: ValidationError) -> bool:
        """Problems the schema found, each beside its field's result cell."""
        names = schema.record_type(conflict["record_type"]).field_names()
        shown = False
        for problem in exc.problems:
            if problem.field in names:
                self._show_problem(names.index(problem.field), translate_text(problem.message))
                shown = True
        return shown

    def _combined(self, conflict: dict[str, Any]) -> dict[str, Any] | None:
        """The record as the result column says, each value read by its field's kind; None
        (with the problems shown beside their cells) when a value cannot be read."""
        base = next((dict(v["content"]) for v in conflict["versions"] if v["content"]), {})
        fields = schema.record_type(conflict["record_type"]).fields
        readable = True
        for i, f in enumerate(fields):
            item = self.compare.item(i, 2)
            text = item.text() if item else ""
            if field_text.to_text(f, base.get(f.name)) == text:
                self._show_problem(i, "")
                continue  # unchanged: keep the stored value as it is
            ok, value = self._check_result_row(i)
            if ok:
                base[f.name] = value if value is not None else f.empty()
            readable = readable and ok
        return base if readable else None

    # --- duplicates ------------------------------------------------------------------------

    def _duplicates_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.duplicate_model = DuplicateModel(self)
        self.duplicates = _table_view(self.duplicate_model)
        self.duplicates.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.duplicates.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.addWidget(self.duplicates)
        row = QHBoxLayout()
        keep_a = QPushButton()
        self._say(keep_a.setText, lambda: self.tr("Merge into site A"))
        keep_a.clicked.connect(lambda: self.merge_current(keep_first=True))
        keep_b = QPushButton()
        self._say(keep_b.setText, lambda: self.tr("Merge into site B"))
        keep_b.clicked.connect(lambda: self.merge_current(keep_first=False))
        dismiss = QPushButton()
        self._say(dismiss.setText, lambda: self.tr("Not the same site"))
        dismiss.clicked.connect(self.dismiss_current)
        for w in (keep_a, keep_b, dismiss):
            row.addWidget(w)
        row.addStretch()
        v.addLayout(row)
        self.duplicate_status = QLabel("")
        self.duplicate_status.setWordWrap(True)
        v.addWidget(self.duplicate_status)
        return page

    def merge_current(self, keep_first: bool = True) -> SiteMergeDialog | None:
        """Show both sites side by side and ask; the merge happens when the dialog is
        accepted (``merge_dialog``), and the status line says what was done."""
        index = self.duplicates.currentIndex().row()
        if index < 0 or index >= len(self._duplicates):
            return None
        pair = self._duplicates[index]
        a, b = pair["site_a"]["id"], pair["site_b"]["id"]
        keep, other = (a, b) if keep_first else (b, a)
        dialog = SiteMergeDialog(
            sync_ops.site_profile(self.ws, keep), sync_ops.site_profile(self.ws, other), self
        )
        dialog.accepted.connect(lambda: self._merge_sites(dialog))
        self.merge_dialog = dialog
        dialog.open()
        return dialog

    def _merge_sites(self, dialog: SiteMergeDialog) -> bool:
        keep, other = dialog.keep, dialog.other
        try:
            done = ui_ops.applied(self.ws, sync_ops.merge_sites(self.ws, keep["id"], other["id"]))
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return False

        def text() -> str:
            said = fill(
                self.tr("Merged '%1' into '%2': %3 record(s) now name '%2'."),
                other["name"],
                keep["name"],
                done.repointed,
            )
            if done.sealed_left:
                said += " " + fill(
                    self.tr("%1 sealed record(s) keep naming '%2', which stays for them."),
                    done.sealed_left,
                    other["name"],
                )
            elif done.other_deleted:
                said += " " + fill(self.tr("'%1' was deleted; its history stays."), other["name"])
            return said

        self.refresh()
        self._say(self.duplicate_status.setText, text)
        self.changed.emit()
        return True

    def dismiss_current(self) -> bool:
        index = self.duplicates.currentIndex().row()
        if index < 0 or index >= len(self._duplicates):
            return False
        ui_ops.applied(self.ws, sync_ops.dismiss_duplicate(self.ws, self._duplicates[index]["id"]))
        self.refresh()
        return True

    # --- refresh ---------------------------------------------------------------------------

    def refresh(self) -> None:
        self._devices = sync_ops.devices(self.ws)
        self.device_model.set_rows(self._devices)
        if not self.enrol_button.isHidden():
            self._needs_enrolment()
        self._conflicts = sync_ops.open_conflicts(self.ws)
        self.conflict_model.set_rows(self._conflicts)
        if self._conflicts:
            self.conflict_list.setCurrentIndex(self.conflict_model.index(0, 0))
        else:
            self.compare.setRowCount(0)
        self._compare_headers(self._current_conflict() if self.compare.rowCount() else None)
        self.tabs.setTabText(2, fill(self.tr("Conflicts (%1)"), len(self._conflicts)))
        self._duplicates = sync_ops.open_duplicates(self.ws)
        self.duplicate_model.set_rows(self._duplicates)
        if self._duplicates:
            self.duplicates.selectRow(0)
        self.tabs.setTabText(3, fill(self.tr("Duplicate sites (%1)"), len(self._duplicates)))
