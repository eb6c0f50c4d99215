"""The SQL of the lists (store.listing), without Qt."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.listing import (
    LISTS,
    IdWindows,
    ListQuery,
    ListSpec,
    NameGroups,
    rows,
    unsent_changes,
)
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


def _python_order(ws: Any, spec: ListSpec, key: str, descending: bool) -> list[int]:
    """The list's rowids sorted in Python by (column value, NULL first; rowid)."""
    column = spec.column(key)
    with ws.engine.connect() as conn:
        found = conn.exec_driver_sql(
            f"SELECT {spec.table}.rowid, {column.sql} FROM {spec.table}"
        ).all()
    ordered = sorted(found, key=lambda r: (r[1] is not None, r[1], r[0]), reverse=descending)
    return [r[0] for r in ordered]


def test_every_sort_of_the_findings_list_matches_a_python_sort(workspace: Any) -> None:
    """Each column, both ways, read in small windows (as the GUI reads them) and at once,
    gives the order a Python sort of the same values gives: the sort indexes of migration
    0011 and the site-by-site reading of ``NameGroups`` change speed, not order."""
    fill_demo(workspace, DemoOptions(sites=6, observations=300))
    with workspace.session() as s:
        sites = [r[0] for r in s.execute(text("SELECT id FROM sites ORDER BY rowid")).all()]
        for number, site in enumerate(sites[:4]):  # two pairs of sites with one name each
            _, content = workspace.records.get(s, site)
            workspace.records.put(s, "site", {**content, "name": f"Twin {number % 2}"}, site)
    spec = LISTS["finding"]
    for column in spec.columns:
        for descending in (False, True):
            query = ListQuery(spec, sort=column.key, descending=descending)
            expected = _python_order(workspace, spec, column.key, descending)
            assert list(query.ids(workspace.engine)) == expected, column.key
            windows = IdWindows(query, workspace.engine, window=23)
            n = len(expected)
            assert len(windows) == n
            assert windows.rowid(n - 1) == expected[-1]  # a jump to the end first
            assert windows.slice(n // 2, n // 2 + 40) == expected[n // 2 : n // 2 + 40]
            assert windows.slice(0, n) == expected, column.key
    assert isinstance(IdWindows(ListQuery(spec, sort="site"), workspace.engine)._groups, NameGroups)


def test_searched_and_filtered_windows_equal_the_whole_query(workspace: Any) -> None:
    fill_demo(workspace, DemoOptions(sites=6, observations=400))
    spec = LISTS["finding"]
    for query in (
        ListQuery(spec, text="wastewater", sort="site"),
        ListQuery(spec, text="wastewater", sort="site", descending=True),
        ListQuery(spec, text="wastewater", sort="narrative"),
        ListQuery(spec, equals={"grade": 3}, sort="site", descending=True),
        ListQuery(spec, text="wastewater"),  # from the search index alone
        ListQuery(spec, text="wastewater", descending=True),
        ListQuery(spec, text="印染废水"),
    ):
        everything = list(query.ids(workspace.engine))
        assert everything and len(everything) == query.count(workspace.engine)
        with workspace.engine.connect() as conn:  # the one query over the table, as before
            sql, params = query.sql_ids()
            assert [r[0] for r in conn.exec_driver_sql(sql, params)] == everything
        windows = IdWindows(query, workspace.engine, window=7)
        assert len(windows) == len(everything)
        assert windows.slice(0, len(everything)) == everything
        one = IdWindows(query, workspace.engine)  # the whole list in its first window
        assert len(one) == len(everything) and one.slice(0, len(one)) == everything


def test_unsent_changes_count_this_devices_revisions(workspace: Any) -> None:
    before = unsent_changes(workspace.engine, workspace.device_id)
    add(workspace, "company", name="Northwind", kind="brand")
    assert unsent_changes(workspace.engine, workspace.device_id) == before + 1


def test_the_sort_indexes_serve_the_list_and_leave_scoring_alone(workspace: Any) -> None:
    """Each sorted findings list reads its index of migration 0011; the scoring aggregate
    (whose ``observed_on <= :day`` holds for nearly every row) still scans the table once."""
    import datetime as dt

    from aces_desktop.core.rubric import default_rubric
    from aces_desktop.store.gather import findings_sql

    fill_demo(workspace, DemoOptions(sites=4, observations=60))
    spec = LISTS["finding"]
    with workspace.engine.connect() as conn:

        def plan(sql: str, params: Any = ()) -> str:
            return " ".join(
                str(r[3]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )

        for column in spec.columns:
            if column.names is None:
                sql, params = ListQuery(spec, sort=column.key, descending=True).sql_ids()
                assert f"INDEX ix_findings_sort_{column.key}" in plan(sql, params), column.key
                assert "TEMP B-TREE" not in plan(sql, params), column.key
        scoring, params = findings_sql(default_rubric(), dt.date(2026, 11, 1))
        assert "ix_findings_sort_" not in plan(scoring, params)
    assert ListQuery(spec).count(workspace.engine) == 60
