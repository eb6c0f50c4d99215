"""Reading a large import file one record at a time (``store.importer``).

An import file is one JSON object whose sections are lists of records. Parsed whole, a
200 MB file takes gigabytes of Python objects; here it is read in chunks, and each record is
parsed (``json.JSONDecoder.raw_decode``) and checked (``core.strict_json``: depth, number
length, keys given twice, NaN) on its own, so memory holds one chunk and one record.

This reader only follows files that are well formed. Anything else (not UTF-8, not JSON,
not plain JSON, a top-level key given twice, a section that is not a list of objects) makes
it raise ``Irregular``; the importer then reads the file whole the strict way, which names
the problem and its place exactly as it always has.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aces_desktop.core import strict_json

CHUNK = 1 << 20
_DECODER = json.JSONDecoder(parse_constant=strict_json.refuse_constant)
_SPACE = " \t\n\r"


class Irregular(Exception):
    """The file is not a well-formed import file: read it whole for the exact message."""


class _Buffer:
    def __init__(self, path: Path, strict: bool, digest: Any) -> None:
        self.strict = strict
        self.digest = digest
        self.file = path.open("rb")
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.pos = 0
        self.eof = False
        self.chunk = CHUNK

    def close(self) -> None:
        self.file.close()

    def more(self) -> bool:
        """Append the next chunk; False at the end of the file."""
        if self.eof:
            return False
        raw = self.file.read(self.chunk)
        if self.digest is not None:
            self.digest.update(raw)
        try:
            text = self.decoder.decode(raw, final=not raw)
        except UnicodeDecodeError:
            raise Irregular from None
        if not raw:
            self.eof = True
        self.text = self.text[self.pos :] + text
        self.pos = 0
        return bool(raw) or bool(text)

    def skip_space(self) -> str:
        """The next character that is not white space ("" at the end of the file)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return ""

    def expect(self, char: str) -> None:
        if self.skip_space() != char:
            raise Irregular
        self.pos += 1

    def value(self, depth: int) -> Any:
        """The JSON value at the current place (``depth``: how deep it is nested)."""
        self.skip_space()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError:
                # Cut by the end of the chunk, or invalid: read further, give up at the end.
                self.chunk *= 2
                if not self.more():
                    raise Irregular from None
                continue
            except (ValueError, RecursionError):  # NaN, Infinity; nesting deeper than json's
                raise Irregular from None
            cut = end == len(self.text) and not self.eof and not isinstance(value, (dict, list))
            if cut and self.more():  # a number or word cut by the end of the chunk
                continue
            self.chunk = CHUNK
            if self.strict:
                try:
                    strict_json.scan(self.text[self.pos : end], "", depth)
                except strict_json.JsonInputError:
                    raise Irregular from None
            self.pos = end
            return value


def members(
    path: Path, *, strict: bool = True, digest: Any = None
) -> Iterator[tuple[str, int, Any]]:
    """The top-level members of the file in file order: ``(key, -1, value)`` for a value
    that is not a list, ``(key, i, item)`` for each item of a list (``(key, -1, [])`` first,
    so empty lists are seen too). Raises ``Irregular`` (see the module).

    ``strict=False`` skips the ``strict_json`` checks, for a file read through strictly
    before whose bytes are unchanged: ``digest`` (a ``hashlib`` hash) is fed every byte
    read, to compare when the reading ends."""
    buf = _Buffer(path, strict, digest)
    try:
        buf.expect("{")
        seen: set[str] = set()
        if buf.skip_space() == "}":
            buf.pos += 1
        else:
            while True:
                key = buf.value(1)
                if not isinstance(key, str) or key in seen:
                    raise Irregular
                seen.add(key)
                buf.expect(":")
                if buf.skip_space() != "[":
                    yield key, -1, buf.value(1)
                else:
                    buf.pos += 1
                    yield key, -1, []
                    if buf.skip_space() == "]":
                        buf.pos += 1
                    else:
                        index = 0
                        while True:
                            yield key, index, buf.value(2)
                            index += 1
                            following = buf.skip_space()
                            buf.pos += 1
                            if following == "]":
                                break
                            if following != ",":
                                raise Irregular
                following = buf.skip_space()
                buf.pos += 1
                if following == "}":
                    break
                if following != ",":
                    raise Irregular
        if buf.skip_space() != "":
            raise Irregular
    finally:
        buf.close()
