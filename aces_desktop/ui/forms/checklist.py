"""The indicator checklist of a visit, made to be filled by keyboard alone.

Keys on a row: 0-3 set the grade, N marks it not checked, Tab or Enter moves to the next
row (Shift+Tab back), any other text starts the row's note (Enter or Tab ends it and moves
on), F4 opens the row's source type list.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import (
    QAbstractItemModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from aces_desktop.core import terms
from aces_desktop.core.reference import SOURCE_TYPES, Indicator, reference
from aces_desktop.ui.forms.labels import choice_label
from aces_desktop.ui.interface_language import current_language

INDICATOR, GRADE, NOTE, SOURCE = range(4)
CODE_ROLE = Qt.ItemDataRole.UserRole + 1
CHOSEN_ROLE = Qt.ItemDataRole.UserRole + 2  # source type chosen by hand for this row
GRADE_KEYS = {Qt.Key.Key_0: 0, Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3}
# Background per grade; the grade is always written out too (never colour alone).
GRADE_COLOURS = {0: "#e3f4e6", 1: "#fff6d6", 2: "#ffe3c2", 3: "#fbd3d0"}


@dataclass(frozen=True)
class ChecklistRow:
    indicator: str
    grade: int | None
    note: str
    source_type: str


class SourceTypeDelegate(QStyledItemDelegate):
    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for code in SOURCE_TYPES:
            combo.addItem(choice_label("source_type", code), code)
        combo.setAccessibleName(QCoreApplication.translate("IndicatorChecklist", "Source type"))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(CODE_ROLE))))

    def setModelData(
        self,
        editor: QWidget,
        model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        assert isinstance(editor, QComboBox)
        code = editor.currentData()
        model.setData(index, code, CODE_ROLE)
        model.setData(index, choice_label("source_type", code), Qt.ItemDataRole.DisplayRole)


class IndicatorChecklist(QTableWidget):
    def __init__(self, parent: QWidget | None = None, source_type: str = SOURCE_TYPES[0]) -> None:
        super().__init__(0, 4, parent)
        self.setHorizontalHeaderLabels(
            [self.tr("Indicator"), self.tr("Grade"), self.tr("Note"), self.tr("Source")]
        )
        self.setAccessibleName(self.tr("Indicator checklist"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setTabKeyNavigation(True)
        self.setItemDelegateForColumn(SOURCE, SourceTypeDelegate(self))
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(INDICATOR, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(GRADE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(SOURCE, QHeaderView.ResizeMode.ResizeToContents)
        self._fill(source_type)

    def _fill(self, source_type: str) -> None:
        ref = reference()
        for indicator in ref.indicators.values():
            row = self.rowCount()
            self.insertRow(row)
            name = QTableWidgetItem(f"{indicator.code}  {indicator.name(current_language())}")
            name.setData(CODE_ROLE, indicator.code)
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            name.setToolTip(terms.category_name(indicator.category, current_language()))
            grade = QTableWidgetItem()
            grade.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            note = QTableWidgetItem("")
            source = QTableWidgetItem(choice_label("source_type", source_type))
            source.setData(CODE_ROLE, source_type)
            for column, item in enumerate((name, grade, note, source)):
                self.setItem(row, column, item)
            self.set_grade(row, None)
        self.setCurrentCell(0, GRADE)

    # --- data ----------------------------------------------------------------------------

    def grade_text(self, grade: int | None) -> str:
        return {
            None: self.tr("— not checked"),
            0: self.tr("0 absent"),
            1: self.tr("1 risk factor"),
            2: self.tr("2 medium"),
            3: self.tr("3 strong"),
        }[grade]

    def set_grade(self, row: int, grade: int | None) -> None:
        item = self.item(row, GRADE)
        if item is None:
            return
        item.setData(CODE_ROLE, grade)
        item.setText(self.grade_text(grade))
        colour = GRADE_COLOURS.get(grade) if grade is not None else None
        item.setBackground(QBrush(QColor(colour)) if colour else QBrush())
        item.setForeground(QBrush(QColor("#666666")) if grade is None else QBrush())

    def set_default_source(self, source_type: str) -> None:
        """Use ``source_type`` on every row whose source was not chosen by hand."""
        for row in range(self.rowCount()):
            item = self.item(row, SOURCE)
            if item is not None and not item.data(CHOSEN_ROLE):
                item.setData(CODE_ROLE, source_type)
                item.setText(choice_label("source_type", source_type))

    def rows(self) -> list[ChecklistRow]:
        out: list[ChecklistRow] = []
        for row in range(self.rowCount()):
            name, grade = self.item(row, INDICATOR), self.item(row, GRADE)
            note, source = self.item(row, NOTE), self.item(row, SOURCE)
            if name is None or grade is None or note is None or source is None:
                continue
            out.append(
                ChecklistRow(
                    indicator=str(name.data(CODE_ROLE)),
                    grade=grade.data(CODE_ROLE),
                    note=note.text().strip(),
                    source_type=str(source.data(CODE_ROLE)),
                )
            )
        return out

    def draft_state(self) -> list[list[object]]:
        """Rows as JSON-friendly lists, for drafts."""
        out: list[list[object]] = []
        for row in self.rows():
            source = self.item(self.row_of(row.indicator), SOURCE)
            chosen = bool(source.data(CHOSEN_ROLE)) if source is not None else False
            out.append([row.indicator, row.grade, row.note, row.source_type, chosen])
        return out

    def set_draft_state(self, rows: list[list[object]]) -> None:
        for indicator, grade, note, source_type, chosen in rows:
            try:
                row = self.row_of(str(indicator))
            except KeyError:
                continue  # an indicator the reference data no longer has
            self.set_grade(row, grade if grade in (0, 1, 2, 3) else None)
            note_item, source = self.item(row, NOTE), self.item(row, SOURCE)
            if note_item is not None:
                note_item.setText(str(note or ""))
            if source is not None and source_type in SOURCE_TYPES:
                source.setData(CODE_ROLE, source_type)
                source.setText(choice_label("source_type", str(source_type)))
                source.setData(CHOSEN_ROLE, bool(chosen))

    def indicator_at(self, row: int) -> Indicator | None:
        """The reference indicator graded in ``row`` (None outside the table)."""
        item = self.item(row, INDICATOR) if row >= 0 else None
        return reference().indicators.get(str(item.data(CODE_ROLE))) if item else None

    def row_of(self, indicator: str) -> int:
        for row in range(self.rowCount()):
            item = self.item(row, INDICATOR)
            if item is not None and item.data(CODE_ROLE) == indicator:
                return row
        raise KeyError(indicator)

    # --- keyboard ------------------------------------------------------------------------

    def _move(self, step: int) -> bool:
        row = self.currentRow() + step
        if 0 <= row < self.rowCount():
            self.setCurrentCell(row, GRADE)
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.state() == QAbstractItemView.State.EditingState:
            super().keyPressEvent(event)
            return
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        row = max(0, self.currentRow())
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        if key in GRADE_KEYS and mods == Qt.KeyboardModifier.NoModifier:
            self.set_grade(row, GRADE_KEYS[Qt.Key(key)])
            self.setCurrentCell(row, GRADE)
        elif key == Qt.Key.Key_N and mods == Qt.KeyboardModifier.NoModifier:
            self.set_grade(row, None)
        elif key in (Qt.Key.Key_Tab, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            if not self._move(1):
                event.ignore()
                return
        elif key in (Qt.Key.Key_Backtab, Qt.Key.Key_Up):
            if not self._move(-1):
                event.ignore()
                return
        elif key == Qt.Key.Key_F4:
            index = self.model().index(row, SOURCE)
            self.setCurrentIndex(index)
            self.edit(index)
        elif plain and event.text() and event.text().isprintable() and key != Qt.Key.Key_Space:
            index = self.model().index(row, NOTE)
            self.setCurrentIndex(index)
            self.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, event)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        """After a note, go on to the next row's grade; after a source, back to the grade."""
        column = self.currentColumn()
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if hint == QAbstractItemDelegate.EndEditHint.RevertModelCache:
            self.setCurrentCell(self.currentRow(), GRADE)
            return
        if column == SOURCE:
            item = self.item(self.currentRow(), SOURCE)
            if item is not None:
                item.setData(CHOSEN_ROLE, True)  # chosen by hand
            self.setCurrentCell(self.currentRow(), GRADE)
        elif not self._move(1):
            self.setCurrentCell(self.currentRow(), GRADE)

    def sizeHintForColumn(self, column: int) -> int:
        return super().sizeHintForColumn(column) + (8 if column == GRADE else 0)
