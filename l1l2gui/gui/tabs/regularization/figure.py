"""The Regularization tab's plots: the weight plane (view 1) and the Monte Carlo (view 2).

Each part adds its plots to a given ``pg.GraphicsLayout``, so the tab shows them in
two views and the CLI exports both side by side. Items are created once; updates
are ``setData`` / ``setRect`` / ``setPolygon``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPolygonF
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsPolygonItem, QWidget

from ....core.regularization import Geometry
from ....core.regularization_mc import FAMILIES, FAMILY_LABELS, MonteCarlo
from ...palette import L1_COLOR, L2_COLOR, REFERENCE_COLOR, apply_plot_style

SCATTER_MAX = 1000  # solutions drawn per penalty and family: a frame stays small
CONTOUR_GREY = "#9a9a9a"
AXIS_GREY = "#444444"


def _light(color: str, alpha: int) -> QColor:
    q = QColor(color)
    q.setAlpha(alpha)
    return q


def _l1_pen(width: float = 2.0):
    pen = pg.mkPen(L1_COLOR, width=width)
    pen.setDashPattern([5.0, 3.0])
    return pen


def _l2_pen(width: float = 2.0):
    return pg.mkPen(L2_COLOR, width=width)


def _diamond(t: float) -> QPolygonF:
    return QPolygonF([QPointF(t, 0), QPointF(0, t), QPointF(-t, 0), QPointF(0, -t)])


def _joined(curves) -> tuple[np.ndarray, np.ndarray]:
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


def _legend(columns: int, size: str, **kw) -> pg.LegendItem:
    legend = pg.LegendItem(colCount=columns, labelTextSize=size, verSpacing=-6, **kw)
    # LegendItem ignores transformations: a 2× PNG would draw it at half its size
    legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
    return legend


def _axes_lines(plot: pg.PlotItem) -> None:
    for angle in (0, 90):
        plot.addItem(pg.InfiniteLine(angle=angle, pen=pg.mkPen(AXIS_GREY, width=1)))


def _balls(plot: pg.PlotItem, alpha: int) -> tuple[QGraphicsPolygonItem, QGraphicsEllipseItem]:
    diamond = QGraphicsPolygonItem(_diamond(1.0))
    diamond.setPen(pg.mkPen(L1_COLOR, width=1.5))
    diamond.setBrush(_light(L1_COLOR, alpha))
    circle = QGraphicsEllipseItem(-1, -1, 2, 2)
    circle.setPen(pg.mkPen(L2_COLOR, width=1.5))
    circle.setBrush(_light(L2_COLOR, alpha))
    for item in (circle, diamond):
        item.setZValue(-20)
        plot.addItem(item)
    return diamond, circle


class GeometryPlots:
    """Weight plane: both balls, loss contours, exact optima, λ paths and the draggable c."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.legend = _legend(3, "10pt")
        layout.addItem(self.legend, row=0, col=0)
        self.plot = layout.addPlot(row=1, col=0)
        plot = self.plot
        plot.setAspectLocked(True)  # a circle must look round
        # no grid: on a loaded machine it alone cost ~20 ms per repaint of this plot
        plot.setLabel("bottom", "weight w1")
        plot.setLabel("left", "weight w2")
        plot.setMenuEnabled(False)  # its Export… entry reaches pyqtgraph's broken SVG exporter
        _axes_lines(plot)
        self.diamond, self.circle = _balls(plot, 40)
        self.background = plot.plot(pen=pg.mkPen(CONTOUR_GREY, width=1), connect="finite")
        self.contour_l1 = plot.plot(pen=_l1_pen(1.5))
        self.contour_l2 = plot.plot(pen=_l2_pen(1.5))
        self.path_l1 = plot.plot(pen=_l1_pen(2.5))
        self.path_l2 = plot.plot(pen=_l2_pen(2.5))
        white = pg.mkPen("w", width=1.5)
        self.opt_l1 = pg.ScatterPlotItem(size=15, symbol="d", pen=white, brush=L1_COLOR)
        self.opt_l2 = pg.ScatterPlotItem(size=13, symbol="o", pen=white, brush=L2_COLOR)
        for item in (self.opt_l1, self.opt_l2):
            item.setZValue(10)
            plot.addItem(item)
        self.target = pg.TargetItem(
            pos=(1.0, 1.0),
            size=16,
            pen=pg.mkPen(REFERENCE_COLOR, width=2),
            hoverPen=pg.mkPen("#000000", width=3),
            brush=_light("#ffffff", 120),
            movable=True,
            label="c",
            labelOpts={"color": REFERENCE_COLOR, "offset": (10, -6)},
        )
        self.target.setZValue(20)
        plot.addItem(self.target)
        self._radius = None
        self._legend_proxies()

    def _legend_proxies(self) -> None:
        # lines and polygons have no legend sample; draw-only proxies stand in
        white = pg.mkPen("w", width=1.5)
        entries = [
            (pg.PlotDataItem(pen=pg.mkPen(L1_COLOR, width=6)), "L1 ball |w1|+|w2| ≤ t"),
            (pg.PlotDataItem(pen=_l1_pen(2.5)), "L1 path, λ: 0 → ∞"),
            (
                pg.PlotDataItem(symbol="d", symbolBrush=L1_COLOR, symbolPen=white, pen=None),
                "L1 optimum",
            ),
            (pg.PlotDataItem(pen=pg.mkPen(L2_COLOR, width=6)), "L2 ball ‖w‖ ≤ t"),
            (pg.PlotDataItem(pen=_l2_pen(2.5)), "L2 path, λ: 0 → ∞"),
            (
                pg.PlotDataItem(symbol="o", symbolBrush=L2_COLOR, symbolPen=white, pen=None),
                "L2 optimum",
            ),
        ]
        for item, text in entries:
            self.legend.addItem(item, text)
        self._proxies = entries  # the legend keeps only weak references to samples

    def show(self, geo: Geometry, move_target: bool = True) -> None:
        """Draw ``geo``; ``move_target`` False while the user drags c (it is already there)."""
        t = geo.params.radius
        if t != self._radius:
            self._radius = t
            self.diamond.setPolygon(_diamond(t))
            self.circle.setRect(QRectF(-t, -t, 2 * t, 2 * t))
        self.background.setData(*_joined(geo.background))
        self.contour_l1.setData(geo.contour_l1[:, 0], geo.contour_l1[:, 1])
        self.contour_l2.setData(geo.contour_l2[:, 0], geo.contour_l2[:, 1])
        self.path_l1.setData(geo.path_l1[:, 0], geo.path_l1[:, 1])
        self.path_l2.setData(geo.path_l2[:, 0], geo.path_l2[:, 1])
        self.opt_l1.setData([geo.l1[0]], [geo.l1[1]])
        self.opt_l2.setData([geo.l2[0]], [geo.l2[1]])
        if move_target:
            self.target.blockSignals(True)
            self.target.setPos(float(geo.params.center_w1), float(geo.params.center_w2))
            self.target.blockSignals(False)

    @contextlib.contextmanager
    def clipped(self) -> Iterator[None]:
        """Curves cut to the visible range while exporting (an SVG ignores the plot's clip)."""
        (x0, x1), (y0, y1) = self.plot.viewRange()
        items = (self.background, self.contour_l1, self.contour_l2, self.path_l1, self.path_l2)
        saved = [item.getData() for item in items]
        try:
            for item, (x, y) in zip(items, saved, strict=True):
                if x is not None and len(x):
                    item.setData(*clip_polyline(x, y, (x0, x1, y0, y1)), connect="finite")
            yield
        finally:
            for item, (x, y) in zip(items, saved, strict=True):
                if x is not None:
                    item.setData(x, y, connect="finite")

    def frame(self, c: np.ndarray, t: float) -> None:
        """Show the balls and c with room around them (not called during a drag)."""
        half = max(1.5 * t, float(np.max(np.abs(c))) + 0.5 * t)
        self.plot.setRange(xRange=(-half, half), yRange=(-half, half), padding=0.02)


class MonteCarloPlots:
    """Where the solutions land, per family, and a bar chart of the zero fractions."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.plots: dict[str, pg.PlotItem] = {}
        self.scatter: dict[tuple[str, str], pg.ScatterPlotItem] = {}
        self.balls = {}
        for col, family in enumerate(FAMILIES):
            plot = layout.addPlot(row=1, col=col)
            plot.setAspectLocked(True)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setTitle(FAMILY_LABELS[family], size="10pt")
            plot.getAxis("left").setWidth(34)
            plot.setLabel("bottom", "w1")
            if col == 0:
                plot.setLabel("left", "w2")
            _axes_lines(plot)
            self.balls[family] = _balls(plot, 22)
            l2 = pg.ScatterPlotItem(size=5, pen=None, brush=_light(L2_COLOR, 150))
            l1 = pg.ScatterPlotItem(size=7, symbol="x", pen=None, brush=L1_COLOR)
            for item in (l2, l1):
                plot.addItem(item)
            self.scatter["l1", family] = l1
            self.scatter["l2", family] = l2
            self.plots[family] = plot
        self.bars = layout.addPlot(row=2, col=0, colspan=3)
        self.bars.setMenuEnabled(False)
        self.bars.setMouseEnabled(x=False, y=False)
        self.bars.hideButtons()
        self.bars.setLabel("left", "share of trials (%)")
        # the top of the bar plot holds its legend (a legend row above would set a minimum
        # width wider than a small window)
        self.bars.setYRange(0, 135, padding=0)
        self.bars.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 101, 20)]])
        self.legend = _legend(4, "9pt", offset=(6, 2))
        self.legend.setParentItem(self.bars.vb)
        self.bars.setXRange(-0.6, len(FAMILIES) - 0.4, padding=0)
        self.bars.getAxis("bottom").setTicks(
            [[(i, FAMILY_LABELS[f]) for i, f in enumerate(FAMILIES)]]
        )
        layout.layout.setRowStretchFactor(1, 3)
        layout.layout.setRowStretchFactor(2, 2)
        width = 0.18
        self._bar_specs = {
            ("l1", "exact"): (-1.5 * width, pg.mkBrush(L1_COLOR), pg.mkPen(L1_COLOR)),
            ("l1", "near"): (-0.5 * width, pg.mkBrush(_light(L1_COLOR, 70)), _l1_pen(1.5)),
            ("l2", "exact"): (0.5 * width, pg.mkBrush(L2_COLOR), pg.mkPen(L2_COLOR)),
            ("l2", "near"): (1.5 * width, pg.mkBrush(_light(L2_COLOR, 70)), _l2_pen(1.5)),
        }
        self.bar_items = {}
        self.bar_labels = {}
        x = np.arange(len(FAMILIES), dtype=float)
        for key, (dx, brush, pen) in self._bar_specs.items():
            item = pg.BarGraphItem(
                x=x + dx, height=np.zeros(x.size), width=width, brush=brush, pen=pen
            )
            self.bars.addItem(item)
            self.bar_items[key] = item
            labels = []
            for i in range(len(FAMILIES)):
                text = pg.TextItem("", color="#222222", anchor=(0.5, 1.0))
                text.setPos(i + dx, 0)
                self.bars.addItem(text)
                labels.append(text)
            self.bar_labels[key] = labels
        names = {
            ("l1", "exact"): "L1 = 0",
            ("l1", "near"): "L1 &lt; tol",
            ("l2", "exact"): "L2 = 0",
            ("l2", "near"): "L2 &lt; tol",
        }
        self._radius = None
        self._shown = 0
        self._params = None
        self._proxies = []
        for key, (_, brush, pen) in self._bar_specs.items():
            proxy = pg.BarGraphItem(x=[0], height=[1], width=1, brush=brush, pen=pen)
            self.legend.addItem(proxy, names[key])
            self._proxies.append(proxy)

    def show(self, mc: MonteCarlo) -> None:
        """Draw the trials so far; only what changed since the last call is touched."""
        t = mc.params.radius
        if t != self._radius:
            self._radius = t
            self._shown = 0
            for family, plot in self.plots.items():
                diamond, circle = self.balls[family]
                diamond.setPolygon(_diamond(t))
                circle.setRect(QRectF(-t, -t, 2 * t, 2 * t))
                # every optimum is on its ball (c is outside both): show the balls only
                plot.setRange(xRange=(-1.2 * t, 1.2 * t), yRange=(-1.2 * t, 1.2 * t), padding=0)
        shown = min(mc.done, SCATTER_MAX)
        if shown != self._shown or mc.params != self._params:
            # the first SCATTER_MAX trials: once they are drawn, later chunks change nothing here
            self._shown, self._params = shown, mc.params
            for (penalty, family), item in self.scatter.items():
                w = mc.solutions[penalty, family][:shown]
                item.setData(w[:, 0], w[:, 1])
        for (penalty, kind), item in self.bar_items.items():
            frac = mc.zero_fraction if kind == "exact" else mc.near_zero_fraction
            heights = np.array([100 * frac(penalty, f) for f in FAMILIES])
            if not np.array_equal(heights, item.opts["height"]):
                item.setOpts(height=heights)
            for label, h in zip(self.bar_labels[penalty, kind], heights, strict=True):
                text = f"{h:.0f}"
                if label.textItem.toPlainText() != text:
                    label.setText(text)
                    label.setPos(label.pos().x(), h + 1)


class GeometryView(pg.GraphicsLayoutWidget):
    """View 1 on its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        self.parts = GeometryPlots(self.ci)

    @contextlib.contextmanager
    def export_style(self, scale: float) -> Iterator[None]:
        with self.parts.clipped():
            yield


class MonteCarloView(pg.GraphicsLayoutWidget):
    """View 2 on its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        self.parts = MonteCarloPlots(self.ci)


class CombinedFigure(pg.GraphicsLayoutWidget):
    """Both views side by side: what ``export regularization --out x.png`` draws."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        self.geometry_parts = GeometryPlots(self.ci.addLayout(row=0, col=0))
        self.mc_parts = MonteCarloPlots(self.ci.addLayout(row=0, col=1))
        self.ci.layout.setColumnStretchFactor(0, 1)
        self.ci.layout.setColumnStretchFactor(1, 1)
        self.geometry_parts.target.movable = False

    @contextlib.contextmanager
    def export_style(self, scale: float) -> Iterator[None]:
        with self.geometry_parts.clipped():
            yield
