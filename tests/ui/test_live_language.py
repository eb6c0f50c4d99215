"""Switching to Chinese while the application runs leaves no English on screen (issue 16,
item 4): every page is built and shown, the language changes, and every visible text is
read back (labels, buttons, placeholders, tab titles, headers, tree items, list items,
chart titles, axes and series, menus and their actions)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QChartView
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QTabBar,
    QTableView,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from aces_desktop.ui import i18n
from aces_desktop.ui.features import install_features
from aces_desktop.ui.main_window import MainWindow

# Words that are not English to translate: names of standards, formats and products, and
# codes that read the same in every language (each is shown as is in Chinese too).
ALLOWED = {
    "ACES",  # the product's name
    "Desktop",  # "ACES Desktop", the product's name
    "Open",  # "Open Supply Hub", a proper name
    "Supply",
    "Hub",
    "CSV",  # file formats
    "JSON",
    "PDF",
    "SHA",  # "SHA-256"
    "UTC",
    "ILO",  # indicator codes: ILO-07, SIL-01, DW-03, ENV-02
    "SIL",
    "ENV",
    "yyyy",  # date format placeholders (YYYY-MM-DD)
    "YYYY",
    "MM",
    "DD",
}
WORD = re.compile(r"[A-Za-z]{3,}")
TAG = re.compile(r"<[^>]+>")
# Identifiers shown as they are: key fingerprints (groups of base32), hashes and record ids.
IDS = re.compile(r"\b(?:[A-Z2-7]{4}\s+){3,}[A-Z2-7]{4}\b|\b[0-9a-f]{8,}\b|[0-9a-f-]{36}")


def _rubric_words() -> set[str]:
    """Rubric v1 names its criteria and their levels in English only (translating the
    methodology is a new rubric version), so the explanation shows them as written."""
    from aces_desktop.core.rubric import default_rubric

    rubric = default_rubric()
    words: set[str] = set()
    for criterion in rubric.criteria.values():
        words.update(WORD.findall(criterion.en))
        for level in criterion.levels:
            words.update(WORD.findall(level))
    return words


def _data_words(workspace: Any) -> set[str]:
    """Words of the records themselves (names, narratives, ids): data, not interface."""
    from sqlalchemy import text

    from aces_desktop.core import schema

    words: set[str] = set()
    with workspace.session() as s:
        for rt in schema.RECORD_TYPES.values():
            for row in s.execute(text(f'SELECT * FROM "{rt.table}"')):
                for value in row:
                    if isinstance(value, str):
                        words.update(WORD.findall(value))
    words.update(WORD.findall(workspace.name))
    return words


def _tree_items(tree: QTreeWidget) -> Iterator[QTreeWidgetItem]:
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        yield item
        stack.extend(item.child(i) for i in range(item.childCount()))


def _texts(window: MainWindow) -> list[tuple[str, str]]:
    """(where, text) of everything visible in the window."""
    found: list[tuple[str, str]] = []

    def add(where: QWidget | str, text: str | None) -> None:
        if text:
            name = where if isinstance(where, str) else type(where).__name__
            found.append((name, TAG.sub(" ", text.replace("&", ""))))

    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel):
            add(widget, widget.text())
        elif isinstance(widget, QAbstractButton):
            add(widget, widget.text())
            add(widget, widget.toolTip())
        elif isinstance(widget, QLineEdit):
            add(widget, widget.placeholderText())
        elif isinstance(widget, QComboBox):
            add(widget, widget.currentText())
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                add(widget, widget.tabText(i))
        elif isinstance(widget, QListWidget):
            for i in range(widget.count()):
                add(widget, widget.item(i).text())
        elif isinstance(widget, QTreeWidget):
            header = widget.headerItem()
            for c in range(widget.columnCount()):
                add("tree header", header.text(c))
            for item in _tree_items(widget):
                for c in range(widget.columnCount()):
                    add("tree item", item.text(c))
        elif isinstance(widget, QChartView):
            chart = widget.chart()
            add("chart title", chart.title())
            for axis in chart.axes():
                add("chart axis", axis.titleText())
                if isinstance(axis, QBarCategoryAxis):
                    for category in axis.categories():
                        add("chart category", category)
            for series in chart.series():
                add("chart series", series.name())
                for bar in getattr(series, "barSets", lambda: [])():
                    add("chart bar set", bar.label())
        if isinstance(widget, (QTableView, QTreeView)) and widget.model() is not None:
            view_header = (
                widget.horizontalHeader() if isinstance(widget, QTableView) else widget.header()
            )
            if view_header.isVisible():
                for c in range(view_header.count()):
                    if not view_header.isSectionHidden(c):
                        add("header", widget.model().headerData(c, Qt.Orientation.Horizontal))
    for action in window.menuBar().actions():
        add("menu", action.text())
        menu = action.menu()
        if isinstance(menu, QMenu):
            for sub in menu.actions():
                add("menu action", sub.text())
    add("window title", window.windowTitle())
    return found


def _english(texts: list[tuple[str, str]], allowed: set[str]) -> list[tuple[str, str]]:
    return [
        (where, text)
        for where, text in texts
        if any(word not in allowed for word in WORD.findall(IDS.sub(" ", text)))
    ]


def test_every_page_retranslates_to_chinese_at_run_time(
    qtbot: Any, window: MainWindow, workspace: Any
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    features = install_features(window)
    window.resize(1366, 768)
    # Build and show every page in English first, as a user would before switching.
    for key in window.pages:
        window.show_page(key)
        if key == "ratings":
            qtbot.waitUntil(lambda: bool(features.menus.ratings.results), timeout=30_000)
            features.menus.ratings.company_table.selectRow(0)
    english_before = _english(_texts(window), ALLOWED)
    assert english_before  # the check can see English at all
    assert i18n.set_language(app, "zh_CN")
    allowed = ALLOWED | _data_words(workspace) | _rubric_words()
    left: list[tuple[str, str, str]] = []
    for key in window.pages:
        window.show_page(key)
        widget = window.pages[key].widget
        bars: list[QTabBar | None] = [*widget.findChildren(QTabBar)] or [None]
        for bar in bars:
            for index in range(bar.count() if bar is not None else 1):
                if bar is not None:
                    bar.setCurrentIndex(index)
                QApplication.processEvents()
                left += [(key, w, t) for w, t in _english(_texts(window), allowed)]
    unique = sorted(set(left))
    assert unique == [], "\n".join(f"{k} | {w} | {t}" for k, w, t in unique[:80])


def test_pages_built_after_a_switch_come_up_in_the_new_language(
    qtbot: Any, window: MainWindow, workspace: Any
) -> None:
    """Pages are built when first shown (start-up builds the first list only): one first
    shown after switching to Chinese is made in Chinese."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    features = install_features(window)
    window.resize(1366, 768)
    assert [key for key, page in window.pages.items() if page.built] == ["sites"]
    assert i18n.set_language(app, "zh_CN")
    allowed = ALLOWED | _data_words(workspace) | _rubric_words()
    left: list[tuple[str, str, str]] = []
    for key in window.pages:
        window.show_page(key)
        assert window.pages[key].built and window.stack.currentWidget() is window.pages[key].widget
        if key == "ratings":
            qtbot.waitUntil(lambda: bool(features.menus.ratings.results), timeout=30_000)
        QApplication.processEvents()
        left += [(key, w, t) for w, t in _english(_texts(window), allowed)]
    unique = sorted(set(left))
    assert unique == [], "\n".join(f"{k} | {w} | {t}" for k, w, t in unique[:80])
