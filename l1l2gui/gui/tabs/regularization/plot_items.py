"""Plot items and helpers shared by the Regularization tab's views."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPolygonF
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsPolygonItem

from ...palette import L1_COLOR, L2_COLOR

CONTOUR_GREY = "#9a9a9a"
AXIS_GREY = "#444444"


def light(color: str, alpha: int) -> QColor:
    q = QColor(color)
    q.setAlpha(alpha)
    return q


def l1_pen(width: float = 2.0):
    pen = pg.mkPen(L1_COLOR, width=width)
    pen.setDashPattern([5.0, 3.0])
    return pen


def l2_pen(width: float = 2.0):
    return pg.mkPen(L2_COLOR, width=width)


def diamond_polygon(t: float) -> QPolygonF:
    return QPolygonF([QPointF(t, 0), QPointF(0, t), QPointF(-t, 0), QPointF(0, -t)])


def joined(curves) -> tuple[np.ndarray, np.ndarray]:
    """Several closed curves as one item: NaN rows break the line between them."""
    parts = []
    for curve in curves:
        parts.extend([curve, np.full((1, 2), np.nan)])
    xy = np.concatenate(parts) if parts else np.empty((0, 2))
    return xy[:, 0], xy[:, 1]


def clip_polyline(x: np.ndarray, y: np.ndarray, rect: tuple[float, float, float, float]):
    """The parts of a polyline (NaN breaks it) inside ``rect = (x0, x1, y0, y1)``.

    Liang–Barsky on each segment; runs of whole segments stay one line, so a dash
    pattern is not restarted at every point. For export: an SVG has no clip.
    """
    x0, x1, y0, y1 = rect
    p0 = np.stack([x[:-1], y[:-1]], -1)
    d = np.stack([x[1:], y[1:]], -1) - p0
    t0, t1 = np.zeros(len(p0)), np.ones(len(p0))
    with np.errstate(divide="ignore", invalid="ignore"):
        for p, q in (
            (-d[:, 0], p0[:, 0] - x0),
            (d[:, 0], x1 - p0[:, 0]),
            (-d[:, 1], p0[:, 1] - y0),
            (d[:, 1], y1 - p0[:, 1]),
        ):
            r = q / p
            t0 = np.where(p < 0, np.maximum(t0, r), t0)
            t1 = np.where(p > 0, np.minimum(t1, r), t1)
            t1 = np.where((p == 0) & (q < 0), -1.0, t1)  # parallel and outside
    keep = np.isfinite(p0).all(1) & np.isfinite(d).all(1) & (t0 <= t1)
    out: list[np.ndarray] = []
    last = -2
    for i in np.flatnonzero(keep):
        a, b = p0[i] + t0[i] * d[i], p0[i] + t1[i] * d[i]
        if i == last + 1 and t0[i] == 0.0 and t1[last] == 1.0:
            out.append(b)
        else:
            out.extend([np.full(2, np.nan), a, b])
        last = i
    xy = np.array(out) if out else np.empty((0, 2))
    return xy[:, 0], xy[:, 1]


SAMPLE_WIDTH = 36  # px: room for two dashes of a dashed pen (pyqtgraph draws 20)


class WideSample(ItemSample):
    """A legend sample wide enough to show a dash pattern, with the symbol's own colours.

    pyqtgraph's sample draws a ``PlotDataItem``'s symbol from its inner scatter, whose
    colours are set only once it has data: a data-less legend proxy came out slate grey.
    """

    def __init__(self, item) -> None:
        super().__init__(item)
        self.setFixedWidth(SAMPLE_WIDTH)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, SAMPLE_WIDTH, 20)

    def paint(self, p, *args) -> None:
        item = self.item
        if not item.isVisible():
            return super().paint(p, *args)
        opts = item.opts
        p.setRenderHint(p.RenderHint.Antialiasing)
        if isinstance(item, pg.BarGraphItem):  # a filled box as wide as the sample
            p.setPen(pg.mkPen(opts.get("pen")))
            p.setBrush(pg.mkBrush(opts.get("brush")))
            p.drawRect(QRectF(2, 4, SAMPLE_WIDTH - 4, 14))
            return
        if isinstance(item, pg.ScatterPlotItem):
            symbol, size, pen, brush = opts["symbol"], opts["size"], opts["pen"], opts["brush"]
        else:
            pen_opt = opts.get("pen")
            if pen_opt is not None:
                p.setPen(pg.mkPen(pen_opt))
                p.drawLine(QPointF(0, 11), QPointF(SAMPLE_WIDTH, 11))
            symbol, size = opts.get("symbol"), opts.get("symbolSize", 10)
            pen, brush = opts.get("symbolPen"), opts.get("symbolBrush")
        if symbol is not None:
            p.translate(SAMPLE_WIDTH / 2, 10)
            drawSymbol(p, symbol, size, pg.mkPen(pen), pg.mkBrush(brush))


LEGEND_SPACING = 25  # px between a legend's columns (pyqtgraph's default, set explicitly)


def legend(columns: int, size: str, **kw) -> pg.LegendItem:
    kw.setdefault("sampleType", WideSample)
    kw.setdefault("horSpacing", LEGEND_SPACING)
    legend = pg.LegendItem(colCount=columns, labelTextSize=size, verSpacing=-6, **kw)
    legend.__dict__["hor_spacing"] = kw["horSpacing"]  # for columns_that_fit (see there)
    # LegendItem ignores transformations: a 2× PNG would draw it at half its size
    legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
    return legend


def columns_that_fit(legend: pg.LegendItem, width: float, choices: tuple[int, ...]) -> int:
    """The first of ``choices`` (most first) whose legend rows fit in ``width`` pixels.

    Entries fill a row before the next, so column j holds entries j, j + c, …
    """
    if not legend.items:
        return legend.columnCount
    # measured from the labels' text and font: asking the legend's layout or the labels'
    # text items from a resize made the view crash when it closed (PySide 6.11)
    spacing = legend.__dict__.get("hor_spacing", LEGEND_SPACING)
    widths = [
        sample.boundingRect().width() + _label_width(label) for sample, label in legend.items
    ]
    for c in choices:
        need = sum(max(widths[j::c]) for j in range(c)) + spacing * (2 * c - 1) + 20
        if need <= width:
            return c
    return choices[-1]


def _label_width(label: pg.LabelItem) -> float:
    font = QFont()
    size = str(label.opts.get("size") or "")
    if size.endswith("pt"):
        font.setPointSizeF(float(size[:-2]))
    # + the text item's document margins (4 px a side) and a little slack
    return QFontMetricsF(font).horizontalAdvance(str(label.text)) + 12


def fit_columns(legend: pg.LegendItem, width: float, choices: tuple[int, ...]) -> int:
    """Set the legend to :func:`columns_that_fit` columns; return the count."""
    columns = columns_that_fit(legend, width, choices)
    if legend.columnCount != columns:
        legend.setColumnCount(columns)
    return columns


def axes_lines(plot: pg.PlotItem) -> None:
    for angle in (0, 90):
        plot.addItem(pg.InfiniteLine(angle=angle, pen=pg.mkPen(AXIS_GREY, width=1)))


def balls(plot: pg.PlotItem, alpha: int) -> tuple[QGraphicsPolygonItem, QGraphicsEllipseItem]:
    diamond = QGraphicsPolygonItem(diamond_polygon(1.0))
    diamond.setPen(pg.mkPen(L1_COLOR, width=1.5))
    diamond.setBrush(light(L1_COLOR, alpha))
    circle = QGraphicsEllipseItem(-1, -1, 2, 2)
    circle.setPen(pg.mkPen(L2_COLOR, width=1.5))
    circle.setBrush(light(L2_COLOR, alpha))
    for item in (circle, diamond):
        item.setZValue(-20)
        plot.addItem(item)
    return diamond, circle
