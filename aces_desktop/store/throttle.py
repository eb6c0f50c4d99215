"""Slow-down after wrong passphrases, kept across restarts.

After ``FREE_ATTEMPTS`` wrong passphrases in a row, each further attempt must wait: 2, 4, 8 ...
seconds, at most ``MAX_DELAY``. The count lives in a small file next to the database
(``unlock-attempts.json``): it is not secret, and someone who copies the workspace folder can
of course try passphrases offline without it. What protects against that is the cost of the
Argon2id key derivation; this slow-down protects the running application (a laptop left
locked, a seized machine tried by hand) and makes guessing through the GUI or CLI hopeless.

The clock is injectable (``clock``) so tests never sleep.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Callable
from pathlib import Path

from aces_desktop.core.atomic import atomic_write_text
from aces_desktop.core.errors import AcesError

ATTEMPTS_FILE = "unlock-attempts.json"
FREE_ATTEMPTS = 3
MAX_DELAY = 300.0

# Replaced by tests (``monkeypatch.setattr(throttle, "clock", fake)``); seconds since the epoch.
clock: Callable[[], float] = time.time


class TooManyAttempts(AcesError):
    """A wrong passphrase was given too often; the user must wait ``wait_seconds``."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(
            f"Too many wrong passphrases. Wait {format_wait(wait_seconds)} before trying again."
        )


def format_wait(seconds: float) -> str:
    whole = max(1, math.ceil(seconds))
    if whole < 90:
        return f"{whole} second{'s' if whole != 1 else ''}"
    return f"{math.ceil(whole / 60)} minutes"


def delay_after(failures: int) -> float:
    """Seconds to wait after ``failures`` wrong passphrases in a row: 0, 0, 0, 2, 4, 8 ..."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return min(MAX_DELAY, 2.0 ** (failures - FREE_ATTEMPTS + 1))


def _read(folder: Path) -> tuple[int, float]:
    try:
        doc = json.loads((folder / ATTEMPTS_FILE).read_text(encoding="utf-8"))
        return max(0, int(doc["failures"])), float(doc["last_failure"])
    except FileNotFoundError:
        return 0, 0.0
    except (OSError, ValueError, KeyError, TypeError):
        # A damaged counter must neither reset to zero nor lock the user out for good:
        # count it as several failures, the last one when the file was written.
        try:
            written = (folder / ATTEMPTS_FILE).stat().st_mtime
        except OSError:
            written = clock()
        return FREE_ATTEMPTS + 5, written


def failures(folder: Path) -> int:
    return _read(Path(folder))[0]


def remaining_delay(folder: Path) -> float:
    """Seconds until the next passphrase attempt is allowed (0 when it is allowed now)."""
    count, last = _read(Path(folder))
    delay = delay_after(count)
    if delay <= 0:
        return 0.0
    elapsed = clock() - last
    if elapsed < 0:  # the clock went backwards: wait the full delay, no longer
        return delay
    return max(0.0, delay - elapsed)


def check(folder: Path) -> None:
    """Raise ``TooManyAttempts`` if an attempt now would come too early."""
    wait = remaining_delay(folder)
    if wait > 0:
        raise TooManyAttempts(wait)


def record_failure(folder: Path) -> float:
    """Count one more wrong passphrase; returns the delay before the next attempt."""
    folder = Path(folder)
    count = _read(folder)[0] + 1
    with contextlib.suppress(OSError):  # a read-only folder must not stop the message
        atomic_write_text(
            folder / ATTEMPTS_FILE,
            json.dumps({"failures": count, "last_failure": clock()}) + "\n",
        )
    return delay_after(count)


def reset(folder: Path) -> None:
    path = Path(folder) / ATTEMPTS_FILE
    if path.exists():
        with contextlib.suppress(OSError):
            path.unlink()
