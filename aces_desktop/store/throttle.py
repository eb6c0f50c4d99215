"""Slow-down after wrong passphrases, kept across restarts.

After ``FREE_ATTEMPTS`` wrong passphrases in a row, each further attempt must wait: 2, 4, 8 ...
seconds, at most ``MAX_DELAY``. The count lives in a small file next to the database
(``unlock-attempts.json``): it is not secret, and someone who copies the workspace folder can
of course try passphrases offline without it. What protects against that is the cost of the
Argon2id key derivation; this slow-down protects the running application (a laptop left
locked, a seized machine tried by hand) and makes guessing through the GUI or CLI hopeless.

Attempts made at the same moment (several processes, or threads) cannot slip through
together: ``attempt`` checks the delay and counts the attempt under an OS file lock
(``unlock-attempts.lock``, held by ``filelock``: ``fcntl.flock`` on Unix, ``msvcrt`` on
Windows) *before* the key derivation, and takes the count back only when the passphrase
proves right (or the key file could not be read at all). Of 24 simultaneous guesses, the
free ones are checked and the rest are told to wait.

The clock is injectable (``clock``) so tests never sleep.
"""

from __future__ import annotations

import contextlib
import json
import math
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import filelock

from aces_desktop.core import messages as msg
from aces_desktop.core.atomic import atomic_write_text
from aces_desktop.core.errors import AcesError, WrongPassphrase
from aces_desktop.core.messages import Text

T = TypeVar("T")

ATTEMPTS_FILE = "unlock-attempts.json"
LOCK_FILE = "unlock-attempts.lock"
LOCK_TIMEOUT = 60.0
FREE_ATTEMPTS = 3
MAX_DELAY = 300.0

# Replaced by tests (``monkeypatch.setattr(throttle, "clock", fake)``); seconds since the epoch.
clock: Callable[[], float] = time.time


class TooManyAttempts(AcesError):
    """A wrong passphrase was given too often; the user must wait ``wait_seconds``."""

    def __init__(self, wait_seconds: float) -> None:
        self.wait_seconds = wait_seconds
        super().__init__(msg.TOO_MANY_ATTEMPTS(format_wait(wait_seconds)))


def format_wait(seconds: float) -> Text:
    whole = max(1, math.ceil(seconds))
    if whole == 1:
        return msg.ONE_SECOND()
    if whole < 90:
        return msg.SECONDS(whole)
    return msg.MINUTES(math.ceil(whole / 60))


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


@contextlib.contextmanager
def _counter_lock(folder: Path) -> Iterator[None]:
    """Hold the OS lock on the counter; a folder where no lock file can be made (read-only
    media) cannot keep a counter either, so the attempt goes ahead unlocked there."""
    lock = filelock.FileLock(folder / LOCK_FILE, timeout=LOCK_TIMEOUT)
    held = True
    try:
        lock.acquire()
    except filelock.Timeout:
        raise AcesError(msg.ANOTHER_PROGRAM_BEEN_CHECKING_PASSPHRASE()) from None
    except OSError:
        held = False
    try:
        yield
    finally:
        if held:
            lock.release()


def _write(folder: Path, count: int) -> None:
    with contextlib.suppress(OSError):  # a read-only folder must not stop the message
        if count <= 0:
            (folder / ATTEMPTS_FILE).unlink(missing_ok=True)
            return
        atomic_write_text(
            folder / ATTEMPTS_FILE,
            json.dumps({"failures": count, "last_failure": clock()}) + "\n",
        )


def record_failure(folder: Path) -> float:
    """Count one more wrong passphrase; returns the delay before the next attempt."""
    folder = Path(folder)
    with _counter_lock(folder):
        count = _read(folder)[0] + 1
        _write(folder, count)
    return delay_after(count)


def attempt(folder: Path, unlock: Callable[[], T]) -> T:
    """Run one passphrase attempt (``unlock`` derives the key) under the slow-down.

    Refused with ``TooManyAttempts`` while a delay runs. Otherwise the attempt is counted as
    a failure under the lock before ``unlock`` runs, so simultaneous attempts each see the
    ones before; a right passphrase resets the count, and an error other than a wrong
    passphrase takes this attempt back."""
    folder = Path(folder)
    with _counter_lock(folder):
        check(folder)
        count = _read(folder)[0] + 1
        _write(folder, count)
    try:
        result = unlock()
    except WrongPassphrase as exc:
        delay = delay_after(count)
        if delay > 0:
            raise WrongPassphrase(msg.WAIT_BEFORE_NEXT(exc.message, format_wait(delay))) from None
        raise
    except BaseException:
        with _counter_lock(folder):
            _write(folder, _read(folder)[0] - 1)
        raise
    reset(folder)
    return result


def reset(folder: Path) -> None:
    with _counter_lock(Path(folder)):
        _write(Path(folder), 0)
