"""Table models tested without any window: counts, lazy pages, SQL sorting and filters."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from aces_desktop.demo_data import DemoOptions, fill_demo
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


def test_overdue_company_requests_stand_out(qtbot: Any, workspace: Any) -> None:
    from aces_desktop.ui.table_model import CompanyResponseTableModel

    company = add(workspace, "company", name="Northwind", kind="brand")
    add(
        workspace,
        "company_response",
        company_id=company,
        request_sent_on="2020-01-01",
        channel="email",
        subject="Overdue request",
        follow_up_due="2020-02-01",
    )
    add(
        workspace,
        "company_response",
        company_id=company,
        request_sent_on="2020-01-01",
        channel="email",
        subject="Answered request",
        follow_up_due="2020-02-01",
        answered_on="2020-01-20",
    )
    model = CompanyResponseTableModel(workspace)
    colours = {
        model.index(r, 0).data(): model.index(r, 0).data(Qt.ItemDataRole.ForegroundRole)
        for r in range(model.rowCount())
    }
    assert colours["Answered request"] is None
    assert colours["Overdue request"] is not None
    assert (
        model.index(0, 5).data() == "Email"
    )  # the form's word for the choice (core.schema.choice_label)


def test_a_long_sorted_list_reads_only_the_windows_looked_at(qtbot: Any, workspace: Any) -> None:
    from aces_desktop.store.listing import IdWindows

    fill_demo(workspace, DemoOptions(sites=6, observations=400))
    model = FindingTableModel(workspace)
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.window = 50  # smaller windows, so 400 rows count as a long list
    model.reload()
    windows = model._ids
    assert isinstance(windows, IdWindows)
    assert model.record_id(399) == model.index(399, 0).data(ID_ROLE)
    # The first window and the last page's (rows 200-399), nothing between.
    assert not {1, 2, 3} & set(windows._loaded) and 7 in windows._loaded
    assert [windows.rowid(r) for r in range(400)] == list(model.query.ids(workspace.engine))


def test_cell_texts_made_once_per_row_equal_each_value_said(qtbot: Any, workspace: Any) -> None:
    fill_demo(workspace, DemoOptions(sites=4, observations=300))
    model = FindingTableModel(workspace)
    keys = [c.key for c in model.spec.columns]
    for row in (0, 1, PAGE, 299):
        values = model._row(row)
        assert values is not None
        shown = [model.index(row, col).data() for col in range(len(keys))]
        assert shown == [model.display(k, v) for k, v in zip(keys, values[1:], strict=True)]
    assert set(model._shown) == {0, 1, PAGE, 299}
    changed: list[Any] = []
    model.dataChanged.connect(lambda first, last, roles: changed.append((first.row(), last.row())))
    model.retranslate()  # the language changed: every text is said again
    assert model._shown == {} and changed == [(0, 299)]
    model.set_search("zzzz-nothing")
    assert model.rowCount() == 0 and model.index(0, 0).data() is None
