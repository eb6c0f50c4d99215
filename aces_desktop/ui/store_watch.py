"""Refresh open views when another coordinator changes a shared PostgreSQL store.

A background thread waits for the store's change notifications (``ops.lists.store_changes``:
PostgreSQL LISTEN/NOTIFY, a wake-up only); each one is announced on ``ui.ops.hooks`` as a
change of every record type, so lists, the sync page and the status bar re-read what they
show from the store, which stays the truth. Nothing runs for a workspace file.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from aces_desktop import ops
from aces_desktop.ops import lists
from aces_desktop.store.workspace import Workspace
from aces_desktop.ui import ops as ui_ops

log = logging.getLogger(__name__)


class StoreWatcher(QObject):
    """Started with the main window of a PostgreSQL coordinator; ``stop`` ends it."""

    woke = Signal()  # emitted from the background thread, delivered on the UI thread

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.woke.connect(self._announce)

    def start(self) -> None:
        if not self.workspace.on_postgres or self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="aces-store-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        self._thread = None

    def _run(self) -> None:
        try:
            for _ in lists.store_changes(self.workspace, self._stop):
                self.woke.emit()
        except Exception:  # the store went away or the workspace was locked: lists stay
            log.warning("stopped watching the store for changes", exc_info=True)

    def _announce(self) -> None:
        if not self.workspace.locked:
            ui_ops.announce(self.workspace, ops.Changes.all())
