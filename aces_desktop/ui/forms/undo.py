"""Undo commands for form edits: one command per field change; typing merges."""

from __future__ import annotations

import zlib
from typing import Any, Protocol

from PySide6.QtGui import QUndoCommand


class StateTarget(Protocol):
    def apply_state(self, name: str, state: Any) -> None: ...


class FieldEdit(QUndoCommand):
    """A field changed from ``old`` to ``new``. The first ``redo`` (run by ``push``) does
    nothing: the widget already shows the new state."""

    def __init__(self, target: StateTarget, name: str, old: Any, new: Any, text: str) -> None:
        super().__init__(text)
        self.target = target
        self.name = name
        self.old = old
        self.new = new
        self._pushed = False

    def id(self) -> int:
        return zlib.crc32(self.name.encode("utf-8")) & 0x3FFFFFFF

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FieldEdit) or other.name != self.name:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self.target.apply_state(self.name, self.new)

    def undo(self) -> None:
        self.target.apply_state(self.name, self.old)
