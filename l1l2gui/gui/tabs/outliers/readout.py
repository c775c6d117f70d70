"""The readout under the drag view: a small table drawn cell by cell, every frame of a drag.

As rich text (a ``QLabel`` or a ``QTextDocument``) the five-row table cost ~1.4 ms a
frame to lay out again for a few changed digits, a tenth of a frame's budget while
the drag also moves the outlier and redraws the fits. Here a new table only stores
its strings and asks for a repaint; the painting is a few ``drawText`` calls. Column
widths only grow (as the digits change), so the tab's layout runs again when the
table needs more room, not on every frame.

Colours are looked up when painting, in the app's current look (dark or light), and a
new font (presentation mode) measures the columns again.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...theme import ink

CAPTION_COLOR = "#555555"
PAD = 2.0  # around each cell's text, as the HTML table's cellpadding was
COLUMN_GAP = 16.0  # between two columns


@dataclass(frozen=True)
class Row:
    """One row: its name (bold, in ``color`` if given) and the cells right of it."""

    name: str
    cells: tuple[str, ...]
    color: str | None = None


@dataclass(frozen=True)
class Table:
    """The whole readout: a header row, the rows, and caption lines under them."""

    header: tuple[str, ...]
    rows: tuple[Row, ...]
    caption: tuple[str, ...] = ()

    def plain_text(self) -> str:
        lines = ["\t".join(("", *self.header))]
        lines += ["\t".join((row.name, *row.cells)) for row in self.rows]
        return "\n".join([*lines, *self.caption])


class ReadoutTable(QWidget):
    """``set_table(Table)``; ``text()`` and ``toPlainText()`` give the table as plain text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table = Table((), ())
        self._widths: list[float] = []  # per column; they only grow until the font changes
        self._hint = QSize(0, 0)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    @property
    def table(self) -> Table:
        return self._table

    def set_table(self, table: Table) -> None:
        if table == self._table:
            return
        self._table = table
        self._measure()
        self.update()

    def text(self) -> str:
        return self._table.plain_text()

    def toPlainText(self) -> str:
        return self._table.plain_text()

    # -------------------------------------------------------------- layout
    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def _line_height(self) -> float:
        return QFontMetricsF(self.font()).height() + 2 * PAD

    def _measure(self) -> None:
        """Widen the columns the new strings need; ask for a layout only if the size changed."""
        table = self._table
        plain, bold = QFontMetricsF(self.font()), QFontMetricsF(self._bold())
        columns = [
            [bold.horizontalAdvance(row.name) for row in table.rows] or [0.0],
            *(
                [plain.horizontalAdvance(text) for text in column]
                for column in zip(table.header, *(row.cells for row in table.rows), strict=True)
            ),
        ]
        widths = [max(c) + 2 * PAD for c in columns]
        if len(widths) != len(self._widths):
            self._widths = widths
        else:
            self._widths = [max(a, b) for a, b in zip(self._widths, widths, strict=True)]
        caption = max((plain.horizontalAdvance(line) for line in table.caption), default=0.0)
        width = max(sum(self._widths) + COLUMN_GAP * (len(self._widths) - 1), caption + 2 * PAD)
        lines = (1 + len(table.rows) if table.header else 0) + len(table.caption)
        hint = QSize(int(width + 2.999), int(lines * self._line_height() + 2.999))
        if hint != self._hint:
            self._hint = hint
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return self._hint

    def minimumSizeHint(self) -> QSize:
        return self._hint

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:  # presentation mode: measure afresh
            self._widths = []
            self._measure()
            self.update()

    def restyle(self, _look) -> None:
        """The colours are the look's at paint time: draw again (called by :mod:`...look`)."""
        self.update()

    # ------------------------------------------------------------ painting
    def paintEvent(self, _event) -> None:
        table = self._table
        if not table.header and not table.caption:
            return
        painter = QPainter(self)
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        line = self._line_height()
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        y = 1.0
        if table.header:
            painter.setPen(text_color)
            self._draw_row(painter, y, line, table.header, right)
            y += line
            bold = self._bold()
            for row in table.rows:
                painter.setFont(bold)
                painter.setPen(QColor(ink(row.color)) if row.color else text_color)
                painter.drawText(QRectF(PAD, y, self._widths[0], line), left, row.name)
                painter.setFont(self.font())
                painter.setPen(text_color)
                self._draw_row(painter, y, line, row.cells, right)
                y += line
        painter.setPen(QColor(ink(CAPTION_COLOR)))
        for text in table.caption:
            painter.drawText(QRectF(PAD, y, self.width() - 2 * PAD, line), left, text)
            y += line
        painter.end()

    def _draw_row(self, painter, y, line, cells, align) -> None:
        x = self._widths[0] + COLUMN_GAP
        for width, text in zip(self._widths[1:], cells, strict=False):
            painter.drawText(QRectF(x, y, width - PAD, line), align, text)
            x += width + COLUMN_GAP
