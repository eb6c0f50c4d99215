"""The cells of a record list, painted from the model's row texts in one Python call each.

``QStyledItemDelegate`` asks the model for seven roles of every cell it paints (each a call
into Python), and the style lays the cell's text out four times (three sizes, then the text
drawn); a screenful of a search is about 200 cells and cost 5-6 ms offscreen. ``CellDelegate``
paints an ordinary cell (not selected, not current, not under the mouse) itself: the text the
model made for its row (``RecordTableModel.cell_text``), aligned, elided and placed exactly as
``QCommonStyle`` draws an item view's text, laid out once and kept (``QTextLayout``) for the
next paint, in the palette's text colour. Every other cell (the selected row, the current
cell, hover, wrapped text, lists that colour rows) is painted by ``QStyledItemDelegate`` as
before, so the list looks the same; tooltips, sizes and accessibility still read the model's
``data()``.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from aces_desktop.ui.table_model import RIGHT, RecordTableModel

State = QStyle.StateFlag
# Cells whose look the style decides (selection, focus frame, hover). Flags are compared as
# integers: an operation on a Python enum costs microseconds, and a paint has ~200 cells.
OWN_LOOK = (State.State_Selected | State.State_HasFocus | State.State_MouseOver).value
ENABLED = State.State_Enabled.value
ALTERNATE = QStyleOptionViewItem.ViewItemFeature.Alternate
ACTIVE = State.State_Active.value
# Where an item view puts a cell's text unless the model says (QAbstractItemView).
LEFT = (Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter).value
VCENTER = Qt.AlignmentFlag.AlignVCenter.value
BOTTOM = Qt.AlignmentFlag.AlignBottom.value
# A screenful is ~200 cells; the texts of many screens are kept (most columns repeat a few
# values: codes, grades, sites, dates, statuses).
MAX_LAID = 4000
# What makes the kept layouts or colours stale.
RESETS = frozenset(
    {
        QEvent.Type.FontChange,
        QEvent.Type.StyleChange,
        QEvent.Type.PaletteChange,
        QEvent.Type.LayoutDirectionChange,
        QEvent.Type.LanguageChange,
    }
)

Index = QModelIndex | QPersistentModelIndex


class Laid:
    """A cell text laid out for one width: what is drawn (elided if it must be), the height
    the style centres it by, and where it goes in a cell ``height`` high (``top``)."""

    __slots__ = ("align", "height", "layout")

    def __init__(self, layout: QTextLayout, height: int, align: int) -> None:
        self.layout = layout
        self.height = height
        self.align = align

    def top(self, height: int) -> int:
        if self.align & VCENTER == VCENTER:
            return height // 2 - self.height // 2
        if self.align & BOTTOM:
            return height - self.height
        return 0


class CellDelegate(QStyledItemDelegate):
    def __init__(self, model: RecordTableModel, view: QTableView) -> None:
        super().__init__(view)
        self._model = model
        self._view = view
        self._aligns = tuple(
            RIGHT if model.right_aligned(c) else LEFT for c in range(model.columnCount())
        )
        # (text, text width, alignment) -> its layout, or None for a text the style must
        # draw (more than one line).
        self._laid: dict[tuple[str, int, int], Laid | None] = {}
        self._colours: dict[int, QColor] = {}
        # Alignment -> the options of its texts (direction, alignment, no wrapping).
        self._options: dict[int, QTextOption] = {}
        self._margin = -1  # set up at the first paint (and again after a change of look)
        self._font = QFont()
        self._direction = Qt.LayoutDirection.LeftToRight
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in RESETS:
            self.forget()
        return False

    def forget(self) -> None:
        """Lay every text out again (font, style, palette or direction changed)."""
        self._laid.clear()
        self._colours.clear()
        self._options.clear()
        self._margin = -1

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        if not self._paint_plain(painter, option, index):
            super().paint(painter, option, index)

    def _paint_plain(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> bool:
        """Paint an ordinary cell as the style would; False if the style must paint it."""
        state = option.state.value
        model = self._model
        if state & OWN_LOOK or model.coloured or self._view.wordWrap():
            return False
        column = index.column()
        text = model.cell_text(index.row(), column)
        if not text:
            return True  # the style draws nothing for an empty or unread cell either
        x, y, width, height = cast(tuple[int, int, int, int], option.rect.getRect())
        if self._margin < 0:
            self._set_up(option)
        margin = self._margin
        laid = self._text((text, width - 2 * margin, self._aligns[column]), option.textElideMode)
        if laid is None:
            return False
        painter.setPen(self._colours[state & (ENABLED | ACTIVE)])
        laid.layout.draw(painter, QPointF(x + margin, y + laid.top(height)))
        return True

    def paint_view(self, view: QTableView, event: QPaintEvent) -> bool:
        """Paint the cells of ``view``'s viewport in ``event`` as ``QTableView.paintEvent``
        paints them through this delegate, in one Python call; False, with nothing painted,
        when Qt must paint them: a selected row or the focused current cell in sight, the
        mouse over the cells (hover), a drag or an editor, the grid, hidden rows, wrapped
        text, coloured rows, another selection mode.

        What Qt does per cell, done per screen: the view's item option (state, palette,
        font, direction) is made once; the style's row panel (``PE_PanelItemViewRow``: the
        alternate rows' background) is drawn once per row across its cells, which touch
        (no grid); each text is drawn from its kept layout as ``paint`` draws it."""
        model = self._model
        viewport = view.viewport()
        if (
            model.coloured
            or view.wordWrap()
            or view.showGrid()
            or view.state() != QAbstractItemView.State.NoState
            or view.selectionMode() != QAbstractItemView.SelectionMode.SingleSelection
            or viewport.underMouse()
        ):
            return False
        columns, rows = view.horizontalHeader(), view.verticalHeader()
        if columns.count() == 0 or rows.count() == 0 or rows.sectionsHidden():
            return False
        right_to_left = view.isRightToLeft()
        area = event.rect()
        # Where the cells end (QTableView.paintEvent's x and y).
        bottom_edge = rows.length() - rows.offset() - 1
        right_edge = columns.length() - columns.offset() - (0 if right_to_left else 1)
        area.setBottom(min(area.bottom(), bottom_edge))
        if right_to_left:
            area.setLeft(max(area.left(), viewport.width() - right_edge))
        else:
            area.setRight(min(area.right(), right_edge))
        if not area.isValid():
            return True  # no cell there: Qt paints nothing either
        left, right = columns.visualIndexAt(area.left()), columns.visualIndexAt(area.right())
        if right_to_left:
            left, right = right, left
        left = 0 if left == -1 else left
        right = columns.count() - 1 if right == -1 else right
        top, last = rows.visualIndexAt(area.top()), rows.visualIndexAt(area.bottom())
        last = rows.count() - 1 if last == -1 else last
        if top == -1 or top > last:
            return True
        special = {i.row() for i in view.selectionModel().selectedIndexes()}
        current = view.currentIndex()
        if current.isValid() and (view.hasFocus() or viewport.hasFocus()):
            special.add(current.row())
        shown = [rows.logicalIndex(v) for v in range(top, last + 1)]
        if special.intersection(shown):
            return False
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)  # protected: a view of ours (RecordTable)
        state = option.state.value
        if state & OWN_LOOK:
            return False
        if self._margin < 0:
            self._set_up(option)
        margin = self._margin
        cells = []  # (logical column, x, width) in visual order
        for visual in range(left, right + 1):
            column = columns.logicalIndex(visual)
            if not columns.isSectionHidden(column):
                cells.append(
                    (column, view.columnViewportPosition(column), view.columnWidth(column))
                )
        if not cells:
            return True
        span_left = min(x for _, x, _ in cells)
        span = max(x + w for _, x, w in cells) - span_left
        alternate = view.alternatingRowColors()
        odd = bool(top & 1) and alternate
        style = view.style()
        panel = QStyle.PrimitiveElement.PE_PanelItemViewRow
        plain_features = option.features & ~ALTERNATE
        colour = self._colours[state & (ENABLED | ACTIVE)]
        aligns = self._aligns
        painter = QPainter(viewport)
        try:
            pen = False
            for row in shown:
                y, height = view.rowViewportPosition(row), view.rowHeight(row)
                option.rect = QRect(span_left, y, span, height)
                option.features = plain_features | ALTERNATE if odd else plain_features
                style.drawPrimitive(panel, option, painter, view)
                odd = not odd and alternate
                texts = model.cell_texts(row)
                if texts is None:
                    continue
                for column, x, width in cells:
                    text = texts[column]
                    if not text:
                        continue
                    key = (text, width - 2 * margin, aligns[column])
                    laid = self._text(key, option.textElideMode)
                    if laid is None:  # more than one line: the style paints the cell
                        option.rect = QRect(x, y, width, height)
                        super().paint(painter, option, model.index(row, column))
                        pen = False
                        continue
                    if not pen:
                        painter.setPen(colour)
                        pen = True
                    laid.layout.draw(painter, QPointF(x + margin, y + laid.top(height)))
        finally:
            painter.end()
        return True

    def _set_up(self, option: QStyleOptionViewItem) -> None:
        """What every cell of the view shares: the style's text margin, the direction and
        the text colours (``QCommonStyle``: the palette's text in the cell's colour group)."""
        view = self._view
        self._margin = (
            view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
        )
        self._direction = option.direction
        self._font = QFont(option.font)
        group = QPalette.ColorGroup
        for bits, colours in (
            (ENABLED | ACTIVE, group.Normal),
            (ENABLED, group.Inactive),
            (ACTIVE, group.Disabled),
            (0, group.Disabled),
        ):
            self._colours[bits] = option.palette.color(colours, QPalette.ColorRole.Text)

    def _text(self, key: tuple[str, int, int], elide: Qt.TextElideMode) -> Laid | None:
        """The kept layout of (text, text width, alignment), laid out at its first use."""
        try:
            return self._laid[key]
        except KeyError:
            return self._lay_out(key, elide)

    def _lay_out(self, key: tuple[str, int, int], elide: Qt.TextElideMode) -> Laid | None:
        """``QCommonStyle``'s item text: one line as wide as the cell less its margins,
        elided when its natural width is wider, centred by its bounding height."""
        text, width, align = key
        font = self._font
        options = self._options.get(align)
        if options is None:
            direction = self._direction
            options = QTextOption()
            options.setWrapMode(QTextOption.WrapMode.ManualWrap)
            options.setTextDirection(direction)
            options.setAlignment(QStyle.visualAlignment(direction, Qt.AlignmentFlag(align)))
            self._options[align] = options
        layout = _one_line(text, font, options, width)
        laid: Laid | None = None
        if layout is not None:
            height = int(layout.boundingRect().height() + 0.5)  # QSizeF.toSize: rounded
            if layout.lineAt(0).naturalTextWidth() > width:
                layout = _one_line(
                    QFontMetrics(font).elidedText(text, elide, width), font, options, width
                )
            laid = Laid(layout, height, align) if layout is not None else None
        if len(self._laid) >= MAX_LAID:
            self._laid.clear()
        self._laid[key] = laid
        return laid


def _one_line(text: str, font: QFont, options: QTextOption, width: int) -> QTextLayout | None:
    """``text`` laid out in lines ``width`` wide, kept for drawing again; None unless it
    makes exactly one line."""
    layout = QTextLayout(text, font)
    layout.setTextOption(options)
    layout.setCacheEnabled(True)
    layout.beginLayout()
    line = layout.createLine()  # at (0, 0)
    if line.isValid():
        line.setLineWidth(width)
        more = layout.createLine().isValid()  # the text goes on past the first line
    else:
        more = True  # no line at all (an empty text is not laid out)
    layout.endLayout()
    return None if more else layout
