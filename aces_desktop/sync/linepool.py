"""Decoding a bundle's revision lines in a second process while this one writes.

``aces bundle merge`` of a large bundle spends about a third of its time in
``wire.decode_line`` (strict JSON, header fields, record schema, content and revision
hashes). That function depends on nothing but the line, so a spawned worker runs it on a
batch of a member's lines (``BATCH_LINES``) while this process reads the next batch and
writes the rows of the previous one. Nothing else moves: this process still reads, decrypts and hashes every
member, passes every decoded revision to the same ``on_revision`` callback in the same
order, and every check of ``verify.RevisionChecks`` and ``verify.conclude`` still runs here
against the workspace as it was before the merge.

Same verdicts: a member's lines go to the worker as ``iter_lines`` produced them, numbered
as in the member; the worker stops at the first line ``decode_line`` refuses and returns
the revisions before it with that refusal; ``deliver`` passes those revisions on, then raises the refusal (or the
member's own reading problem), exactly where the in-process loop of ``verify.walk`` would.
Lines after the first problem are not passed on, as ``walk`` skips them. If the worker
cannot start or dies, this process decodes the batches itself (the same function).

The worker talks over one pipe, read and written only by the merging thread: no helper
thread in this process (one unpickling results next to ``executemany``, which releases the
GIL for every row, would make a lock convoy of the writing). One batch is with the worker
at a time, so neither side can block the other on a full pipe.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from aces_desktop.core.revision import Revision
from aces_desktop.sync.agestream import BundleError
from aces_desktop.sync.wire import CHUNK_PLAIN_TARGET, CHUNK_REVISIONS, decode_line

# Lines of a member are handed to the worker in batches of at most this many lines and
# bytes (what an export writes per member), so memory stays bounded whatever a member holds.
BATCH_LINES = CHUNK_REVISIONS
BATCH_BYTES = CHUNK_PLAIN_TARGET
# Bundles smaller than this are decoded in this process: starting the worker (a Python
# interpreter importing the schema) costs more than it saves below a few tens of
# thousands of revisions.
PARALLEL_FROM_BYTES = 4 * 1024**2

Decoded = tuple[list[Revision], BaseException | None]


def decode_member(name: str, first: int, lines: list[bytes]) -> Decoded:
    """``decode_line`` of each of ``lines`` of member ``name`` (numbered from ``first``),
    up to the first it refuses; returns the revisions before it and that refusal (or None)."""
    out: list[Revision] = []
    for no, line in enumerate(lines, first):
        try:
            out.append(decode_line(line, f"{name} line {no}"))
        except Exception as exc:  # passed back and raised where the caller would have
            return out, exc
    return out, None


def _serve(conn: Any) -> None:
    """The worker: decode each member it is sent until it is sent None."""
    # Each member makes tens of thousands of small objects, none in a cycle: collect
    # cycles less often (as ``merge.fewer_collections`` does while merging).
    gc.set_threshold(50_000, *gc.get_threshold()[1:])
    while True:
        task = conn.recv()
        if task is None:
            break
        conn.send(decode_member(*task))
    conn.close()


class Worker(Protocol):
    def send(self, task: tuple[str, int, list[bytes]]) -> None: ...
    def recv(self) -> Decoded: ...
    def close(self) -> None: ...


class Process:
    """A spawned worker process (safe from the GUI and in the frozen app, whose entry
    points call ``multiprocessing.freeze_support``)."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def send(self, task: tuple[str, int, list[bytes]]) -> None:
        self.conn.send(task)

    def recv(self) -> Decoded:
        result: Decoded = self.conn.recv()
        return result

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.conn.close()


def worth_it(path: Path) -> bool:
    """Whether a bundle is large enough, and a second core free enough, for the worker.

    On a computer whose cores are all busy the worker only takes time from this process
    (and pickling the revisions adds work): decoding here is quicker then."""
    try:
        size = path.stat().st_size
    except OSError:
        return False  # reading it says why
    cores = os.cpu_count() or 1
    try:
        load = os.getloadavg()[0]  # runnable processes, this one included
    except (AttributeError, OSError):  # Windows has no load average
        load = 0.0
    return size >= PARALLEL_FROM_BYTES and cores > 1 and load <= cores - 0.5


@dataclass
class _Member:
    """A batch of lines of a revisions member."""

    name: str
    first: int  # number of its first line in the member
    lines: list[bytes]
    problem: BundleError | None  # why reading the member stopped after ``lines``
    sent: bool = False  # to the worker
    decoded: Decoded | None = None


class LinePool:
    """Revision members decoded by a worker process, passed on in order (``verify.walk``)."""

    def __init__(self, worker: Worker | None = None) -> None:
        """``worker``: one to use and leave open (tests); by default a process is started
        (and stopped by ``close``)."""
        self._own = worker is None
        self.worker: Worker | None = None
        self.broken = False  # the worker could not run: decode here (as without a pool)
        try:
            self.worker = worker if worker is not None else Process()
        except Exception:  # e.g. no process can be started: decode here
            self.broken = True
        self.pending: deque[_Member] = deque()
        self.stopped = False
        self.sent = 0  # batches handed to the worker

    def _with_worker(self) -> _Member | None:
        return next((m for m in self.pending if m.sent and m.decoded is None), None)

    def _receive(self) -> None:
        """The result of the member with the worker, if any."""
        member = self._with_worker()
        if member is None:
            return
        if not self.broken and self.worker is not None:
            try:
                member.decoded = self.worker.recv()
                return
            except Exception:  # the worker died (``decode_member`` itself never raises)
                self.broken = True
        member.decoded = decode_member(member.name, member.first, member.lines)

    def submit(
        self, name: str, first: int, lines: list[bytes], problem: BundleError | None = None
    ) -> None:
        """Decode ``lines`` of member ``name``, numbered from ``first``; ``problem``: why
        reading the member stopped after them (raised once they are passed on)."""
        if not lines and problem is None:
            return
        self._receive()  # the previous batch's result: one batch with the worker at a time
        member = _Member(name, first, lines, problem)
        self.pending.append(member)
        if self.stopped or self.broken or self.worker is None:
            return
        try:
            self.worker.send((name, first, lines))
        except Exception:
            self.broken = True
            return
        member.sent = True
        self.sent += 1

    def deliver(
        self,
        on_revision: Callable[[Revision, str], None],
        on_bad_line: Callable[[BundleError], bool],
        wait: bool = True,
    ) -> bool:
        """Pass on the revisions of the members handed over, in order; without ``wait``,
        stop at the member with the worker. Returns whether the rest of the bundle's lines
        are to be skipped (as ``walk``)."""
        while self.pending:
            member = self.pending[0]
            if member.sent and member.decoded is None:
                if not wait:
                    break
                self._receive()
            self.pending.popleft()
            if self.stopped:
                continue
            revisions, refused = member.decoded or decode_member(
                member.name, member.first, member.lines
            )
            try:
                for r, line in zip(revisions, member.lines, strict=False):
                    on_revision(r, line.decode("utf-8"))
                if refused is not None:
                    raise refused
                if member.problem is not None:
                    raise member.problem
            except BundleError as exc:
                self.stopped = on_bad_line(exc)
        return self.stopped

    def close(self) -> None:
        """Stop the worker (if this pool started it), dropping what it was doing."""
        if self._with_worker() is not None and not self.broken and self.worker is not None:
            try:
                self.worker.recv()  # leave the pipe empty for the next task or for None
            except Exception:
                self.broken = True
        self.pending.clear()
        if self._own and self.worker is not None:
            self.worker.close()
