"""Streaming age encryption and decryption with bounded memory.

pyrage streams in both directions but is pull-based on its input: ``encrypt_io`` reads
plaintext from a reader, ``decrypt_io`` writes plaintext into a writer. A bundle is produced
by pushing (a tar writer) and consumed by pulling (a tar reader), so each side runs pyrage
in a helper thread connected by a small bounded queue. Plaintext only ever exists in
these few in-memory chunks: never in a file.
"""

from __future__ import annotations

import io
import queue
import threading
from pathlib import Path
from typing import Any, BinaryIO

import pyrage

from aces_desktop.core import messages as msg
from aces_desktop.core.errors import AcesError

AGE_MAGIC = b"age-encryption.org/v1\n"
_QUEUE_CHUNKS = 16
# A reader gives up when the decryption thread produced nothing for this long (a damaged
# file must never make a merge wait for ever).
STALL_SECONDS = 300
_EOF = object()


class BundleError(AcesError):
    """A bundle is refused: the message names the problem."""


class _Stop(Exception):
    pass


class _QueueReader(io.RawIOBase):
    """A reader fed by a queue of byte chunks (the plaintext for ``encrypt_io``)."""

    def __init__(self, q: queue.Queue[Any]) -> None:
        self.q = q
        self.buf = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.buf and not self.done:
            item = self.q.get()
            if item is _EOF:
                self.done = True
            elif isinstance(item, BaseException):
                raise item
            else:
                self.buf = item
        n = min(len(buffer), len(self.buf))
        buffer[:n] = self.buf[:n]
        self.buf = self.buf[n:]
        return n


class EncryptingWriter:
    """A binary writer whose bytes are age-encrypted to ``recipients`` into ``out``."""

    def __init__(self, out: BinaryIO, recipients: list[str]) -> None:
        try:
            keys = [pyrage.x25519.Recipient.from_str(r) for r in recipients]
        except Exception as exc:
            raise AcesError(msg.RECIPIENT_KEY_NOT_VALID_AGE(exc)) from exc
        self._q: queue.Queue[Any] = queue.Queue(maxsize=_QUEUE_CHUNKS)
        self._error: BaseException | None = None
        self._buf = bytearray()
        self._dead = threading.Event()

        def run() -> None:
            try:
                pyrage.encrypt_io(io.BufferedReader(_QueueReader(self._q)), out, keys)
            except BaseException as exc:
                self._error = exc
            finally:
                self._dead.set()

        self._thread = threading.Thread(target=run, name="age-encrypt", daemon=True)
        self._thread.start()

    def _put(self, item: Any) -> None:
        while True:
            if self._dead.is_set():
                return
            try:
                self._q.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def _check(self) -> None:
        if self._error is not None:
            raise AcesError(msg.ENCRYPTING_BUNDLE_FAILED(self._error))

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._check()
        self._buf += data
        if len(self._buf) >= 1 << 16:
            self._put(bytes(self._buf))
            self._buf = bytearray()
        return len(data)

    def close(self) -> None:
        """Finish the age stream (raises if encryption failed)."""
        if self._buf:
            self._put(bytes(self._buf))
            self._buf = bytearray()
        self._put(_EOF)
        self._thread.join()
        self._check()

    def abort(self) -> None:
        self._put(ValueError("export aborted"))
        self._thread.join()


class _Sink:
    """The writer ``decrypt_io`` writes plaintext into: hands chunks to the consumer."""

    def __init__(self, q: queue.Queue[Any], stop: threading.Event) -> None:
        self.q = q
        self.stop = stop

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        while True:
            if self.stop.is_set():
                raise _Stop()
            try:
                self.q.put(chunk, timeout=0.05)
                return len(chunk)
            except queue.Full:
                continue

    def flush(self) -> None:
        return None


class _CountingSource(io.RawIOBase):
    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


def describe_decrypt_error(exc: BaseException, at_start: bool) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "No matching keys" in text or "no identity matched" in text.lower():
        return (
            "it is not encrypted to this workspace's key (it was made for another "
            "coordinator or device)"
        )
    if "decryption error" in text.lower() or not at_start:
        return f"it is damaged or truncated: decryption failed ({text})"
    return f"its encryption header is damaged ({text})"


class DecryptingReader(io.RawIOBase):
    """Plaintext of an age file as a pull-based reader, decrypted in a helper thread."""

    def __init__(self, path: Path, identity: str, max_bytes: int) -> None:
        super().__init__()
        self.path = path
        try:
            size = path.stat().st_size
            handle = open(path, "rb")  # noqa: SIM115 - closed in close()
        except OSError as exc:
            raise BundleError(msg.CANNOT_READ(path.name, exc.strerror or exc)) from exc
        self._handle = handle
        if size == 0:
            handle.close()
            raise BundleError(msg.EMPTY_NOT_SYNC_BUNDLE(path.name))
        if size > max_bytes:
            handle.close()
            raise BundleError(msg.LARGER_BUNDLE_SIZE_LIMIT_MB(path.name, max_bytes // 1024**2))
        if handle.read(len(AGE_MAGIC)) != AGE_MAGIC:
            handle.close()
            raise BundleError(msg.NOT_SYNC_BUNDLE_NOT_AGE(path.name))
        handle.seek(0)
        self._source = _CountingSource(handle)
        self._q: queue.Queue[Any] = queue.Queue(maxsize=_QUEUE_CHUNKS)
        self._stop = threading.Event()
        self._buf = b""
        self._done = False
        self._failed: BundleError | None = None
        self.produced = 0
        ident = pyrage.x25519.Identity.from_str(identity)

        def run() -> None:
            sink = _Sink(self._q, self._stop)
            try:
                pyrage.decrypt_io(io.BufferedReader(self._source, 1 << 16), sink, [ident])
                if handle.read(1):
                    raise BundleError(msg.EXTRA_DATA_AFTER_END_ENCRYPTED())
                self._put(_EOF)
            except _Stop:
                return
            except BaseException as exc:
                self._put(exc)

        self._thread = threading.Thread(target=run, name="age-decrypt", daemon=True)
        self._thread.start()

    def _put(self, item: Any) -> None:
        while not self._stop.is_set():
            try:
                self._q.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        # Once decryption failed, every later read fails the same way: a caller that
        # catches the first error and reads on must not wait for data that never comes.
        if self._failed is not None:
            raise self._failed
        waited = 0.0
        while not self._buf and not self._done:
            try:
                item = self._q.get(timeout=0.1)
            except queue.Empty:
                waited += 0.1
                if self._thread.is_alive() and waited < STALL_SECONDS:
                    continue
                try:  # the thread may have put its last item just before it ended
                    item = self._q.get_nowait()
                except queue.Empty:
                    item = BundleError(
                        "decryption stopped without finishing"
                        if not self._thread.is_alive()
                        else f"decryption made no progress for {STALL_SECONDS} seconds"
                    )
            if item is _EOF:
                self._done = True
            elif isinstance(item, BaseException):
                reason = (
                    item.message
                    if isinstance(item, BundleError)
                    else describe_decrypt_error(item, self.produced == 0)
                )
                self._failed = BundleError(msg.BUNDLE_REFUSED(self.path.name, reason))
                raise self._failed
            else:
                self._buf = item
                self.produced += len(item)
        n = min(len(buffer), len(self._buf))
        buffer[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n

    def read_exact(self, n: int) -> bytes:
        """Exactly ``n`` bytes, or fewer only at the end of the plaintext."""
        parts: list[bytes] = []
        left = n
        while left > 0:
            if not self._buf:
                chunk = self.read(min(left, 1 << 16))
                if not chunk:
                    break
                parts.append(chunk)
                left -= len(chunk)
                continue
            take = self._buf[:left]
            self._buf = self._buf[len(take) :]
            parts.append(take)
            left -= len(take)
        return b"".join(parts)

    @property
    def consumed(self) -> int:
        """Bytes of the encrypted file read so far (for progress)."""
        return self._source.count

    def close(self) -> None:
        if not self.closed:
            self._stop.set()
            while True:
                try:
                    self._q.get_nowait()
                except queue.Empty:
                    break
            self._thread.join(timeout=10)
            self._handle.close()
        super().close()
