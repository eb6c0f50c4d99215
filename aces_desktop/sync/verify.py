"""``aces bundle verify``: every check, before anything is written (pass 1 of a merge).

The bundle is decrypted as a stream; each member is hashed and size-limited while it is
read; revision lines are decoded strictly and their hash chains followed; the manifest's
signature is checked with the *stored* key of the trusted sender. Problems found in
unsigned content are reported only after the signature, so a forged bundle is named as
forged rather than as malformed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core import schema
from aces_desktop.core.errors import AcesError
from aces_desktop.core.ids import is_uuid
from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.core.revision import Revision
from aces_desktop.store import models as m
from aces_desktop.store.records import logical_clock
from aces_desktop.store.sync_models import Revocation, SyncHeld
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync import tarstream as ts
from aces_desktop.sync.agestream import BundleError, DecryptingReader
from aces_desktop.sync.authorship import CLOCK_AHEAD_LIMIT, time_problem
from aces_desktop.sync.linepool import BATCH_BYTES, BATCH_LINES, LinePool
from aces_desktop.sync.provenance import Authority, check_chains, read_authority
from aces_desktop.sync.trust import age_identity, organisation
from aces_desktop.sync.wire import (
    FORMAT_NAME,
    FORMAT_VERSION,
    MAX_ATTACHMENT_BYTES,
    MAX_BUNDLE_BYTES,
    MAX_CHUNK_COMPRESSED,
    MAX_CHUNK_PLAIN,
    MAX_LINE_BYTES,
    MAX_MANIFEST_BYTES,
    MAX_MEMBERS,
    RECORD_SCHEMA_VERSION,
    SIGNATURE_DOMAIN,
    decode_line,
    loads_strict,
)


@dataclass
class DeviceRange:
    device_id: str
    first_seq: int
    last_seq: int
    first_prev: str | None
    last_rev: str
    count: int
    known_tip: int = 0
    status: str = "apply"  # apply | known | held

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class BundlePlan:
    """What a verified bundle holds and what merging it will do."""

    path: Path
    bundle_id: str
    sender_id: str
    sender_name: str
    created_at: str
    manifest: dict[str, Any]
    ranges: dict[str, DeviceRange] = field(default_factory=dict)
    members: dict[str, tuple[int, str]] = field(default_factory=dict)
    revisions: int = 0
    withheld: int = 0
    attachments: int = 0
    authority: Authority = field(default_factory=Authority)

    @property
    def held(self) -> list[DeviceRange]:
        return [r for r in self.ranges.values() if r.status == "held"]

    def as_json(self) -> dict[str, Any]:
        return {
            "file": str(self.path),
            "bundle_id": self.bundle_id,
            "sender": {"device_id": self.sender_id, "name": self.sender_name},
            "created_at": self.created_at,
            "revisions": self.revisions,
            "withheld": self.withheld,
            "attachments": self.attachments,
            "ranges": [r.as_json() for r in self.ranges.values()],
            "waiting_for_earlier_bundle": [
                {
                    "device_id": r.device_id,
                    "first_seq": r.first_seq,
                    "missing_from": r.known_tip + 1,
                }
                for r in self.held
            ],
        }


@dataclass
class Local:
    """Facts about the receiving workspace the checks need."""

    device_id: str
    identity: str
    organisation: str | None


def local_facts(ws: Workspace) -> Local:
    with ws.session() as s:
        return Local(ws.device_id, age_identity(s), organisation(s, ws))


def chain_tip(s: Session, device_id: str) -> tuple[int, str | None]:
    row = s.execute(
        select(m.RevisionRow.device_seq, m.RevisionRow.rev)
        .where(m.RevisionRow.device_id == device_id)
        .order_by(m.RevisionRow.device_seq.desc())
        .limit(1)
    ).first()
    return (int(row[0]), str(row[1])) if row else (0, None)


def records_of(s: Session, revs: list[str]) -> dict[str, str]:
    """Record id of each of ``revs`` this workspace holds (at most a few hundred at once)."""
    if not revs:
        return {}
    query = select(m.RevisionRow.rev, m.RevisionRow.record_id).where(m.RevisionRow.rev.in_(revs))
    return {str(rev): str(record_id) for rev, record_id in s.execute(query)}


def inflate(reader: ts.Source, member: ts.Member) -> Iterator[bytes]:
    """Plain bytes of a gzip member, within absolute limits on its compressed and
    decompressed sizes (not a ratio: real text can compress very well)."""
    if member.size > MAX_CHUNK_COMPRESSED:
        raise BundleError(msg.MEMBER_LARGER_BYTES(member.name, MAX_CHUNK_COMPRESSED))
    d = zlib.decompressobj(31)
    plain = 0
    while True:
        data = reader.read(1 << 16)
        if not data:
            break
        while data:
            try:
                out = d.decompress(data, 1 << 18)
            except zlib.error as exc:
                raise BundleError(msg.MEMBER_NOT_VALID_GZIP(member.name, exc)) from None
            data = d.unconsumed_tail
            plain += len(out)
            if plain > MAX_CHUNK_PLAIN:
                raise BundleError(msg.DECOMPRESSION_BOMB(member.name, MAX_CHUNK_PLAIN))
            if out:
                yield out
        if d.eof and (d.unused_data or reader.read(1)):
            raise BundleError(msg.MEMBER_DATA_AFTER_GZIP_STREAM(member.name))
    if not d.eof:
        raise BundleError(msg.MEMBER_TRUNCATED_GZIP_STREAM(member.name))


def iter_lines(reader: ts.Source, member: ts.Member) -> Iterator[bytes]:
    pending = b""
    for block in inflate(reader, member):
        pending += block
        *lines, pending = pending.split(b"\n")
        if len(pending) > MAX_LINE_BYTES:
            raise BundleError(msg.MEMBER_LINE_LONGER_LIMIT(member.name))
        yield from lines
    if pending:
        raise BundleError(msg.MEMBER_DOES_NOT_END_NEWLINE(member.name))


def walk(
    path: Path,
    local: Local,
    on_revision: Callable[[Revision, str], None],
    on_attachment: Callable[[str, Any, ts.Member], None] | None,
    on_bad_line: Callable[[BundleError], bool],
    decode: Callable[[bytes, str], Revision] = decode_line,
    on_read: Callable[[int], None] | None = None,
    pool: LinePool | None = None,
) -> tuple[bytes, bytes, dict[str, tuple[int, str]]]:
    """Read a bundle member by member; returns (manifest bytes, signature, observed members).

    ``on_read`` is told how many bytes of the file were read after each member (progress).

    ``on_revision`` is called with each decoded revision and its line; ``on_bad_line``
    decides whether a decoding problem stops the walk (pass 2) or is remembered (pass 1).
    ``pool``: lines are decoded (``decode_line``) by its worker process, a member ahead,
    and passed on in the same order with the same problems (``linepool``).
    """
    observed: dict[str, tuple[int, str]] = {}
    manifest = signature = b""
    stage = 0  # 0 format, 1 revisions, 2 attachments, 3 manifest, 4 signature, 5 end
    chunk_no = 0
    skip_lines = False
    with DecryptingReader(path, local.identity, MAX_BUNDLE_BYTES) as src:
        reader = ts.TarReader(src, MAX_MEMBERS)
        while True:
            member = reader.next()
            if member is None:
                break
            hashed = _HashingTar(reader)
            name = member.name
            if pool is not None and not ts.REVISIONS_RE.match(name):
                skip_lines = pool.deliver(on_revision, on_bad_line) or skip_lines
            if stage == 0:
                if name != ts.FORMAT_MEMBER:
                    raise BundleError(msg.DOES_NOT_START_FORMAT_MEMBER())
                text = ts.read_all(hashed, 64, name)
                _check_format_line(text)
                stage = 1
            elif ts.REVISIONS_RE.match(name):
                if stage != 1:
                    raise BundleError(msg.MEMBER_OUT_ORDER(name))
                chunk_no += 1
                if name != f"revisions/{chunk_no:06d}.jsonl.gz":
                    raise BundleError(msg.MEMBER_OUT_SEQUENCE(name))
                if skip_lines:
                    pass
                elif pool is not None:
                    skip_lines = _through_pool(pool, name, hashed, member, on_revision, on_bad_line)
                else:
                    try:
                        for no, line in enumerate(iter_lines(hashed, member), 1):
                            where = f"{name} line {no}"
                            on_revision(decode(line, where), line.decode("utf-8"))
                    except BundleError as exc:
                        # Reported after the signature and member hashes are checked.
                        skip_lines = on_bad_line(exc)
            elif ts.ATTACHMENT_RE.match(name):
                if stage not in (1, 2):
                    raise BundleError(msg.MEMBER_OUT_ORDER(name))
                stage = 2
                if member.size > MAX_ATTACHMENT_BYTES:
                    raise BundleError(msg.ATTACHMENT_LARGER_LIMIT(name))
                if on_attachment is not None:
                    on_attachment(name.split("/", 1)[1], hashed, member)
                else:
                    while hashed.read(1 << 16):
                        pass
            elif name == ts.MANIFEST:
                if stage not in (1, 2):
                    raise BundleError(msg.MANIFEST_OUT_ORDER())
                if member.size > MAX_MANIFEST_BYTES:
                    raise BundleError(msg.MANIFEST_LARGER_LIMIT())
                manifest = ts.read_all(hashed, MAX_MANIFEST_BYTES, name)
                stage = 3
            elif name == ts.SIGNATURE:
                if stage != 3:
                    raise BundleError(msg.SIGNATURE_OUT_ORDER())
                signature = ts.read_all(hashed, 64, name)
                stage = 4
            else:  # pragma: no cover - check_name allows nothing else
                raise BundleError(msg.MEMBER_NOT_PART_BUNDLE_FORMAT(name))
            if name not in (ts.MANIFEST, ts.SIGNATURE):
                while hashed.read(1 << 16):
                    pass
                observed[name] = (member.size, hashed.sha.hexdigest())
            if on_read is not None:
                on_read(src.consumed)
        if pool is not None:
            pool.deliver(on_revision, on_bad_line)
        if stage == 0:
            raise BundleError(msg.HOLDS_NO_MEMBERS())
        if stage != 4:
            raise BundleError(msg.BUNDLE_TRUNCATED())
    return manifest, signature, observed


def _through_pool(
    pool: LinePool,
    name: str,
    hashed: ts.Source,
    member: ts.Member,
    on_revision: Callable[[Revision, str], None],
    on_bad_line: Callable[[BundleError], bool],
) -> bool:
    """The lines of one revisions member, decoded by ``pool`` in batches (as the loop of
    ``walk`` does in process); returns whether the rest of the lines are to be skipped."""
    batch: list[bytes] = []
    size, first = 0, 1
    try:
        for line in iter_lines(hashed, member):
            batch.append(line)
            size += len(line)
            if len(batch) >= BATCH_LINES or size >= BATCH_BYTES:
                pool.submit(name, first, batch)
                if pool.deliver(on_revision, on_bad_line, wait=False):
                    return True  # a problem stops the lines, as in ``walk``
                first += len(batch)
                batch, size = [], 0
    except BundleError as exc:
        # Raised after the lines before it are passed on (``deliver``).
        pool.submit(name, first, batch, exc)
    else:
        pool.submit(name, first, batch)
    return pool.deliver(on_revision, on_bad_line, wait=False)


class _HashingTar:
    """The current member of a TarReader, hashed as it is read."""

    def __init__(self, reader: ts.TarReader) -> None:
        self.reader = reader
        self.sha = hashlib.sha256()

    def read(self, n: int) -> bytes:
        data = self.reader.read(n)
        self.sha.update(data)
        return data


def _check_format_line(text: bytes) -> None:
    parts = text.decode("ascii", "replace").split()
    if len(parts) != 2 or parts[0] != FORMAT_NAME or not parts[1].isdigit():
        raise BundleError(msg.FORMAT_MEMBER_NOT_ACES_BUNDLE())
    version = int(parts[1])
    if version == 1:
        raise BundleError(msg.BUNDLE_FORMAT_1())
    if version > FORMAT_VERSION:
        raise BundleError(msg.BUNDLE_FORMAT_NEWER(version, FORMAT_VERSION))
    if version != FORMAT_VERSION:
        raise BundleError(msg.USES_UNKNOWN_BUNDLE_FORMAT_VERSION(version))


def check_manifest(
    s: Session,
    local: Local,
    manifest_bytes: bytes,
    signature: bytes,
    observed: dict[str, tuple[int, str]],
) -> dict[str, Any]:
    """Signature, trust, versions, addressing and member hashes of a bundle manifest."""
    man = loads_strict(manifest_bytes, "the manifest")
    if not isinstance(man, dict):
        raise BundleError(msg.MANIFEST_NOT_JSON_OBJECT())
    if man.get("format") != FORMAT_NAME:
        raise BundleError(msg.MANIFEST_DOES_NOT_DESCRIBE_ACES())
    version = man.get("format_version")
    if not isinstance(version, int) or version != FORMAT_VERSION:
        raise BundleError(
            msg.MANIFEST_NAMES_BUNDLE_FORMAT_VERSION(str(version)[:20], FORMAT_VERSION)
        )
    sender = man.get("sender")
    if not isinstance(sender, dict) or not is_uuid(sender.get("device_id")):
        raise BundleError(msg.MANIFEST_DOES_NOT_NAME_SENDER())
    sender_id = sender["device_id"]
    if sender_id == local.device_id:
        raise BundleError(msg.BUNDLE_FROM_ITSELF())
    device = s.get(m.Device, sender_id)
    revoked = s.get(Revocation, sender_id)
    if revoked is not None:
        raise BundleError(
            msg.BUNDLE_FROM_REVOKED(
                device.name if device else sender_id, revoked.time[:10], revoked.reason[:120]
            )
        )
    if device is None or not device.trusted:
        raise BundleError(msg.BUNDLE_FROM_UNTRUSTED(sender_id))
    if sender.get("fingerprint") != device.fingerprint:
        raise BundleError(msg.BUNDLE_WRONG_FINGERPRINT(device.name))
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(device.sign_public)).verify(
            signature, SIGNATURE_DOMAIN + manifest_bytes
        )
    except (InvalidSignature, ValueError):
        raise BundleError(msg.BUNDLE_FORGED(device.name)) from None
    schema_version = man.get("record_schema")
    if not isinstance(schema_version, int) or schema_version > RECORD_SCHEMA_VERSION:
        raise BundleError(msg.BUNDLE_NEWER_SCHEMA(str(schema_version)[:20], RECORD_SCHEMA_VERSION))
    if man.get("organisation") != local.organisation:
        raise BundleError(msg.BUNDLE_OTHER_ORGANISATION())
    recipients = man.get("recipients")
    if not isinstance(recipients, list) or not any(
        isinstance(r, dict) and r.get("device_id") == local.device_id for r in recipients
    ):
        raise BundleError(msg.BUNDLE_OTHER_RECIPIENT())
    listed = man.get("members")
    if not isinstance(listed, list):
        raise BundleError(msg.MANIFEST_NO_MEMBER_LIST())
    declared: dict[str, tuple[int, str]] = {}
    for entry in listed:
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name"), str)
            or not isinstance(entry.get("size"), int)
            or not isinstance(entry.get("sha256"), str)
        ):
            raise BundleError(msg.MANIFEST_MEMBER_LIST_MALFORMED())
        if entry["name"] in declared:
            raise BundleError(msg.MANIFEST_LISTS_MEMBER_TWICE(entry["name"][:80]))
        declared[entry["name"]] = (entry["size"], entry["sha256"])
    for name, (size, sha) in observed.items():
        if name not in declared:
            raise BundleError(msg.MEMBER_NOT_LISTED(name))
        if declared[name] != (size, sha):
            raise BundleError(msg.MEMBER_ALTERED(name))
    for name in declared:
        if name not in observed:
            raise BundleError(msg.MEMBER_MISSING(name))
    if not is_uuid(man.get("bundle_id")):
        raise BundleError(msg.MANIFEST_BUNDLE_ID_NOT_VALID())
    problem = time_problem(man.get("created_at"), dt.datetime.now(dt.UTC))
    if problem is not None:
        raise BundleError(msg.MANIFEST_CREATED_AT(problem))
    if not isinstance(man.get("full"), bool):
        raise BundleError(msg.MANIFEST_NO_VALID_FULL())
    if (
        not is_uuid(sender.get("workspace_id"))
        or not isinstance(sender.get("name"), str)
        or sender.get("role") != device.role
    ):
        raise BundleError(msg.MANIFEST_SENDER_MALFORMED_NAMES_ANOTHER())
    seen_recipients: set[str] = set()
    for r in recipients:
        if (
            not isinstance(r, dict)
            or set(r) != {"device_id", "fingerprint"}
            or not is_uuid(r.get("device_id"))
            or r["device_id"] in seen_recipients
        ):
            raise BundleError(msg.MANIFEST_RECIPIENTS_MALFORMED())
        seen_recipients.add(r["device_id"])
    acks = man.get("acks")
    if not isinstance(acks, dict) or not all(
        is_uuid(k) and isinstance(v, int) and 0 <= v < 2**53 for k, v in acks.items()
    ):
        raise BundleError(msg.MANIFEST_ACKNOWLEDGEMENTS_MALFORMED())
    return man


class RevisionChecks:
    """Streaming checks of revisions: chains, ids, references (pass 1 of ``verify_bundle``,
    and the checks of the single pass of a merge)."""

    def __init__(self, s: Session) -> None:
        self.s = s
        self.now = dt.datetime.now(dt.UTC)
        self.max_clock: Revision | None = None
        # Parent checks: every revision of the bundle (hash of rev -> hash of record id;
        # Python's keyed string hash, which a sender cannot aim collisions at), and the
        # parents revisions name (parent, hash of its child's record id, device, seq).
        self.revs: dict[int, int] = {}
        self.parents: list[tuple[str, int, str, int]] = []
        self.ranges: dict[str, DeviceRange] = {}
        self.last: dict[str, Revision] = {}
        self.tips: dict[str, tuple[int, str | None]] = {}
        self.ids: set[bytes] = set()
        self.refs: dict[bytes, str] = {}
        self.problem: BundleError | None = None
        self.withheld = 0
        self.attachments: dict[str, int] = {}
        self.count = 0
        # the first revision of a coordinator-only record type per device (checked by role)
        self.coordinator_only: dict[str, int] = {}

    def on_revision(self, r: Revision, _line: str) -> None:
        d = r.device_id
        prev = self.last.get(d)
        if prev is None:
            if d in self.ranges:
                raise BundleError(msg.DEVICE_REVISIONS_NOT_CONTIGUOUS(_where(r)))
            self.tips[d] = chain_tip(self.s, d)
            self.ranges[d] = DeviceRange(d, r.device_seq, r.device_seq, r.prev, r.rev, 0)
        else:
            if r.device_seq != prev.device_seq + 1:
                raise BundleError(
                    msg.HASH_CHAIN_HOLE_EXPECTED_REVISION(_where(r), prev.device_seq + 1)
                )
            if r.prev != prev.rev:
                raise BundleError(msg.HASH_CHAIN_BROKEN_FORGED_REORDERED(_where(r)))
        tip_seq, tip_rev = self.tips[d]
        if r.device_seq == tip_seq and r.rev != tip_rev:
            raise BundleError(msg.DIFFERS_REVISION_ALREADY_RECEIVED_NUMBER(_where(r)))
        if r.device_seq == tip_seq + 1 and tip_rev is not None and r.prev != tip_rev:
            raise BundleError(msg.DOES_NOT_LINK_REVISION_ALREADY(_where(r)))
        problem = time_problem(r.time, self.now)
        if problem is not None:
            raise BundleError(msg.MESSAGE(_where(r), problem))
        if self.max_clock is None or r.clock > self.max_clock.clock:
            self.max_clock = r
        record_key = hash(r.record_id)
        self.revs[hash(r.rev)] = record_key
        for parent in r.parents:
            self.parents.append((parent, record_key, d, r.device_seq))
        rng = self.ranges[d]
        rng.last_seq, rng.last_rev = r.device_seq, r.rev
        rng.count += 1
        self.last[d] = r
        self.count += 1
        self.ids.add(bytes.fromhex(r.record_id.replace("-", "")))
        if r.withheld:
            self.withheld += 1
        if r.record_type in schema.COORDINATOR_ONLY_TYPES:
            self.coordinator_only.setdefault(d, r.device_seq)
        if r.content is not None:
            for fname, _f, rid in schema.referenced_ids(r.record_type, r.content):
                key = bytes.fromhex(rid.replace("-", ""))
                if key not in self.refs:
                    self.refs[key] = f"{r.record_type} {r.record_id} field '{fname}'"
            if r.record_type == "attachment":
                self.attachments[r.content["sha256"]] = int(r.content["size"])

    def on_bad_line(self, exc: BundleError) -> bool:
        if self.problem is None:
            self.problem = exc
        return True

    def check_authorship(self, man: dict[str, Any], sender: m.Device) -> Authority:
        auth = read_authority(self.s, man, sender)
        check_chains(
            auth,
            sender,
            {d: (r.first_seq, r.last_seq, r.last_rev) for d, r in self.ranges.items()},
        )
        for device, seq in self.coordinator_only.items():
            author = auth.keys.get(device)
            if author is None or author.role != "coordinator":
                raise BundleError(msg.PUBLICATION_FROM_FIELD(msg.DEVICE_REVISION(device, seq)))
        return auth

    def check_clock(self) -> None:
        top = self.max_clock
        if top is None:
            return
        known = logical_clock(self.s)
        if top.clock > known + self.count + CLOCK_AHEAD_LIMIT:
            where = msg.DEVICE_REVISION(top.device_id, top.device_seq)
            raise BundleError(msg.CLOCK_TOO_FAR_AHEAD(where, top.clock, known))

    def check_parents(self) -> None:
        """Parents name existing revisions of the same record: in this bundle, in the
        workspace, or held back waiting for an earlier bundle. Revisions that are held
        themselves are checked when their chain is complete."""
        outside: dict[str, list[tuple[int, str, int]]] = {}
        for parent, record_key, device, seq in self.parents:
            if self.ranges[device].status == "held":
                continue  # checked when the chain is complete (merge.release_held)
            in_bundle = self.revs.get(hash(parent))
            if in_bundle is None:
                outside.setdefault(parent, []).append((record_key, device, seq))
            elif in_bundle != record_key:
                raise BundleError(msg.DEVICE_REVISION_NAMES_PARENT_REVISION(device, seq))
        items = list(outside.items())
        for i in range(0, len(items), 500):
            part = dict(items[i : i + 500])
            found = records_of(self.s, list(part))
            for rev, record_id, line in self.s.execute(
                select(SyncHeld.rev, SyncHeld.record_id, SyncHeld.line).where(
                    SyncHeld.rev.in_([p for p in part if p not in found])
                )
            ).all():
                found[rev] = (
                    record_id or loads_strict(line.encode("utf-8"), "held")["h"]["record_id"]
                )
            for parent, children in part.items():
                for record_key, device, seq in children:
                    where = msg.DEVICE_REVISION(device, seq)
                    if parent not in found:
                        raise BundleError(msg.PARENT_MISSING(where, parent[:12]))
                    if hash(found[parent]) != record_key:
                        raise BundleError(msg.PARENT_OF_OTHER_RECORD(where))

    def finish(self) -> None:
        for d, rng in self.ranges.items():
            tip_seq, _ = self.tips[d]
            rng.known_tip = tip_seq
            if rng.last_seq <= tip_seq:
                rng.status = "known"
            elif rng.first_seq > tip_seq + 1:
                rng.status = "held"
        missing = [k for k in self.refs if k not in self.ids]
        for i in range(0, len(missing), 500):
            part = missing[i : i + 500]
            as_ids = {_uuid_text(k): k for k in part}
            found = set(
                self.s.execute(
                    select(m.RevisionRow.record_id)
                    .where(m.RevisionRow.record_id.in_(list(as_ids)))
                    .distinct()
                ).scalars()
            )
            for text, key in as_ids.items():
                if text not in found:
                    raise BundleError(msg.REFERS_WHICH_NEITHER_BUNDLE_NOR(self.refs[key], text))


def _where(r: Revision) -> str:
    return f"device {r.device_id} revision {r.device_seq}"


def _uuid_text(key: bytes) -> str:
    h = key.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


_RANGE_KEYS = frozenset(("device_id", "first_seq", "last_seq", "first_prev", "last_rev", "count"))


def _check_counts(
    man: dict[str, Any], p1: RevisionChecks, observed: dict[str, tuple[int, str]]
) -> None:
    """The signed manifest's ranges, counts and attachment members match the content."""
    declared = man.get("ranges")
    if not isinstance(declared, list):
        raise BundleError(msg.MANIFEST_NO_REVISION_RANGES())
    seen = {
        r.device_id: (r.first_seq, r.last_seq, r.first_prev, r.last_rev, r.count)
        for r in p1.ranges.values()
    }
    listed: dict[str, tuple[Any, ...]] = {}
    for entry in declared:
        if (
            not isinstance(entry, dict)
            or set(entry) != _RANGE_KEYS
            or not is_uuid(entry.get("device_id"))
        ):
            raise BundleError(msg.MANIFEST_REVISION_RANGES_MALFORMED())
        if entry["device_id"] in listed:
            raise BundleError(msg.MANIFEST_LISTS_DEVICE_TWICE(entry["device_id"]))
        listed[entry["device_id"]] = tuple(
            entry[k] for k in ("first_seq", "last_seq", "first_prev", "last_rev", "count")
        )
    if listed != seen:
        raise BundleError(msg.REVISIONS_DO_NOT_MATCH_RANGES())
    counts = man.get("counts")
    if not isinstance(counts, dict) or set(counts) != {"revisions", "withheld", "attachments"}:
        raise BundleError(msg.MANIFEST_COUNTS_MALFORMED())
    attachments = [n.split("/", 1)[1] for n in observed if n.startswith("attachments/")]
    for sha in attachments:
        if sha not in p1.attachments:
            raise BundleError(msg.MEMBER_ATTACHMENTS_BELONGS_NO_ATTACHMENT(sha))
        if observed[f"attachments/{sha}"][0] != p1.attachments[sha]:
            raise BundleError(
                msg.ATTACHMENT_BYTES_BUT_RECORD_DECLARES(
                    sha[:12], observed[f"attachments/{sha}"][0], p1.attachments[sha]
                )
            )
    for what, actual in (
        ("revisions", p1.count),
        ("withheld", p1.withheld),
        ("attachments", len(attachments)),
    ):
        if counts.get(what) != actual:
            raise BundleError(
                msg.NUMBER_DOES_NOT_MATCH_SIGNED(what, actual, str(counts.get(what))[:20])
            )


def member_digest(member: Any) -> str:
    """SHA-256 of what is left of a bundle member, read to its end."""
    digest = hashlib.sha256()
    while data := member.read(1 << 16):
        digest.update(data)
    return digest.hexdigest()


class FileProgress:
    """Progress of reading a bundle, in KiB of its file: how many revisions it holds is
    known only from its manifest, at the end."""

    def __init__(self, progress: Progress, label: str, path: Path) -> None:
        self.progress = progress
        self.done = 0
        try:
            total: int | None = max(1, path.stat().st_size // 1024)
        except OSError:
            total = None  # reading it says why
        progress.start(label, total)

    def __call__(self, consumed: int) -> None:
        kib = consumed // 1024
        if kib > self.done:
            self.progress.advance(kib - self.done)
            self.done = kib


def verify_bundle(
    ws: Workspace, path: Path, progress: Progress | None = None, local: Local | None = None
) -> BundlePlan:
    """Check a bundle completely without writing anything; returns the merge plan."""
    progress = progress or NullProgress()
    path = Path(path)
    local = local or local_facts(ws)
    read = FileProgress(progress, msg.PROGRESS_CHECKING_FILE(path.name), path)
    with ws.session() as s:
        p1 = RevisionChecks(s)

        def on_attachment(sha: str, member: Any, info: ts.Member) -> None:
            if member_digest(member) != sha:
                raise BundleError(msg.ATTACHMENT_DOES_NOT_MATCH_NAME(sha[:12]))
            progress.advance(0)

        try:
            manifest_bytes, signature, observed = walk(
                path, local, p1.on_revision, on_attachment, p1.on_bad_line, on_read=read
            )
        except BundleError as exc:
            raise _named(path, exc) from None
        return conclude(s, local, path, p1, manifest_bytes, signature, observed)


def conclude(
    s: Session,
    local: Local,
    path: Path,
    p1: RevisionChecks,
    manifest_bytes: bytes,
    signature: bytes,
    observed: dict[str, tuple[int, str]],
) -> BundlePlan:
    """The checks that need the whole bundle read (manifest, signature, counts, authorship,
    clock, references, parents), in the order that names a forged bundle as forged; returns
    the merge plan. ``s`` sees the workspace as it was before the bundle."""
    try:
        man = check_manifest(s, local, manifest_bytes, signature, observed)
        if p1.problem is not None:
            raise p1.problem
        _check_counts(man, p1, observed)
        device = s.get(m.Device, man["sender"]["device_id"])
        assert device is not None
        authority = p1.check_authorship(man, device)
        p1.check_clock()
        p1.finish()
        p1.check_parents()
    except BundleError as exc:
        raise _named(path, exc) from None
    return BundlePlan(
        path=path,
        bundle_id=str(man["bundle_id"]),
        sender_id=device.device_id,
        sender_name=device.name,
        created_at=str(man["created_at"]),
        manifest=man,
        ranges=p1.ranges,
        members=observed,
        revisions=p1.count,
        withheld=p1.withheld,
        attachments=sum(1 for n in observed if n.startswith("attachments/")),
        authority=authority,
    )


def _named(path: Path, exc: AcesError) -> BundleError:
    message = exc.message
    if message.startswith(path.name):
        return BundleError(message)
    return BundleError(msg.BUNDLE_REFUSED(path.name, message))
