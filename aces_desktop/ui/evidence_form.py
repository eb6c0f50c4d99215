"""The evidence form: evidence for one criterion of an initiative or a company, with the
level chosen while reading what each level means, the facts the scoring rules read for that
criterion (``core.assessment.facts_for``) and a source document stored encrypted with its
SHA-256. It saves through ``ops.assessment.add_evidence``, the same checks as
``aces evidence add``."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import schema
from aces_desktop.core.assessment import FactKind, facts_for, level_from_fact, parse_fact
from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.core.rubric import Criterion, Rubric, default_rubric
from aces_desktop.ops import assessment, records
from aces_desktop.store.attachments import read_file
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.fields import DateEditor, EnumEditor
from aces_desktop.ui.forms.labels import criterion_name, level_text
from aces_desktop.ui.forms.pickers import RecordPicker
from aces_desktop.ui.forms.style import BANNER_ERROR
from aces_desktop.ui.i18n import error_text

LEVEL_ROLE = Qt.ItemDataRole.UserRole + 2


def subject_criteria(rubric: Rubric, kind: str) -> list[Criterion]:
    """The criteria that rate ``kind``, in the rubric's order (the legal statement last)."""
    if kind == "initiative":
        ids = list(rubric.initiative_criteria())
    else:
        ids = [*rubric.company_criteria, rubric.statement_criterion]
    return [rubric.criteria[c] for c in ids]


class LevelChooser(QListWidget):
    """The levels a criterion describes, each with its meaning; arrow keys choose one."""

    def set_criterion(self, crit: Criterion) -> None:
        self.clear()
        for level, text in enumerate(crit.levels):
            if not text:
                continue
            item = QListWidgetItem(f"{level} — {level_text(crit.id, level)}")
            item.setData(LEVEL_ROLE, level)
            item.setToolTip(level_text(crit.id, level))
            self.addItem(item)

    def level(self) -> int | None:
        item = self.currentItem()
        return None if item is None else int(item.data(LEVEL_ROLE))

    def set_level(self, level: int | None) -> None:
        for row in range(self.count()):
            item = self.item(row)
            if item is not None and item.data(LEVEL_ROLE) == level:
                self.setCurrentRow(row)
                return
        self.setCurrentRow(-1)


class EvidenceForm(QDialog):
    """Evidence for one criterion of an initiative or company: level (read while choosing),
    source, date, web address, description, the facts the rules read, a source document.
    Enter saves, Esc cancels."""

    saved = Signal(str)  # id of the new evidence record

    def __init__(
        self,
        workspace: Workspace,
        subject_type: str,
        subject_id: str,
        criterion: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.rubric = default_rubric()
        self.document: Path | None = None
        self.fact_widgets: dict[str, QWidget] = {}
        _kind, content = records.load(workspace, subject_id)
        self.subject_name = str(content.get("name") or subject_id)
        self.setWindowTitle(fill(self.tr("Add evidence — %1"), self.subject_name))
        self.resize(760, 680)

        layout = QVBoxLayout(self)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.banner)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(self.form)

        self.criterion = QComboBox(self)
        for crit in subject_criteria(self.rubric, subject_type):
            self.criterion.addItem(f"{crit.id} — {criterion_name(crit.id)}", crit.id)
        self._row(self.tr("&Criterion:"), self.criterion)
        self.levels = LevelChooser(self)
        self.levels.setMinimumHeight(self.levels.fontMetrics().lineSpacing() * 6 + 16)
        self.levels.setAccessibleName(self.tr("Level the evidence shows"))
        self._row(self.tr("&Level:"), self.levels)
        self.source = EnumEditor(schema.EVIDENCE.by_name["source_type"], self)
        self._row(self.tr("&Source:"), self.source.combo, self.source)
        self.kind = EnumEditor(schema.EVIDENCE.by_name["kind"], self)
        self.kind.set_state("document")
        self._row(self.tr("&Kind of evidence:"), self.kind.combo, self.kind)
        self.date = DateEditor(schema.EVIDENCE.by_name["evidence_date"], self)
        self.date.set_state(dt.date.today().isoformat())
        self._row(self.tr("&Date of the evidence:"), self.date.edit, self.date)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://…")
        self._row(self.tr("&Web address:"), self.url)
        self.description = QLineEdit(self)
        self.description.setPlaceholderText(self.tr("What the evidence shows"))
        self._row(self.tr("D&escription:"), self.description)
        self.facts_at = self.form.rowCount()  # the facts of the criterion go here
        doc_row = QWidget(self)
        doc_layout = QHBoxLayout(doc_row)
        doc_layout.setContentsMargins(0, 0, 0, 0)
        self.document_button = QPushButton(self.tr("Choose a &file…"), doc_row)
        self.document_button.setAutoDefault(False)
        self.document_button.clicked.connect(self.choose_document)
        self.document_label = QLabel(self.tr("No file (a PDF, a saved web page, a picture)"))
        self.document_label.setWordWrap(True)
        doc_layout.addWidget(self.document_button)
        doc_layout.addWidget(self.document_label, 1)
        doc_label = QLabel(self.tr("Source document:"), self)
        doc_label.setBuddy(self.document_button)
        self.form.addRow(doc_label, doc_row)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.criterion.currentIndexChanged.connect(lambda _i: self._criterion_changed())
        index = max(0, self.criterion.findData(criterion.upper()))
        self.criterion.setCurrentIndex(index)
        self._criterion_changed()
        self.levels.setFocus()

    def _row(self, text: str, buddy: QWidget, shown: QWidget | None = None) -> None:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        self.form.addRow(label, shown or buddy)

    # --- criterion and its facts -----------------------------------------------------------

    def current_criterion(self) -> str:
        return str(self.criterion.currentData() or "")

    def _criterion_changed(self) -> None:
        crit = self.rubric.criteria[self.current_criterion()]
        self.levels.set_criterion(crit)
        for widget in self.fact_widgets.values():
            self.form.removeRow(widget)
        self.fact_widgets = {}
        for row, (key, kind) in enumerate(facts_for(self.rubric, crit.id).items()):
            widget = self._fact_widget(key, kind)
            self.fact_widgets[key] = widget
            if isinstance(widget, QCheckBox):
                self.form.insertRow(self.facts_at + row, "", widget)
            else:
                label = QLabel(self._fact_label(key), self)
                label.setBuddy(widget.edit if isinstance(widget, RecordPicker) else widget)
                self.form.insertRow(self.facts_at + row, label, widget)
        self._tab_order()

    def _fact_label(self, key: str) -> str:
        return {
            "workers_covered": self.tr("Wor&kers covered:"),
            "workforce_share_percent": self.tr("Share of the &workforce (%):"),
            "region": self.tr("&Region of the audits:"),
            "initiative_id": self.tr("Credit through the &initiative:"),
        }.get(key, key)

    def _fact_widget(self, key: str, kind: FactKind) -> QWidget:
        if kind is FactKind.YES_NO:
            text = {
                "published": self.tr("&Published"),
                "board_approved": self.tr("&Board approved"),
                "signed": self.tr("Si&gned"),
            }.get(key, key)
            return QCheckBox(text, self)
        if kind is FactKind.RECORD_ID:
            picker = RecordPicker(self.ws, ("initiative",), self)
            return picker
        edit = QLineEdit(self)
        if kind is FactKind.NUMBER:
            edit.setPlaceholderText(self.tr("a plain number, e.g. 150000 or 12.5"))
            edit.textEdited.connect(lambda text, k=key: self._figure_typed(k, text))
        else:
            edit.setPlaceholderText(self.tr("e.g. CN-XJ or Xinjiang"))
        return edit

    def _figure_typed(self, key: str, text: str) -> None:
        """A threshold criterion's level follows from its figure: choose it at once."""
        try:
            _key, value = parse_fact(f"{key}={text}", self.rubric)
        except ValueError:
            return
        level = level_from_fact(self.rubric, self.current_criterion(), float(value))
        if level is not None:
            self.levels.set_level(level)

    def _tab_order(self) -> None:
        chain: list[QWidget] = [
            self.criterion,
            self.levels,
            self.source.combo,
            self.kind.combo,
            self.date.edit,
            self.url,
            self.description,
        ]
        for widget in self.fact_widgets.values():
            chain.append(widget.edit if isinstance(widget, RecordPicker) else widget)
        chain += [self.document_button, *self.buttons.buttons()]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --- values and saving -----------------------------------------------------------------

    def choose_document(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Source document"),
            "",
            self.tr("Documents (*.pdf *.html *.htm *.png *.jpg *.jpeg *.webp);;All files (*)"),
        )
        if chosen:
            self.set_document(Path(chosen))

    def set_document(self, path: Path | None) -> None:
        self.document = path
        self.document_label.setText(
            path.name if path else self.tr("No file (a PDF, a saved web page, a picture)")
        )

    def facts(self) -> dict[str, Any]:
        """The facts as the scoring rules read them; ``ValueError`` names a bad one."""
        out: dict[str, Any] = {}
        for key, widget in self.fact_widgets.items():
            if isinstance(widget, QCheckBox):
                out[key] = widget.isChecked()
                continue
            text = ""
            if isinstance(widget, RecordPicker):
                text = widget.record_id
            elif isinstance(widget, QLineEdit):
                text = widget.text()
            if text.strip():
                _key, out[key] = parse_fact(f"{key}={text}", self.rubric)
        return out

    def values(self) -> dict[str, Any]:
        return {
            "subject_id": self.subject_id,
            "criterion": self.current_criterion(),
            "level": self.levels.level(),
            "source_type": self.source.state() or None,
            "kind": self.kind.state() or "document",
            "evidence_date": self.date.state().strip() or None,
            "url": self.url.text().strip() or None,
            "description": self.description.text().strip() or None,
            "facts": self.facts(),
        }

    def show_problem(self, text: str) -> None:
        self.banner.setText("⚠ " + text)
        self.banner.setStyleSheet(BANNER_ERROR)
        self.banner.setVisible(True)

    @Slot()
    def save(self) -> str | None:
        """Check and save; the form stays open with the problem shown if it cannot."""
        try:
            values = self.values()
        except ValueError as exc:
            self.show_problem(fill(self.tr("A fact cannot be used: %1"), str(exc)))
            return None
        try:
            document = None
            if self.document is not None:
                document = assessment.SourceDocument(read_file(self.document), self.document.name)
            added = ui_ops.applied(
                self.ws,
                assessment.add_evidence(
                    self.ws, values, self.rubric, document, wait=ui_ops.UI_WRITE_WAIT_S
                ),
            )
        except AcesError as exc:
            self.show_problem(error_text(exc))
            return None
        self.saved.emit(added.id)
        self.accept()
        return added.id
