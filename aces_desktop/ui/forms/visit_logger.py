"""The "New visit" flow for a factory floor: visit facts, indicator checklist, worker notes.

Everything is kept in the widgets until Finish, which writes the visit, its findings and its
worker notes in one transaction: a visit is never half saved.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError, ValidationError
from aces_desktop.core.messages import fill
from aces_desktop.core.reference import SOURCE_TYPES
from aces_desktop.ops import records
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms import record_editor  # noqa: F401 - gives the team picker New…
from aces_desktop.ui.forms.checklist import IndicatorChecklist
from aces_desktop.ui.forms.fields import DateEditor, EnumEditor, InputProblem, TextEditor
from aces_desktop.ui.forms.labels import choice_label
from aces_desktop.ui.forms.notices import DraftBar, reserve_space
from aces_desktop.ui.forms.pickers import RefEditor, RefsEditor
from aces_desktop.ui.forms.style import BANNER_ERROR, BANNER_INFO, ERROR_TEXT
from aces_desktop.ui.forms.visit_draft import DRAFT_TYPE, VisitDraftKeeper
from aces_desktop.ui.forms.visit_pending import PendingNote
from aces_desktop.ui.i18n import error_text, translate_text

VISIT, CHECKLIST, NOTES = range(3)


class VisitLogger(QWidget):
    visit_saved = Signal(str)
    notes_changed = Signal()
    attachments_requested = Signal(str, str)  # "visit", its id: photos and documents
    close_requested = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.notes: list[PendingNote] = []
        self.visit_id: str | None = None
        self.saved_message = ""
        outer = QVBoxLayout(self)
        self.step_label = QLabel(self)
        font = self.step_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.step_label.setFont(font)
        outer.addWidget(self.step_label)
        self.banner = QLabel(self)
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        outer.addWidget(self.banner)
        self.draft_bar = DraftBar(self.tr("Restore"), self.tr("Discard"), self)
        self.restore_button = self.draft_bar.restore_button
        self.discard_button = self.draft_bar.discard_button
        self.restore_button.clicked.connect(self.restore_draft)
        self.discard_button.clicked.connect(self.discard_draft)
        outer.addWidget(self.draft_bar)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._visit_page())
        self.pages.addWidget(self._checklist_page())
        self.pages.addWidget(self._notes_page())
        outer.addWidget(self.pages, 1)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(self.tr("&Back"), self)
        self.next_button = QPushButton(self.tr("&Next"), self)
        self.finish_button = QPushButton(self.tr("&Finish and save"), self)
        self.finish_button.setToolTip(self.tr("Save the visit, findings and notes (Ctrl+S)"))
        self.back_button.clicked.connect(lambda: self.go(self.pages.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go(self.pages.currentIndex() + 1))
        self.finish_button.clicked.connect(self.finish)
        # Shown once the visit is saved: its photos and documents, and leaving the flow.
        self.attach_button = QPushButton(self.tr("Add &photos and documents…"), self)
        self.attach_button.clicked.connect(
            lambda: self.attachments_requested.emit("visit", self.visit_id or "")
        )
        self.close_button = QPushButton(self.tr("&Close"), self)
        self.close_button.clicked.connect(self.close_requested)
        self.attach_button.setVisible(False)
        self.close_button.setVisible(False)
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.next_button)
        buttons.addWidget(self.finish_button)
        buttons.addWidget(self.close_button)
        outer.addLayout(buttons)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.Save, self, self.finish, context=context)
        self.drafts = VisitDraftKeeper(self)
        self._offer_draft()
        self.go(VISIT)

    # --- pages -------------------------------------------------------------------------

    def _visit_page(self) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        fields = schema.VISIT.by_name
        self.site = RefEditor(fields["site_id"], self.ws, page)
        self.site.set_accessible_name(self.tr("Site"))
        self.method = EnumEditor(fields["method"], page)
        self.method.set_accessible_name(self.tr("Visit method"))
        self.start_date = DateEditor(fields["start_date"], page)
        self.start_date.set_state(dt.date.today().isoformat())
        self.start_date.set_accessible_name(self.tr("Visit date"))
        self.team = RefsEditor(fields["team"], self.ws, page)
        self.team.set_accessible_name(self.tr("Team"))
        self.default_source = QComboBox(page)
        for code in SOURCE_TYPES:
            self.default_source.addItem(choice_label("source_type", code), code)
        self.default_source.setAccessibleName(self.tr("Default source type"))
        self.site_error = QLabel(page)
        self.site_error.setStyleSheet(ERROR_TEXT)
        self.method_error = QLabel(page)
        self.method_error.setStyleSheet(ERROR_TEXT)
        self.date_error = QLabel(page)
        self.date_error.setStyleSheet(ERROR_TEXT)
        for label in (self.site_error, self.method_error, self.date_error):
            label.setVisible(False)
            reserve_space(label)
        form.addRow(self._label(self.tr("&Site *"), self.site.focus_widget()), self.site)
        form.addRow("", self.site_error)
        form.addRow(self._label(self.tr("&Method *"), self.method.focus_widget()), self.method)
        form.addRow("", self.method_error)
        form.addRow(
            self._label(self.tr("&Date *"), self.start_date.focus_widget()), self.start_date
        )
        form.addRow("", self.date_error)
        form.addRow(self._label(self.tr("&Team"), self.team.focus_widget()), self.team)
        form.addRow(
            self._label(self.tr("Default s&ource"), self.default_source), self.default_source
        )
        return page

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _checklist_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel(
            self.tr(
                "Keys: 0–3 grade · N not checked · Tab or Enter next row · "
                "type to write a note · F4 source type"
            ),
            page,
        )
        hint.setWordWrap(True)
        self.checklist = IndicatorChecklist(page, self.default_source.currentData())
        self.default_source.currentIndexChanged.connect(
            lambda _i: self.checklist.set_default_source(self.default_source.currentData())
        )
        # What the indicator of the current row means, so the grade is given against it.
        self.definition = QLabel(page)
        self.definition.setWordWrap(True)
        self.definition.setTextFormat(Qt.TextFormat.RichText)
        self.definition.setFrameShape(QFrame.Shape.StyledPanel)
        self.definition.setMinimumHeight(self.definition.fontMetrics().lineSpacing() * 4 + 12)
        self.definition.setAccessibleName(self.tr("Definition of the indicator"))
        self.checklist.currentCellChanged.connect(lambda row, *_: self._show_definition(row))
        self.summary = TextEditor(schema.VISIT.by_name["summary"], page, lines=3)
        self.summary.set_accessible_name(self.tr("Summary of the visit"))
        summary_label = QLabel(self.tr("S&ummary of the visit"), page)
        summary_label.setBuddy(self.summary.focus_widget())
        layout.addWidget(hint)
        layout.addWidget(self.checklist, 1)
        layout.addWidget(self.definition)
        layout.addWidget(summary_label)
        layout.addWidget(self.summary)
        self._show_definition(self.checklist.currentRow())
        return page

    def _show_definition(self, row: int) -> None:
        indicator = self.checklist.indicator_at(row)
        if indicator is None:
            self.definition.setText("")
            return
        chinese = QLocale().language() == QLocale.Language.Chinese
        name = indicator.zh if chinese else indicator.en
        text = indicator.definition("zh" if chinese else "en")
        self.definition.setText(
            f"<b>{html.escape(indicator.code)} {html.escape(name)}</b><br>{html.escape(text)}"
        )

    def _notes_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        fields = schema.WORKER_NOTE.by_name
        self.pseudonym = QLineEdit(page)
        self.pseudonym.setPlaceholderText(self.tr("e.g. Worker K-17 (never a real name)"))
        self.pseudonym.setAccessibleName(self.tr("Pseudonym"))
        self.pseudonym.setMaxLength(100)
        self.consent = EnumEditor(fields["consent_scope"], page)
        self.consent.set_state("device")
        self.consent.set_accessible_name(self.tr("Consent scope"))
        self.narrative = QPlainTextEdit(page)
        self.narrative.setTabChangesFocus(True)
        self.narrative.setAccessibleName(self.tr("What the worker said"))
        self.narrative.setFixedHeight(self.narrative.fontMetrics().lineSpacing() * 5 + 12)
        self.add_note_button = QPushButton(self.tr("&Add worker note"), page)
        self.add_note_button.clicked.connect(self.add_note)
        self.note_error = QLabel(page)
        self.note_error.setStyleSheet(ERROR_TEXT)
        self.note_error.setVisible(False)
        reserve_space(self.note_error)
        form.addRow(self._label(self.tr("&Pseudonym *"), self.pseudonym), self.pseudonym)
        form.addRow(
            self._label(self.tr("&Consent scope"), self.consent.focus_widget()), self.consent
        )
        form.addRow(self._label(self.tr("Na&rrative"), self.narrative), self.narrative)
        form.addRow("", self.note_error)
        form.addRow("", self.add_note_button)
        self.note_list = QListWidget(page)
        self.note_list.setAccessibleName(self.tr("Worker notes of this visit"))
        self.remove_note_button = QPushButton(self.tr("Remove selected note"), page)
        self.remove_note_button.clicked.connect(self.remove_note)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Notes to be saved with the visit:"), page))
        layout.addWidget(self.note_list, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.remove_note_button)
        layout.addLayout(row)
        return page

    # --- navigation --------------------------------------------------------------------

    def go(self, page: int) -> None:
        page = max(VISIT, min(NOTES, page))
        if page > VISIT and self.pages.currentIndex() == VISIT and not self._check_visit_page():
            return
        self.pages.setCurrentIndex(page)
        titles = {
            VISIT: self.tr("New visit — 1 of 3: site, method, date, team"),
            CHECKLIST: self.tr("New visit — 2 of 3: indicator checklist"),
            NOTES: self.tr("New visit — 3 of 3: worker notes"),
        }
        self.step_label.setText(titles[page])
        self.back_button.setEnabled(page > VISIT)
        self.next_button.setEnabled(page < NOTES)
        focus = {
            VISIT: self.site.focus_widget(),
            CHECKLIST: self.checklist,
            NOTES: self.pseudonym,
        }[page]
        focus.setFocus()

    def _check_visit_page(self) -> bool:
        ok = True
        site_problem = None
        try:
            if not self.site.value():
                site_problem = self.tr("Choose the site you visited.")
        except InputProblem as problem:
            site_problem = str(problem)
        self.site_error.setText(f"⚠ {site_problem}" if site_problem else "")
        self.site_error.setVisible(bool(site_problem))
        method_problem = None if self.method.state() else self.tr("Choose how the visit was made.")
        self.method_error.setText(f"⚠ {method_problem}" if method_problem else "")
        self.method_error.setVisible(bool(method_problem))
        date_problem = schema.validate_field("visit", "start_date", self.start_date.value(), {})
        self.date_error.setText(f"⚠ {translate_text(date_problem)}" if date_problem else "")
        self.date_error.setVisible(bool(date_problem))
        if site_problem:
            self.site.focus_widget().setFocus()
            ok = False
        elif method_problem:
            self.method.focus_widget().setFocus()
            ok = False
        elif date_problem:
            self.start_date.focus_widget().setFocus()
            ok = False
        return ok

    # --- worker notes ------------------------------------------------------------------

    def add_note(self) -> bool:
        note = PendingNote(
            self.pseudonym.text().strip(),
            self.consent.state() or "device",
            self.narrative.toPlainText().strip(),
        )
        problem = schema.validate_field("worker_note", "pseudonym", note.pseudonym, {})
        self.note_error.setText(f"⚠ {translate_text(problem)}" if problem else "")
        self.note_error.setVisible(bool(problem))
        if problem:
            self.pseudonym.setFocus()
            return False
        self.notes.append(note)
        self.note_list.addItem(note.describe())
        self.notes_changed.emit()
        self.pseudonym.clear()
        self.narrative.clear()
        self.consent.set_state("device")
        self.pseudonym.setFocus()
        return True

    def remove_note(self) -> None:
        row = self.note_list.currentRow()
        if row >= 0:
            self.note_list.takeItem(row)
            del self.notes[row]
            self.notes_changed.emit()

    def set_notes(self, notes: list[PendingNote]) -> None:
        self.notes = list(notes)
        self.note_list.clear()
        self.note_list.addItems([n.describe() for n in self.notes])

    # --- drafts ------------------------------------------------------------------------

    def _offer_draft(self) -> None:
        draft = self.drafts.load()
        if draft is None:
            return
        when = draft.saved_at[:16].replace("T", " ")
        self.draft_bar.offer(
            fill(self.tr("A visit you were logging on %1 (UTC) was not finished."), when)
        )

    def restore_draft(self) -> None:
        draft = self.drafts.load()
        if draft is not None:
            self.drafts.restore(draft.content)
        self.draft_bar.setVisible(False)

    def discard_draft(self) -> None:
        self.drafts.discard()
        self.draft_bar.setVisible(False)

    def hideEvent(self, event: QHideEvent) -> None:
        self.drafts.flush()
        super().hideEvent(event)

    # --- saving ------------------------------------------------------------------------

    def records(self) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
        """The visit, findings and worker notes the flow would save (ids of the visit left
        out: they are known only when it is written)."""
        site_id = self.site.value()
        visit = {
            "site_id": site_id,
            "start_date": self.start_date.value(),
            "method": self.method.state(),
            "team": self.team.value(),
            "summary": self.summary.value(),
        }
        findings = [
            {
                "site_id": site_id,
                "indicator": row.indicator,
                "grade": row.grade,
                "narrative": row.note or None,
                "source_type": row.source_type,
                "observed_on": self.start_date.value(),
            }
            for row in self.checklist.rows()
            if row.grade is not None or row.note
        ]
        notes = [
            {
                "site_id": site_id,
                "pseudonym": n.pseudonym,
                "consent_scope": n.consent_scope,
                "narrative": n.narrative or None,
                "interviewed_on": self.start_date.value(),
            }
            for n in self.notes
        ]
        return visit, findings, notes

    def finish(self) -> str | None:
        if self.visit_id:
            return self.visit_id
        if not self._check_visit_page():
            self.go(VISIT)
            return None
        if self.pseudonym.text().strip() and not self.add_note():
            return None
        visit, findings, notes = self.records()
        try:
            visit_id = ui_ops.applied(
                self.ws,
                records.log_visit(
                    self.ws,
                    visit,
                    findings,
                    notes,
                    draft_type=DRAFT_TYPE,
                    wait=ui_ops.UI_WRITE_WAIT_S,
                ),
            )
        except ValidationError as exc:
            self._banner(fill(self.tr("Nothing was saved: %1"), error_text(exc)), BANNER_ERROR)
            return None
        except AcesError as exc:
            self._banner(error_text(exc), BANNER_ERROR)
            return None
        self.visit_id = visit_id
        self.drafts.timer.stop()
        self.draft_bar.setVisible(False)
        self._banner(
            fill(
                self.tr("Saved: the visit with %1 findings and %2 worker notes."),
                len(findings),
                len(notes),
            ),
            BANNER_INFO,
        )
        for button in (self.finish_button, self.next_button, self.back_button):
            button.setEnabled(False)
        self.finish_button.setVisible(False)
        self.next_button.setVisible(False)
        self.attach_button.setVisible(True)
        self.close_button.setVisible(True)
        self.close_button.setFocus()
        self.pages.setEnabled(False)
        self.saved_message = fill(
            self.tr("Visit saved: %1 findings and %2 worker notes."), len(findings), len(notes)
        )
        self.visit_saved.emit(visit_id)
        return visit_id

    def _banner(self, text: str, style: str) -> None:
        self.banner.setText(text)
        self.banner.setStyleSheet(style)
        self.banner.setVisible(True)
