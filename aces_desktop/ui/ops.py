"""The Qt side of the operations layer (``aces_desktop.ops``).

Short reads run on the UI thread (SQLite WAL: a reader never waits for a writer). Writes
from the UI thread queue behind the one writer for at most ``UI_WRITE_WAIT_S`` seconds, so a
save during a long merge gives a message instead of a frozen window; long work goes to the
background through ``tasks.run_task``. Every write announces what it changed on
``hooks.changed``, and the views that show those record types refresh (Anki's
``operation_did_execute``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from aces_desktop import ops
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui.tasks import Task, TaskProgress, run_task

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")
UI_WRITE_WAIT_S = 2.0


class OperationHooks(QObject):
    changed = Signal(object, object)  # Workspace, ops.Changes


hooks = OperationHooks()


def announce(ws: Workspace, changes: ops.Changes) -> None:
    if changes:
        hooks.changed.emit(ws, changes)


def applied(ws: Workspace, outcome: ops.Outcome[T]) -> T:
    """The value of a finished change, after telling the views what it changed."""
    announce(ws, outcome.changes)
    return outcome.value


def query(ws: Workspace, fn: Callable[[Session], T]) -> T:
    """A short read on the UI thread."""
    return ops.query(ws, fn)


def change(
    ws: Workspace, fn: Callable[[Session], T], changes: ops.Changes | Callable[[T], ops.Changes]
) -> T:
    """A short write on the UI thread, through the one writer."""
    return applied(ws, ops.change(ws, fn, changes, wait=UI_WRITE_WAIT_S))


def change_in_background(
    ws: Workspace,
    fn: Callable[[TaskProgress], ops.Outcome[T]],
    *,
    label: str,
    parent: QWidget | None = None,
    on_done: Callable[[T], None] | None = None,
    on_error: Callable[[str], None] | None = None,
) -> Task:
    """Long work that changes the workspace: progress after a moment, errors shown once,
    then the views it touched refresh and ``on_done`` gets its value."""

    def landed(outcome: Any) -> None:
        value = applied(ws, outcome)
        if on_done is not None:
            on_done(value)

    return run_task(fn, label=label, parent=parent, on_done=landed, on_error=on_error)
