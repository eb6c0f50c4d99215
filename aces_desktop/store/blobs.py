"""Encrypted attachment store: one age-encrypted file per distinct attachment content.

Files are encrypted with the workspace's own X25519 identity (kept in the encrypted
database) using the ``age`` format through pyrage, streamed, so large files never sit in
memory. File names are an HMAC of the content hash under a workspace key: the name does not
reveal the file's SHA-256 (which could confirm that a known photo is present).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from aces_desktop.core import messages as msg
from aces_desktop.core.atomic import fsync_dir
from aces_desktop.core.errors import AcesError

MAX_ATTACHMENT_BYTES = 2 * 1024**3


class _HashingReader(io.RawIOBase):
    def __init__(self, source: BinaryIO, limit: int) -> None:
        self.source = source
        self.sha = hashlib.sha256()
        self.size = 0
        self.limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.source.read(len(buffer))
        n = len(data)
        self.size += n
        if self.size > self.limit:
            raise AcesError(msg.FILE_LARGER_LIMIT_MB(self.limit // 1024**2))
        self.sha.update(data)
        buffer[:n] = data
        return n


class BlobStore:
    def __init__(self, root: Path, identity: str, name_key: bytes) -> None:
        import pyrage  # imported on first use: start-up does without it

        self.root = root
        self._identity = pyrage.x25519.Identity.from_str(identity)
        self._recipient = self._identity.to_public()
        self._name_key = name_key

    def _path(self, sha256: str) -> Path:
        name = hmac.new(self._name_key, sha256.encode("ascii"), hashlib.sha256).hexdigest()
        return self.root / name[:2] / f"{name}.age"

    def exists(self, sha256: str) -> bool:
        return self._path(sha256).exists()

    def put_stream(
        self, source: BinaryIO, limit: int = MAX_ATTACHMENT_BYTES, expect: str | None = None
    ) -> tuple[str, int]:
        """Encrypt ``source`` into the store; returns (sha256 of the plaintext, size).

        With ``expect``, content whose SHA-256 is another is not stored at all (the caller
        sees the hash returned and refuses it)."""
        import pyrage

        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".incoming-", suffix=".age", dir=self.root)
        tmp = Path(tmp_name)
        try:
            reader = _HashingReader(source, limit)
            with os.fdopen(fd, "wb") as out:
                pyrage.encrypt_io(io.BufferedReader(reader), out, [self._recipient])
                out.flush()
                os.fsync(out.fileno())
            sha256 = reader.sha.hexdigest()
            target = self._path(sha256)
            if target.exists() or (expect is not None and sha256 != expect):
                tmp.unlink()
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp, target)
                fsync_dir(target.parent)
            return sha256, reader.size
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise

    def put_bytes(self, data: bytes) -> tuple[str, int]:
        return self.put_stream(io.BytesIO(data))

    def put_file(self, path: Path) -> tuple[str, int]:
        try:
            with open(path, "rb") as handle:
                return self.put_stream(handle)
        except OSError as exc:
            raise AcesError(msg.CANNOT_READ(path, exc.strerror or exc)) from exc

    def read_into(self, sha256: str, out: BinaryIO) -> None:
        import pyrage

        path = self._path(sha256)
        try:
            src = open(path, "rb")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            raise AcesError(msg.ATTACHMENT_NOT_WORKSPACE_FILE_STORE(sha256[:12])) from None
        with src:
            try:
                pyrage.decrypt_io(src, out, [self._identity])
            except (pyrage.DecryptError, OSError, ValueError) as exc:
                # pyrage reports a failed authentication while streaming as OSError.
                raise AcesError(msg.STORED_ATTACHMENT_DAMAGED(sha256[:12], exc)) from exc

    def read_bytes(self, sha256: str) -> bytes:
        out = io.BytesIO()
        self.read_into(sha256, out)
        data = out.getvalue()
        if hashlib.sha256(data).hexdigest() != sha256:
            raise AcesError(msg.STORED_ATTACHMENT_DOES_NOT_MATCH_2(sha256[:12]))
        return data

    def remove(self, sha256: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(sha256).unlink()

    def files(self) -> list[Path]:
        return sorted(p for p in self.root.rglob("*.age") if not p.name.startswith("."))
