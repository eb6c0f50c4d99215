"""Choosing referenced records: type part of a name, pick from the matches."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.ops import records
from aces_desktop.store.record_choices import Choice
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui.forms.fields import FieldEditor, InputProblem

ID_ROLE = Qt.ItemDataRole.UserRole + 1
LIMIT = 200


@dataclass
class Forms:
    """How a picker opens the form of a new record: ``new(workspace, type, parent)``."""

    new: Callable[[Workspace, str, QWidget], Any] | None = None


FORMS = Forms()


class RecordPicker(QWidget):
    """A type-ahead search over records of some types; ``chosen`` gives the record id."""

    chosen = Signal(str)

    def __init__(
        self, workspace: Workspace, types: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.types = types
        self.record_id = ""
        self._label = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QWidget(self)
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(row)
        self.edit.setPlaceholderText(self.tr("Type part of a name to search…"))
        self.edit.setClearButtonEnabled(True)
        self.model = QStandardItemModel(self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.completer.activated[QModelIndex].connect(self._activated)  # type: ignore[index]
        self.edit.setCompleter(self.completer)
        self.browse = QToolButton(row)
        self.browse.setText("▾")
        self.browse.setToolTip(self.tr("Show all"))
        self.browse.setAccessibleName(self.tr("Show all records to choose from"))
        self.browse.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.browse.clicked.connect(self.show_all)
        line.addWidget(self.edit, 1)
        line.addWidget(self.browse)
        layout.addWidget(row)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self._search)
        self.edit.textEdited.connect(self._typed)
        self.reload("")

    def set_types(self, types: tuple[str, ...]) -> None:
        if types != self.types:
            self.types = types
            self.reload("")

    def reload(self, query: str) -> None:
        try:
            found = records.choices_of(self.ws, self.types, query, LIMIT)
        except AcesError:
            found = []
        self._fill(found)

    def _fill(self, found: list[Choice]) -> None:
        self.model.clear()
        for c in found:
            label = c.label if len(self.types) == 1 else f"{c.label} ({c.record_type})"
            item = QStandardItem(label)
            item.setData(c.record_id, ID_ROLE)
            item.setEditable(False)
            self.model.appendRow(item)

    def _typed(self, text: str) -> None:
        if self.record_id and text != self._label:
            self.record_id = ""
            self.chosen.emit("")
        self._timer.start()

    def _search(self) -> None:
        text = self.edit.text()
        self.reload(text)
        if text.strip() and self.edit.isVisible():
            self.completer.setCompletionPrefix(text)
            self.completer.complete()

    def show_all(self) -> None:
        self.reload("")
        self.edit.setFocus()
        self.completer.setCompletionPrefix("")
        self.completer.complete()

    def _activated(self, index: QModelIndex) -> None:
        record_id = index.data(ID_ROLE)
        if record_id:
            self.choose(str(record_id))

    def choose(self, record_id: str) -> None:
        """Set the chosen record (by id) as if picked from the list."""
        self.set_record(record_id)
        self.chosen.emit(self.record_id)

    def set_record(self, record_id: str) -> None:
        label = ""
        if record_id:
            try:
                found = records.label(self.ws, record_id)
            except AcesError:
                found = None
            label = found.label if found else record_id
        self.record_id = record_id or ""
        self._label = label
        with QSignalBlocker(self.edit):
            self.edit.setText(label)

    def unmatched_text(self) -> bool:
        return bool(self.edit.text().strip()) and not self.record_id


class RefEditor(FieldEditor):
    def __init__(
        self, f: schema.Field, workspace: Workspace, parent: QWidget | None = None
    ) -> None:
        super().__init__(f, parent)
        self.picker = RecordPicker(workspace, schema.ref_targets(f, {}), self)
        self.layout_.addWidget(self.picker)
        self.picker.chosen.connect(lambda _id: self.edited.emit())

    def state(self) -> str:
        return self.picker.record_id

    def set_state(self, state: Any) -> None:
        self.picker.set_record(str(state or ""))

    def value(self) -> Any:
        if self.picker.unmatched_text():
            raise InputProblem(self.tr("Choose a record from the list (type part of its name)."))
        return self.picker.record_id or None

    def set_targets(self, types: tuple[str, ...]) -> None:
        self.picker.set_types(types)

    def focus_widget(self) -> QWidget:
        return self.picker.edit


class RecordsPicker(QWidget):
    """Several records (e.g. the team of a visit): search as you type, pick to add; the
    chosen ones are listed below, Delete removes the selected one. New… opens the form of
    ``FORMS.new`` (the record editor sets it: it imports this module, not the reverse)."""

    changed = Signal()

    def __init__(
        self, workspace: Workspace, types: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ws = workspace
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.search = RecordPicker(workspace, types, self)
        self.search.edit.setPlaceholderText(self.tr("Type part of a name to add…"))
        self.search.chosen.connect(self._picked)
        self.list = QListWidget(self)
        self.list.setFixedHeight(self.list.fontMetrics().lineSpacing() * 4 + 12)
        self.list.setAccessibleName(self.tr("Chosen"))
        self.list.installEventFilter(self)
        self.remove_button = QToolButton(self)
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.setToolTip(self.tr("Remove the selected one from the list (Delete)"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.new_button = QToolButton(self)
        self.new_button.setText(self.tr("New…"))
        self.new_button.setToolTip(self.tr("Add a record that is not in the list yet"))
        self.new_button.clicked.connect(self.new_record)
        self.new_button.setVisible(len(types) == 1 and FORMS.new is not None)
        self.new_dialog: QWidget | None = None
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.remove_button)
        side.addWidget(self.new_button)
        side.addStretch(1)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.list, 1)
        row.addLayout(side)
        layout.addWidget(self.search)
        layout.addLayout(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def new_record(self) -> Any:
        """The record form for a new one (e.g. a person not yet listed); saved, it is added."""
        if FORMS.new is None:
            return None
        dialog = FORMS.new(self.ws, self.search.types[0], self.window())
        dialog.editor.saved.connect(lambda _type, record_id: self._picked(record_id))
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        self.new_dialog = dialog
        dialog.open()
        return dialog

    def _picked(self, record_id: str) -> None:
        if not record_id:
            return
        self.search.set_record("")
        if record_id not in self.ids():
            self._add(record_id)
            self.changed.emit()

    def _add(self, record_id: str) -> None:
        try:
            found = records.label(self.ws, record_id)
        except AcesError:
            found = None
        item = QListWidgetItem(found.label if found else record_id, self.list)
        item.setData(ID_ROLE, record_id)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.list.takeItem(row)
            self.changed.emit()

    def ids(self) -> list[str]:
        return [str(self.list.item(i).data(ID_ROLE)) for i in range(self.list.count())]

    def set_ids(self, ids: list[str]) -> None:
        self.list.clear()
        for record_id in ids:
            self._add(record_id)


class RefsEditor(FieldEditor):
    """A field naming several records: a ``RecordsPicker``."""

    def __init__(
        self, f: schema.Field, workspace: Workspace, parent: QWidget | None = None
    ) -> None:
        super().__init__(f, parent)
        self.picker = RecordsPicker(workspace, schema.ref_targets(f, {}), self)
        self.layout_.addWidget(self.picker, 1)
        self.picker.changed.connect(self.edited.emit)

    def state(self) -> list[str]:
        return sorted(self.picker.ids())

    def set_state(self, state: Any) -> None:
        self.picker.set_ids(sorted(state or []))

    def value(self) -> Any:
        if self.picker.search.unmatched_text():
            raise InputProblem(self.tr("Choose a record from the list (type part of its name)."))
        return self.state() or None

    def set_value(self, value: Any) -> None:
        self.set_state(value or [])

    def focus_widget(self) -> QWidget:
        return self.picker.search.edit

    def set_accessible_name(self, name: str) -> None:
        super().set_accessible_name(name)
        self.picker.list.setAccessibleName(fill(self.tr("%1: chosen"), name))


def make_editor(
    f: schema.Field, workspace: Workspace, parent: QWidget | None = None
) -> FieldEditor:
    from aces_desktop.ui.forms import fields as fe

    if f.kind == schema.REF:
        return RefEditor(f, workspace, parent)
    if f.kind == schema.REFS:
        return RefsEditor(f, workspace, parent)
    editors: dict[str, type[FieldEditor]] = {
        schema.STR: fe.LineEditor,
        schema.TEXT: fe.TextEditor,
        schema.INT: fe.NumberEditor,
        schema.FLOAT: fe.NumberEditor,
        schema.DATE: fe.DateEditor,
        schema.ENUM: fe.EnumEditor,
        schema.BOOL: fe.BoolEditor,
        schema.STRS: fe.ListEditor,
        schema.NAMES: fe.NamesEditor,
        schema.FACTS: fe.FactsEditor,
    }
    editor = editors[f.kind](f, parent)
    if f.name == "criterion" and isinstance(editor, fe.LineEditor):
        completer = QCompleter(list(schema.CRITERIA), editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        editor.edit.setCompleter(completer)
        editor.edit.setPlaceholderText("T1, S2, A3, C7, LEGAL_STATEMENT…")
    return editor
