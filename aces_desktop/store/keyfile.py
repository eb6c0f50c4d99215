"""The workspace key file: a random database key wrapped by the user's passphrase.

The SQLCipher database is keyed with 32 random bytes, never with the passphrase itself.
Those bytes are stored in ``workspace.key``, encrypted with AES-256-GCM under a key derived
from the passphrase with Argon2id. This makes changing the passphrase a single atomic file
replacement, and destroying this file makes the database unreadable even to someone who
knows the passphrase (emergency wipe).
"""

from __future__ import annotations

import base64
import json
import os
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
# by design).
last_derive_seconds = 0.0


def _derive(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    global last_derive_seconds
    started = time.perf_counter()
    try:
        return _argon2id(passphrase, salt, params)
    finally:
        last_derive_seconds = time.perf_counter() - started


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


def unwrap_key(text: str, passphrase: str) -> bytes:
    """The database key from key file text; ``WrongPassphrase`` if it does not open."""
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
    except (ValueError, KeyError, TypeError) as exc:
        raise AcesError(msg.WORKSPACE_KEY_FILE_DAMAGED(exc)) from exc
    try:
        return AESGCM(_derive(passphrase, salt, params)).decrypt(nonce, sealed, _AAD)
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
