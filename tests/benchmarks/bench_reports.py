"""Scorecard speed: build-and-sign time per page of a ~20-page site scorecard, and a batch of
signed scorecards in a process pool on every core against one process (aim: >= 1.6 on 2
cores). Both runs of the batch start from the same scoring results, so the ratio measures
building, signing and writing only.
"""

from __future__ import annotations

import io
import os
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


def test_batch_export_pool_against_one_process(tmp_path: Path, scale: float) -> None:
    count = max(20, int(500 * scale))
    ws = Workspace.create(tmp_path / "ws", PASS, role="coordinator", name="bench")
    try:
        fill_demo(ws, DemoOptions(sites=max(1, count - 19), observations=count * 10, seed=4))
        results = scorecard_export.score_results(ws)[:count]
        pki.signing_identity(ws)
        cores = os.cpu_count() or 1
        timings: dict[int, float] = {}
        cpu: dict[int, float] = {}
        for jobs in (1, cores):
            before = os.times()
            start = time.perf_counter()
            written = scorecard_export.export_all(
                ws, tmp_path / f"out-{jobs}", sign=True, jobs=jobs, results=results,
                include_withheld=True,
            )  # fmt: skip
            timings[jobs] = time.perf_counter() - start
            after = os.times()
            cpu[jobs] = sum(after[:4]) - sum(before[:4])  # this process and its workers
            assert len(written) == len(results)
    finally:
        ws.close()
    one, many = timings[1], timings[cores]
    report(
        f"batch of {len(results)} signed scorecards",
        [
            ("one process", f"{one:8.1f} s  {len(results) / one:6.2f} scorecards/s"),
            (f"pool of {cores}", f"{many:8.1f} s  {len(results) / many:6.2f} scorecards/s"),
            ("ratio (aim >= 1.6 on 2 cores)", f"{one / many:8.2f}"),
            ("CPU seconds, one / pool", f"{cpu[1]:8.1f} / {cpu[cores]:.1f}"),
            # what the ratio would be with the cores to ourselves (a busy machine lowers it)
            ("ratio if the cores were idle", f"{cores * cpu[1] / cpu[cores]:8.2f}"),
        ],
    )
