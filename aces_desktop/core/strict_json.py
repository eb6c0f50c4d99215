"""JSON that comes from outside (import files, recovery files), read strictly.

Python's ``json`` module takes the last of two equal keys without a word, recurses once per
nesting level (100,000 ``[`` end in a ``RecursionError``), turns a 5,000-digit number into a
``ValueError`` without a position, and accepts ``NaN`` and ``Infinity``. Here one pass over
the text first refuses, with line and column, nesting deeper than ``MAX_DEPTH``, numbers
longer than ``MAX_NUMBER_CHARS`` and a key repeated in one object; the document is then
parsed by ``json`` with ``NaN``/``Infinity`` refused.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError

MAX_DEPTH = 32
MAX_NUMBER_CHARS = 40

# A string (and whether a colon follows, making it a key), a bracket, or a number.
_TOKEN = re.compile(
    r'(?P<string>"[^"\\]*(?:\\.[^"\\]*)*")(?P<key>\s*:)?'
    r"|(?P<open>[\[{])|(?P<close>[\]}])"
    r"|(?P<number>-?[0-9][0-9.eE+\-]*)"
)


class JsonInputError(AcesError):
    """A JSON file from outside was refused; the message names the file and the place."""


def _place(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {column}"


def scan(text: str, source: str, depth: int = 0) -> None:
    """Refuse what ``json`` would take silently (see the module); ``depth``: how deeply
    ``text`` is nested in the document it comes from (a record of an import file: 2)."""
    keys: list[set[str] | None] = [None] * depth  # per open bracket: the keys seen
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup if match.lastgroup != "key" else "string"
        if kind == "open":
            keys.append(set() if match.group() == "{" else None)
            if len(keys) > MAX_DEPTH:
                raise JsonInputError(
                    msg.JSON_TOO_DEEP(source, MAX_DEPTH, _place(text, match.start()))
                )
        elif kind == "close":
            if keys:
                keys.pop()
        elif kind == "number":
            if len(match.group()) > MAX_NUMBER_CHARS:
                raise JsonInputError(
                    msg.JSON_LONG_NUMBER(
                        source, len(match.group()), _place(text, match.start()), MAX_NUMBER_CHARS
                    )
                )
        elif match.group("key") and keys and keys[-1] is not None:
            raw = match.group("string")
            try:  # a key without escapes is the text between its quotes
                key = json.loads(raw) if "\\" in raw else raw[1:-1]
            except ValueError:
                continue  # not valid JSON: the parser below says where
            if key in keys[-1]:
                raise JsonInputError(
                    msg.JSON_KEY_TWICE(source, key[:60], _place(text, match.start()))
                )
            keys[-1].add(key)


def refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def loads(text: str, source: str) -> Any:
    """Parse ``text`` (the content of ``source``) or raise ``JsonInputError`` naming the
    file, the place and the problem."""
    scan(text, source)
    try:
        return json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise JsonInputError(msg.JSON_INVALID_AT(source, exc.msg, exc.lineno, exc.colno)) from None
    except (ValueError, RecursionError) as exc:
        raise JsonInputError(msg.JSON_INVALID(source, exc)) from None
