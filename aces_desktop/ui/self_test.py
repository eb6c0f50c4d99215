"""``aces-desktop --self-test``: the main window opens on a temporary workspace, then the
headless checks of ``aces_desktop.install_checks`` run; the verdict is printed, exit 0 only if all
pass. For users and support staff after installing."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from aces_desktop import install_checks
from aces_desktop.core.errors import AcesError


def check_main_window(folder: Path) -> str:
    from aces_desktop.ops import records
    from aces_desktop.store.workspace import Workspace
    from aces_desktop.ui.features import install_features
    from aces_desktop.ui.main_window import MainWindow
    from aces_desktop.ui.settings import Settings

    with Workspace.create(
        folder / "gui-check", install_checks.PASSPHRASE, role="coordinator", name="Self-test"
    ) as ws:
        records.save(ws, "site", {"name": install_checks.CHINESE_NAME, "country": "CN"})
        window = MainWindow(ws, Settings(folder / "settings.ini"))
        install_features(window)
        window.show()
        QApplication.processEvents()
        sites = window.list_page("site")
        sites.reload()
        QApplication.processEvents()
        rows = sites.model.rowCount()
        shown = window.isVisible()
        pages = len(window.pages)
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    if not shown:
        raise AcesError("the main window did not show")
    if rows != 1:
        raise AcesError(f"the site list shows {rows} rows instead of 1")
    return f"main window with {pages} pages opened; site list read from the database"


def run() -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    assert app is not None

    def report(result: install_checks.CheckResult) -> None:
        print(install_checks.format_result(result), flush=True)

    results: list[install_checks.CheckResult] = []
    with tempfile.TemporaryDirectory(prefix="aces-self-test-gui-") as tmp:
        try:
            results.append(
                install_checks.CheckResult("Main window", True, check_main_window(Path(tmp)))
            )
        except Exception as exc:
            message = exc.message if isinstance(exc, AcesError) else repr(exc)
            results.append(install_checks.CheckResult("Main window", False, message))
        report(results[-1])
    results += install_checks.run_checks(report)
    print(install_checks.verdict(results), flush=True)
    return 0 if all(r.ok for r in results) else 1
