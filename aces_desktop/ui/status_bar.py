"""The status bar: workspace, role, lock state and unsent changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QStatusBar

from aces_desktop.core.messages import fill
from aces_desktop.ops import lists
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui.tasks import Task, run_task


class WorkspaceStatus(QObject):
    """Four permanent labels. Unsent changes are counted in the background: on a workspace
    of millions of revisions that takes a moment."""

    unsent_updated = Signal(int)

    def __init__(self, workspace: Workspace, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.workspace = workspace
        self.workspace_label = QLabel(bar)
        self.role_label = QLabel(bar)
        self.lock_label = QLabel(bar)
        self.unsent_label = QLabel(bar)
        for label in self.labels():
            label.setContentsMargins(6, 0, 6, 0)
            bar.addPermanentWidget(label)
        self.unsent: int | None = None
        self.task: Task | None = None
        self._again = False

    def labels(self) -> tuple[QLabel, QLabel, QLabel, QLabel]:
        return (self.workspace_label, self.role_label, self.lock_label, self.unsent_label)

    def update(self) -> None:
        ws = self.workspace
        self.workspace_label.setText(fill(self.tr("Workspace: %1"), ws.name))
        role = self.tr("coordinator") if ws.role == "coordinator" else self.tr("field")
        self.role_label.setText(fill(self.tr("Role: %1"), role))
        self.lock_label.setText(self.tr("Locked") if ws.locked else self.tr("Unlocked"))
        self.unsent_label.setToolTip(
            self.tr("Changes made on this device that have not been exported in a sync bundle.")
        )
        for label, name in zip(
            self.labels(),
            (
                self.tr("Workspace"),
                self.tr("Role"),
                self.tr("Lock state"),
                self.tr("Unsent changes"),
            ),
            strict=True,
        ):
            label.setAccessibleName(name)
        if ws.locked:
            self.unsent_label.setText("")
            return
        shown = "…" if self.unsent is None else str(self.unsent)
        self.unsent_label.setText(fill(self.tr("Unsent changes: %1"), shown))
        self._count()

    def _count(self) -> None:
        if self.task is not None:
            self._again = True
            return
        workspace = self.workspace
        self._again = False
        self.task = run_task(
            lambda _progress: lists.unsent(workspace),
            label="unsent changes",
            on_done=self._counted,
            quiet=True,
        )
        self.task.finished.connect(self._finished)

    def _counted(self, count: int) -> None:
        self.unsent = count
        if not self.workspace.locked:
            self.unsent_label.setText(fill(self.tr("Unsent changes: %1"), count))
        self.unsent_updated.emit(count)

    def _finished(self) -> None:
        self.task = None
        if self._again and not self.workspace.locked:
            self._count()
