"""The Ratings page: initiatives, companies and sites with their ratings, the explanation
of each rating down to its evidence, and charts.

Scoring (``ops.ratings.score``) runs in the background through ``tasks.run_task``, so a
workspace of a million findings never freezes the window: progress appears after a moment,
with Cancel, and the results come back on the UI thread.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDate, QDateTime, QEvent, QObject, Qt, QTime, Signal, Slot
from PySide6.QtGui import QAction, QColor, QPainter, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from aces_desktop.core import schema, terms
from aces_desktop.core.messages import fill
from aces_desktop.core.reference import SOURCE_TYPES
from aces_desktop.core.scoring import Result
from aces_desktop.ops import records
from aces_desktop.ops.ratings import ScoreRun, history_of, score
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync.provenance import revoked_authors
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.labels import choice_label, criterion_name, level_text
from aces_desktop.ui.i18n import translate_text
from aces_desktop.ui.interface_language import current_language
from aces_desktop.ui.ratings_models import (
    RISK_COLOURS,
    TIER_ORDER,
    CompanyRatingsModel,
    InitiativeRatingsModel,
    SiteRatingsModel,
    company_rating_text,
    confidence_text,
    dimension_names,
    labels_text,
    risk_text,
    score_text,
)
from aces_desktop.ui.row_models import ROW_ROLE, RowTableModel, sortable
from aces_desktop.ui.tasks import TaskProgress, run_task

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
RISK_CHART_PLACES = 5  # bars with a label of their own; more would lose their labels
CHART_HEIGHT = 300  # room for title, legend, axis and a readable label per bar
SUBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
CRITERION_ROLE = Qt.ItemDataRole.UserRole + 3  # (criterion id, known) of a criterion's item
# What ratings rest on: a change to any of these scores the workspace again.
RATED_FROM = (
    "evidence",
    "membership",
    "coverage",
    "company_site",
    "company_response",
    "finding",
    "visit",
    "site",
    "initiative",
    "company",
)


class _QuarterSignals(QObject):
    progress = Signal(int, int)  # past quarters scored, of how many


class _QuarterProgress:
    """The ``core.progress.Progress`` protocol for the back-filled quarters: each one is
    reported to the page, and the task's own progress keeps its dialog and Cancel."""

    def __init__(self, signals: _QuarterSignals, task: TaskProgress) -> None:
        self.signals = signals
        self.task = task
        self.value = 0
        self.total = 0

    def start(self, label: str, total: int | None) -> None:
        self.task.start(label, total)
        self.value, self.total = 0, total or 0
        self.signals.progress.emit(0, self.total)

    def advance(self, amount: int = 1) -> None:
        self.task.advance(amount)
        self.value += amount
        self.signals.progress.emit(self.value, self.total)


class RatingsPage(QWidget):
    """Ratings of initiatives, companies and sites, explained down to the evidence."""

    open_record = Signal(str, str)  # record type name, record id
    assess_requested = Signal(str, str, str)  # kind, subject id, criterion ("" for none)
    add_evidence_requested = Signal(str, str, str)  # kind, subject id, criterion
    scored = Signal()  # results are shown
    backfill_progress = Signal(int, int)  # past quarters scored, of how many
    failed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._revoked: dict[str, str] = {}
        self.results: dict[str, Result] = {}
        self.run: ScoreRun | None = None
        self.as_of: dt.date | None = None  # None: today
        self.save_snapshots = True
        # quarters scored back once when the workspace has no history (rubric: trend_quarters)
        from aces_desktop.core.rubric import default_rubric

        self.backfill_quarters = default_rubric().site.trend_quarters
        self._running = False
        self._started = False
        self._again = False  # the workspace changed while scoring: score once more
        self.shown_subject: str | None = None  # whose rating the explanation shows
        self._status_text: Callable[[], str] = lambda: self.tr("Not scored yet.")
        self._build()
        self.retranslate()
        ui_ops.hooks.changed.connect(self._workspace_changed)

    # --- layout ----------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.status = QLabel()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setWordWrap(True)
        self.score_button = QPushButton()
        self.score_button.clicked.connect(self.refresh)
        top.addWidget(self.title)
        top.addWidget(self.status, 1)
        self.assess_button = QPushButton()
        self.assess_button.setEnabled(False)
        self.assess_button.clicked.connect(self._assess_selected)
        top.addWidget(self.assess_button)
        top.addWidget(self.score_button)
        layout.addLayout(top)

        self.tabs = QTabWidget()
        self.initiative_model = InitiativeRatingsModel(self)
        self.company_model = CompanyRatingsModel(self)
        self.site_model = SiteRatingsModel(self)
        self.initiative_table = self._table(self.initiative_model)
        self.company_table = self._table(self.company_model)
        self.site_table = self._table(self.site_model)
        for table in (self.initiative_table, self.company_table, self.site_table):
            self.tabs.addTab(table, "")
        charts_grid = QWidget()
        grid = QGridLayout(charts_grid)
        self.tsa_chart = self._chart_view()
        self.tier_chart = self._chart_view()
        self.risk_chart = self._chart_view()
        self.trend_chart = self._chart_view()
        grid.addWidget(self.tsa_chart, 0, 0)
        grid.addWidget(self.tier_chart, 0, 1)
        grid.addWidget(self.risk_chart, 1, 0)
        grid.addWidget(self.trend_chart, 1, 1)
        # Each chart keeps the height its labels need; a short window scrolls instead.
        self.charts = QScrollArea()
        self.charts.setWidgetResizable(True)
        self.charts.setFrameShape(QFrame.Shape.NoFrame)
        self.charts.setWidget(charts_grid)
        self.tabs.addTab(self.charts, "")
        self.tabs.setMinimumHeight(150)
        self.tabs.currentChanged.connect(self._tab_changed)

        detail = QWidget()
        detail.setMinimumHeight(120)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.detail_header = QLabel()
        self.detail_header.setWordWrap(True)
        self.detail_header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.explanation = QTreeWidget()
        self.explanation.setColumnCount(2)
        self.explanation.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.explanation.setColumnWidth(0, 520)
        self.explanation.setAlternatingRowColors(True)
        self.explanation.itemActivated.connect(self._activated)
        self.explanation.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.explanation.customContextMenuRequested.connect(self._explanation_menu)
        self.explanation.currentItemChanged.connect(lambda *_: self._criterion_selected())
        self.add_evidence_button = QPushButton()
        self.add_evidence_button.setEnabled(False)
        self.add_evidence_button.clicked.connect(self._add_evidence_here)
        detail_layout.addWidget(self.detail_header)
        detail_layout.addWidget(self.explanation, 1)
        detail_layout.addWidget(self.add_evidence_button, 0, Qt.AlignmentFlag.AlignLeading)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(detail)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)  # dragging never hides the table
        self.splitter.setSizes([380, 420])
        layout.addWidget(self.splitter, 1)

    def retranslate(self) -> None:
        """Every text of the page in the current language, charts and explanation included."""
        self.title.setText(self.tr("Ratings"))
        self.score_button.setText(self.tr("Score now"))
        self.score_button.setToolTip(
            self.tr("Compute every rating from the workspace and store today's snapshot.")
        )
        self.status.setText(self._status_text())
        for index, text in enumerate(
            (self.tr("Initiatives"), self.tr("Companies"), self.tr("Sites"), self.tr("Charts"))
        ):
            self.tabs.setTabText(index, text)
        for view, title in (
            (self.tsa_chart, self.tr("Transparent, Scaled, Accountable per initiative")),
            (self.tier_chart, self.tr("Companies per tier")),
            (self.risk_chart, self.tr("Site risk by country and region")),
            (self.trend_chart, self.tr("Remediation progress over time (snapshots)")),
        ):
            view.chart().setTitle(title)
        self.explanation.setHeaderLabels(
            [self.tr("Criterion, level and evidence"), self.tr("Detail")]
        )
        self.explanation.setToolTip(self.tr("Double-click a piece of evidence to open its record."))
        self.assess_button.setText(self.tr("A&ssess…"))
        self.assess_button.setToolTip(
            self.tr("Criteria, levels and evidence of the selected initiative or company")
        )
        self.add_evidence_button.setText(self.tr("Add &evidence…"))
        self.add_evidence_button.setToolTip(
            self.tr("Add evidence for the selected criterion of this rating")
        )
        for model in (self.initiative_model, self.company_model, self.site_model):
            model.retranslate()
        if self.run is not None:
            self._fill_charts(self.run)
        shown = self.shown_subject
        if shown is not None and shown in self.results and not self.workspace.locked:
            self.show_detail(shown)
        else:
            self._clear_detail()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _set_status(self, text: Callable[[], str]) -> None:
        """The status line, kept as how to say it so that it follows the language."""
        self._status_text = text
        self.status.setText(text())

    def _clear_detail(self) -> None:
        self.shown_subject = None
        self.explanation.clear()
        self.detail_header.setText(self.tr("Select a rating to see how it was computed."))

    def _tab_changed(self, index: int) -> None:
        """The explanation follows the tab: the rating selected there, or none. The Charts
        tab keeps the rating that was explained last (the one a scorecard is made of)."""
        view = self.tabs.widget(index)
        if not isinstance(view, QTableView):
            return
        result = self.selected_result(view)
        if result is not None:
            self.show_detail(result.subject_id)
        else:
            self._clear_detail()

    def shown_result(self) -> Result | None:
        """The rating whose explanation is shown (also while the Charts tab is open)."""
        return self.results.get(self.shown_subject) if self.shown_subject else None

    def _table(self, model: RowTableModel[Result]) -> QTableView:
        table = QTableView(self)
        table.setModel(sortable(model, table))
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by name until a header is clicked
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.setAlternatingRowColors(True)
        # Names take the room they need (never squeezed by wide figures); the rest fills up.
        header = table.horizontalHeader()
        for col in range(model.columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # No stretched last column: it would be squeezed below its header's width on a small
        # screen ("nediation progr"); the table scrolls sideways instead.
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed(table))
        return table

    def _chart_view(self) -> QChartView:
        chart = QChart()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        view = QChartView(chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        view.setMinimumHeight(CHART_HEIGHT)
        return view

    # --- scoring -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._started:
            self.refresh()

    @Slot()
    def refresh(self) -> None:
        """Score the workspace on the thread pool; the tables update when it is done."""
        if self._running:
            return
        self._started = True
        self._running = True
        self.score_button.setEnabled(False)
        self._set_status(lambda: self.tr("Scoring…"))
        signals = _QuarterSignals(self)
        signals.progress.connect(self._progress)
        workspace, as_of = self.workspace, self.as_of
        save, quarters = self.save_snapshots, self.backfill_quarters
        task = run_task(
            lambda progress: score(
                workspace,
                as_of,
                save=save,
                backfill_quarters=quarters,
                progress=_QuarterProgress(signals, progress),
            ),
            label=self.tr("Scoring…"),
            parent=self,
            on_done=self._done,
            on_error=self._failed,
        )
        task.finished.connect(self._ended)
        task.finished.connect(signals.deleteLater)

    def _ended(self) -> None:
        """After success, failure or Cancel: scoring may start again."""
        self._running = False
        self.score_button.setEnabled(True)
        if self._again:
            self._again = False
            self.refresh()

    def _workspace_changed(self, workspace: Workspace, changes: Any) -> None:
        """Evidence saved (or anything else ratings rest on): the ratings update at once."""
        if workspace is not self.workspace or not self._started or workspace.locked:
            return
        if not any(changes.touches(t) for t in RATED_FROM):
            return
        if self._running:
            self._again = True
        else:
            self.refresh()

    @Slot(object)
    def _done(self, run: ScoreRun) -> None:
        self._ended()
        self.show_results(run)

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.backfill_progress.emit(done, total)
        if total:
            self._set_status(
                lambda: fill(
                    self.tr("Scoring past quarters for the trends (%1 of %2)…"),
                    str(done),
                    str(total),
                )
            )

    @Slot(str)
    def _failed(self, message: str) -> None:
        self._set_status(lambda: fill(self.tr("Scoring failed: %1"), message))
        self.failed.emit(message)

    def show_results(self, run: ScoreRun) -> None:
        self.run = run
        self.results = {r.subject_id: r for r in run.results}
        kinds = Counter(r.kind for r in run.results)
        self._set_status(
            lambda: fill(
                self.tr("As of %1: %2 initiatives, %3 companies, %4 sites (rubric version %5)."),
                run.as_of.isoformat(),
                str(kinds["initiative"]),
                str(kinds["company"]),
                str(kinds["site"]),
                run.results[0].rubric_version if run.results else "1",
            )
        )
        self.initiative_model.set_rows([r for r in run.results if r.kind == "initiative"])
        self.company_model.set_rows([r for r in run.results if r.kind == "company"])
        self.site_model.set_rows([r for r in run.results if r.kind == "site"])
        self._fill_charts(run)
        if self.shown_subject is not None and self.shown_subject in self.results:
            self.show_detail(self.shown_subject)
        self.scored.emit()

    # --- tables ------------------------------------------------------------------------------

    def _confidence(self, value: str) -> str:
        return confidence_text(value)

    def _risk_text(self, r: Result) -> str:
        return risk_text(r)

    # --- detail ------------------------------------------------------------------------------

    def selected_result(self, table: QTableView | None = None) -> Result | None:
        """The rating selected in ``table`` (default: the table of the current tab)."""
        view = table or self.tabs.currentWidget()
        if not isinstance(view, QTableView):
            return None
        rows = view.selectionModel().selectedRows()
        result = rows[0].data(ROW_ROLE) if rows else None
        return result if isinstance(result, Result) else None

    def _selection_changed(self, table: QTableView) -> None:
        result = self.selected_result(table)
        self.assess_button.setEnabled(result is not None and result.kind != "site")
        if result is not None:
            self.show_detail(result.subject_id)

    def _assess_selected(self) -> None:
        result = self.selected_result()
        if result is not None and result.kind != "site":
            self.assess_requested.emit(result.kind, result.subject_id, "")

    # --- adding evidence from the explanation -------------------------------------------------

    def _shown_subject(self) -> Result | None:
        result = self.results.get(self.shown_subject) if self.shown_subject else None
        return result if result is not None and result.kind != "site" else None

    def explained_criterion(self, item: QTreeWidgetItem | None = None) -> tuple[str, bool] | None:
        """(criterion id, known) of ``item`` (default: the current one) or of the criterion
        it belongs to, on the explanation of an initiative or a company."""
        item = item or self.explanation.currentItem()
        while item is not None:
            data = item.data(0, CRITERION_ROLE)
            if data:
                return str(data[0]), bool(data[1])
            item = item.parent()
        return None

    def _criterion_selected(self) -> None:
        found = self.explained_criterion() if self._shown_subject() else None
        self.add_evidence_button.setEnabled(found is not None)

    def _add_evidence_here(self, criterion: str = "") -> None:
        result = self._shown_subject()
        found = self.explained_criterion()
        cid = criterion or (found[0] if found else "")
        if result is not None and cid:
            self.add_evidence_requested.emit(result.kind, result.subject_id, cid)

    def explanation_actions(self, item: QTreeWidgetItem | None) -> list[QAction]:
        """What the context menu of ``item`` offers: on an unknown criterion, adding
        evidence comes first."""
        result = self._shown_subject()
        found = self.explained_criterion(item) if result is not None else None
        actions: list[QAction] = []
        record = item.data(0, RECORD_ROLE) if item is not None else None
        if record:
            open_it = QAction(self.tr("&Open the record"), self.explanation)
            open_it.triggered.connect(lambda: self.open_record.emit(str(record[0]), str(record[1])))
            actions.append(open_it)
        if result is not None and found is not None:
            cid, known = found
            assess = QAction(self.tr("A&ssess…"), self.explanation)
            assess.triggered.connect(
                lambda: self.assess_requested.emit(result.kind, result.subject_id, cid)
            )
            actions.append(assess)
            add = QAction(fill(self.tr("Add &evidence for %1…"), cid), self.explanation)
            add.triggered.connect(lambda: self._add_evidence_here(cid))
            actions.insert(len(actions) if known else 0, add)
        return actions

    def _explanation_menu(self, pos: Any) -> None:
        actions = self.explanation_actions(self.explanation.itemAt(pos))
        if actions:
            menu = QMenu(self.explanation)
            menu.addActions(actions)
            menu.popup(self.explanation.viewport().mapToGlobal(pos))

    def select_subject(self, subject_id: str) -> None:
        """Show a subject's tab, select its row and explain its rating."""
        result = self.results[subject_id]
        table = {"initiative": self.initiative_table, "company": self.company_table}.get(
            result.kind, self.site_table
        )
        self.tabs.setCurrentWidget(table)
        view = table.model()
        for row in range(view.rowCount()):
            found = view.index(row, 0).data(ROW_ROLE)
            if found is not None and found.subject_id == subject_id:
                table.selectRow(row)
                break
        self.show_detail(subject_id)

    def show_detail(self, subject_id: str) -> None:
        r = self.results.get(subject_id)
        if r is None:
            return
        self.shown_subject = subject_id
        self.detail_header.setText(self._headline(r))
        tree = self.explanation
        tree.clear()
        evidence = [e.id for c in r.criteria for e in c.evidence]
        refs = {e.id: e for c in r.criteria for e in c.evidence}
        self._revoked = ui_ops.query(self.workspace, lambda s: revoked_authors(s, evidence))
        if r.kind == "initiative":
            for d in r.dimensions:
                dim_item = QTreeWidgetItem(
                    [
                        f"{d.id} — {d.name}",
                        fill(
                            self.tr("grade %1, %2, coverage %3 %"),
                            d.grade or self.tr("insufficient evidence"),
                            score_text(d.score, d.band.low, d.band.high),
                            f"{d.coverage:.0f}",
                        ),
                    ]
                )
                tree.addTopLevelItem(dim_item)
                for c in r.criteria:
                    if c.dimension == d.id:
                        dim_item.addChild(self._criterion_item(c))
                dim_item.setExpanded(True)
        else:
            if r.gates:
                gates = QTreeWidgetItem([self.tr("Gates"), ""])
                tree.addTopLevelItem(gates)
                gate_names = {
                    "legal_statement": self.tr("Modern-slavery statement (legal minimum)"),
                    "membership_credit": self.tr("Membership credit"),
                    "no_assurance_region": self.tr("Audits where assurance is impossible"),
                    "response_log": self.tr("Company-response log"),
                }
                for g in r.gates:
                    name = gate_names.get(g.id, g.id)
                    gate = QTreeWidgetItem(
                        [f"{'✓' if g.passed else '✗'} {name}", translate_text(g.effect)]
                    )
                    record_type = {
                        "membership_credit": "membership",
                        "response_log": "company_response",
                    }.get(g.id, "evidence")
                    for rid in g.evidence:
                        ref = refs.get(rid)
                        text = (
                            f"{self._evidence_name(ref)}"
                            if ref is not None
                            else self._gate_record_text(record_type, rid)
                        )
                        child = QTreeWidgetItem([text, ""])
                        child.setData(0, RECORD_ROLE, (record_type, rid))
                        gate.addChild(child)
                    gates.addChild(gate)
                gates.setExpanded(True)
            if r.reasons:
                reasons = QTreeWidgetItem([self.tr("Why this level"), "; ".join(r.reasons)])
                tree.addTopLevelItem(reasons)
            criteria = list(r.criteria)
            if r.kind == "site":
                # the deciding indicators first, then the others by grade; unchecked ones last
                criteria.sort(
                    key=lambda c: (
                        "decides the risk level" not in c.notes,
                        -(c.level if c.level is not None else -1),
                        c.id,
                    )
                )
            for c in criteria:
                tree.addTopLevelItem(self._criterion_item(c))
        if r.kind == "site":
            for i in range(tree.topLevelItemCount()):
                top = tree.topLevelItem(i)
                if top is not None and top.data(0, SUBJECT_ROLE) == "decides":
                    _expand(top)
        else:
            tree.expandAll()
        history = self._history_item(r)
        if history is not None:
            tree.addTopLevelItem(history)

    def _history_item(self, r: Result) -> QTreeWidgetItem | None:
        """The subject's dated snapshots (tier, grades or risk and remediation over time)."""
        try:
            snaps = history_of(self.workspace, r.subject_id)
        except Exception:  # a locked or closed workspace: no history to show
            return None
        if not snaps:
            return None
        item = QTreeWidgetItem(
            [
                self.tr("History (snapshots)"),
                fill(self.tr("%1 snapshot(s)"), str(len(snaps))),
            ]
        )
        for snap in snaps:
            if r.kind == "site":
                progress = snap.remediation_progress
                value = fill(
                    self.tr("risk %1, remediation %2"),
                    "—" if snap.risk_level is None else str(snap.risk_level),
                    "—" if progress is None else f"{progress:.0%}",
                )
            elif r.kind == "company":
                value = f"{snap.tier or self.tr('insufficient evidence')}, " + (
                    "—" if snap.score is None else f"{snap.score:.1f}"
                )
            else:
                value = snap.grade or ""
            child = QTreeWidgetItem([snap.as_of, value])
            child.setToolTip(1, fill(self.tr("input hash %1"), snap.input_hash))
            item.addChild(child)
        return item

    def _headline(self, r: Result) -> str:
        if r.kind == "initiative":
            dims = ", ".join(
                f"{terms.dimension_name(d.id, current_language())} {d.grade or '—'} "
                f"({score_text(d.score, d.band.low, d.band.high)})"
                for d in r.dimensions
            )
            detail = dims
        elif r.kind == "company":
            detail = company_rating_text(r)
            if r.tags:
                detail += " — " + labels_text(r.tags)
        else:
            rem = (r.site or {}).get("remediation") or {}
            progress = rem.get("progress")
            detail = fill(
                self.tr("risk %1, remediation %2"),
                self._risk_text(r),
                "—" if progress is None else f"{progress:.0%}",
            )
        confidence = fill(self.tr("confidence %1"), self._confidence(r.confidence))
        return f"<b>{_escape(r.subject_name)}</b> — {_escape(detail)}; {confidence}<br>" + fill(
            self.tr("Rubric version %1, as of %2, input hash %3"),
            r.rubric_version,
            r.as_of,
            f"<code>{r.input_hash[:16]}…</code>",
        )

    def _gate_record_text(self, record_type: str, record_id: str) -> str:
        """A record a gate names, by its label in the workspace (never a bare id)."""
        found = records.label(self.workspace, record_id)
        name = found.label if found is not None else "…" + record_id[-8:]
        return f"{self._record_label(record_type)}: {name}"

    def _record_label(self, record_type: str) -> str:
        return {
            "evidence": self.tr("Evidence"),
            "membership": self.tr("Membership"),
            "company_response": self.tr("Company response log"),
            "finding": self.tr("Finding"),
        }.get(record_type, record_type)

    def _evidence_name(self, e: Any) -> str:
        """What a person recognises a piece of evidence by: its description, else its kind
        (e.g. "Audit report: Evidence"), never a bare id."""
        if e.description:
            return _short(e.description, 70)
        record = self._record_label(e.record_type)
        if e.record_type == "evidence" and e.kind and e.kind in schema.EVIDENCE_KINDS:
            return f"{record}: {choice_label('kind', e.kind)}"
        return record

    def _source_text(self, source_type: str | None) -> str:
        """The translated source type ("Company's own claim"), or '' when there is none."""
        if not source_type or source_type not in SOURCE_TYPES:
            return source_type or ""
        return choice_label("source_type", source_type)

    def _criterion_item(self, c: Any) -> QTreeWidgetItem:
        level = self.tr("unknown") if c.level is None else f"{c.level}/{c.max_level}"
        item = QTreeWidgetItem([f"{c.id} — {criterion_name(c.id, c.name)}", level])
        item.setData(0, CRITERION_ROLE, (c.id, c.level is not None))
        if "decides the risk level" in c.notes:
            item.setData(0, SUBJECT_ROLE, "decides")
            item.setText(1, level + "   " + self.tr("decides the risk level"))
        if c.weight and c.weight != 1:
            item.setText(1, f"{level}   " + fill(self.tr("weight %1"), f"{c.weight:g}"))
        if c.level is None:
            level_item = QTreeWidgetItem([self.tr("Unknown: no evidence counted"), ""])
        else:
            text = fill(self.tr("Level %1"), str(c.level))
            meaning = level_text(c.id, c.level) or c.level_text
            if meaning:
                text += f": {meaning}"
            level_item = QTreeWidgetItem([text, self.tr("stale evidence") if c.stale else ""])
        item.addChild(level_item)
        for e in c.evidence:
            label = self._evidence_name(e)
            bits = [b for b in (self._source_text(e.source_type), e.date) if b]
            if e.count > 1:
                bits.append(fill(self.tr("%1 findings"), str(e.count)))
            earned = (
                fill(self.tr("earns %1"), str(e.earned_level))
                if e.earned_level is not None
                else self.tr("earns nothing")
            )
            ev_item = QTreeWidgetItem(
                [
                    f"{'★ ' if e.counted else ''}{label}"
                    + (f" ({', '.join(bits)})" if bits else ""),
                    "; ".join([earned, *e.notes]),
                ]
            )
            ev_item.setData(0, RECORD_ROLE, (e.record_type, e.id))
            if e.id in self._revoked:
                ev_item.setText(
                    0,
                    "⚠ "
                    + ev_item.text(0)
                    + "  "
                    + fill(self.tr("from a revoked device: %1"), self._revoked[e.id]),
                )
                ev_item.setForeground(0, Qt.GlobalColor.darkRed)
            tips = [e.description or "", e.url or "", *[f"SHA-256 {h}" for h in e.sha256]]
            ev_item.setToolTip(0, "\n".join(t for t in tips if t))
            if e.counted:
                font = ev_item.font(0)
                font.setBold(True)
                ev_item.setFont(0, font)
            level_item.addChild(ev_item)
        return item

    @Slot(QTreeWidgetItem, int)
    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        data = item.data(0, RECORD_ROLE)
        if data:
            record_type, record_id = data
            self.open_record.emit(str(record_type), str(record_id))
            return
        criterion = item.data(0, CRITERION_ROLE)
        if criterion and not criterion[1] and self._shown_subject() is not None:
            self._add_evidence_here(str(criterion[0]))  # unknown: adding evidence comes first

    # --- charts ------------------------------------------------------------------------------

    def _reset(self, view: QChartView) -> QChart:
        chart = view.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        return chart

    def _fill_charts(self, run: ScoreRun) -> None:
        initiatives = [r for r in run.results if r.kind == "initiative"]
        chart = self._reset(self.tsa_chart)
        series = QBarSeries()
        names = dimension_names()
        for i, dim in enumerate(("T", "S", "A")):
            bar = QBarSet(names[i])
            bar.setColor(QColor(["#1c7ed6", "#37b24d", "#f08c00"][i]))
            for r in initiatives:
                d = r.dimension(dim)
                bar.append(d.score if d.score is not None else d.band.low)
            series.append(bar)
        chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([_initials(r.subject_name) for r in initiatives])
        categories.setTruncateLabels(False)
        values = QValueAxis()
        values.setRange(0, 100)
        values.setLabelFormat("%d")
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(values)

        companies = [r for r in run.results if r.kind == "company"]
        chart = self._reset(self.tier_chart)
        counts = Counter(r.tier or "insufficient" for r in companies)
        tiers = [*TIER_ORDER, "insufficient"]
        labels = [
            self.tr("Leader"),
            self.tr("Improver"),
            self.tr("Starter"),
            self.tr("Laggard"),
            self.tr("Insufficient evidence"),
        ]
        bar = QBarSet(self.tr("Companies"))
        bar.setColor(QColor("#5f3dc4"))
        # Top to bottom Leader ... Insufficient evidence: horizontal bars, so that every
        # tier's name has a line of its own beside its bar, however narrow the chart.
        for t in reversed(tiers):
            bar.append(counts.get(t, 0))
        tier_series = QHorizontalBarSeries()
        tier_series.append(bar)
        tier_series.setLabelsVisible(True)
        chart.addSeries(tier_series)
        categories = QBarCategoryAxis()
        categories.append(list(reversed(labels)))
        categories.setTruncateLabels(False)
        values = QValueAxis()
        values.setRange(0, max([1, *counts.values()]))
        values.setLabelFormat("%d")
        values.setTickCount(min(6, max([1, *counts.values()]) + 1))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        tier_series.attachAxis(categories)
        tier_series.attachAxis(values)
        chart.legend().setVisible(False)

        sites = [r for r in run.results if r.kind == "site"]
        chart = self._reset(self.risk_chart)
        places: dict[str, Counter[int | None]] = defaultdict(Counter)
        for r in sites:
            site = r.site or {}
            region = site.get("region") or ""
            key = f"{site.get('country') or '?'}" + (f" {_place(region)}" if region else "")
            places[key][r.risk_level] += 1
        # The places with most sites, one labelled bar each; the rest summed as "others".
        ranked = sorted(places, key=lambda k: (-sum(places[k].values()), k))
        shown = ranked[:RISK_CHART_PLACES]
        rest = ranked[RISK_CHART_PLACES:]
        if rest:
            others = fill(self.tr("%1 other places"), str(len(rest)))
            places[others] = sum((places[k] for k in rest), Counter())
            shown.append(others)
        top = list(reversed(shown))  # the largest at the top
        stacked = QHorizontalStackedBarSeries()
        for level in (4, 3, 2, 1, 0, None):
            bar = QBarSet(self.tr("unknown") if level is None else str(level))
            bar.setColor(QColor(RISK_COLOURS[level]))
            for key in top:
                bar.append(places[key].get(level, 0))
            stacked.append(bar)
        chart.addSeries(stacked)
        categories = QBarCategoryAxis()
        categories.append(top)
        categories.setTruncateLabels(False)
        small = categories.labelsFont()
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        categories.setLabelsFont(small)  # one line per bar, none hidden for lack of room
        values = QValueAxis()
        values.setLabelFormat("%d")
        values.setRange(0, max([1, *(sum(places[k].values()) for k in top)]))
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
        stacked.attachAxis(categories)
        stacked.attachAxis(values)

        chart = self._reset(self.trend_chart)
        line = QLineSeries()
        line.setName(self.tr("Mean remediation progress of sites (%)"))
        for day, value in run.trend:
            when = dt.date.fromisoformat(day)
            moment = QDateTime(QDate(when.year, when.month, when.day), QTime(12, 0))
            line.append(float(moment.toMSecsSinceEpoch()), 100 * value)
        line.setPointsVisible(True)
        chart.addSeries(line)
        axis_x = QDateTimeAxis()
        axis_x.setFormat("yyyy-MM-dd")
        if run.trend:
            first = dt.date.fromisoformat(run.trend[0][0])
            last = dt.date.fromisoformat(run.trend[-1][0])
            if first == last:
                first -= dt.timedelta(days=15)
                last += dt.timedelta(days=15)
            axis_x.setRange(
                QDateTime(QDate(first.year, first.month, first.day), QTime(0, 0)),
                QDateTime(QDate(last.year, last.month, last.day), QTime(23, 59)),
            )
        axis_y = QValueAxis()
        axis_y.setRange(0, 100)
        axis_y.setLabelFormat("%d %%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        line.attachAxis(axis_x)
        line.attachAxis(axis_y)


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _initials(name: str) -> str:
    """A short axis label: the name itself when short, else its initials (GSA)."""
    if len(name) <= 14:
        return name
    words = [w for w in name.replace("-", " ").split() if w[:1].isalnum()]
    return "".join(w[0].upper() for w in words) or _short(name, 14)


def _place(region: str) -> str:
    words = region.split()
    two = " ".join(words[:2])
    return two if len(two) <= 16 else words[0]


def _expand(item: QTreeWidgetItem) -> None:
    item.setExpanded(True)
    for i in range(item.childCount()):
        child = item.child(i)
        if child is not None:
            _expand(child)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
