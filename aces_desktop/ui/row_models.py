"""Table models over a short list of row objects (ratings, devices, conflicts, outreach).

The record lists use ``table_model.RecordTableModel`` (lazy, over SQL); these lists are
small and already in memory. One model per list: a subclass names its columns and says what
each cell shows; ``ROW_ROLE`` gives the row object and ``SORT_ROLE`` the sort key, which a
``QSortFilterProxyModel`` (``sortable()``) uses (after Vorta's archive table model).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

R = TypeVar("R")
Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 10
SORT_ROLE = Qt.ItemDataRole.UserRole + 11


class RowTableModel(QAbstractTableModel, Generic[R]):
    """Rows of type ``R``; subclasses implement ``headers`` and ``text``."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[R] = []

    # --- what subclasses say ---------------------------------------------------------------

    def headers(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def text(self, row: R, column: int) -> str:  # pragma: no cover - overridden
        raise NotImplementedError

    def sort_key(self, row: R, column: int) -> Any:
        return self.text(row, column).casefold()

    def style(self, row: R, column: int, role: int) -> Any:
        """Anything beyond the text: colours, icons, fonts, tooltips (None: the default)."""
        return None

    # --- the model -------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.headers())

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, index.column())
        if role == ROW_ROLE:
            return row
        if role == SORT_ROLE:
            return self.sort_key(row, index.column())
        return self.style(row, index.column(), role)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            headers = self.headers()
            return headers[section] if 0 <= section < len(headers) else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def retranslate(self) -> None:
        """Headers and texts follow the language."""
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.rows) - 1, self.columnCount() - 1)
            )


def sortable(model: RowTableModel[Any], parent: QObject | None = None) -> QSortFilterProxyModel:
    """A proxy that sorts ``model`` by its ``SORT_ROLE`` keys (for a view's header clicks)."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy
