"""A new user's walk through the main window (issue 16): empty lists, selection after a
save, overdue requests, Export scorecard from the Charts tab."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt

from aces_desktop.ui.main_window import MainWindow
from tests.helpers import add


def test_export_scorecard_on_the_charts_tab_uses_the_subject_shown(
    qtbot: Any, window: MainWindow
) -> None:
    from aces_desktop.ui.features import install_features

    features = install_features(window)
    ratings = features.menus.ratings
    window.show_page("ratings")
    qtbot.waitUntil(lambda: bool(ratings.results), timeout=30_000)
    ratings.tabs.setCurrentWidget(ratings.company_table)
    ratings.company_table.selectRow(0)
    chosen = ratings.selected_result()
    assert chosen is not None
    ratings.tabs.setCurrentWidget(ratings.charts)
    assert features.menus.selected_rating() == (chosen.kind, chosen.subject_id)


def test_an_empty_list_says_what_it_holds_and_offers_the_first_step(
    qtbot: Any, window: MainWindow, monkeypatch: Any
) -> None:
    window.show_page("company_responses")
    page = window.list_page("company_response")
    qtbot.waitUntil(lambda: page.model.loaded)
    assert page.model.rowCount() == 0
    assert page.empty.isVisible() and not page.table.isVisible()
    assert "request sent to a company" in page.empty_text.text()
    with qtbot.waitSignal(window.new_requested) as signal:
        page.empty_new.click()
    assert signal.args == ["company_response"]
    opened: list[bool] = []
    monkeypatch.setattr(window, "import_records", lambda *_a: opened.append(True))
    page.empty_import.click()
    assert opened == [True]
    # A list with records shows the table, and a search with no match is not "empty".
    sites = window.list_page("site")
    window.show_page("sites")
    qtbot.waitUntil(lambda: sites.model.rowCount() > 0)
    assert sites.table.isVisible() and not sites.empty.isVisible()
    sites.search.setText("no such site anywhere")
    sites.apply_search()
    assert sites.model.rowCount() == 0 and not sites.empty.isVisible()


def test_the_selection_is_kept_after_a_save(
    qtbot: Any, window: MainWindow, world: dict[str, str]
) -> None:
    from aces_desktop.ops import records
    from aces_desktop.ui import ops as ui_ops

    add(window.workspace, "site", name="Second Mill", country="PK")
    window.refresh()
    window.show_page("sites")
    sites = window.list_page("site")
    qtbot.waitUntil(lambda: sites.model.rowCount() == 2)
    row = next(r for r in range(2) if sites.model.record_id(r) == world["site"])
    sites.select_row(row)
    assert sites.selected_id() == world["site"]
    _kind, content = records.load(window.workspace, world["site"])
    with qtbot.waitSignal(sites.model.modelReset):
        ui_ops.applied(
            window.workspace,
            records.save(window.workspace, "site", {**content, "region": "Kashgar"}, world["site"]),
        )
    assert sites.selected_id() == world["site"]
    assert "Kashgar" in " ".join(
        label.text() for label in sites.detail.widget().findChildren(type(sites.count_label))
    )


def test_overdue_requests_are_flagged_in_the_company_responses_list(
    qtbot: Any, window: MainWindow, world: dict[str, str]
) -> None:
    sent = (dt.date.today() - dt.timedelta(days=90)).isoformat()
    recent = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    add(
        window.workspace,
        "company_response",
        company_id=world["company"],
        subject="Audit reports 2025",
        request_sent_on=sent,
        channel="email",
    )
    add(
        window.workspace,
        "company_response",
        company_id=world["company"],
        subject="Supplier list",
        request_sent_on=recent,
        channel="email",
    )
    window.refresh()
    window.show_page("company_responses")
    page = window.list_page("company_response")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    flagged = {
        page.model.index(r, 0).data(): page.model.index(r, 0).data(Qt.ItemDataRole.ToolTipRole)
        for r in range(2)
    }
    assert "unanswered for 90 days" in (flagged["Audit reports 2025"] or "")
    assert not flagged["Supplier list"]
    row = next(r for r in range(2) if page.model.index(r, 0).data() == "Audit reports 2025")
    assert page.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole) is not None


def test_unsent_changes_update_after_exporting_a_bundle(
    qtbot: Any, window: MainWindow, tmp_path: Any
) -> None:
    from aces_desktop.ui.features import install_features
    from tests.sync.conftest import enrol, make

    coord = make(tmp_path, "Coordinator", "coordinator")
    try:
        enrol(coord, window.workspace, tmp_path / "ids")
        features = install_features(window)
        status = window.status
        window.update_status()
        qtbot.waitUntil(lambda: bool(status.unsent) and status.task is None, timeout=10_000)
        assert status.unsent_label.text() != "Unsent changes: 0"
        out = tmp_path / "usb"
        out.mkdir()
        sync = features.menus.sync
        with qtbot.waitSignal(sync.export_finished, timeout=60_000) as done:
            assert sync.start_export(out) is not None
        assert not isinstance(done.args[0], str), done.args[0]
        # Nothing else asks for a count: the page's export itself brings it to 0.
        qtbot.waitUntil(lambda: status.unsent == 0, timeout=10_000)
        assert status.unsent_label.text() == "Unsent changes: 0"
    finally:
        coord.close()


def test_attachments_from_the_detail_pane(
    qtbot: Any, window: MainWindow, world: dict[str, str]
) -> None:
    from aces_desktop.ui.features import install_features
    from aces_desktop.ui.forms.attachments import AttachmentsWidget

    hub = install_features(window).editing
    sites = window.list_page("site")
    sites.select_row(0)
    button = sites.detail.attachments_button
    assert button.isVisible() and button.text() == "Photos and documents…"
    button.click()
    dialog = hub.dialogs[-1]
    widget = dialog.findChild(AttachmentsWidget)
    assert widget is not None and widget.owner_id == world["site"]
    dialog.reject()


def test_delete_confirmations_name_the_record(
    qtbot: Any, window: MainWindow, world: dict[str, str], monkeypatch: Any
) -> None:
    from aces_desktop.ui import dialogs
    from aces_desktop.ui.forms.record_editor import RecordEditor

    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or False)
    window.show_page("companies")
    companies = window.list_page("company")
    qtbot.waitUntil(lambda: companies.model.rowCount() == 1)
    companies.select_row(0)
    companies.delete_action.trigger()
    assert asked and "Northwind Apparel" in asked[0]
    assert companies.model.rowCount() == 1  # refused: nothing deleted
    editor = RecordEditor(window.workspace, "company", world["company"])
    qtbot.addWidget(editor)
    box = editor.request_delete()
    assert "Northwind Apparel" in box.text()
    box.reject()
