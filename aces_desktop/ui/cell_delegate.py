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

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QTextLayout, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView

from aces_desktop.ui.table_model import RIGHT, RecordTableModel

State = QStyle.StateFlag
# Cells whose look the style decides (selection, focus frame, hover). Flags are compared as
# integers: an operation on a Python enum costs microseconds, and a paint has ~200 cells.
OWN_LOOK = (State.State_Selected | State.State_HasFocus | State.State_MouseOver).value
ENABLED = State.State_Enabled.value
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
    """A cell text laid out for one width: what is drawn (elided if it must be) and the
    height the style centres it by."""

    __slots__ = ("height", "layout")

    def __init__(self, layout: QTextLayout, height: int) -> None:
        self.layout = layout
        self.height = height


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
        align = self._aligns[column]
        key = (text, width - 2 * margin, align)
        try:
            laid = self._laid[key]
        except KeyError:
            laid = self._lay_out(key, option.textElideMode)
        if laid is None:
            return False
        if align & VCENTER == VCENTER:
            top = height // 2 - laid.height // 2
        elif align & BOTTOM:
            top = height - laid.height
        else:
            top = 0
        painter.setPen(self._colours[state & (ENABLED | ACTIVE)])
        laid.layout.draw(painter, QPointF(x + margin, y + top))
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
            laid = Laid(layout, height) if layout is not None else None
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
