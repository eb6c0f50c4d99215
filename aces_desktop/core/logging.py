"""Logging and crash messages that never carry record content.

Log lines say what happened with ids and counts ("merged bundle 0193…: 120 revisions"),
never what a record says. Two lines of defence make that hold even for careless callers:

- ``RedactingFilter`` (on every handler ``setup_logging`` installs): the message template must
  be a literal written in the source at the logging call (checked with ``linecache``); a
  template built at run time (f-string, concatenation) may hold content and is withheld.
  Arguments that are not numbers, booleans or id-like tokens are replaced by ``<redacted>``;
  the result is cut at the first colon (``core.redaction.safe_for_log``), exception texts
  (which may quote values) are replaced by the exception's type name, and stack dumps are
  dropped. Where the source cannot be read (a frozen build), messages are withheld too.
- ``install_excepthook``: an unexpected error in the CLI or the GUI shows a message naming
  the kind of error only; no traceback, no exception text, no crash file. ``ACES_DEBUG=1``
  restores Python's own traceback for developers (on their own test data).

Nothing here writes a log file: logs go to standard error. Pure Python (stdlib only).
"""

from __future__ import annotations

import linecache
import logging
import os
import re
import sys
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aces_desktop.core.redaction import safe_for_log

REDACTED = "<redacted>"
# Record ids (UUIDv7), hashes and fingerprints; short lower-case technical words (states,
# kinds, exit paths). Anything else (names, text, paths) is redacted.
_ID_LIKE = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,128})$"
)
_TECHNICAL = re.compile(r"^[a-z0-9_.\-]{1,24}$")


def _safe_arg(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, str) and (_ID_LIKE.match(value) or _TECHNICAL.match(value)):
        return value
    return REDACTED


WITHHELD = "message withheld (built at run time)"


def _literal_in_source(record: logging.LogRecord) -> bool:
    """Whether the template appears in the source lines around the logging call."""
    template = str(record.msg)
    if not template:
        return True
    lines = [
        linecache.getline(record.pathname, n)
        for n in range(max(1, record.lineno - 3), record.lineno + 6)
    ]
    return template in "".join(lines)


class RedactingFilter(logging.Filter):
    """Rewrites each record so that it carries no record content (see module text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        try:
            if not isinstance(record.msg, str) or not _literal_in_source(record):
                message = WITHHELD
            elif isinstance(args, dict):
                message = str(record.msg) % {k: _safe_arg(v) for k, v in args.items()}
            elif args:
                message = str(record.msg) % tuple(_safe_arg(a) for a in args)
            else:
                message = str(record.msg)
        except (TypeError, ValueError, KeyError):
            message = "log message with unexpected arguments"
        message = safe_for_log(message)
        if record.exc_info and record.exc_info[0] is not None:
            message += f" ({record.exc_info[0].__name__})"
        record.msg = message
        record.args = None
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True


def setup_logging(level: int = logging.WARNING, stream: Any = None) -> logging.Handler:
    """Send ``aces_desktop`` (and library) logs to standard error through the filter."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        if getattr(old, "_aces", False):
            root.removeHandler(old)
    handler._aces = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
    return handler


def crash_message(exc_type: type[BaseException]) -> str:
    return (
        f"ACES Desktop hit an internal error ({exc_type.__name__}). No record content is shown "
        "or saved. Every change is one transaction, so nothing was half-written."
    )


def install_excepthook(show: Callable[[str], None] | None = None) -> None:
    """Replace Python's crash output (main thread and other threads) with ``crash_message``.

    ``show`` displays the message (the GUI passes a message box); default: standard error.
    """

    def _show(text: str) -> None:
        if show is not None:
            try:
                show(text)
                return
            except Exception:
                pass
        sys.stderr.write(f"aces: {text}\n")

    def hook(
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if os.environ.get("ACES_DEBUG"):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if issubclass(exc_type, KeyboardInterrupt):
            _show("Interrupted; nothing was half-written.")
            return
        from aces_desktop.core.errors import AcesError

        if isinstance(exc, AcesError):
            _show(exc.message)  # written for the user; holds no record content
            return
        _show(crash_message(exc_type))

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        hook(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
