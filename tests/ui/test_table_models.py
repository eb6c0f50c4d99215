"""Table models tested without any window: counts, lazy pages, SQL sorting and filters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from aces_desktop.store.demo import DemoOptions, fill_demo
from aces_desktop.ui.table_model import ID_ROLE, PAGE, FindingTableModel, SiteTableModel
from tests.helpers import add


def test_findings_load_lazily_a_page_at_a_time(qtbot: Any, workspace: Any) -> None:
    fill_demo(workspace, DemoOptions(sites=6, observations=2500))
    model = FindingTableModel(workspace)
    assert model.rowCount() == 2500
    assert model.queries == 0
    assert model.index(0, 0).data()
    assert model.queries == 1
    assert model.index(PAGE - 1, 1).data(ID_ROLE) == model.record_id(PAGE - 1)
    assert model.queries == 1
    last = model.index(2499, 0)
    assert last.data() and model.queries == 2
    assert model.record_id(2499) == model.index(2499, 3).data(ID_ROLE)


def test_sort_and_filter_run_in_sql(qtbot: Any, workspace: Any) -> None:
    fill_demo(workspace, DemoOptions(sites=6, observations=400))
    model = FindingTableModel(workspace)
    grade = [c.key for c in model.spec.columns].index("grade")
    model.sort(grade, Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "grade" and model.query.descending
    grades = [model.index(r, grade).data() for r in range(model.rowCount())]
    numbers = [int(g) for g in grades if g != ""]
    assert numbers == sorted(numbers, reverse=True)
    assert numbers[0] == 3
    model.set_filter({"grade": 2})
    assert 0 < model.rowCount() < 400
    assert {model.index(r, grade).data() for r in range(model.rowCount())} == {"2"}


def test_site_model_search_and_headers(qtbot: Any, workspace: Any) -> None:
    add(workspace, "site", name="Alpha Works", country="VN")
    add(workspace, "site", name="喀什恒润纺织有限公司", country="CN")
    model = SiteTableModel(workspace)
    assert model.rowCount() == 2
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Name"
    model.set_search("恒润")
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "喀什恒润纺织有限公司"
    model.set_search("")
    assert model.rowCount() == 2
    model.clear()
    assert model.rowCount() == 0
