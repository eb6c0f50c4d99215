"""Temporary data that never lies on the disk in plaintext.

Previews, thumbnails and exports in progress are kept either
- in memory (``memory_buffer``), which is the default for anything small, or
- in an ``EncryptedTempFile``: age-encrypted to a throw-away key that exists only in this
  process's memory, in a private folder (mode 0700) under the system temporary folder,
  deleted on close. Even if the process is killed and the file left behind, it cannot be
  read: its key died with the process.

Plaintext that must exist as a file (an external viewer opening a PDF) is the user's explicit
choice: ``private_temp_dir`` gives a 0700 folder whose files are overwritten and removed on
exit; the GUI asks before using it.

SQLite's own temporary tables and sort files: the bundled SQLCipher is built with
``SQLITE_TEMP_STORE=2`` (in memory), so it writes none.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError

PREFIX = "aces-"


def memory_buffer(data: bytes = b"") -> io.BytesIO:
    """An in-memory file; use it whenever the data fits comfortably in memory."""
    return io.BytesIO(data)


class EncryptedTempFile:
    """A temporary file whose content is encrypted to a key held only in memory.

    ``write(bytes)`` / ``write_stream(f)`` once, then ``read_bytes()`` or ``read_into(f)`` as
    often as needed; ``close()`` (or the ``with`` block) deletes it.
    """

    def __init__(self, suffix: str = ".age") -> None:
        import pyrage  # imported on first use: start-up does without it

        self._identity = pyrage.x25519.Identity.generate()
        self._dir = Path(tempfile.mkdtemp(prefix=PREFIX))
        os.chmod(self._dir, 0o700)
        self.path = self._dir / f"data{suffix}"
        self._written = False

    def write_stream(self, source: BinaryIO) -> None:
        import pyrage

        if self._written:
            raise AcesError(msg.TEMPORARY_FILE_WRITTEN_ONCE())
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            pyrage.encrypt_io(source, out, [self._identity.to_public()])
        self._written = True

    def write(self, data: bytes) -> None:
        self.write_stream(io.BytesIO(data))

    def read_into(self, out: BinaryIO) -> None:
        import pyrage

        with open(self.path, "rb") as src:
            pyrage.decrypt_io(src, out, [self._identity])

    def read_bytes(self) -> bytes:
        out = io.BytesIO()
        self.read_into(out)
        return out.getvalue()

    def close(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> EncryptedTempFile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _scrub(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file() and not p.is_symlink():
            with contextlib.suppress(OSError), open(p, "r+b") as handle:
                size = handle.seek(0, os.SEEK_END)
                handle.seek(0)
                handle.write(b"\0" * size)
                handle.flush()
                os.fsync(handle.fileno())
    shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def private_temp_dir() -> Iterator[Path]:
    """A 0700 folder for plaintext that must be a file; overwritten and removed on exit."""
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    os.chmod(folder, 0o700)
    try:
        yield folder
    finally:
        _scrub(folder)
