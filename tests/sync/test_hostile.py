"""A corpus of broken and hostile bundles: each is refused with a message naming the
problem, no traceback, the workspace unchanged and nothing left in temporary folders."""

from __future__ import annotations

import copy
import gzip
import os
import random
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.cli import main
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from tests.conftest import PASSPHRASE
from tests.helpers import add, small_world
from tests.sync.conftest import enrol, make
from tests.sync.forge import Forge, lines_of, pack_lines

REV1 = "revisions/000001.jsonl.gz"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    d = tmp_path_factory.mktemp("hostile")
    coord = make(d, "coord", "coordinator")
    f1 = make(d, "f1", "field")
    enrol(coord, f1, d / "ids")
    small_world(f1)
    export_bundle(f1, d / "first.aces")
    merge_bundle(coord, d / "first.aces")
    add(f1, "company", name="Second Co", kind="supplier", country="BD")
    company = add(f1, "company", name="Third Co", kind="brand", country="GB")
    site = add(f1, "site", name="Gazipur Knit", country="BD")
    add(f1, "company_site", company_id=company, site_id=site, relation="sources_from")
    export_bundle(f1, d / "valid.aces", full=True)
    # Another coordinator, and a field device the coordinator never enrolled.
    other = make(d, "coord2", "coordinator")
    stranger = make(d, "stranger", "field")
    from aces_desktop.sync.trust import export_identity, read_identity, trust_identity

    export_identity(coord, d / "coord.id")
    trust_identity(stranger, read_identity(d / "coord.id"))
    export_bundle(stranger, d / "stranger.aces")
    forge = Forge(f1, coord, d / "valid.aces")
    from aces_desktop.sync.trust import own_identity

    forge.build(d / "for-other.aces", recipient=own_identity(other).age_recipient)
    yield {"coord": coord, "f1": f1, "other": other, "stranger": stranger, "dir": d, "forge": forge}
    for ws in (coord, f1, other, stranger):
        ws.close()


def _data(w: dict[str, Any]) -> bytes:
    return Path(w["forge"].valid).read_bytes()


def _write(w: dict[str, Any], out: Path, data: bytes) -> Path:
    out.write_bytes(data)
    return out


def _flip(data: bytes, at: int) -> bytes:
    b = bytearray(data)
    b[at] ^= 0x40
    return bytes(b)


def _lines(w: dict[str, Any]) -> list[dict[str, Any]]:
    return lines_of(w["forge"].members)


def _edit_line(
    w: dict[str, Any], out: Path, index: int, change: Callable[[dict[str, Any]], Any]
) -> Path:
    lines = _lines(w)
    change(lines[index])
    return w["forge"].build(out, w["forge"].with_lines(lines))


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(line: dict[str, Any]) -> None:
        target = line
        keys = path.split(".")
        for k in keys[:-1]:
            target = target[k]
        target[keys[-1]] = value

    return change


def _raw_line(w: dict[str, Any], out: Path, raw: bytes) -> Path:
    lines: list[Any] = _lines(w)
    lines[2] = raw
    return w["forge"].build(out, w["forge"].with_lines(lines))


def _reindex(lines: list[dict[str, Any]], start: int) -> None:
    """Recompute content hashes and the chain from ``start`` on (a careful forger)."""
    from aces_desktop.core.canonical import content_hash
    from aces_desktop.core.revision import header_hash

    for i in range(start, len(lines)):
        h = lines[i]["h"]
        if lines[i]["c"] is not None:
            h["content_hash"] = content_hash(lines[i]["c"])
        if i > 0:
            h["prev"] = header_hash(lines[i - 1]["h"])


def _forged_chain(w: dict[str, Any], out: Path) -> Path:
    lines = _lines(w)
    lines[4]["h"]["prev"] = "0" * 64
    return w["forge"].build(out, w["forge"].with_lines(lines))


def _fork_known(w: dict[str, Any], out: Path) -> Path:
    lines = _lines(w)
    lines[6]["c"]["name"] = "Rewritten Initiative"
    _reindex(lines, 6)
    members = w["forge"].with_lines(lines)
    return w["forge"].build(out, members, edit=lambda m: _fix_ranges(m, lines))


def _fix_ranges(man: dict[str, Any], lines: list[dict[str, Any]]) -> None:
    from aces_desktop.core.revision import header_hash

    man["ranges"][0]["last_rev"] = header_hash(lines[-1]["h"])


def _bomb(w: dict[str, Any], out: Path) -> Path:
    # Beyond the absolute limit of a decompressed chunk (64 MiB).
    bomb = gzip.compress(b"\n" * (65 * 1024**2), compresslevel=9, mtime=0)
    return w["forge"].build(out, w["forge"].replace(REV1, bomb))


def _tar_entry(
    w: dict[str, Any], out: Path, name: str, kind: bytes, data: bytes = b"x", link: str = ""
) -> Path:
    entry = tarfile.TarInfo(name)
    entry.type = kind
    entry.linkname = link
    raw = w["forge"].special_tar(entry, data)
    return w["forge"].build(out, raw_tar=raw)


def _duplicate_member(w: dict[str, Any], out: Path) -> Path:
    members = list(w["forge"].members)
    members.insert(1, members[1])
    return w["forge"].build(out, members)


def _extra_member(w: dict[str, Any], out: Path, name: str) -> Path:
    members = list(w["forge"].members)
    members.insert(-2, (name, b"hello"))
    return w["forge"].build(out, members)


def _drop(w: dict[str, Any], out: Path, name: str, rehash: bool = True) -> Path:
    members = [(n, d) for n, d in w["forge"].members if n != name]
    if name in ("manifest.json", "manifest.sig"):
        import io

        from aces_desktop.sync.tarstream import TarWriter

        buf = io.BytesIO()
        tar = TarWriter(buf)
        for n, d in members:
            tar.add(n, d)
        tar.finish()
        return w["forge"].build(out, raw_tar=buf.getvalue())
    return w["forge"].build(out, members, rehash=rehash)


def _flip_inside(w: dict[str, Any], out: Path, rehash: bool) -> Path:
    data = bytearray(dict(w["forge"].members)[REV1])
    data[len(data) // 2] ^= 0x01
    return w["forge"].build(out, w["forge"].replace(REV1, bytes(data)), rehash=rehash)


def _device_note(w: dict[str, Any], out: Path) -> Path:
    lines = _lines(w)
    note = lines[4]
    assert note["h"]["record_type"] == "worker_note"
    note["c"]["consent_scope"] = "device"
    _reindex(lines, 4)
    return w["forge"].build(out, w["forge"].with_lines(lines), edit=lambda m: _fix_ranges(m, lines))


def _dangling(w: dict[str, Any], out: Path) -> Path:
    lines = _lines(w)
    assert lines[10]["h"]["record_type"] == "company_site"
    lines[10]["c"]["site_id"] = "01900000-0000-7000-8000-000000000000"
    _reindex(lines, 10)
    return w["forge"].build(out, w["forge"].with_lines(lines), edit=lambda m: _fix_ranges(m, lines))


def _manifest_edit(
    w: dict[str, Any], out: Path, change: Callable[[dict[str, Any]], None], resign: bool = True
) -> Path:
    return w["forge"].build(out, edit=change, resign=resign)


def _deep(w: dict[str, Any], out: Path) -> Path:
    return _raw_line(w, out, b"[" * 3000 + b"]" * 3000)


def _payload(w: dict[str, Any]) -> int:
    data = _data(w)
    return data.index(b"\n", data.index(b"\n--- ") + 1) + 1 + 16


def _noise(n: int) -> bytes:
    rng = random.Random(3)
    return "".join(
        rng.choices("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", k=n)
    ).encode()


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


Case = tuple[Callable[[dict[str, Any], Path], Path], str]

CASES: dict[str, Case] = {
    "empty file": (lambda w, o: _write(w, o, b""), "is empty"),
    "random bytes": (
        lambda w, o: _write(w, o, random.Random(1).randbytes(5000)),
        "not an age-encrypted file",
    ),
    "random after age magic": (
        lambda w, o: _write(w, o, b"age-encryption.org/v1\n" + random.Random(2).randbytes(900)),
        "encryption header is damaged",
    ),
    "truncated to 30 bytes": (lambda w, o: _write(w, o, _data(w)[:30]), "refused"),
    "truncated in header": (lambda w, o: _write(w, o, _data(w)[:150]), "refused"),
    "truncated at half": (
        lambda w, o: _write(w, o, _data(w)[: len(_data(w)) // 2]),
        "damaged or truncated",
    ),
    "truncated by 1 byte": (lambda w, o: _write(w, o, _data(w)[:-1]), "damaged or truncated"),
    "truncated by 17 bytes": (lambda w, o: _write(w, o, _data(w)[:-17]), "damaged or truncated"),
    "flipped byte in age header": (lambda w, o: _write(w, o, _flip(_data(w), 40)), "refused"),
    "flipped byte in age mac": (lambda w, o: _write(w, o, _flip(_data(w), 120)), "refused"),
    "flipped byte in first chunk": (
        lambda w, o: _write(w, o, _flip(_data(w), _payload(w) + 40)),
        "damaged or truncated",
    ),
    "flipped byte in last chunk": (
        lambda w, o: _write(w, o, _flip(_data(w), len(_data(w)) - 5)),
        "damaged or truncated",
    ),
    "appended garbage": (lambda w, o: _write(w, o, _data(w) + b"garbage" * 20), "refused"),
    "for another coordinator": (
        lambda w, o: _write(w, o, (w["dir"] / "for-other.aces").read_bytes()),
        "not encrypted to this workspace's key",
    ),
    "untrusted device": (
        lambda w, o: _write(w, o, (w["dir"] / "stranger.aces").read_bytes()),
        "does not trust",
    ),
    "replayed from another organisation": (
        lambda w, o: _manifest_edit(
            w, o, _set("organisation", "01900000-0000-7000-8000-00000000beef")
        ),
        "another organisation",
    ),
    "replayed for another workspace": (
        lambda w, o: _manifest_edit(
            w,
            o,
            lambda m: m.__setitem__(
                "recipients",
                [{"device_id": "01900000-0000-7000-8000-0000000000aa", "fingerprint": "0" * 64}],
            ),
        ),
        "made for another workspace",
    ),
    "future format version": (
        lambda w, o: w["forge"].build(o, w["forge"].replace("FORMAT", b"aces-bundle 3\n")),
        "newer than this version",
    ),
    "future manifest format": (
        lambda w, o: _manifest_edit(w, o, _set("format_version", 3)),
        "format version 3",
    ),
    "newer record schema": (
        lambda w, o: _manifest_edit(w, o, _set("record_schema", 3)),
        "newer record schema",
    ),
    "path traversal": (
        lambda w, o: _tar_entry(w, o, "../../evil.sh", tarfile.REGTYPE),
        "path traversal",
    ),
    "absolute path": (
        lambda w, o: _tar_entry(w, o, "/etc/cron.d/evil", tarfile.REGTYPE),
        "absolute path",
    ),
    "symlink member": (
        lambda w, o: _tar_entry(
            w, o, "attachments/" + "a" * 64, tarfile.SYMTYPE, link="/etc/passwd"
        ),
        "is a link",
    ),
    "hard link member": (
        lambda w, o: _tar_entry(w, o, "manifest.json", tarfile.LNKTYPE, link="FORMAT"),
        "is a link",
    ),
    "folder member": (lambda w, o: _tar_entry(w, o, "attachments", tarfile.DIRTYPE), "folder"),
    "pax header": (lambda w, o: _tar_entry(w, o, "pax", tarfile.XHDTYPE), "unsupported type"),
    "unknown member": (lambda w, o: _extra_member(w, o, "notes.txt"), "not part of the bundle"),
    "duplicate member": (_duplicate_member, "appears twice"),
    # 65 MiB of empty lines in 65 kB: refused at its first line, long before its end (the
    # absolute limit on a decompressed chunk is tested in test_authorship.py).
    "decompression bomb": (_bomb, "line 1 is not valid JSON"),
    "huge clock": (lambda w, o: _edit_line(w, o, 2, _set("h.clock", 10**30)), "out of range"),
    "huge integer literal": (
        lambda w, o: _raw_line(w, o, b'{"c":null,"h":' + b"9" * 5000 + b"}"),
        "not valid JSON",
    ),
    "huge string": (
        lambda w, o: _edit_line(w, o, 0, _set("c.name", "x" * 5000)),
        "the limit is 300",
    ),
    "line over the limit": (
        lambda w, o: _raw_line(w, o, b'"' + _noise(1024**2 + 10) + b'"'),
        "longer than",
    ),
    "invalid UTF-8": (
        lambda w, o: _raw_line(w, o, b'{"c":null,"h":"\xff\xfe"}'),
        "not valid UTF-8",
    ),
    "NaN in JSON": (lambda w, o: _raw_line(w, o, b'{"c":null,"h":NaN}'), "not a finite number"),
    "duplicate JSON keys": (
        lambda w, o: _raw_line(w, o, b'{"c":null,"c":null,"h":{}}'),
        "repeats the key",
    ),
    "deeply nested JSON": (_deep, "nested too deeply"),
    "wrong type device_seq": (
        lambda w, o: _edit_line(w, o, 2, _set("h.device_seq", "3")),
        "whole number",
    ),
    "wrong type content field": (
        lambda w, o: _edit_line(w, o, 0, _set("c.latitude", "north")),
        "latitude",
    ),
    "extra header field": (lambda w, o: _edit_line(w, o, 1, _set("h.admin", True)), "wrong fields"),
    "unknown record type": (
        lambda w, o: _edit_line(w, o, 1, _set("h.record_type", "root")),
        "unknown record type",
    ),
    "content not matching hash": (
        lambda w, o: _edit_line(w, o, 5, _set("c.name", "Other")),
        "does not match its hash",
    ),
    "dangling reference": (_dangling, "dangling reference"),
    "forged hash chain": (_forged_chain, "hash chain is broken"),
    "forked known chain": (_fork_known, "forged or forked chain"),
    "device-only worker note": (_device_note, "consent keeps it on its device"),
    "flipped byte inside, old hashes": (
        lambda w, o: _flip_inside(w, o, rehash=False),
        "does not match its SHA-256",
    ),
    "flipped byte inside, re-signed": (lambda w, o: _flip_inside(w, o, rehash=True), "gzip"),
    "manifest altered, not re-signed": (
        lambda w, o: _manifest_edit(w, o, _set("full", False), resign=False),
        "signature is not valid",
    ),
    "signed by an untrusted key": (
        lambda w, o: w["forge"].build(o, sign_with=w["stranger"]),
        "signature is not valid",
    ),
    "missing manifest": (lambda w, o: _drop(w, o, "manifest.json"), "out of order"),
    "missing signature": (lambda w, o: _drop(w, o, "manifest.sig"), "signed manifest is missing"),
    "listed member missing": (lambda w, o: _drop(w, o, REV1, rehash=False), "is missing"),
    "unreferenced attachment": (
        lambda w, o: _extra_member(w, o, "attachments/" + _sha(b"hello")),
        "belongs to no attachment",
    ),
    "revision count mismatch": (
        lambda w, o: _manifest_edit(w, o, lambda m: m["counts"].__setitem__("revisions", 99)),
        "does not match",
    ),
}


@pytest.fixture
def clean_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "tmpdir"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)
    yield folder
    tempfile.tempdir = None


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_bundle_is_refused(
    case: str,
    world: dict[str, Any],
    clean_tmp: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    build, fragment = CASES[case]
    coord = world["coord"]
    path = build(world, tmp_path / "hostile.aces")
    before = coord.state_hash()
    blobs_before = _files(coord.path / "blobs")
    monkeypatch.setenv("ACES_PASSPHRASE", PASSPHRASE)
    monkeypatch.delenv("ACES_DEBUG", raising=False)
    capsys.readouterr()
    code = main(["--workspace", str(coord.path), "bundle", "merge", str(path)])
    out, err = capsys.readouterr()
    assert code == 1, (out, err)
    assert fragment in err, err
    assert "Traceback" not in err + out and "internal error" not in err
    assert coord.state_hash() == before
    assert _files(coord.path / "blobs") == blobs_before
    assert list(clean_tmp.iterdir()) == []
    with coord.session() as s:
        from sqlalchemy import func, select

        from aces_desktop.store.sync_models import SyncHeld

        assert s.execute(select(func.count()).select_from(SyncHeld)).scalar() == 0


def test_valid_bundle_of_the_corpus_merges(world: dict[str, Any], tmp_path: Path) -> None:
    """The forger's untouched rebuild is accepted: the refusals above are about the changes."""
    coord = copy.copy(world["coord"])
    path = world["forge"].build(tmp_path / "rebuilt.aces")
    from aces_desktop.sync.verify import verify_bundle

    plan = verify_bundle(coord, path)
    assert plan.revisions == len(_lines(world))
    assert os.path.getsize(path) > 0
    _ = pack_lines


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_bundle_is_refused_the_same_when_decoded_in_a_second_process(
    case: str,
    world: dict[str, Any],
    tmp_path: Path,
    decode_worker: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Large bundles are decoded by a worker process (``sync.linepool``): same verdicts."""
    from aces_desktop.core.errors import AcesError
    from aces_desktop.sync import merge as merge_module
    from aces_desktop.sync.linepool import LinePool

    build, _fragment = CASES[case]
    coord = world["coord"]
    path = build(world, tmp_path / "hostile.aces")
    before = coord.state_hash()
    monkeypatch.setattr(merge_module, "worth_it", lambda _path: False)
    with pytest.raises(AcesError) as here:
        merge_bundle(coord, path)
    monkeypatch.setattr(merge_module, "worth_it", lambda _path: True)
    monkeypatch.setattr(merge_module, "LinePool", lambda: LinePool(decode_worker))
    with pytest.raises(AcesError) as there:
        merge_bundle(coord, path)
    assert str(there.value) == str(here.value)
    assert coord.state_hash() == before
