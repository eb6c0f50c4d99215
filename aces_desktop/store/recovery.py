"""Key backup and recovery: an encrypted recovery file, optionally opened by n-of-m shares.

The recovery file holds the workspace's keys: the database key (so the database can be
opened without ``workspace.key``) and every secret of the ``secrets`` table (device signing
and age keys, the blob store identity and name key, the organisation CA key of a coordinator).
It holds no record content.

It is encrypted with AES-256-GCM under a random *file key*. The file key is reachable by:
- a recovery passphrase (scrypt, n=2^17, r=8, p=1), and/or
- SLIP-39 shares (``shamir-mnemonic``): the file key is split so that any ``threshold`` of
  ``count`` shares, given to different colleagues as lists of words, rebuild it. The shares
  are printed, never stored in the file.

Restoring needs the recovery file, the recovery passphrase or enough shares, and the
workspace folder's ``workspace.db``: it writes a new ``workspace.key`` for a new passphrase.
A passphrase change that gave the database a new key (the default) makes older recovery
files useless for that workspace: export a new one after each change.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shamir_mnemonic
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from aces_desktop.core import messages as msg
from aces_desktop.core import strict_json
from aces_desktop.core.atomic import atomic_write_text
from aces_desktop.core.errors import AcesError, WrongPassphrase
from aces_desktop.store import keyfile, rekey, throttle
from aces_desktop.store.db import raw_connect

if TYPE_CHECKING:
    from aces_desktop.store.workspace import Workspace

FORMAT = "aces-recovery"
VERSION = 1
SCRYPT_N = 2**17
_AAD_PAYLOAD = b"aces-recovery-v1 payload"
_AAD_SLOT = b"aces-recovery-v1 passphrase slot"


@dataclass(frozen=True)
class RecoveryKeys:
    workspace_id: str
    workspace_name: str
    db_key: bytes
    secrets: dict[str, bytes]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    shares: list[str]
    threshold: int | None


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    return base64.b64decode(str(text), validate=True)


def _scrypt(passphrase: str, salt: bytes, n: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=8, p=1).derive(passphrase.encode("utf-8"))


def export_recovery(
    ws: Workspace,
    out: Path,
    recovery_passphrase: str | None,
    *,
    shares: int | None = None,
    threshold: int | None = None,
    scrypt_n: int = SCRYPT_N,
) -> ExportResult:
    """Write the recovery file of the open workspace ``ws`` to ``out``."""
    from aces_desktop.store import models as m

    if not recovery_passphrase and not shares:
        raise AcesError(msg.GIVE_RECOVERY_PASSPHRASE_SPLIT_RECOVERY())
    if shares is not None or threshold is not None:
        if shares is None or threshold is None:
            raise AcesError(msg.GIVE_BOTH_NUMBER_SHARES_THRESHOLD())
        if not 2 <= threshold <= shares <= 16:
            raise AcesError(msg.SHARES_NEED_THRESHOLD_NUMBER_SHARES(threshold, shares))
    db_key = ws._key
    if db_key is None:
        raise AcesError(msg.UNLOCK_WORKSPACE_BEFORE_EXPORTING_RECOVERY())
    with ws.session() as s:
        secrets = {str(r.name): bytes(r.value) for r in s.query(m.Secret).all()}
    payload = json.dumps(
        {
            "workspace_id": ws.meta.workspace_id,
            "workspace_name": ws.meta.name,
            "device_id": ws.meta.device_id,
            "db_key": db_key.hex(),
            "secrets": {k: _b64(v) for k, v in sorted(secrets.items())},
        }
    ).encode("utf-8")
    file_key = os.urandom(32)
    nonce = os.urandom(12)
    slots: dict[str, Any] = {}
    if recovery_passphrase:
        salt, slot_nonce = os.urandom(16), os.urandom(12)
        wrapped = AESGCM(_scrypt(recovery_passphrase, salt, scrypt_n)).encrypt(
            slot_nonce, file_key, _AAD_SLOT
        )
        slots["passphrase"] = {
            "kdf": "scrypt",
            "n": scrypt_n,
            "r": 8,
            "p": 1,
            "salt": _b64(salt),
            "nonce": _b64(slot_nonce),
            "ciphertext": _b64(wrapped),
        }
    words: list[str] = []
    if shares and threshold:
        groups = shamir_mnemonic.generate_mnemonics(1, [(threshold, shares)], file_key)
        words = list(groups[0])
        slots["shares"] = {"scheme": "slip39", "threshold": threshold, "count": shares}
    doc = {
        "format": FORMAT,
        "version": VERSION,
        "workspace_id": ws.meta.workspace_id,
        "workspace_name": ws.meta.name,
        "role": ws.meta.role,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "slots": slots,
        "nonce": _b64(nonce),
        "ciphertext": _b64(AESGCM(file_key).encrypt(nonce, payload, _AAD_PAYLOAD)),
    }
    atomic_write_text(Path(out), json.dumps(doc, indent=2) + "\n")
    return ExportResult(Path(out), words, threshold if words else None)


def describe(path: Path) -> dict[str, Any]:
    """The unencrypted header of a recovery file (workspace, date, which slots it has)."""
    doc = _load(path)
    return {
        "workspace_id": doc.get("workspace_id"),
        "workspace_name": doc.get("workspace_name"),
        "created_at": doc.get("created_at"),
        "passphrase": "passphrase" in doc["slots"],
        "shares": doc["slots"].get("shares"),
    }


def _load(path: Path) -> dict[str, Any]:
    try:
        doc = strict_json.loads(Path(path).read_text(encoding="utf-8"), str(path))
    except FileNotFoundError:
        raise AcesError(msg.THERE_NO_RECOVERY_FILE(path)) from None
    except strict_json.JsonInputError as exc:
        raise AcesError(msg.NOT_READABLE_ACES_RECOVERY_FILE(exc.message)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise AcesError(msg.NOT_READABLE_ACES_RECOVERY_FILE_2(path, exc)) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise AcesError(msg.NOT_ACES_RECOVERY_FILE(path))
    if doc.get("version") != VERSION:
        raise AcesError(msg.RECOVERY_FILE_VERSION_APPLICATION_READS(doc.get("version"), VERSION))
    if not isinstance(doc.get("slots"), dict):
        raise AcesError(msg.RECOVERY_FILE_DAMAGED_NO_KEY(path))
    return doc


def _file_key(
    doc: dict[str, Any], recovery_passphrase: str | None, shares: Sequence[str] | None
) -> bytes:
    slots = doc["slots"]
    if shares:
        info = slots.get("shares")
        if not info:
            raise AcesError(msg.RECOVERY_FILE_NOT_SPLIT_INTO())
        need = int(info["threshold"])
        cleaned = [" ".join(share.split()).lower() for share in shares if share.strip()]
        if len(set(cleaned)) < need:
            raise AcesError(
                msg.DIFFERENT_SHARE_GIVEN_BUT_NEEDED(len(set(cleaned)), need, info["count"])
            )
        try:
            return bytes(shamir_mnemonic.combine_mnemonics(cleaned))
        except shamir_mnemonic.MnemonicError as exc:
            raise AcesError(msg.SHARES_DO_NOT_FIT_TOGETHER(exc)) from None
    if not recovery_passphrase:
        raise AcesError(msg.GIVE_RECOVERY_PASSPHRASE_SHARES())
    slot = slots.get("passphrase")
    if not slot:
        raise AcesError(msg.RECOVERY_FILE_OPENS_ONLY_SHARES())
    try:
        key = _scrypt(recovery_passphrase, _unb64(slot["salt"]), int(slot["n"]))
        return AESGCM(key).decrypt(_unb64(slot["nonce"]), _unb64(slot["ciphertext"]), _AAD_SLOT)
    except InvalidTag:
        raise WrongPassphrase(msg.WRONG_RECOVERY_PASSPHRASE()) from None
    except (KeyError, ValueError, TypeError) as exc:
        raise AcesError(msg.RECOVERY_FILE_DAMAGED(exc)) from exc


def read_recovery(
    path: Path, *, recovery_passphrase: str | None = None, shares: Sequence[str] | None = None
) -> RecoveryKeys:
    """The keys in a recovery file; needs its passphrase or enough shares."""
    doc = _load(path)
    file_key = _file_key(doc, recovery_passphrase, shares)
    try:
        payload = AESGCM(file_key).decrypt(
            _unb64(doc["nonce"]), _unb64(doc["ciphertext"]), _AAD_PAYLOAD
        )
        data = json.loads(payload)
        return RecoveryKeys(
            workspace_id=str(data["workspace_id"]),
            workspace_name=str(data["workspace_name"]),
            db_key=bytes.fromhex(data["db_key"]),
            secrets={str(k): _unb64(v) for k, v in data["secrets"].items()},
        )
    except InvalidTag:
        raise AcesError(msg.SHARES_BELONG_ANOTHER_RECOVERY_FILE()) from None
    except (KeyError, ValueError, TypeError) as exc:
        raise AcesError(msg.RECOVERY_FILE_DAMAGED(exc)) from exc


def restore(
    path: Path,
    recovery_file: Path,
    new_passphrase: str,
    *,
    recovery_passphrase: str | None = None,
    shares: Sequence[str] | None = None,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
) -> RecoveryKeys:
    """Give the workspace at ``path`` a new ``workspace.key`` for ``new_passphrase``.

    For a lost key file or a forgotten passphrase; the database must be present. Nothing is
    written unless the recovered key opens this very workspace's database.
    """
    path = Path(path)
    db = path / rekey.DB_FILE
    if not db.is_file():
        raise AcesError(msg.THERE_NO_WORKSPACE_DATABASE_RECOVERY(db))
    if not new_passphrase:
        raise AcesError(msg.CHOOSE_NEW_PASSPHRASE_RESTORED_WORKSPACE())
    keys = read_recovery(recovery_file, recovery_passphrase=recovery_passphrase, shares=shares)
    rekey.recover(path)
    try:
        conn = raw_connect(db, keys.db_key)
    except WrongPassphrase:
        raise AcesError(msg.RECOVERY_FILE_DOES_NOT_OPEN(path)) from None
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'workspace_id'").fetchone()
    finally:
        conn.close()
    if row is None or row[0] != keys.workspace_id:
        raise AcesError(msg.RECOVERY_FILE_BELONGS_ANOTHER_WORKSPACE())
    keyfile.write_keyfile(path / rekey.KEY_FILE, keys.db_key, new_passphrase, kdf)
    throttle.reset(path)
    return keys
