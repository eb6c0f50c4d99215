"""``aces-desktop`` as a process: no display, and the demo start-up path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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


def _shown(env: dict[str, str], *args: str) -> str:
    """Start the app offscreen with ``args``; it must reach its main window (its line)."""
    result = subprocess.run(
        [sys.executable, "-m", "aces_desktop.ui.app", *args, "--exit-when-shown"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("shown ")
    return result.stdout


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
    line = _shown(_env(tmp_path, QT_QPA_PLATFORM="offscreen"), "--demo", str(folder))
    assert not list((tmp_path / "home").rglob("workspaces/demo"))  # no second demo made
    # Its key was derived during the imports, so the unlock waited for part of it at most.
    words = line.split()
    assert words[2] == "kdf" and words[4] == "wait"
    assert 0 <= float(words[5]) <= float(words[3])
    words = _shown(
        _env(tmp_path, QT_QPA_PLATFORM="offscreen"), "--demo", str(folder), "--kdf-after-imports"
    ).split()
    assert words[5] == words[3]  # derived at the unlock: waited for all of it


# Imported only when the page or action needing them is used (docs/gui-development.md).
HEAVY = (
    "reportlab",
    "pyhanko",
    "PySide6.QtCharts",
    "pyrage",
    "zxcvbn",
    "aces_desktop.reports.pki",
    "aces_desktop.ui.ratings",
    "aces_desktop.ui.sync_page",
    "aces_desktop.ui.forms.record_editor",
    "alembic",
)
# Loaded in a thread once the window is shown (``store.workspace.load_orm``): the workspace
# file is opened and the first list read through DB-API connections (``db.FileReader``).
ORM = ("sqlalchemy", "sqlalchemy.orm", "aces_desktop.store.models", "aces_desktop.store.records")
PROBE = (
    "import sys\n"
    "from aces_desktop.ui import controller\n"
    "from aces_desktop.ui.app import main\n"
    "seen = []\n"
    "show_main = controller.Controller.show_main\n"
    "def probe(self, workspace):\n"
    "    self.window_shown.connect(\n"
    "        lambda: seen.append([m for m in sys.argv[2:] if m in sys.modules]))\n"
    "    show_main(self, workspace)\n"
    "controller.Controller.show_main = probe\n"
    "code = main(['--demo', sys.argv[1], '--exit-when-shown'])\n"
    "print('loaded', *seen[0])\n"
    "print('later', *[m for m in sys.argv[2:] if m in sys.modules])\n"
    "sys.exit(code)\n"
)


def test_a_freshly_started_main_window_has_not_imported_the_heavy_modules(
    tmp_path: Path,
) -> None:
    """Start-up (issue 20): reports, sync, charts and forms wait until they are used, and
    the ORM until the window is up."""
    from aces_desktop.demo_data import DEMO_PASSPHRASE, DemoOptions, fill_demo
    from aces_desktop.store.workspace import Workspace
    from tests.conftest import CHEAP_KDF

    folder = tmp_path / "demo"
    ws = Workspace.create(folder, DEMO_PASSPHRASE, role="coordinator", name="demo", kdf=CHEAP_KDF)
    fill_demo(ws, DemoOptions(sites=4, observations=50))
    ws.close()
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder), *HEAVY, *ORM, "aces_desktop.ui.list_page"],
        env=_env(tmp_path, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    shown, background, loaded, later = result.stdout.splitlines()[:4]
    assert shown.startswith("shown ") and " kdf " in shown
    # When the window is shown with its first list, neither the heavy modules nor the ORM
    # are there. The probe sees the first page's modules, so it is not a blind check.
    assert loaded.split()[1:] == ["aces_desktop.ui.list_page"]
    # The ORM was then loaded in the background, with the event loop answering meanwhile,
    # and what the detail pane's first record needs (its provenance reads age's errors).
    words = background.split()
    assert words[0] == "loaded" and words[2] == "stall" and float(words[3]) >= 0
    assert sorted(later.split()[1:]) == sorted([*ORM, "pyrage", "aces_desktop.ui.list_page"])


FEATURE_PROBE = (
    "import inspect, sys\n"
    "import PySide6.QtWidgets\n"
    "from aces_desktop.ui.app import _skip_feature_scan\n"
    "_skip_feature_scan()\n"
    "def no_source(*args, **kwargs):\n"
    "    raise AssertionError('source read')\n"
    "inspect.getsource = no_source\n"
    "import colorsys\n"
    "from aces_desktop.ui.lock import IdleWatcher\n"
    "from PySide6.QtCore import Qt\n"
    "features = sys.modules['shibokensupport.feature'].pyside_feature_dict\n"
    "print(features['colorsys'], features['aces_desktop.ui.lock'], Qt.AlignmentFlag.AlignLeft.name)\n"
)


def test_modules_imported_after_qt_are_not_read_for_pyside_features(tmp_path: Path) -> None:
    """Start-up (issue 20): PySide6's import hook looks at a module's name, not its source."""
    result = subprocess.run(
        [sys.executable, "-c", FEATURE_PROBE],
        env=_env(tmp_path, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # Ignored by the feature switch (-1), ours switched like PySide's own users (0); Qt works.
    assert result.stdout.split() == ["-1", "0", "AlignLeft"]


def test_qt_paints_in_the_gui_thread_unless_told_otherwise(monkeypatch: Any) -> None:
    """Issue 20: Qt's raster pool of threads is off (a scroll bar's repaint sent it ~200
    tasks); a value the user set is kept."""
    from aces_desktop.ui.app import prepare_qt

    monkeypatch.delenv("QT_NO_GUI_THREADPOOL", raising=False)
    prepare_qt()
    assert os.environ["QT_NO_GUI_THREADPOOL"] == "1"
    monkeypatch.setenv("QT_NO_GUI_THREADPOOL", "yes")
    prepare_qt()
    assert os.environ["QT_NO_GUI_THREADPOOL"] == "yes"
