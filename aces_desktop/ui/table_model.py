"""One table model per record list, over SQL, loading rows lazily.

The model holds the list's rowids in windows (``store.listing.IdWindows``) and fetches the
rows on screen a page at a time, keeping a bounded cache; a list of a million findings opens
with its first window of rowids and one ``count(*)``, and scrolls by fetching a page per
screenful (and a window of rowids per 10,000 rows). Sorting and filtering
re-run the SQL (``ListQuery``); nothing is sorted in Python.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from aces_desktop.core.messages import fill
from aces_desktop.ops import lists
from aces_desktop.store.listing import LISTS, IdWindows, ListQuery
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui.forms.labels import choice_label, field_label

ID_ROLE = Qt.ItemDataRole.UserRole + 1
# A page is a little more than a screenful: the first page of a search is read before it
# is shown, and 200 rows cost twice what 50 do.
PAGE = 50
WINDOW = 10_000
MAX_PAGES = 160
ENUM_COLUMNS = frozenset(
    {"kind", "method", "source_type", "remediation_status", "consent_scope", "channel", "role"}
)
NUMERIC_COLUMNS = frozenset({"grade", "workforce_size"})
# The roles a cell answers; the view asks each cell for a dozen, and a screenful of a
# search is repainted at once, so the others return before the row is looked up.
ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        ID_ROLE,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
    }
)

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Index = QModelIndex | QPersistentModelIndex


class RecordTableModel(QAbstractTableModel):
    """Base of the list models; subclasses name their record type."""

    type_name: ClassVar[str] = ""
    coloured: ClassVar[bool] = False  # True when ``foreground`` colours some rows

    def __init__(self, workspace: Workspace, parent: Any = None, *, load: bool = True) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.spec = LISTS[self.type_name]
        self.query = ListQuery(
            self.spec, sort=self.spec.default_sort, descending=self.spec.newest_first
        )
        self._ids: IdWindows | None = None
        # Asked twice per painted cell (by QAbstractTableModel.index): kept, not recounted.
        self._rows = 0
        self._columns = len(self.spec.columns)
        self._pages: OrderedDict[int, list[tuple[Any, ...] | None]] = OrderedDict()
        # Each shown row's cell texts, made once: a repaint asks every visible cell again.
        self._shown: dict[int, tuple[str, ...]] = {}
        self.queries = 0  # pages fetched since the last reload (tests read it)
        self.window = WINDOW
        self.loaded = False  # lists load when first shown, so start-up counts nothing
        if load:
            self.reload()

    # --- what to show ---------------------------------------------------------------------

    def set_search(self, text: str) -> None:
        self._set_query(
            ListQuery(self.spec, text, self.query.sort, self.query.descending, self.query.equals)
        )

    def set_filter(self, equals: dict[str, Any] | None) -> None:
        self._set_query(
            ListQuery(self.spec, self.query.text, self.query.sort, self.query.descending, equals)
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.spec.columns[column].key if 0 <= column < len(self.spec.columns) else ""
        descending = order == Qt.SortOrder.DescendingOrder
        self._set_query(ListQuery(self.spec, self.query.text, key, descending, self.query.equals))

    def sort_column(self) -> int:
        keys = [c.key for c in self.spec.columns]
        return keys.index(self.query.sort) if self.query.sort in keys else -1

    def _set_query(self, query: ListQuery) -> None:
        if query != self.query:
            self.query = query
            if self.loaded:
                self.reload()

    def ensure_loaded(self) -> None:
        if not self.loaded:
            self.reload()

    def reload(self) -> None:
        self.loaded = True
        self.beginResetModel()
        self._pages.clear()
        self._shown.clear()
        self.queries = 0
        self._ids = (
            None
            if self.workspace.locked
            else lists.id_windows(self.workspace, self.query, self.window)
        )
        self._rows = 0 if self._ids is None else len(self._ids)
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row (the workspace is being locked)."""
        self.beginResetModel()
        self._pages.clear()
        self._shown.clear()
        self._ids = None
        self._rows = 0
        self.endResetModel()

    def retranslate(self) -> None:
        """The interface language changed: cells and headers are said again."""
        self._shown.clear()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, self.columnCount() - 1))
        if self.rowCount():
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.DisplayRole])

    def record_id(self, row: int) -> str | None:
        values = self._row(row)
        return str(values[0]) if values else None

    def row_of(self, record_id: str) -> int | None:
        for page, values in self._pages.items():
            for offset, row in enumerate(values):
                if row and row[0] == record_id:
                    return page * PAGE + offset
        return None

    # --- QAbstractTableModel --------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._columns

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return field_label(self.spec.columns[section].key)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in ROLES or not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(index.row(), index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole:  # asked of every cell at each repaint
            right = self.right_aligned(index.column())
            return RIGHT if right and self._row(index.row()) is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and not self.coloured:
            return None
        values = self._row(index.row())
        if values is None:
            return None
        value = values[index.column() + 1]
        if role == ID_ROLE:
            return values[0]
        if role == Qt.ItemDataRole.ToolTipRole:
            note = self.row_note(values)
            if note:
                return note
            if isinstance(value, str) and len(value) > 60:
                return value[:1000]
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(values)
        return None

    def cell_texts(self, row: int) -> tuple[str, ...] | None:
        """What the cells of ``row`` show, None for a row that cannot be read."""
        shown = self._shown.get(row)
        return self._display_row(row) if shown is None else shown

    def cell_text(self, row: int, column: int) -> str | None:
        """What a cell shows (its ``DisplayRole``), from its row's texts made once."""
        shown = self._shown.get(row)
        if shown is None:
            shown = self._display_row(row)
        return shown[column] if shown else None

    def right_aligned(self, column: int) -> bool:
        """Numbers are aligned on the right (the trailing side in a right-to-left layout)."""
        return self.spec.columns[column].key in NUMERIC_COLUMNS

    def _display_row(self, row: int) -> tuple[str, ...] | None:
        values = self._row(row)
        if values is None:
            return None
        shown = tuple(
            self.display(c.key, v) for c, v in zip(self.spec.columns, values[1:], strict=True)
        )
        if len(self._shown) >= PAGE * MAX_PAGES:
            self._shown.clear()
        self._shown[row] = shown
        return shown

    def display(self, key: str, value: Any) -> str:
        if value is None:
            return ""
        if key == "sealed":
            return QCoreApplication.translate("Lists", "Sealed") if value else ""
        text = str(value)
        if key in ENUM_COLUMNS:
            return choice_label(key, text)
        line = text.split("\n", 1)[0]
        return line if len(line) <= 120 else line[:119] + "…"

    def foreground(self, values: tuple[Any, ...]) -> QBrush | None:
        return None

    def row_note(self, values: tuple[Any, ...]) -> str:
        """A remark on the whole row, shown as the tooltip of its cells ('' for none)."""
        return ""

    def _row(self, row: int) -> tuple[Any, ...] | None:
        if self._ids is None or not 0 <= row < len(self._ids):
            return None
        number = row // PAGE
        page = self._pages.get(number)
        if page is None:
            if self.workspace.locked:
                return None
            rowids = self._ids.slice(number * PAGE, (number + 1) * PAGE)
            page = lists.page(self.workspace, self.spec, [r for r in rowids if r is not None])
            self.queries += 1
            self._pages[number] = page
            if len(self._pages) > MAX_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = row % PAGE
        return page[offset] if offset < len(page) else None


class SiteTableModel(RecordTableModel):
    type_name = "site"


class CompanyTableModel(RecordTableModel):
    type_name = "company"


class InitiativeTableModel(RecordTableModel):
    type_name = "initiative"


class PersonTableModel(RecordTableModel):
    type_name = "person"


class VisitTableModel(RecordTableModel):
    type_name = "visit"


class FindingTableModel(RecordTableModel):
    type_name = "finding"


class WorkerNoteTableModel(RecordTableModel):
    type_name = "worker_note"


class CompanyResponseTableModel(RecordTableModel):
    """Responses; a request past its follow-up date without an answer shows in red."""

    type_name = "company_response"
    coloured = True

    def foreground(self, values: tuple[Any, ...]) -> QBrush | None:
        return QBrush(QColor("#b3261e")) if self.overdue(values) else None

    def row_note(self, values: tuple[Any, ...]) -> str:
        reason = self.overdue(values)
        return (
            fill(QCoreApplication.translate("ResponsesLog", "Overdue: %1"), reason)
            if reason
            else ""
        )

    def overdue(self, values: tuple[Any, ...]) -> str:
        """Why the request is overdue ('' if it is not): the Outreach log's rule."""
        keys = [c.key for c in self.spec.columns]
        content = {
            key: values[keys.index(key) + 1]
            for key in ("request_sent_on", "follow_up_due", "answered_on")
        }
        from aces_desktop.store import outreach  # with the ORM: when this list is shown

        return outreach.overdue_reason(content, dt.date.today())


MODELS: dict[str, type[RecordTableModel]] = {
    cls.type_name: cls
    for cls in (
        SiteTableModel,
        CompanyTableModel,
        InitiativeTableModel,
        PersonTableModel,
        VisitTableModel,
        FindingTableModel,
        WorkerNoteTableModel,
        CompanyResponseTableModel,
    )
}
