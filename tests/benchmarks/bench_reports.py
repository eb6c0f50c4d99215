"""Scorecard speed: build-and-sign time per page of a ~20-page site scorecard, and a batch of
signed scorecards written by two worker processes against one (aim: >= 1.6 on wall clock,
with two idle cores; CPU seconds printed beside it). Both runs of the batch start from the same scoring results, so the ratio measures
building, signing and writing only.
"""

from __future__ import annotations

import io
import os
import resource
import time
from pathlib import Path

from pyhanko.pdf_utils.reader import PdfFileReader

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.reports import pki, scorecard_export
from aces_desktop.store.workspace import Workspace
from tests.benchmarks.conftest import report

PASS = "benchmark passphrase"


def _pages(pdf: bytes) -> int:
    return int(PdfFileReader(io.BytesIO(pdf)).root["/Pages"]["/Count"])


def test_site_scorecard_build_and_sign_per_page(tmp_path: Path, scale: float) -> None:
    ws = Workspace.create(tmp_path / "ws", PASS, role="coordinator", name="bench")
    try:
        fill_demo(ws, DemoOptions(sites=1, observations=260, seed=3))
        (result,) = scorecard_export.score_results(ws, "site")
        identity = pki.signing_identity(ws)
        scorecard_export.render(ws, result, identity)  # warm up: fonts, imports
        runs = max(1, int(5 * scale))
        start = time.perf_counter()
        for _ in range(runs):
            pdf, _digest = scorecard_export.render(ws, result, identity)
        seconds = (time.perf_counter() - start) / runs
        start = time.perf_counter()
        for _ in range(runs):
            scorecard_export.render(ws, result, None)
        unsigned_seconds = (time.perf_counter() - start) / runs
    finally:
        ws.close()
    pages = _pages(pdf)
    report(
        f"site scorecard, {pages} pages (mean of {runs})",
        [
            ("build + sign", f"{seconds:7.2f} s   {1000 * seconds / pages:7.1f} ms/page"),
            (
                "build only",
                f"{unsigned_seconds:7.2f} s   {1000 * unsigned_seconds / pages:7.1f} ms/page",
            ),
            ("signing share", f"{(seconds - unsigned_seconds) / seconds:7.0%}"),
        ],
    )
    assert pages >= 15


def _cpu_seconds() -> tuple[float, float]:
    """(this process, its reaped children) user + system CPU seconds so far."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime, children.ru_utime + children.ru_stime


def test_batch_export_pool_against_one_process(tmp_path: Path, scale: float) -> None:
    """One worker (this process) against two worker processes, same scoring results.

    Wall clock is the aim (>= 1.6 with two idle cores); CPU seconds come from ``getrusage``
    (the pool's workers are reaped when the batch ends, so RUSAGE_CHILDREN holds them): when
    the machine is busy, ``2 * cpu(one) / cpu(two)`` is what the wall-clock ratio would be
    with the cores to ourselves, and ``cpu(two) / cpu(one)`` is the pool's overhead (worker
    start-up, opening the workspace, loading fonts and the signing key once per worker).
    """
    count = max(20, int(500 * scale))
    ws = Workspace.create(tmp_path / "ws", PASS, role="coordinator", name="bench")
    try:
        fill_demo(ws, DemoOptions(sites=max(1, count - 19), observations=count * 10, seed=4))
        results = scorecard_export.score_results(ws)[:count]
        pki.signing_identity(ws)
        timings: dict[int, float] = {}
        cpu: dict[int, tuple[float, float]] = {}
        for jobs in (1, 2):
            self_before, children_before = _cpu_seconds()
            start = time.perf_counter()
            written = scorecard_export.export_all(
                ws, tmp_path / f"out-{jobs}", sign=True, jobs=jobs, results=results,
                include_withheld=True,
            )  # fmt: skip
            timings[jobs] = time.perf_counter() - start
            self_after, children_after = _cpu_seconds()
            cpu[jobs] = (self_after - self_before, children_after - children_before)
            assert len(written) == len(results)
    finally:
        ws.close()
    one, two = timings[1], timings[2]
    cpu_one, cpu_two = sum(cpu[1]), sum(cpu[2])
    report(
        f"batch of {len(results)} signed scorecards ({os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.1f})",
        [
            ("one worker, wall clock", f"{one:8.1f} s  {len(results) / one:6.2f} scorecards/s"),
            ("two workers, wall clock", f"{two:8.1f} s  {len(results) / two:6.2f} scorecards/s"),
            ("wall-clock ratio (aim >= 1.6)", f"{one / two:8.2f}"),
            ("one worker, CPU s (self + children)", f"{cpu[1][0]:8.1f} + {cpu[1][1]:.1f}"),
            ("two workers, CPU s (self + children)", f"{cpu[2][0]:8.1f} + {cpu[2][1]:.1f}"),
            ("CPU ratio, two / one (pool overhead)", f"{cpu_two / cpu_one:8.2f}"),
            # what the wall-clock ratio would be with two idle cores (a busy machine lowers it)
            ("ratio if two cores were idle", f"{2 * cpu_one / cpu_two:8.2f}"),
        ],
    )
