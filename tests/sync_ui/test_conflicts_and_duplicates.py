"""Conflict resolution reads each result value by its field's kind and shows problems beside
the cell; keeping a version and merging duplicate sites ask first (issue 16, items 1-2)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from aces_desktop.ui import dialogs
from aces_desktop.ui.sync_page import SyncPage
from tests.helpers import add
from tests.sync.conftest import enrol, make


@pytest.fixture
def coordinator_with_work(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A coordinator holding one conflict (a site edited on two devices) and one pair of
    likely duplicate sites."""
    coord = make(tmp_path, "Coordinator HQ", "coordinator")
    f1 = make(tmp_path, "Hotan team", "field")
    f2 = make(tmp_path, "Kashgar team", "field")
    enrol(coord, f1, tmp_path / "ids")
    enrol(coord, f2, tmp_path / "ids")
    site = add(f1, "site", name="Hotan Huajin Textile Co.", country="CN", workforce_size=900)
    export_bundle(f1, tmp_path / "seed.aces")
    merge_bundle(coord, tmp_path / "seed.aces")
    export_bundle(coord, tmp_path / "to-f2.aces", to=[f2.device_id])
    merge_bundle(f2, tmp_path / "to-f2.aces")
    twin = add(
        f2,
        "site",
        name="Hotan Huajin Textile Company",
        country="CN",
        address="8 Tuanjie Road, Hotan",
        latitude=37.11,
        longitude=79.93,
        other_names=[{"text": "和田华锦纺织有限公司", "lang": "zh"}],
    )
    company = add(f2, "company", name="Northwind Apparel", kind="brand", country="GB")
    add(f2, "company_site", company_id=company, site_id=twin, relation="sources_from")
    add(f2, "visit", site_id=twin, start_date="2026-09-01", method="unannounced")
    for ws, region, size in ((f1, "Hotan", 900), (f2, "Hotan Prefecture", 950)):
        with ws.session() as s:
            content = ws.records.get(s, site)[1]
            ws.records.put(s, "site", {**content, "region": region, "workforce_size": size}, site)
    for ws, name in ((f1, "f1"), (f2, "f2")):
        export_bundle(ws, tmp_path / f"{name}.aces")
        merge_bundle(coord, tmp_path / f"{name}.aces")
    yield {"coord": coord, "site": site, "twin": twin}
    for ws in (coord, f1, f2):
        ws.close()


def _page(qtbot: Any, coord: Any) -> SyncPage:
    page = SyncPage(coord)
    qtbot.addWidget(page)
    page.resize(1100, 640)
    page.show()
    return page


def _row(page: SyncPage, name: str) -> int:
    return next(
        i
        for i in range(page.compare.rowCount())
        if page.compare.verticalHeaderItem(i).text().lower().startswith(name)
    )


def test_result_column_is_read_by_field_kind(
    qtbot: Any, coordinator_with_work: dict[str, Any], monkeypatch: Any
) -> None:
    coord, site = coordinator_with_work["coord"], coordinator_with_work["site"]
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text: errors.append(text))
    page = _page(qtbot, coord)
    page.tabs.setCurrentIndex(2)
    assert page.conflict_list.model().rowCount() == 1
    size = _row(page, "workforce")
    # A number that is not one: the problem stands beside the cell, nothing is saved.
    page.compare.item(size, 2).setText("about 1250")
    assert "whole number" in page.problems_shown()["workforce_size"]
    assert page.compare.item(size, 3).text() == page.problems_shown()["workforce_size"]
    assert not page.resolve_current(None)
    assert errors == []  # no generic dialog
    assert page.conflict_list.model().rowCount() == 1
    # The schema's own range check also lands beside its cell.
    page.compare.item(size, 2).setText("-5")
    assert not page.resolve_current(None)
    assert "workforce_size" in page.problems_shown() and errors == []
    # 1250 typed as text is saved as the whole number 1250.
    page.compare.item(size, 2).setText("1250")
    assert "workforce_size" not in page.problems_shown()
    assert page.resolve_current(None), errors
    assert page.conflict_list.model().rowCount() == 0
    with coord.session() as s:
        assert coord.records.get(s, site)[1]["workforce_size"] == 1250
    assert "Resolved" in page.conflict_status.text()


def test_keeping_a_version_asks_first(
    qtbot: Any, coordinator_with_work: dict[str, Any], monkeypatch: Any
) -> None:
    coord = coordinator_with_work["coord"]
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or answer[0])
    page = _page(qtbot, coord)
    page.tabs.setCurrentIndex(2)
    page.keep_b.click()
    assert asked and "Hotan Huajin Textile Co." in asked[0] and "version B" in asked[0]
    assert page.conflict_list.model().rowCount() == 1  # refused: nothing done
    answer[0] = True
    page.keep_b.click()
    assert page.conflict_list.model().rowCount() == 0
    assert "Kept version B" in page.conflict_status.text()


def test_merging_duplicates_shows_both_sites_and_asks(
    qtbot: Any, coordinator_with_work: dict[str, Any], tmp_path: Path
) -> None:
    coord, twin = coordinator_with_work["coord"], coordinator_with_work["twin"]
    page = _page(qtbot, coord)
    page.tabs.setCurrentIndex(3)
    assert page.duplicates.model().rowCount() == 1
    first_is_twin = page.duplicates.model().index(0, 0).data() == "Hotan Huajin Textile Company"
    dialog = page.merge_current(keep_first=first_is_twin)  # keep the richer record
    assert dialog is not None and dialog.isVisible()
    shown = {
        dialog.table.verticalHeaderItem(r).text(): dialog.table.item(r, 0).text()
        for r in range(dialog.table.rowCount())
    }
    assert shown["Name"] == "Hotan Huajin Textile Company"
    assert "和田华锦纺织有限公司" in shown["Other names"]
    assert "8 Tuanjie Road" in shown["Address"]
    assert shown["Coordinates"].startswith("37.11")
    assert shown["Linked companies"] == "Northwind Apparel"
    assert shown["Visits"] == "1"
    assert "Open Supply Hub id" in shown
    assert dialog.table.item(0, 1).text() == "Hotan Huajin Textile Co."
    assert dialog.grab().save(str(tmp_path / "merge.png"))
    # Cancel: nothing merged.
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    assert page.duplicates.model().rowCount() == 1
    dialog = page.merge_current(keep_first=first_is_twin)
    assert dialog is not None
    dialog.merge_button.click()
    assert page.duplicates.model().rowCount() == 0
    assert "Merged 'Hotan Huajin Textile Co.' into 'Hotan Huajin Textile Company'" in (
        page.duplicate_status.text()
    )
    with coord.session() as s:
        assert "Hotan Huajin Textile Co." in coord.records.get(s, twin)[1]["aliases"]


def test_conflict_headers_show_their_whole_text(
    qtbot: Any, coordinator_with_work: dict[str, Any]
) -> None:
    page = _page(qtbot, coordinator_with_work["coord"])
    page.resize(900, 600)
    page.tabs.setCurrentIndex(2)
    page._show_conflict(0)
    header = page.compare.horizontalHeader()
    metrics = header.fontMetrics()
    for column in range(page.compare.columnCount()):
        text = page.compare.horizontalHeaderItem(column).text()
        assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text


def test_a_refused_bundle_gives_its_whole_reason_and_the_remedy(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    coord = make(tmp_path, "Coordinator HQ", "coordinator")
    stranger = make(tmp_path, "Unknown laptop", "field")
    try:
        export_bundle_to_anyone = tmp_path / "ids"
        enrol(coord, stranger, export_bundle_to_anyone)
        export_bundle(stranger, tmp_path / "stranger.aces")
        # The coordinator forgets the device: the bundle now comes from an untrusted one.
        page = _page(qtbot, coord)
        from aces_desktop.ops import sync as sync_ops

        device = next(d for d in sync_ops.devices(coord) if d["name"] == "Unknown laptop")
        with coord.writing() as s:
            from aces_desktop.store import models as m

            s.get(m.Device, device["device_id"]).trusted = False
        with qtbot.waitSignal(page.merge_finished, timeout=60_000):
            page.start_merge([tmp_path / "stranger.aces"])
        model = page.summary.model()
        reason = model.index(0, 6).data()
        assert "does not trust" in reason and "aces trust" not in reason
        tooltip = model.index(0, 6).data(Qt.ItemDataRole.ToolTipRole)
        assert reason in tooltip.replace("&#x27;", "'")
        page.summary.selectRow(0)
        assert page.refusal_button.isEnabled()
        opened: list[bool] = []
        monkeypatch.setattr(page, "_ask_add_trusted", lambda: opened.append(True))
        box = page.show_refusal(0)
        assert box is not None and box.informativeText() == reason
        add = next(b for b in box.buttons() if b.text() == "Add trusted device from file…")
        add.click()
        assert opened == [True]
    finally:
        coord.close()
        stranger.close()


def test_export_without_a_trusted_device_offers_to_add_one(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    coord = make(tmp_path, "Lonely coordinator", "coordinator")
    try:
        page = _page(qtbot, coord)
        page.tabs.setCurrentIndex(1)
        assert page.start_export(tmp_path) is None
        assert page.enrol_button.isVisible() and page.enrol_hint.isVisible()
        assert "aces " not in page.enrol_hint.text()
        assert "identity file" in page.enrol_hint.text()
        asked: list[bool] = []
        monkeypatch.setattr(page, "_ask_add_trusted", lambda: asked.append(True))
        page.enrol_button.clicked.disconnect()
        page.enrol_button.clicked.connect(lambda: page._ask_add_trusted())
        page.enrol_button.click()
        assert asked == [True]
        assert not list(tmp_path.glob("*.aces"))
    finally:
        coord.close()


def test_cli_names_the_command_the_gui_offers_as_a_button(tmp_path: Path) -> None:
    from aces_desktop.cli import cli_hint
    from aces_desktop.core import messages as m

    assert cli_hint(m.WORKSPACE_TRUSTS_NO_DEVICE_YET()) == " (aces trust add FILE)"
    assert cli_hint(m.BUNDLE_REFUSED("x.aces", m.BUNDLE_FROM_UNTRUSTED("abc"))) == (
        " (aces trust add FILE)"
    )
    assert cli_hint(m.WRONG_PASSPHRASE()) == ""


def test_no_gui_string_tells_the_user_to_run_a_command() -> None:
    """Every translatable string of the GUI (the .ts sources) offers actions, not commands."""
    import re
    import xml.etree.ElementTree as ET

    from aces_desktop.core.resources import resource_path

    tree = ET.parse(resource_path("i18n", "aces_zh_CN.ts"))
    sources = [s.text or "" for s in tree.iter("source")]
    assert len(sources) > 500
    command = re.compile(r"\baces (trust|pki|bundle|pdf|report|register|export|pii|ca)\b")
    offending = [s for s in sources if command.search(s)]
    assert offending == []
