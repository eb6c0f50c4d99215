"""The SQL of the lists (store.listing), without Qt."""

from __future__ import annotations

from typing import Any

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.listing import LISTS, IdWindows, ListQuery, rows, unsent_changes
from tests.helpers import add


def _names(ws: Any, query: ListQuery) -> list[str]:
    ids = query.ids(ws.engine)
    return [r[1] for r in rows(ws.engine, query.spec, ids) if r]


def test_sites_sort_filter_and_search_in_sql(workspace: Any) -> None:
    for name, country in [
        ("Beta Mill", "BD"),
        ("Alpha Works", "VN"),
        ("喀什恒润纺织有限公司", "CN"),
    ]:
        add(workspace, "site", name=name, country=country)
    spec = LISTS["site"]
    assert _names(workspace, ListQuery(spec, sort="name")) == [
        "Alpha Works",
        "Beta Mill",
        "喀什恒润纺织有限公司",
    ]
    assert _names(workspace, ListQuery(spec, sort="country", descending=True))[0] == "Alpha Works"
    assert _names(workspace, ListQuery(spec, text="恒润纺")) == ["喀什恒润纺织有限公司"]
    assert _names(workspace, ListQuery(spec, text="恒润")) == ["喀什恒润纺织有限公司"]
    assert _names(workspace, ListQuery(spec, equals={"country": "BD"})) == ["Beta Mill"]
    assert ListQuery(spec, text="nothing like this").count(workspace.engine) == 0
    sql, _ = ListQuery(spec, text="abc", sort="name").sql_ids()
    assert "ORDER BY sites.name" in sql and "MATCH" in sql


def test_id_windows_read_both_halves_like_one_query(workspace: Any) -> None:
    fill_demo(workspace, DemoOptions(sites=6, observations=700))
    for query in (
        ListQuery(LISTS["finding"]),
        ListQuery(LISTS["finding"], descending=True),
        ListQuery(LISTS["finding"], equals={"grade": 2}),
        ListQuery(LISTS["finding"], sort="grade", descending=True),
        ListQuery(LISTS["finding"], sort="site"),
    ):
        everything = list(query.ids(workspace.engine))
        windows = IdWindows(query, workspace.engine, window=16)
        n = len(everything)
        assert len(windows) == n and n > 50
        assert windows.slice(0, n) == everything
        assert windows.rowid(n - 1) == everything[-1]
        backwards = IdWindows(query, workspace.engine, window=16)
        assert [backwards.rowid(r) for r in range(n - 1, -1, -1)] == everything[::-1]
        middle = IdWindows(query, workspace.engine, window=16)
        assert middle.slice(n // 3, n // 2) == everything[n // 3 : n // 2]
        assert middle.slice(0, n // 3) == everything[: n // 3]


def test_unsent_changes_count_this_devices_revisions(workspace: Any) -> None:
    before = unsent_changes(workspace.engine, workspace.device_id)
    add(workspace, "company", name="Northwind", kind="brand")
    assert unsent_changes(workspace.engine, workspace.device_id) == before + 1
