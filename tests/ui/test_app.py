"""``aces-desktop`` as a process: no display, and the demo start-up path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from aces_desktop.store import paths
from aces_desktop.store.workspace import is_workspace


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env["ACES_HOME"] = str(tmp_path / "home")
    env.update(extra)
    return env


def test_without_a_display_it_says_so_and_exits_1(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "aces_desktop.ui.app", "--demo"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "needs a graphical display" in result.stderr
    assert "Traceback" not in result.stderr


def _shown(env: dict[str, str], *args: str) -> None:
    """Start the app offscreen with ``args``; it must reach its main window."""
    result = subprocess.run(
        [sys.executable, "-m", "aces_desktop.ui.app", *args, "--exit-when-shown"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("shown ")


def test_demo_opens_the_main_window(tmp_path: Path) -> None:
    env = _env(tmp_path, QT_QPA_PLATFORM="offscreen")
    _shown(env, "--demo")
    demo = Path(env["ACES_HOME"]) / "data" / "workspaces" / "demo"
    assert is_workspace(demo)
    assert paths.demo_workspace().name == demo.name
    settings = (Path(env["ACES_HOME"]) / "config" / "settings.ini").read_text(encoding="utf-8")
    assert str(demo) in settings
    assert "aces demo workspace" not in settings


def test_make_run_opens_the_workspace_of_make_demo(tmp_path: Path) -> None:
    """One demo organisation (issue 16): `make run` opens the workspace `make demo` writes
    (so its scorecards verify against the same organisation CA), not a second demo."""
    from aces_desktop.demo_data import DEMO_PASSPHRASE
    from aces_desktop.store.workspace import Workspace
    from tests.conftest import CHEAP_KDF

    makefile = (Path(__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    run_recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "--demo $(DEMO_DIR)/workspace" in run_recipe
    assert "$(MAKE) --no-print-directory demo" in run_recipe
    folder = tmp_path / "demo-out" / "workspace"
    Workspace.create(
        folder, DEMO_PASSPHRASE, role="coordinator", name="made by make demo", kdf=CHEAP_KDF
    ).close()
    _shown(_env(tmp_path, QT_QPA_PLATFORM="offscreen"), "--demo", str(folder))
    assert not list((tmp_path / "home").rglob("workspaces/demo"))  # no second demo made
