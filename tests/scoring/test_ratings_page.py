"""The Ratings page: scores off the UI thread, explains a rating down to its evidence, and
opens the evidence record when it is activated."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QHorizontalBarSeries, QXYSeries
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from aces_desktop.ui.ratings import RECORD_ROLE, RatingsPage
from tests.scoring.world import scoring_world

AS_OF = dt.date(2026, 11, 25)


def _items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    out: list[QTreeWidgetItem] = []

    def walk(item: QTreeWidgetItem) -> None:
        out.append(item)
        for i in range(item.childCount()):
            child = item.child(i)
            if child is not None:
                walk(child)

    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top is not None:
            walk(top)
    return out


def _path(item: QTreeWidgetItem) -> list[str]:
    names = []
    node: QTreeWidgetItem | None = item
    while node is not None:
        names.append(node.text(0))
        node = node.parent()
    return list(reversed(names))


@pytest.fixture
def page(qtbot: Any, workspace: Any) -> tuple[RatingsPage, dict[str, str]]:
    ids = scoring_world(workspace)
    page = RatingsPage(workspace)
    page.as_of = AS_OF
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.scored, timeout=30_000):
        page.refresh()
    return page, ids


def test_lists_show_every_kind(page: tuple[RatingsPage, dict[str, str]]) -> None:
    p, ids = page
    assert p.initiative_table.model().rowCount() == 1
    assert p.company_table.model().rowCount() == 2
    assert p.site_table.model().rowCount() == 3
    initiative_row = [p.initiative_table.model().index(0, c).data() for c in range(7)]
    result = p.results[ids["initiative"]]
    assert initiative_row[0] == "Garment Safety Accord"
    a = result.dimension("A")
    assert initiative_row[3].startswith(a.grade or "insufficient")
    companies = {
        p.company_table.model().index(r, 0).data(): p.company_table.model().index(r, 6).data()
        for r in range(2)
    }
    assert companies["Silent Brand"] == "Non-responsive"
    sites = {
        p.site_table.model().index(r, 0).data(): p.site_table.model().index(r, 3).data()
        for r in range(3)
    }
    assert sites["Second site"].startswith("4")
    assert sites["Unvisited site"] == "unknown"
    # charts: T/S/A bars for the one initiative, one bar per tier
    tsa = p.tsa_chart.chart().series()[0]
    assert isinstance(tsa, QBarSeries)
    assert [s.label() for s in tsa.barSets()] == ["Transparent", "Scaled", "Accountable"]
    assert tsa.barSets()[2].at(0) == (a.score if a.score is not None else a.band.low)
    tier_series = p.tier_chart.chart().series()[0]
    assert isinstance(tier_series, QHorizontalBarSeries)
    tiers = tier_series.barSets()[0]
    assert sum(tiers.at(i) for i in range(tiers.count())) == 2
    # every tier, the fifth ("Insufficient evidence") included, has its own label line
    [tier_axis] = [a for a in p.tier_chart.chart().axes() if isinstance(a, QBarCategoryAxis)]
    assert tier_axis.categories()[0] == "Insufficient evidence" and tier_axis.count() == 5
    assert tier_axis.alignment() == Qt.AlignmentFlag.AlignLeft
    # without history the page scored the last 8 quarter ends once, for the trends
    from aces_desktop.store.snapshots import snapshot_days

    days = snapshot_days(p.workspace)
    assert len(days) == 9 and "2024-12-31" in days and AS_OF.isoformat() in days
    assert p.run is not None
    # small_world's undated finding counts on every day, so every day has a progress figure
    assert [d for d, _ in p.run.trend] == sorted(days)
    trend = p.trend_chart.chart().series()[0]
    assert isinstance(trend, QXYSeries)
    assert trend.count() == len(p.run.trend)


def test_explanation_tree_reaches_evidence_and_opens_it(
    qtbot: Any, page: tuple[RatingsPage, dict[str, str]]
) -> None:
    p, ids = page
    p.select_subject(ids["company"])
    items = _items(p.explanation)
    target = next(i for i in items if i.data(0, RECORD_ROLE) == ("evidence", ids["ev_C1"]))
    # criterion -> level -> evidence
    path = _path(target)
    assert path[0].startswith("C1 — Commitment and governance")
    assert path[1].startswith("Level 4")
    assert len(path) == 3 and target.text(0).startswith("★ Evidence")
    assert "SHA-256 " + "ab" * 32 in target.toolTip(0)
    p.explanation.setCurrentItem(target)
    with qtbot.waitSignal(p.open_record, timeout=2000) as blocker:
        p.explanation.itemActivated.emit(target, 0)
    assert blocker.args == ["evidence", ids["ev_C1"]]
    # the audit in the Uyghur Region is shown, earning nothing
    xj = next(
        i
        for i in items
        if i.data(0, RECORD_ROLE) == ("evidence", ids["ev_C3"]) and _path(i)[0].startswith("C3")
    )
    # ... and named under its gate
    gate_refs = [i for i in items if i.data(0, RECORD_ROLE) == ("evidence", ids["ev_C3"])]
    assert any(_path(i)[0] == "Gates" for i in gate_refs)
    assert "earns nothing" in xj.text(1) and "assurance is impossible" in xj.text(1)
    # the membership credit is there too
    assert any(i.data(0, RECORD_ROLE) == ("membership", ids["membership"]) for i in items)


def test_site_explanation_names_the_deciding_finding(
    qtbot: Any, page: tuple[RatingsPage, dict[str, str]]
) -> None:
    p, ids = page
    p.select_subject(ids["site"])
    assert p.tabs.currentWidget() is p.site_table
    top = p.explanation.topLevelItem(1)  # after "Why this level"
    assert top is not None and top.text(0).startswith("ILO-07")
    assert top.isExpanded()
    finding = next(
        i for i in _items(p.explanation) if i.data(0, RECORD_ROLE) == ("finding", ids["finding"])
    )
    assert _path(finding)[1].startswith("Level 3")
    p.explanation.setCurrentItem(finding)
    p.explanation.setFocus()
    with qtbot.waitSignal(p.open_record, timeout=2000) as blocker:
        qtbot.keyClick(p.explanation, Qt.Key.Key_Return)
    assert blocker.args == ["finding", ids["finding"]]


def test_selecting_a_row_explains_it(qtbot: Any, page: tuple[RatingsPage, dict[str, str]]) -> None:
    p, _ = page
    p.tabs.setCurrentWidget(p.company_table)
    row = next(
        r
        for r in range(p.company_table.model().rowCount())
        if p.company_table.model().index(r, 0).data() == "Silent Brand"
    )
    p.company_table.selectRow(row)
    assert "Silent Brand" in p.detail_header.text()
    gates = p.explanation.topLevelItem(0)
    assert gates is not None and gates.text(0) == "Gates"
    texts = [gates.child(i).text(0) for i in range(gates.childCount())]
    assert "✗ Company-response log" in texts
    # the gate names the outreach request it rests on, and opens it
    log_gate = gates.child(texts.index("✗ Company-response log"))
    assert log_gate is not None and log_gate.childCount() == 1
    request = log_gate.child(0)
    assert request is not None
    record_type, record_id = request.data(0, RECORD_ROLE)
    assert record_type == "company_response"
    with qtbot.waitSignal(p.open_record, timeout=2000) as blocker:
        p.explanation.itemActivated.emit(request, 0)
    assert blocker.args == ["company_response", record_id]


def test_detail_shows_the_subjects_history(qtbot: Any, workspace: Any) -> None:
    from aces_desktop.store.gather import score_workspace
    from aces_desktop.store.snapshots import save_snapshot

    ids = scoring_world(workspace)
    save_snapshot(workspace, score_workspace(workspace, as_of=dt.date(2026, 6, 30)))
    page = RatingsPage(workspace)
    page.as_of = AS_OF
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.scored, timeout=30_000):
        page.refresh()  # saves the 2026-11-25 snapshot too
    page.select_subject(ids["site"])
    last = page.explanation.topLevelItem(page.explanation.topLevelItemCount() - 1)
    assert last is not None and last.text(0) == "History (snapshots)"
    dates = [last.child(i).text(0) for i in range(last.childCount())]
    assert dates == ["2026-06-30", "2026-11-25"]
    assert last.child(1).text(1).startswith("risk 3")
    # the trend chart has one point per snapshot day
    line = page.trend_chart.chart().series()[0]
    assert isinstance(line, QXYSeries)
    assert line.count() == 2


def test_backfill_reports_progress_and_runs_once(qtbot: Any, workspace: Any) -> None:
    scoring_world(workspace)
    page = RatingsPage(workspace)
    page.as_of = AS_OF
    page.backfill_quarters = 3
    qtbot.addWidget(page)
    seen: list[tuple[int, int]] = []
    page.backfill_progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(page.scored, timeout=30_000):
        page.refresh()
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    seen.clear()
    with qtbot.waitSignal(page.scored, timeout=30_000):
        page.refresh()
    assert seen == []  # history exists now: no second back-fill


def test_an_empty_workspace_shows_empty_lists(qtbot: Any, workspace: Any) -> None:
    page = RatingsPage(workspace)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.scored, timeout=30_000):
        page.refresh()
    assert page.initiative_table.model().rowCount() == 0
    assert page.company_table.model().rowCount() == 0
    assert page.site_table.model().rowCount() == 0
    assert "0 initiatives, 0 companies, 0 sites" in page.status.text()
    page.resize(900, 700)
    page.tabs.setCurrentWidget(page.charts)
    assert not page.grab().isNull()


def test_a_locked_workspace_reports_a_readable_failure(
    qtbot: Any, workspace: Any, passphrase: str
) -> None:
    page = RatingsPage(workspace)
    qtbot.addWidget(page)
    workspace.lock()
    try:
        with qtbot.waitSignal(page.failed, timeout=30_000) as blocker:
            page.refresh()
        assert "locked" in blocker.args[0]
        assert "locked" in page.status.text() and page.score_button.isEnabled()
    finally:
        workspace.unlock(passphrase)


def test_trend_uses_the_newest_snapshot_of_a_day(qtbot: Any, workspace: Any) -> None:
    from tests.helpers import add

    ids = scoring_world(workspace)
    page = RatingsPage(workspace)
    page.as_of = AS_OF
    page.backfill_quarters = 0
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.scored, timeout=30_000):
        page.refresh()
    visit = add(
        workspace, "visit", site_id=ids["site2"], start_date="2026-10-01", method="unannounced"
    )
    add(
        workspace,
        "finding",
        visit_id=visit,
        site_id=ids["site2"],
        indicator="DW-03",
        grade=2,
        source_type="direct_observation",
        observed_on="2026-10-01",
        remediation_status="verified_remediated",
        verified_on="2026-11-01",
    )
    with qtbot.waitSignal(page.scored, timeout=30_000):
        page.refresh()  # same day, new inputs: a second snapshot of the Second site
    assert page.run is not None
    progress = [
        r.site["remediation"]["progress"]
        for r in page.run.results
        if r.kind == "site" and r.site and r.site["remediation"]["progress"] is not None
    ]
    assert [d for d, _ in page.run.trend] == [AS_OF.isoformat()]
    assert page.run.trend[0][1] == pytest.approx(sum(progress) / len(progress))
