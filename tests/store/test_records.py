"""Records as revisions: round trips, history, tombstones, sealing, chains, conflicts,
and a state hash that does not depend on the order changes arrived in."""

from __future__ import annotations

import itertools
import random
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError, RecordNotFound, SealedRecord, ValidationError
from aces_desktop.core.revision import check_chain
from aces_desktop.store import models as m
from aces_desktop.store.records import table_for
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.helpers import add, small_world

SAMPLES: dict[str, dict[str, Any]] = {
    "site": {
        "name": "  阿克苏华锦纺织有限公司 ",
        "other_names": [{"text": "Aksu Huajin Textile", "lang": "en"}],
        "aliases": ["Huajin No. 2", "Huajin No. 2"],
        "kind": "MILL",
        "country": "cn",
        "region": "Xinjiang",
        "address": "工业园区 12 号",
        "latitude": 41.17,
        "longitude": 80.26,
        "os_hub_id": "CN2020101XYZ123",
        "products": ["cotton yarn"],
        "workforce_size": 1200,
        "tier": 2,
        "disclosure": "no_address",
        "notes": "note",
    },
    "company": {
        "name": "Kestrel Sportswear",
        "kind": "brand",
        "country": "DE",
        "website": "https://k.example",
    },
    "initiative": {"name": "Better Factories", "acronym": "BFP", "countries": ["KH", "VN"]},
    "person": {"name": "Li Wen", "role": "researcher", "organisation": "ACES"},
}


def test_every_record_type_round_trips(workspace: Workspace) -> None:
    ids = small_world(workspace)
    with workspace.session() as s:
        for type_name, data in SAMPLES.items():
            rid = workspace.records.put(s, type_name, data)
            kind, content = workspace.records.get(s, rid)
            assert kind == type_name
            assert content == schema.normalize(type_name, data)
        site = workspace.records.get(s, ids["site"])[1]
        assert site["other_names"][0]["text"] == "Kashgar Hengrun Textile Co., Ltd."
        extra: dict[str, dict[str, Any]] = {
            "company_site": {
                "company_id": ids["company"],
                "site_id": ids["site"],
                "relation": "sources_from",
                "tier": 2,
                "period_start": "2024-01-01",
                "period_end": "2025-01-01",
            },
            "membership": {
                "initiative_id": ids["initiative"],
                "company_id": ids["company"],
                "since": "2020-02-02",
            },
            "coverage": {
                "initiative_id": ids["initiative"],
                "site_id": ids["site"],
                "workers_covered": 900,
            },
            "company_response": {
                "company_id": ids["company"],
                "request_sent_on": "2026-01-01",
                "subject": "Cotton",
                "answered_on": "2026-02-01",
                "commitment_met": False,
            },
            "evidence": {
                "subject_type": "company",
                "subject_id": ids["company"],
                "criterion": "C3",
                "level": 2,
                "source_type": "document",
                "evidence_date": "2026-03-01",
                "facts": {"region": "CN-XJ"},
            },
            "attachment": {
                "owner_type": "finding",
                "owner_id": ids["finding"],
                "sha256": "a" * 64,
                "media_type": "image/png",
                "size": 10,
            },
            "amendment": {
                "target_type": "finding",
                "target_id": ids["finding"],
                "reason": "Typo in grade",
            },
        }
        for type_name, data in extra.items():
            rid = workspace.records.put(s, type_name, data)
            assert workspace.records.get(s, rid) == (type_name, schema.normalize(type_name, data))
    assert set(SAMPLES) | set(extra) | {"visit", "finding", "worker_note"} | set(
        schema.COORDINATOR_ONLY_TYPES
    ) == set(schema.RECORD_TYPES)


def test_publication_decisions_round_trip_in_a_coordinator_workspace_only(
    workspace: Workspace, coordinator: Workspace
) -> None:
    from aces_desktop.core.errors import AcesError

    data = {
        "subject_type": "initiative",
        "ready": True,
        "note": "reviewed",
        "decided_at": "2026-11-30T09:00:00+00:00",
    }
    for ws in (workspace, coordinator):
        initiative = small_world(ws)["initiative"]
        with ws.session() as s:
            if ws is workspace:
                with pytest.raises(AcesError, match="Only a coordinator"):
                    ws.records.put(s, "publication", {**data, "subject_id": initiative})
                continue
            rid = ws.records.put(s, "publication", {**data, "subject_id": initiative})
            assert ws.records.get(s, rid) == (
                "publication",
                schema.normalize("publication", {**data, "subject_id": initiative}),
            )


def test_orm_models_mirror_the_schema() -> None:
    for type_name, rt in schema.RECORD_TYPES.items():
        columns = {c.name for c in table_for(type_name).columns} - set(m.BOOKKEEPING_COLUMNS)
        assert columns == set(rt.field_names()), type_name


def test_update_keeps_history_and_delete_writes_a_tombstone(workspace: Workspace) -> None:
    site = add(workspace, "site", name="Old name", country="BD")
    with workspace.session() as s:
        workspace.records.put(s, "site", {"name": "New name", "country": "BD"}, site)
        workspace.records.delete(s, "site", site)
        history = workspace.records.history(s, site)
        assert [r.op for r in history] == ["put", "put", "delete"]
        assert history[1].parents == (history[0].rev,)
        assert history[2].parents == (history[1].rev,)
        assert history[0].content and history[0].content["name"] == "Old name"
        with pytest.raises(RecordNotFound):
            workspace.records.get(s, site)
        state = s.get(m.RecordState, site)
        assert state is not None and state.deleted
        assert s.get(m.Site, site) is None
    with workspace.session() as s, pytest.raises(RecordNotFound):
        workspace.records.delete(s, "site", site)


def test_references_are_checked(workspace: Workspace) -> None:
    ids = small_world(workspace)
    with workspace.session() as s:
        with pytest.raises(ValidationError, match="does not exist"):
            workspace.records.put(
                s,
                "visit",
                {
                    "site_id": "01a20f67-44ef-73e5-9736-a962aa3ab5ba",
                    "start_date": "2026-01-01",
                    "method": "remote",
                },
            )
        with pytest.raises(ValidationError, match="expected site"):
            workspace.records.put(
                s,
                "visit",
                {"site_id": ids["company"], "start_date": "2026-01-01", "method": "remote"},
            )
        other = workspace.records.put(s, "site", {"name": "Other", "country": "CN"})
        with pytest.raises(ValidationError, match="site of the finding's visit"):
            workspace.records.put(
                s, "finding", {"visit_id": ids["visit"], "site_id": other, "indicator": "ILO-01"}
            )
    with workspace.session() as s, pytest.raises(AcesError, match="still referred to"):
        workspace.records.delete(s, "site", ids["site"])


def test_sealed_visit_is_read_only_but_amendable(workspace: Workspace) -> None:
    ids = small_world(workspace)
    with workspace.session() as s:
        assert workspace.records.seal_visit(s, ids["visit"]) == 3  # visit, finding, note
    with workspace.session() as s:
        _, finding = workspace.records.get(s, ids["finding"])
        assert finding["sealed"] is True
        with pytest.raises(SealedRecord, match="sealed"):
            workspace.records.put(s, "finding", {**finding, "grade": 1}, ids["finding"])
        with pytest.raises(SealedRecord):
            workspace.records.delete(s, "worker_note", ids["note"])
        with pytest.raises(SealedRecord, match="nothing can be added"):
            workspace.records.put(
                s,
                "finding",
                {
                    "visit_id": ids["visit"],
                    "site_id": ids["site"],
                    "indicator": "ILO-01",
                    "grade": 0,
                },
            )
        with pytest.raises(SealedRecord, match="already sealed"):
            workspace.records.seal_visit(s, ids["visit"])
        correction = workspace.records.put(
            s, "finding", {**finding, "grade": 2, "sealed": False, "amends_id": ids["finding"]}
        )
        workspace.records.put(
            s,
            "amendment",
            {
                "target_type": "finding",
                "target_id": ids["finding"],
                "reason": "Grade corrected after document review",
            },
        )
        assert workspace.records.get(s, ids["finding"])[1]["grade"] == 3
        assert workspace.records.get(s, correction)[1]["amends_id"] == ids["finding"]


def test_own_revisions_form_a_hash_chain(workspace: Workspace) -> None:
    small_world(workspace)
    with workspace.session() as s:
        rows = s.execute(select(m.RevisionRow).order_by(m.RevisionRow.device_seq)).scalars().all()
        from aces_desktop.store.records import revision_from_row

        revs = [revision_from_row(r) for r in rows]
    assert [r.device_seq for r in revs] == list(range(1, len(revs) + 1))
    assert check_chain(revs) == []
    for r in revs:
        from aces_desktop.core.revision import content_matches, header_hash

        assert header_hash(r.header()) == r.rev
        assert content_matches(r)
    removed = revs[:3] + revs[4:]
    assert check_chain(removed), "a removed revision must break the chain"
    swapped = [revs[1], revs[0], *revs[2:]]
    assert check_chain(swapped), "reordered revisions must break the chain"


def _all_revisions(ws: Workspace) -> list[Any]:
    from aces_desktop.store.records import revision_from_row

    with ws.session() as s:
        return [revision_from_row(r) for r in s.execute(select(m.RevisionRow)).scalars()]


def _edits(ws: Workspace, seed: int, base: dict[str, str]) -> None:
    rng = random.Random(seed)
    with ws.session() as s:
        for i in range(6):
            choice = rng.random()
            if choice < 0.4:
                workspace_site = workspace_site_id = base["site"]
                workspace_site_id = workspace_site
                ws.records.put(
                    s, "site", {"name": f"Site v{seed}.{i}", "country": "CN"}, workspace_site_id
                )
            elif choice < 0.8:
                ws.records.put(
                    s,
                    "finding",
                    {
                        "visit_id": base["visit"],
                        "site_id": base["site"],
                        "indicator": rng.choice(["ILO-01", "ILO-03", "DW-02"]),
                        "grade": rng.randint(0, 3),
                    },
                )
            else:
                ws.records.put(s, "company", {"name": f"Co {seed}-{i}", "kind": "buyer"})


def test_state_hash_is_independent_of_arrival_order(tmp_path: Path) -> None:
    """Three devices edit from a shared start; every order of applying their revisions at a
    fourth workspace gives one state (conflicts included)."""
    origin = Workspace.create(tmp_path / "origin", PASSPHRASE, role="coordinator", name="origin")
    base = small_world(origin)
    start = _all_revisions(origin)
    devices = []
    for n in range(3):
        ws = Workspace.create(tmp_path / f"dev{n}", PASSPHRASE, role="field", name=f"dev{n}")
        with ws.session() as s:
            ws.records.apply(s, start)
        _edits(ws, n, base)
        devices.append(ws)
    batches = [_all_revisions(ws) for ws in devices]
    hashes = set()
    for order in itertools.permutations(range(3)):
        target = Workspace.create(
            tmp_path / f"t{''.join(map(str, order))}", PASSPHRASE, role="coordinator", name="t"
        )
        for idx in order:
            revs = list(batches[idx])
            random.Random(idx).shuffle(revs)  # even within a batch, order must not matter
            with target.session() as s:
                target.records.apply(s, revs)
        hashes.add(target.state_hash())
        with target.session() as s:
            assert ("site", base["site"]) in target.records.conflicts(s)
        target.close()
    assert len(hashes) == 1
    for ws in [origin, *devices]:
        ws.close()


def test_concurrent_edits_conflict_and_resolution(tmp_path: Path) -> None:
    a = Workspace.create(tmp_path / "a", PASSPHRASE, role="field", name="a")
    b = Workspace.create(tmp_path / "b", PASSPHRASE, role="coordinator", name="b")
    site = add(a, "site", name="Original", country="VN")
    with b.session() as s:
        b.records.apply(s, _all_revisions(a))
    with a.session() as s:
        a.records.put(s, "site", {"name": "Edited on A", "country": "VN"}, site)
    with b.session() as s:
        b.records.put(s, "site", {"name": "Edited on B", "country": "VN"}, site)
    with b.session() as s:
        result = b.records.apply(s, _all_revisions(a))
        assert result.conflicts == {site}
        heads = b.records.heads(s, site)
        assert sorted(h.content["name"] for h in heads if h.content) == [
            "Edited on A",
            "Edited on B",
        ]
    with b.session() as s:
        b.records.resolve(s, "site", site, {"name": "Edited on A and B", "country": "VN"})
    with b.session() as s:
        assert b.records.conflicts(s) == []
        last = b.records.heads(s, site)
        assert len(last) == 1 and len(last[0].parents) == 2
    with a.session() as s:
        a.records.apply(s, _all_revisions(b))
    assert a.state_hash() == b.state_hash()
    a.close()
    b.close()


def test_edit_concurrent_with_delete_keeps_the_record(tmp_path: Path) -> None:
    a = Workspace.create(tmp_path / "a", PASSPHRASE, role="field", name="a")
    b = Workspace.create(tmp_path / "b", PASSPHRASE, role="field", name="b")
    site = add(a, "site", name="Original", country="VN")
    with b.session() as s:
        b.records.apply(s, _all_revisions(a))
    with a.session() as s:
        a.records.delete(s, "site", site)
    with b.session() as s:
        b.records.put(s, "site", {"name": "Still there", "country": "VN"}, site)
    for x, y in ((a, b), (b, a)):
        with x.session() as s:
            x.records.apply(s, _all_revisions(y))
    for ws in (a, b):
        with ws.session() as s:
            assert ws.records.get(s, site)[1]["name"] == "Still there"
            assert ("site", site) in ws.records.conflicts(s)
    assert a.state_hash() == b.state_hash()
    a.close()
    b.close()


def test_applying_twice_changes_nothing(workspace: Workspace, tmp_path: Path) -> None:
    small_world(workspace)
    other = Workspace.create(tmp_path / "o", PASSPHRASE, role="coordinator", name="o")
    revs = _all_revisions(workspace)
    with other.session() as s:
        first = other.records.apply(s, revs)
    before = other.state_hash()
    with other.session() as s:
        second = other.records.apply(s, revs)
    assert first.new == len(revs) and second.new == 0 and second.already_known == len(revs)
    assert other.state_hash() == before == workspace.state_hash()
    other.close()


def test_device_only_worker_notes_are_outside_the_shared_state(workspace: Workspace) -> None:
    ids = small_world(workspace)
    before = workspace.state_hash()
    add(
        workspace,
        "worker_note",
        site_id=ids["site"],
        pseudonym="Worker Z",
        consent_scope="device",
        narrative="x",
    )
    assert workspace.state_hash() == before
    add(
        workspace,
        "worker_note",
        site_id=ids["site"],
        pseudonym="Worker Y",
        consent_scope="coordinator",
    )
    assert workspace.state_hash() != before
