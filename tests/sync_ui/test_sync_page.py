"""The Sync page with pytest-qt: enrol, export, merge several bundles, resolve a conflict,
review duplicates. Screenshots are saved for a look."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.trust import export_identity
from aces_desktop.ui.sync_page import SyncPage
from tests.helpers import add
from tests.sync.conftest import enrol, make

SHOTS = Path(os.environ.get("ACES_SHOTS", "")) if os.environ.get("ACES_SHOTS") else None


def _grab(page: SyncPage, name: str, tmp_path: Path) -> Path:
    target = (SHOTS or tmp_path) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    assert page.grab().save(str(target))
    return target


def test_sync_page_end_to_end(qtbot: Any, tmp_path: Path) -> None:
    coord = make(tmp_path, "Coordinator HQ", "coordinator")
    f1 = make(tmp_path, "Hotan team", "field")
    f2 = make(tmp_path, "Kashgar team", "field")
    enrol(coord, f1, tmp_path / "ids")
    export_identity(f2, tmp_path / "f2.json")
    export_identity(coord, tmp_path / "coord.json")
    from aces_desktop.sync.trust import read_identity, trust_identity

    trust_identity(f2, read_identity(tmp_path / "coord.json"))
    page = SyncPage(coord)
    qtbot.addWidget(page)
    page.resize(1000, 640)
    page.show()
    assert page.fingerprint_label.text().count(" ") >= 7
    assert page.devices.model().rowCount() == 1
    # Enrol the second field device from its identity file (no confirmation dialog).
    assert page.add_trusted(tmp_path / "f2.json", confirm=False)
    assert page.devices.model().rowCount() == 2
    names = {page.devices.model().index(i, 0).data() for i in range(2)}
    assert names == {"Hotan team", "Kashgar team"}
    # Both field devices record the same site differently, plus a concurrent edit.
    site = add(f1, "site", name="Hotan Huajin Textile Co.", country="CN")
    export_bundle(f1, tmp_path / "seed.aces")
    from aces_desktop.sync.merge import merge_bundle

    merge_bundle(coord, tmp_path / "seed.aces")
    export_bundle(coord, tmp_path / "to-f2.aces", to=[f2.device_id])
    merge_bundle(f2, tmp_path / "to-f2.aces")
    add(f2, "site", name="Hotan Huajin Textile Company", country="CN")
    for ws, region in ((f1, "Hotan"), (f2, "Hotan Prefecture")):
        with ws.session() as s:
            content = ws.records.get(s, site)[1]
            ws.records.put(s, "site", {**content, "region": region}, site)
    b1 = tmp_path / "in" / "f1.aces"
    b2 = tmp_path / "in" / "f2.aces"
    b1.parent.mkdir()
    export_bundle(f1, b1)
    export_bundle(f2, b2)
    junk = tmp_path / "in" / "junk.aces"
    junk.write_bytes(b"not a bundle")
    with qtbot.waitSignal(page.merge_finished, timeout=60_000) as blocker:
        page.start_merge([b1, b2, junk])
    results = blocker.args[0]
    assert [bool(r.refused) for r in results] == [False, False, True]
    assert page.summary.model().rowCount() == 3
    assert "not a sync bundle" in page.summary.model().index(2, 6).data()
    assert "2 of 3" in page.status.text()
    assert page.conflict_list.model().rowCount() == 1
    assert page.duplicates.model().rowCount() == 1
    page.tabs.setCurrentIndex(1)
    _grab(page, "sync-merge.png", tmp_path)
    page.tabs.setCurrentIndex(2)
    region_row = next(
        i
        for i in range(page.compare.rowCount())
        if page.compare.verticalHeaderItem(i).text().lower().startswith("region")
    )
    values = {page.compare.item(region_row, 0).text(), page.compare.item(region_row, 1).text()}
    assert values == {"Hotan", "Hotan Prefecture"}
    _grab(page, "sync-conflict.png", tmp_path)
    page.compare.item(region_row, 2).setText("Hotan Prefecture (Hotan city)")
    assert page.resolve_current(None)
    assert page.conflict_list.model().rowCount() == 0
    with coord.session() as s:
        assert coord.records.get(s, site)[1]["region"] == "Hotan Prefecture (Hotan city)"
    page.tabs.setCurrentIndex(3)
    _grab(page, "sync-duplicates.png", tmp_path)
    dialog = page.merge_current(keep_first=True)
    assert dialog is not None
    dialog.merge_button.click()
    assert page.duplicates.model().rowCount() == 0
    # Export back to a folder, off the UI thread.
    out = tmp_path / "usb"
    out.mkdir()
    page.tabs.setCurrentIndex(1)
    with qtbot.waitSignal(page.export_finished, timeout=60_000) as done:
        page.start_export(out)
    assert not isinstance(done.args[0], str), done.args[0]
    assert list(out.glob("*.aces"))
    assert "Wrote" in page.status.text()
    for ws in (coord, f1, f2):
        ws.close()
