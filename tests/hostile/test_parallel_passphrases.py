"""Passphrase guesses made at the same moment by real `aces` processes: every checked guess is
counted, and the slow-down makes the later ones wait.

Each process reads its passphrase from a FIFO; the test opens every FIFO first (so every
process is started and waiting at the same point) and then releases them all at once."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aces_desktop.store import throttle
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE

GUESSES = 24
ACES = (sys.executable, "-m", "aces_desktop")
WRONG = "Wrong passphrase for this workspace."
WAIT = "Too many wrong passphrases. Wait"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="the barrier needs FIFOs")


@pytest.fixture
def ws_path(tmp_path: Path) -> Path:
    path = tmp_path / "ws"
    Workspace.create(path, PASSPHRASE, role="field", name="Race").close()
    return path


def _open_writer(fifo: Path, proc: subprocess.Popen[str], deadline: float) -> int:
    """Open the FIFO for writing once its process has opened it for reading."""
    while True:
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            if exc.errno != errno.ENXIO:
                raise
        assert proc.poll() is None, f"an aces process ended early: {proc.communicate()}"
        assert time.monotonic() < deadline, "the aces processes did not start"
        time.sleep(0.05)


def guess_together(ws_path: Path, tmp_path: Path) -> list[tuple[int, str]]:
    """Run GUESSES `aces info` processes with wrong passphrases released at one moment."""
    env = {**os.environ}
    env.pop("ACES_DEBUG", None)
    env.pop("ACES_PASSPHRASE", None)
    procs = []
    fifos = []
    for i in range(GUESSES):
        fifo = tmp_path / f"guess-{i}"
        os.mkfifo(fifo)
        fifos.append(fifo)
        procs.append(
            subprocess.Popen(
                [*ACES, "--workspace", str(ws_path), "--passphrase-file", str(fifo), "info"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        )
    deadline = time.monotonic() + 240
    writers = [_open_writer(f, p, deadline) for f, p in zip(fifos, procs, strict=True)]
    for i, fd in enumerate(writers):
        os.write(fd, f"wrong guess {i}\n".encode())
    for fd in writers:
        os.close(fd)
    results = []
    for proc in procs:
        _out, err = proc.communicate(timeout=300)
        results.append((proc.returncode, err))
    return results


def _tally(results: list[tuple[int, str]]) -> tuple[int, int]:
    for code, err in results:
        assert code == 1, err
        assert "Traceback" not in err and "internal error" not in err, err
        assert (WRONG in err) != (WAIT in err), err
    wrong = sum(WRONG in err for _, err in results)
    return wrong, len(results) - wrong


def test_simultaneous_guesses_are_all_counted_and_later_ones_wait(
    ws_path: Path, tmp_path: Path
) -> None:
    wrong, waited = _tally(guess_together(ws_path, tmp_path))
    # Every passphrase that was checked is in the count: no increment was lost.
    assert throttle.failures(ws_path) == wrong
    # The free attempts were checked; the slow-down refused the rest without checking.
    assert wrong >= throttle.FREE_ATTEMPTS
    assert waited >= 1
    assert throttle.delay_after(throttle.failures(ws_path)) > 0


def test_one_guess_per_delay_even_when_all_arrive_at_once(ws_path: Path, tmp_path: Path) -> None:
    """Ten failures long ago: the next guess is allowed and starts a five-minute delay, so
    of 24 simultaneous guesses exactly one is checked."""
    (ws_path / throttle.ATTEMPTS_FILE).write_text(
        json.dumps({"failures": 10, "last_failure": time.time() - 2 * throttle.MAX_DELAY})
    )
    wrong, waited = _tally(guess_together(ws_path, tmp_path))
    assert (wrong, waited) == (1, GUESSES - 1)
    assert throttle.failures(ws_path) == 11
    assert throttle.remaining_delay(ws_path) > 0


def test_the_right_passphrase_after_the_race_still_waits_then_resets(ws_path: Path) -> None:
    from tests.helpers import run_aces

    for _ in range(throttle.FREE_ATTEMPTS):
        throttle.record_failure(ws_path)
    before = throttle.failures(ws_path)
    run = run_aces("--workspace", str(ws_path), "info", env={"ACES_PASSPHRASE": PASSPHRASE})
    assert run.returncode == 1 and WAIT in run.stderr and "Traceback" not in run.stderr
    assert throttle.failures(ws_path) == before  # a refused early attempt is not counted
