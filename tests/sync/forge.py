"""Build broken and hostile bundles for tests: decrypt a real one, change it, re-sign it
with a trusted key (or not), re-encrypt it."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import tarfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyrage

from aces_desktop.sync.tarstream import TarWriter
from aces_desktop.sync.trust import age_identity, signing_key
from aces_desktop.sync.wire import SIGNATURE_DOMAIN

Members = list[tuple[str, bytes]]


def read_members(path: Path, receiver: Any) -> Members:
    with receiver.session() as s:
        ident = pyrage.x25519.Identity.from_str(age_identity(s))
    plain = pyrage.decrypt(path.read_bytes(), [ident])
    out: Members = []
    with tarfile.open(fileobj=io.BytesIO(plain)) as tar:
        for info in tar.getmembers():
            handle = tar.extractfile(info)
            assert handle is not None
            out.append((info.name, handle.read()))
    return out


def lines_of(members: Members, name: str = "revisions/000001.jsonl.gz") -> list[dict[str, Any]]:
    data = dict(members)[name]
    return [json.loads(x) for x in gzip.decompress(data).decode("utf-8").splitlines()]


def pack_lines(lines: list[Any]) -> bytes:
    body = b"".join(
        (
            x
            if isinstance(x, bytes)
            else json.dumps(x, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
                "utf-8"
            )
        )
        + b"\n"
        for x in lines
    )
    return gzip.compress(body, mtime=0)


def _resign_heads(man: dict[str, Any], members: Members, signer: Any) -> None:
    """Sign again, with ``signer``'s real key, the heads of its own chain in ``man``."""
    from aces_desktop.core.revision import header_hash
    from aces_desktop.sync.authorship import sign_head

    last: dict[str, tuple[int, str]] = {}
    for name, data in members:
        if not name.startswith("revisions/"):
            continue
        try:
            text = gzip.decompress(data).decode("utf-8")
            rows = [json.loads(x) for x in text.splitlines()]
        except Exception:
            continue  # a deliberately broken chunk
        for row in rows:
            try:
                h = row["h"]
                last[h["device_id"]] = (h["device_seq"], header_hash(h))
            except (KeyError, TypeError, ValueError):
                continue
    me = signer.device_id
    if me not in last or not isinstance(man.get("heads"), list):
        return
    seq, rev = last[me]
    with signer.session() as s:
        head = sign_head(signing_key(s), device_id=me, seq=seq, rev=rev, signer=me, legacy=False)
    man["heads"] = [
        head.as_json() if isinstance(h, dict) and h.get("device_id") == me else h
        for h in man["heads"]
    ]


class Forge:
    def __init__(self, sender: Any, receiver: Any, valid: Path) -> None:
        self.sender = sender
        self.receiver = receiver
        self.valid = valid
        self.members = read_members(valid, receiver)
        with receiver.session() as s:
            self.recipient = str(pyrage.x25519.Identity.from_str(age_identity(s)).to_public())

    def manifest(self, members: Members | None = None) -> dict[str, Any]:
        return json.loads(dict(members or self.members)["manifest.json"])

    def build(
        self,
        out: Path,
        members: Members | None = None,
        *,
        edit: Callable[[dict[str, Any]], None] | None = None,
        rehash: bool = True,
        sign_with: Any = None,
        resign: bool = True,
        recipient: str | None = None,
        raw_tar: bytes | None = None,
        resign_heads: bool = True,
    ) -> Path:
        """A bundle from ``members`` (default: the valid one's), manifest rebuilt and
        re-signed with the sender's key (or ``sign_with``'s). As an attacker holding that
        device's key can, the chain head of the signing device is signed again over the
        changed revisions (``resign_heads``); other devices' heads are left as they were."""
        members = list(members if members is not None else self.members)
        if raw_tar is None:
            body = dict(members)
            man = json.loads(body["manifest.json"])
            if rehash:
                man["members"] = [
                    {"name": n, "size": len(d), "sha256": hashlib.sha256(d).hexdigest()}
                    for n, d in members
                    if n not in ("manifest.json", "manifest.sig")
                ]
            if resign and resign_heads:
                _resign_heads(man, members, sign_with or self.sender)
            if edit is not None:
                edit(man)
            mbytes = json.dumps(man, indent=1, ensure_ascii=False).encode("utf-8")
            sig = body["manifest.sig"]
            if resign:
                with (sign_with or self.sender).session() as s:
                    sig = signing_key(s).sign(SIGNATURE_DOMAIN + mbytes)
            buf = io.BytesIO()
            tar = TarWriter(buf)
            for name, data in members:
                if name == "manifest.json":
                    data = mbytes
                elif name == "manifest.sig":
                    data = sig
                tar.add(name, data)
            tar.finish()
            raw_tar = buf.getvalue()
        key = pyrage.x25519.Recipient.from_str(recipient or self.recipient)
        out.write_bytes(pyrage.encrypt(raw_tar, [key]))
        return out

    def replace(self, name: str, data: bytes) -> Members:
        return [(n, data if n == name else d) for n, d in self.members]

    def with_lines(self, lines: list[Any]) -> Members:
        return self.replace("revisions/000001.jsonl.gz", pack_lines(lines))

    def special_tar(self, entry: tarfile.TarInfo, data: bytes = b"") -> bytes:
        """The valid members with one extra tar entry (link, folder, odd name) first."""
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
            first, *rest = self.members
            info = tarfile.TarInfo(first[0])
            info.size = len(first[1])
            tar.addfile(info, io.BytesIO(first[1]))
            entry.size = len(data) if entry.type in (tarfile.REGTYPE, tarfile.AREGTYPE) else 0
            tar.addfile(entry, io.BytesIO(data) if data else None)
            for name, body in rest:
                info = tarfile.TarInfo(name)
                info.size = len(body)
                tar.addfile(info, io.BytesIO(body))
        return buf.getvalue()


def revision_line(
    *,
    record_type: str,
    record_id: str,
    device_id: str,
    device_seq: int,
    prev: str | None,
    parents: list[str],
    content: dict[str, Any] | None,
    clock: int,
    time: str = "2026-09-01T10:00:00.000Z",
) -> dict[str, Any]:
    """One revision line as a device would write it (content normalised and hashed)."""
    from aces_desktop.core import schema
    from aces_desktop.core.revision import make_revision

    if content is not None:
        content = schema.normalize(record_type, content)
    r = make_revision(
        record_type=record_type,
        record_id=record_id,
        op="put" if content is not None else "delete",
        device_id=device_id,
        device_seq=device_seq,
        prev=prev,
        person_id=None,
        time=time,
        clock=clock,
        parents=parents,
        content=content,
    )
    header = r.header()
    header["time"] = time  # as written, even when it is not a real instant
    return {"c": content, "h": header}


def rev_of(line: dict[str, Any]) -> str:
    from aces_desktop.core.revision import header_hash

    return header_hash(line["h"])


def restate(man: dict[str, Any], members: Members, head_key: Any) -> None:
    """Make a manifest agree with its revision lines, as a forger with ``head_key`` (a
    workspace whose real device key signs) would: ranges, counts and one signed head per
    device chain, each claiming that device as its author."""
    from aces_desktop.sync.authorship import sign_head

    ranges: dict[str, dict[str, Any]] = {}
    withheld = 0
    for name, data in members:
        if not name.startswith("revisions/"):
            continue
        for text in gzip.decompress(data).decode("utf-8").splitlines():
            row = json.loads(text)
            h = row["h"]
            d = h["device_id"]
            rng = ranges.setdefault(
                d,
                {
                    "device_id": d,
                    "first_seq": h["device_seq"],
                    "first_prev": h["prev"],
                    "count": 0,
                },
            )
            rng["last_seq"] = h["device_seq"]
            rng["last_rev"] = rev_of(row)
            rng["count"] += 1
            withheld += row["c"] is None and h["op"] == "put"
    man["ranges"] = list(ranges.values())
    man["counts"]["revisions"] = sum(r["count"] for r in ranges.values())
    man["counts"]["withheld"] = withheld
    with head_key.session() as s:
        key = signing_key(s)
    man["heads"] = [
        sign_head(
            key, device_id=d, seq=r["last_seq"], rev=r["last_rev"], signer=d, legacy=False
        ).as_json()
        for d, r in ranges.items()
    ]
