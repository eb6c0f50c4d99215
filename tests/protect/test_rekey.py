"""Passphrase change: new database key, re-encrypted blobs, and survival of a kill at any step."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.core.errors import WrongPassphrase
from aces_desktop.store import keyfile, rekey
from aces_desktop.store.db import raw_connect
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.protect.support import FAST_KDF, NEW_PASSPHRASE, assert_opens_with


def test_change_passphrase_rekeys_database_and_blobs(world: tuple[Path, dict[str, Any]]) -> None:
    path, facts = world
    old_db_key = keyfile.read_keyfile(path / "workspace.key", PASSPHRASE)
    old_key_copy = (path / "workspace.key").read_text()
    old_blob = sorted((path / "blobs").rglob("*.age"))[0].read_bytes()
    with Workspace.open(path, PASSPHRASE) as ws:
        result = rekey.change_passphrase(ws, PASSPHRASE, NEW_PASSPHRASE, kdf=FAST_KDF)
        assert result.new_db_key and result.blobs_reencrypted == 2 and result.recovery_outdated
        assert ws.state_hash() == facts["state_hash"]  # still usable, now under the new key
    assert_opens_with(path, NEW_PASSPHRASE, facts)
    new_db_key = keyfile.read_keyfile(path / "workspace.key", NEW_PASSPHRASE)
    assert new_db_key != old_db_key
    with pytest.raises(WrongPassphrase):
        Workspace.open(path, PASSPHRASE)
    # A copy of the old key file with the old passphrase no longer opens the database.
    (path / "workspace.key").write_text(old_key_copy)
    with pytest.raises(WrongPassphrase, match="does not open with this key"):
        Workspace.open(path, PASSPHRASE).state_hash()
    assert keyfile.read_keyfile(path / "workspace.key", PASSPHRASE) == old_db_key
    # Blob files were re-encrypted: same names (HMAC of content), different ciphertext.
    assert sorted((path / "blobs").rglob("*.age"))[0].read_bytes() != old_blob
    # The backup taken before an upgrade moved to the new key as well.
    backup = path / "backups" / "workspace-0001-test.db"
    with pytest.raises(WrongPassphrase):
        raw_connect(backup, old_db_key)
    conn = raw_connect(backup, new_db_key)
    assert conn.execute("SELECT value FROM meta WHERE key = 'name'").fetchone()[0] == "Protect test"
    conn.close()
    keep = {"workspace.db", "workspace.key", "blobs", "backups"}
    leftovers = {p.name for p in path.iterdir()} - keep
    assert not {n for n in leftovers if "rekey" in n or n.endswith((".new", ".old"))}


def test_rewrap_only_keeps_database_key(world: tuple[Path, dict[str, Any]]) -> None:
    path, facts = world
    old_db_key = keyfile.read_keyfile(path / "workspace.key", PASSPHRASE)
    with Workspace.open(path, PASSPHRASE) as ws:
        result = rekey.change_passphrase(
            ws, PASSPHRASE, NEW_PASSPHRASE, new_db_key=False, kdf=FAST_KDF
        )
    assert not result.recovery_outdated and result.blobs_reencrypted == 0
    assert keyfile.read_keyfile(path / "workspace.key", NEW_PASSPHRASE) == old_db_key
    assert_opens_with(path, NEW_PASSPHRASE, facts)


def test_wrong_old_passphrase_changes_nothing(world: tuple[Path, dict[str, Any]]) -> None:
    path, facts = world
    with Workspace.open(path, PASSPHRASE) as ws:
        with pytest.raises(WrongPassphrase):
            rekey.change_passphrase(ws, "not it", NEW_PASSPHRASE, kdf=FAST_KDF)
        assert ws.state_hash() == facts["state_hash"]
    assert_opens_with(path, PASSPHRASE, facts)


KILL_SCRIPT = textwrap.dedent(
    """
    import os, signal, sys
    from aces_desktop.store import rekey
    from aces_desktop.store.workspace import Workspace
    from tests.protect.support import FAST_KDF
    path, old, new, stage = sys.argv[1:5]
    def hook(name):
        if name == stage:
            os.kill(os.getpid(), signal.SIGKILL)
    ws = Workspace.open(path, old)
    rekey.change_passphrase(ws, old, new, kdf=FAST_KDF, hook=hook)
    print("finished")
    """
)
BEFORE_COMMIT = ["journal_started", "db_exported", "blobs_started", "blobs_staged", "key_staged"]
AFTER_COMMIT = ["committed", "db_swapped", "key_swapped", "blobs_swapped", "done"]


@pytest.mark.parametrize("stage", BEFORE_COMMIT + AFTER_COMMIT)
def test_killed_during_rekey(
    world: tuple[Path, dict[str, Any]], tmp_path: Path, stage: str
) -> None:
    path, facts = world
    run = subprocess.run(
        [sys.executable, "-c", KILL_SCRIPT, str(path), PASSPHRASE, NEW_PASSPHRASE, stage],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).parents[2],
    )
    assert run.returncode == -9, run.stderr  # really killed at that step
    assert "finished" not in run.stdout
    # Open a copy too, so both passphrases can be tried against the same on-disk state.
    copy = tmp_path / "copy"
    shutil.copytree(path, copy)
    if stage in BEFORE_COMMIT:
        assert_opens_with(path, PASSPHRASE, facts)
        with pytest.raises(WrongPassphrase):
            Workspace.open(copy, NEW_PASSPHRASE)
    else:
        assert_opens_with(path, NEW_PASSPHRASE, facts)
        with pytest.raises(WrongPassphrase):
            Workspace.open(copy, PASSPHRASE)
    names = {p.name for p in path.iterdir()}
    assert not names & {rekey.JOURNAL, rekey.STAGED_DB, rekey.STAGED_KEY, rekey.STAGED_BLOBS}


def test_open_waits_for_a_change_running_in_another_process(
    world: tuple[Path, dict[str, Any]],
) -> None:
    """A live process owning the journal is not rolled back under its feet."""
    import json
    import os
    import socket

    from aces_desktop.core.errors import AcesError

    path, facts = world
    sleeper = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE
    )
    try:
        (path / rekey.STAGED_KEY).write_text("staged by the other process")
        (path / rekey.JOURNAL).write_text(
            json.dumps({"state": "preparing", "pid": sleeper.pid, "host": socket.gethostname()})
        )
        with pytest.raises(AcesError, match=f"running \\(process {sleeper.pid}\\)"):
            Workspace.open(path, PASSPHRASE)
        assert (path / rekey.STAGED_KEY).exists()
    finally:
        assert sleeper.stdin is not None
        sleeper.stdin.close()
        sleeper.wait(timeout=30)
    assert os.getpid() != sleeper.pid
    assert_opens_with(path, PASSPHRASE, facts)  # the owner is gone: rolled back
    assert not (path / rekey.STAGED_KEY).exists()
