"""Operations: the one way the GUI reads and changes a workspace (after Anki's
``CollectionOp`` and ``QueryOp``).

``query(ws, fn)`` runs ``fn(session)`` in a read transaction and returns what it returns;
``change(ws, fn, changes)`` runs it through the workspace's one writer (``BEGIN IMMEDIATE``)
and returns an ``Outcome``: the value and the ``Changes`` it made, so a front end refreshes
only the views those changes touch. Workflows shared by the GUI and the CLI live in the
modules of this package; none of them imports PySide6 (the Qt adapter is ``ui/ops.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

from aces_desktop.store.workspace import Workspace

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """Which records an operation changed: by record type, and by id where known.

    ``everything`` is for work whose reach is not worth listing (a merge, an import).
    """

    types: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def of(cls, type_name: str, *ids: str) -> Changes:
        return cls(frozenset({type_name}), frozenset(ids))

    @classmethod
    def of_types(cls, types: Iterable[str]) -> Changes:
        return cls(frozenset(types))

    @classmethod
    def all(cls) -> Changes:
        return cls(everything=True)

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            self.types | other.types, self.ids | other.ids, self.everything or other.everything
        )

    def __bool__(self) -> bool:
        return self.everything or bool(self.types)

    def touches(self, type_name: str) -> bool:
        return self.everything or type_name in self.types


NOTHING = Changes()


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a change returns: its value and what it changed."""

    value: T
    changes: Changes = field(default=NOTHING)


def query(ws: Workspace, fn: Callable[[Session], T]) -> T:
    """``fn(session)`` in one read transaction (WAL: it never waits for a writer)."""
    with ws.session() as s:
        return fn(s)


def change(
    ws: Workspace,
    fn: Callable[[Session], T],
    changes: Changes | Callable[[T], Changes],
    *,
    wait: float | None = None,
) -> Outcome[T]:
    """``fn(session)`` as one write transaction of the workspace's writer: all or nothing.

    ``changes`` says what it changed, or computes that from the value. ``wait`` is how long
    to queue behind another write (``None``: as long as it takes) before ``WorkspaceBusy``.
    """
    with ws.writing(wait) as s:
        value = fn(s)
    return Outcome(value, changes(value) if callable(changes) else changes)
