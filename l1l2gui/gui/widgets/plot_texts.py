"""A plot's title and left-axis label in their full or a shorter form, whichever fits.

pyqtgraph cuts a title wider than its plot and a rotated axis label taller than it (in
a small window, more so in presentation mode's type). :class:`FittedTexts` measures
both in their own fonts whenever the plot is resized and shows the full text where it
fits, else the short one.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtGui import QFontMetricsF, QTextDocument
from shiboken6 import isValid

MARGIN = 8.0  # px kept free beside a title, above and below an axis label


class FittedTexts:
    """Keeps ``plot``'s title and left label (each ``(full, shorter, …)``) fitted to its size."""

    def __init__(
        self,
        plot: pg.PlotItem,
        title: tuple[str, ...] | None = None,
        left: tuple[str, ...] | None = None,
        title_size: str = "10pt",
    ) -> None:
        self.plot, self.title, self.left, self.title_size = plot, title, left, title_size
        plot.vb.sigResized.connect(self.fit)
        self.fit()

    def fit(self, *_args) -> None:
        plot = self.plot
        # a resize can come while a closing view deletes its items: touch none of them then
        if not (isValid(plot) and isValid(plot.vb) and isValid(plot.titleLabel.item)):
            return
        if self.title is not None:
            label = plot.titleLabel
            # the title stands over the view box, inside its text's margins
            room = plot.vb.width() - 2 * label.item.document().documentMargin() - MARGIN
            text = _choose(self.title, label.item.font(), room, _drawn_scale(label))
            if label.text != text:
                plot.setTitle(text, size=label.opts.get("size", self.title_size))
        if self.left is not None:
            axis = plot.getAxis("left")
            room = plot.vb.height() - MARGIN
            text = _choose(self.left, axis.label.font(), room)
            if axis.labelText != text:
                plot.setLabel("left", text)

    def shown(self) -> tuple[str | None, str | None]:
        """The title and left label on screen now (for tests)."""
        title = self.plot.titleLabel.text if self.title is not None else None
        left = self.plot.getAxis("left").labelText if self.left is not None else None
        return title, left


def _choose(texts: tuple[str, ...], font, room: float, scale: float = 1.0) -> str:
    """The first of ``texts`` (longest first) that fits ``room``, else the last."""
    if room <= 0:  # not laid out yet
        return texts[0]
    metrics = QFontMetricsF(font)
    for text in texts[:-1]:
        if scale * metrics.horizontalAdvance(text) <= room:
            return text
    return texts[-1]


def _drawn_scale(label: pg.LabelItem) -> float:
    """How much wider the label's text is drawn than its item's font measures it (its
    HTML sets the size, which presentation mode changes)."""
    text = label.item.toPlainText()
    measured = QFontMetricsF(label.item.font()).horizontalAdvance(text)
    if not text or measured <= 0:
        return 1.0
    return natural_width(label.item, margin=0.0) / measured


def natural_width(item, margin: float | None = None) -> float:
    """The width a text item's HTML takes on one line (its own document wraps at the
    item's room: a fresh one does not); ``margin``: the document's, or the item's own."""
    natural = QTextDocument()
    natural.setDefaultFont(item.font())
    natural.setDocumentMargin(item.document().documentMargin() if margin is None else margin)
    natural.setHtml(item.toHtml())
    return natural.idealWidth()
