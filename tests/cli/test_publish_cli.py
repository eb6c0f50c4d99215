"""Review before publication: `aces publish ready|not-ready|list`; the register and batch
scorecards leave out what no coordinator marked ready and say how many; field devices
cannot mark anything ready, neither on their own workspace nor through a bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_assess_cli import aces, ok
from tests.conftest import CHEAP_KDF, PASSPHRASE
from tests.helpers import add


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    from aces_desktop.store.workspace import Workspace

    path = tmp_path / "ws"
    ws = Workspace.create(path, PASSPHRASE, role="coordinator", name="HQ", kdf=CHEAP_KDF)
    try:
        ids = {
            "gsa": add(ws, "initiative", name="Garment Safety Accord"),
            "efi": add(ws, "initiative", name="Ethical Fibre Initiative"),
            "northwind": add(ws, "company", name="Northwind Apparel", kind="brand"),
            "site": add(ws, "site", name="Mill 1", country="BD", disclosure="full"),
        }
    finally:
        ws.close()
    return path, ids


def test_publish_commands_and_what_the_register_and_batch_leave_out(
    world: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    path, ids = world
    listed = json.loads(ok(path, "publish", "list", "--json"))["subjects"]
    assert {s["subject_id"]: (s["ready"], s["reasons"][0]) for s in listed} == {
        ids["gsa"]: (False, "not_marked"),
        ids["efi"]: (False, "not_marked"),
        ids["northwind"]: (False, "not_marked"),
    }
    # Nothing rated yet: every one also rests on insufficient evidence.
    assert all("insufficient_evidence" in s["reasons"] for s in listed)

    decision = ok(path, "publish", "ready", "--subject", ids["gsa"], "--note", "reviewed").strip()
    assert len(decision) == 36
    done = json.loads(ok(path, "publish", "ready", "--subject", ids["northwind"], "--json"))
    assert done["ready"] is True and done["subject_type"] == "company"
    ok(path, "publish", "ready", "--subject", ids["efi"])
    # A later decision about the same subject replaces the earlier one (same record).
    again = ok(path, "publish", "not-ready", "--subject", ids["efi"], "--note", "recheck A4")
    text = ok(path, "publish", "list")
    assert "2 of 3 ready to publish." in text
    assert "Ethical Fibre Initiative  (marked not ready" in text
    listed = {
        s["subject_id"]: s for s in json.loads(ok(path, "publish", "list", "--json"))["subjects"]
    }
    assert listed[ids["efi"]]["decision"]["id"] == again.strip()
    assert listed[ids["efi"]]["decision"]["note"] == "recheck A4"

    out = ok(path, "register", "export", "--out", str(tmp_path / "register"))
    assert "Skipped, not marked ready to publish: 1 initiative(s), 0 company(ies)" in out
    register = json.loads((tmp_path / "register" / "register.json").read_text("utf-8"))
    assert [i["name"] for i in register["initiatives"]] == ["Garment Safety Accord"]
    assert [c["name"] for c in register["companies"]] == ["Northwind Apparel"]
    assert "Ethical Fibre" not in (tmp_path / "register" / "initiatives.csv").read_text("utf-8")

    batch = json.loads(
        ok(path, "report", "--all", "--out", str(tmp_path / "cards"), "--jobs", "1", "--json")
    )
    assert batch["not_ready_skipped"] == 1
    names = {c["subject_name"] for c in batch["scorecards"]}
    assert names == {"Garment Safety Accord", "Northwind Apparel", "Mill 1"}
    index = json.loads((tmp_path / "cards" / "scorecards.json").read_text("utf-8"))
    assert index["not_ready_skipped"] == 1
    text = ok(
        path,
        "report",
        "--all",
        "--kind",
        "initiative",
        "--out",
        str(tmp_path / "c2"),
        "--jobs",
        "1",
    )
    assert "1 initiative(s) and company(ies) not marked ready to publish were skipped" in text


def test_refused_input_and_a_field_workspace(
    world: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    path, ids = world
    done = aces(path, "publish", "ready", "--subject", ids["site"])
    assert done.returncode == 1
    assert "--subject" in done.stderr and "is a site" in done.stderr
    from aces_desktop.store.workspace import Workspace

    field = tmp_path / "field"
    ws = Workspace.create(field, PASSPHRASE, role="field", name="Field", kdf=CHEAP_KDF)
    try:
        initiative = add(ws, "initiative", name="Accord")
    finally:
        ws.close()
    done = aces(field, "publish", "ready", "--subject", initiative)
    assert done.returncode == 1
    assert "Only a coordinator can mark an assessment ready to publish" in done.stderr
    assert json.loads(ok(field, "info", "--json"))["counts"].get("publication", 0) == 0


def test_a_field_device_marking_ready_is_refused_at_merge(tmp_path: Path) -> None:
    from aces_desktop.core.errors import AcesError
    from aces_desktop.ops import publication, query
    from aces_desktop.store.records import Author, RecordStore
    from aces_desktop.sync.export import export_bundle
    from aces_desktop.sync.merge import merge_bundle
    from tests.sync.conftest import enrol, make

    coord, field = make(tmp_path, "coord", "coordinator"), make(tmp_path, "field", "field")
    try:
        enrol(coord, field, tmp_path / "ids")
        initiative = add(field, "initiative", name="Accord")
        with pytest.raises(AcesError, match="Only a coordinator"):
            publication.mark(field, initiative, True)
        with pytest.raises(AcesError, match="Only a coordinator"):
            add(
                field,
                "publication",
                subject_type="initiative",
                subject_id=initiative,
                ready=True,
                decided_at="2026-11-30T00:00:00+00:00",
            )
        # A tampered client writes one anyway; the coordinator refuses the whole bundle.
        field.records = RecordStore(
            Author(field.meta.device_id, field.meta.person_id, "coordinator")
        )
        add(
            field,
            "publication",
            subject_type="initiative",
            subject_id=initiative,
            ready=True,
            decided_at="2026-11-30T00:00:00+00:00",
        )
        before = query(coord, coord.records.state_hash)
        export_bundle(field, tmp_path / "f.aces")
        with pytest.raises(AcesError, match="only a coordinator may"):
            merge_bundle(coord, tmp_path / "f.aces")
        assert publication.ready_ids(coord) == set()
        assert query(coord, coord.records.state_hash) == before
    finally:
        coord.close()
        field.close()


def test_a_coordinator_decision_travels_to_field_devices(tmp_path: Path) -> None:
    from aces_desktop.ops import publication
    from aces_desktop.sync.export import export_bundle
    from aces_desktop.sync.merge import merge_bundle
    from tests.sync.conftest import enrol, make

    coord, field = make(tmp_path, "coord", "coordinator"), make(tmp_path, "field", "field")
    try:
        enrol(coord, field, tmp_path / "ids")
        initiative = add(coord, "initiative", name="Accord")
        publication.mark(coord, initiative, True, "reviewed")
        export_bundle(coord, tmp_path / "back.aces", full=True)
        merge_bundle(field, tmp_path / "back.aces")
        assert publication.ready_ids(field) == {initiative}
    finally:
        coord.close()
        field.close()
