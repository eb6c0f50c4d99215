"""``aces bundle merge``: check and apply in one pass, inside one transaction.

The bundle is read once. Every revision line gets all of ``aces bundle verify``'s checks
(``verify.RevisionChecks``, against the workspace as it was before: a separate read
session) while what does not depend on anything still unchecked is written in the same
pass: new records that arrive as a single revision (``fastapply``), held revisions, and
attachments. Revisions whose effect depends on the authors' roles (edits, deletions) wait
in memory until the manifest, signature and authorship (at the end of the bundle) are
checked; beyond ``LATER_LIMIT`` of them the bundle is read a second time for them instead,
re-hashing every member against the verified manifest. Any refusal rolls the whole
transaction back and removes the attachments written: nothing of a refused bundle stays.
Revisions of a device whose chain has a gap are held back (``sync_held``) and released
as soon as the earlier bundle arrives: order independence.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError
from aces_desktop.core.progress import NullProgress, Progress
from aces_desktop.core.revision import Revision
from aces_desktop.store import models as m
from aces_desktop.store.bulk import enlarged_cache
from aces_desktop.store.records import ApplyResult, utc_now_iso
from aces_desktop.store.sync_models import SyncAck, SyncHeld
from aces_desktop.store.workspace import Workspace
from aces_desktop.sync import tarstream as ts
from aces_desktop.sync.agestream import BundleError
from aces_desktop.sync.duplicates import queue_duplicates
from aces_desktop.sync.fastapply import insert_simple, split_simple
from aces_desktop.sync.linepool import LinePool, worth_it
from aces_desktop.sync.provenance import adopt_vouched, record_authority
from aces_desktop.sync.verify import (
    BundlePlan,
    FileProgress,
    Local,
    RevisionChecks,
    chain_tip,
    conclude,
    local_facts,
    member_digest,
    records_of,
    walk,
)
from aces_desktop.sync.wire import decode_line, decode_verified


@dataclass
class MergeSummary:
    file: str
    bundle_id: str = ""
    sender: str = ""
    new_revisions: int = 0
    already_known: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    conflicts: int = 0
    duplicates: int = 0
    attachments: int = 0
    held: int = 0
    released: int = 0
    waiting: list[dict[str, Any]] = field(default_factory=list)
    refused: str | None = None
    state_hash: str = ""

    def as_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


# Revisions buffered until the bundle is verified; more are applied in a second read.
LATER_LIMIT = 20_000
_BATCH = 5_000


class _Stream:
    """The writing half of the single pass (see the module docstring)."""

    def __init__(self, s: Session, ws: Workspace, checks: RevisionChecks) -> None:
        self.s = s
        self.ws = ws
        self.checks = checks
        self.pending: list[Revision] = []
        self.later: list[Revision] = []
        self.overflow = False
        self.held = 0
        self.now = utc_now_iso()
        self.result = ApplyResult()
        self.new_blobs: list[str] = []
        self.failed: BaseException | None = None

    def on_revision(self, r: Revision, line: str) -> None:
        checks = self.checks
        checks.on_revision(r, line)  # a BundleError stops the revisions (walk)
        if self.failed is not None:
            return
        tip_seq, _tip = checks.tips[r.device_id]
        if checks.ranges[r.device_id].first_seq > tip_seq + 1:
            self._write(self._hold, r, line)
        elif r.device_seq > tip_seq:  # lower ones are known (the chain was checked)
            self.pending.append(r)
            if len(self.pending) >= _BATCH:
                self._write(self.flush)

    def _hold(self, r: Revision, line: str) -> None:
        self.s.merge(
            SyncHeld(
                rev=r.rev,
                device_id=r.device_id,
                device_seq=r.device_seq,
                bundle_id="",  # set once the manifest is read (``finish_held``)
                line=line,
                received_at=self.now,
                record_id=r.record_id,
            )
        )
        self.held += 1

    def _write(self, action: Any, *args: Any) -> None:
        """Writes before the bundle is verified: a failure is remembered and raised only
        after the checks, so a forged bundle is refused as forged."""
        try:
            action(*args)
        except Exception as exc:
            self.failed = exc
            self.pending = []
            self.later = []

    def flush(self) -> None:
        """Write the new single-revision records of the pending batch; keep the rest."""
        if self.pending:
            simple, rest = split_simple(self.s, self.pending)
            insert_simple(self.s, simple, self.now, self.result)
            if not self.overflow:
                self.later += rest
                if len(self.later) > LATER_LIMIT:
                    self.overflow = True
                    self.later = []
            self.pending = []

    def apply_later(self) -> None:
        """After verification: the revisions that waited for the authors' roles."""
        for i in range(0, len(self.later), _BATCH):
            _add(self.result, self.ws.records.apply(self.s, self.later[i : i + _BATCH]))
        self.later = []

    def on_attachment(self, sha: str, member: Any, info: ts.Member) -> None:
        blobs = self.ws.blobs
        if self.failed is not None or blobs.exists(sha):
            got = member_digest(member)
        else:
            got, _size = blobs.put_stream(_Reader(member), limit=info.size, expect=sha)  # type: ignore[arg-type]
            if got == sha:  # else nothing was stored (and a blob it matches is not ours)
                self.new_blobs.append(got)
        if got != sha:
            raise BundleError(msg.ATTACHMENT_DOES_NOT_MATCH_NAME(sha[:12]))

    def finish_held(self, bundle_id: str) -> None:
        if self.held:
            self.s.flush()
            self.s.execute(
                update(SyncHeld)
                .where(SyncHeld.bundle_id == "", SyncHeld.received_at == self.now)
                .values(bundle_id=bundle_id)
            )


class _Reader:
    """A tar member as a file-like reader for the blob store."""

    def __init__(self, member: Any) -> None:
        self.member = member

    def read(self, n: int = -1) -> bytes:
        return bytes(self.member.read(1 << 20 if n is None or n < 0 else n))


def _add(total: ApplyResult, part: ApplyResult) -> None:
    total.new += part.new
    total.already_known += part.already_known
    total.created |= part.created
    total.updated |= part.updated - total.created
    total.deleted |= part.deleted
    total.conflicts |= part.conflicts


def release_held(s: Session, ws: Workspace) -> ApplyResult:
    """Apply held revisions whose chain now links to what is known; repeat until stable."""
    result = ApplyResult()
    while True:
        progress = False
        devices = list(s.execute(select(SyncHeld.device_id).distinct()).scalars())
        for device in devices:
            tip_seq, tip_rev = chain_tip(s, device)
            rows = s.execute(
                select(SyncHeld).where(SyncHeld.device_id == device).order_by(SyncHeld.device_seq)
            ).scalars()
            batch: list[Revision] = []
            done: list[str] = []
            for row in rows:
                r = decode_line(row.line.encode("utf-8"), f"held revision {row.device_seq}")
                if r.device_seq <= tip_seq:
                    done.append(row.rev)  # already known by now
                    continue
                if r.device_seq != tip_seq + 1 or r.prev != tip_rev:
                    break
                if not _parents_known(s, r, batch):
                    break  # waits for the chain its parent belongs to
                batch.append(r)
                done.append(row.rev)
                tip_seq, tip_rev = r.device_seq, r.rev
            if batch:
                _add(result, ws.records.apply(s, batch))
                progress = True
            if done:
                s.execute(delete(SyncHeld).where(SyncHeld.rev.in_(done)))
        if not progress:
            return result


def _parents_known(s: Session, r: Revision, before: list[Revision]) -> bool:
    """Every parent of a held revision is a known revision of the same record (or one
    released just before it). A parent of another record keeps it held for good."""
    earlier = {b.rev: b.record_id for b in before}
    missing = [p for p in r.parents if p not in earlier]
    found = records_of(s, missing)
    found.update(earlier)
    return all(found.get(p) == r.record_id for p in r.parents)


def waiting(s: Session) -> list[dict[str, Any]]:
    """Devices whose revisions wait for an earlier bundle, with the missing numbers."""
    out = []
    for device in s.execute(select(SyncHeld.device_id).distinct()).scalars():
        tip_seq, _ = chain_tip(s, device)
        seqs = list(
            s.execute(
                select(SyncHeld.device_seq)
                .where(SyncHeld.device_id == device)
                .order_by(SyncHeld.device_seq)
            ).scalars()
        )
        out.append(
            {
                "device_id": device,
                "held": len(seqs),
                "missing_from": tip_seq + 1,
                "missing_to": seqs[0] - 1,
            }
        )
    return out


def _record_acks(s: Session, plan: BundlePlan) -> None:
    for device, seq in plan.manifest["acks"].items():
        row = s.get(SyncAck, (plan.sender_id, device))
        if row is None:
            s.add(SyncAck(peer_id=plan.sender_id, device_id=device, seq=seq))
        elif seq > row.seq:
            row.seq = seq


@contextlib.contextmanager
def fewer_collections(first: int = 50_000) -> Iterator[None]:
    """Python's cycle collector less often while a merge makes millions of small objects
    that live until its end (by default a collection every 700 new objects, each of them
    walking everything still kept): a few per cent of a large merge."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], first), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def merge_bundle(
    ws: Workspace, path: Path, progress: Progress | None = None, local: Local | None = None
) -> MergeSummary:
    """Verify and merge one bundle: all of it in one transaction, or nothing."""
    with fewer_collections():
        return _merge_bundle(ws, path, progress, local)


def _merge_bundle(
    ws: Workspace, path: Path, progress: Progress | None, local: Local | None
) -> MergeSummary:
    progress = progress or NullProgress()
    local = local or local_facts(ws)
    path = Path(path)
    read = FileProgress(progress, msg.PROGRESS_MERGING_FILE(path.name), path)
    stream: _Stream | None = None
    # A large bundle's lines are decoded by a second process while this one writes.
    pool = LinePool() if worth_it(path) else None
    try:
        with ws.writing() as s, ws.session() as before, enlarged_cache(s):
            checks = RevisionChecks(before)
            stream = _Stream(s, ws, checks)

            def on_revision(r: Revision, line: str) -> None:
                assert stream is not None
                stream.on_revision(r, line)
                progress.advance(0)  # cancellation; the bar follows the file (``read``)

            manifest, signature, observed = walk(
                path,
                local,
                on_revision,
                stream.on_attachment,
                checks.on_bad_line,
                on_read=read,
                pool=pool,
            )
            if pool is not None:
                pool.close()
            if stream.failed is None:
                stream._write(stream.flush)
            plan = conclude(before, local, path, checks, manifest, signature, observed)
            if stream.failed is not None:
                raise stream.failed
            summary = MergeSummary(
                file=str(path), bundle_id=plan.bundle_id, sender=plan.sender_name
            )
            # Identities first: the roles of authors decide what replaces what.
            record_authority(
                s,
                plan.authority,
                {d: (r.first_seq, r.last_seq, r.last_rev) for d, r in plan.ranges.items()},
            )
            adopt_vouched(s, plan.authority, ws.role, ws.device_id, local.organisation or "")
            stream.finish_held(plan.bundle_id)
            stream.apply_later()
            if stream.overflow:
                _second_pass(s, ws, plan, local, stream.result)
            _record_acks(s, plan)
            released = release_held(s, ws)
            _add(stream.result, released)
            result = stream.result
            sites = _touched_sites(s, result.created | result.updated)
            summary.duplicates = queue_duplicates(s, sites)
            summary.new_revisions = result.new
            summary.already_known = plan.revisions - result.new + released.new - stream.held
            summary.created = len(result.created)
            summary.updated = len(result.updated)
            summary.deleted = len(result.deleted)
            summary.conflicts = len(result.conflicts)
            summary.attachments = len(stream.new_blobs)
            summary.held = stream.held
            summary.released = released.new
            summary.waiting = waiting(s)
    except BaseException as exc:
        if pool is not None:
            pool.close()
        if stream is not None:
            for sha in stream.new_blobs:
                with contextlib.suppress(OSError):
                    ws.blobs.remove(sha)
        if isinstance(exc, BundleError) and not exc.message.startswith(path.name):
            raise BundleError(msg.BUNDLE_REFUSED(path.name, exc.message)) from None
        raise
    summary.state_hash = ws.state_hash()
    return summary


def _second_pass(
    s: Session, ws: Workspace, plan: BundlePlan, local: Local, result: ApplyResult
) -> None:
    """Too many revisions waited for verification to keep them: read the bundle again
    (re-hashing every member against the verified manifest) and apply every revision to
    apply; those already written are skipped as known."""
    batch: list[Revision] = []

    def on_revision(r: Revision, _line: str) -> None:
        rng = plan.ranges.get(r.device_id)
        if rng is None:
            raise BundleError(msg.BUNDLE_CHANGED_WHILE_BEING_MERGED_2())
        if rng.status != "apply" or r.device_seq <= rng.known_tip:
            return
        batch.append(r)
        if len(batch) >= _BATCH:
            _add(result, ws.records.apply(s, batch))
            batch.clear()

    def stop(exc: BundleError) -> bool:
        raise exc

    _manifest, _sig, observed = walk(plan.path, local, on_revision, None, stop, decode_verified)
    if batch:
        _add(result, ws.records.apply(s, batch))
    if observed != plan.members:
        raise BundleError(msg.BUNDLE_CHANGED_WHILE_BEING_MERGED_2())


def _touched_sites(s: Session, ids: set[str]) -> list[str]:
    found: list[str] = []
    items = sorted(ids)
    for i in range(0, len(items), 500):
        found += list(
            s.execute(select(m.Site.id).where(m.Site.id.in_(items[i : i + 500]))).scalars()
        )
    return found


def merge_bundles(
    ws: Workspace, paths: list[Path], progress: Progress | None = None
) -> list[MergeSummary]:
    """Merge several bundles, each all-or-nothing; a refused one does not stop the others."""
    local = local_facts(ws)
    out: list[MergeSummary] = []
    for path in paths:
        try:
            out.append(merge_bundle(ws, path, progress, local))
        except AcesError as exc:
            if type(exc).__name__ == "Cancelled":
                raise
            out.append(MergeSummary(file=str(path), refused=exc.message))
    return out
