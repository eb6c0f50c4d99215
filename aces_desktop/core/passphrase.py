"""The one passphrase policy, for every place a workspace passphrase is chosen.

A passphrase protects evidence on a laptop that may be seized, so it must resist offline
guessing: at least ``MIN_LENGTH`` characters and a ``zxcvbn`` score of at least
``MIN_SCORE`` (zxcvbn, Dropbox's estimator, knows dictionaries, names, keyboard patterns and
dates, which length and character classes alone do not).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError

MIN_LENGTH = 10
MIN_SCORE = 2  # zxcvbn's 0..4; 2 is "somewhat guessable: protection from unthrottled online"
_MAX_CHECKED = 100  # zxcvbn slows down on very long input; the rest adds no weakness


class Strength(IntEnum):
    """What the GUI shows while a passphrase is typed."""

    TOO_SHORT = 0
    WEAK = 1
    FAIR = 2
    STRONG = 3


@dataclass(frozen=True)
class Verdict:
    strength: Strength

    @property
    def acceptable(self) -> bool:
        return self.strength >= Strength.FAIR


class WeakPassphrase(AcesError):
    pass


def estimate(passphrase: str) -> Verdict:
    """How hard ``passphrase`` is to guess, on the scale the GUI shows."""
    if len(passphrase) < MIN_LENGTH:
        return Verdict(Strength.TOO_SHORT)
    from zxcvbn import zxcvbn  # its dictionaries load on first use, not at start-up

    score = int(zxcvbn(passphrase[:_MAX_CHECKED])["score"])
    if score < MIN_SCORE:
        return Verdict(Strength.WEAK)
    return Verdict(Strength.FAIR if score < 4 else Strength.STRONG)


def require_acceptable(passphrase: str) -> None:
    """Refuse a passphrase below the policy, with a message for the user."""
    verdict = estimate(passphrase)
    if verdict.strength is Strength.TOO_SHORT:
        raise WeakPassphrase(msg.PASSPHRASE_NEEDS_LEAST_CHARACTERS(MIN_LENGTH))
    if not verdict.acceptable:
        raise WeakPassphrase(msg.PASSPHRASE_TOO_EASY_GUESS_MAKE())
