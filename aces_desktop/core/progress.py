"""Progress reporting and cancellation shared by the CLI (rich) and the GUI (Qt)."""

from __future__ import annotations

from typing import Protocol

from aces_desktop.core.errors import Cancelled


class Progress(Protocol):
    """Receives progress of long work; ``advance`` raises ``Cancelled`` to stop it."""

    def start(self, label: str, total: int | None) -> None: ...

    def advance(self, amount: int = 1) -> None: ...


class NullProgress:
    """Progress that shows nothing and never cancels."""

    def start(self, label: str, total: int | None) -> None:
        return None

    def advance(self, amount: int = 1) -> None:
        return None


class CancelFlag:
    """Progress that only checks a cancellation flag (set from another thread)."""

    def __init__(self) -> None:
        self.cancelled = False

    def start(self, label: str, total: int | None) -> None:
        self._check()

    def advance(self, amount: int = 1) -> None:
        self._check()

    def _check(self) -> None:
        if self.cancelled:
            raise Cancelled()
