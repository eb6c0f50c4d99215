"""The Links section of a company's, an initiative's or a site's page: its company–site
links, memberships and coverage in small tables, added, edited and removed right there.

Add… and Edit… open the record form of the link (``RecordEditorDialog``) with this record
fixed and a type-ahead picker for the other end; Remove… names both ends before it writes a
delete revision (``ops.links.remove``). The section reloads when an operation changes links
or the names they show, and only then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.ops import Changes
from aces_desktop.ops import links as link_ops
from aces_desktop.ops.links import LINK_KINDS, LINK_PAGE_TYPES, Link, LinkKind
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import dialogs
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.labels import choice_label, field_label, type_label
from aces_desktop.ui.i18n import error_text
from aces_desktop.ui.row_models import RowTableModel

if TYPE_CHECKING:  # the form is imported when first opened, not at start-up
    from aces_desktop.ui.forms.record_editor import RecordEditorDialog

PERIOD = "period"  # start – end in one column
# The fields shown beside the other end's name, per link type (the rest is in the form).
SHOWN_FIELDS: dict[str, tuple[str, ...]] = {
    "company_site": ("relation", "tier", PERIOD),
    "membership": ("status", PERIOD),
    "coverage": ("workers_covered", PERIOD),
}
PERIOD_FIELDS: dict[str, tuple[str, str]] = {
    "company_site": ("period_start", "period_end"),
    "membership": ("since", "until"),
    "coverage": ("since", "until"),
}


class LinkTableModel(RowTableModel[Link]):
    """The links of one kind: the record at the other end, then the link's own fields."""

    def __init__(self, kind: LinkKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.fields = SHOWN_FIELDS[kind.link_type]

    def headers(self) -> list[str]:
        short = {PERIOD: self.tr("Period"), "workers_covered": self.tr("Workers")}
        return [type_label(self.kind.other_type)] + [
            short.get(f) or field_label(f) for f in self.fields
        ]

    def text(self, row: Link, column: int) -> str:
        if column == 0:
            return row.other_name or self.tr("(missing record)")
        name = self.fields[column - 1]
        if name == PERIOD:
            start, end = (row.content.get(f) for f in PERIOD_FIELDS[self.kind.link_type])
            if start and end:
                return f"{start} – {end}"
            if start:
                return fill(self.tr("since %1"), str(start))
            return fill(self.tr("until %1"), str(end)) if end else ""
        value = row.content.get(name)
        if value is None:
            return ""
        f = schema.record_type(self.kind.link_type).by_name[name]
        if f.kind == schema.ENUM:
            return choice_label(name, str(value))
        if f.kind == schema.INT:
            return f"{value:,}" if name == "workers_covered" else str(value)
        return str(value)

    def sort_key(self, row: Link, column: int) -> Any:
        if column > 0 and isinstance(row.content.get(self.fields[column - 1]), int):
            return row.content[self.fields[column - 1]]
        return super().sort_key(row, column)

    def style(self, row: Link, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.text(row, column)
        numeric = column > 0 and self.fields[column - 1] in ("tier", "workers_covered")
        if role == Qt.ItemDataRole.TextAlignmentRole and numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class LinkTable(QTableView):
    """Enter edits the selected link, Delete removes it."""

    edit_pressed = Signal()
    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.currentIndex().isValid():
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_pressed.emit()
                return
            if event.key() == Qt.Key.Key_Delete:
                self.delete_pressed.emit()
                return
        super().keyPressEvent(event)


class LinkList(QWidget):
    """One kind of link of one record: a title, a table and Add…/Edit…/Remove…."""

    def __init__(self, workspace: Workspace, kind: LinkKind, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.kind = kind
        self.record_id = ""
        self.dialog: RecordEditorDialog | None = None
        self.confirm_box: QMessageBox | None = None
        self.title = QLabel(self)
        self.title.setStyleSheet("font-weight: 600;")
        self.model = LinkTableModel(kind, self)
        self.table = LinkTable(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.edit_pressed.connect(self.edit_selected)
        self.table.delete_pressed.connect(self.remove_selected)
        self.add_button = QPushButton(self)
        self.edit_button = QPushButton(self)
        self.remove_button = QPushButton(self)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.model.modelReset.connect(self._update)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update())

        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        titles = {
            "company_sites": self.tr("Sites (sources from, owns, supplies)"),
            "company_memberships": self.tr("Memberships of initiatives"),
            "initiative_members": self.tr("Member companies"),
            "initiative_coverage": self.tr("Sites covered"),
            "site_companies": self.tr("Companies linked to this site"),
            "site_coverage": self.tr("Initiatives covering this site"),
        }
        self.title.setText(titles[self.kind.key])
        self.table.setAccessibleName(titles[self.kind.key])
        self.add_button.setText(self.tr("Add…"))
        self.edit_button.setText(self.tr("Edit…"))
        self.remove_button.setText(self.tr("Remove…"))
        kind = type_label(self.kind.link_type).lower()  # mid-sentence
        self.add_button.setToolTip(fill(self.tr("Add a %1"), kind))
        self.edit_button.setToolTip(fill(self.tr("Edit the selected %1 (Enter)"), kind))
        self.remove_button.setToolTip(fill(self.tr("Remove the selected %1 (Delete)"), kind))
        self.model.retranslate()

    def set_links(self, record_id: str, found: list[Link]) -> None:
        self.record_id = record_id
        selected = self.selected()
        self.model.set_rows(found)
        rows = len(found)
        line = self.table.verticalHeader().defaultSectionSize()
        header = self.table.horizontalHeader().sizeHint().height()
        self.table.setFixedHeight(header + 6 + line * max(2, min(rows, 6)))
        if selected is not None:
            for number, link in enumerate(found):
                if link.id == selected.id:
                    self.table.selectRow(number)

    def selected(self) -> Link | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def _update(self) -> None:
        has = self.selected() is not None
        self.edit_button.setEnabled(has)
        self.remove_button.setEnabled(has)

    # --- actions ---------------------------------------------------------------------------

    def _open(self, dialog: RecordEditorDialog) -> RecordEditorDialog:
        self.dialog = dialog
        lock = getattr(self.window(), "lock_action", None)
        if isinstance(lock, QAction):  # the form is modal: Ctrl+L still locks
            dialog.addAction(lock)
        dialog.finished.connect(lambda _r: dialog.deleteLater())
        dialog.open()
        return dialog

    def add(self) -> RecordEditorDialog | None:
        from aces_desktop.ui.forms.record_editor import RecordEditorDialog

        if not self.record_id:
            return None
        own = self.kind.own_field
        return self._open(
            RecordEditorDialog(
                self.ws,
                self.kind.link_type,
                parent=self.window(),
                initial={own: self.record_id},
                fixed=(own,),
            )
        )

    def edit_selected(self) -> RecordEditorDialog | None:
        from aces_desktop.ui.forms.record_editor import RecordEditorDialog

        link = self.selected()
        if link is None:
            return None
        return self._open(
            RecordEditorDialog(
                self.ws,
                link.type_name,
                link.id,
                parent=self.window(),
                fixed=(self.kind.own_field,),
            )
        )

    def confirmation(self, link: Link) -> str:
        """The question before a link is removed, naming both its ends."""
        type_name, first, second = link_ops.describe(self.ws, link.id)
        if type_name == "membership":  # initiative, company
            text = fill(self.tr("Remove the membership of %1 in %2?"), second, first)
        elif type_name == "coverage":  # initiative, site
            text = fill(self.tr("Remove the coverage of %1 by %2?"), second, first)
        else:  # company, site
            relation = choice_label("relation", str(link.content.get("relation") or ""))
            text = fill(self.tr("Remove the link %1 — %2 (%3)?"), first, second, relation)
        return text + " " + self.tr("Its history is kept, and the removal syncs like any change.")

    def remove_selected(self) -> QMessageBox | None:
        link = self.selected()
        if link is None:
            return None
        try:
            text = self.confirmation(link)
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Please confirm"), text, parent=self)
        yes = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.finished.connect(lambda _r: self.remove(link) if box.clickedButton() is yes else None)
        self.confirm_box = box
        box.open()
        return box

    def remove(self, link: Link) -> bool:
        try:
            ui_ops.applied(
                self.ws,
                link_ops.remove(self.ws, link.type_name, link.id, wait=ui_ops.UI_WRITE_WAIT_S),
            )
        except AcesError as exc:
            dialogs.show_error(self, error_text(exc))
            return False
        return True


class LinksSection(QWidget):
    """Every kind of link of the record shown (none for other record types)."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.record: tuple[str, str] | None = None
        self.reloads = 0  # tests read it: a save reloads only the views it touches
        self.heading = QLabel(self)
        self.heading.setStyleSheet("font-size: 14px; font-weight: 600; margin-top: 8px;")
        self.lists: dict[str, LinkList] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        for kinds in LINK_KINDS.values():
            for kind in kinds:
                self.lists[kind.key] = LinkList(workspace, kind, self)
                layout.addWidget(self.lists[kind.key])
        ui_ops.hooks.changed.connect(self._changed)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Links"))
        for lst in self.lists.values():
            lst.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def clear(self) -> None:
        if self.record is None and self.isHidden():
            return  # already clear: every list reload clears the details
        self.record = None
        for lst in self.lists.values():
            lst.set_links("", [])
        self.setVisible(False)

    def show_record(self, type_name: str, record_id: str) -> None:
        kinds = LINK_KINDS.get(type_name)
        if not kinds:
            self.clear()
            return
        self.record = (type_name, record_id)
        shown = {k.key for k in kinds}
        for key, lst in self.lists.items():
            lst.setVisible(key in shown)
        self.reload()
        self.setVisible(True)

    def reload(self) -> None:
        if self.record is None or self.ws.locked:
            return
        type_name, record_id = self.record
        try:
            found = link_ops.links_of(self.ws, type_name, record_id)
        except AcesError:
            return
        self.reloads += 1
        for key, links in found.items():
            self.lists[key].set_links(record_id, links)

    def _changed(self, workspace: Workspace, changes: Changes) -> None:
        touched = changes.everything or bool(changes.types & LINK_PAGE_TYPES)
        if workspace is self.ws and self.record is not None and touched:
            self.reload()
