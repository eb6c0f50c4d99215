"""The `aces` command line as coordinators script it: real processes, exit codes, JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PASSPHRASE
from tests.helpers import run_aces


def aces(
    *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return run_aces(*args, env=env, stdin=stdin)


@pytest.fixture
def pass_env() -> dict[str, str]:
    return {"ACES_PASSPHRASE": PASSPHRASE}


def assert_clean_failure(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert result.returncode == 1, result.stderr
    assert fragment in result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout


def test_init_info_demo(tmp_path: Path, pass_env: dict[str, str]) -> None:
    ws = str(tmp_path / "ws")
    created = aces(
        "--workspace", ws, "init", "--role", "field", "--name", "Hotan team", "--json", env=pass_env
    )
    assert created.returncode == 0, created.stderr
    info = json.loads(created.stdout)
    assert info["role"] == "field" and info["name"] == "Hotan team"
    demo = aces(
        "demo",
        "--workspace",
        ws,
        "--sites",
        "6",
        "--observations",
        "300",
        "--seed",
        "3",
        "--json",
        env=pass_env,
    )
    assert demo.returncode == 0, demo.stderr
    made = json.loads(demo.stdout)
    assert made["created"]["finding"] == 300 and made["created"]["site"] == 6
    shown = aces("info", "--workspace", ws, "--json", env=pass_env)
    data = json.loads(shown.stdout)
    assert data["counts"]["finding"] == 300
    assert data["state_hash"] == made["state_hash"]
    assert {
        "role",
        "schema_version",
        "device_id",
        "key_fingerprint",
        "counts",
        "state_hash",
    } <= set(data)
    text = aces("info", "--workspace", ws, env=pass_env)
    assert "State hash:" in text.stdout and "finding" in text.stdout


def test_demo_is_deterministic_for_a_seed(tmp_path: Path, pass_env: dict[str, str]) -> None:
    hashes = []
    for name in ("a", "b"):
        result = aces(
            "demo",
            "--workspace",
            str(tmp_path / name),
            "--sites",
            "5",
            "--observations",
            "200",
            "--seed",
            "9",
            "--json",
            env=pass_env,
        )
        assert result.returncode == 0, result.stderr
        hashes.append(json.loads(result.stdout)["state_hash"])
    other = aces(
        "demo",
        "--workspace",
        str(tmp_path / "c"),
        "--sites",
        "5",
        "--observations",
        "200",
        "--seed",
        "10",
        "--json",
        env=pass_env,
    )
    assert hashes[0] == hashes[1] != json.loads(other.stdout)["state_hash"]


def test_passphrase_file_and_environment(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    assert (
        aces(
            "init", "--workspace", ws, "--role", "coordinator", "--passphrase-file", str(secret)
        ).returncode
        == 0
    )
    assert aces("info", "--workspace", ws, "--passphrase-file", str(secret)).returncode == 0
    env_ws = aces("info", env={"ACES_WORKSPACE": ws, "ACES_PASSPHRASE": PASSPHRASE})
    assert env_ws.returncode == 0 and "coordinator" in env_ws.stdout
    assert_clean_failure(
        aces("info", "--workspace", ws, env={"ACES_PASSPHRASE": ""}, stdin=""),
        "No passphrase given",
    )


def test_refusals_exit_1_without_traceback(tmp_path: Path, pass_env: dict[str, str]) -> None:
    ws = str(tmp_path / "ws")
    assert aces("init", "--workspace", ws, "--role", "field", env=pass_env).returncode == 0
    assert_clean_failure(
        aces("info", "--workspace", ws, env={"ACES_PASSPHRASE": "wrong"}), "Wrong passphrase"
    )
    assert_clean_failure(
        aces("info", "--workspace", str(tmp_path / "none"), env=pass_env), "There is no workspace"
    )
    assert_clean_failure(
        aces("init", "--workspace", ws, "--role", "field", env=pass_env), "already exists"
    )
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "aces-import", "version": 1, "sites": [{"name": "X", "country": "China"}]}'
    )
    result = aces("import", str(bad), "--workspace", ws, env=pass_env)
    assert_clean_failure(result, "sites[0], field 'country'")
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\xff\xfe garbage")
    assert_clean_failure(
        aces("import", str(garbage), "--workspace", ws, env=pass_env), "not valid UTF-8"
    )


def test_newer_schema_refused_by_cli(tmp_path: Path, pass_env: dict[str, str]) -> None:
    from sqlalchemy import text

    from aces_desktop.store.workspace import Workspace

    path = tmp_path / "ws"
    with (
        Workspace.create(path, PASSPHRASE, role="field", name="x") as ws,
        ws.engine.begin() as conn,
    ):
        conn.execute(text("UPDATE alembic_version SET version_num = '0999_future'"))
    assert_clean_failure(
        aces("info", "--workspace", str(path), env=pass_env), "newer version of ACES Desktop"
    )


def test_import_command(tmp_path: Path, pass_env: dict[str, str]) -> None:
    ws = str(tmp_path / "ws")
    assert aces("init", "--workspace", ws, "--role", "coordinator", env=pass_env).returncode == 0
    path = tmp_path / "sites.csv"
    path.write_text(
        "name,country\n石河子明达纺织有限公司,CN\nFaisalabad Textiles,PK\n", encoding="utf-8"
    )
    result = aces("import", str(path), "--workspace", ws, "--json", env=pass_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["created"] == {"site": 2}


def test_usage_errors_exit_2() -> None:
    assert aces("no-such-command").returncode == 2
    assert aces("init", "--role", "emperor").returncode == 2
    assert aces("demo", "--observations", "-5").returncode == 2


def test_version_and_help() -> None:
    assert "aces" in aces("--version").stdout
    listing = aces("--help").stdout
    for command in ("init", "info", "demo", "import"):
        assert command in listing
