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

    shoot_search_and_ratings(window, features, save, "纺织", "search-chinese", "ratings")
    ratings = features.menus.ratings
    if ratings.results:
        ratings.tabs.setCurrentWidget(ratings.charts)
        sizes = ratings.splitter.sizes()
        ratings.splitter.setSizes([sum(sizes) - 130, 130])  # the splitter dragged down
        save(window, "ratings-charts")
        ratings.splitter.setSizes(sizes)
        ratings.tabs.setCurrentWidget(ratings.site_table)
    shoot_assess(app, window, features.menus, save)
    shoot_forms(window, features.editing, save)
    shoot_links(window, features.editing, save)
    shoot_scorecard(ws, out)

    dialog = SettingsDialog(settings, window)
    dialog.show()
    save(dialog, "settings")
    dialog.close()

    i18n.set_language(app, "zh_CN")
    sites = window.list_page("site")
    sites.select_row(1)
    save(window, "sites-zh")
    i18n.set_language(app, "en")
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    save(window, "sites-rtl")
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)

    shoot_uyghur(app, ws, settings, save)
    shoot_scorecard(ws, out, language="ug")

    window.lock()
    save(window, "locked")
    window.close()
    ws.close()
    return 0


def shoot_assess(app: Any, window: Any, menus: Any, save: Callable[[Any, str], None]) -> None:
    """The Assess view of an initiative with an unknown criterion, in English and Chinese,
    and its evidence form."""
    from aces_desktop.ui import i18n

    ratings = menus.ratings
    initiatives = [r for r in ratings.results.values() if r.kind == "initiative"]
    initiatives.sort(key=lambda r: (-sum(c.level is None for c in r.criteria), r.subject_name))
    if not initiatives:
        return
    dialog = menus.assess("initiative", initiatives[0].subject_id)
    dialog.resize(1180, 760)
    save(dialog, "assess")
    i18n.set_language(app, "zh_CN")
    save(dialog, "assess-zh")
    i18n.set_language(app, "en")
    form = dialog.view.add_evidence("S1")
    assert form is not None
    form.source.set_state("document")
    form.fact_widgets["workers_covered"].setText("150000")  # type: ignore[attr-defined]
    form._figure_typed("workers_covered", "150000")
    form.description.setText("Annual report: workers at covered sites")
    save(form, "evidence-form")
    form.reject()
    dialog.reject()


def shoot_search_and_ratings(
    window: Any, features: Any, save: Callable[[Any, str], None], query: str, *names: str
) -> None:
    """A search of the site list, then a site rating explained down to its evidence."""
    sites = window.list_page("site")
    window.show_page("sites")
    sites.search.setText(query)
    sites.apply_search()
    sites.select_row(0)
    save(window, names[0])
    sites.search.clear()
    sites.apply_search()
    from PySide6.QtCore import QCoreApplication, QThreadPool

    ratings = features.menus.ratings
    window.show_page("ratings")
    for _ in range(3):  # scoring runs off the UI thread
        QCoreApplication.processEvents()
        QThreadPool.globalInstance().waitForDone(60_000)
    explained = [r for r in ratings.results.values() if r.kind == "site" and r.risk_level == 4]
    if explained:
        ratings.select_subject(explained[0].subject_id)
        ratings.explanation.expandToDepth(1)
    save(window, names[1])


def shoot_uyghur(app: Any, ws: Any, settings: Any, save: Callable[[Any, str], None]) -> None:
    """Every page in Uyghur, right to left (docs/screenshots/*-ug.png), in a window made
    after the language was chosen, as at start-up with Uyghur in Settings."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFont

    from aces_desktop.demo_data import DEMO_PASSPHRASE
    from aces_desktop.ui import i18n
    from aces_desktop.ui.features import install_features
    from aces_desktop.ui.main_window import MainWindow
    from aces_desktop.ui.settings_dialog import SettingsDialog

    base_font = app.font()
    app.setFont(QFont(["UKIJ Tuz", "Noto Sans Arabic", "Noto Sans", "WenQuanYi Micro Hei"], 10))
    i18n.set_language(app, "ug")
    i18n.set_direction(app, "auto", "ug")
    window = MainWindow(ws, settings)
    features = install_features(window)
    window.resize(1360, 820)
    window.show()
    for key in ("sites", "companies", "visits", "worker_notes", "sync"):
        if key in window.pages:
            window.show_page(key)
            page = window.current_list()
            if page is not None and page.model.rowCount():
                page.select_row(0)
            save(window, f"{key.replace('_', '-')}-ug")
    # ئاقسۇ finds the sites named Aksu / 阿克苏 (search across scripts)
    shoot_search_and_ratings(window, features, save, "ئاقسۇ", "search-ug", "ratings-ug")
    shoot_forms(window, features.editing, save, suffix="-ug")
    dialog = SettingsDialog(settings, window)
    dialog.show()
    save(dialog, "settings-ug")
    dialog.close()
    window.lock()
    save(window, "locked-ug")
    window.try_unlock(DEMO_PASSPHRASE)
    window.close()
    i18n.set_language(app, "en")
    app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    app.setFont(base_font)


def shoot_forms(
    window: Any, editing: Any, save: Callable[[Any, str], None], suffix: str = ""
) -> None:
    """The record form of a site and the keyboard checklist of the visit logger."""
    sites = window.list_page("site")
    window.show_page("sites")
    sites.select_row(0)
    site_id = sites.selected_id()
    form = editing.edit_record("site", site_id)
    form.resize(640, 700)
    save(form, f"record-form{suffix}")
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
    save(dialog, f"visit-logger{suffix}")
    dialog.reject()


def shoot_links(window: Any, editing: Any, save: Callable[[Any, str], None]) -> None:
    """A company's page with its sites and memberships, an initiative's with its members
    and covered sites, and the Persons dialog."""
    for key, type_name, name in (
        ("companies", "company", "links-company"),
        ("initiatives", "initiative", "links-initiative"),
    ):
        page = window.list_page(type_name)
        window.show_page(key)
        lists = page.detail.links.lists.values()
        for row in range(min(page.model.rowCount(), 60)):
            page.select_row(row)
            shown = [lst for lst in lists if lst.isVisible()]
            if shown and all(lst.model.rowCount() for lst in shown):
                break
        save(window, name)
    dialog = editing.persons()
    dialog.resize(860, 460)
    save(dialog, "persons")
    dialog.reject()
    window.show_page("sites")


def shoot_scorecard(ws: Any, out: Path, language: str = "en") -> None:
    """Page 1 of a signed initiative, company and site scorecard (poppler), with rating
    history from backfilled quarter-end snapshots and an organisation logo."""
    import datetime as dt
    import io
    import shutil
    import subprocess
    import tempfile

    from PIL import Image, ImageDraw
    from sqlalchemy import select

    from aces_desktop.reports import issuer
    from aces_desktop.reports.report_language import use_language
    from aces_desktop.reports.scorecard_export import export_scorecard, score_results
    from aces_desktop.store import models as m
    from aces_desktop.store import snapshots

    if shutil.which("pdftoppm") is None:
        print("pdftoppm (poppler-utils) is missing: no scorecard image", file=sys.stderr)
        return
    snapshots.backfill(ws, dt.date.today(), 4)
    logo = Image.new("RGB", (420, 120), "white")
    draw = ImageDraw.Draw(logo)
    draw.rounded_rectangle((4, 4, 116, 116), 18, fill="#1E6B52")
    draw.text((40, 42), "FLM", fill="white", font_size=30)
    draw.text((132, 40), "Fair Labour Monitor", fill="#1B2A24", font_size=28)
    png = io.BytesIO()
    logo.save(png, "PNG")
    issuer.save(ws, issuer.Issuer("Fair Labour Monitor", png.getvalue()))
    with ws.session() as s:
        published = set(s.scalars(select(m.Site.id).where(m.Site.disclosure == "full")))
    picks = {
        "initiative": score_results(ws, "initiative")[0],
        "company": next(r for r in score_results(ws, "company") if r.get("tier")),
        "site": next(
            r
            for r in score_results(ws, "site")
            if r.get("risk_level") == 4 and r["subject_id"] in published
        ),
    }
    with tempfile.TemporaryDirectory() as tmp:
        suffix = "" if language == "en" else f"-{language}"
        for kind, result in picks.items():
            pdf = Path(tmp) / f"{kind}.pdf"
            with use_language(language):
                export_scorecard(ws, result, pdf, sign=True)
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                 str(pdf), str(out / f"scorecard-{kind}{suffix}")],
                check=True,
            )  # fmt: skip
            print(out / f"scorecard-{kind}{suffix}.png")


if __name__ == "__main__":
    sys.exit(main())
