"""The lists' cell painter (``ui.cell_delegate``) paints exactly what Qt's own delegate
paints — in English, Chinese and Uyghur, elided or not, left to right and right to left,
with a selection — and the list still sorts, selects and moves with the keyboard."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPen, QRegion
from PySide6.QtWidgets import QApplication, QStyledItemDelegate

from aces_desktop.demo_data import DemoOptions, fill_demo
from aces_desktop.ui.cell_delegate import CellDelegate
from aces_desktop.ui.list_page import ListPage
from aces_desktop.ui.main_window import STYLE
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


def _painted_in_one_call(page: ListPage) -> tuple[QImage, list[bool]]:
    """The viewport repainted, and what ``CellDelegate.paint_view`` answered meanwhile
    (True: it painted the cells itself; False: Qt's ``QTableView.paintEvent`` did)."""
    cells = page.table.itemDelegate()
    assert isinstance(cells, CellDelegate)
    answers: list[bool] = []
    own = cells.paint_view

    def recorded(view: Any, event: Any) -> bool:
        answers.append(own(view, event))
        return answers[-1]

    cells.paint_view = recorded  # type: ignore[method-assign]
    try:
        image = _grab(page)
    finally:
        del cells.paint_view
    return image, answers


def _region(page: ListPage, rect: QRect, qt: bool) -> QImage:
    """Only ``rect`` of the viewport painted (a partial update), by the list or by Qt."""
    viewport = page.table.viewport()
    own = page.table.itemDelegate()
    if qt:
        page.table.setItemDelegate(QStyledItemDelegate(page.table))
    image = QImage(viewport.size(), QImage.Format.Format_ARGB32)
    image.fill(0)
    viewport.render(image, QPoint(), QRegion(rect))
    page.table.setItemDelegate(own)
    return image


@pytest.mark.parametrize(
    "case", ["plain", "right to left", "scrolled", "hidden column", "disabled", "window style"]
)
def test_a_screen_of_cells_is_painted_in_one_call_as_qt_paints_it(
    qtbot: Any, workspace: Any, case: str
) -> None:
    """Issue 20: the viewport of a list with no selection in sight is painted by one Python
    call (``CellDelegate.paint_view``), pixel for pixel as Qt paints it: alternate rows,
    elided Chinese and Uyghur, numbers on the right, scrolled both ways, a hidden column,
    disabled, under the main window's style sheet, and a partial repaint."""
    fill_demo(workspace, DemoOptions(sites=6, observations=120))
    for number, name in enumerate(NAMES[1:]):
        add(workspace, "site", name=name, country="CN", region="Xinjiang", workforce_size=number)
    page = _page(qtbot, workspace, "finding")
    assert page.table.alternatingRowColors()
    if case == "right to left":
        page.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    elif case == "scrolled":
        page.resize(600, 500)
        QApplication.processEvents()
        page.table.horizontalScrollBar().setValue(page.table.horizontalScrollBar().maximum() // 2)
        page.table.verticalScrollBar().setValue(37)
    elif case == "hidden column":
        page.table.setColumnHidden(1, True)
    elif case == "disabled":
        page.table.setEnabled(False)
    elif case == "window style":
        page.setStyleSheet(STYLE)
    QApplication.processEvents()
    image, answers = _painted_in_one_call(page)
    assert answers and all(answers)
    assert image == _as_qt_paints(page)
    assert image == _painted_in_one_call(page)[0]  # again, from the kept layouts
    part = QRect(25, 30, 180, 70)
    assert _region(page, part, qt=False) == _region(page, part, qt=True)


def test_qt_paints_the_cells_when_a_selection_or_the_mouse_is_in_sight(
    qtbot: Any, workspace: Any
) -> None:
    fill_demo(workspace, DemoOptions(sites=4, observations=200))
    page = _page(qtbot, workspace, "finding")
    page.table.setFocus()
    page.select_row(3)
    QApplication.processEvents()
    image, answers = _painted_in_one_call(page)
    assert answers and not any(answers)  # the selected row: Qt and the style paint it
    assert image == _as_qt_paints(page)
    page.table.scrollToBottom()  # the selection out of sight
    QApplication.processEvents()
    image, answers = _painted_in_one_call(page)
    assert answers and all(answers)
    assert image == _as_qt_paints(page)
    page.table.viewport().setAttribute(Qt.WidgetAttribute.WA_UnderMouse, True)
    assert not any(_painted_in_one_call(page)[1])  # hover is the style's
