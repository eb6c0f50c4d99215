"""Growing delays after wrong passphrases, kept across restarts; tests use a fake clock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.core.errors import WrongPassphrase
from aces_desktop.store import throttle
from aces_desktop.store.throttle import TooManyAttempts
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE


class FakeClock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr(throttle, "clock", fake)
    return fake


def test_delay_schedule() -> None:
    assert [throttle.delay_after(n) for n in range(8)] == [0, 0, 0, 2, 4, 8, 16, 32]
    assert throttle.delay_after(100) == throttle.MAX_DELAY


def test_wrong_passphrases_slow_down_and_success_resets(
    world: tuple[Path, dict[str, Any]], clock: FakeClock
) -> None:
    path, _ = world
    for _ in range(2):
        with pytest.raises(WrongPassphrase) as info:
            Workspace.open(path, "guess")
        assert "Wait" not in str(info.value)
    with pytest.raises(WrongPassphrase, match="Wait 2 seconds before the next attempt"):
        Workspace.open(path, "guess")
    assert throttle.remaining_delay(path) == 2
    # Too early: refused without even trying the passphrase (the right one included).
    clock.now += 1.5
    with pytest.raises(TooManyAttempts, match="Wait 1 second before trying again") as early:
        Workspace.open(path, PASSPHRASE)
    assert early.value.wait_seconds == pytest.approx(0.5)
    assert throttle.failures(path) == 3  # a refused early attempt is not counted
    clock.now += 0.5
    with pytest.raises(WrongPassphrase, match="Wait 4 seconds"):
        Workspace.open(path, "guess again")
    clock.now += 4
    Workspace.open(path, PASSPHRASE).close()
    assert throttle.failures(path) == 0 and throttle.remaining_delay(path) == 0
    assert not (path / throttle.ATTEMPTS_FILE).exists()


def test_unlock_of_a_locked_workspace_is_throttled_too(
    world: tuple[Path, dict[str, Any]], clock: FakeClock
) -> None:
    path, facts = world
    ws = Workspace.open(path, PASSPHRASE)
    ws.lock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            ws.unlock("wrong")
    with pytest.raises(TooManyAttempts):
        ws.unlock(PASSPHRASE)
    clock.now += 2
    ws.unlock(PASSPHRASE)
    assert ws.state_hash() == facts["state_hash"]
    ws.close()


def test_counter_persists_across_restarts(
    world: tuple[Path, dict[str, Any]], clock: FakeClock
) -> None:
    """Five failures here; a new process (real clock) must refuse and say how long to wait."""
    path, _ = world
    import time

    clock.now = time.time()
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            Workspace.open(path, "guess")
        clock.now += throttle.delay_after(throttle.failures(path))
    clock.now = time.time()
    saved = json.loads((path / throttle.ATTEMPTS_FILE).read_text())
    assert saved["failures"] == 5
    run = subprocess.run(
        [sys.executable, "-m", "aces_desktop", "--workspace", str(path), "info"],
        capture_output=True,
        text=True,
        env={**os.environ, "ACES_PASSPHRASE": PASSPHRASE},
        timeout=120,
        check=False,
    )
    assert run.returncode == 1
    assert "Too many wrong passphrases. Wait" in run.stderr
    assert "Traceback" not in run.stderr


def test_damaged_counter_does_not_reset_to_zero(tmp_path: Path, clock: FakeClock) -> None:
    import time

    clock.now = time.time()
    (tmp_path / throttle.ATTEMPTS_FILE).write_text("{not json")
    assert throttle.remaining_delay(tmp_path) > 0
    clock.now += throttle.MAX_DELAY
    assert throttle.remaining_delay(tmp_path) == 0


def test_clock_going_backwards_waits_no_longer_than_the_delay(
    tmp_path: Path, clock: FakeClock
) -> None:
    for _ in range(4):
        throttle.record_failure(tmp_path)
    clock.now -= 10_000
    assert throttle.remaining_delay(tmp_path) == throttle.delay_after(4)
