"""Decoding a bundle's revision lines in a second process while this one writes.

``aces bundle merge`` of a large bundle spends about a third of its time in
``wire.decode_line`` (strict JSON, header fields, record schema, content and revision
hashes). That function depends on nothing but the line, so a spawned worker runs it, one
revisions member at a time, while this process reads the next member and writes the rows of
the previous one. Nothing else moves: this process still reads, decrypts and hashes every
member, passes every decoded revision to the same ``on_revision`` callback in the same
order, and every check of ``verify.RevisionChecks`` and ``verify.conclude`` still runs here
against the workspace as it was before the merge.

Same verdicts: a member's lines go to the worker as ``iter_lines`` produced them; the worker
stops at the first line ``decode_line`` refuses and returns the revisions before it with
that refusal; ``deliver`` passes those revisions on, then raises the refusal (or the
member's own reading problem), exactly where the in-process loop of ``verify.walk`` would.
Members after the first problem are not passed on, as ``walk`` skips them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from aces_desktop.core.revision import Revision
from aces_desktop.sync.agestream import BundleError
from aces_desktop.sync.wire import decode_line

# Bundles smaller than this are decoded in this process: starting the worker (a Python
# interpreter importing the schema) costs more than it saves below a few tens of
# thousands of revisions.
PARALLEL_FROM_BYTES = 4 * 1024**2
# Members handed to the worker and not yet passed on: one being decoded, one waiting.
IN_FLIGHT = 2


def decode_member(name: str, lines: list[bytes]) -> tuple[list[Revision], BaseException | None]:
    """``decode_line`` of each line of member ``name``, up to the first it refuses; returns
    the revisions before it and that refusal (or None)."""
    out: list[Revision] = []
    for no, line in enumerate(lines, 1):
        try:
            out.append(decode_line(line, f"{name} line {no}"))
        except Exception as exc:  # passed back and raised where the caller would have
            return out, exc
    return out, None


def _executor() -> Executor:
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


def worth_it(path: Path) -> bool:
    """Whether a bundle is large enough, and the machine has a second core, for the worker."""
    try:
        size = path.stat().st_size
    except OSError:
        return False  # reading it says why
    return size >= PARALLEL_FROM_BYTES and (os.cpu_count() or 1) > 1


@dataclass
class _Member:
    name: str
    lines: list[bytes]
    problem: BundleError | None  # why reading the member stopped after ``lines``
    future: Future[tuple[list[Revision], BaseException | None]] | None


class LinePool:
    """Revision members decoded by a worker process, passed on in order (``verify.walk``)."""

    def __init__(self, executor: Executor | None = None) -> None:
        self._own = executor is None
        self.executor = executor if executor is not None else _executor()
        self.pending: deque[_Member] = deque()
        self.stopped = False
        self.broken = False  # the worker could not run: decode here (as without a pool)
        self.sent = 0  # members decoded by the worker

    def submit(self, name: str, lines: list[bytes], problem: BundleError | None) -> None:
        """Decode ``lines`` of member ``name``; ``problem``: why reading the member stopped
        after them (raised once they are passed on)."""
        future = None
        if not self.broken:
            try:
                future = self.executor.submit(decode_member, name, lines)
                self.sent += 1
            except Exception:  # e.g. a worker that could not start (BrokenProcessPool)
                self.broken = True
        self.pending.append(_Member(name, lines, problem, future))

    def _decoded(self, item: _Member) -> tuple[list[Revision], BaseException | None]:
        if item.future is not None and not self.broken:
            try:
                return item.future.result()
            except Exception:  # the worker failed (``decode_member`` itself never raises)
                self.broken = True
        return decode_member(item.name, item.lines)

    def deliver(
        self,
        on_revision: Callable[[Revision, str], None],
        on_bad_line: Callable[[BundleError], bool],
        keep: int = 0,
    ) -> bool:
        """Pass on the revisions of every member handed over but the last ``keep``, in order;
        returns whether the rest of the bundle's lines are to be skipped (as ``walk``)."""
        while len(self.pending) > keep:
            item = self.pending.popleft()
            if self.stopped:
                if item.future is not None:
                    item.future.cancel()
                continue
            revisions, refused = self._decoded(item)
            try:
                for r, line in zip(revisions, item.lines, strict=False):
                    on_revision(r, line.decode("utf-8"))
                if refused is not None:
                    raise refused
                if item.problem is not None:
                    raise item.problem
            except BundleError as exc:
                self.stopped = on_bad_line(exc)
        return self.stopped

    def close(self) -> None:
        for item in self.pending:
            if item.future is not None:
                item.future.cancel()
        self.pending.clear()
        if self._own:
            self.executor.shutdown(wait=True, cancel_futures=True)
