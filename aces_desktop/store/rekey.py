"""Passphrase change: a new random database key, a re-encrypted blob store, a new key file.

Why a new database key and not only a re-wrapped one. Re-wrapping (the same database key in
a new ``workspace.key``) is quick, but a copy of the old key file plus the old passphrase
(the usual reason for changing a passphrase is that it may be known) still unlocks the
database as it is now and in the future. So a passphrase change by default:

1. exports the database into a new file encrypted under a fresh random key
   (``sqlcipher_export``: every page is rewritten, no page stays under the old key);
2. gives the blob store a fresh age identity and re-encrypts every attachment to it (the old
   identity sits in old copies of the database);
3. wraps the new key with the new passphrase.

The device keys (signing, age) are not changed: they are this device's identity, known to
the coordinator. Recovery files made before the change hold the old database key and no
longer open the workspace: the caller is told to export a new one (``recovery_outdated``).
``new_db_key=False`` only re-wraps (seconds, keeps recovery files valid) for the case of a
passphrase that is merely inconvenient.

Interruption. Everything new is first written beside the live files (``*.rekey``,
``workspace.key.new``, ``blobs.rekey/``); the live workspace is untouched and the old
passphrase opens it. The change is committed by one atomic write of the journal
``rekey.journal`` with ``"state": "committed"``; after that, the staged files are moved into
place one rename at a time. Opening a workspace (``Workspace.open``/``unlock``) first calls
``recover``: an uncommitted change is rolled back (staged files deleted), a committed one is
rolled forward (remaining renames done). Killed at any moment, either the old passphrase
opens the old state or the new passphrase opens the new one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3.dbapi2 as sqlcipher

from aces_desktop.core import messages as msg
from aces_desktop.core.atomic import atomic_write_text, atomic_writer, fsync_dir
from aces_desktop.core.errors import AcesError
from aces_desktop.store import keyfile, throttle
from aces_desktop.store.db import raw_connect
from aces_desktop.store.secrets import SECRET_BLOB_AGE, get_secret

if TYPE_CHECKING:
    import pyrage

    from aces_desktop.store.workspace import Workspace

JOURNAL = "rekey.journal"
DB_FILE = "workspace.db"
KEY_FILE = "workspace.key"
BLOBS_DIR = "blobs"
STAGED_DB = "workspace.db.rekey"
STAGED_KEY = "workspace.key.new"
STAGED_BLOBS = "blobs.rekey"
OLD_BLOBS = "blobs.old"
BACKUPS_DIR = "backups"
STAGED_BACKUPS = "backups.rekey"
OLD_BACKUPS = "backups.old"
_SIDE = ("-wal", "-shm", "-journal")

Hook = Callable[[str], None]


@dataclass(frozen=True)
class RekeyResult:
    new_db_key: bool
    blobs_reencrypted: int
    recovery_outdated: bool


def _hook(hook: Hook | None, stage: str) -> None:
    if hook is not None:
        hook(stage)


def _journal(path: Path) -> dict[str, Any] | None:
    try:
        doc = json.loads((path / JOURNAL).read_text(encoding="utf-8"))
        return doc if isinstance(doc, dict) else {"state": "preparing"}
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        # A journal that cannot be read was never committed (it is written atomically).
        return {"state": "preparing"}


def _journal_state(path: Path) -> str | None:
    doc = _journal(path)
    return None if doc is None else str(doc.get("state"))


def _write_journal(path: Path, state: str) -> None:
    doc = {"state": state, "format": 1, "pid": os.getpid(), "host": socket.gethostname()}
    atomic_write_text(path / JOURNAL, json.dumps(doc) + "\n")


def _running_elsewhere(doc: dict[str, Any]) -> int | None:
    """The process id of another live process on this machine that owns the journal."""
    pid = doc.get("pid")
    if os.name != "posix" or not isinstance(pid, int) or pid == os.getpid():
        return None
    if doc.get("host") != socket.gethostname():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:
        return pid
    return pid


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _rollback(path: Path) -> None:
    for name in (
        STAGED_KEY,
        STAGED_BLOBS,
        STAGED_BACKUPS,
        STAGED_DB,
        *(STAGED_DB + s for s in _SIDE),
    ):
        _remove(path / name)
    _remove(path / JOURNAL)
    fsync_dir(path)


def _roll_forward(path: Path, hook: Hook | None = None) -> None:
    """Move the staged files into place; each step can be repeated after a crash."""
    staged_db = path / STAGED_DB
    if staged_db.exists():
        for side in _SIDE:  # the old database's log must never be applied to the new file
            _remove(path / (DB_FILE + side))
        os.replace(staged_db, path / DB_FILE)
        fsync_dir(path)
        _hook(hook, "db_swapped")
    staged_key = path / STAGED_KEY
    if staged_key.exists():
        os.replace(staged_key, path / KEY_FILE)
        fsync_dir(path)
        _hook(hook, "key_swapped")
    if _swap_dir(path, BLOBS_DIR, STAGED_BLOBS, OLD_BLOBS):
        _hook(hook, "blobs_swapped")
    _swap_dir(path, BACKUPS_DIR, STAGED_BACKUPS, OLD_BACKUPS)
    _remove(path / JOURNAL)
    fsync_dir(path)


def _swap_dir(path: Path, live: str, staged: str, old: str) -> bool:
    """Put the staged folder in place of the live one (repeatable after a crash)."""
    moved = False
    if (path / staged).exists():
        if (path / live).exists():
            _remove(path / old)
            os.replace(path / live, path / old)
        os.replace(path / staged, path / live)
        fsync_dir(path)
        moved = True
    _remove(path / old)
    return moved


def recover(path: Path) -> str | None:
    """Finish or undo an interrupted passphrase change; ``"forward"``, ``"back"`` or ``None``."""
    path = Path(path)
    doc = _journal(path)
    if doc is not None and (pid := _running_elsewhere(doc)) is not None:
        raise AcesError(msg.PASSPHRASE_CHANGE_WORKSPACE_RUNNING_PROCESS(pid))
    state = None if doc is None else str(doc.get("state"))
    if state == "committed":
        _roll_forward(path)
        return "forward"
    staged = [path / n for n in (STAGED_DB, STAGED_KEY, STAGED_BLOBS, JOURNAL)]
    if any(p.exists() for p in staged):
        _rollback(path)
        return "back"
    return None


def _export_database(path: Path, old_key: bytes, new_key: bytes, blob_identity: str) -> None:
    """A copy of the database under ``new_key``, with the new blob identity in it."""
    target = path / STAGED_DB
    conn = raw_connect(path / DB_FILE, old_key)
    try:
        conn.execute(f"ATTACH DATABASE ? AS rekeyed KEY \"x'{new_key.hex()}'\"", (str(target),))
        conn.execute("SELECT sqlcipher_export('rekeyed')")
        conn.execute(
            "UPDATE rekeyed.secrets SET value = ? WHERE name = ?",
            (blob_identity.encode("ascii"), SECRET_BLOB_AGE),
        )
        conn.execute("DETACH DATABASE rekeyed")
    finally:
        conn.close()
    check = raw_connect(target, new_key)  # also switches the new file to WAL mode
    try:
        check.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise AcesError(msg.RE_ENCRYPTED_DATABASE_FAILED_CHECK())
    finally:
        check.close()
    for side in _SIDE:
        side_file = path / (STAGED_DB + side)
        if side_file.exists() and side_file.stat().st_size == 0:
            side_file.unlink()
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())


def _rekey_backups(path: Path, old_key: bytes, new_key: bytes) -> None:
    """Copies of ``backups/`` (taken before schema upgrades) under the new key too: they must
    not stay readable with the old key file."""
    backups = path / BACKUPS_DIR
    if not backups.is_dir():
        return
    staged = path / STAGED_BACKUPS
    staged.mkdir(mode=0o700)
    for item in sorted(backups.iterdir()):
        target = staged / item.name
        if not item.is_file():
            continue
        conn = sqlcipher.connect(str(item), isolation_level=None)
        try:
            conn.execute(f"PRAGMA key = \"x'{old_key.hex()}'\"")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute(f"ATTACH DATABASE ? AS rekeyed KEY \"x'{new_key.hex()}'\"", (str(target),))
            conn.execute("SELECT sqlcipher_export('rekeyed')")
            conn.execute("DETACH DATABASE rekeyed")
        except sqlcipher.DatabaseError:
            # Not a database under this key (a file the user put there): left as it is.
            shutil.copy2(item, target)
        finally:
            conn.close()
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
    fsync_dir(staged)


def reencrypt_blob(
    source: Path, target: Path, old: pyrage.x25519.Identity, new: pyrage.x25519.Recipient
) -> None:
    """Decrypt ``source`` and encrypt it to ``new``, streamed through a pipe (no plaintext
    on disk, no whole file in memory)."""
    import pyrage  # imported on first use: start-up does without it

    read_fd, write_fd = os.pipe()
    errors: list[BaseException] = []

    def produce() -> None:
        try:
            with open(source, "rb") as src, os.fdopen(write_fd, "wb") as out:
                pyrage.decrypt_io(src, out, [old])
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    try:
        with os.fdopen(read_fd, "rb") as inp, atomic_writer(target) as out:
            pyrage.encrypt_io(inp, out, [new])
            thread.join()
            if errors:
                raise AcesError(msg.ATTACHMENT_FILE_DAMAGED(source.name, errors[0]))
    finally:
        thread.join()


def change_passphrase(
    ws: Workspace,
    old_passphrase: str,
    new_passphrase: str,
    *,
    new_db_key: bool = True,
    kdf: keyfile.KdfParams = keyfile.DEFAULT_KDF,
    hook: Hook | None = None,
) -> RekeyResult:
    """Change the passphrase of the open workspace ``ws`` (see the module text).

    ``hook(stage)`` is called at each step (tests kill the process there).
    """
    import pyrage

    path = Path(ws.path)
    if not new_passphrase:
        raise AcesError(msg.NEW_PASSPHRASE_EMPTY())
    if new_passphrase == old_passphrase:
        raise AcesError(msg.NEW_PASSPHRASE_SAME_OLD_ONE())
    old_key = checked_key(path, old_passphrase)
    with ws.session() as s:
        old_identity = pyrage.x25519.Identity.from_str(
            get_secret(s, SECRET_BLOB_AGE).decode("ascii")
        )
    recover(path)
    ws.close()  # no connection may write the old file from here on
    (path / JOURNAL).unlink(missing_ok=True)
    count = 0
    try:
        _write_journal(path, "preparing")
        _hook(hook, "journal_started")
        if new_db_key:
            key = os.urandom(32)
            new_identity = pyrage.x25519.Identity.generate()
            _export_database(path, old_key, key, str(new_identity))
            _hook(hook, "db_exported")
            blobs = sorted((path / BLOBS_DIR).rglob("*.age"))
            staged = path / STAGED_BLOBS
            staged.mkdir(mode=0o700)
            for blob in blobs:
                if blob.name.startswith("."):
                    continue  # an unfinished upload of a killed process
                rel = blob.relative_to(path / BLOBS_DIR)
                (staged / rel.parent).mkdir(parents=True, exist_ok=True, mode=0o700)
                reencrypt_blob(blob, staged / rel, old_identity, new_identity.to_public())
                count += 1
                if count == 1:
                    _hook(hook, "blobs_started")
            fsync_dir(staged)
            _hook(hook, "blobs_staged")
            _rekey_backups(path, old_key, key)
        else:
            key = old_key
        keyfile.write_keyfile(path / STAGED_KEY, key, new_passphrase, kdf)
        _hook(hook, "key_staged")
        _write_journal(path, "committed")
    except BaseException:
        _rollback(path)
        ws.unlock(old_passphrase)
        raise
    _hook(hook, "committed")
    _roll_forward(path, hook)
    _hook(hook, "done")
    ws.unlock(new_passphrase)
    return RekeyResult(new_db_key, count, recovery_outdated=new_db_key)


def checked_key(path: Path, passphrase: str) -> bytes:
    """The database key for ``passphrase``, counted by the wrong-passphrase slow-down."""
    return throttle.attempt(path, lambda: keyfile.read_keyfile(Path(path) / KEY_FILE, passphrase))
