"""The workspace key file: a random database key wrapped by the user's passphrase.

The SQLCipher database is keyed with 32 random bytes, never with the passphrase itself.
Those bytes are stored in ``workspace.key``, encrypted with AES-256-GCM under a key derived
from the passphrase with Argon2id. This makes changing the passphrase a single atomic file
replacement, and destroying this file makes the database unreadable even to someone who
knows the passphrase (emergency wipe).
"""

from __future__ import annotations

import base64
import hmac
import json
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from aces_desktop.core import messages as msg
from aces_desktop.core.atomic import atomic_write_text
from aces_desktop.core.errors import AcesError, WrongPassphrase

KEYFILE_FORMAT = "aces-workspace-key"
KEYFILE_VERSION = 1
_AAD = b"aces-workspace-key-v1"


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default follows OWASP's guidance for interactive logins."""

    iterations: int = 3
    lanes: int = 4
    memory_cost_kib: int = 64 * 1024

    def to_json(self) -> dict[str, int | str]:
        return {
            "name": "argon2id",
            "iterations": self.iterations,
            "lanes": self.lanes,
            "memory_cost": self.memory_cost_kib,
        }


DEFAULT_KDF = KdfParams()


# Seconds the last key derivation took (the start-up benchmark prints it apart: it is slow
# by design), and how long the unlock waited for it (less when it was derived ahead).
last_derive_seconds = 0.0
last_derive_wait = 0.0


@dataclass
class _Ahead:
    """A key being derived in a thread for an unlock that is about to come."""

    passphrase: str
    salt: bytes
    params: KdfParams
    thread: threading.Thread
    key: bytes | None = None
    seconds: float = 0.0


_ahead: _Ahead | None = None


def derive_ahead(path: Path, passphrase: str) -> None:
    """Start deriving the key of the key file at ``path`` in a thread, while the caller
    does other work (start-up imports the data layer meanwhile); the next unlock of that
    file with the same passphrase takes the result instead of deriving it again. Argon2id
    runs outside the interpreter lock. Nothing happens when the file cannot be read: the
    unlock then reports what is wrong."""
    global _ahead
    try:
        salt, params, _nonce, _sealed = _parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, AcesError):
        return
    ahead = _Ahead(passphrase, salt, params, threading.Thread())

    def derive() -> None:
        started = time.perf_counter()
        try:
            ahead.key = _argon2id(passphrase, salt, params)
        finally:
            ahead.seconds = time.perf_counter() - started

    ahead.thread = threading.Thread(target=derive, name="aces-key-derivation", daemon=True)
    _ahead = ahead
    ahead.thread.start()


def _take_ahead(passphrase: str, salt: bytes, params: KdfParams) -> bytes | None:
    """The key derived ahead for these inputs (waiting for it), or None; used once."""
    global _ahead, last_derive_seconds, last_derive_wait
    ahead, _ahead = _ahead, None
    if ahead is None or ahead.salt != salt or ahead.params != params:
        return None
    if not hmac.compare_digest(ahead.passphrase.encode(), passphrase.encode()):
        return None
    started = time.perf_counter()
    ahead.thread.join()
    last_derive_wait = time.perf_counter() - started
    last_derive_seconds = ahead.seconds
    return ahead.key


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    global last_derive_seconds, last_derive_wait
    started = time.perf_counter()
    try:
        return _argon2id(passphrase, salt, params)
    finally:
        last_derive_seconds = last_derive_wait = time.perf_counter() - started


def _argon2id(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    kdf = Argon2id(
        salt=salt,
        length=32,
        iterations=params.iterations,
        lanes=params.lanes,
        memory_cost=params.memory_cost_kib,
    )
    return kdf.derive(passphrase.encode("utf-8"))


def wrap_key(data_key: bytes, passphrase: str, params: KdfParams = DEFAULT_KDF) -> str:
    """The key file text for ``data_key`` protected by ``passphrase``."""
    if not passphrase:
        raise AcesError(msg.PASSPHRASE_REQUIRED())
    salt = os.urandom(16)
    nonce = os.urandom(12)
    sealed = AESGCM(_derive(passphrase, salt, params)).encrypt(nonce, data_key, _AAD)
    doc = {
        "format": KEYFILE_FORMAT,
        "version": KEYFILE_VERSION,
        "kdf": {**params.to_json(), "salt": base64.b64encode(salt).decode()},
        "nonce": base64.b64encode(nonce).decode(),
        "ciphertext": base64.b64encode(sealed).decode(),
    }
    return json.dumps(doc, indent=2) + "\n"


def _parse(text: str) -> tuple[bytes, KdfParams, bytes, bytes]:
    """(salt, KDF cost, nonce, sealed key) of key file text."""
    try:
        doc = json.loads(text)
        if doc.get("format") != KEYFILE_FORMAT:
            raise ValueError("not an ACES workspace key file")
        if doc.get("version") != KEYFILE_VERSION:
            raise AcesError(msg.WORKSPACE_KEY_FILE_VERSION_VERSION(doc.get("version")))
        kdf = doc["kdf"]
        params = KdfParams(
            iterations=int(kdf["iterations"]),
            lanes=int(kdf["lanes"]),
            memory_cost_kib=int(kdf["memory_cost"]),
        )
        salt = base64.b64decode(kdf["salt"])
        nonce = base64.b64decode(doc["nonce"])
        sealed = base64.b64decode(doc["ciphertext"])
    except AcesError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise AcesError(msg.WORKSPACE_KEY_FILE_DAMAGED(exc)) from exc
    return salt, params, nonce, sealed


def unwrap_key(text: str, passphrase: str) -> bytes:
    """The database key from key file text; ``WrongPassphrase`` if it does not open."""
    salt, params, nonce, sealed = _parse(text)
    key = _take_ahead(passphrase, salt, params) or _derive(passphrase, salt, params)
    try:
        return AESGCM(key).decrypt(nonce, sealed, _AAD)
    except InvalidTag:
        raise WrongPassphrase(msg.WRONG_PASSPHRASE()) from None


def write_keyfile(
    path: Path, data_key: bytes, passphrase: str, params: KdfParams = DEFAULT_KDF
) -> None:
    atomic_write_text(path, wrap_key(data_key, passphrase, params))


def read_keyfile(path: Path, passphrase: str) -> bytes:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AcesError(msg.WORKSPACE_KEY_FILE_MISSING_WORKSPACE(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AcesError(msg.WORKSPACE_KEY_FILE_CANNOT_READ(path, exc)) from exc
    return unwrap_key(text, passphrase)
