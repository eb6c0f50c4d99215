"""A page listing one record type: toolbar, search box, lazy table, read-only details.

New and Edit are only requested (signals); the record editor of the forms package answers
them. Delete is done here: confirm, ``RecordStore.delete``, and the store's refusal (records
still referring to this one, a sealed record) shown as written.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeyEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.ops import Changes, records
from aces_desktop.ops.links import LINK_KINDS
from aces_desktop.store.listing import LISTS, shown_types
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import dialogs
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.cell_delegate import CellDelegate
from aces_desktop.ui.detail_pane import DetailPane
from aces_desktop.ui.forms.labels import type_label
from aces_desktop.ui.i18n import error_text
from aces_desktop.ui.table_model import MODELS, RecordTableModel

SEARCH_DELAY_MS = 250
COLUMN_WIDTHS = {
    "name": 280,
    "country": 70,
    "region": 170,
    "kind": 90,
    "os_hub_id": 150,
    "indicator": 80,
    "grade": 60,
    "site": 230,
    "observed_on": 105,
    "source_type": 170,
    "remediation_status": 135,
    "start_date": 100,
    "method": 140,
    "summary": 340,
    "sealed": 70,
    "pseudonym": 130,
    "interviewed_on": 115,
    "consent_scope": 140,
    "subject": 320,
    "company": 200,
    "request_sent_on": 125,
    "follow_up_due": 115,
    "answered_on": 110,
    "channel": 90,
    "acronym": 90,
    "sector": 220,
}


class RecordTable(QTableView):
    """The table of a list; Enter opens the selected record."""

    activated_row = Signal(int)

    def paintEvent(self, event: QPaintEvent) -> None:
        # The cells of a screen without a selection in one Python call (``CellDelegate``).
        cells = self.itemDelegate()
        if not (isinstance(cells, CellDelegate) and cells.paint_view(self, event)):
            super().paintEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_row.emit(self.currentIndex().row())
            return
        super().keyPressEvent(event)


class ListPage(QWidget):
    new_requested = Signal(str)
    edit_requested = Signal(str, str)
    import_requested = Signal()
    changed = Signal()

    def __init__(self, workspace: Workspace, type_name_: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.type_name = type_name_
        self.model: RecordTableModel = MODELS[type_name_](workspace, self, load=False)
        self._filter_text = ""
        self._shown_types = shown_types(LISTS[type_name_])
        ui_ops.hooks.changed.connect(self.apply_changes)

        self.toolbar = QToolBar(self)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_action = QAction(self)
        self.edit_action = QAction(self)
        self.delete_action = QAction(self)
        self.new_action.triggered.connect(lambda: self.new_requested.emit(self.type_name))
        self.edit_action.triggered.connect(self.edit_selected)
        self.delete_action.triggered.connect(self.delete_selected)
        for action in (self.new_action, self.edit_action, self.delete_action):
            self.toolbar.addAction(action)

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(220)
        self.search.setVisible(self.model.spec.searchable)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_search)

        self.filter_label = QLabel(self)
        self.clear_filter_button = QToolButton(self)
        self.clear_filter_button.clicked.connect(lambda: self.set_filter(None))
        self.filter_label.hide()
        self.clear_filter_button.hide()
        self.count_label = QLabel(self)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.toolbar)
        top.addWidget(self.filter_label)
        top.addWidget(self.clear_filter_button)
        top.addStretch(1)
        top.addWidget(self.count_label)
        top.addWidget(self.search)

        self.table = RecordTable(self)
        self.table.setModel(self.model)
        self.table.setItemDelegate(CellDelegate(self.model, self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(150)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        for number, column in enumerate(self.model.spec.columns):
            header.resizeSection(number, COLUMN_WIDTHS.get(column.key, 150))
        self.table.setShowGrid(False)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(
            self.model.sort_column(),
            Qt.SortOrder.DescendingOrder
            if self.model.query.descending
            else Qt.SortOrder.AscendingOrder,
        )
        self.table.setSortingEnabled(True)
        self.table.doubleClicked.connect(lambda index: self._edit_row(index.row()))
        self.table.activated_row.connect(self._edit_row)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._after_reset)

        # An empty list says what it holds and offers the first step.
        self.empty = QWidget(self)
        self.empty_text = QLabel(self.empty)
        self.empty_text.setWordWrap(True)
        self.empty_new = QPushButton(self.empty)
        self.empty_new.clicked.connect(lambda: self.new_requested.emit(self.type_name))
        self.empty_import = QPushButton(self.empty)
        self.empty_import.clicked.connect(self.import_requested)
        empty_buttons = QHBoxLayout()
        empty_buttons.addWidget(self.empty_new)
        empty_buttons.addWidget(self.empty_import)
        empty_buttons.addStretch(1)
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.addWidget(self.empty_text)
        empty_layout.addLayout(empty_buttons)
        empty_layout.addStretch(1)
        self.empty.hide()
        self.list_area = QWidget(self)
        area = QVBoxLayout(self.list_area)
        area.setContentsMargins(0, 0, 0, 0)
        area.addWidget(self.empty, 1)
        area.addWidget(self.table, 1)
        self._kept: tuple[str, int] | None = None  # selection to restore after a reload
        self.model.modelAboutToBeReset.connect(self._remember_selection)

        self.detail = DetailPane(workspace, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.list_area)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        # Records with links (ui.links) get a wider pane for their tables.
        self.splitter.setSizes([760, 470] if type_name_ in LINK_KINDS else [860, 370])
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 8)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.setTabOrder(self.search, self.table)
        self.setTabOrder(self.table, self.detail)
        self.retranslate()
        self._after_reset()

    # --- text ------------------------------------------------------------------------------

    def retranslate(self) -> None:
        kind = type_label(self.type_name).lower()  # mid-sentence
        self.new_action.setText(self.tr("New"))
        self.new_action.setToolTip(fill(self.tr("Add a new %1"), kind))
        self.edit_action.setText(self.tr("Edit"))
        self.edit_action.setToolTip(fill(self.tr("Edit the selected %1"), kind))
        self.delete_action.setText(self.tr("Delete"))
        self.delete_action.setToolTip(fill(self.tr("Delete the selected %1"), kind))
        self.toolbar.setAccessibleName(fill(self.tr("%1 actions"), kind.capitalize()))
        self.search.setPlaceholderText(self.tr("Search names and text…"))
        self.search.setAccessibleName(self.tr("Search"))
        self.table.setAccessibleName(fill(self.tr("List of records: %1"), kind))
        self.clear_filter_button.setText(self.tr("Show all"))
        self.filter_label.setText(self._filter_text)
        n = self.model.rowCount()
        self.count_label.setText(self.tr("%n record(s)", "", n))
        self.empty_text.setText(self._empty_text())
        self.empty_new.setText(fill(self.tr("New %1…"), kind))
        self.empty_import.setText(self.tr("Import records…"))
        self.model.retranslate()

    def _empty_text(self) -> str:
        """What this list holds, said when it is empty."""
        texts = {
            "site": self.tr(
                "No sites yet. Sites are the factories, farms, mills and mines you audit: "
                "add one, or import a list of sites (CSV or JSON)."
            ),
            "company": self.tr(
                "No companies yet. Companies are the brands, retailers, buyers and suppliers "
                "linked to sites: add one, or import them."
            ),
            "initiative": self.tr(
                "No initiatives yet. Initiatives are the multi-stakeholder and industry "
                "schemes that are rated: add one, or import them."
            ),
            "visit": self.tr(
                "No visits yet. A visit records when and how a site was audited; its findings "
                "grade the indicators."
            ),
            "finding": self.tr(
                "No findings yet. A finding grades one indicator at a site, usually during a visit."
            ),
            "worker_note": self.tr(
                "No worker notes yet. Worker notes hold what workers said in interviews, "
                "under pseudonyms, and stay on this device unless consent allows more."
            ),
            "company_response": self.tr(
                "No company responses yet. Record each request sent to a company and its "
                "answer; unanswered requests are flagged when overdue."
            ),
        }
        return texts.get(self.type_name, self.tr("This list is empty."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # --- actions ---------------------------------------------------------------------------

    def apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search.text())

    def set_filter(self, equals: dict[str, Any] | None, description: str = "") -> None:
        self._filter_text = description if equals else ""
        self.filter_label.setText(self._filter_text)
        self.filter_label.setVisible(bool(equals))
        self.clear_filter_button.setVisible(bool(equals))
        self.model.set_filter(equals)

    def selected_id(self) -> str | None:
        index = self.table.currentIndex()
        rows = self.table.selectionModel().selectedRows()
        if rows:
            index = rows[0]
        return self.model.record_id(index.row()) if index.isValid() else None

    def select_row(self, row: int) -> None:
        # As QTableView.selectRow, whose column is the one at the viewport's leading edge;
        # it looks for it at the viewport's width in a right-to-left layout, one pixel past
        # the last, and selected nothing there.
        table = self.table
        edge = table.viewport().width() - 1 if table.isRightToLeft() else 0
        index = self.model.index(row, max(0, table.horizontalHeader().logicalIndexAt(edge)))
        flag = QItemSelectionModel.SelectionFlag
        table.selectionModel().setCurrentIndex(index, flag.ClearAndSelect | flag.Rows)
        table.scrollTo(self.model.index(row, 0))

    def edit_selected(self) -> None:
        record_id = self.selected_id()
        if record_id:
            self.edit_requested.emit(self.type_name, record_id)

    def delete_selected(self) -> None:
        record_id = self.selected_id()
        if record_id is None:
            return
        kind = type_label(self.type_name).lower()  # mid-sentence
        try:
            found = records.label(self.workspace, record_id)
        except AcesError:
            found = None
        text = self.tr("Delete the %1 “%2”? Its history is kept, but it leaves every list.")
        if not dialogs.confirm(
            self,
            fill(self.tr("Delete %1"), kind),
            fill(text, kind, found.label if found else record_id),
        ):
            return
        try:
            ui_ops.applied(
                self.workspace,
                records.delete(
                    self.workspace, self.type_name, record_id, wait=ui_ops.UI_WRITE_WAIT_S
                ),
            )
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))

    def apply_changes(self, workspace: Workspace, changes: Changes) -> None:
        """Reload when an operation changed records this list shows."""
        if workspace is self.workspace and (
            changes.everything or changes.types & self._shown_types
        ):
            self.reload()
            self.changed.emit()

    def reload(self) -> None:
        """Reload the list if it was ever shown (others load when they are)."""
        if self.model.loaded:
            self.model.reload()

    def showEvent(self, event: QShowEvent) -> None:
        self.model.ensure_loaded()
        super().showEvent(event)

    def clear(self) -> None:
        """Forget what is shown, including the search text (it may be a name)."""
        self._search_timer.stop()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.model.query = replace(self.model.query, text="")
        self.model.clear()
        self.detail.clear()

    def _edit_row(self, row: int) -> None:
        record_id = self.model.record_id(row)
        if record_id:
            self.edit_requested.emit(self.type_name, record_id)

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        record_id = self.model.record_id(indexes[0].row()) if indexes else None
        if record_id:
            self.detail.show_record(self.type_name, record_id)
        else:
            self.detail.clear()
        self._update_actions()

    def _remember_selection(self) -> None:
        record_id = self.selected_id()
        self._kept = (record_id, self.table.currentIndex().row()) if record_id else None

    def _after_reset(self) -> None:
        n = self.model.rowCount()
        self.count_label.setText(self.tr("%n record(s)", "", n))
        unfiltered = not self.model.query.text and not self.model.query.equals
        empty = n == 0 and unfiltered and self.model.loaded and not self.workspace.locked
        self.empty.setVisible(empty)
        self.table.setVisible(not empty)
        self.detail.clear()
        kept, self._kept = self._kept, None
        if kept is not None and n:
            self._reselect(*kept)
        self._update_actions()

    def _reselect(self, record_id: str, old_row: int) -> None:
        """Select ``record_id`` again after a reload (a save reloads the list): it is
        usually where it was, or first when it sorts there now."""
        for row in (old_row, 0):
            if 0 <= row < self.model.rowCount():
                self.model.record_id(row)  # reads the page holding that row
        found = self.model.row_of(record_id)
        if found is not None:
            self.select_row(found)

    def _update_actions(self) -> None:
        has = bool(self.table.selectionModel().selectedRows())
        self.edit_action.setEnabled(has)
        self.delete_action.setEnabled(has)

    def current_index(self) -> QModelIndex:
        return self.table.currentIndex()
