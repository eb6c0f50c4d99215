"""The single pass of a merge: rows written while the bundle is still being checked are
rolled back, and attachments removed, when a check at the end refuses it; lines in the
canonical form take a quicker parse that decodes exactly as the strict one."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from aces_desktop.store import models as m
from aces_desktop.sync import merge as merge_module
from aces_desktop.sync.agestream import BundleError
from aces_desktop.sync.export import export_bundle
from aces_desktop.sync.merge import merge_bundle
from aces_desktop.sync.wire import _canonical_line, decode_line, encode_line
from tests.helpers import add, attach
from tests.sync.conftest import enrol, make
from tests.sync.forge import Forge


def _files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def _revisions(ws: Any) -> int:
    with ws.session() as s:
        return int(s.execute(select(func.count()).select_from(m.RevisionRow)).scalar() or 0)


def test_forged_bundle_refused_after_rows_and_blobs_were_written_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    coord, field = make(tmp_path, "coord", "coordinator"), make(tmp_path, "f", "field")
    thief = make(tmp_path, "thief", "field")
    enrol(coord, field, tmp_path / "ids")
    with field.session() as s:
        site = field.records.put(s, "site", {"name": "Forged Knit", "country": "BD"})
        for i in range(30):
            field.records.put(s, "company", {"name": f"Company {i}", "kind": "brand"})
    sha = attach(field, site, b"attachment bytes " * 1000, "a.bin")
    valid = export_bundle(field, tmp_path / "valid.aces")
    assert valid.attachments == 1
    forged = Forge(field, coord, tmp_path / "valid.aces").build(
        tmp_path / "forged.aces", sign_with=thief
    )
    written: list[int] = []
    insert = merge_module.insert_simple

    def spy(s: Any, revisions: list[Any], received_at: str, result: Any) -> None:
        written.append(len(revisions))
        insert(s, revisions, received_at, result)

    monkeypatch.setattr(merge_module, "insert_simple", spy)
    before, count, blobs = coord.state_hash(), _revisions(coord), _files(coord.path / "blobs")
    with pytest.raises(BundleError, match="forged"):
        merge_bundle(coord, forged)
    assert sum(written) >= 32  # the rows were written before the signature was read
    assert coord.state_hash() == before
    assert _revisions(coord) == count
    assert _files(coord.path / "blobs") == blobs
    # The genuine bundle still merges, attachment and all.
    summary = merge_bundle(coord, tmp_path / "valid.aces")
    assert summary.new_revisions == valid.revisions and summary.attachments == 1
    assert coord.blobs.exists(sha)
    assert coord.state_hash() == field.state_hash()
    for ws in (coord, field, thief):
        ws.close()


def _line(tmp_path: Path) -> bytes:
    ws = make(tmp_path, "w", "field")
    with ws.session() as s:
        rid = ws.records.put(s, "site", {"name": "Ürümqi Cotton 棉纺厂", "country": "CN"})
        r = ws.records.history(s, rid)[0]
    ws.close()
    return encode_line(r, r.content)[:-1]


def test_canonical_line_decodes_as_the_strict_parse(tmp_path: Path) -> None:
    raw = _line(tmp_path)
    assert _canonical_line(raw) is not None
    spaced = json.dumps(json.loads(raw), ensure_ascii=True, indent=1).encode()
    assert _canonical_line(spaced) is None  # not canonical: the strict path
    fast, strict = decode_line(raw, "fast"), decode_line(spaced, "strict")
    assert fast == strict and fast.rev == strict.rev and fast.content == strict.content


def test_lines_the_quick_parse_cannot_vouch_for_are_refused_as_before(tmp_path: Path) -> None:
    raw = _line(tmp_path)
    doubled = raw.replace(b'"country":"CN"', b'"country":"CN","country":"CN"')
    assert _canonical_line(doubled) is None
    with pytest.raises(BundleError, match="repeats"):
        decode_line(doubled, "line 1")
    nan = raw.replace(b'"latitude":null', b'"latitude":NaN')
    assert nan != raw and _canonical_line(nan) is None
    with pytest.raises(BundleError):
        decode_line(nan, "line 1")
    bad_utf8 = raw.replace("棉".encode(), b"\xff\xfe\xfd")
    assert _canonical_line(bad_utf8) is None
    with pytest.raises(BundleError, match="UTF-8"):
        decode_line(bad_utf8, "line 1")


def test_attachment_member_holding_another_known_blob_is_refused_and_that_blob_kept(
    tmp_path: Path,
) -> None:
    """The bytes of an attachment the receiver already holds, under another attachment's
    name: refused, and the receiver's blob (not the merge's) stays."""
    coord, field = make(tmp_path, "coord", "coordinator"), make(tmp_path, "f", "field")
    enrol(coord, field, tmp_path / "ids")
    site = add(field, "site", name="Blob Knit", country="BD")
    known = b"already at the coordinator " * 500
    kept = attach(field, site, known, "known.bin")
    export_bundle(field, tmp_path / "first.aces")
    merge_bundle(coord, tmp_path / "first.aces")
    assert coord.blobs.exists(kept)
    other = attach(field, site, b"another attachment " * 500, "other.bin")
    export_bundle(field, tmp_path / "second.aces")
    forge = Forge(field, coord, tmp_path / "second.aces")
    names = [n for n, _d in forge.members]
    assert f"attachments/{other}" in names
    path = forge.build(tmp_path / "swapped.aces", forge.replace(f"attachments/{other}", known))
    before = coord.state_hash()
    with pytest.raises(BundleError, match=other[:12]):
        merge_bundle(coord, path)
    assert coord.state_hash() == before
    assert coord.blobs.exists(kept) and not coord.blobs.exists(other)
    out = io.BytesIO()
    coord.blobs.read_into(kept, out)
    assert out.getvalue() == known
    for ws in (coord, field):
        ws.close()


class _Recorder:
    def __init__(self) -> None:
        self.starts: list[tuple[str, int | None]] = []
        self.values: list[int] = []

    def start(self, label: str, total: int | None) -> None:
        self.starts.append((label, total))
        self.values.append(0)

    def advance(self, amount: int = 1) -> None:
        assert amount >= 0
        self.values[-1] += amount


def test_checking_and_merging_show_how_much_of_the_file_was_read(tmp_path: Path) -> None:
    """How many revisions a bundle holds is known only at its end (the manifest); the bar
    follows the file instead, from nothing to all of it."""
    from aces_desktop.sync.verify import verify_bundle

    coord, field = make(tmp_path, "coord", "coordinator"), make(tmp_path, "f", "field")
    enrol(coord, field, tmp_path / "ids")
    with field.session() as s:
        site = field.records.put(s, "site", {"name": "Progress Knit", "country": "BD"})
        for i in range(300):
            field.records.put(s, "company", {"name": f"Company {i}", "kind": "brand"})
    attach(field, site, bytes(range(256)) * 4000, "a.bin")
    bundle = tmp_path / "b.aces"
    export_bundle(field, bundle)
    kib = bundle.stat().st_size // 1024
    assert kib > 100
    for run in (verify_bundle, merge_bundle):
        seen = _Recorder()
        run(coord, bundle, seen)
        (label, total), done = seen.starts[0], seen.values[0]
        assert bundle.name in label and total == kib
        assert 0.9 * kib <= done <= kib, (run.__name__, done, kib)
    assert coord.state_hash() == field.state_hash()
    coord.close()
    field.close()
