"""Likely duplicate sites are queued on merge, never merged automatically; merging two
sites keeps both histories and travels as revisions."""

from __future__ import annotations

from typing import Any

import pytest

from aces_desktop.core.errors import AcesError
from aces_desktop.sync.duplicates import dismiss_duplicate, list_duplicates, merge_sites
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.helpers import add


def _get(ws: Any, rid: str) -> dict[str, Any]:
    with ws.session() as s:
        return ws.records.get(s, rid)[1]


def test_duplicates_are_queued_and_merged_by_a_person(org: dict[str, Any]) -> None:
    coord, f1, f2, d = org["coord"], org["f1"], org["f2"], org["dir"]
    a = add(
        f1,
        "site",
        name="和田华锦纺织有限公司",
        country="CN",
        other_names=[{"text": "Hotan Huajin Textile Co., Ltd.", "lang": "en"}],
        os_hub_id="CN2021044AB12CD",
    )
    visit = add(f1, "visit", site_id=a, start_date="2026-10-01", method="announced")
    b = add(f2, "site", name="Hotan Huajin Textile Company", country="CN")
    c = add(
        f2,
        "site",
        name="Dongguan Mingda Footwear",
        country="CN",
        address="12 Industrial Road, Dongguan",
        latitude=22.95,
        longitude=113.75,
    )
    near = add(f1, "site", name="Ruifeng Shoes", country="CN", latitude=22.951, longitude=113.751)
    osh = add(
        f2, "site", name="Completely different name", country="CN", os_hub_id="CN2021044AB12CD"
    )
    unrelated = add(f2, "site", name="Gazipur Knit Composite", country="BD")
    export_bundle(f1, d / "1.aces")
    export_bundle(f2, d / "2.aces")
    merge_bundle(coord, d / "1.aces")
    result = merge_bundle(coord, d / "2.aces")
    assert result.duplicates >= 3
    pairs = {
        frozenset((p["site_a"]["id"], p["site_b"]["id"])): p["reason"]
        for p in list_duplicates(coord)
    }
    assert pairs[frozenset((a, b))] == "similar names"
    assert pairs[frozenset((a, osh))] == "same Open Supply Hub id"
    assert "m apart" in pairs[frozenset((c, near))]
    assert not any(unrelated in pair for pair in pairs)
    # Nothing was merged automatically.
    assert _get(coord, b)["name"] == "Hotan Huajin Textile Company"
    # Merging the same bundle again queues nothing new.
    assert merge_bundle(coord, d / "2.aces").duplicates == 0
    dismiss_duplicate(
        coord,
        next(
            p["id"]
            for p in list_duplicates(coord)
            if {p["site_a"]["id"], p["site_b"]["id"]} == {c, near}
        ),
    )
    assert frozenset((c, near)) not in {
        frozenset((p["site_a"]["id"], p["site_b"]["id"])) for p in list_duplicates(coord)
    }
    done = merge_sites(coord, a, b)
    assert done.other_deleted
    kept = _get(coord, a)
    assert "Hotan Huajin Textile Company" in kept["aliases"]
    assert b in kept["notes"]
    with pytest.raises(AcesError):
        _get(coord, b)
    with coord.session() as s:
        history_b = coord.records.history(s, b)
    assert [r.op for r in history_b] == ["put", "delete"]
    # The merge syncs: a field device receives it as ordinary revisions.
    export_bundle(coord, d / "back.aces", to=[f2.device_id])
    merge_bundle(f2, d / "back.aces")
    with pytest.raises(AcesError):
        _get(f2, b)
    assert "Hotan Huajin Textile Company" in _get(f2, a)["aliases"]
    assert _get(coord, visit)["site_id"] == a


def test_merging_repoints_records(org: dict[str, Any]) -> None:
    coord = org["coord"]
    keep = add(coord, "site", name="Keep Mill", country="VN")
    other = add(coord, "site", name="Keep Mill (old)", country="VN")
    visit = add(coord, "visit", site_id=other, start_date="2026-10-01", method="remote")
    finding = add(
        coord,
        "finding",
        visit_id=visit,
        site_id=other,
        indicator="ILO-07",
        grade=1,
        source_type="direct_observation",
    )
    result = merge_sites(coord, keep, other)
    assert result.repointed == 2
    assert _get(coord, visit)["site_id"] == keep
    assert _get(coord, finding)["site_id"] == keep
    with pytest.raises(AcesError):
        merge_sites(coord, keep, keep)


def test_similar_names_in_other_scripts_are_queued(org: dict[str, Any]) -> None:
    coord, f1, f2, d = org["coord"], org["f1"], org["f2"], org["dir"]
    a = add(f1, "site", name="喀什恒润纺织有限公司", country="CN")
    b = add(f2, "site", name="喀什恒润纺织公司", country="CN")
    u1 = add(f1, "site", name="قەشقەر يىپەك توقۇمىچىلىق زاۋۇتى", country="CN")
    u2 = add(f2, "site", name="قەشقەر يىپەك توقۇمىچىلىق زاۋۇت", country="CN")
    other = add(f2, "site", name="苏州明达鞋业有限公司", country="CN")
    export_bundle(f1, d / "1.aces")
    export_bundle(f2, d / "2.aces")
    merge_bundle(coord, d / "1.aces")
    merge_bundle(coord, d / "2.aces")
    pairs = {frozenset((p["site_a"]["id"], p["site_b"]["id"])) for p in list_duplicates(coord)}
    assert frozenset((a, b)) in pairs
    assert frozenset((u1, u2)) in pairs
    assert not any(other in pair for pair in pairs)


def _site(sid: str, name: str) -> Any:
    from types import SimpleNamespace

    return SimpleNamespace(
        id=sid, name=name, other_names=[], aliases=[], address=None, latitude=None, longitude=None
    )


@pytest.mark.parametrize(
    ("first", "second", "duplicate"),
    [
        ("阿克苏华孚有限公司", "Aksu Huafu", True),
        ("ئاقسۇ خۇافۇ", "Aksu Huafu Co., Ltd.", True),
        ("ئاقسۇ خۇافۇ", "阿克苏华孚", True),
        ("ﺋﺎﻗﺴﯘ ﺧﯘﺍﻓﯘ", "ئاقسۇ خۇافۇ", True),  # presentation forms, as copied from a PDF
        ("Akesu Huafu Fangzhi", "阿克苏华孚纺织", True),
        ("阿克苏华孚纺织", "Gazipur Knit Composite", False),
        ("ئاقسۇ خۇافۇ", "Kashgar Hengrun", False),
    ],
)
def test_duplicates_across_scripts(first: str, second: str, duplicate: bool) -> None:
    """The duplicate check uses the search keys, so spellings in other scripts meet."""
    from aces_desktop.sync.duplicates import _Country

    a, b = _site("a", first), _site("b", second)
    found = _Country([a]).candidates(b)
    assert ("a" in found) is duplicate, (first, second, found)
