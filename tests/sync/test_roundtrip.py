"""Field -> coordinator -> field, conflicts, tombstones, consent, the independent age tool."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.core.errors import AcesError
from aces_desktop.sync.conflicts import list_conflicts, resolve_conflict
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from aces_desktop.sync.verify import verify_bundle
from tests.helpers import SECRET_NOTE, add, small_world


def _get(ws: Any, rid: str) -> dict[str, Any]:
    with ws.session() as s:
        return ws.records.get(s, rid)[1]


def test_round_trip_field_to_coordinator_to_field(org: dict[str, Any]) -> None:
    coord, f1, f2, d = org["coord"], org["f1"], org["f2"], org["dir"]
    ids = small_world(f1)
    device_note = add(
        f1,
        "worker_note",
        site_id=ids["site"],
        pseudonym="W-2",
        consent_scope="device",
        narrative="stays on the device",
    )
    out = export_bundle(f1, d / "f1.aces")
    assert out.revisions == 8 and out.withheld == 1
    before = coord.state_hash()
    result = merge_bundle(coord, d / "f1.aces")
    assert result.new_revisions == 8 and result.created == 7
    assert coord.state_hash() != before
    # Everything shareable arrived; the device-only worker note did not.
    assert _get(coord, ids["note"])["narrative"] == SECRET_NOTE
    with pytest.raises(AcesError):
        _get(coord, device_note)
    assert coord.state_hash() == f1.state_hash()
    # Same bundle again: nothing changes.
    again = merge_bundle(coord, d / "f1.aces")
    assert again.new_revisions == 0 and coord.state_hash() == f1.state_hash()
    # The coordinator sends sites etc. back to the other field device, never worker notes.
    back = export_bundle(coord, d / "back.aces", to=[f2.device_id])
    assert back.withheld >= 2
    merge_bundle(f2, d / "back.aces")
    assert _get(f2, ids["site"])["name"] == "喀什恒润纺织有限公司"
    assert _get(f2, ids["company"])["name"] == "Northwind Apparel"
    for hidden in (ids["note"], ids["finding"]):
        with pytest.raises(AcesError):
            _get(f2, hidden)
    # f2 edits the site it received; the coordinator then has both devices' history.
    with f2.session() as s:
        site = f2.records.get(s, ids["site"])[1]
        f2.records.put(s, "site", {**site, "region": "Kashgar Prefecture"}, ids["site"])
    export_bundle(f2, d / "f2.aces")
    merge_bundle(coord, d / "f2.aces")
    assert _get(coord, ids["site"])["region"] == "Kashgar Prefecture"
    # And back to f1 (incremental: only what f1 has not acknowledged).
    back1 = export_bundle(coord, d / "back1.aces", to=[f1.device_id])
    merge_bundle(f1, d / "back1.aces")
    assert _get(f1, ids["site"])["region"] == "Kashgar Prefecture"
    assert back1.revisions < 20


def test_incremental_export_sends_only_unacknowledged(org: dict[str, Any]) -> None:
    coord, f1, d = org["coord"], org["f1"], org["dir"]
    small_world(f1)
    assert export_bundle(f1, d / "a.aces").revisions == 7
    # Not acknowledged yet: sent again.
    assert export_bundle(f1, d / "b.aces").revisions == 7
    merge_bundle(coord, d / "a.aces")
    export_bundle(coord, d / "ack.aces", to=[f1.device_id])
    merge_bundle(f1, d / "ack.aces")
    add(f1, "company", name="Later Co", kind="brand")
    assert export_bundle(f1, d / "c.aces").revisions == 1
    assert export_bundle(f1, d / "full.aces", full=True).revisions == 8


def test_concurrent_edits_become_a_conflict_and_are_resolved(org: dict[str, Any]) -> None:
    coord, f1, f2, d = org["coord"], org["f1"], org["f2"], org["dir"]
    site = add(f1, "site", name="Hotan Cotton Mill", country="CN", kind="mill")
    export_bundle(f1, d / "1.aces")
    merge_bundle(coord, d / "1.aces")
    export_bundle(coord, d / "to2.aces", to=[f2.device_id])
    merge_bundle(f2, d / "to2.aces")
    for ws, region in ((f1, "Hotan"), (f2, "Hotan Prefecture")):
        with ws.session() as s:
            content = ws.records.get(s, site)[1]
            ws.records.put(s, "site", {**content, "region": region}, site)
    export_bundle(f1, d / "e1.aces")
    export_bundle(f2, d / "e2.aces")
    merge_bundle(coord, d / "e2.aces")
    result = merge_bundle(coord, d / "e1.aces")
    assert result.conflicts == 1
    rows = list_conflicts(coord)
    assert [r["record_id"] for r in rows] == [site]
    regions = sorted(v["content"]["region"] for v in rows[0]["versions"])
    assert regions == ["Hotan", "Hotan Prefecture"]
    # Both revisions are kept in the history.
    with coord.session() as s:
        assert len(coord.records.heads(s, site)) == 2
    combined = {**rows[0]["versions"][0]["content"], "region": "Hotan Prefecture (Hotan)"}
    resolve_conflict(coord, site, content=combined)
    assert list_conflicts(coord) == []
    assert _get(coord, site)["region"] == "Hotan Prefecture (Hotan)"
    # The resolution travels back and ends the conflict on the field device too.
    export_bundle(coord, d / "r.aces", to=[f1.device_id])
    merge_bundle(f1, d / "r.aces")
    assert _get(f1, site)["region"] == "Hotan Prefecture (Hotan)"


def test_tombstones_propagate(org: dict[str, Any]) -> None:
    coord, f1, d = org["coord"], org["f1"], org["dir"]
    company = add(f1, "company", name="Gone Ltd", kind="supplier")
    export_bundle(f1, d / "1.aces")
    merge_bundle(coord, d / "1.aces")
    with f1.session() as s:
        f1.records.delete(s, "company", company)
    export_bundle(f1, d / "2.aces")
    merge_bundle(coord, d / "2.aces")
    with pytest.raises(AcesError):
        _get(coord, company)
    assert coord.state_hash() == f1.state_hash()


def test_gap_is_held_back_and_released_when_the_earlier_bundle_arrives(
    org: dict[str, Any],
) -> None:
    coord, f1, d = org["coord"], org["f1"], org["dir"]
    add(f1, "company", name="First", kind="brand")
    export_bundle(f1, d / "1.aces")
    # Pretend the coordinator acknowledged bundle 1 (e.g. it arrived by another route).
    from aces_desktop.store.sync_models import SyncAck

    with f1.session() as s:
        s.add(SyncAck(peer_id=coord.device_id, device_id=f1.device_id, seq=1))
    add(f1, "company", name="Second", kind="brand")
    export_bundle(f1, d / "2.aces")
    plan = verify_bundle(coord, d / "2.aces")
    assert plan.held and plan.held[0].known_tip == 0
    first = merge_bundle(coord, d / "2.aces")
    assert first.held == 1 and first.new_revisions == 0
    assert first.waiting == [
        {"device_id": f1.device_id, "held": 1, "missing_from": 1, "missing_to": 1}
    ]
    second = merge_bundle(coord, d / "1.aces")
    assert second.released == 1 and second.waiting == []
    assert coord.state_hash() == f1.state_hash()


def test_attachments_travel_and_stay_encrypted(org: dict[str, Any]) -> None:
    coord, f1, d = org["coord"], org["f1"], org["dir"]
    ids = small_world(f1)
    payload = b"\x89PNG fake photo bytes " * 5000
    sha, size = f1.blobs.put_bytes(payload)
    add(
        f1,
        "attachment",
        owner_type="finding",
        owner_id=ids["finding"],
        sha256=sha,
        media_type="image/png",
        size=size,
        original_name="dorm.png",
        consent_scope="coordinator",
    )
    out = export_bundle(f1, d / "att.aces")
    assert out.attachments == 1
    assert payload[:20] not in (d / "att.aces").read_bytes()
    result = merge_bundle(coord, d / "att.aces")
    assert result.attachments == 1
    assert coord.blobs.read_bytes(sha) == payload


def test_age_tool_decrypts_a_bundle_with_the_coordinator_identity(
    org: dict[str, Any], tmp_path: Path
) -> None:
    age = shutil.which("age")
    assert age, "the age command-line tool is required"
    coord, f1, d = org["coord"], org["f1"], org["dir"]
    small_world(f1)
    export_bundle(f1, d / "b.aces")
    from aces_desktop.sync.trust import age_identity

    identity = tmp_path / "coord.key"
    with coord.session() as s:
        identity.write_text(age_identity(s) + "\n")
    identity.chmod(0o600)
    plain = tmp_path / "b.tar"
    done = subprocess.run(
        [age, "-d", "-i", str(identity), "-o", str(plain), str(d / "b.aces")],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    with tarfile.open(plain) as tar:
        names = tar.getnames()
    assert names[0] == "FORMAT" and names[-2:] == ["manifest.json", "manifest.sig"]
    assert "revisions/000001.jsonl.gz" in names
    # A field device's own key cannot open it.
    other = tmp_path / "f1.key"
    with f1.session() as s:
        other.write_text(age_identity(s) + "\n")
    refused = subprocess.run(
        [age, "-d", "-i", str(other), str(d / "b.aces")], capture_output=True, check=False
    )
    assert refused.returncode != 0
