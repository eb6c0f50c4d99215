"""The Assess view: every criterion of the rubric for one initiative or company, with the
level it earned, the evidence that earned it and what is unknown; evidence is added through
``EvidenceForm`` and the rating updates as soon as it is saved.

Everything is read and written through ``ops`` (``ops.assessment``, ``ops.publication``);
the view reloads when an operation changes what ratings rest on (``ui_ops.hooks``).
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aces_desktop import ops
from aces_desktop.core.errors import AcesError
from aces_desktop.core.messages import fill
from aces_desktop.core.rubric import Rubric, default_rubric
from aces_desktop.core.scoring import Result
from aces_desktop.ops import assessment, publication
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.evidence_form import EvidenceForm, subject_criteria
from aces_desktop.ui.forms.labels import choice_label, criterion_name, level_text, type_label
from aces_desktop.ui.forms.style import BANNER_INFO
from aces_desktop.ui.i18n import error_text
from aces_desktop.ui.ratings_models import company_rating_text, score_text

CRITERION_ROLE = Qt.ItemDataRole.UserRole + 1
# What a rating of an initiative or company rests on: a change to any of these re-rates it.
RATED_FROM = (
    "evidence",
    "attachment",
    "membership",
    "company_response",
    "initiative",
    "company",
    "publication",
)


class AssessView(QWidget):
    """One initiative's or company's criteria, levels, evidence and unknowns."""

    add_evidence_requested = Signal(str)  # criterion id

    def __init__(
        self,
        workspace: Workspace,
        subject_type: str,
        subject_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ws = workspace
        self.subject_type = subject_type
        self.subject_id = subject_id
        self.rubric = default_rubric()
        self.result: Result | None = None
        self.form: EvidenceForm | None = None
        self.decision: publication.Decision | None = None

        layout = QVBoxLayout(self)
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        self.rating = QLabel(self)
        self.rating.setWordWrap(True)
        self.rating.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rating.setStyleSheet(BANNER_INFO)
        layout.addWidget(self.rating)

        bar = QHBoxLayout()
        self.add_button = QPushButton(self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda: self.add_evidence())
        bar.addWidget(self.add_button)
        self.ready = QCheckBox(self)
        self.ready.toggled.connect(self._ready_toggled)
        self.ready.setVisible(workspace.role == "coordinator")
        bar.addWidget(self.ready)
        self.publication = QLabel(self)
        self.publication.setWordWrap(True)
        bar.addWidget(self.publication, 1)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.criteria = QTreeWidget(splitter)
        self.criteria.setColumnCount(3)
        self.criteria.setRootIsDecorated(True)
        self.criteria.setAlternatingRowColors(True)
        self.criteria.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.criteria.header().setStretchLastSection(False)
        self.criteria.currentItemChanged.connect(lambda *_: self._show_criterion())
        self.criteria.itemDoubleClicked.connect(lambda *_: self.add_evidence())
        self.criteria.installEventFilter(self)  # Enter on a criterion adds evidence for it
        self.details = QTextBrowser(splitter)
        self.details.setOpenExternalLinks(False)
        splitter.addWidget(self.criteria)
        splitter.addWidget(self.details)
        splitter.setSizes([520, 480])
        layout.addWidget(splitter, 1)
        QWidget.setTabOrder(self.criteria, self.add_button)
        QWidget.setTabOrder(self.add_button, self.ready)
        QWidget.setTabOrder(self.ready, self.details)

        ui_ops.hooks.changed.connect(self._changed)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.add_button.setText(self.tr("&Add evidence…"))
        self.add_button.setToolTip(
            self.tr("Add evidence for the selected criterion (or press Enter on it)")
        )
        self.ready.setText(self.tr("&Ready to publish"))
        self.ready.setToolTip(
            self.tr(
                "Only assessments a coordinator marked ready appear in the public register "
                "and in batch scorecards."
            )
        )
        self.criteria.setHeaderLabels([self.tr("Criterion"), self.tr("Level"), self.tr("Evidence")])
        self.criteria.setAccessibleName(self.tr("Criteria"))
        self.details.setAccessibleName(self.tr("Levels and evidence of the criterion"))
        if self.result is not None:
            self._fill()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.criteria
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.add_evidence()
            return True
        return super().eventFilter(watched, event)

    # --- loading -----------------------------------------------------------------------

    def _changed(self, workspace: Workspace, changes: ops.Changes) -> None:
        if not self.isVisible():
            return  # a closed view: the next one reads afresh
        if workspace is self.ws and any(changes.touches(t) for t in RATED_FROM):
            self.reload()

    def reload(self) -> None:
        if self.ws.locked:
            return
        try:
            self.result = assessment.rating_of(self.ws, self.subject_type, self.subject_id)
            self.decision = publication.decision_of(self.ws, self.subject_id)
        except AcesError as exc:
            self.heading.setText(error_text(exc))
            return
        self._fill()

    def _fill(self) -> None:
        r = self.result
        if r is None:
            return
        current = self.current_criterion()
        self.heading.setText(
            f"<b style='font-size: 15px'>{escape(r.subject_name)}</b> — "
            f"{escape(type_label(self.subject_type))}"
        )
        self.rating.setText(self._rating_text(r))
        self.criteria.clear()
        by_id = {c.id: c for c in r.criteria}
        if self.subject_type == "initiative":
            for d in r.dimensions:
                dim = QTreeWidgetItem(
                    [
                        f"{d.id} — {_dimension_name(self.rubric, d.id)}",
                        f"{d.grade or '—'}  {score_text(d.score, d.band.low, d.band.high)}",
                        "",
                    ]
                )
                dim.setFlags(dim.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                self.criteria.addTopLevelItem(dim)
                for cid in next(x for x in self.rubric.dimensions if x.id == d.id).criteria:
                    dim.addChild(self._criterion_item(cid, by_id.get(cid)))
                dim.setExpanded(True)
        else:
            for crit in subject_criteria(self.rubric, "company"):
                self.criteria.addTopLevelItem(self._criterion_item(crit.id, by_id.get(crit.id)))
        for col in (1, 2):
            self.criteria.resizeColumnToContents(col)
        self._select(current or self._first_unknown())
        with QSignalBlocker(self.ready):
            self.ready.setChecked(bool(self.decision and self.decision.ready))
        self.publication.setText(self._publication_text())

    def _criterion_item(self, cid: str, c: Any) -> QTreeWidgetItem:
        if cid == self.rubric.statement_criterion:
            gate = next(
                (
                    g
                    for g in (self.result.gates if self.result else [])
                    if g.id == "legal_statement"
                ),
                None,
            )
            level = self.tr("met") if gate is not None and gate.passed else self.tr("not met")
        elif c is None or c.level is None:
            level = self.tr("unknown")
        else:
            level = f"{c.level}/{c.max_level}"
        count = len(c.evidence) if c is not None else 0
        item = QTreeWidgetItem(
            [f"{cid} — {criterion_name(cid)}", level, str(count) if count else "—"]
        )
        item.setData(0, CRITERION_ROLE, cid)
        if c is None or c.level is None:
            font = item.font(1)
            font.setItalic(True)
            item.setFont(1, font)
        return item

    def _first_unknown(self) -> str:
        for c in self.result.criteria if self.result else []:
            if c.level is None:
                return c.id
        return ""

    def _select(self, cid: str) -> None:
        items = self._criterion_items()
        target = next((i for i in items if i.data(0, CRITERION_ROLE) == cid), None)
        chosen = target or (items[0] if items else None)
        if chosen is not None:
            self.criteria.setCurrentItem(chosen)

    def _criterion_items(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for i in range(self.criteria.topLevelItemCount()):
            top = self.criteria.topLevelItem(i)
            if top is None:
                continue
            if top.data(0, CRITERION_ROLE):
                out.append(top)
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None and child.data(0, CRITERION_ROLE):
                    out.append(child)
        return out

    def current_criterion(self) -> str:
        item = self.criteria.currentItem()
        return str(item.data(0, CRITERION_ROLE) or "") if item is not None else ""

    def select_criterion(self, cid: str) -> None:
        self._select(cid)

    # --- texts -------------------------------------------------------------------------

    def _rating_text(self, r: Result) -> str:
        if r.kind == "initiative":
            parts = [
                fill(
                    self.tr("%1: %2, score %3, coverage %4 %"),
                    _dimension_name(self.rubric, d.id),
                    d.grade or self.tr("insufficient evidence"),
                    score_text(d.score, d.band.low, d.band.high),
                    f"{d.coverage:.0f}",
                )
                for d in r.dimensions
            ]
            text = "; ".join(parts)
        else:
            text = company_rating_text(r)
        unknown = [c.id for c in r.criteria if c.level is None]
        if unknown:
            text += "\n" + fill(self.tr("Unknown: %1"), ", ".join(unknown))
        else:
            text += "\n" + self.tr("Every criterion has evidence.")
        return text

    def _publication_text(self) -> str:
        d = self.decision
        if d is None:
            state = self.tr("Not marked ready to publish: it is left out of the register.")
        elif d.ready:
            state = fill(self.tr("Marked ready to publish on %1."), d.decided_at[:10])
        else:
            state = fill(self.tr("Marked not ready to publish on %1."), d.decided_at[:10])
        if self.ws.role != "coordinator":
            state += " " + self.tr("Only a coordinator can change this.")
        return state

    def _show_criterion(self) -> None:
        cid = self.current_criterion()
        self.add_button.setEnabled(bool(cid))
        if not cid or self.result is None:
            self.details.clear()
            return
        crit = self.rubric.criteria[cid]
        c = next((x for x in self.result.criteria if x.id == cid), None)
        html = [f"<h3>{cid} — {escape(criterion_name(cid))}</h3>"]
        if cid == self.rubric.statement_criterion:
            html.append(
                "<p>"
                + escape(
                    fill(
                        self.tr(
                            "A gate, no points: without a current statement that is published, "
                            "board approved and signed, the score is capped at %1."
                        ),
                        f"{self.rubric.statement_cap:g}",
                    )
                )
                + "</p>"
            )
        elif crit.weight and self.subject_type == "company":
            weight = fill(self.tr("Weight %1"), f"{crit.weight:g}")
            html.append(f"<p>{escape(weight)}</p>")
        earned = c.level if c is not None else None
        levels, earned_word = self.tr("Levels"), self.tr("earned")
        html.append(f"<p><b>{escape(levels)}</b></p><ol start='0'>")
        for level, text in enumerate(crit.levels):
            if not text:
                continue
            words = escape(f"{level} — {level_text(cid, level)}")
            if level == earned:
                words = f"<b>▶ {words}</b> ({escape(earned_word)})"
            html.append(f"<li style='list-style: none'>{words}</li>")
        html.append("</ol>")
        if c is None or c.level is None:
            html.append(
                "<p style='color:#8a1c13'><b>"
                + escape(self.tr("Unknown: no evidence counted."))
                + "</b> "
                + escape(self.tr("Add evidence to rate it (Enter or Alt+A)."))
                + "</p>"
            )
        evidence = c.evidence if c is not None else []
        if evidence:
            heading = self.tr("Evidence")
            html.append(f"<p><b>{escape(heading)}</b></p><ul>")
            for e in evidence:
                earned_text = (
                    fill(self.tr("earns %1"), str(e.earned_level))
                    if e.earned_level is not None
                    else self.tr("earns nothing")
                )
                bits = [
                    choice_label("source_type", e.source_type) if e.source_type else "",
                    e.date or "",
                    choice_label("kind", e.kind) if e.kind else "",
                    earned_text,
                ]
                line = ", ".join(b for b in bits if b)
                line = f"★ <b>{escape(line)}</b>" if e.counted else escape(line)
                extra = [e.description or "", e.url or "", *e.notes]
                extra += [f"SHA-256 {h}" for h in e.sha256]
                shown = "<br>".join(escape(x) for x in extra if x)
                html.append(
                    f"<li>{line}" + (f"<br><small>{shown}</small>" if shown else "") + "</li>"
                )
            html.append("</ul>")
        self.details.setHtml("".join(html))

    # --- actions -----------------------------------------------------------------------

    def add_evidence(self, criterion: str | None = None) -> EvidenceForm | None:
        """Open the evidence form for ``criterion`` (default: the selected one)."""
        cid = criterion or self.current_criterion()
        if not cid:
            return None
        self.form = EvidenceForm(self.ws, self.subject_type, self.subject_id, cid, self)
        self.form.saved.connect(lambda _id: self._select_after_save(cid))
        self.form.open()
        return self.form

    def _select_after_save(self, cid: str) -> None:
        self._select(cid)
        self.criteria.setFocus()

    def _ready_toggled(self, ready: bool) -> None:
        try:
            ui_ops.applied(
                self.ws,
                publication.mark(self.ws, self.subject_id, ready, wait=ui_ops.UI_WRITE_WAIT_S),
            )
        except AcesError as exc:
            with QSignalBlocker(self.ready):
                self.ready.setChecked(not ready)
            self.publication.setText("⚠ " + error_text(exc))


class AssessDialog(QDialog):
    """The Assess view in its own window (from a record, a rating, or Ctrl+Shift+R)."""

    def __init__(
        self, workspace: Workspace, subject_type: str, subject_id: str, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.view = AssessView(workspace, subject_type, subject_id, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        for button in close.buttons():
            if isinstance(button, QPushButton):
                button.setAutoDefault(False)
        layout.addWidget(close)
        self.setWindowTitle(
            fill(self.tr("Assess — %1"), self.view.result.subject_name if self.view.result else "")
        )
        self.resize(1100, 720)


def _dimension_name(rubric: Rubric, dim_id: str) -> str:
    from PySide6.QtCore import QCoreApplication

    names = {
        "T": QCoreApplication.translate("RatingsPage", "Transparent"),
        "S": QCoreApplication.translate("RatingsPage", "Scaled"),
        "A": QCoreApplication.translate("RatingsPage", "Accountable"),
    }
    dim = next((d for d in rubric.dimensions if d.id == dim_id), None)
    return names.get(dim_id) or (dim.en if dim else dim_id)
