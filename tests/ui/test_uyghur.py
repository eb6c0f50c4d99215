"""The interface in Uyghur: chosen in Settings, right to left, and every page shows Uyghur
text (no English interface string left) — lists, forms, the visit checklist, the rating
explanation, charts and the lock screen. Screenshots of each page are saved and checked."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTabBar,
    QWidget,
)

from aces_desktop.core import terms
from aces_desktop.core.resources import resource_path
from aces_desktop.ui import i18n, interface_language
from aces_desktop.ui import settings as cfg
from aces_desktop.ui.controller import Controller
from aces_desktop.ui.main_window import MainWindow

ARABIC = re.compile(r"[\u0600-\u06FF]")


def _english_sources() -> set[str]:
    """English interface strings whose Uyghur translation differs from them."""
    root = ET.parse(resource_path("i18n", "aces_ug.ts")).getroot()
    out = set()
    for m in root.iter("message"):
        source = m.findtext("source") or ""
        translation = m.find("translation")
        text = "".join(translation.itertext()) if translation is not None else ""
        if source and text and source != text and ARABIC.search(text):
            out.add(source.replace("&", ""))
    return out


ENGLISH = _english_sources()


def _visible_texts(root: QWidget) -> list[str]:
    texts: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) and w is not root:
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QHeaderView) and w.model() is not None:
            model = w.model()
            count = model.columnCount() if w.orientation() == Qt.Orientation.Horizontal else 0
            texts += [str(model.headerData(i, w.orientation()) or "") for i in range(count)]
    return [t.replace("&", "") for t in texts if t]


def _english_left(root: QWidget) -> list[str]:
    return sorted({t for t in _visible_texts(root) if t in ENGLISH})


@pytest.fixture
def uyghur(qtbot: Any) -> Iterator[QApplication]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.set_language(app, "ug")
    i18n.set_direction(app, "auto", "ug")
    yield app
    i18n.set_language(app, "en")
    i18n.set_direction(app, "ltr", "en")


@pytest.fixture
def ug_window(
    qtbot: Any, uyghur: QApplication, workspace: Any, world: dict[str, str], settings: Any
) -> Iterator[tuple[MainWindow, Any]]:
    """A main window built with Uyghur chosen, as at start-up."""
    from aces_desktop.ui.features import install_features

    win = MainWindow(workspace, settings)
    features = install_features(win)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win, features
    win.close()


def _shot(widget: QWidget, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}-ug.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 2000


def test_choose_uyghur_in_settings_switches_language_and_direction(
    qtbot: Any, settings: cfg.Settings, window: MainWindow
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    controller = Controller(app, settings)
    controller.window = window
    dialog = controller.edit_settings()
    assert dialog.language.findData("ug") >= 0
    dialog.language.setCurrentIndex(dialog.language.findData("ug"))
    dialog.direction.setCurrentIndex(dialog.direction.findData("auto"))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert settings.get(cfg.LANGUAGE) == "ug"
    qtbot.waitUntil(lambda: window.nav.item(0).text() == "ئورۇنلار")
    assert window.isRightToLeft()
    assert interface_language.current_language() == "ug"
    sites = window.list_page("site")
    assert sites.model.headerData(0, Qt.Orientation.Horizontal) == "نام"
    assert sites.count_label.text() == "1 خاتىرە"  # %n plural form
    assert window.status.lock_label.text() == "ئېچىلغان"
    assert window.file_menu.title() == "&ھۆججەت"


def test_every_page_in_uyghur_right_to_left(
    qtbot: Any, ug_window: tuple[MainWindow, Any], tmp_path: Path
) -> None:
    window, _features = ug_window
    assert window.isRightToLeft()
    for key in window.pages:
        window.show_page(key)
        page = window.pages[key].widget
        qtbot.waitUntil(lambda p=page: p.isVisible())
        assert page.layoutDirection() == Qt.LayoutDirection.RightToLeft, key
        texts = _visible_texts(page)
        assert any(ARABIC.search(t) for t in texts), (key, texts[:10])
        assert _english_left(page) == [], key
        _shot(window, tmp_path, key)
    assert _english_left(window.menuBar()) == []


def test_visit_checklist_in_uyghur(
    qtbot: Any, ug_window: tuple[MainWindow, Any], world: dict[str, str], tmp_path: Path
) -> None:
    _window, features = ug_window
    dialog = features.editing.log_visit()
    logger = dialog.widget
    logger.site.set_value(world["site"])
    logger.site.edited.emit()
    logger.method.set_value("unannounced")
    logger.next_button.click()
    checklist = logger.checklist
    qtbot.waitUntil(checklist.isVisible)
    assert checklist.isRightToLeft()
    first = checklist.item(0, 0).text()
    assert first == f"ILO-01  {terms.indicator_name('ILO-01', 'ug')}"
    assert checklist.horizontalHeaderItem(0).text() == "كۆرسەتكۈچ"
    assert checklist.item(0, 1).text() == "— تەكشۈرۈلمىگەن"
    assert _english_left(dialog) == []
    _shot(dialog, tmp_path, "visit-checklist")
    dialog.reject()


def test_rating_explanation_and_charts_in_uyghur(
    qtbot: Any, ug_window: tuple[MainWindow, Any], world: dict[str, str], tmp_path: Path
) -> None:
    window, features = ug_window
    ratings = features.menus.ratings
    window.show_page("ratings")
    qtbot.waitUntil(lambda: world["site"] in ratings.results, timeout=60_000)
    ratings.select_subject(world["site"])
    tree = ratings.explanation
    assert tree.isRightToLeft()
    tops = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert f"ILO-07 — {terms.indicator_name('ILO-07', 'ug')}" in tops
    assert tree.headerItem().text(0) == "ئۆلچەم، سەۋىيە ۋە ئىسپات"
    site_row = ratings.site_table.model()
    risk = [site_row.index(r, 3).data() for r in range(site_row.rowCount())]
    assert any(terms.site_level_name(3, "ug") in str(r) for r in risk), risk
    bars = ratings.tsa_chart.chart()
    assert ratings.tsa_chart.isRightToLeft()
    assert bars.title() == "ھەر بىر تەشەببۇسنىڭ ئاشكارىلىقى، كۆلىمى ۋە ھېساب بېرىشى"
    names = [s.label() for s in bars.series()[0].barSets()] if bars.series() else []
    assert names in ([], [terms.dimension_name(d, "ug") for d in ("T", "S", "A")])
    assert _english_left(ratings) == []
    _shot(window, tmp_path, "ratings")
    ratings.tabs.setCurrentWidget(ratings.charts)
    assert _english_left(ratings.charts) == []
    _shot(window, tmp_path, "charts")
    keep = __import__("os").environ.get("ACES_KEEP_SHOTS")
    if keep:
        window.grab().save(str(Path(keep) / "charts-ug.png"))


def test_lock_screen_in_uyghur(
    qtbot: Any, ug_window: tuple[MainWindow, Any], tmp_path: Path
) -> None:
    window, _features = ug_window
    window.lock()
    screen = window.lock_screen
    assert screen is not None and screen.isRightToLeft()
    assert "خىزمەت بوشلۇقى قۇلۇپلاندى" in _visible_texts(screen)
    assert _english_left(screen) == []
    _shot(window, tmp_path, "locked")


PLACEHOLDER = re.compile(r"%(?:\d+|n)")


@pytest.mark.parametrize("language", ["ug", "zh_CN"])
def test_translation_file_is_complete_and_keeps_placeholders(language: str) -> None:
    """No unfinished or empty translation, the same placeholders as the English text."""
    root = ET.parse(resource_path("i18n", f"aces_{language}.ts")).getroot()
    messages = root.findall(".//message")
    assert len(messages) > 800
    problems = []
    for m in messages:
        source = m.findtext("source") or ""
        translation = m.find("translation")
        assert translation is not None
        forms = [f.text or "" for f in translation.findall("numerusform")] or [
            translation.text or ""
        ]
        if translation.get("type") in ("unfinished", "vanished", "obsolete"):
            problems.append(("unfinished", source))
        for text in forms:
            if not text.strip():
                problems.append(("empty", source))
            wanted = sorted(set(PLACEHOLDER.findall(source)))
            if sorted(set(PLACEHOLDER.findall(text))) != wanted:
                problems.append(("placeholders", source))
    assert problems == []
    assert resource_path("i18n", f"aces_{language}.qm").stat().st_size > 10_000


def test_uyghur_translation_is_in_arabic_script_with_reviewer_notes() -> None:
    root = ET.parse(resource_path("i18n", "aces_ug.ts")).getroot()
    assert root.get("language") == "ug"
    translations = [m.findtext("translation") or "" for m in root.iter("message")]
    arabic = sum(1 for t in translations if ARABIC.search(t))
    assert arabic > 0.95 * len(translations)
    notes = {m.findtext("source"): m.findtext("translatorcomment") for m in root.iter("message")}
    assert "Methodology term" in (notes.get("Indicator") or "")
