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
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QWidget

from ....core.regularization_geometry import Geometry
from ...palette import L1_COLOR, L2_COLOR, REFERENCE_COLOR, apply_plot_style
from .mc_figure import MonteCarloPlots
from .plot_items import (
    axes_lines,
    balls,
    clip_polyline,
    columns_that_fit,
    diamond_polygon,
    joined,
    l1_pen,
    l2_pen,
    legend,
    light,
)

CONTOUR_GREY = "#9a9a9a"
LEGEND_COLUMNS = 3


def ball_sample(symbol: str, color: str) -> pg.PlotDataItem:
    """A legend sample for a ball: its shape, filled as on the plot (not hue alone)."""
    return pg.PlotDataItem(
        pen=None, symbol=symbol, symbolSize=14, symbolBrush=light(color, 90),
        symbolPen=pg.mkPen(color, width=1.5),
    )  # fmt: skip


class GeometryPlots:
    """Weight plane: both balls, loss contours, exact optima, λ paths and the draggable c."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.legend = legend(LEGEND_COLUMNS, "10pt")
        layout.addItem(self.legend, row=0, col=0)
        self.plot = layout.addPlot(row=1, col=0)
        plot = self.plot
        plot.setAspectLocked(True)  # a circle must look round
        # no grid: on a loaded machine it alone cost ~20 ms per repaint of this plot
        plot.setLabel("bottom", "weight w1")
        plot.setLabel("left", "weight w2")
        plot.setMenuEnabled(False)  # its Export… entry reaches pyqtgraph's broken SVG exporter
        axes_lines(plot)
        self.diamond, self.circle = balls(plot, 40)
        self.background = plot.plot(pen=pg.mkPen(CONTOUR_GREY, width=1), connect="finite")
        self.contour_l1 = plot.plot(pen=l1_pen(1.5))
        self.contour_l2 = plot.plot(pen=l2_pen(1.5))
        self.path_l1 = plot.plot(pen=l1_pen(2.5))
        self.path_l2 = plot.plot(pen=l2_pen(2.5))
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
            brush=light("#ffffff", 120),
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
            (ball_sample("d", L1_COLOR), "L1 ball |w1|+|w2| ≤ t"),
            (pg.PlotDataItem(pen=l1_pen(2.5)), "L1 path, λ: 0 → ∞"),
            (
                # a PlotDataItem, not a data-less ScatterPlotItem: closing the view with one
                # in the legend crashes; WideSample draws the symbol from these options
                pg.PlotDataItem(
                    symbol="d", symbolSize=15, symbolBrush=L1_COLOR, symbolPen=white, pen=None
                ),
                "L1 optimum",
            ),
            (ball_sample("o", L2_COLOR), "L2 ball ‖w‖ ≤ t"),
            (pg.PlotDataItem(pen=l2_pen(2.5)), "L2 path, λ: 0 → ∞"),
            (
                pg.PlotDataItem(
                    symbol="o", symbolSize=13, symbolBrush=L2_COLOR, symbolPen=white, pen=None
                ),
                "L2 optimum",
            ),
        ]
        for item, text in entries:
            self.legend.addItem(item, text)
        self._proxies = entries  # the legend keeps only weak references to samples
        self._entries = tuple(self.legend.items)  # (sample, label) in the order added

    def fit_legend(self, width: float) -> None:
        """Three columns (an L1 row, an L2 row) when they fit; else L1 and L2 side by side."""
        columns = columns_that_fit(self.legend, width, (LEGEND_COLUMNS, 2, 1))
        if columns == self.legend.columnCount:
            return
        # entries fill rows: order them so each row (3 columns) or column (2) is one penalty.
        # The same samples move (setColumnCount lays them out again); clear() and adding
        # anew left closed samples behind that crashed the view when it closed.
        entries = self._entries
        self.legend.items = (
            list(entries)
            if columns == LEGEND_COLUMNS
            else [e for pair in zip(entries[:3], entries[3:], strict=True) for e in pair]
        )
        self.legend.setColumnCount(columns)

    def show(self, geo: Geometry, move_target: bool = True) -> None:
        """Draw ``geo``; ``move_target`` False while the user drags c (it is already there)."""
        t = geo.params.radius
        if t != self._radius:
            self._radius = t
            self.diamond.setPolygon(diamond_polygon(t))
            self.circle.setRect(QRectF(-t, -t, 2 * t, 2 * t))
        self.background.setData(*joined(geo.background))
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


class GeometryView(pg.GraphicsLayoutWidget):
    """View 1 on its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        self.parts = GeometryPlots(self.ci)

    def resizeEvent(self, event) -> None:
        parts = getattr(self, "parts", None)  # pyqtgraph resizes before __init__ ends
        if parts is not None:
            parts.fit_legend(self.width())
        super().resizeEvent(event)

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

    def resizeEvent(self, event) -> None:
        parts = getattr(self, "parts", None)
        if parts is not None:
            parts.fit_legend(self.width())
        super().resizeEvent(event)
