"""``aces bundle export``: stream revisions and attachments into a signed, encrypted bundle.

Everything is streamed: revisions are read in batches, compressed in chunks of a few MB,
attachments are decrypted from the blob store straight into the age stream, and the file
appears under its name only when complete (atomic rename).
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core.atomic import atomic_writer
from aces_desktop.core.errors import AcesError
from aces_desktop.core.ids import new_id
from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.core.redaction import may_leave
from aces_desktop.core.revision import Revision
from aces_desktop.store import models as m
from aces_desktop.store import pii_ack
from aces_desktop.store.listing import EXPORTED_SEQ_KEY
from aces_desktop.store.records import revision_from_row, utc_now_iso
from aces_desktop.store.secrets import get_meta, set_meta
from aces_desktop.store.sync_models import ChainHead, SyncAck, SyncPeer
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync import tarstream as ts
from aces_desktop.sync.agestream import EncryptingWriter
from aces_desktop.sync.authorship import Head, sign_head
from aces_desktop.sync.provenance import notice_of, revoked_devices
from aces_desktop.sync.trust import organisation, signing_key, trusted_devices
from aces_desktop.sync.wire import (
    CHUNK_PLAIN_TARGET,
    CHUNK_REVISIONS,
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_LINE_BYTES,
    RECORD_SCHEMA_VERSION,
    SIGNATURE_DOMAIN,
    encode_line,
)

# What a coordinator sends back to field devices with content; everything else travels as
# headers only (so hash chains stay whole) and never another device's worker notes.
BACK_TYPES = frozenset(
    {
        "site",
        "company",
        "company_site",
        "initiative",
        "membership",
        "coverage",
        "person",
        "visit",
        "evidence",
        "attachment",
        "publication",
    }
)
BACK_ATTACHMENT_OWNERS = frozenset({"site", "company", "initiative", "evidence"})


@dataclass
class ExportSummary:
    path: str
    bundle_id: str
    recipients: list[str]
    revisions: int = 0
    withheld: int = 0
    attachments: int = 0
    missing_attachments: int = 0
    devices: dict[str, dict[str, int]] = field(default_factory=dict)
    bytes: int = 0

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def travelling_content(
    role: str, r: Revision, *, pii_acknowledged: bool = False
) -> dict[str, Any] | None:
    """The content of ``r`` as it may travel in a bundle from a workspace of ``role``.

    ``pii_acknowledged``: the auditor chose to share this text despite detected personal
    data (``store.pii_ack``); without it such a worker note is held back.
    """
    if r.content is None or not may_leave(
        r.record_type, r.content, "bundle", pii_acknowledged=pii_acknowledged
    ):
        return None
    if role == "coordinator":
        if r.record_type not in BACK_TYPES:
            return None
        if (
            r.record_type == "attachment"
            and r.content.get("owner_type") not in BACK_ATTACHMENT_OWNERS
        ):
            return None
    return r.content


def _recipients(s: Session, ws: Workspace, to: list[str] | None) -> list[m.Device]:
    devices = trusted_devices(s)
    if to:
        chosen = [d for d in devices if d.device_id in to or d.name in to]
        missing = set(to) - {d.device_id for d in chosen} - {d.name for d in chosen}
        if missing:
            raise AcesError(msg.NO_TRUSTED_DEVICE_NAMED(repr(sorted(missing)[0])))
        return chosen
    if ws.role == "field":
        chosen = [d for d in devices if d.role == "coordinator"]
        if not chosen:
            raise AcesError(msg.WORKSPACE_TRUSTS_NO_COORDINATOR_YET())
        return chosen
    if not devices:
        raise AcesError(msg.WORKSPACE_TRUSTS_NO_DEVICE_YET())
    return devices


def known_tips(s: Session) -> dict[str, int]:
    """Per device, the highest revision number this workspace holds (its acknowledgement)."""
    rows = s.execute(
        select(m.RevisionRow.device_id, func.max(m.RevisionRow.device_seq)).group_by(
            m.RevisionRow.device_id
        )
    )
    return {str(d): int(n) for d, n in rows}


class _Hashing:
    def __init__(self, tar: ts.TarWriter) -> None:
        self.tar = tar
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        try:
            return self.tar.write(data)
        except ValueError:
            raise AcesError(msg.STORED_ATTACHMENT_LARGER_RECORD_SAYS()) from None

    def flush(self) -> None:
        return None


class _Chunks:
    def __init__(self, tar: ts.TarWriter, members: list[dict[str, Any]]) -> None:
        self.tar = tar
        self.members = members
        self.buf = bytearray()
        self.lines = 0
        self.number = 0

    def add(self, line: bytes) -> None:
        self.buf += line
        self.lines += 1
        if self.lines >= CHUNK_REVISIONS or len(self.buf) >= CHUNK_PLAIN_TARGET:
            self.flush()

    def flush(self) -> None:
        if not self.lines:
            return
        self.number += 1
        data = gzip.compress(bytes(self.buf), compresslevel=1, mtime=0)
        name = f"revisions/{self.number:06d}.jsonl.gz"
        self.tar.add(name, data)
        self.members.append(
            {"name": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        )
        self.buf = bytearray()
        self.lines = 0


def export_bundle(
    ws: Workspace,
    out: Path,
    *,
    full: bool = False,
    to: list[str] | None = None,
    progress: Progress | None = None,
) -> ExportSummary:
    """Write a bundle for the trusted coordinator(s) (or, from a coordinator, for the
    trusted field devices) to ``out``; returns what it holds."""
    progress = progress or NullProgress()
    out = Path(out)
    blobs = ws.blobs
    with ws.session() as s:
        recipients = _recipients(s, ws, to)
        org = organisation(s, ws)
        if org is None:
            raise AcesError(msg.WORKSPACE_DOES_NOT_KNOW_ORGANISATION())
        # Coordinators of one organisation exchange bundles as devices do: to them a
        # coordinator sends all it may share, not the back-bundle subset for field devices.
        content_role = "field" if _organisation_coordinators(s, recipients, org) else ws.role
        key = signing_key(s)
        me = ws.self_device()
        tips = known_tips(s)
        devices = [ws.device_id] if ws.role == "field" else sorted(tips)
        acks: dict[tuple[str, str], int] = {
            (a.peer_id, a.device_id): a.seq for a in s.execute(select(SyncAck)).scalars()
        }
        start = {
            d: 1 if full else min(acks.get((r.device_id, d), 0) for r in recipients) + 1
            for d in devices
        }
        ends = {d: _signed_end(s, key, me.device_id, d, tips.get(d, 0)) for d in devices}
        total = sum(max(0, ends[d][0] - start[d] + 1) for d in devices)
        summary = ExportSummary(
            path=str(out), bundle_id=new_id(), recipients=[r.name for r in recipients]
        )
        members: list[dict[str, Any]] = []
        ranges: list[dict[str, Any]] = []
        heads: list[dict[str, Any]] = []
        wanted: dict[str, int] = {}
        progress.start(msg.PROGRESS_EXPORTING(), total)
        with atomic_writer(out, mode=0o600) as handle:
            enc = EncryptingWriter(handle, [r.age_recipient or "" for r in recipients])
            try:
                tar = ts.TarWriter(enc)
                fmt = f"{FORMAT_NAME} {FORMAT_VERSION}\n".encode("ascii")
                tar.add(ts.FORMAT_MEMBER, fmt)
                members.append(
                    {
                        "name": ts.FORMAT_MEMBER,
                        "size": len(fmt),
                        "sha256": hashlib.sha256(fmt).hexdigest(),
                    }
                )
                chunks = _Chunks(tar, members)
                for device in devices:
                    last, head = ends[device]
                    rng = _export_device(
                        s, content_role, device, start[device], last, chunks, wanted
                    )
                    if rng is not None:
                        assert head is not None and head.rev == rng["last_rev"]
                        ranges.append(rng)
                        heads.append(head.as_json())
                        summary.revisions += rng["count"]
                        summary.withheld += rng.pop("withheld")
                        summary.devices[device] = {
                            "first_seq": rng["first_seq"],
                            "last_seq": rng["last_seq"],
                        }
                        progress.advance(rng["count"])
                chunks.flush()
                for sha, size in sorted(wanted.items()):
                    if not blobs.exists(sha):
                        summary.missing_attachments += 1
                        continue
                    name = f"attachments/{sha}"
                    tar.begin(name, size)
                    sink = _Hashing(tar)
                    blobs.read_into(sha, sink)  # type: ignore[arg-type]
                    if sink.size != size or sink.sha.hexdigest() != sha:
                        raise AcesError(msg.STORED_ATTACHMENT_DOES_NOT_MATCH(sha[:12]))
                    tar.end()
                    members.append({"name": name, "size": size, "sha256": sha})
                    summary.attachments += 1
                manifest = {
                    "format": FORMAT_NAME,
                    "format_version": FORMAT_VERSION,
                    "record_schema": RECORD_SCHEMA_VERSION,
                    "bundle_id": summary.bundle_id,
                    "created_at": utc_now_iso(),
                    "full": full,
                    "organisation": org,
                    "sender": {
                        "device_id": me.device_id,
                        "workspace_id": ws.meta.workspace_id,
                        "name": me.name,
                        "role": me.role,
                        "fingerprint": me.fingerprint,
                    },
                    "recipients": [
                        {"device_id": r.device_id, "fingerprint": r.fingerprint} for r in recipients
                    ],
                    "ranges": ranges,
                    "counts": {
                        "revisions": summary.revisions,
                        "withheld": summary.withheld,
                        "attachments": summary.attachments,
                    },
                    "acks": dict(sorted(tips.items())),
                    "heads": heads,
                    "identities": _identities(s) if ws.role == "coordinator" else [],
                    "vouched": _vouched(s, org) if ws.role == "coordinator" else [],
                    "revocations": _revocations(s),
                    "members": members,
                }
                body = json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")
                tar.add(ts.MANIFEST, body)
                tar.add(ts.SIGNATURE, key.sign(SIGNATURE_DOMAIN + body))
                tar.finish()
                enc.close()
            except BaseException:
                enc.abort()
                raise
    summary.bytes = out.stat().st_size
    own = summary.devices.get(ws.device_id)
    if own is not None:  # the status bar's "unsent changes" count starts after these
        with ws.writing() as s:
            if int(get_meta(s, EXPORTED_SEQ_KEY) or 0) < own["last_seq"]:
                set_meta(s, EXPORTED_SEQ_KEY, str(own["last_seq"]))
    return summary


def _signed_end(
    s: Session, key: Ed25519PrivateKey, me: str, device: str, tip: int
) -> tuple[int, Head | None]:
    """How far ``device``'s chain can be sent, and the signed head that covers it.

    This device signs its own chain's tip. Another device's chain goes as far as its
    latest head signed by its author (received with it); a chain accepted before
    signatures existed (a legacy head) is vouched for by this coordinator's key."""
    if tip == 0:
        return 0, None
    if device == me:
        rev = s.execute(
            select(m.RevisionRow.rev).where(
                m.RevisionRow.device_id == device, m.RevisionRow.device_seq == tip
            )
        ).scalar_one()
        return tip, sign_head(key, device_id=device, seq=tip, rev=rev, signer=me, legacy=False)
    row = s.execute(
        select(ChainHead)
        .where(ChainHead.device_id == device, ChainHead.seq <= tip)
        .order_by(ChainHead.seq.desc())
        .limit(1)
    ).scalar_one_or_none()
    if row is None:
        return 0, None
    if row.signature is None:
        return row.seq, sign_head(
            key, device_id=device, seq=row.seq, rev=row.rev, signer=me, legacy=True
        )
    return row.seq, Head(device, row.seq, row.rev, row.signer or device, row.legacy, row.signature)


def _organisation_coordinators(s: Session, recipients: list[m.Device], org: str) -> bool:
    """Whether every recipient is a coordinator of organisation ``org`` (its identity said
    so when it was enrolled: ``SyncPeer.organisation``)."""
    for device in recipients:
        peer = s.get(SyncPeer, device.device_id)
        if device.role != "coordinator" or peer is None or peer.organisation != org:
            return False
    return bool(recipients)


def _vouched(s: Session, org: str) -> list[str]:
    """The devices this coordinator vouches for in its organisation: the field devices it
    trusts and the coordinators of its organisation it trusts. A field device receiving the
    bundle then trusts those coordinators, and a coordinator of the organisation those
    devices (``provenance.adopt_vouched``; docs/sync.md, "Several coordinators")."""
    vouched = []
    for device in trusted_devices(s):
        peer = s.get(SyncPeer, device.device_id)
        if device.role == "field" or (peer is not None and peer.organisation == org):
            vouched.append(device.device_id)
    return sorted(vouched)


def _identities(s: Session) -> list[dict[str, Any]]:
    """Public identities of every device this coordinator knows (itself included), so
    field devices can check the authors of the chains it forwards."""
    return [
        {
            "device_id": d.device_id,
            "name": d.name,
            "role": d.role,
            "sign_public": d.sign_public,
            "age_recipient": d.age_recipient,
            "fingerprint": d.fingerprint,
        }
        for d in s.execute(select(m.Device).order_by(m.Device.device_id)).scalars()
    ]


def _revocations(s: Session) -> list[dict[str, Any]]:
    return [notice_of(r).as_json() for r in revoked_devices(s).values()]


def _export_device(
    s: Session,
    role: str,
    device: str,
    first: int,
    last: int,
    chunks: _Chunks,
    wanted: dict[str, int],
) -> dict[str, Any] | None:
    if last < first:
        return None
    query = (
        select(m.RevisionRow)
        .where(
            m.RevisionRow.device_id == device,
            m.RevisionRow.device_seq >= first,
            m.RevisionRow.device_seq <= last,
        )
        .order_by(m.RevisionRow.device_seq)
        .execution_options(yield_per=2000)
    )
    rng: dict[str, Any] | None = None
    withheld = 0
    for row in s.execute(query).scalars():
        r = revision_from_row(row)
        acknowledged = r.content is not None and pii_ack.is_acknowledged(
            s, r.record_type, r.record_id, r.content
        )
        content = travelling_content(role, r, pii_acknowledged=acknowledged)
        if content is None and r.op == "put":
            withheld += 1
        if content is not None and r.record_type == "attachment":
            wanted[content["sha256"]] = int(content["size"])
        line = encode_line(r, content)
        if len(line) > MAX_LINE_BYTES:  # never export what a receiver would refuse
            raise AcesError(
                msg.TOO_LARGE_TRAVEL_BUNDLE_BYTES(
                    r.record_type.replace("_", " "), r.record_id, len(line), MAX_LINE_BYTES
                )
            )
        chunks.add(line)
        if rng is None:
            rng = {
                "device_id": device,
                "first_seq": r.device_seq,
                "first_prev": r.prev,
                "count": 0,
            }
        rng["last_seq"] = r.device_seq
        rng["last_rev"] = r.rev
        rng["count"] += 1
        s.expunge(row)
    if rng is not None:
        rng["withheld"] = withheld
    return rng
