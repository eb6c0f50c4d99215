"""The lists' cell painter (``ui.cell_delegate``) paints exactly what Qt's own delegate
paints — in English, Chinese and Uyghur, elided or not, left to right and right to left,
with a selection — and the list still sorts, selects and moves with the keyboard."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.ui.cell_delegate import CellDelegate
from aces_desktop.ui.list_page import ListPage
from tests.helpers import add

NAMES = (
    "Alpha Works",
    "喀什恒润纺织有限公司",
    "قەشقەر توقۇمىچىلىق زاۋۇتى",  # Kashgar textile mill (Uyghur)
    "Karnaphuli Garments and Knitwear Composite Industries Limited, Chattogram Export Zone",
    "阿克苏华锦纺织有限公司第二分厂（印染车间、成衣车间、包装车间及宿舍区）",
    "ئاقسۇ خۇاجىن توقۇمىچىلىق چەكلىك شىركىتى ئىككىنچى تارماق زاۋۇتى بوياش سېخى",
)


def _page(qtbot: Any, workspace: Any, type_name: str) -> ListPage:
    page = ListPage(workspace, type_name)
    qtbot.addWidget(page)
    page.resize(1100, 600)
    page.show()
    qtbot.waitExposed(page)
    QApplication.processEvents()
    return page


def _grab(page: ListPage) -> QImage:
    page.table.viewport().repaint()
    return page.table.viewport().grab().toImage()


def _as_qt_paints(page: ListPage) -> QImage:
    """The viewport painted by Qt's own delegate, then the list's own delegate put back."""
    own = page.table.itemDelegate()
    page.table.setItemDelegate(QStyledItemDelegate(page.table))
    image = _grab(page)
    page.table.setItemDelegate(own)
    return image


def _sites(workspace: Any) -> None:
    for number, name in enumerate(NAMES):
        add(workspace, "site", name=name, country="CN", region="Xinjiang", workforce_size=number)


@pytest.mark.parametrize(
    "direction", [Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft]
)
def test_cells_look_as_qt_paints_them(qtbot: Any, workspace: Any, direction: Any) -> None:
    _sites(workspace)
    page = _page(qtbot, workspace, "site")
    page.setLayoutDirection(direction)
    QApplication.processEvents()
    assert isinstance(page.table.itemDelegate(), CellDelegate)
    assert page.model.rowCount() == len(NAMES)
    name = page.model.cell_text(0, 0)
    assert name in NAMES and name == page.model.index(0, 0).data()
    own = _grab(page)
    assert own == _as_qt_paints(page)
    assert own == _grab(page)  # painted again from the kept layouts
    # the long names do not fit their column: they are elided like Qt elides them
    width = page.table.columnWidth(0)
    assert any(page.table.fontMetrics().horizontalAdvance(n) > width for n in NAMES)

    page.table.setFocus()
    page.table.selectionModel().select(
        page.model.index(2, 0),
        page.table.selectionModel().SelectionFlag.ClearAndSelect
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    page.table.setCurrentIndex(page.model.index(2, 1))
    QApplication.processEvents()
    assert page.selected_id() == page.model.record_id(2)
    assert _grab(page) == _as_qt_paints(page)  # the selected row and the current cell too


def test_numbers_and_a_new_font_look_as_qt_paints_them(qtbot: Any, workspace: Any) -> None:
    fill_demo(workspace, DemoOptions(sites=3, observations=80))
    page = _page(qtbot, workspace, "finding")
    grade = [c.key for c in page.model.spec.columns].index("grade")
    assert page.model.right_aligned(grade)
    assert _grab(page) == _as_qt_paints(page)
    font = QFont(page.table.font())
    font.setPointSizeF(font.pointSizeF() * 1.3)
    page.table.setFont(font)  # the kept layouts were made with the old font
    QApplication.processEvents()
    assert _grab(page) == _as_qt_paints(page)


def test_sorting_and_keyboard_with_the_delegate(qtbot: Any, workspace: Any) -> None:
    _sites(workspace)
    page = _page(qtbot, workspace, "site")
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    ascending = [page.model.cell_text(r, 0) for r in range(page.model.rowCount())]
    first = _grab(page)
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [page.model.cell_text(r, 0) for r in range(page.model.rowCount())] == ascending[::-1]
    assert _grab(page) != first and _grab(page) == _as_qt_paints(page)

    page.table.setFocus()
    page.select_row(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.table.currentIndex().row() == 2
    assert page.selected_id() == page.model.record_id(2)
    assert page.detail.isVisible()
    with qtbot.waitSignal(page.edit_requested) as edit:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert edit.args == ["site", page.model.record_id(2)]
    assert _grab(page) == _as_qt_paints(page)


def test_void_calls_keep_their_references_to_none(qtbot: Any, workspace: Any) -> None:
    """PySide6 6.12 (stable-ABI wheels) returns ``None`` from ``void`` methods without a
    reference under Python 3.11: every call drops one of ``None``'s references and the
    interpreter aborts when they run out (10,000 ``setPen`` calls were enough). The cell
    painter makes such calls for every cell, so pyproject.toml keeps PySide6 below 6.12;
    this fails (before it could abort) if a binding that drops them comes back."""
    _sites(workspace)
    page = _page(qtbot, workspace, "site")
    _grab(page)
    before = sys.getrefcount(None)
    painter = QPainter(QImage(4, 4, QImage.Format.Format_ARGB32))
    pen = QPen()
    for _ in range(1000):
        painter.setPen(pen)
    painter.end()
    for _ in range(30):
        page.table.viewport().grab()  # paints the cells (and, unlike repaint(), returns)
    assert sys.getrefcount(None) >= before


def test_a_row_is_selected_right_to_left_too(qtbot: Any, workspace: Any) -> None:
    """``ListPage.select_row`` (a reload keeps the selection with it; Go to last) selects in
    a right-to-left layout as in a left-to-right one (QTableView.selectRow did not: it looks
    for the first column at the viewport's width, one pixel past the last)."""
    _sites(workspace)
    page = _page(qtbot, workspace, "site")
    page.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    QApplication.processEvents()
    page.select_row(3)
    assert page.selected_id() == page.model.record_id(3)
    assert page.table.currentIndex().row() == 3
    page.select_row(1)
    assert [i.row() for i in page.table.selectionModel().selectedRows()] == [1]
