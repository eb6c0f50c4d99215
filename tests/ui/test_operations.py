"""The Qt side of the operations layer: a change refreshes only the lists it touches, a
write during a long one fails with a message instead of freezing, and the form keeps it."""

from __future__ import annotations

from typing import Any

from aces_desktop.ops import records
from aces_desktop.ui import ops as ui_ops
from aces_desktop.ui.forms.record_editor import RecordEditor
from aces_desktop.ui.list_page import ListPage


def _page(qtbot: Any, workspace: Any, type_name: str) -> ListPage:
    page = ListPage(workspace, type_name)
    qtbot.addWidget(page)
    page.model.ensure_loaded()
    return page


def test_a_change_reloads_the_lists_that_show_its_records(qtbot: Any, workspace: Any) -> None:
    sites = _page(qtbot, workspace, "site")
    visits = _page(qtbot, workspace, "visit")  # names its site
    companies = _page(qtbot, workspace, "company")
    reloads: dict[str, int] = {"site": 0, "visit": 0, "company": 0}
    for page in (sites, visits, companies):
        page.model.modelReset.connect(
            lambda t=page.type_name: reloads.__setitem__(t, reloads[t] + 1)
        )
    with qtbot.waitSignal(ui_ops.hooks.changed):
        site_id = ui_ops.applied(
            workspace, records.save(workspace, "site", {"name": "Mill 9", "country": "BD"})
        )
    assert reloads == {"site": 1, "visit": 1, "company": 0}
    assert sites.model.rowCount() == 1
    assert sites.model.index(0, 0).data() is not None
    assert records.load(workspace, site_id)[1]["name"] == "Mill 9"


def test_a_save_while_another_write_runs_keeps_the_form(
    qtbot: Any, workspace: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(ui_ops, "UI_WRITE_WAIT_S", 0.0)
    editor = RecordEditor(workspace, "site")
    qtbot.addWidget(editor)
    editor.editors["name"].set_value("Mill 10")
    editor.editors["country"].set_value("BD")
    before = workspace.counts()["site"]
    with workspace.writing():  # e.g. a merge on the thread pool
        assert editor.save() is None
    assert "nothing was saved" in editor.banner.text()
    assert editor.editors["name"].value() == "Mill 10"
    assert workspace.counts()["site"] == before
    assert editor.save() is not None
    assert workspace.counts()["site"] == before + 1
