"""The installer build: PyInstaller one-folder app, run from dist/ with no Python on the PATH."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(2400)]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    work = tmp_path_factory.mktemp("build")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "build_installer.py"),
            "--dist",
            str(out),
            "--work",
            str(work),
        ],
        check=True,
        timeout=1200,
    )
    return out


def frozen_env(home: Path) -> dict[str, str]:
    """No virtual environment, no Python on the PATH: only the system's basic tools."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "ACES_HOME": str(home / "aces-home"),
        "ACES_PASSPHRASE": "frozen build passphrase",
        "QT_QPA_PLATFORM": "offscreen",
        "LANG": "C.UTF-8",
    }
    if "TMPDIR" in os.environ:
        env["TMPDIR"] = os.environ["TMPDIR"]
    return env


def run(exe: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(exe), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
        cwd=env["HOME"],
    )


def test_archive_and_checksum(dist: Path) -> None:
    archives = sorted(dist.glob("aces-desktop-*.tar.gz"))
    assert len(archives) == 1
    archive = archives[0]
    recorded = (dist / (archive.name + ".sha256")).read_text().split()[0]
    assert recorded == hashlib.sha256(archive.read_bytes()).hexdigest()
    with tarfile.open(archive) as tf:
        names = set(tf.getnames())
    for member in ("aces", "aces-desktop", "aces-desktop.desktop", "aces-desktop.png"):
        assert f"aces-desktop/{member}" in names
    assert any(n.startswith("aces-desktop/_internal/db/versions/0001") for n in names)
    assert any(n.endswith("resources/methodology/rubric-v1.toml") for n in names)
    # Unused Qt modules stay out (WebEngine alone would be hundreds of MB).
    assert not any("QtWebEngine" in n or "Qt3D" in n or "QtMultimedia" in n for n in names)


def test_frozen_cli_and_self_test(dist: Path, tmp_path: Path) -> None:
    app = dist / "aces-desktop"
    env = frozen_env(tmp_path)
    version = run(app / "aces", "--version", env=env)
    assert version.returncode == 0, version.stderr
    assert "0." in version.stdout

    ws = str(tmp_path / "ws")
    init = run(
        app / "aces",
        "init",
        "--role",
        "coordinator",
        "--name",
        "Frozen",
        "--workspace",
        ws,
        env=env,
    )
    assert init.returncode == 0, init.stderr
    demo = run(app / "aces", "demo", "--observations", "2000", "--workspace", ws, env=env)
    assert demo.returncode == 0, demo.stderr
    score = run(app / "aces", "score", "--json", "--workspace", ws, env=env)
    assert score.returncode == 0, score.stderr
    scored = json.loads(score.stdout)
    assert scored["count"] == len(scored["results"]) > 0, "the frozen app scored nothing"
    assert {r["kind"] for r in scored["results"]} == {"initiative", "company", "site"}

    self_test = run(app / "aces-desktop", "--self-test", env=env)
    assert self_test.returncode == 0, self_test.stdout + self_test.stderr
    assert "all checks passed (5)" in self_test.stdout
