"""Visits and findings on one page; opening a visit lists its findings."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QTabWidget, QWidget

from aces_desktop.core.messages import fill
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui.list_page import ListPage


class VisitsAndFindings(QTabWidget):
    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.visits = ListPage(workspace, "visit", self)
        self.findings = ListPage(workspace, "finding", self)
        self.addTab(self.visits, "")
        self.addTab(self.findings, "")
        self.findings_action = QAction(self)
        self.findings_action.triggered.connect(self.open_selected_visit)
        self.visits.toolbar.addSeparator()
        self.visits.toolbar.addAction(self.findings_action)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTabText(0, self.tr("Visits"))
        self.setTabText(1, self.tr("Findings"))
        self.setAccessibleName(self.tr("Visits and findings"))
        self.findings_action.setText(self.tr("Findings of this visit"))
        self.findings_action.setToolTip(self.tr("List the findings of the selected visit"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def open_selected_visit(self) -> None:
        index = self.visits.table.currentIndex()
        if index.isValid():
            self.open_visit(index.row())

    def open_visit(self, row: int) -> None:
        visit_id = self.visits.model.record_id(row)
        if visit_id:
            label = self.visits.model.index(row, 0).data() or ""
            self.show_findings_of(visit_id, str(label))

    def show_findings_of(self, visit_id: str, label: str) -> None:
        self.findings.set_filter(
            {"visit_id": visit_id}, fill(self.tr("Findings of visit %1"), label)
        )
        self.setCurrentWidget(self.findings)

    def current_list(self) -> ListPage:
        return self.findings if self.currentWidget() is self.findings else self.visits
