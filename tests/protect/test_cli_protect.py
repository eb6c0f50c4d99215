"""The protection commands as scripts run them: real processes, exit codes, messages."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

from tests.conftest import PASSPHRASE
from tests.helpers import run_aces
from tests.protect.support import NEW_PASSPHRASE, assert_opens_with


def aces(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_aces(*args, env=env)


def test_passphrase_change_from_file_and_env(
    world: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    path, facts = world
    new_file = tmp_path / "new.txt"
    new_file.write_text(NEW_PASSPHRASE + "\n")
    run = aces(
        "passphrase",
        "change",
        "--workspace",
        str(path),
        "--new-passphrase-file",
        str(new_file),
        "--json",
        env={"ACES_PASSPHRASE": PASSPHRASE},
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {
        "new_db_key": True,
        "blobs_reencrypted": 2,
        "recovery_outdated": True,
    }
    assert_opens_with(path, NEW_PASSPHRASE, facts)
    back = aces(
        "passphrase",
        "change",
        "--workspace",
        str(path),
        "--keep-db-key",
        env={"ACES_PASSPHRASE": NEW_PASSPHRASE, "ACES_NEW_PASSPHRASE": PASSPHRASE},
    )
    assert back.returncode == 0, back.stderr
    assert "The passphrase was changed." in back.stdout
    assert_opens_with(path, PASSPHRASE, facts)


def test_passphrase_change_refusals(world: tuple[Path, dict[str, Any]]) -> None:
    path, facts = world
    none = aces(
        "passphrase", "change", "--workspace", str(path), env={"ACES_PASSPHRASE": PASSPHRASE}
    )
    assert none.returncode == 1 and "No new passphrase given" in none.stderr
    wrong = aces(
        "passphrase",
        "change",
        "--workspace",
        str(path),
        env={"ACES_PASSPHRASE": "nope", "ACES_NEW_PASSPHRASE": NEW_PASSPHRASE},
    )
    assert wrong.returncode == 1 and "Wrong passphrase" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    assert_opens_with(path, PASSPHRASE, facts)


def test_pii_list_and_acknowledge(world: tuple[Path, dict[str, Any]]) -> None:
    from aces_desktop.store.workspace import Workspace
    from tests.helpers import add

    path, facts = world
    with Workspace.open(path, PASSPHRASE) as ws:
        nid = add(
            ws,
            "worker_note",
            site_id=facts["ids"]["site"],
            pseudonym="W-9",
            consent_scope="coordinator",
            narrative="我叫王小明，手机13812345678",
        )
    env = {"ACES_PASSPHRASE": PASSPHRASE}
    listed = aces("pii", "list", "--workspace", str(path), "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert [r["id"] for r in rows] == [nid]
    assert [f["kind"] for f in rows[0]["found"]] == ["name", "phone"]
    assert "王小明" not in listed.stdout
    ack = aces("pii", "acknowledge", nid, "--workspace", str(path), env=env)
    assert ack.returncode == 0, ack.stderr
    again = aces("pii", "list", "--workspace", str(path), env=env)
    assert "No worker note is waiting" in again.stdout
