#!/usr/bin/env python3
"""Write PNGs of every page of the GUI, on a fresh demo workspace, to docs/screenshots/.

    QT_QPA_PLATFORM=offscreen python scripts/screenshots.py [--out DIR]

Runs offscreen; settings and the demo workspace go to a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="aces-shots-") as tmp:
        os.environ["ACES_HOME"] = tmp
        return shoot(args.out)


def shoot(out: Path) -> int:
    from PySide6.QtCore import QCoreApplication, Qt, QThreadPool
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QWidget

    from aces_desktop.demo_data import DEMO_PASSPHRASE, DemoOptions, fill_demo
    from aces_desktop.store.paths import demo_workspace
    from aces_desktop.store.workspace import Workspace
    from aces_desktop.ui import i18n
    from aces_desktop.ui.features import install_features
    from aces_desktop.ui.main_window import MainWindow
    from aces_desktop.ui.settings import Settings
    from aces_desktop.ui.settings_dialog import SettingsDialog
    from aces_desktop.ui.start_dialog import StartDialog

    app = QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    app.setFont(QFont(["Noto Sans", "DejaVu Sans", "WenQuanYi Micro Hei"], 10))
    i18n.set_language(app, "en")
    out.mkdir(parents=True, exist_ok=True)
    settings = Settings()
    ws = Workspace.create(demo_workspace(), DEMO_PASSPHRASE, role="coordinator", name="ACES demo")
    fill_demo(ws, DemoOptions())
    settings.add_recent(ws.path)

    def save(widget: QWidget, name: str) -> None:
        for _ in range(3):  # background work (scoring, counts) finishes and is shown
            QCoreApplication.processEvents()
            QThreadPool.globalInstance().waitForDone(60_000)
            QCoreApplication.processEvents()
        path = out / f"{name}.png"
        widget.grab().save(str(path), "PNG", 9)
        print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    start = StartDialog(settings.recent())
    start.resize(620, 460)
    start.show()
    save(start, "start")
    start.pages.setCurrentIndex(1)
    start.name.setText("Dhaka field team")
    start.passphrase.setText("purple river seven lanterns")
    start.confirm.setText("purple river seven lanterns")
    save(start, "create-workspace")
    start.close()

    # A field laptop enrolled with this coordinator sent a bundle (shown on the Sync page).
    from scripts.make_demo import field_round_trip

    field_round_trip(ws, Path(os.environ["ACES_HOME"]) / "field")

    window = MainWindow(ws, settings)
    features = install_features(window)
    window.resize(1360, 820)
    window.show()
    for key in window.pages:
        window.show_page(key)
        page = window.current_list()
        if key == "visits":
            visits = window.list_page("visit")
            visits.select_row(0)
            save(window, "visits")
            window.pages[key].widget.setCurrentIndex(1)  # type: ignore[attr-defined]
            page = window.current_list()
            key = "findings"
        if page is not None and page.model.rowCount():
            page.select_row(0)
        save(window, key.replace("_", "-"))

    sites = window.list_page("site")
    window.show_page("sites")
    for ch in "纺织":
        sites.search.insert(ch)
    sites.apply_search()
    sites.select_row(0)
    save(window, "search-chinese")
    sites.search.clear()
    sites.apply_search()

    ratings = features.menus.ratings
    window.show_page("ratings")
    explained = [r for r in ratings.results.values() if r.kind == "site" and r.risk_level == 4]
    if explained:
        ratings.select_subject(explained[0].subject_id)
        ratings.explanation.expandToDepth(1)
        save(window, "ratings")
        ratings.tabs.setCurrentWidget(ratings.charts)
        sizes = ratings.splitter.sizes()
        ratings.splitter.setSizes([sum(sizes) - 130, 130])  # the splitter dragged down
        save(window, "ratings-charts")
        ratings.splitter.setSizes(sizes)
        ratings.tabs.setCurrentWidget(ratings.site_table)
    shoot_forms(window, features.editing, save)
    shoot_scorecard(ws, out)

    dialog = SettingsDialog(settings, window)
    dialog.show()
    save(dialog, "settings")
    dialog.close()

    i18n.set_language(app, "zh_CN")
    sites.select_row(1)
    save(window, "sites-zh")
    i18n.set_language(app, "en")
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    save(window, "sites-rtl")
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

    window.lock()
    save(window, "locked")
    window.close()
    ws.close()
    return 0


def shoot_forms(window: Any, editing: Any, save: Callable[[Any, str], None]) -> None:
    """The record form of a site and the keyboard checklist of the visit logger."""
    sites = window.list_page("site")
    window.show_page("sites")
    sites.select_row(0)
    site_id = sites.selected_id()
    form = editing.edit_record("site", site_id)
    form.resize(640, 700)
    save(form, "record-form")
    form.reject()
    dialog = editing.log_visit()
    logger = dialog.widget
    dialog.resize(980, 720)
    logger.site.set_value(site_id)
    logger.site.edited.emit()
    logger.method.set_value("unannounced")
    logger.next_button.click()
    checklist = logger.checklist
    for row, grade in enumerate((2, 0, 3, 1, 0, None, 2, 0, 0, 1, 3)):
        if grade is not None:
            checklist.set_grade(row, grade)
    save(dialog, "visit-logger")
    dialog.reject()


def shoot_scorecard(ws: Any, out: Path) -> None:
    """The first page of a signed site scorecard, rendered by poppler."""
    import shutil
    import subprocess
    import tempfile

    from sqlalchemy import select

    from aces_desktop.reports.scorecard_export import export_scorecard, score_results
    from aces_desktop.store import models as m

    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is missing: no scorecard image", file=sys.stderr)
        return
    with ws.session() as s:
        published = set(s.scalars(select(m.Site.id).where(m.Site.disclosure == "full")))
    results = [
        r
        for r in score_results(ws, "site")
        if r.get("risk_level") == 4 and r["subject_id"] in published
    ]
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "site.pdf"
        export_scorecard(ws, results[0], pdf, sign=True)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(out / "scorecard-site"),
            ],
            check=True,
        )
    print(out / "scorecard-site.png")


if __name__ == "__main__":
    sys.exit(main())
