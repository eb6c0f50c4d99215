"""Revisions: the append-only history every record is derived from.

A revision is one change to one record, made on one device. Its identity (``rev``) is the
SHA-256 of its canonical *header*, which holds the hash of its content rather than the
content itself. So a revision whose content must stay on the device (a worker note without
consent to share) can still travel as a header only, and the device's hash chain can be
checked without it.

Rules implemented here (pure functions, shared by the store and by sync):
- ``prev`` links each revision to the previous revision of the same device: a hash chain.
- ``parents`` are the heads of the record the device saw when it made the change.
- The *heads* of a record are its revisions that no other revision names as a parent.
  One head: the record's state is that head's content. More than one head with different
  content: a conflict that a person resolves with a revision naming all heads as parents.
- The *winner* shown while a conflict is open is chosen deterministically (a coordinator's
  head first, then newest logical clock, then revision hash), so every machine shows the
  same thing.
- A tombstone (``op = "delete"``) wins only when every head is a tombstone: an edit made
  concurrently with a delete keeps the record alive, flagged as a conflict.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from aces_desktop.core.canonical import canonical_bytes, content_hash

REVISION_FORMAT = 1


class Op(StrEnum):
    """What a revision does to its record; the values are stored in databases and bundles."""

    PUT = "put"
    DELETE = "delete"


OPS = tuple(Op)
DELETED = "deleted"


@dataclass(frozen=True)
class Revision:
    record_type: str
    record_id: str
    op: Op
    device_id: str
    device_seq: int
    prev: str | None
    person_id: str | None
    time: str
    clock: int
    parents: tuple[str, ...]
    content_hash: str | None
    content: dict[str, Any] | None = field(default=None, compare=False)
    rev: str = ""
    # Canonical JSON of ``content`` when already known (decoding a bundle line computes it
    # for the content hash); saves encoding it again to store it. Not part of the identity.
    content_json: str | None = field(default=None, compare=False, repr=False)

    def header(self) -> dict[str, Any]:
        return {
            "v": REVISION_FORMAT,
            "record_type": self.record_type,
            "record_id": self.record_id,
            "op": self.op,
            "device_id": self.device_id,
            "device_seq": self.device_seq,
            "prev": self.prev,
            "person_id": self.person_id,
            "time": self.time,
            "clock": self.clock,
            "parents": list(self.parents),
            "content_hash": self.content_hash,
        }

    @property
    def withheld(self) -> bool:
        """True for a put whose content did not travel (kept on its device by consent)."""
        return self.op == "put" and self.content is None

    def sort_key(self) -> tuple[int, str]:
        return (self.clock, self.rev)


def header_hash(header: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(header)).hexdigest()


def make_revision(
    *,
    record_type: str,
    record_id: str,
    op: str,
    device_id: str,
    device_seq: int,
    prev: str | None,
    person_id: str | None,
    time: str,
    clock: int,
    parents: Iterable[str],
    content: dict[str, Any] | None,
) -> Revision:
    if op not in OPS:
        raise ValueError(f"unknown revision op {op!r}")
    if (op == "put") != (content is not None):
        raise ValueError("a put carries content and a delete carries none")
    draft = Revision(
        record_type=record_type,
        record_id=record_id,
        op=Op(op),
        device_id=device_id,
        device_seq=device_seq,
        prev=prev,
        person_id=person_id,
        time=time,
        clock=clock,
        parents=tuple(sorted(set(parents))),
        content_hash=content_hash(content) if content is not None else None,
        content=content,
    )
    return _with_rev(draft)


def _with_rev(r: Revision) -> Revision:
    return Revision(**{**r.__dict__, "rev": header_hash(r.header())})


def revision_from_header(
    header: dict[str, Any],
    content: dict[str, Any] | None,
    *,
    header_bytes: bytes | None = None,
    content_json: str | None = None,
) -> Revision:
    """Rebuild a revision from its header (e.g. read from a bundle) and optional content.

    ``header_bytes``: ``canonical_bytes(header)`` of a header whose fields have been checked
    (types as in ``Revision.header``), when the caller has it: the revision id is its hash.
    ``content_json``: ``canonical_json(content)``, when the caller has it."""
    draft = Revision(
        record_type=header["record_type"],
        record_id=header["record_id"],
        op=Op(header["op"]),
        device_id=header["device_id"],
        device_seq=header["device_seq"],
        prev=header["prev"],
        person_id=header["person_id"],
        time=header["time"],
        clock=header["clock"],
        parents=tuple(header["parents"]),
        content_hash=header["content_hash"],
        content=content,
        content_json=content_json,
        rev=hashlib.sha256(header_bytes).hexdigest() if header_bytes is not None else "",
    )
    return draft if header_bytes is not None else _with_rev(draft)


def content_matches(r: Revision) -> bool:
    """Whether the revision's content (if it carries any) hashes to its content_hash."""
    if r.content is None:
        return r.op == "put" or r.content_hash is None
    return content_hash(r.content) == r.content_hash


@dataclass(frozen=True)
class ChainProblem:
    device_seq: int
    message: str


def check_chain(
    revisions: Sequence[Revision], *, after: Revision | None = None
) -> list[ChainProblem]:
    """Check that revisions of one device, sorted by ``device_seq``, form an unbroken chain.

    ``after`` is the last revision of that device already known; when given, the first
    revision must follow it directly.
    """
    problems: list[ChainProblem] = []
    prev_rev = after.rev if after else None
    prev_seq = after.device_seq if after else None
    for r in revisions:
        if prev_seq is not None and r.device_seq != prev_seq + 1:
            problems.append(
                ChainProblem(
                    r.device_seq, f"expected revision {prev_seq + 1}, found {r.device_seq}"
                )
            )
        elif prev_seq is None and after is None and r.device_seq != 1 and r.prev is None:
            problems.append(ChainProblem(r.device_seq, "chain starts without a link to its past"))
        if prev_seq is not None and r.prev != prev_rev:
            problems.append(ChainProblem(r.device_seq, "does not link to the revision before it"))
        prev_rev, prev_seq = r.rev, r.device_seq
    return problems


@dataclass(frozen=True)
class RecordState:
    """The derived state of one record from its head revisions."""

    heads: tuple[str, ...]
    winner: Revision | None
    deleted: bool
    conflict: bool
    digest: str

    @property
    def content(self) -> dict[str, Any] | None:
        return None if self.deleted or self.winner is None else self.winner.content


def derive_state(
    record_type: str,
    record_id: str,
    heads: Sequence[Revision],
    preferred: Collection[str] = (),
) -> RecordState:
    """State of a record from its head revisions (withheld heads are ignored).

    While a conflict is open, heads written by a ``preferred`` device (the coordinators)
    are shown before others: a field device's concurrent change waits for review."""
    visible = [h for h in heads if not h.withheld]
    head_ids = tuple(sorted(h.rev for h in heads))
    puts = [h for h in visible if h.op == "put"]

    def rank(h: Revision) -> tuple[bool, int, str]:
        return (h.device_id in preferred, h.clock, h.rev)

    winner: Revision | None
    if puts:
        winner = max(puts, key=rank)
        deleted = False
    else:
        winner = max(visible, key=rank) if visible else None
        deleted = True
    distinct = {h.content_hash or DELETED for h in visible}
    conflict = len(distinct) > 1
    return RecordState(
        heads=head_ids,
        winner=winner,
        deleted=deleted,
        conflict=conflict,
        digest=state_digest(record_type, record_id, sorted(distinct)),
    )


def state_digest(record_type: str, record_id: str, head_contents: Sequence[str]) -> str:
    """Digest of one record's state: type, id and the sorted content hashes of its heads."""
    line = "\t".join((record_type, record_id, "|".join(head_contents)))
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def combine_state(digests: Iterable[tuple[str, str]]) -> str:
    """The workspace ``state_hash`` from (record_id, digest) pairs sorted by record id."""
    h = hashlib.sha256(b"aces-state-v1\n")
    for record_id, digest in digests:
        h.update(record_id.encode("ascii"))
        h.update(b"=")
        h.update(digest.encode("ascii"))
        h.update(b"\n")
    return h.hexdigest()
