"""Logging and crash messages that never carry record content.

Project code logs *events*: ``log_event(log, "bundle_merged", bundle_id=..., revisions=120)``
writes ``bundle_merged bundle_id=0193… revisions=120``. An event has a name and fields from
an allow-list (``EVENT_FIELDS``) that names each field's kind (count, number, flag, id, hash,
error type, code location); a value that is not of its field's kind is written as
``<redacted>``, and a field name not on the list is a programming error (``TypeError``).
Free text from records therefore has no way into a log line, and the context that makes a
line useful (ids, counts, the kind and place of an error) is kept whole.

``RedactingFilter`` (on every handler ``setup_logging`` installs) re-checks event fields and
is the line of defence for everything else (libraries, careless callers): the message
template must be a literal written in the source at the logging call (checked with
``linecache``); a template built at run time (f-string, concatenation) may hold content and is
withheld. Arguments that are not numbers, booleans or id-like tokens are replaced by
``<redacted>``; exception texts (which may quote values) are replaced by the exception's type
name, and stack dumps are dropped. Where the source cannot be read (a frozen build), such
messages are withheld too; events are not affected.

``install_excepthook``: an unexpected error in the CLI or the GUI shows a message naming the
kind of error only; no traceback, no exception text, no crash file. ``ACES_DEBUG=1`` restores
Python's own traceback for developers (on their own test data).

Nothing here writes a log file: logs go to standard error. Pure Python (stdlib only).
"""

from __future__ import annotations

import linecache
import logging
import math
import os
import re
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import PurePath
from types import TracebackType
from typing import Any

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

# --- events --------------------------------------------------------------------------------

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HEX = re.compile(r"^[0-9a-f]{16,128}$")
_TYPE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]{0,79}$")
_CODE_LOCATION = re.compile(r"^[A-Za-z0-9_.\-]{1,40}/[A-Za-z0-9_.\-]{1,60}\.py:[0-9]{1,6}$")
_EVENT_NAME = re.compile(r"^[a-z][a-z0-9_]{1,47}$")


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


FIELD_KINDS: dict[str, Callable[[Any], bool]] = {
    "count": _is_count,
    "number": _is_number,
    "flag": lambda v: isinstance(v, bool),
    "id": lambda v: isinstance(v, str) and bool(_UUID.match(v)),
    "hash": lambda v: isinstance(v, str) and bool(_HEX.match(v)),
    "error": lambda v: isinstance(v, str) and bool(_TYPE_NAME.match(v)),
    "location": lambda v: isinstance(v, str) and bool(_CODE_LOCATION.match(v)),
}

# The only field names an event may carry, and the kind of each value. Add a name here (with
# a kind above) before logging it; never a kind that could hold free text.
EVENT_FIELDS: dict[str, str] = {
    "bundle_id": "id",
    "device_id": "id",
    "record_id": "id",
    "subject_id": "id",
    "workspace_id": "id",
    "revision": "hash",
    "sha256": "hash",
    "fingerprint": "hash",
    "revisions": "count",
    "records": "count",
    "conflicts": "count",
    "files": "count",
    "bytes": "count",
    "done": "count",
    "total": "count",
    "seconds": "number",
    "quiet": "flag",
    "full": "flag",
    "error": "error",
    "raised_at": "location",
    "project_at": "location",
}


def render_event(event: str, fields: dict[str, Any]) -> str:
    """``event key=value …`` with every value checked against its field's kind."""
    if not _EVENT_NAME.match(event):
        raise ValueError(f"not an event name: {event!r}")
    parts = [event]
    for key, value in fields.items():
        kind = EVENT_FIELDS.get(key)
        if kind is None:
            raise TypeError(f"log field {key!r} is not in core.logging.EVENT_FIELDS")
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        parts.append(f"{key}={shown if FIELD_KINDS[kind](value) else REDACTED}")
    return " ".join(parts)


def log_event(
    logger: logging.Logger, event: str, *, level: int = logging.INFO, **fields: Any
) -> None:
    """Log ``event`` with allow-listed typed fields (see the module text)."""
    if not logger.isEnabledFor(level):
        return
    message = render_event(event, fields)
    logger.log(level, message, extra={"aces_event": (event, dict(fields))}, stacklevel=2)


def _location(frame: traceback.FrameSummary) -> str:
    path = PurePath(frame.filename)
    return f"{path.parent.name}/{path.name}:{frame.lineno}"


def error_fields(exc: BaseException) -> dict[str, Any]:
    """Where an exception came from, without its text: its type, the line that raised it,
    and the innermost line of this package on the way (both as ``folder/file.py:line``)."""
    frames = traceback.extract_tb(exc.__traceback__)
    fields: dict[str, Any] = {"error": type(exc).__qualname__}
    if frames:
        fields["raised_at"] = _location(frames[-1])
        ours = [f for f in frames if "aces_desktop" in PurePath(f.filename).parts]
        if ours:
            fields["project_at"] = _location(ours[-1])
    return fields


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
        event = getattr(record, "aces_event", None)
        try:
            if isinstance(event, tuple) and len(event) == 2 and isinstance(event[1], dict):
                message = render_event(str(event[0]), event[1])
            elif not isinstance(record.msg, str) or not _literal_in_source(record):
                message = WITHHELD
            elif isinstance(args, dict):
                message = str(record.msg) % {k: _safe_arg(v) for k, v in args.items()}
            elif args:
                message = str(record.msg) % tuple(_safe_arg(a) for a in args)
            else:
                message = str(record.msg)
        except (TypeError, ValueError, KeyError):
            message = "log message with unexpected arguments"
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
