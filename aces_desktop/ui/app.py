"""``aces-desktop``: start-up, the start and unlock dialogs, and the main window.

Options: ``--demo`` opens (creating it on first use) the demo workspace in the data folder;
``--workspace DIR`` asks for that workspace's passphrase; ``--rtl`` lays the window out
right to left; ``--language`` overrides the language setting for this run.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from aces_desktop.ui.controller import Controller

NO_DISPLAY = (
    "ACES Desktop needs a graphical display, and none was found (DISPLAY and WAYLAND_DISPLAY "
    "are not set). Start it from a desktop session, or use the 'aces' command line tool."
)


def display_available() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in ("offscreen", "minimal", "vnc"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="aces-desktop", description="ACES Desktop")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--demo",
        nargs="?",
        const=True,
        default=None,
        metavar="DIR",
        help="open the demo workspace (or the one in DIR, e.g. demo-out/workspace)",
    )
    where.add_argument("--workspace", type=Path, metavar="DIR", help="open this workspace")
    parser.add_argument("--rtl", action="store_true", help="lay out right to left")
    parser.add_argument("--language", choices=["en", "zh_CN", "ug"], help="interface language")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation (database, encryption, signing, sync, main window)",
    )
    parser.add_argument(
        "--exit-when-shown", action="store_true", help=argparse.SUPPRESS
    )  # start-up benchmark: quit as soon as the main window is on screen
    parser.add_argument(
        "--kdf-after-imports", action="store_true", help=argparse.SUPPRESS
    )  # start-up benchmark: derive the demo's key after the imports, not alongside them
    return parser.parse_args(argv)


# Imported by name: build_installer.spec lists them as hidden imports (a test checks it).
# What the first list needs: no SQLAlchemy (``db.FileReader``; ``store.workspace.load_orm``).
DATA_LAYER = ("aces_desktop.store.workspace", "aces_desktop.store.listing")


def _import_data_layer() -> None:
    """Import the data layer before PySide6: modules imported after it pass through its
    import hook (see ``_skip_feature_scan``)."""
    for name in DATA_LAYER:
        importlib.import_module(name)


def _skip_feature_scan() -> None:
    """PySide6 replaces ``__import__`` to support ``from __feature__ import snake_case``
    and, after every import, reads the imported module's source to see whether it names
    PySide6 (``shibokensupport.feature._mod_uses_pyside``): a third more on every module
    imported after Qt (the UI, the ORM loaded in the background, each page built later).
    ACES uses no ``__feature__``; the modules that use PySide are ours and its own, known
    by name, so the scan looks at the name instead of the source. Nothing changes if that
    private function is not there (another PySide6 version)."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and callable(getattr(feature, "_mod_uses_pyside", None)):

        def uses_pyside(module: object) -> bool:
            name = str(getattr(module, "__name__", ""))
            return name.partition(".")[0] in PYSIDE_USERS

        setattr(feature, "_mod_uses_pyside", uses_pyside)  # noqa: B010 - a private name


PYSIDE_USERS = frozenset({"aces_desktop", "PySide6", "shiboken6"})

# Read by Qt when it first needs them: set before the QApplication is made.
QT_ENVIRONMENT = {
    # Qt's raster engine hands every fill or line of more than ~96 scan lines to a pool of
    # threads and waits for them. A scroll bar drawn by the Fusion style is a few tall, thin
    # gradients and outlines: one repaint of a list's scroll bars sent ~200 such tasks to
    # the pool and took 1.2 ms, 0.27 ms drawn in the GUI thread (measured on 2 cores; a
    # list page's repaint 1.6 ms against 0.46 ms, the same at 3840x2160). What the pool
    # still helps with here, scaling a photo's preview and thumbnail, took 11 ms without it
    # against 9 ms, after 140 ms decoding the photo.
    "QT_NO_GUI_THREADPOOL": "1",
}


def prepare_qt() -> None:
    """Qt's settings from the environment (``QT_ENVIRONMENT``), unless set already."""
    for name, value in QT_ENVIRONMENT.items():
        os.environ.setdefault(name, value)


def _show_crash(text: str) -> None:
    """A crash reaches the user once, as a message without any record content."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, "ACES Desktop", text)


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    if getattr(sys, "frozen", False):  # batch export workers in the frozen app
        import multiprocessing

        multiprocessing.freeze_support()
    args = parse_args(sys.argv[1:] if argv is None else argv)
    prepare_qt()
    if args.self_test:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a verdict, not a window
        from aces_desktop.ui.self_test import run

        return run()
    if not display_available():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    if args.demo and not args.kdf_after_imports:
        # Its passphrase is known: derive its key (Argon2id, a quarter of a second by
        # design) in a thread while the data layer and Qt are imported.
        from aces_desktop.store import keyfile, paths

        folder = paths.demo_workspace() if args.demo is True else Path(args.demo)
        keyfile.derive_ahead(folder / "workspace.key", paths.DEMO_PASSPHRASE)
    _import_data_layer()
    from PySide6.QtWidgets import QApplication

    _skip_feature_scan()
    from aces_desktop.ui.controller import Controller

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)
    app.setApplicationName("ACES Desktop")
    app.setOrganizationName("ACES")
    from aces_desktop.core.logging import install_excepthook, setup_logging
    from aces_desktop.ui.privacy import harden_qt

    harden_qt()  # Qt's own settings and caches: in our folder, in memory, no evidence
    setup_logging()
    install_excepthook(show=_show_crash)
    controller = Controller(app, rtl=args.rtl, language=args.language)
    if args.exit_when_shown:
        from aces_desktop.store import keyfile

        def shown() -> None:
            # Time to the main window, the key derivation (Argon2id) and how long the
            # unlock waited for it (all of it unless it was derived during the imports).
            seconds = time.perf_counter() - started
            kdf, wait = keyfile.last_derive_seconds, keyfile.last_derive_wait
            print(f"shown {seconds:.3f} kdf {kdf:.3f} wait {wait:.3f}", flush=True)
            _quit_when_loaded(app, controller, started)

        controller.window_shown.connect(shown)
    if args.demo:
        controller.open_demo(None if args.demo is True else Path(args.demo))
    elif args.workspace:
        controller.open_path(args.workspace)
    else:
        controller.open_default()
    return int(app.exec())


def _quit_when_loaded(app: QApplication, controller: Controller, started: float) -> None:
    """After ``shown``: wait for the ORM loading in the background, measuring the longest
    the event loop went unanswered meanwhile (a timer firing whenever the loop is free),
    print ``loaded S stall MS`` and quit (start-up benchmark)."""
    from PySide6.QtCore import QTimer

    timer = QTimer(app)
    timer.setInterval(0)
    last = [time.perf_counter(), 0.0]

    def tick() -> None:
        now = time.perf_counter()
        last[1] = max(last[1], now - last[0])
        last[0] = now
        loader = controller.loader
        if loader is not None and not loader.is_alive():
            timer.stop()
            loaded = now - started
            print(f"loaded {loaded:.3f} stall {last[1] * 1000:.1f}", flush=True)
            app.quit()

    timer.timeout.connect(tick)
    timer.start()


if __name__ == "__main__":
    sys.exit(main())
