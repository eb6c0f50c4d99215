"""The status bar's "unsent changes": a field device's own changes not yet in a bundle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aces_desktop.store.listing import unsent_changes
from aces_desktop.sync.export import export_bundle
from tests.helpers import add


def test_exporting_a_bundle_clears_the_unsent_count(org: dict[str, Any], tmp_path: Path) -> None:
    field = org["f1"]
    before = unsent_changes(field.engine, field.device_id)
    add(field, "site", name="Unsent Mill", country="BD")
    assert unsent_changes(field.engine, field.device_id) == before + 1
    export_bundle(field, tmp_path / "one.aces")
    assert unsent_changes(field.engine, field.device_id) == 0
    add(field, "company", name="Later Brand", kind="brand")
    assert unsent_changes(field.engine, field.device_id) == 1
