"""One input widget per kind of schema field, with one interface for the record editor.

Each editor has a *state* (what is in the widget, JSON-friendly: used for undo and drafts)
and a *value* (what the schema expects). ``value()`` raises ``InputProblem`` when the state
cannot be turned into a value at all (e.g. letters in a number field).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from aces_desktop.core import field_text, schema
from aces_desktop.core.messages import fill
from aces_desktop.ui.forms.labels import choice_label, field_label


class InputProblem(Exception):
    """What a person typed cannot be read as a value of this field."""


class FieldEditor(QWidget):
    edited = Signal()

    def __init__(self, f: schema.Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = f
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

    def state(self) -> Any:
        raise NotImplementedError

    def set_state(self, state: Any) -> None:
        raise NotImplementedError

    def value(self) -> Any:
        return self.state() if self.state() not in ("", None) else None

    def set_value(self, value: Any) -> None:
        self.set_state(value if value is not None else "")

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_widget(self) -> QWidget:
        return self

    def set_accessible_name(self, name: str) -> None:
        self.focus_widget().setAccessibleName(name)


class LineEditor(FieldEditor):
    def __init__(self, f: schema.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        self.edit = QLineEdit(self)
        if f.max_len:
            self.edit.setMaxLength(f.max_len)
        self.layout_.addWidget(self.edit)
        self.edit.textEdited.connect(lambda _t: self.edited.emit())

    def state(self) -> str:
        return self.edit.text()

    def set_state(self, state: Any) -> None:
        self.edit.setText(str(state or ""))

    def focus_widget(self) -> QWidget:
        return self.edit


class NumberEditor(LineEditor):
    def __init__(self, f: schema.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        self.edit.setMaximumWidth(160)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.layout_.addStretch(1)

    def value(self) -> Any:
        try:
            return field_text.from_text(self.field, self.state())
        except field_text.FieldTextError:
            raise InputProblem(
                self.tr("Enter a whole number.")
                if self.field.kind == schema.INT
                else self.tr("Enter a number, e.g. 31.25.")
            ) from None

    def set_value(self, value: Any) -> None:
        self.set_state("" if value is None else f"{value:g}" if isinstance(value, float) else value)


class DateEditor(LineEditor):
    """A date typed as YYYY-MM-DD or picked from a calendar; empty means no date."""

    def __init__(self, f: schema.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        self.edit.setPlaceholderText("YYYY-MM-DD")
        self.edit.setMaximumWidth(140)
        self.pick = QToolButton(self)
        self.pick.setText("…")
        self.pick.setToolTip(self.tr("Pick a date"))
        self.pick.setAccessibleName(self.tr("Pick a date"))
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pick.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.pick.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        menu = QMenu(self.pick)
        self.calendar = QCalendarWidget(menu)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._sync_calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.clicked.connect(menu.close)
        self.pick.setMenu(menu)
        self.layout_.addWidget(self.pick)
        self.layout_.addStretch(1)

    def _sync_calendar(self) -> None:
        try:
            day = dt.date.fromisoformat(self.state().strip())
            self.calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        except ValueError:
            self.calendar.setSelectedDate(QDate.currentDate())

    def _picked(self, day: QDate) -> None:
        self.edit.setText(day.toString("yyyy-MM-dd"))
        self.edited.emit()


class TextEditor(FieldEditor):
    def __init__(self, f: schema.Field, parent: QWidget | None = None, lines: int = 4) -> None:
        super().__init__(f, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        height = self.edit.fontMetrics().lineSpacing() * lines + 12
        self.edit.setFixedHeight(height)
        self.layout_.addWidget(self.edit)
        self.edit.textChanged.connect(self._changed)
        self._setting = False

    def _changed(self) -> None:
        if not self._setting:
            self.edited.emit()

    def state(self) -> str:
        return self.edit.toPlainText()

    def set_state(self, state: Any) -> None:
        self._setting = True
        try:
            if self.edit.toPlainText() != str(state or ""):
                self.edit.setPlainText(str(state or ""))
        finally:
            self._setting = False

    def focus_widget(self) -> QWidget:
        return self.edit


class ListEditor(TextEditor):
    """A list of short texts, one per line (aliases, products, countries)."""

    def __init__(self, f: schema.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent, lines=3)
        self.edit.setPlaceholderText(self.tr("One per line"))

    def value(self) -> Any:
        items = [line.strip() for line in self.state().splitlines() if line.strip()]
        return items or None

    def set_value(self, value: Any) -> None:
        self.set_state("\n".join(value or []))


class FactsEditor(TextEditor):
    """Small facts as ``key = value`` lines; numbers and true/false are understood."""

    def __init__(self, f: schema.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent, lines=3)
        self.edit.setPlaceholderText(self.tr("key = value, one per line"))

    def value(self) -> Any:
        facts: dict[str, Any] = {}
        for number, line in enumerate(self.state().splitlines(), 1):
            if not line.strip():
                continue
            try:
                key, fact = field_text.parse_fact_line(line)
            except field_text.FieldTextError:
                raise InputProblem(
                    fill(self.tr("Line %1 needs the form key = value."), number)
                ) from None
            facts[key] = fact
        return facts or None

    def set_value(self, value: Any) -> None:
        lines = [field_text.fact_line(k, v) for k, v in (value or {}).items()]
        self.set_state("\n".join(lines))


class EnumEditor(FieldEditor):
    changed_value = Signal(str)

    def __init__(self, f: schema.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        self.combo = QComboBox(self)
        if not f.required:
            self.combo.addItem(self.tr("(not set)"), "")
        else:
            # A required choice without a default is made on purpose, never preselected.
            self.combo.setPlaceholderText(self.tr("Choose…"))
        for code in f.allowed():
            self.combo.addItem(choice_label(f.name, code), code)
        self.combo.setMinimumContentsLength(18)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.layout_.addWidget(self.combo)
        self.layout_.addStretch(1)
        self.combo.activated.connect(lambda _i: self.edited.emit())
        self.combo.currentIndexChanged.connect(lambda _i: self.changed_value.emit(self.state()))

    def state(self) -> str:
        return str(self.combo.currentData() or "")

    def set_state(self, state: Any) -> None:
        self.combo.setCurrentIndex(self.combo.findData(state or ""))

    def focus_widget(self) -> QWidget:
        return self.combo


class BoolEditor(FieldEditor):
    """A check box when the answer is always yes or no; yes / no / not known otherwise."""

    def __init__(self, f: schema.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        self.check: QCheckBox | None = None
        self.combo: QComboBox | None = None
        if f.required:
            self.check = QCheckBox(field_label(f), self)
            self.check.toggled.connect(lambda _b: self.edited.emit())
            self.layout_.addWidget(self.check)
        else:
            self.combo = QComboBox(self)
            self.combo.addItem(self.tr("Not known"), "")
            self.combo.addItem(self.tr("Yes"), "yes")
            self.combo.addItem(self.tr("No"), "no")
            self.combo.activated.connect(lambda _i: self.edited.emit())
            self.layout_.addWidget(self.combo)
        self.layout_.addStretch(1)

    def state(self) -> Any:
        if self.check is not None:
            return self.check.isChecked()
        assert self.combo is not None
        return str(self.combo.currentData() or "")

    def set_state(self, state: Any) -> None:
        if self.check is not None:
            with QSignalBlocker(self.check):
                self.check.setChecked(bool(state))
        elif self.combo is not None:
            self.combo.setCurrentIndex(max(0, self.combo.findData(state or "")))

    def value(self) -> Any:
        state = self.state()
        if isinstance(state, bool):
            return state
        return {"yes": True, "no": False}.get(state)

    def set_value(self, value: Any) -> None:
        if self.check is not None:
            self.set_state(bool(value))
        else:
            self.set_state("" if value is None else "yes" if value else "no")

    def focus_widget(self) -> QWidget:
        return self.check or self.combo or self


class NamesEditor(FieldEditor):
    """Names in other scripts: a small table of (name, language tag) rows."""

    def __init__(self, f: schema.Field, parent: QWidget | None = None) -> None:
        super().__init__(f, parent)
        box = QVBoxLayout()
        self.table = QTableWidget(0, 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Language (e.g. zh, ug)")])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setVisible(False)
        self.table.setFixedHeight(self.table.fontMetrics().lineSpacing() * 6 + 12)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.itemChanged.connect(self._item_changed)
        self._setting = False
        buttons = QVBoxLayout()
        self.add_button = QPushButton(self.tr("Add name"), self)
        self.remove_button = QPushButton(self.tr("Remove"), self)
        self.add_button.setAccessibleName(self.tr("Add a name in another script"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected name"))
        self.add_button.clicked.connect(self._add_row)
        self.remove_button.clicked.connect(self._remove_row)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box.addWidget(self.table)
        self.layout_.addLayout(box, 1)
        self.layout_.addLayout(buttons)

    def _item_changed(self, _item: QTableWidgetItem) -> None:
        if not self._setting:
            self.edited.emit()

    def _add_row(self) -> None:
        self._setting = True
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(""))
        self.table.setItem(row, 1, QTableWidgetItem(""))
        self._setting = False
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def _remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def state(self) -> list[list[str]]:
        rows: list[list[str]] = []
        for row in range(self.table.rowCount()):
            cells = [self.table.item(row, c) for c in (0, 1)]
            rows.append([c.text() if c else "" for c in cells])
        return rows

    def set_state(self, state: Any) -> None:
        self._setting = True
        try:
            self.table.setRowCount(0)
            for text, lang in state or []:
                row = self.table.rowCount()
                self.table.insertRow(row)
                self.table.setItem(row, 0, QTableWidgetItem(text))
                self.table.setItem(row, 1, QTableWidgetItem(lang))
        finally:
            self._setting = False

    def value(self) -> Any:
        names = [
            {"text": text.strip(), "lang": lang.strip()}
            for text, lang in self.state()
            if text.strip() or lang.strip()
        ]
        return names or None

    def set_value(self, value: Any) -> None:
        self.set_state([[n.get("text", ""), n.get("lang", "")] for n in value or []])

    def focus_widget(self) -> QWidget:
        return self.table
