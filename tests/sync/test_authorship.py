"""Semantically hostile bundles, built as whoever holds a seized field laptop (and its
passphrase) can: signed with that enrolled device's real key, manifest and chain head made
to agree. Each is refused as a whole with exit 1, a message naming the problem, no
traceback and the coordinator's state unchanged; the impersonated device's genuine next
bundle still merges."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from aces_desktop.cli import main
from aces_desktop.core.errors import AcesError
from aces_desktop.core.ids import new_id
from aces_desktop.store.attachments import add_attachment
from aces_desktop.store.records import logical_clock
from aces_desktop.store.sync_models import ChainHead, Revocation
from aces_desktop.sync.agestream import BundleError
from aces_desktop.sync.authorship import CLOCK_AHEAD_LIMIT, parse_utc
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from aces_desktop.sync.trust import export_identity, read_identity, revoke_device, trust_identity
from aces_desktop.sync.verify import chain_tip, verify_bundle
from tests.conftest import PASSPHRASE
from tests.helpers import add
from tests.sync.conftest import enrol, make
from tests.sync.forge import Forge, lines_of, restate, rev_of, revision_line

REV1 = "revisions/000001.jsonl.gz"


def _head(ws: Any, record_id: str) -> str:
    with ws.session() as s:
        heads = ws.records.heads(s, record_id)
    assert len(heads) == 1
    return str(heads[0].rev)


def _content(ws: Any, record_id: str) -> dict[str, Any]:
    with ws.session() as s:
        return dict(ws.records.get(s, record_id)[1])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    d = tmp_path_factory.mktemp("authorship")
    w = make_world(d, make(d, "coord", "coordinator"))
    yield w
    for ws in (w["coord"], w["f1"], w["f2"], w["f3"]):
        ws.close()


def make_world(d: Path, coord: Any) -> dict[str, Any]:
    """Three field devices enrolled with ``coord`` (a workspace file, or a PostgreSQL store
    in tests/pg/test_pg_hostile.py), records of each, and the bundles the attacks start
    from."""
    f1 = make(d, "f1", "field")  # the seized laptop
    f2 = make(d, "f2", "field")  # the device it impersonates
    f3 = make(d, "f3", "field")  # receives the coordinator's bundles
    for f in (f1, f2, f3):
        enrol(coord, f, d / "ids")
    site2 = add(f2, "site", name="Hotan Cotton Mill", country="CN")
    export_bundle(f2, d / "f2-1.aces")
    merge_bundle(coord, d / "f2-1.aces")
    initiative = add(coord, "initiative", name="Garment Safety Accord", acronym="GSA")
    export_bundle(coord, d / "back.aces", full=True)
    merge_bundle(f1, d / "back.aces")
    company = add(f1, "company", name="Northwind Apparel", kind="brand", country="GB")
    photo = secrets.token_bytes(300_000)
    add_attachment(f1, "company", company, photo, "report.bin", consent_scope="coordinator")
    export_bundle(f1, d / "f1-valid.aces", full=True)
    # f2's genuine next change, exported before any attack is tried.
    with f2.session() as s:
        f2.records.put(s, "site", {**_content(f2, site2), "region": "Hotan"}, site2)
    export_bundle(f2, d / "f2-next.aces")
    forge = Forge(f1, coord, d / "f1-valid.aces")
    return {
        "coord": coord,
        "f1": f1,
        "f2": f2,
        "f3": f3,
        "dir": d,
        "forge": forge,
        "site2": site2,
        "initiative": initiative,
        "company": company,
    }


def _f1_lines(w: dict[str, Any]) -> list[dict[str, Any]]:
    return lines_of(w["forge"].members)


def _next_clock(w: dict[str, Any]) -> int:
    with w["coord"].session() as s:
        return logical_clock(s) + 1


def _build(
    w: dict[str, Any],
    out: Path,
    lines: list[dict[str, Any]],
    edit: Callable[[dict[str, Any]], None] | None = None,
    members: Any = None,
) -> Path:
    forge: Forge = w["forge"]
    members = members if members is not None else forge.with_lines(lines)

    def restated(man: dict[str, Any]) -> None:
        restate(man, members, w["f1"])
        if edit is not None:
            edit(man)

    return forge.build(out, members, edit=restated)


def _f1_next(w: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A new revision of f1's company, continuing f1's chain (as f1 would write it)."""
    lines = _f1_lines(w)
    last = lines[-1]
    company = w["company"]
    kw: dict[str, Any] = {
        "record_type": "company",
        "record_id": company,
        "device_id": w["f1"].device_id,
        "device_seq": last["h"]["device_seq"] + 1,
        "prev": rev_of(last),
        "parents": [_head(w["f1"], company)],
        "content": {**_content(w["f1"], company), "name": "Northwind Apparel Ltd"},
        "clock": _next_clock(w),
    }
    kw.update(changes)
    return revision_line(**kw)


def _as_other(w: dict[str, Any], who: str, record_id: str, content: Any) -> dict[str, Any]:
    ws = w[who]
    with w["coord"].session() as s:
        seq, tip = chain_tip(s, ws.device_id)
    return revision_line(
        record_type="site" if who == "f2" else "initiative",
        record_id=record_id,
        device_id=ws.device_id,
        device_seq=seq + 1,
        prev=tip,
        parents=[_head(w["coord"], record_id)],
        content=content,
        clock=_next_clock(w),
    )


def impersonate_field(w: dict[str, Any], out: Path) -> Path:
    site = w["site2"]
    forged = _as_other(w, "f2", site, {**_content(w["coord"], site), "name": "Renamed by f1"})
    return _build(w, out, [*_f1_lines(w), forged])


def impersonate_coordinator(w: dict[str, Any], out: Path) -> Path:
    tombstone = _as_other(w, "coord", w["initiative"], None)
    return _build(w, out, [*_f1_lines(w), tombstone])


def _stranger_line(w: dict[str, Any]) -> dict[str, Any]:
    """The first revision of a device nobody enrolled."""
    return revision_line(
        record_type="company",
        record_id=new_id(),
        device_id=new_id(),
        device_seq=1,
        prev=None,
        parents=[],
        content={"name": "Ghost Co", "kind": "brand"},
        clock=_next_clock(w),
    )


def unknown_device(w: dict[str, Any], out: Path) -> Path:
    return _build(w, out, [*_f1_lines(w), _stranger_line(w)])


def huge_clock(w: dict[str, Any], out: Path) -> Path:
    return _build(w, out, [*_f1_lines(w), _f1_next(w, clock=2**53)])


def clock_beyond_bound(w: dict[str, Any], out: Path) -> Path:
    lines = _f1_lines(w)
    bound = _next_clock(w) - 1 + len(lines) + 1 + CLOCK_AHEAD_LIMIT
    return _build(w, out, [*lines, _f1_next(w, clock=bound + 1)])


def missing_parent(w: dict[str, Any], out: Path) -> Path:
    return _build(w, out, [*_f1_lines(w), _f1_next(w, parents=["ab" * 32])])


def parent_of_another_record(w: dict[str, Any], out: Path) -> Path:
    other = _head(w["coord"], w["initiative"])
    return _build(w, out, [*_f1_lines(w), _f1_next(w, parents=[other])])


def impossible_time(w: dict[str, Any], out: Path) -> Path:
    return _build(w, out, [*_f1_lines(w), _f1_next(w, time="2026-02-30T25:61:61Z")])


def time_far_ahead(w: dict[str, Any], out: Path) -> Path:
    ahead = dt.datetime.now(dt.UTC) + dt.timedelta(days=10)
    text = ahead.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return _build(w, out, [*_f1_lines(w), _f1_next(w, time=text)])


def _manifest(edit: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any], Path], Path]:
    return lambda w, out: _build(w, out, _f1_lines(w), edit)


def _member_twice(man: dict[str, Any]) -> None:
    man["members"].append(dict(man["members"][0]))


def attachment_size_lie(w: dict[str, Any], out: Path) -> Path:
    lines = _f1_lines(w)
    for i, line in enumerate(lines):
        if line["h"]["record_type"] == "attachment":
            h = line["h"]
            lines[i] = revision_line(
                record_type="attachment",
                record_id=h["record_id"],
                device_id=h["device_id"],
                device_seq=h["device_seq"],
                prev=h["prev"],
                parents=h["parents"],
                content={**line["c"], "size": 10},
                clock=h["clock"],
                time=h["time"],
            )
            # Later revisions link to the changed one: rebuild the rest of the chain.
            for j in range(i + 1, len(lines)):
                hj = lines[j]["h"]
                lines[j] = revision_line(
                    record_type=hj["record_type"],
                    record_id=hj["record_id"],
                    device_id=hj["device_id"],
                    device_seq=hj["device_seq"],
                    prev=rev_of(lines[j - 1]),
                    parents=hj["parents"],
                    content=lines[j]["c"],
                    clock=hj["clock"],
                    time=hj["time"],
                )
            break
    else:  # pragma: no cover - the world has an attachment
        raise AssertionError("no attachment line")
    return _build(w, out, lines)


def head_not_matching(w: dict[str, Any], out: Path) -> Path:
    def wrong(man: dict[str, Any]) -> None:
        man["heads"][0]["rev"] = "cd" * 32

    return _build(w, out, _f1_lines(w), wrong)


def no_heads(w: dict[str, Any], out: Path) -> Path:
    return _build(w, out, _f1_lines(w), lambda man: man.__setitem__("heads", []))


def _set_in(key: str, sub: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda man: man[key].__setitem__(sub, value)


def _range_prev(man: dict[str, Any]) -> None:
    man["ranges"][0]["first_prev"] = "ef" * 32


CASES: dict[str, tuple[Callable[[dict[str, Any], Path], Path], str]] = {
    "another field device's revision": (impersonate_field, "another device than its sender"),
    "coordinator's tombstone": (impersonate_coordinator, "another device than its sender"),
    "device nobody enrolled": (unknown_device, "another device than its sender"),
    "clock 2^53": (huge_clock, "logical clock"),
    "clock beyond the bound": (clock_beyond_bound, "logical clock"),
    "parent that does not exist": (missing_parent, "parent revision that does not exist"),
    "parent of another record": (parent_of_another_record, "revision of another record"),
    "impossible time": (impossible_time, "not a real UTC timestamp"),
    "time far ahead": (time_far_ahead, "ahead of this computer's clock"),
    "wrong attachment count": (
        _manifest(_set_in("counts", "attachments", 0)),
        "number of attachments",
    ),
    "wrong withheld count": (_manifest(_set_in("counts", "withheld", 3)), "number of withheld"),
    "wrong first_prev": (_manifest(_range_prev), "do not match the ranges"),
    "member listed twice": (_manifest(_member_twice), "twice"),
    "bundle id is a path": (
        _manifest(lambda man: man.__setitem__("bundle_id", "../../etc/passwd")),
        "'bundle_id' is not a valid id",
    ),
    "impossible creation time": (
        _manifest(lambda man: man.__setitem__("created_at", "2026-13-01T00:00:00Z")),
        "'created_at'",
    ),
    "attachment larger than declared": (attachment_size_lie, "its record declares 10"),
    "head of another revision": (head_not_matching, "not covered by their author's signature"),
    "no chain heads": (no_heads, "not covered by their author's signature"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_forged_bundle_is_refused(
    case: str,
    world: dict[str, Any],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build, fragment = CASES[case]
    coord = world["coord"]
    path = build(world, tmp_path / "forged.aces")
    before = coord.state_hash()
    monkeypatch.setenv("ACES_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    code = main(["--workspace", str(coord.path), "bundle", "merge", str(path)])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert fragment in err, err
    assert "Traceback" not in err + out and "internal error" not in err
    assert coord.state_hash() == before
    # The device it tried to speak for is not locked out.
    verify_bundle(coord, world["dir"] / "f2-next.aces")


def test_the_forger_alone_makes_an_accepted_bundle(world: dict[str, Any], tmp_path: Path) -> None:
    """The forger's untouched rebuild (its own chain, re-signed) verifies: the refusals
    above are about what the cases change, not about the forger."""
    path = _build(world, tmp_path / "plain.aces", _f1_lines(world))
    plan = verify_bundle(world["coord"], path)
    assert plan.revisions == len(_f1_lines(world))
    # One more honest revision of its own is accepted too.
    path = _build(world, tmp_path / "next.aces", [*_f1_lines(world), _f1_next(world)])
    assert verify_bundle(world["coord"], path).revisions == len(_f1_lines(world)) + 1


def test_genuine_next_bundle_of_the_impersonated_device_merges(world: dict[str, Any]) -> None:
    coord = world["coord"]
    summary = merge_bundle(coord, world["dir"] / "f2-next.aces")
    assert summary.new_revisions == 1
    assert _content(coord, world["site2"])["region"] == "Hotan"


def _coordinator_forge(w: dict[str, Any], tmp: Path) -> Forge:
    """A bundle of the coordinator for f3, as a base for forwarding attacks."""
    path = tmp / "coord-to-f3.aces"
    export_bundle(w["coord"], path, full=True, to=[w["f3"].device_id])
    return Forge(w["coord"], w["f3"], path)


@pytest.mark.parametrize(
    ("keep_real_head", "fragment"),
    [(True, "not covered by their author's signature"), (False, "signature of its author")],
)
def test_forwarded_chain_altered_is_refused_by_the_field_device(
    world: dict[str, Any], tmp_path: Path, keep_real_head: bool, fragment: str
) -> None:
    """A coordinator's bundle whose copy of f2's chain was changed: the coordinator's own
    signatures are fine, but f2's real signed head no longer covers the chain, and a head
    made for the changed chain is not signed by f2."""
    forge = _coordinator_forge(world, tmp_path)
    lines = lines_of(forge.members)
    f2 = world["f2"].device_id
    # The last of f2's revisions, so that the hash chain itself stays whole.
    i = max(k for k, line in enumerate(lines) if line["h"]["device_id"] == f2)
    h = lines[i]["h"]
    lines[i] = revision_line(
        record_type=h["record_type"],
        record_id=h["record_id"],
        device_id=f2,
        device_seq=h["device_seq"],
        prev=h["prev"],
        parents=h["parents"],
        content={**lines[i]["c"], "name": "Altered on the way"},
        clock=h["clock"],
        time=h["time"],
    )
    members = forge.with_lines(lines)

    def agree(man: dict[str, Any]) -> None:
        heads = {h["device_id"]: h for h in man["heads"]}
        restate(man, members, world["coord"])
        # The coordinator cannot sign for f2: keep f2's real head, or claim one for f2
        # signed with the coordinator's key (what restate made).
        if keep_real_head:
            man["heads"] = [
                heads[x["device_id"]] if x["device_id"] == f2 else x for x in man["heads"]
            ]

    path = forge.build(tmp_path / "altered.aces", members, edit=agree)
    f3 = world["f3"]
    before = f3.state_hash()
    with pytest.raises(BundleError, match=fragment):
        merge_bundle(f3, path)
    assert f3.state_hash() == before


def test_identities_travel_and_forwarded_chains_verify(
    world: dict[str, Any], tmp_path: Path
) -> None:
    """f3 never enrolled f2, yet checks and accepts f2's chain forwarded by the coordinator."""
    from aces_desktop.store import models as m

    f3 = world["f3"]
    path = tmp_path / "coord.aces"
    export_bundle(world["coord"], path, full=True, to=[f3.device_id])
    merge_bundle(f3, path)
    with f3.session() as s:
        f2 = s.get(m.Device, world["f2"].device_id)
        assert f2 is not None and not f2.trusted and f2.role == "field"
        head = s.execute(
            select(ChainHead).where(ChainHead.device_id == world["f2"].device_id)
        ).scalar_one()
        assert head.signer == world["f2"].device_id and not head.legacy
    assert _content(f3, world["site2"])["name"] == "Hotan Cotton Mill"


def _verify_flipped(
    receiver: Any, valid: bytes, positions: list[int], tmp_path: Path
) -> dict[int, str]:
    """Verify ``valid`` with one bit flipped at each position, each try in a thread that must
    finish within a minute (a hang fails the test); the outcome of each try."""
    outcomes: dict[int, str] = {}
    for pos in positions:
        data = bytearray(valid)
        data[pos] ^= 1 << (pos % 8)
        path = tmp_path / "flipped.aces"
        path.write_bytes(bytes(data))

        def attempt(p: Path = path, at: int = pos) -> None:
            try:
                verify_bundle(receiver, p)
                outcomes[at] = "accepted"
            except AcesError as exc:
                outcomes[at] = exc.message

        worker = threading.Thread(target=attempt, daemon=True)
        worker.start()
        worker.join(timeout=60)
        assert not worker.is_alive(), f"verifying with bit {pos} of {len(valid)} flipped hangs"
    return outcomes


def test_bit_flips_never_hang(world: dict[str, Any], tmp_path: Path) -> None:
    """One flipped bit anywhere in a small real bundle: refused with a message, in bounded
    time (each try runs in a thread that must finish; a hang fails the test)."""
    valid = (world["dir"] / "f2-next.aces").read_bytes()
    coord = world["coord"]
    size = len(valid)
    # The age header, the middle of the payload and its last (final-flagged) chunk.
    positions = [
        *range(0, 200, 7),
        *range(size // 2 - 50, size // 2 + 50, 9),
        *range(size - 200, size, 11),
    ]
    results = _verify_flipped(coord, valid, positions, tmp_path)
    assert len(results) == len(positions)
    assert all(r != "accepted" for r in results.values()), results
    assert all("refused" in r or "not a sync bundle" in r for r in results.values()), results


def test_bit_flips_in_a_large_bundle_never_hang(tmp_path: Path) -> None:
    """A bundle of several age chunks, bits flipped all over it. Regression: a decryption
    error met while a revision member was read was taken for a bad line, the walk read on
    and waited for ever for the dead decryption thread (found with a flip at 88 %)."""
    from aces_desktop.demo_data import DemoOptions, fill_demo

    coord = make(tmp_path, "coord", "coordinator")
    field = make(tmp_path, "field", "field")
    enrol(coord, field, tmp_path / "ids")
    fill_demo(coord, DemoOptions(sites=8, observations=1200))
    export_bundle(coord, tmp_path / "big.aces", full=True, to=[field.device_id])
    valid = (tmp_path / "big.aces").read_bytes()
    assert len(valid) > 2 * 65536  # several age chunks
    positions = [*range(0, 300, 37), *(len(valid) * k // 40 for k in range(1, 40))]
    positions.append(len(valid) * 88 // 100)
    messages = _verify_flipped(field, valid, positions, tmp_path)
    assert all("refused" in m or "not a sync bundle" in m for m in messages.values()), messages
    assert not any("stopped without finishing" in m for m in messages.values()), messages
    coord.close()
    field.close()


def test_dead_decryption_thread_is_an_error_not_a_hang(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the decryption thread ends without a word (as pyrage can), the reader says so."""
    import pyrage

    from aces_desktop.sync import agestream

    monkeypatch.setattr(pyrage, "decrypt_io", lambda *a, **k: threading.current_thread())
    real_put = agestream.DecryptingReader._put
    monkeypatch.setattr(agestream.DecryptingReader, "_put", lambda self, item: None)
    result: list[str] = []

    def attempt() -> None:
        try:
            verify_bundle(world["coord"], world["dir"] / "f2-next.aces")
        except AcesError as exc:
            result.append(exc.message)

    worker = threading.Thread(target=attempt, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive()
    assert result and "decryption stopped without finishing" in result[0]
    assert real_put is not None


def test_time_parsing() -> None:
    assert parse_utc("2026-02-28T23:59:59Z") is not None
    assert parse_utc("2026-02-28T23:59:59.123456Z") is not None
    for bad in ("2026-02-30T25:61:61Z", "2026-02-29T00:00:00Z", "1999-12-31T23:59:59Z", 5):
        assert parse_utc(bad) is None, bad


def test_revocation_round_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    coord = make(tmp_path, "coord", "coordinator")
    lost = make(tmp_path, "lost", "field")
    other = make(tmp_path, "other", "field")
    for f in (lost, other):
        enrol(coord, f, tmp_path / "ids")
    site = add(lost, "site", name="Aksu Yarn Works", country="CN")
    export_bundle(lost, tmp_path / "lost-1.aces")
    merge_bundle(coord, tmp_path / "lost-1.aces")
    # The laptop is seized; the coordinator revokes it (the command line, as scripts do).
    monkeypatch.setenv("ACES_PASSPHRASE", PASSPHRASE)
    capsys.readouterr()
    args = ["--workspace", str(coord.path), "trust", "revoke", "lost", "--json"]
    assert main([*args, "--reason", "laptop seized at the border"]) == 0
    notice = json.loads(capsys.readouterr().out)
    assert notice["after_seq"] == 1 and notice["device_id"] == lost.device_id
    assert main(["--workspace", str(coord.path), "trust", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert lost.device_id not in {d["device_id"] for d in listed["trusted"]}
    assert [d["device_id"] for d in listed["revoked"]] == [lost.device_id]
    assert main(["--workspace", str(coord.path), "trust", "list"]) == 0
    assert "laptop seized at the border" in capsys.readouterr().out
    # Revoking again is refused by name, not a traceback.
    assert main([*args, "--reason", "again"]) == 1
    assert "already revoked" in capsys.readouterr().err
    # Whatever the seized laptop writes now is refused, as a whole.
    add(lost, "site", name="Planted evidence", country="CN")
    export_bundle(lost, tmp_path / "lost-2.aces")
    before = coord.state_hash()
    with pytest.raises(BundleError, match="revoked"):
        merge_bundle(coord, tmp_path / "lost-2.aces")
    assert coord.state_hash() == before
    # The revocation travels to the other field devices; earlier work stays.
    export_bundle(coord, tmp_path / "back.aces", full=True)
    merge_bundle(other, tmp_path / "back.aces")
    with other.session() as s:
        row = s.get(Revocation, lost.device_id)
        assert row is not None and row.after_seq == 1 and "seized" in row.reason
    assert _content(other, site)["name"] == "Aksu Yarn Works"
    # The revoked identity cannot be trusted again; the person re-enrols with a new key.
    export_identity(lost, tmp_path / "lost.id")
    with pytest.raises(AcesError, match="revoked"):
        trust_identity(coord, read_identity(tmp_path / "lost.id"))
    again = make(tmp_path, "lost-again", "field")
    enrol(coord, again, tmp_path / "ids2")
    add(again, "site", name="Aksu Yarn Works, second visit", country="CN")
    export_bundle(again, tmp_path / "again.aces")
    assert merge_bundle(coord, tmp_path / "again.aces").new_revisions == 1
    for ws in (coord, lost, other, again):
        ws.close()


def test_field_device_cannot_revoke(tmp_path: Path) -> None:
    coord = make(tmp_path, "coord", "coordinator")
    field = make(tmp_path, "field", "field")
    enrol(coord, field, tmp_path / "ids")
    with pytest.raises(AcesError, match="Only a coordinator"):
        revoke_device(field, "coord", "no reason")
    with pytest.raises(AcesError, match="reason"):
        revoke_device(coord, "field", "   ")
    with pytest.raises(AcesError, match="No device"):
        revoke_device(coord, "nobody", "lost")
    coord.close()
    field.close()


def test_field_edit_of_a_coordinator_record_is_a_conflict(tmp_path: Path) -> None:
    coord = make(tmp_path, "coord", "coordinator")
    field = make(tmp_path, "field", "field")
    enrol(coord, field, tmp_path / "ids")
    initiative = add(coord, "initiative", name="Garment Safety Accord", acronym="GSA")
    company = add(coord, "company", name="Northwind Apparel", kind="brand")
    export_bundle(coord, tmp_path / "back.aces")
    merge_bundle(field, tmp_path / "back.aces")
    with field.session() as s:
        field.records.put(
            s, "initiative", {**_content(field, initiative), "name": "Renamed"}, initiative
        )
        field.records.delete(s, "company", company)
    export_bundle(field, tmp_path / "field.aces")
    summary = merge_bundle(coord, tmp_path / "field.aces")
    assert summary.conflicts == 2
    with coord.session() as s:
        conflicts = {rid for _t, rid in coord.records.conflicts(s)}
        assert {initiative, company} <= conflicts
    # Until the coordinator reviews it, what the coordinator wrote is what is shown.
    assert _content(coord, initiative)["name"] == "Garment Safety Accord"
    assert _content(coord, company)["name"] == "Northwind Apparel"
    # The coordinator resolves: one head again.
    with coord.session() as s:
        coord.records.resolve(
            s, "initiative", initiative, {**_content(coord, initiative), "name": "Renamed"}
        )
    assert _content(coord, initiative)["name"] == "Renamed"
    with coord.session() as s:
        assert len(coord.records.heads(s, initiative)) == 1
    coord.close()
    field.close()


def test_template_text_exports_and_merges(tmp_path: Path) -> None:
    """Worker notes of one template line padded with 。 compress far better than 40:1;
    what a device may export, its coordinator merges."""
    coord = make(tmp_path, "coord", "coordinator")
    field = make(tmp_path, "field", "field")
    enrol(coord, field, tmp_path / "ids")
    site = add(field, "site", name="Kashgar Hengrun", country="CN")
    for i in range(12):
        add(
            field,
            "worker_note",
            site_id=site,
            pseudonym=f"Worker {i}",
            consent_scope="coordinator",
            narrative="Interview notes follow the agreed template." + "。" * 19_950,
        )
    export_bundle(field, tmp_path / "notes.aces")
    summary = merge_bundle(coord, tmp_path / "notes.aces")
    assert summary.new_revisions == 13
    assert coord.counts().get("worker_note") == 12
    coord.close()
    field.close()


def test_inflate_has_an_absolute_limit() -> None:
    import gzip
    import io

    from aces_desktop.sync import tarstream as ts
    from aces_desktop.sync.verify import inflate
    from aces_desktop.sync.wire import MAX_CHUNK_PLAIN

    data = gzip.compress(b"\n" * (MAX_CHUNK_PLAIN + 1), mtime=0)
    member = ts.Member("revisions/000001.jsonl.gz", len(data))
    with pytest.raises(BundleError, match="decompression bomb"):
        for _ in inflate(io.BytesIO(data), member):
            pass
    small = gzip.compress(b"x\n" * 1000, mtime=0)
    assert b"".join(inflate(io.BytesIO(small), ts.Member("r", len(small)))) == b"x\n" * 1000


def test_legacy_chains_are_vouched_for_after_upgrade(tmp_path: Path) -> None:
    """A coordinator upgraded from a workspace made before chain signatures forwards the
    chains it accepted then, vouching for them with its own key; field devices accept."""
    from alembic import command

    from aces_desktop.store.migrations import alembic_config

    coord = make(tmp_path, "coord", "coordinator")
    f1 = make(tmp_path, "f1", "field")
    f2 = make(tmp_path, "f2", "field")
    for f in (f1, f2):
        enrol(coord, f, tmp_path / "ids")
    site = add(f1, "site", name="Old Mill", country="CN")
    export_bundle(f1, tmp_path / "f1.aces")
    merge_bundle(coord, tmp_path / "f1.aces")
    # Back to the schema before authorship, and up again: f1's chain is a legacy head.
    with coord.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0005_drafts")
    with coord.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with coord.session() as s:
        head = s.execute(select(ChainHead).where(ChainHead.device_id == f1.device_id)).scalar_one()
        assert head.legacy and head.signature is None and head.seq == 1
    export_bundle(coord, tmp_path / "back.aces", to=[f2.device_id])
    merge_bundle(f2, tmp_path / "back.aces")
    assert _content(f2, site)["name"] == "Old Mill"
    with f2.session() as s:
        vouched = s.execute(
            select(ChainHead).where(ChainHead.device_id == f1.device_id)
        ).scalar_one()
        assert vouched.legacy and vouched.signer == coord.device_id
    for ws in (coord, f1, f2):
        ws.close()


def test_stalled_decryption_is_an_error_not_a_hang(
    world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A decryption thread that is alive but makes no progress ends the wait too."""
    import pyrage

    from aces_desktop.sync import agestream

    release = threading.Event()
    monkeypatch.setattr(pyrage, "decrypt_io", lambda *a, **k: release.wait(60))
    monkeypatch.setattr(agestream, "STALL_SECONDS", 0.5)
    try:
        with pytest.raises(BundleError, match=r"no progress for 0\.5 seconds"):
            verify_bundle(world["coord"], world["dir"] / "f2-next.aces")
    finally:
        release.set()


def test_clock_at_the_bound_is_accepted(world: dict[str, Any], tmp_path: Path) -> None:
    """The bound is exact: a clock at the limit passes, one more is refused (above)."""
    lines = _f1_lines(world)
    count = len(lines) + 1
    with world["coord"].session() as s:
        bound = logical_clock(s) + count + CLOCK_AHEAD_LIMIT
    path = _build(world, tmp_path / "at-bound.aces", [*lines, _f1_next(world, clock=bound)])
    assert verify_bundle(world["coord"], path).revisions == count


def test_forwarded_chain_of_a_device_nobody_enrolled_is_refused(
    world: dict[str, Any], tmp_path: Path
) -> None:
    """Even a coordinator's bundle may not carry revisions of a device that is not among
    the identities it vouches for (and that the receiver does not know)."""
    forge = _coordinator_forge(world, tmp_path)
    members = forge.with_lines([*lines_of(forge.members), _stranger_line(world)])

    def agree(man: dict[str, Any]) -> None:
        real = {h["device_id"]: h for h in man["heads"]}
        restate(man, members, world["coord"])  # adds the stranger's range and a head
        man["heads"] = [real.get(h["device_id"], h) for h in man["heads"]]

    path = forge.build(tmp_path / "stranger.aces", members, edit=agree)
    f3 = world["f3"]
    before = f3.state_hash()
    with pytest.raises(BundleError, match="no coordinator of this organisation enrolled"):
        merge_bundle(f3, path)
    assert f3.state_hash() == before


def test_identity_file_with_a_repeated_key_is_refused(tmp_path: Path) -> None:
    """Two values for one key in an identity file: which one is signed? Refused, named."""
    ws = make(tmp_path, "field", "field")
    path = tmp_path / "id.json"
    export_identity(ws, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"name":', '"name": "Someone else",\n  "name":', 1), "utf-8")
    with pytest.raises(AcesError, match='key "name" appears twice'):
        read_identity(path)
    ws.close()


def test_a_field_device_cannot_vouch_for_devices(world: dict[str, Any], tmp_path: Path) -> None:
    """Coordinators vouch for the organisation's devices in their bundles; a seized field
    laptop that adds the same field to its own, signed with its real key, is refused whole
    and the coordinator's state is unchanged (the vouched device is not trusted)."""
    coord, f2 = world["coord"], world["f2"]

    def vouch(man: dict[str, Any]) -> None:
        man["vouched"] = [f2.device_id]

    path = world["forge"].build(tmp_path / "vouching.aces", edit=vouch)
    before = coord.state_hash()
    with pytest.raises(BundleError, match="device identities"):
        merge_bundle(coord, path)
    assert coord.state_hash() == before
