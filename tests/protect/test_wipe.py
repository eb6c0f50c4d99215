"""Emergency wipe: keys first, then every file; copies taken before cannot be opened."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from aces_desktop.core.errors import AcesError
from aces_desktop.store import wipe
from aces_desktop.store.workspace import Workspace
from tests.conftest import PASSPHRASE
from tests.protect.support import NEW_PASSPHRASE


def test_wipe_removes_everything_and_old_copies_do_not_open(
    world: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, facts = world
    # Leave traces of every kind: a throttle counter and a copied-before snapshot.
    with pytest.raises(AcesError):
        Workspace.open(path, "wrong")
    copy = tmp_path / "copied-before"
    shutil.copytree(path, copy)
    key_copy = (copy / "workspace.key").read_bytes()
    (copy / "workspace.key").unlink()  # the attacker has the data files, not the key file
    ws = Workspace.open(path, PASSPHRASE)
    with pytest.raises(AcesError, match="does not match"):
        wipe.wipe_workspace(ws, "Protect tes")
    ws.close()
    assert path.exists()
    ws = Workspace.open(path, PASSPHRASE)
    report = wipe.wipe_workspace(ws, "Protect test")
    assert report.keys_destroyed == 1 and report.left_in_place == []
    assert not path.exists()
    assert report.files_removed >= 3  # database + two blobs
    # The copy of database and blobs without the key file cannot be opened.
    with pytest.raises(AcesError, match=r"key file .* is missing"):
        Workspace.open(copy, PASSPHRASE)
    # Honest limit: a copy of the key file taken before the wipe still opens the copy.
    (copy / "workspace.key").write_bytes(key_copy)
    with Workspace.open(copy, PASSPHRASE) as ws2:
        assert ws2.state_hash() == facts["state_hash"]


def test_keys_are_destroyed_before_anything_else(
    world: tuple[Path, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the wipe dies right after the key step, the workspace is already unreadable."""
    path, _ = world
    real_overwrite = wipe._overwrite
    calls: list[str] = []

    def overwrite_then_die(p: Path) -> None:
        real_overwrite(p)
        calls.append(p.name)
        if p.name.startswith("workspace.db"):
            raise KeyboardInterrupt  # power cut after the first data file

    monkeypatch.setattr(wipe, "_overwrite", overwrite_then_die)
    with pytest.raises(KeyboardInterrupt):
        wipe.destroy(path)
    assert calls[0] == "workspace.key"
    assert not (path / "workspace.key").exists()
    with pytest.raises(AcesError):
        Workspace.open(path, PASSPHRASE)


def test_wipe_keeps_foreign_files_and_says_so(world: tuple[Path, dict[str, Any]]) -> None:
    path, _ = world
    (path / "my-notes.txt").write_text("not ACES")
    report = wipe.destroy(path)
    assert report.left_in_place == ["my-notes.txt"]
    assert sorted(p.name for p in path.iterdir()) == ["my-notes.txt"]


def test_wipe_refuses_a_folder_that_is_not_a_workspace(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(AcesError, match="not an ACES workspace"):
        wipe.destroy(tmp_path)
    assert (tmp_path / "x.txt").exists()


def test_cli_wipe(world: tuple[Path, dict[str, Any]]) -> None:
    path, _ = world

    def aces(*args: str, pw: str = PASSPHRASE) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "aces_desktop", "--workspace", str(path), *args],
            capture_output=True,
            text=True,
            env={**os.environ, "ACES_PASSPHRASE": pw},
            timeout=300,
            check=False,
            stdin=subprocess.DEVNULL,
        )

    missing = aces("wipe")
    assert missing.returncode == 2  # --confirm is required: usage error
    wrong_name = aces("wipe", "--confirm", "protect test")
    assert wrong_name.returncode == 1 and "does not match" in wrong_name.stderr
    wrong_pass = aces("wipe", "--confirm", "Protect test", pw=NEW_PASSPHRASE)
    assert wrong_pass.returncode == 1 and "Wrong passphrase" in wrong_pass.stderr
    assert path.exists()
    done = aces("wipe", "--confirm", "Protect test", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["keys_destroyed"] == 1
    assert not path.exists()
