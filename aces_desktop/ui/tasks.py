"""Long work off the UI thread, through one helper (after Anki's ``taskman``).

``run_task(fn, ...)`` runs ``fn(progress)`` on the thread pool. A progress dialog with a
Cancel button appears only if the work lasts longer than ``PROGRESS_DELAY_MS``; the result
comes back on the UI thread; an error reaches the user once, as a dialog written for them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QObject,
    QRunnable,
    Qt,
    QThreadPool,
    QTimer,
    Signal,
    SignalInstance,
)
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from aces_desktop.core.errors import AcesError, Cancelled
from aces_desktop.core.logging import error_fields, log_event
from aces_desktop.core.messages import fill
from aces_desktop.ui import dialogs
from aces_desktop.ui.i18n import error_text, translate_text

log = logging.getLogger(__name__)
PROGRESS_DELAY_MS = 500


class TaskProgress(QObject):
    """The ``core.progress.Progress`` protocol for work on another thread."""

    changed = Signal(str, int, int)  # label, value, total (0: unknown)

    def __init__(self) -> None:
        super().__init__()
        self.cancelled = False
        self.label = ""
        self.value = 0
        self.total = 0
        self._emitted = 0.0

    def start(self, label: str, total: int | None) -> None:
        """``label``: a ``core.messages`` text, shown in the interface's language."""
        self._check()
        self.label, self.value, self.total = translate_text(label), 0, total or 0
        self.changed.emit(self.label, 0, self.total)

    def advance(self, amount: int = 1) -> None:
        self._check()
        self.value += amount
        now = time.monotonic()
        if now - self._emitted > 0.05:
            self._emitted = now
            self.changed.emit(self.label, self.value, self.total)

    def _check(self) -> None:
        if self.cancelled:
            raise Cancelled()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()


class _Runnable(QRunnable):
    def __init__(
        self, fn: Callable[[TaskProgress], Any], progress: TaskProgress, quiet: bool = False
    ) -> None:
        super().__init__()
        self.fn = fn
        self.quiet = quiet
        self.progress = progress
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.fn(self.progress)
        except Cancelled:
            self._send(self.signals.cancelled)
        except AcesError as exc:
            self._send(self.signals.failed, error_text(exc))
        except Exception as exc:
            # Quiet work (counts, ids) fails normally when the workspace locks or closes.
            level = logging.DEBUG if self.quiet else logging.ERROR
            log_event(log, "background_task_failed", level=level, **error_fields(exc))
            message = fill(
                QCoreApplication.translate(
                    "Task", "Something went wrong and the work was not finished: %1"
                ),
                exc.__class__.__name__,
            )
            self._send(self.signals.failed, message)
        else:
            self._send(self.signals.done, result)

    @staticmethod
    def _send(signal: SignalInstance, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the application quit while the work was running
            log_event(log, "task_result_dropped_after_quit")


class Task(QObject):
    """One running piece of work. ``finished`` always fires last (after success, failure or
    cancellation) so callers and tests can wait for it."""

    succeeded = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(
        self,
        fn: Callable[[TaskProgress], Any],
        label: str,
        parent: QWidget | None,
        show_errors: bool,
        quiet: bool = False,
    ) -> None:
        super().__init__()
        self.label = label
        self.parent_widget = parent
        self.show_errors = show_errors
        self.quiet = quiet
        self.progress = TaskProgress()
        self.dialog: QProgressDialog | None = None
        self.running = True
        self.error: str | None = None
        self._runnable = _Runnable(fn, self.progress, quiet)
        self._runnable.setAutoDelete(False)
        self._runnable.signals.done.connect(self._on_done)
        self._runnable.signals.failed.connect(self._on_failed)
        self._runnable.signals.cancelled.connect(self._on_cancelled)
        self.progress.changed.connect(self._on_progress)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.show_progress)

    def start(self, delay_ms: int = PROGRESS_DELAY_MS) -> None:
        if not self.quiet:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
            self._timer.start(delay_ms)
        QThreadPool.globalInstance().start(self._runnable)

    def cancel(self) -> None:
        self.progress.cancelled = True

    def show_progress(self) -> None:
        if not self.running or self.dialog is not None:
            return
        dialog = QProgressDialog(self.parent_widget)
        dialog.setWindowTitle(QCoreApplication.translate("Task", "Working…"))
        dialog.setLabelText(self.progress.label or self.label)
        dialog.setCancelButtonText(QCoreApplication.translate("Task", "Cancel"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setRange(0, self.progress.total)
        dialog.setValue(self.progress.value)
        dialog.canceled.connect(self.cancel)
        dialog.setAccessibleName(QCoreApplication.translate("Task", "Progress"))
        dialog.show()
        self.dialog = dialog

    def _on_progress(self, label: str, value: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setLabelText(label or self.label)
            self.dialog.setRange(0, total)
            if total:
                self.dialog.setValue(min(value, total))

    def _end(self) -> None:
        self.running = False
        self._timer.stop()
        if not self.quiet:
            QApplication.restoreOverrideCursor()
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.cancel)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
        _RUNNING.discard(self)

    def _on_done(self, result: object) -> None:
        self._end()
        self.succeeded.emit(result)
        self.finished.emit()

    def _on_failed(self, message: str) -> None:
        self._end()
        self.error = message
        if self.show_errors:
            dialogs.show_error(self.parent_widget, message)
        self.failed.emit(message)
        self.finished.emit()

    def _on_cancelled(self) -> None:
        self._end()
        self.finished.emit()


_RUNNING: set[Task] = set()


def run_task(
    fn: Callable[[TaskProgress], Any],
    *,
    label: str,
    parent: QWidget | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    delay_ms: int = PROGRESS_DELAY_MS,
    quiet: bool = False,
) -> Task:
    """Run ``fn(progress)`` in the background. Errors go to ``on_error`` if given, else to
    one error dialog. ``quiet`` work (e.g. a count for the status bar) shows no busy cursor,
    no progress and no error dialog."""
    task = Task(fn, label, parent, show_errors=on_error is None and not quiet, quiet=quiet)
    if on_done is not None:
        task.succeeded.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
    _RUNNING.add(task)
    task.start(delay_ms)
    return task
