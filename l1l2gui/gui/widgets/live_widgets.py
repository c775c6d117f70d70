"""Widgets for what changes every frame: a readout under a plot, a progress bar.

``QLabel.setText`` costs ~3.4 ms for a five-row HTML table here: it lays the text
out several times and asks the window's layout to run again (``updateGeometry``),
which moves and repaints every widget the layout touches: together ~8 ms, half a
frame's budget, for digits that changed. :class:`LiveLabel` lays its document out
once per text (~1.2 ms) and asks for a new layout only when the text needs more
room than it has, so the window is laid out again when the readout grows, not on
every frame.

``QProgressBar.setValue`` repaints at once (the window's backing store included):
2–9 ms a frame here. :class:`LiveProgressBar` posts the repaint instead, so it is
drawn with the rest of the frame.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QProgressBar, QSizePolicy, QWidget

from ..theme import themed


class LiveLabel(QWidget):
    """``setText(html)`` / ``text()`` as a QLabel with rich text; ``wrap`` wraps at the width."""

    def __init__(self, wrap: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._html = ""
        self._shown = ""
        self._wrap = wrap
        self._doc = QTextDocument(self)
        self._doc.setDocumentMargin(1)
        self._hint = QSize(0, 0)
        horizontal = QSizePolicy.Policy.Preferred
        self.setSizePolicy(horizontal, QSizePolicy.Policy.Minimum)
        if wrap:
            policy = self.sizePolicy()
            policy.setHeightForWidth(True)
            self.setSizePolicy(policy)

    def setText(self, html: str) -> None:
        if html == self._html:
            return
        self._html = html
        self._doc.setDefaultFont(self.font())
        self._shown = themed(html)  # written in light colours; shown in the app's look
        self._doc.setHtml(self._shown)
        self._fit()
        self.update()

    def text(self) -> str:
        return self._html

    def toPlainText(self) -> str:
        return self._doc.toPlainText()

    # -------------------------------------------------------------- layout
    def _ideal(self) -> QSize:
        self._doc.setTextWidth(-1)
        size = self._doc.size().toSize()
        if self._wrap and self.width() > 0:
            self._doc.setTextWidth(self.width())
            size.setHeight(self._doc.size().toSize().height())
        return size

    def _fit(self) -> None:
        """Ask the layout for more room only if the text no longer fits (width only grows).

        The hint follows the text, but a text that still fits in the room the layout
        gave (a stretched readout) asks for nothing: a relayout of the window moves and
        repaints every widget around, the largest frame of a run.
        """
        ideal = self._ideal()
        hint = QSize(max(self._hint.width(), ideal.width()), ideal.height())
        if hint != self._hint:
            self._hint = hint
            if not self.isVisible() or self.size().expandedTo(ideal) != self.size():
                self.updateGeometry()

    def sizeHint(self) -> QSize:
        return self._hint

    def minimumSizeHint(self) -> QSize:
        if self._wrap:
            return QSize(0, self._hint.height())
        return self._hint

    def hasHeightForWidth(self) -> bool:
        return self._wrap

    def heightForWidth(self, width: int) -> int:
        self._doc.setTextWidth(width)
        height = self._doc.size().toSize().height()
        # the layout asks about other widths than the one shown: the text drawn stays
        # wrapped at the label's own width (else a line ran past its right edge)
        if self.width() > 0:
            self._doc.setTextWidth(self.width())
        return height

    def resizeEvent(self, event) -> None:
        if self._wrap:
            self._doc.setTextWidth(self.width())
        super().resizeEvent(event)

    def restyle(self, _look) -> None:
        """Draw the text again in a new look (called by the walk of :mod:`..look`)."""
        if self._html and themed(self._html) != self._shown:
            html, self._html = self._html, ""
            self.setText(html)

    def changeEvent(self, event) -> None:
        # a new font (presentation mode) or palette (dark mode): lay out and draw again
        super().changeEvent(event)
        if self._html and event.type() in (event.Type.FontChange, event.Type.PaletteChange):
            html, self._html = self._html, ""
            self.setText(html)

    def paintEvent(self, event) -> None:
        if self._wrap and self._doc.textWidth() != self.width():
            # the layout's heightForWidth questions leave the document at the last width
            # asked about: a wider one cut the lines off at the label's right edge
            self._doc.setTextWidth(self.width())
        painter = QPainter(self)
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = self.palette()  # a label's text is WindowText, a document's Text
        palette.setColor(QPalette.ColorRole.Text, palette.color(QPalette.ColorRole.WindowText))
        context.palette = palette
        self._doc.documentLayout().draw(painter, context)
        painter.end()


class LiveProgressBar(QProgressBar):
    """A QProgressBar whose ``setValue`` schedules its repaint with the frame's.

    ``setFormat`` takes a short form too ("%p%"), shown where the long one does not fit.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._formats = (self.format(), self.format())

    def setFormat(self, text: str, short: str | None = None) -> None:
        self._formats = (text, short or text)
        self._fit_format()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_format()

    def _fit_format(self) -> None:
        long, short = self._formats
        shown = long.replace("%p", "100")  # the widest the text gets
        fits = self.fontMetrics().horizontalAdvance(shown) + 12 <= self.width()
        text = long if fits else short
        if self.format() != text:
            super().setFormat(text)

    def setValue(self, value: int) -> None:
        if value == self.value():
            return
        self.setUpdatesEnabled(False)  # QProgressBar.setValue's repaint() is then a no-op
        try:
            super().setValue(value)
        finally:
            self.setUpdatesEnabled(True)  # posts an update of the whole bar


def keep_room(widget: QWidget) -> None:
    """Keep ``widget``'s place in its layout while it is hidden.

    Showing or hiding a widget otherwise re-lays out the window (a few milliseconds,
    and every widget that moved repaints): a progress bar that comes and goes with
    each run did that in the first and last frames of the run.
    """
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
