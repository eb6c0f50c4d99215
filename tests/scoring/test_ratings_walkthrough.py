"""What a new user tripped over on the Ratings page (issue 16, items 7 and 8): the
explanation follows the tab, the table cannot be collapsed, evidence is named by what it is,
the label column says something, every chart bar has a readable label, headers are whole."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QHorizontalStackedBarSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from aces_desktop.ui.ratings import RECORD_ROLE, RISK_CHART_PLACES, RatingsPage
from tests.helpers import add
from tests.scoring.test_ratings_page import _items
from tests.scoring.world import scoring_world

AS_OF = dt.date(2026, 11, 25)


def _scored(qtbot: Any, workspace: Any, extra_places: int = 0) -> tuple[RatingsPage, dict]:
    ids = scoring_world(workspace)
    for i in range(extra_places):
        add(workspace, "site", name=f"Mill {i}", country="PK", region=f"District {i:02d}")
    page = RatingsPage(workspace)
    page.as_of = AS_OF
    page.save_snapshots = False
    page.backfill_quarters = 0
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    with qtbot.waitSignal(page.scored, timeout=30_000):
        page.refresh()
    return page, ids


def _select(table: QTableView, name: str) -> None:
    model = table.model()
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    table.selectRow(row)


def test_explanation_follows_the_tab_and_charts_keep_the_subject(
    qtbot: Any, workspace: Any
) -> None:
    page, _ids = _scored(qtbot, workspace)
    page.tabs.setCurrentWidget(page.company_table)
    _select(page.company_table, "Silent Brand")
    assert "Silent Brand" in page.detail_header.text()
    page.tabs.setCurrentWidget(page.site_table)  # nothing selected there yet
    assert "Silent Brand" not in page.detail_header.text()
    assert page.explanation.topLevelItemCount() == 0 and page.shown_result() is None
    _select(page.site_table, "Second site")
    assert "Second site" in page.detail_header.text()
    page.tabs.setCurrentWidget(page.company_table)  # its selection is still there
    assert "Silent Brand" in page.detail_header.text()
    page.tabs.setCurrentWidget(page.charts)
    shown = page.shown_result()
    assert shown is not None and shown.subject_name == "Silent Brand"
    assert page.selected_result() is None  # the Charts tab has no table selection


def test_table_cannot_be_collapsed_by_the_splitter(qtbot: Any, workspace: Any) -> None:
    page, _ids = _scored(qtbot, workspace)
    assert not page.splitter.childrenCollapsible()
    page.splitter.setSizes([0, 2000])
    assert page.tabs.height() >= page.tabs.minimumHeight() > 0
    assert page.splitter.sizes()[0] > 0


def test_evidence_is_named_by_what_it_is_with_translated_source_type(
    qtbot: Any, workspace: Any
) -> None:
    page, ids = _scored(qtbot, workspace)
    page.select_subject(ids["company"])
    evidence = [i for i in _items(page.explanation) if i.data(0, RECORD_ROLE)]
    assert evidence
    for item in evidence:
        text = item.text(0)
        assert "…" not in text.split("(")[0], text  # no bare id ends
        for code in ("own_claim", "public_report", "direct_observation", "testimony_single"):
            assert code not in text, text
    texts = " ".join(i.text(0) for i in evidence)
    assert "Document seen" in texts  # the source type "document", in words


def test_label_column_says_whether_the_label_was_earned(qtbot: Any, workspace: Any) -> None:
    page, _ids = _scored(qtbot, workspace)
    model = page.initiative_table.model()
    assert model.headerData(6, Qt.Orientation.Horizontal) == "Model label"
    text = model.index(0, 6).data()
    assert text and ("not earned" in text or "Scaled, transparent and binding" in text)


def test_every_bar_of_the_site_risk_chart_has_a_label(qtbot: Any, workspace: Any) -> None:
    page, _ids = _scored(qtbot, workspace, extra_places=14)
    [axis] = [a for a in page.risk_chart.chart().axes() if isinstance(a, QBarCategoryAxis)]
    labels = axis.categories()
    assert len(labels) == RISK_CHART_PLACES + 1
    assert any("other places" in label for label in labels)
    series = page.risk_chart.chart().series()[0]
    assert isinstance(series, QHorizontalStackedBarSeries)
    total = sum(s.sum() for s in series.barSets())
    assert total == len([r for r in page.results.values() if r.kind == "site"])


def test_rating_headers_are_never_clipped(qtbot: Any, workspace: Any) -> None:
    page, _ids = _scored(qtbot, workspace)
    page.resize(900, 600)  # narrower than the tables want
    page.tabs.setCurrentWidget(page.site_table)
    qtbot.wait(1)  # let the header lay out (no timing involved: one event-loop turn)
    header = page.site_table.horizontalHeader()
    metrics = header.fontMetrics()
    model = page.site_table.model()
    for column in range(model.columnCount()):
        text = model.headerData(column, Qt.Orientation.Horizontal)
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text
