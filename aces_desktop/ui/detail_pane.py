"""A read-only view of one record's fields, shown beside a list until the record editor
(the forms package) replaces it for editing; below them, the record's links (``ui.links``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.labels import choice_label, field_label, type_label
from aces_desktop.ui.i18n import error_text
from aces_desktop.ui.links import LinksSection

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class DetailPane(QScrollArea):
    assess_requested = Signal(str, str)  # initiative or company, its id
    attachments_requested = Signal(str, str)  # record type, record id

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.record: tuple[str, str] | None = None
        self.setWidgetResizable(True)
        self.setMinimumWidth(280)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        outer = QVBoxLayout(body)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.heading.setStyleSheet("font-size: 15px; font-weight: 600;")
        outer.addWidget(self.heading)
        self.attachments_button = QPushButton()
        self.attachments_button.clicked.connect(
            lambda: self.attachments_requested.emit(*self.record) if self.record else None
        )
        self.attachments_button.setVisible(False)
        outer.addWidget(self.attachments_button, 0, Qt.AlignmentFlag.AlignLeading)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        outer.addLayout(self.form)
        outer.addStretch(1)
        self._outer = outer
        self._links: LinksSection | None = None  # built with the first record shown
        self.setWidget(body)
        self.retranslate()

    @property
    def links(self) -> LinksSection:
        """The record's links (hidden until a record with links is shown): built when first
        needed, not with the window (six tables are a few per cent of start-up)."""
        if self._links is None:
            self._links = LinksSection(self.workspace, self.widget())
            self._links.setVisible(False)  # until show_record finds links to show
            self._outer.insertWidget(self._outer.count() - 1, self._links)  # above the stretch
        return self._links

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Record details"))
        self.attachments_button.setText(self.tr("Photos and documents…"))
        if self.record:
            self.show_record(*self.record)
        else:
            self.heading.setText(self.tr("Select a record to see its details."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def clear(self) -> None:
        self.record = None
        self.attachments_button.setVisible(False)
        while self.form.rowCount():
            self.form.removeRow(0)
        if self._links is not None:
            self._links.clear()
        self.heading.setText(self.tr("Select a record to see its details."))

    def show_record(self, type_name_: str, record_id: str) -> None:
        self.clear()
        if self.workspace.locked:
            return
        try:
            from aces_desktop.sync.provenance import revoked_authors  # not at start-up

            def read(s: Session) -> tuple[dict[str, Any], dict[str, str], Any]:
                _, content = self.workspace.records.get(s, record_id)
                titles = {
                    ref: self._title(s, ref)
                    for _, _, ref in schema.referenced_ids(type_name_, content)
                }
                return content, titles, revoked_authors(s, [record_id]).get(record_id)

            content, titles, revoked = ui_ops.query(self.workspace, read)
        except AcesError as exc:
            self.heading.setText(error_text(exc))
            return
        self.record = (type_name_, record_id)
        self.attachments_button.setVisible(type_name_ in schema.ATTACHMENT_OWNERS)
        title = schema.title_of(type_name_, content)
        self.heading.setText(f"{type_label(type_name_)}: {title}")
        if type_name_ in schema.SUBJECT_TYPES:
            assess = QPushButton(self.tr("A&ssess: criteria and evidence…"))
            assess.setToolTip(self.tr("Rate it criterion by criterion (Ctrl+Shift+R)"))
            assess.clicked.connect(lambda: self.assess_requested.emit(type_name_, record_id))
            self.form.addRow(assess)
        if revoked:
            warning = QLabel("⚠ " + fill(self.tr("Written by a revoked device: %1"), revoked))
            warning.setWordWrap(True)
            warning.setStyleSheet("color: darkred; font-weight: bold")
            self.form.addRow(warning)
        for f in schema.record_type(type_name_).fields:
            text = self._format(f, content.get(f.name), titles)
            if not text:
                continue
            value = QLabel(text)
            value.setWordWrap(True)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label = QLabel(field_label(f))
            label.setBuddy(value)
            self.form.addRow(label, value)
        self.links.show_record(type_name_, record_id)

    def _title(self, s: Any, record_id: str) -> str:
        try:
            ref_type, content = self.workspace.records.get(s, record_id)
        except AcesError:
            return self.tr("(missing record)")
        return schema.title_of(ref_type, content)

    def _format(self, f: schema.Field, value: Any, titles: dict[str, str]) -> str:
        if value is None or value == [] or value == {}:
            return ""
        if f.kind == schema.REF:
            return titles.get(value, str(value))
        if f.kind == schema.REFS:
            return ", ".join(titles.get(v, str(v)) for v in value)
        if f.kind == schema.NAMES:
            return "; ".join(f"{n['text']} ({n.get('lang', '')})" for n in value)
        if f.kind == schema.STRS:
            return ", ".join(str(v) for v in value)
        if f.kind == schema.BOOL:
            return self.tr("Yes") if value else self.tr("No")
        if f.kind == schema.FACTS:
            return ", ".join(f"{k}: {v}" for k, v in value.items())
        if f.kind == schema.ENUM:
            return choice_label(f.name, str(value))
        return str(value)
