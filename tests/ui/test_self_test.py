"""`aces-desktop --self-test` as support staff run it: a real process, a verdict, an exit code."""

from __future__ import annotations

import os
import subprocess
import sys


def test_self_test_passes_and_names_every_check() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "aces_desktop.ui.app", "--self-test"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for name in ("Main window", "Encrypted database", "PDF signing", "Sync bundle round trip"):
        assert f"[ok] {name}" in done.stdout
    assert "all checks passed (5)" in done.stdout
