"""Decoding revision lines in a second process (``sync.linepool``) changes nothing but the
time: the same workspace state from an honest bundle, the same refusal (same message, same
first problem) of a hostile one, with nothing written, as when decoding in process."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.core.canonical import content_hash
from aces_desktop.core.errors import AcesError
from aces_desktop.core.revision import header_hash
from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync import export as export_module
from aces_desktop.sync import merge as merge_module
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.linepool import LinePool, decode_member
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import PASSPHRASE
from tests.sync.conftest import enrol, make
from tests.sync.forge import Forge, Members, lines_of, pack_lines
from tests.sync.test_fastapply import _dump

Lines = list[dict[str, Any]]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A coordinator (kept closed, copied per test) and a bundle of many small members."""
    d = tmp_path_factory.mktemp("linepool")
    coord, field = make(d, "coord", "coordinator"), make(d, "field", "field")
    enrol(coord, field, d / "ids")
    fill_demo(field, DemoOptions(sites=4, observations=400, seed=5))
    with field.session() as s:  # history and a deletion: revisions that wait for roles
        rid = field.records.put(s, "company", {"name": "Edited Co", "kind": "brand"})
        field.records.put(s, "company", {"name": "Edited Co Ltd", "kind": "brand"}, rid)
        gone = field.records.put(s, "company", {"name": "Gone Co", "kind": "brand"})
    with field.session() as s:
        field.records.delete(s, "company", gone)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(export_module, "CHUNK_REVISIONS", 97)
        export_bundle(field, d / "valid.aces")
    forge = Forge(field, coord, d / "valid.aces")
    coord.close()
    return {"dir": d, "forge": forge, "field": field}


def _coord(bundle: dict[str, Any], tmp_path: Path, name: str) -> Workspace:
    shutil.copytree(bundle["dir"] / "coord", tmp_path / name)
    return Workspace.open(tmp_path / name, PASSPHRASE)


def _revision_members(members: Members) -> list[str]:
    return [n for n, _d in members if n.startswith("revisions/")]


def test_bundle_has_many_revision_members(bundle: dict[str, Any]) -> None:
    assert len(_revision_members(bundle["forge"].members)) >= 5


@pytest.mark.parametrize("batch", [5000, 7])
def test_pool_merge_writes_exactly_what_the_in_process_merge_writes(
    batch: int,
    bundle: dict[str, Any],
    tmp_path: Path,
    pooled: list[LinePool],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from aces_desktop.sync import verify

    monkeypatch.setattr(verify, "BATCH_LINES", batch)
    here, there = _coord(bundle, tmp_path, "here"), _coord(bundle, tmp_path, "there")
    path = bundle["forge"].valid
    with monkeypatch.context() as mp:
        mp.setattr(merge_module, "worth_it", lambda _path: False)
        mp.setattr(merge_module, "LinePool", None)  # not used
        a = merge_bundle(here, path)
    b = merge_bundle(there, path)
    members = len(_revision_members(bundle["forge"].members))
    # one batch per member, or members split into batches of 7 lines
    assert pooled and (pooled[0].sent == members if batch > 97 else pooled[0].sent > members * 10)
    assert not pooled[0].broken
    assert a.new_revisions > 400 and a.updated + a.deleted >= 1
    assert {**a.as_json(), "file": ""} == {**b.as_json(), "file": ""}
    assert a.state_hash == b.state_hash == there.state_hash()
    assert _dump(here) == _dump(there)
    # and again: everything known, nothing written twice
    again = merge_bundle(there, path)
    assert again.new_revisions == 0 and there.state_hash() == a.state_hash
    here.close()
    there.close()


def _all_lines(members: Members) -> list[tuple[str, Lines]]:
    return [(n, lines_of(members, n)) for n in _revision_members(members)]


def _repack(forge: Forge, chunks: list[tuple[str, list[Any]]]) -> Members:
    packed = {n: pack_lines(lines) for n, lines in chunks}
    return [(n, packed.get(n, d)) for n, d in forge.members]


def _rechain(chunks: list[tuple[str, Lines]]) -> None:
    """A careful forger: content hashes and the hash chain recomputed throughout."""
    prev = None
    for _n, lines in chunks:
        for line in lines:
            h = line["h"]
            if line["c"] is not None:
                h["content_hash"] = content_hash(line["c"])
            if prev is not None:
                h["prev"] = prev
            prev = header_hash(h)


def _last_rev(chunks: list[tuple[str, Lines]]) -> Callable[[dict[str, Any]], None]:
    def edit(man: dict[str, Any]) -> None:
        man["ranges"][0]["last_rev"] = header_hash(chunks[-1][1][-1]["h"])

    return edit


def _attack(name: str, forge: Forge, out: Path) -> Path:
    chunks = _all_lines(forge.members)
    third = chunks[2][1]
    line = third[10]
    careful = False
    if name == "flipped content":
        key = sorted(k for k, v in line["c"].items() if isinstance(v, str))[0]
        line["c"][key] = line["c"][key][:-1] + chr(ord(line["c"][key][-1]) ^ 1)
    elif name == "forged chain":
        line["h"]["prev"] = "0" * 64
    elif name == "reordered":
        third[10], third[11] = third[11], third[10]
    elif name == "bad schema content, re-hashed":
        line["c"][sorted(line["c"])[0]] = {"admin": True}
        careful = True
    elif name == "content not canonical, re-hashed":
        key = sorted(k for k, v in line["c"].items() if isinstance(v, str))[0]
        line["c"][key] = " " + line["c"][key]
        careful = True
    elif name == "huge clock":
        line["h"]["clock"] = 10**30
    elif name == "clock far ahead, re-hashed":
        line["h"]["clock"] = 2**52
        careful = True
    elif name == "time far ahead, re-hashed":
        line["h"]["time"] = "2999-01-01T00:00:00.000Z"
        careful = True
    elif name == "two problems, first wins":
        line["h"]["clock"] = 10**30
        chunks[4][1][3]["h"]["prev"] = "1" * 64
    elif name == "dangling reference, re-hashed":
        ref = next(k for k, v in line["c"].items() if k.endswith("_id") and v)
        line["c"][ref] = "01900000-0000-7000-8000-00000000dead"
        careful = True
    if name == "bad JSON line":
        raw: list[Any] = list(third)
        raw[10] = b'{"c":null,"h":'
        members = _repack(forge, [*chunks[:2], (chunks[2][0], raw), *chunks[3:]])
        return forge.build(out, members)
    if name == "broken gzip member":
        data = dict(forge.members)[chunks[3][0]]
        members = [(n, data[:-9] if n == chunks[3][0] else d) for n, d in forge.members]
        return forge.build(out, members)
    if name == "line over the limit in a member":
        raw = list(third)
        raw[10] = b'"' + b"x" * (1024**2 + 10) + b'"'
        members = _repack(forge, [*chunks[:2], (chunks[2][0], raw), *chunks[3:]])
        return forge.build(out, members)
    if careful:
        _rechain(chunks)
        return forge.build(out, _repack(forge, list(chunks)), edit=_last_rev(chunks))
    return forge.build(out, _repack(forge, list(chunks)))


ATTACKS = [
    "flipped content",
    "forged chain",
    "reordered",
    "bad schema content, re-hashed",
    "content not canonical, re-hashed",
    "huge clock",
    "clock far ahead, re-hashed",
    "time far ahead, re-hashed",
    "two problems, first wins",
    "dangling reference, re-hashed",
    "bad JSON line",
    "broken gzip member",
    "line over the limit in a member",
]


def _refusal(ws: Workspace, path: Path) -> str:
    before = ws.state_hash()
    files = sorted(p.name for p in (ws.path / "blobs").rglob("*") if p.is_file())
    with pytest.raises(AcesError) as caught:
        merge_bundle(ws, path)
    assert ws.state_hash() == before
    assert sorted(p.name for p in (ws.path / "blobs").rglob("*") if p.is_file()) == files
    with ws.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM sync_held").scalar() == 0
    return str(caught.value)


@pytest.mark.parametrize("batch", [5000, 7])
@pytest.mark.parametrize("attack", ATTACKS)
def test_hostile_bundle_is_refused_the_same_way_with_the_pool(
    attack: str,
    batch: int,
    bundle: dict[str, Any],
    tmp_path: Path,
    decode_worker: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``batch``: lines per batch handed to the worker (7: members split into batches)."""
    from aces_desktop.sync import verify

    monkeypatch.setattr(verify, "BATCH_LINES", batch)
    path = _attack(attack, bundle["forge"], tmp_path / "hostile.aces")
    ws = _coord(bundle, tmp_path, "coord")
    monkeypatch.setattr(merge_module, "worth_it", lambda _path: False)
    in_process = _refusal(ws, path)
    pools: list[LinePool] = []
    monkeypatch.setattr(merge_module, "worth_it", lambda _path: True)
    monkeypatch.setattr(
        merge_module,
        "LinePool",
        lambda: pools.append(LinePool(decode_worker)) or pools[-1],
    )
    assert _refusal(ws, path) == in_process
    assert pools[0].sent >= 1 and not pools[0].broken
    # and the honest bundle still merges afterwards
    assert merge_bundle(ws, bundle["forge"].valid).new_revisions > 400
    ws.close()


class _Broken:
    """A worker that cannot take a task, or dies under its first one."""

    def __init__(self, when: str) -> None:
        self.when = when

    def send(self, _task: Any) -> None:
        if self.when == "send":
            raise BrokenPipeError("no worker")

    def recv(self) -> Any:
        raise EOFError("worker died")

    def close(self) -> None:
        pass


@pytest.mark.parametrize("when", ["send", "recv"])
def test_a_broken_worker_falls_back_to_decoding_here(
    when: str, bundle: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = _coord(bundle, tmp_path, "expected")
    monkeypatch.setattr(merge_module, "worth_it", lambda _path: False)
    reference = merge_bundle(expected, bundle["forge"].valid)
    ws = _coord(bundle, tmp_path, "coord")
    pools: list[LinePool] = []
    monkeypatch.setattr(merge_module, "worth_it", lambda _path: True)
    monkeypatch.setattr(
        merge_module, "LinePool", lambda: pools.append(LinePool(_Broken(when))) or pools[-1]
    )
    merged = merge_bundle(ws, bundle["forge"].valid)
    assert pools[0].broken
    assert merged.state_hash == reference.state_hash == ws.state_hash()
    ws.close()
    expected.close()


def test_a_worker_that_cannot_start_falls_back_to_decoding_here(
    bundle: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aces_desktop.sync import linepool

    def no_process() -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(linepool, "Process", no_process)
    monkeypatch.setattr(merge_module, "worth_it", lambda _path: True)
    ws = _coord(bundle, tmp_path, "coord")
    merged = merge_bundle(ws, bundle["forge"].valid)
    assert merged.new_revisions > 400 and merged.state_hash == ws.state_hash()
    ws.close()


def test_decode_member_stops_at_the_first_refused_line(bundle: dict[str, Any]) -> None:
    name = _revision_members(bundle["forge"].members)[0]
    raw = gzip.decompress(dict(bundle["forge"].members)[name]).split(b"\n")[:-1]
    done, problem = decode_member(name, 1, [*raw[:3], b"{", *raw[3:]])
    assert len(done) == 3
    assert problem is not None and f"{name} line 4" in str(problem)
    assert [r.rev for r in done] == [r.rev for r in decode_member(name, 1, raw[:3])[0]]
    _, later = decode_member(name, 41, [b"{"])
    assert later is not None and f"{name} line 41" in str(later)


def test_worker_returns_what_decoding_here_returns(
    bundle: dict[str, Any], decode_worker: Any
) -> None:
    """Every field, the content and its canonical text included, crosses unchanged."""
    for name in _revision_members(bundle["forge"].members)[:3]:
        raw = gzip.decompress(dict(bundle["forge"].members)[name]).split(b"\n")[:-1]
        decode_worker.send((name, 1, raw))
        there, problem = decode_worker.recv()
        here, _ = decode_member(name, 1, raw)
        assert problem is None and len(there) == len(raw)
        assert there == here
        assert [(r.content, r.content_json) for r in there] == [
            (r.content, r.content_json) for r in here
        ]


def test_worth_it_needs_size_and_a_free_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aces_desktop.sync import linepool

    small, large = tmp_path / "small.aces", tmp_path / "large.aces"
    small.write_bytes(b"x")
    large.write_bytes(b"x" * linepool.PARALLEL_FROM_BYTES)
    monkeypatch.setattr(linepool.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(linepool.os, "getloadavg", lambda: (1.0, 1.0, 1.0))
    assert linepool.worth_it(large) and not linepool.worth_it(small)
    assert not linepool.worth_it(tmp_path / "missing.aces")
    monkeypatch.setattr(linepool.os, "getloadavg", lambda: (3.0, 1.0, 1.0))
    assert not linepool.worth_it(large)  # every core busy: decode here
    monkeypatch.setattr(linepool.os, "cpu_count", lambda: 1)
    monkeypatch.setattr(linepool.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert not linepool.worth_it(large)
