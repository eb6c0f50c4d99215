"""The plain tar layer inside a bundle: a push writer and a strict pull reader.

Only regular files with names from a fixed list are accepted (docs/bundle-format.md):
no links, folders, absolute paths, ``..``, extension headers or duplicate names.
"""

from __future__ import annotations

import re
import tarfile
from dataclasses import dataclass
from typing import Protocol

from aces_desktop.core import messages as msg
from aces_desktop.sync.agestream import BundleError

BLOCK = 512
FORMAT_MEMBER = "FORMAT"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
REVISIONS_RE = re.compile(r"^revisions/(\d{6})\.jsonl\.gz$")
ATTACHMENT_RE = re.compile(r"^attachments/([0-9a-f]{64})$")


class _Writer(Protocol):
    def write(self, data: bytes) -> int: ...


class TarWriter:
    """Writes a ustar stream of regular files into ``out`` (push-based)."""

    def __init__(self, out: _Writer) -> None:
        self.out = out
        self._left = 0
        self._size = 0

    def begin(self, name: str, size: int) -> None:
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o600
        info.mtime = 0
        info.type = tarfile.REGTYPE
        self.out.write(info.tobuf(tarfile.USTAR_FORMAT, "utf-8", "strict"))
        self._left = self._size = size

    def write(self, data: bytes) -> int:
        if len(data) > self._left:
            raise ValueError("member data longer than announced")
        self._left -= len(data)
        self.out.write(data)
        return len(data)

    def end(self) -> None:
        if self._left:
            raise ValueError("member data shorter than announced")
        pad = -self._size % BLOCK
        if pad:
            self.out.write(b"\0" * pad)

    def add(self, name: str, data: bytes) -> None:
        self.begin(name, len(data))
        self.write(data)
        self.end()

    def finish(self) -> None:
        self.out.write(b"\0" * (2 * BLOCK))


class _Reader(Protocol):
    def read_exact(self, n: int) -> bytes: ...


@dataclass(frozen=True)
class Member:
    name: str
    size: int


def check_name(name: str) -> None:
    """Refuse member names outside the format's fixed list, naming the problem."""
    shown = name[:80]
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        raise BundleError(msg.MEMBER_ABSOLUTE_PATH(shown))
    if ".." in re.split(r"[\\/]", name):
        raise BundleError(msg.MEMBER_TRIES_LEAVE_BUNDLE_PATH(shown))
    if name in (FORMAT_MEMBER, MANIFEST, SIGNATURE):
        return
    if REVISIONS_RE.match(name) or ATTACHMENT_RE.match(name):
        return
    raise BundleError(msg.MEMBER_NOT_PART_BUNDLE_FORMAT(shown))


class TarReader:
    """Reads members one by one from a pull-based plaintext stream."""

    def __init__(self, src: _Reader, max_members: int, max_tail: int = 20 * BLOCK) -> None:
        self.src = src
        self.max_members = max_members
        self.max_tail = max_tail
        self.count = 0
        self.seen: set[str] = set()
        self._left = 0
        self._pad = 0
        self.offset = 0

    def _read(self, n: int) -> bytes:
        data = self.src.read_exact(n)
        self.offset += len(data)
        return data

    def next(self) -> Member | None:
        """The next member, or ``None`` at the end of the archive."""
        if self._left or self._pad:
            self.skip()
        block = self._read(BLOCK)
        if len(block) < BLOCK:
            raise BundleError(msg.BUNDLE_CONTENT_TRUNCATED_ARCHIVE_ENDS())
        if block == b"\0" * BLOCK:
            self._check_tail()
            return None
        try:
            info = tarfile.TarInfo.frombuf(block, "utf-8", "strict")
        except (tarfile.HeaderError, UnicodeDecodeError, ValueError) as exc:
            raise BundleError(msg.MEMBER_HEADER_DAMAGED(exc)) from None
        name = info.name
        if info.type in (tarfile.SYMTYPE, tarfile.LNKTYPE):
            raise BundleError(msg.MEMBER_LINK_LINKS_NOT_ALLOWED(name[:80]))
        if info.type == tarfile.DIRTYPE:
            raise BundleError(msg.MEMBER_FOLDER_FOLDERS_NOT_ALLOWED(name[:80]))
        if info.type not in (tarfile.REGTYPE, tarfile.AREGTYPE):
            raise BundleError(msg.MEMBER_UNSUPPORTED_TYPE_ONLY_PLAIN(name[:80], repr(info.type)))
        check_name(name)
        if name in self.seen:
            raise BundleError(msg.MEMBER_APPEARS_TWICE(name))
        self.seen.add(name)
        self.count += 1
        if self.count > self.max_members:
            raise BundleError(msg.BUNDLE_MORE_MEMBERS(self.max_members))
        if info.size < 0:
            raise BundleError(msg.MEMBER_NEGATIVE_SIZE(name))
        self._left = info.size
        self._pad = -info.size % BLOCK
        return Member(name, info.size)

    def read(self, n: int) -> bytes:
        """Up to ``n`` bytes of the current member (``b''`` at its end)."""
        n = min(n, self._left)
        if n <= 0:
            return b""
        data = self._read(n)
        if len(data) < n:
            raise BundleError(msg.BUNDLE_CONTENT_TRUNCATED_MEMBER_ENDS())
        self._left -= len(data)
        return data

    def skip(self) -> None:
        while self._left:
            self.read(1 << 16)
        if self._pad:
            pad = self._read(self._pad)
            if len(pad) < self._pad:
                raise BundleError(msg.BUNDLE_CONTENT_TRUNCATED_MEMBER_ENDS())
            self._pad = 0

    def _check_tail(self) -> None:
        second = self._read(BLOCK)
        if second != b"\0" * BLOCK:
            raise BundleError(msg.ARCHIVE_END_MARKER_DAMAGED_TRUNCATED())
        tail = 0
        while True:
            chunk = self._read(BLOCK)
            if not chunk:
                return
            tail += len(chunk)
            if chunk.strip(b"\0") or tail > self.max_tail:
                raise BundleError(msg.THERE_EXTRA_DATA_AFTER_END())


class Source(Protocol):
    def read(self, n: int) -> bytes: ...


def read_all(reader: Source, limit: int, name: str) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        chunk = reader.read(1 << 16)
        if not chunk:
            return b"".join(parts)
        total += len(chunk)
        if total > limit:
            raise BundleError(msg.MEMBER_LARGER_LIMIT_BYTES(name, limit))
        parts.append(chunk)
