"""The Sync page: enrolment, export, import and merge, conflicts and duplicate sites.

A self-contained widget taking the open workspace; all work is done by ``aces_desktop.sync``
(the same functions as the CLI), long work runs off the UI thread through ``ui.tasks``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.sync.conflicts import list_conflicts, resolve_conflict
from aces_desktop.sync.duplicates import dismiss_duplicate, list_duplicates, merge_sites
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import MergeSummary, merge_bundles
from aces_desktop.sync.trust import (
    export_identity,
    list_trusted,
    own_identity,
    read_identity,
    revoke_device,
    trust_identity,
)
from aces_desktop.ui import dialogs
from aces_desktop.ui.forms.labels import field_label, type_label
from aces_desktop.ui.i18n import error_text
from aces_desktop.ui.tasks import Task, TaskProgress, run_task


def _item(text: Any) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    return item


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(v.get("text", str(v)) if isinstance(v, dict) else str(v) for v in value)
    return str(value)


class SyncPage(QWidget):
    """Everything about exchanging bundles with other devices."""

    export_finished = Signal(object)  # ExportSummary or an error message (str)
    merge_finished = Signal(object)  # list[MergeSummary] or an error message (str)
    changed = Signal()

    def __init__(self, workspace: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.task: Task | None = None
        self.last_export: Any = None
        self.last_merge: list[MergeSummary] = []
        self._conflicts: list[dict[str, Any]] = []
        self._duplicates: list[dict[str, Any]] = []
        self._devices: list[dict[str, Any]] = []
        layout = QVBoxLayout(self)
        me = own_identity(workspace)
        self.identity_label = QLabel(
            fill(
                self.tr("This device: <b>%1</b> (%2). Key fingerprint, to read aloud:"),
                me.name,
                me.role,
            )
        )
        self.fingerprint_label = QLabel(f"<tt><big>{me.readable()}</big></tt>")
        self.fingerprint_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint_label.setAccessibleName(self.tr("Own key fingerprint"))
        layout.addWidget(self.identity_label)
        layout.addWidget(self.fingerprint_label)
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs)
        self.tabs.addTab(self._devices_tab(), self.tr("Devices"))
        self.tabs.addTab(self._exchange_tab(), self.tr("Export and merge"))
        self.tabs.addTab(self._conflicts_tab(), self.tr("Conflicts"))
        self.tabs.addTab(self._duplicates_tab(), self.tr("Duplicate sites"))
        self.refresh()

    # --- devices -------------------------------------------------------------------------

    def _devices_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addWidget(
            QLabel(
                self.tr(
                    "Trust a device only after comparing its fingerprint with its owner, "
                    "e.g. read aloud on the phone."
                )
            )
        )
        self.devices = QTableWidget(0, 5)
        self.devices.setHorizontalHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Role"),
                self.tr("Fingerprint"),
                self.tr("Device id"),
                self.tr("Status"),
            ]
        )
        header = self.devices.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.devices.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.addWidget(self.devices)
        row = QHBoxLayout()
        add = QPushButton(self.tr("Add trusted device from file…"))
        add.clicked.connect(self._ask_add_trusted)
        own = QPushButton(self.tr("Save this device's identity file…"))
        own.clicked.connect(self._ask_export_identity)
        self.revoke_button = QPushButton(self.tr("Revoke device…"))
        self.revoke_button.setToolTip(
            self.tr(
                "For a lost or seized laptop: nothing it writes from now on is accepted, "
                "here or on the field devices that receive this coordinator's bundles."
            )
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
        row = self.devices.currentRow()
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
            revoke_device(self.ws, device["device_id"], reason)
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return False
        self.refresh()
        self.status.setText(
            fill(
                self.tr(
                    "Revoked '%1'. Export a bundle to the field devices so that they learn it."
                ),
                device["name"],
            )
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
            trust_identity(self.ws, ident)
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
            export_identity(self.ws, Path(name))

    # --- export and merge -----------------------------------------------------------------

    def _exchange_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        row = QHBoxLayout()
        self.export_button = QPushButton(self.tr("Export bundle to folder…"))
        self.export_button.clicked.connect(self._ask_export)
        self.full_box = QCheckBox(self.tr("Everything (not only what was not acknowledged)"))
        self.merge_button = QPushButton(self.tr("Import and merge bundles…"))
        self.merge_button.clicked.connect(self._ask_merge)
        row.addWidget(self.export_button)
        row.addWidget(self.full_box)
        row.addStretch()
        row.addWidget(self.merge_button)
        v.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setVisible(False)
        self.progress_label = QLabel("")
        v.addWidget(self.progress_label)
        v.addWidget(self.progress)
        self.summary = QTableWidget(0, 7)
        self.summary.setHorizontalHeaderLabels(
            [
                self.tr("Bundle"),
                self.tr("New"),
                self.tr("Updated"),
                self.tr("Conflicts"),
                self.tr("Duplicates"),
                self.tr("Waiting"),
                self.tr("Refused (reason)"),
            ]
        )
        self.summary.horizontalHeader().setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        v.addWidget(self.summary)
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
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export to folder or drive"))
        if folder:
            self.start_export(Path(folder))

    def start_export(self, folder: Path) -> Task:
        stamp = own_identity(self.ws).name.replace("/", "_").replace(" ", "_")
        target = Path(folder) / f"{stamp}-{len(list(Path(folder).glob('*.aces'))) + 1}.aces"
        full = self.full_box.isChecked()
        self._busy(True)

        def work(progress: TaskProgress) -> Any:
            return export_bundle(self.ws, target, full=full, progress=progress)

        task = run_task(
            work,
            label=self.tr("Exporting a bundle"),
            parent=self,
            on_done=self._export_done,
            on_error=self._export_failed,
        )
        self._track(task)
        return task

    def _export_done(self, summary: Any) -> None:
        self._busy(False)
        self.last_export = summary
        self.status.setText(
            fill(
                self.tr("Wrote %1: %2 revisions, %3 attachments, for %4."),
                summary.path,
                summary.revisions,
                summary.attachments,
                ", ".join(summary.recipients),
            )
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
            return merge_bundles(self.ws, paths, progress)

        task = run_task(
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
        self.summary.setRowCount(len(results))
        for i, r in enumerate(results):
            waiting = sum(w["held"] for w in r.waiting)
            values = [
                Path(r.file).name,
                r.created if not r.refused else "",
                r.updated if not r.refused else "",
                r.conflicts if not r.refused else "",
                r.duplicates if not r.refused else "",
                waiting if waiting and not r.refused else "",
                r.refused or "",
            ]
            for j, value in enumerate(values):
                self.summary.setItem(i, j, _item(value))
        merged = [r for r in results if not r.refused]
        waiting_total = sum(w["held"] for r in merged for w in r.waiting)
        text = fill(
            self.tr("%1 of %2 bundle(s) merged, %3 refused."),
            len(merged),
            len(results),
            len(results) - len(merged),
        )
        if waiting_total:
            text += " " + fill(
                self.tr("%1 revision(s) wait for an earlier bundle from the same device."),
                waiting_total,
            )
        self.status.setText(text)
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
        self.conflict_list = QListWidget()
        self.conflict_list.currentRowChanged.connect(self._show_conflict)
        split.addWidget(self.conflict_list)
        self.compare = QTableWidget(0, 3)
        self.compare.setHorizontalHeaderLabels(
            [self.tr("Version A"), self.tr("Version B"), self.tr("Result (editable)")]
        )
        self.compare.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.compare.cellDoubleClicked.connect(self._take_cell)
        split.addWidget(self.compare)
        split.setStretchFactor(1, 3)
        v.addWidget(split, 1)
        row = QHBoxLayout()
        self.keep_a = QPushButton(self.tr("Keep version A"))
        self.keep_a.clicked.connect(lambda: self.resolve_current(0))
        self.keep_b = QPushButton(self.tr("Keep version B"))
        self.keep_b.clicked.connect(lambda: self.resolve_current(1))
        self.keep_result = QPushButton(self.tr("Save the result column"))
        self.keep_result.clicked.connect(lambda: self.resolve_current(None))
        hint = QLabel(self.tr("Double-click a value to copy it into the result."))
        for w in (self.keep_a, self.keep_b, self.keep_result):
            row.addWidget(w)
        row.addStretch()
        row.addWidget(hint)
        v.addLayout(row)
        return page

    def _show_conflict(self, index: int) -> None:
        self.compare.setRowCount(0)
        if index < 0 or index >= len(self._conflicts):
            return
        conflict = self._conflicts[index]
        versions = conflict["versions"][:2]
        revoked = self.tr("revoked")
        names = {
            d["device_id"]: d["name"] + (f" ({revoked})" if d["revoked"] else "")
            for d in self._devices
        }
        names[self.ws.device_id] = self.tr("this device")
        heads = [
            fill(
                self.tr("%1: %2, %3"),
                "AB"[j],
                names.get(v["device_id"], v["device_id"][:8]),
                v["time"][:10],
            )
            for j, v in enumerate(versions)
        ]
        self.compare.setHorizontalHeaderLabels([*heads, self.tr("Result (editable)")])
        fields = schema.record_type(conflict["record_type"]).fields
        self.compare.setRowCount(len(fields))
        self.compare.setVerticalHeaderLabels([field_label(f) for f in fields])
        for i, f in enumerate(fields):
            cells = []
            for j in range(2):
                v = versions[j] if j < len(versions) else None
                if v is None:
                    text = ""
                elif v["deleted"]:
                    text = self.tr("(deleted)")
                else:
                    text = _show((v["content"] or {}).get(f.name))
                cells.append(text)
                item = _item(text)
                self.compare.setItem(i, j, item)
                first = self.compare.item(i, 0)
                if len(set(cells)) > 1 and j == 1 and first is not None:
                    item.setBackground(Qt.GlobalColor.yellow)
                    first.setBackground(Qt.GlobalColor.yellow)
            self.compare.setItem(i, 2, QTableWidgetItem(cells[0]))

    def _take_cell(self, row: int, column: int) -> None:
        if column in (0, 1):
            source = self.compare.item(row, column)
            self.compare.setItem(row, 2, QTableWidgetItem(source.text() if source else ""))

    def resolve_current(self, choice: int | None) -> bool:
        index = self.conflict_list.currentRow()
        if index < 0 or index >= len(self._conflicts):
            return False
        conflict = self._conflicts[index]
        try:
            if choice is not None:
                resolve_conflict(
                    self.ws, conflict["record_id"], choose=conflict["versions"][choice]["rev"]
                )
            else:
                resolve_conflict(self.ws, conflict["record_id"], content=self._combined(conflict))
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return False
        self.refresh()
        self.changed.emit()
        return True

    def _combined(self, conflict: dict[str, Any]) -> dict[str, Any]:
        base = next((dict(v["content"]) for v in conflict["versions"] if v["content"]), {})
        fields = schema.record_type(conflict["record_type"]).fields
        for i, f in enumerate(fields):
            item = self.compare.item(i, 2)
            text = item.text() if item else ""
            if _show(base.get(f.name)) == text:
                continue  # unchanged: keep the typed value
            if f.kind in (schema.STRS,):
                base[f.name] = [t.strip() for t in text.split(";") if t.strip()]
            elif f.kind == schema.NAMES:
                continue  # names are chosen per version, not typed
            else:
                base[f.name] = text or None
        return base

    # --- duplicates ------------------------------------------------------------------------

    def _duplicates_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.duplicates = QTableWidget(0, 5)
        self.duplicates.setHorizontalHeaderLabels(
            [
                self.tr("Site A"),
                self.tr("Site B"),
                self.tr("Why"),
                self.tr("Score"),
                self.tr("Country"),
            ]
        )
        self.duplicates.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.duplicates.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        v.addWidget(self.duplicates)
        row = QHBoxLayout()
        keep_a = QPushButton(self.tr("Merge into site A"))
        keep_a.clicked.connect(lambda: self.merge_current(keep_first=True))
        keep_b = QPushButton(self.tr("Merge into site B"))
        keep_b.clicked.connect(lambda: self.merge_current(keep_first=False))
        dismiss = QPushButton(self.tr("Not the same site"))
        dismiss.clicked.connect(self.dismiss_current)
        for w in (keep_a, keep_b, dismiss):
            row.addWidget(w)
        row.addStretch()
        v.addLayout(row)
        return page

    def merge_current(self, keep_first: bool = True) -> bool:
        index = self.duplicates.currentRow()
        if index < 0 or index >= len(self._duplicates):
            return False
        pair = self._duplicates[index]
        a, b = pair["site_a"]["id"], pair["site_b"]["id"]
        try:
            merge_sites(self.ws, a if keep_first else b, b if keep_first else a)
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return False
        self.refresh()
        self.changed.emit()
        return True

    def dismiss_current(self) -> bool:
        index = self.duplicates.currentRow()
        if index < 0 or index >= len(self._duplicates):
            return False
        dismiss_duplicate(self.ws, self._duplicates[index]["id"])
        self.refresh()
        return True

    # --- refresh ---------------------------------------------------------------------------

    def refresh(self) -> None:
        rows = self._devices = list_trusted(self.ws, revoked=True)
        self.devices.setRowCount(len(rows))
        for i, r in enumerate(rows):
            for j, key in enumerate(("name", "role", "fingerprint_readable", "device_id")):
                self.devices.setItem(i, j, _item(r[key]))
            gone = r["revoked"]
            status = (
                fill(self.tr("Revoked on %1: %2"), gone["time"][:10], gone["reason"])
                if gone
                else self.tr("Trusted")
            )
            self.devices.setItem(i, 4, _item(status))
        self._conflicts = list_conflicts(self.ws)
        self.conflict_list.clear()
        for c in self._conflicts:
            QListWidgetItem(f"{type_label(c['record_type'])}: {c['title']}", self.conflict_list)
        if self._conflicts:
            self.conflict_list.setCurrentRow(0)
        else:
            self.compare.setRowCount(0)
        self.tabs.setTabText(2, fill(self.tr("Conflicts (%1)"), len(self._conflicts)))
        self._duplicates = list_duplicates(self.ws)
        self.duplicates.setRowCount(len(self._duplicates))
        for i, p in enumerate(self._duplicates):
            a, b = p["site_a"], p["site_b"]
            values = [a["name"], b["name"], p["reason"], f"{p['score']:.0f}", a["country"]]
            for j, value in enumerate(values):
                self.duplicates.setItem(i, j, _item(value))
        if self._duplicates:
            self.duplicates.selectRow(0)
        self.tabs.setTabText(3, fill(self.tr("Duplicate sites (%1)"), len(self._duplicates)))
