"""Site disclosure in the redaction layer: withhold (default), no_address, full."""

from __future__ import annotations

import pytest

from aces_desktop.core import schema
from aces_desktop.core.redaction import may_leave, redact, redact_row


def site(level: str | None) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Faisalabad Spinning Mill",
        "country": "PK",
        "address": "Plot 9",
        "latitude": 31.4,
        "longitude": 73.1,
        "os_hub_id": "PK2022101ABCDEF",
    }
    if level:
        data["disclosure"] = level
    return schema.normalize("site", data)


def test_new_sites_are_withheld_by_default() -> None:
    assert site(None)["disclosure"] == "withhold"
    for path in ("register", "export"):
        assert not may_leave("site", site(None), path)
        assert redact("site", site(None), path) is None
    # Bundles to the coordinator and PDFs are not governed by the publication setting.
    assert redact("site", site(None), "bundle") == site(None)


@pytest.mark.parametrize("path", ["register", "export"])
def test_no_address_drops_location(path: str) -> None:
    out = redact("site", site("no_address"), path)  # type: ignore[arg-type]
    assert out is not None and out["name"] == "Faisalabad Spinning Mill"
    assert out["address"] is None and out["latitude"] is None and out["longitude"] is None
    assert out["os_hub_id"] is None
    full = redact("site", site("full"), path)  # type: ignore[arg-type]
    assert full == site("full")


def test_unknown_disclosure_value_counts_as_withhold() -> None:
    broken = {**site("full"), "disclosure": "publish-everything"}
    assert redact("site", broken, "register") is None


def test_rows_without_disclosure_column_are_withheld() -> None:
    assert redact_row("site", {"name": "Mill"}, "export") is None
    row = {"name": "Mill", "disclosure": "no_address", "address": "Plot 9", "id": "x"}
    assert redact_row("site", row, "export") == {
        "name": "Mill",
        "disclosure": "no_address",
        "address": None,
        "id": "x",
    }
