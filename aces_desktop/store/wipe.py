"""Emergency wipe: destroy the keys first (the workspace is unreadable at once), then the files.

Order matters. ``workspace.key`` (and a staged ``workspace.key.new`` of an interrupted
passphrase change) is overwritten with random bytes, flushed to the disk and deleted first:
from that moment the database cannot be decrypted, even with the passphrase, and the
attachments cannot either (their key is inside the database). Then the database files are
overwritten with random bytes and deleted, and the blobs, backups and small state files are
deleted. See docs/protection.md for what this does not guarantee (SSDs, journaling and
copy-on-write file systems, backups, recovery files).
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from aces_desktop.core import messages as msg
from aces_desktop.core.atomic import fsync_dir
from aces_desktop.core.errors import AcesError

if TYPE_CHECKING:
    from aces_desktop.store.workspace import Workspace

KEY_NAMES = ("workspace.key", "workspace.key.new")
_CHUNK = 1024 * 1024


@dataclass
class WipeReport:
    path: Path
    keys_destroyed: int = 0
    files_removed: int = 0
    left_in_place: list[str] = field(default_factory=list)


def _overwrite(path: Path) -> None:
    """Overwrite a file in place with random bytes and flush it to the disk."""
    size = path.stat().st_size
    with open(path, "r+b", buffering=0) as handle:
        done = 0
        while done < size:
            n = min(_CHUNK, size - done)
            handle.write(os.urandom(n))
            done += n
        os.fsync(handle.fileno())


def _ours(name: str) -> bool:
    return (
        name.startswith(("workspace.", ".workspace.", "blobs", "backups", "rekey."))
        or name in ("unlock-attempts.json", "unlock-attempts.lock")
        or name.startswith(".unlock-attempts.json.")
    )


def destroy(path: Path) -> WipeReport:
    """Wipe the workspace folder ``path`` (no questions asked: callers confirm first)."""
    path = Path(path)
    if not (path / "workspace.db").exists() and not (path / "workspace.key").exists():
        raise AcesError(msg.NOT_ACES_WORKSPACE_NOTHING_WIPED(path))
    report = WipeReport(path)
    # 1. The keys: after this the workspace is unreadable.
    key_files = [path / n for n in KEY_NAMES] + sorted(path.glob(".workspace.key.*"))
    for key in key_files:
        if key.is_file():
            _overwrite(key)
            key.unlink()
            report.keys_destroyed += 1
    fsync_dir(path)
    # 2. The database files: overwritten too, so the ciphertext does not linger in place.
    for db in sorted(path.glob("workspace.db*")):
        if db.is_file():
            with contextlib.suppress(OSError):
                _overwrite(db)
            db.unlink()
            report.files_removed += 1
    # 3. Everything else the application made.
    for entry in sorted(path.iterdir()):
        if not _ours(entry.name):
            report.left_in_place.append(entry.name)
            continue
        if entry.is_dir() and not entry.is_symlink():
            report.files_removed += sum(1 for p in entry.rglob("*") if p.is_file())
            shutil.rmtree(entry)
        else:
            entry.unlink()
            report.files_removed += 1
    if not report.left_in_place:
        path.rmdir()
        fsync_dir(path.parent)
    return report


def wipe_workspace(ws: Workspace, typed_name: str) -> WipeReport:
    """Wipe the open workspace ``ws`` after the user typed its exact name."""
    if typed_name.strip() != ws.name:
        raise AcesError(msg.NAME_TYPED_DOES_NOT_MATCH())
    path = Path(ws.path)
    ws.close()
    return destroy(path)
