"""Revoking a device from the Sync page, and what it wrote marked in the detail pane and in
the rating explanation (pytest-qt, real widgets)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QTreeWidgetItem

from aces_desktop.store.sync_models import Revocation
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from aces_desktop.ui import dialogs
from aces_desktop.ui.detail_pane import DetailPane
from aces_desktop.ui.ratings import RECORD_ROLE, RatingsPage
from aces_desktop.ui.sync_page import SyncPage
from tests.helpers import add
from tests.sync.conftest import enrol, make


def _all_items(tree: Any) -> list[QTreeWidgetItem]:
    out: list[QTreeWidgetItem] = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        out.append(item)
        stack.extend(item.child(i) for i in range(item.childCount()))
    return out


def test_revoke_from_the_sync_page_marks_what_the_device_wrote(
    qtbot: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    coord = make(tmp_path, "Coordinator HQ", "coordinator")
    lost = make(tmp_path, "Hotan team", "field")
    enrol(coord, lost, tmp_path / "ids")
    initiative = add(coord, "initiative", name="Garment Safety Accord", acronym="GSA")
    export_bundle(coord, tmp_path / "back.aces")
    merge_bundle(lost, tmp_path / "back.aces")
    evidence = add(
        lost,
        "evidence",
        subject_type="initiative",
        subject_id=initiative,
        criterion="T1",
        level=3,
        source_type="document",
        evidence_date="2026-06-01",
        description="Supplier list published on the initiative's site",
    )
    export_bundle(lost, tmp_path / "lost.aces")
    merge_bundle(coord, tmp_path / "lost.aces")

    page = SyncPage(coord)
    qtbot.addWidget(page)
    page.resize(1000, 640)
    page.show()
    assert page.revoke_button.isVisible()
    assert page.devices.model().index(0, 4).data() == "Trusted"
    page.devices.selectRow(0)
    # The reason is asked for, then a confirmation naming the device.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("laptop seized", True))
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text: asked.append(text) or True)
    with qtbot.waitSignal(page.changed):
        page.revoke_button.click()
    assert asked and "Hotan team" in asked[0]
    assert page.devices.model().index(0, 4).data().startswith("Revoked on ")
    assert "laptop seized" in page.devices.model().index(0, 4).data()
    assert "Revoked 'Hotan team'" in page.status.text()
    with coord.session() as s:
        assert s.get(Revocation, lost.device_id) is not None
    # Revoking it again is refused with a message, not an exception.
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, message: errors.append(message))
    page.devices.selectRow(0)
    assert not page.revoke_selected(reason="again", confirm=False)
    assert errors and "revoked already" in errors[0]

    pane = DetailPane(coord)
    qtbot.addWidget(pane)
    pane.show_record("evidence", evidence)
    texts = [
        pane.form.itemAt(i).widget().text()
        for i in range(pane.form.count())
        if pane.form.itemAt(i).widget() is not None
    ]
    assert any("Written by a revoked device: Hotan team" in t for t in texts), texts
    pane.show_record("initiative", initiative)
    texts = [
        pane.form.itemAt(i).widget().text()
        for i in range(pane.form.count())
        if pane.form.itemAt(i).widget() is not None
    ]
    assert not any("revoked" in t for t in texts)

    ratings = RatingsPage(coord)
    ratings.as_of = dt.date(2026, 11, 25)
    qtbot.addWidget(ratings)
    with qtbot.waitSignal(ratings.scored, timeout=30_000):
        ratings.refresh()
    ratings.select_subject(initiative)
    marked = [
        item
        for item in _all_items(ratings.explanation)
        if item.data(0, RECORD_ROLE) == ("evidence", evidence)
    ]
    assert marked and "from a revoked device: Hotan team" in marked[0].text(0)
    page.grab().save(str(tmp_path / "sync-revoked.png"))
    coord.close()
    lost.close()


def test_field_device_has_no_revoke_button(qtbot: Any, tmp_path: Path) -> None:
    field = make(tmp_path, "Hotan team", "field")
    page = SyncPage(field)
    qtbot.addWidget(page)
    page.show()
    assert not page.revoke_button.isVisible()
    field.close()
