"""A form for any record type, generated from its schema fields.

Edits are undoable (QUndoStack), unsaved contents are autosaved as an encrypted draft in
the workspace database, Save writes one transaction, sealed records open read-only.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError, ValidationError
from aces_desktop.core.messages import fill, sentence
from aces_desktop.ops import records
from aces_desktop.store.drafts import Draft
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.fields import EnumEditor, FieldEditor, InputProblem
from aces_desktop.ui.forms.labels import field_label, type_label
from aces_desktop.ui.forms.notices import DraftBar, reserve_space
from aces_desktop.ui.forms.pickers import FORMS, RefEditor, make_editor
from aces_desktop.ui.forms.style import BANNER_ERROR, BANNER_INFO, BANNER_SEALED, ERROR_TEXT
from aces_desktop.ui.forms.undo import FieldEdit
from aces_desktop.ui.i18n import error_text, translate_text

HIDDEN_FIELDS = frozenset({"sealed"})
POLYMORPHIC = {"subject_id": "subject_type", "owner_id": "owner_type", "target_id": "target_type"}
PLACEHOLDERS = {
    "country": "CN",
    "os_hub_id": "CN2019303BQ3FZP",
    "website": "https://",
    "url": "https://",
}
REDO_KEYS = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]


class RecordEditor(QWidget):
    saved = Signal(str, str)
    deleted = Signal(str, str)

    DRAFT_DELAY_MS = 600

    def __init__(
        self,
        workspace: Workspace,
        type_name: str,
        record_id: str | None = None,
        parent: QWidget | None = None,
        *,
        initial: dict[str, Any] | None = None,
        fixed: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.type_name = type_name
        self.rt = schema.record_type(type_name)
        self.record_id = record_id
        self.content: dict[str, Any] = {}
        self.undo_stack = QUndoStack(self)
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        self._states: dict[str, Any] = {}
        self._applying = False
        self.confirm_box: QMessageBox | None = None
        self.amendment_dialog: RecordEditorDialog | None = None
        self._draft: Draft | None = None
        self._build()
        self._load(initial or {})
        self.fixed = frozenset(fixed)
        for name in fixed:
            if name in self.editors:
                self.editors[name].set_read_only(True)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(self.DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.undo_stack.cleanChanged.connect(self._update_buttons)
        self._offer_draft()
        self._update_buttons()

    def sizeHint(self) -> QSize:
        return QSize(640, 760)

    # --- building --------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        outer.addWidget(self.heading)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setAccessibleName(self.tr("Notice"))
        outer.addWidget(self.banner)
        self.draft_bar = DraftBar(self.tr("Restore draft"), self.tr("Discard draft"), self)
        self.restore_button = self.draft_bar.restore_button
        self.discard_button = self.draft_bar.discard_button
        self.restore_button.clicked.connect(self.restore_draft)
        self.discard_button.clicked.connect(self.discard_draft)
        outer.addWidget(self.draft_bar)

        body = QWidget(self)
        form = QFormLayout(body)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for f in self.rt.fields:
            if f.name in HIDDEN_FIELDS:
                continue
            editor = make_editor(f, self.ws, body)
            label_text = field_label(f) + (" *" if f.required else "")
            editor.set_accessible_name(field_label(f))
            if f.name in PLACEHOLDERS and isinstance(editor.focus_widget(), QLineEdit):
                editor.focus_widget().setPlaceholderText(PLACEHOLDERS[f.name])  # type: ignore[attr-defined]
            error = QLabel(body)
            error.setStyleSheet(ERROR_TEXT)
            error.setWordWrap(True)
            error.setVisible(False)
            reserve_space(error)
            error.setAccessibleName(fill(self.tr("Problem with %1"), field_label(f)))
            cell = QVBoxLayout()
            cell.setSpacing(2)
            cell.addWidget(editor)
            cell.addWidget(error)
            label = QLabel(label_text, body)
            label.setBuddy(editor.focus_widget())
            if f.required:
                label.setToolTip(self.tr("Required"))
            form.addRow(label, cell)
            self.editors[f.name] = editor
            self.errors[f.name] = error
            editor.edited.connect(lambda name=f.name: self._edited(name))
            for w in editor.findChildren(QLineEdit) + editor.findChildren(QPlainTextEdit):
                w.installEventFilter(self)
        for ref_name, type_name in POLYMORPHIC.items():
            ref, kind = self.editors.get(ref_name), self.editors.get(type_name)
            if isinstance(ref, RefEditor) and isinstance(kind, EnumEditor):
                kind.changed_value.connect(
                    lambda value, ref=ref: ref.set_targets(
                        (value,) if value else schema.ref_targets(ref.field, {})
                    )
                )
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.undo_button = QPushButton(self.tr("Undo"), self)
        self.redo_button = QPushButton(self.tr("Redo"), self)
        self.undo_button.setToolTip(self.tr("Undo (Ctrl+Z)"))
        self.redo_button.setToolTip(self.tr("Redo (Ctrl+Shift+Z)"))
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.delete_button = QPushButton(self.tr("Delete…"), self)
        self.delete_button.clicked.connect(self.request_delete)
        self.seal_button = QPushButton(self.tr("Seal visit…"), self)
        self.seal_button.setToolTip(
            self.tr("Seal the visit with its findings and worker notes: they become final.")
        )
        self.seal_button.clicked.connect(self.request_seal)
        self.amend_button = QPushButton(self.tr("Amend…"), self)
        self.amend_button.setToolTip(self.tr("Record a correction to this sealed record."))
        self.amend_button.clicked.connect(self.open_amendment)
        self.save_button = QPushButton(self.tr("Save"), self)
        self.save_button.setToolTip(self.tr("Save (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        for b in (self.undo_button, self.redo_button, self.delete_button, self.seal_button):
            buttons.addWidget(b)
        buttons.addWidget(self.amend_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        outer.addLayout(buttons)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Save, self, self.save, context=context)
        QShortcut(QKeySequence.StandardKey.Undo, self, self.undo_stack.undo, context=context)
        redo = QShortcut(self)
        redo.setContext(context)
        redo.setKeys(REDO_KEYS)
        redo.activated.connect(self.undo_stack.redo)

    def edit_actions(self, parent: QObject) -> tuple[QAction, QAction]:
        """Undo and Redo actions for a window's Edit menu, following this form's stack.

        They carry no shortcut: the form handles Ctrl+Z / Ctrl+Shift+Z itself, and a second
        binding of the same keys would make them ambiguous."""
        undo = self.undo_stack.createUndoAction(parent, self.tr("&Undo"))
        redo = self.undo_stack.createRedoAction(parent, self.tr("&Redo"))
        return undo, redo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Text boxes have their own undo; the form's stack takes Ctrl+Z over."""
        if event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            assert isinstance(event, QKeyEvent)
            combo = QKeySequence(event.keyCombination())
            is_undo = combo.matches(QKeySequence(QKeySequence.StandardKey.Undo)) == (
                QKeySequence.SequenceMatch.ExactMatch
            )
            is_redo = any(
                combo.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in REDO_KEYS
            )
            if is_undo or is_redo:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    (self.undo_stack.undo if is_undo else self.undo_stack.redo)()
                return True
        return super().eventFilter(watched, event)

    # --- loading and state -------------------------------------------------------------

    def _load(self, initial: dict[str, Any]) -> None:
        if self.record_id:
            kind, self.content = records.load(self.ws, self.record_id)
            if kind != self.type_name:
                raise AcesError(f"Record {self.record_id} is a {kind}, not a {self.type_name}.")
        else:
            self.content = {f.name: f.empty() for f in self.rt.fields}
            self.content.update(initial)
        self._applying = True
        try:
            for name, editor in self.editors.items():
                editor.set_value(self.content.get(name))
                self._states[name] = editor.state()
        finally:
            self._applying = False
        for ref_name, type_name in POLYMORPHIC.items():
            sibling = self.content.get(type_name)
            ref = self.editors.get(ref_name)
            if sibling and isinstance(ref, RefEditor):
                ref.set_targets((str(sibling),))
                ref.set_state(self.content.get(ref_name))
        self._show_heading()
        self._apply_sealed()

    def _show_heading(self) -> None:
        if self.record_id:
            found = records.label(self.ws, self.record_id)
            title = found.label if found else schema.title_of(self.type_name, self.content)
            self.heading.setText(f"{type_label(self.type_name)}: {title}")
        else:
            self.heading.setText(fill(self.tr("New %1"), type_label(self.type_name).lower()))

    @property
    def sealed(self) -> bool:
        return bool(self.content.get("sealed"))

    def _apply_sealed(self) -> None:
        sealed = self.sealed
        for editor in self.editors.values():
            editor.set_read_only(sealed)
        if sealed:
            self._show_banner(
                fill(
                    self.tr(
                        "This %1 is sealed: its record is final and cannot be changed. "
                        "Use Amend to record a correction."
                    ),
                    type_label(self.type_name).lower(),
                ),
                BANNER_SEALED,
            )
        self._update_buttons()

    def _update_buttons(self) -> None:
        sealed = self.sealed
        self.save_button.setEnabled(not sealed)
        self.delete_button.setVisible(bool(self.record_id))
        self.delete_button.setEnabled(not sealed)
        self.seal_button.setVisible(
            self.type_name == "visit" and bool(self.record_id) and not sealed
        )
        self.seal_button.setEnabled(not sealed and self.undo_stack.isClean())
        self.amend_button.setVisible(sealed and self.type_name in schema.AMENDMENT_TARGETS)
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        self.redo_button.setEnabled(self.undo_stack.canRedo())

    def _show_banner(self, text: str, style: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style)
        self.banner.setVisible(bool(text))

    def states(self) -> dict[str, Any]:
        return {name: editor.state() for name, editor in self.editors.items()}

    def _edited(self, name: str) -> None:
        if self._applying:
            return
        new = self.editors[name].state()
        old = self._states.get(name)
        if new == old:
            return
        self._states[name] = new
        text = fill(self.tr("Edit %1"), field_label(self.rt.by_name[name]))
        self.undo_stack.push(FieldEdit(self, name, old, new, text))
        self._changed(name)

    def apply_state(self, name: str, state: Any) -> None:
        """Show ``state`` in a field without recording an edit (undo, redo, drafts)."""
        self._applying = True
        try:
            self.editors[name].set_state(state)
            self._states[name] = self.editors[name].state()
        finally:
            self._applying = False
        self.editors[name].focus_widget().setFocus()
        self._changed(name)

    def _changed(self, name: str) -> None:
        self.check_field(name)
        self._update_buttons()
        self._draft_timer.start()

    # --- validation and saving ---------------------------------------------------------

    def _value(self, name: str) -> Any:
        return self.editors[name].value()

    def current_values(self) -> dict[str, Any]:
        """Every field's value; fields that cannot be read are left out."""
        values = {k: v for k, v in self.content.items() if k in HIDDEN_FIELDS}
        for name in self.editors:
            with contextlib.suppress(InputProblem):
                values[name] = self._value(name)
        return values

    def check_field(self, name: str) -> str | None:
        try:
            value = self._value(name)
        except InputProblem as problem:
            message: str | None = str(problem)
        else:
            message = schema.validate_field(self.type_name, name, value, self.current_values())
        self.show_problem(name, message)
        return message

    def show_problem(self, name: str, message: str | None) -> None:
        label = self.errors[name]
        label.setText(f"⚠ {translate_text(message)}" if message else "")
        label.setVisible(bool(message))

    def save(self) -> str | None:
        """Validate and write the record in one transaction; returns its id, or None."""
        if self.sealed:
            return None
        values = {k: v for k, v in self.content.items() if k in HIDDEN_FIELDS}
        first_bad: str | None = None
        for name in self.editors:
            try:
                values[name] = self._value(name)
                self.show_problem(name, None)
            except InputProblem as problem:
                self.show_problem(name, str(problem))
                first_bad = first_bad or name
        if first_bad:
            self._fail(first_bad)
            return None
        old_id = self.record_id
        try:
            record_id = ui_ops.applied(
                self.ws,
                records.save(self.ws, self.type_name, values, old_id, wait=ui_ops.UI_WRITE_WAIT_S),
            )
        except ValidationError as exc:
            other = []
            for found in exc.problems:
                if found.field in self.editors:
                    self.show_problem(found.field, sentence(found.message))
                    first_bad = first_bad or found.field
                else:
                    other.append(f"{field_label(found.field)}: {translate_text(found.message)}")
            self._fail(first_bad, "; ".join(other))
            return None
        except AcesError as exc:
            self._fail(None, error_text(exc))
            return None
        self._draft_timer.stop()
        self.record_id = record_id
        self._load({})
        self.undo_stack.setClean()
        self.draft_bar.setVisible(False)
        if not self.sealed:
            self._show_banner("", "")
        self._update_buttons()
        self.saved.emit(self.type_name, record_id)
        return record_id

    def _fail(self, field_name: str | None, message: str = "") -> None:
        text = message or self.tr("Nothing was saved: correct the fields marked below.")
        self._show_banner(text, BANNER_ERROR)
        if field_name:
            self.editors[field_name].focus_widget().setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        """A form closed or hidden (e.g. by the lock) keeps its pending draft."""
        self.flush_draft()
        super().hideEvent(event)

    def flush_draft(self) -> None:
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self.save_draft(wait=ui_ops.UI_WRITE_WAIT_S)

    # --- drafts ------------------------------------------------------------------------

    def save_draft(self, wait: float = 0.0) -> None:
        """Keep the unsaved form contents (encrypted, in the workspace database).

        The timer's saves never wait for the writer (during a merge the next edit tries
        again); a form that closes or locks waits a moment."""
        if self.sealed:
            return
        try:
            states = None if self.undo_stack.isClean() else self.states()
            records.keep_draft(self.ws, self.type_name, self.record_id, states, wait=wait)
        except AcesError:
            pass  # locked meanwhile: the form still holds the contents

    def _offer_draft(self) -> None:
        if self.sealed:
            return
        draft = records.load_draft(self.ws, self.type_name, self.record_id)
        if draft is None:
            return
        self._draft = draft
        when = draft.saved_at[:16].replace("T", " ")
        self.draft_bar.offer(
            fill(self.tr("Unsaved changes from %1 (UTC) were kept as a draft."), when)
        )

    def restore_draft(self) -> None:
        draft = self._draft
        if draft is None:
            return
        self.undo_stack.beginMacro(self.tr("Restore draft"))
        for name, state in draft.content.items():
            # Fields fixed by the caller (the record an amendment is for) stay as given.
            if name in self.editors and name not in self.fixed and state != self._states.get(name):
                old = self._states.get(name)
                self.apply_state(name, state)
                command = FieldEdit(self, name, old, self._states[name], "")
                self.undo_stack.push(command)
        self.undo_stack.endMacro()
        self.draft_bar.setVisible(False)

    def discard_draft(self) -> None:
        records.keep_draft(
            self.ws, self.type_name, self.record_id, None, wait=ui_ops.UI_WRITE_WAIT_S
        )
        self._draft = None
        self.draft_bar.setVisible(False)

    # --- delete, seal, amend -----------------------------------------------------------

    def _confirm(self, text: str, action: str, then: Any) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Please confirm"), text, parent=self)
        yes = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: then() if box.clickedButton() is yes else None)
        self.confirm_box = box
        box.open()
        return box

    def request_delete(self) -> QMessageBox:
        text = self.tr("Delete the %1 '%2'? Its history is kept, but it disappears from lists.")
        found = records.label(self.ws, self.record_id) if self.record_id else None
        name = found.label if found else self.record_id or ""
        return self._confirm(
            fill(text, type_label(self.type_name).lower(), name), self.tr("Delete"), self.delete
        )

    def delete(self) -> bool:
        if not self.record_id:
            return False
        try:
            ui_ops.applied(
                self.ws,
                records.delete(
                    self.ws, self.type_name, self.record_id, wait=ui_ops.UI_WRITE_WAIT_S
                ),
            )
        except AcesError as exc:
            self._fail(None, error_text(exc))
            return False
        self._draft_timer.stop()
        deleted_id, self.record_id = self.record_id, None
        for editor in self.editors.values():
            editor.set_read_only(True)
        self.save_button.setEnabled(False)
        self.delete_button.setEnabled(False)
        self._show_banner(self.tr("Deleted."), BANNER_INFO)
        self.deleted.emit(self.type_name, deleted_id)
        return True

    def request_seal(self) -> QMessageBox:
        text = self.tr(
            "Seal this visit? The visit, its findings and its worker notes become final: "
            "they can no longer be edited or deleted, only amended."
        )
        return self._confirm(text, self.tr("Seal visit"), self.seal)

    def seal(self) -> bool:
        if self.type_name != "visit" or not self.record_id:
            return False
        try:
            ui_ops.applied(
                self.ws, records.seal_visit(self.ws, self.record_id, wait=ui_ops.UI_WRITE_WAIT_S)
            )
        except AcesError as exc:
            self._fail(None, error_text(exc))
            return False
        self._load({})
        self.undo_stack.clear()
        self.saved.emit(self.type_name, self.record_id)
        return True

    def open_amendment(self) -> RecordEditorDialog:
        initial = {"target_type": self.type_name, "target_id": self.record_id}
        dialog = RecordEditorDialog(
            self.ws, "amendment", parent=self, initial=initial, fixed=tuple(initial)
        )
        self.amendment_dialog = dialog
        dialog.open()
        return dialog


class RecordEditorDialog(QDialog):
    """A RecordEditor in a dialog; closes after a successful save."""

    def __init__(
        self,
        workspace: Workspace,
        type_name: str,
        record_id: str | None = None,
        parent: QWidget | None = None,
        **options: Any,
    ) -> None:
        super().__init__(parent)
        self.editor = RecordEditor(workspace, type_name, record_id, self, **options)
        self.setWindowTitle(type_label(type_name))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.editor)
        self.editor.saved.connect(lambda *_: self.accept())
        self.editor.deleted.connect(lambda *_: self.accept())
        self.resize(640, 680)


def _new_record_form(ws: Workspace, type_name: str, parent: QWidget) -> RecordEditorDialog:
    return RecordEditorDialog(ws, type_name, parent=parent)


FORMS.new = _new_record_form
