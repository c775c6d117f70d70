"""The Likelihood tab's four views, each a set of plot items in a ``pg.GraphicsLayout``.

A view's items are created once and updated with ``setData``. The same view
classes fill the tab's per-view figures and the CLI's overview figure.

While the Monte Carlo streams, the two views it feeds keep their axes still: an
axis whose range changes is laid out and drawn again (1–2 ms each, every frame),
and pyqtgraph's automatic range walks every item's bounds at each repaint. Their
y ranges are set here instead (:func:`streaming_range`): unchanged while the data
fit inside, widened with room to spare when they do not, exact once it is finished.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QWidget

from ....core.likelihood import LikelihoodResult, NoiseCurves, SampleFit, lp_variance_at
from ....core.montecarlo import MonteCarlo
from ....core.noise import NOISE_LABELS
from ...palette import HUBER_COLOR, L1_COLOR, L2_COLOR, LR_COLOR, REFERENCE_COLOR, apply_plot_style
from ...widgets.legends import fit_columns

NOISE_COLOR = "#222222"


def _pen(color: str, width: float = 2.0, dashed: bool = False, dotted: bool = False):
    pen = pg.mkPen(color, width=width)
    if dashed:
        pen.setDashPattern([5.0, 3.0])
    if dotted:
        pen.setStyle(Qt.PenStyle.DotLine)
    return pen


def _brush(color: str, alpha: int) -> pg.QtGui.QColor:
    c = pg.mkColor(color)
    c.setAlpha(alpha)
    return c


L2_PEN = _pen(L2_COLOR)  # L2 solid, L1 dashed, everywhere in the tab
L1_PEN = _pen(L1_COLOR, dashed=True)
HUBER_PEN = _pen(HUBER_COLOR, dotted=True, width=2.5)


PAD = 0.04  # of the data's span on either side, about what pyqtgraph's auto range adds
MARKS_PAD = 0.07  # the same with room for the L_p view's largest mark (16 px) at an end
ROOM = 0.25  # extra span on the growing side while a Monte Carlo streams (counts grow)
LP_ROOM = 0.1  # the L_p curve settles rather than grows: less empty room around it


def streaming_range(
    shown: tuple[float, float] | None,
    lo: float,
    hi: float,
    finished: bool,
    floor: bool = False,
    pad: float = PAD,
    room: float = ROOM,
) -> tuple[float, float]:
    """The y range to show data spanning [lo, hi] (``floor``: lo is a fixed base, e.g. 0).

    Finished (or nothing shown yet): [lo, hi] padded by ``pad`` of the span. Streaming:
    ``shown`` as long as the data lie inside it and fill at least half of it; else
    the padded range with ``room`` (of the span) more on the open sides, so that
    growing counts or a settling curve change the axis a few times, not every frame.
    """
    span = hi - lo if hi > lo else max(abs(hi), 1.0) * 1e-3
    exact = (lo - pad * span, hi + pad * span)
    if finished or shown is None:
        return exact
    if shown[0] <= exact[0] and exact[1] <= shown[1] and shown[1] - shown[0] <= 2 * span:
        return shown
    extra = room * span
    return (exact[0] if floor else exact[0] - extra, exact[1] + extra)


def _legend(layout: pg.GraphicsLayout, row: int, cols: int) -> pg.LegendItem:
    legend = pg.LegendItem(colCount=cols, labelTextSize="10pt", verSpacing=-4)
    # a legend ignores transformations by default: in a 2× PNG its text came out half size
    legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
    layout.addItem(legend, row=row, col=0)
    return legend


class NoiseView:
    """View 1: the density (top) and −log f up to constants against L2 and L1 (bottom)."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.legend = _legend(layout, 0, 2)
        self.density_plot = layout.addPlot(row=1, col=0)
        self.nll_plot = layout.addPlot(row=2, col=0)
        layout.layout.setRowStretchFactor(1, 2)
        layout.layout.setRowStretchFactor(2, 3)
        self.density_plot.setLabel("left", "density f(e)")
        self.density_plot.getAxis("left").enableAutoSIPrefix(False)
        self.density_plot.setTitle("noise density f")
        self.nll_plot.setLabel("left", "loss of one point")
        self.nll_plot.setLabel("bottom", "error e = y − c")
        self.nll_plot.setXLink(self.density_plot)
        self.density = self.density_plot.plot(
            pen=_pen(NOISE_COLOR), fillLevel=0, brush=_brush(NOISE_COLOR, 30)
        )
        self.nll = self.nll_plot.plot(pen=pg.mkPen(NOISE_COLOR, width=6))
        self.l2 = self.nll_plot.plot(pen=L2_PEN)
        self.l1 = self.nll_plot.plot(pen=L1_PEN)
        self.l2.setZValue(5)
        self.l1.setZValue(6)
        self._noise = None

    def show(self, curves: NoiseCurves, noise: str) -> None:
        e = curves.e
        self.density.setData(e, curves.density)
        finite = curves.nll[np.isfinite(curves.nll)]
        top = max(float(np.max(curves.l1)) * 1.05, float(finite.max()) if finite.size else 0.0)
        # +inf (uniform outside ±a) drawn as walls reaching above the plot
        self.nll.setData(e, np.where(np.isfinite(curves.nll), curves.nll, 10 * top))
        self.l2.setData(e, curves.l2)
        self.l1.setData(e, curves.l1)
        self.nll_plot.setYRange(-0.03 * top, top, padding=0)
        self.density_plot.setXRange(float(e[0]), float(e[-1]), padding=0)
        self.density_plot.setYRange(0, 1.08 * float(np.max(curves.density)), padding=0)
        if noise != self._noise:
            self._noise = noise
            self.legend.clear()
            self.legend.addItem(self.nll, f"−log f(e) + const, {NOISE_LABELS[noise]}")
            self.legend.addItem(self.l2, "L2: e²")
            self.legend.addItem(self.l1, "L1: |e|")


class SampleView:
    """View 2: total L2, L1 and Huber loss of one sample over the candidate c."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.legend = _legend(layout, 0, 2)
        self.plot = layout.addPlot(row=1, col=0)
        self.plot.setTitle("one sample: total loss")
        self.plot.setLabel("left", "total loss − its minimum")
        self.plot.setLabel("bottom", "candidate c (ticks: the data)")
        self.bottom = pg.LinearRegionItem(
            movable=False, brush=_brush(L1_COLOR, 45), pen=_pen(L1_COLOR, width=1)
        )
        self.bottom.setZValue(-10)
        self.plot.addItem(self.bottom)
        self.l2 = self.plot.plot(pen=L2_PEN)
        self.l1 = self.plot.plot(pen=L1_PEN)
        self.huber = self.plot.plot(pen=HUBER_PEN)
        self.flat = self.plot.plot(pen=pg.mkPen(L1_COLOR, width=6))
        self.rug = pg.ScatterPlotItem(
            symbol="|", size=14, pen=pg.mkPen(REFERENCE_COLOR, width=1.5), brush=None
        )
        self.plot.addItem(self.rug)
        self.markers = pg.ScatterPlotItem(size=11, pen=pg.mkPen("w", width=1.5))
        self.plot.addItem(self.markers)
        self.legend.addItem(self.l2, "L2 Σ(y−c)², mean ●")
        self.legend.addItem(self.l1, "L1 Σ|y−c|, median ■")
        self.legend.addItem(self.huber, "Huber ◆")
        self._flat_in_legend = False

    def show(self, fit: SampleFit) -> None:
        c = fit.c
        l1, l2, hub = fit.l1 - fit.l1.min(), fit.l2 - fit.l2.min(), fit.huber - fit.huber.min()
        self.l2.setData(c, l2)
        self.l1.setData(c, l1)
        self.huber.setData(c, hub)
        top = 1.1 * max(float(l1.max()), float(hub.max()))
        if fit.flat_bottom != self._flat_in_legend:  # name the band only when there is one
            self._flat_in_legend = fit.flat_bottom
            if fit.flat_bottom:
                self.legend.addItem(self.flat, "L1 flat bottom")
            else:
                self.legend.removeItem(self.flat)
        self.bottom.setVisible(fit.flat_bottom)
        self.flat.setVisible(fit.flat_bottom)
        if fit.flat_bottom:
            self.bottom.setRegion((fit.median_low, fit.median_high))
            self.flat.setData([fit.median_low, fit.median_high], [0.0, 0.0])
        inside = (fit.y >= c[0]) & (fit.y <= c[-1])
        self.rug.setData(fit.y[inside], np.full(int(inside.sum()), -0.04 * top))
        self.markers.setData(
            [fit.mean, fit.median, fit.huber_c],
            [0.0, 0.0, 0.0],
            brush=[L2_COLOR, L1_COLOR, HUBER_COLOR],
            symbol=["o", "s", "d"],
        )
        self.plot.setXRange(float(c[0]), float(c[-1]), padding=0)
        self.plot.setYRange(-0.08 * top, top, padding=0)


class MonteCarloView:
    """View 3: histograms of the mean and the median over the replicates."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.legend = _legend(layout, 0, 2)
        self.plot = layout.addPlot(row=1, col=0)
        self.plot.setTitle("many samples: the estimates")
        self.plot.setLabel("left", "samples per bin")
        self.plot.setLabel("bottom", "estimate of μ")
        self.mean = self.plot.plot(
            stepMode="center", pen=L2_PEN, fillLevel=0, brush=_brush(L2_COLOR, 50)
        )
        self.median = self.plot.plot(
            stepMode="center", pen=L1_PEN, fillLevel=0, brush=_brush(L1_COLOR, 50)
        )
        self.truth = pg.InfiniteLine(angle=90, pen=_pen(REFERENCE_COLOR, 1.5, dashed=True))
        self.plot.addItem(self.truth)
        self.legend.addItem(self.mean, "means (L2)")
        self.legend.addItem(self.median, "medians (L1)")
        self._x: tuple[float, float] | None = None
        self._y: tuple[float, float] | None = None
        self._drawn: tuple = ()

    def show(self, mc: MonteCarlo, mu: float) -> None:
        # the counts come from pass 1 only: while pass 2 streams (three quarters of the
        # run) they do not change, and neither does the picture
        key = (mc.done, mc.total, mc.var_mean, mc.finished, mu)  # var_mean: this run
        if key == self._drawn:
            return
        self._drawn = key
        self.mean.setData(mc.edges, mc.mean_counts)
        self.median.setData(mc.edges, mc.median_counts)
        self.truth.setValue(mu)
        x = (float(mc.edges[0]), float(mc.edges[-1]))
        if x != self._x:
            self._x = x
            self.plot.setXRange(*x, padding=0.02)
        top = float(max(mc.mean_counts.max(), mc.median_counts.max(), 1))
        y = streaming_range(self._y, 0.0, top, mc.finished, floor=True)
        if y != self._y:
            self._y = y
            self.plot.setYRange(*y, padding=0)


class LpView:
    """View 4: the Monte Carlo variance of the L_p estimator as a curve over p.

    The three marks (p = 1, p = 2 and the chosen p) are one scatter item: one
    ``setData`` when p moves; the legend shows a proxy for each.
    """

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.legend = _legend(layout, 0, 2)
        self.plot = layout.addPlot(row=1, col=0)
        self.plot.setTitle("L<sub>p</sub> estimate: variance by p")
        self.plot.setLabel("left", "variance of the estimate (log axis)")
        self.plot.setLabel("bottom", "power p of Σ|y − c|<sup>p</sup>")
        self.plot.setLogMode(y=True)
        axis = self.plot.getAxis("left")
        axis.enableAutoSIPrefix(False)
        axis.logTickStrings = _spaced_log_labels(axis)
        self.curve = self.plot.plot(
            pen=_pen(NOISE_COLOR), symbol="o", symbolSize=6, symbolBrush=NOISE_COLOR
        )
        self.marks = pg.ScatterPlotItem(pen="w")
        self.plot.addItem(self.marks)
        # legend proxies, never in the plot: p = 1, p = 2 and the chosen p
        self.l1 = pg.ScatterPlotItem(size=13, symbol="s", brush=L1_COLOR, pen="w")
        self.l2 = pg.ScatterPlotItem(size=13, symbol="o", brush=L2_COLOR, pen="w")
        self.chosen = pg.ScatterPlotItem(size=16, symbol="d", brush=LR_COLOR, pen="w")
        self.legend.addItem(self.curve, "var(L<sub>p</sub> estimate)")
        self.legend.addItem(self.l1, "p = 1: median")
        self.legend.addItem(self.l2, "p = 2: mean")
        self.legend.addItem(self.chosen, "chosen p")
        self.plot.setXRange(0.8, 6.2, padding=0)
        self._drawn: tuple = ()
        self._marked: tuple = ()
        self._y: tuple[float, float] | None = None

    def show(self, mc: MonteCarlo, p: float) -> None:
        key = (mc.lp_done, mc.total, mc.var_mean, mc.p_grid.size)  # var_mean: this run
        if key != self._drawn:  # pass 1 streams: the curve has not changed
            self._drawn = key
            ok = np.isfinite(mc.lp_var) & (mc.lp_var > 0)
            self.curve.setData(mc.p_grid[ok], mc.lp_var[ok])
            logs = np.log10(mc.lp_var[ok])
            if logs.size:  # log10 units: what a log axis's range is set in
                lo, hi = float(logs.min()), float(logs.max())
                y = streaming_range(self._y, lo, hi, mc.finished, pad=MARKS_PAD, room=LP_ROOM)
                if y != self._y:
                    self._y = y
                    self.plot.setYRange(*y, padding=0)
        if (key, p) == self._marked:
            return
        self._marked = (key, p)
        spots = []
        for proxy, q in ((self.l1, 1.0), (self.l2, 2.0), (self.chosen, p)):
            v = lp_variance_at(mc, q)
            if np.isfinite(v) and v > 0:  # a scatter on a log axis takes log10 values itself
                o = proxy.opts
                spots.append((q, np.log10(v), o["symbol"], o["size"], o["brush"]))
        if not spots:
            self.marks.setData([], [])
            return
        x, y, symbol, size, brush = (list(column) for column in zip(*spots, strict=True))
        self.marks.setData(x=x, y=y, symbol=symbol, size=size, brush=brush)


def _spread_labels(values, texts, pixels_per_unit: float, gap: float) -> list[str]:
    """Blank the labels that would print within ``gap`` pixels of a label kept before them.

    ``values`` are log10 positions; decades are kept first, then mantissas 2 and 5, then
    the rest, so a crowded axis keeps 0.1, 0.2, 0.5, 1 and drops 0.07, 0.08, 0.09.
    """
    rank = {"1": 0, "2": 1, "5": 1}
    order = sorted(range(len(values)), key=lambda i: rank.get(f"{10 ** values[i]:.0e}"[0], 2))
    kept: list[float] = []
    out = [""] * len(values)
    for i in order:
        if all(abs(values[i] - k) * pixels_per_unit >= gap for k in kept):
            kept.append(values[i])
            out[i] = texts[i]
    return out


def _spaced_log_labels(axis: pg.AxisItem):
    """pyqtgraph labels every minor tick of a log axis over a decade and a half: on a short
    axis 0.07, 0.08, 0.09 and 0.1 printed over each other. Keep those that fit."""
    labels = axis.logTickStrings

    def strings(values, scale, spacing):
        texts = labels(values, scale, spacing)
        lo, hi = axis.range  # log10 units on a log axis
        pixels_per_unit = axis.geometry().height() / max(hi - lo, 1e-12)
        gap = 1.3 * QFontMetricsF(axis.style["tickFont"] or axis.font()).height()
        logs = [float(v) + float(np.log10(scale)) for v in values]
        return _spread_labels(logs, texts, pixels_per_unit, gap)

    return strings


def _plain_axes(layout: pg.GraphicsLayout) -> None:
    """No "(x0.001)" scale labels: the numbers on an axis are the numbers in the text."""
    for item in layout.items:
        if isinstance(item, pg.PlotItem):
            for side in ("left", "bottom"):
                item.getAxis(side).enableAutoSIPrefix(False)


class ViewFigure(pg.GraphicsLayoutWidget):
    """One view in its own widget: what the tab shows and File → Export figure saves."""

    def __init__(self, view_type: type, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        self.view = view_type(self.ci)
        _plain_axes(self.ci)

    def resizeEvent(self, event) -> None:
        # two entries a row where they fit (presentation mode's type needs more room)
        # pyqtgraph resizes before __init__ ends; a closed figure's legend is deleted
        if getattr(self, "view", None) is not None and not self.closed:
            self.fit_legend(event.size().width())
        super().resizeEvent(event)

    def fit_legend(self, width: int | None = None) -> None:
        fit_columns(self.view.legend, (width or self.width()) - 16, most=2)


class OverviewFigure(pg.GraphicsLayoutWidget):
    """All four views in a 2×2 grid: the CLI's figure of a finished result."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        cells = [self.ci.addLayout(row=r, col=c) for r in (0, 1) for c in (0, 1)]
        self.noise = NoiseView(cells[0])
        self.sample = SampleView(cells[1])
        self.mc = MonteCarloView(cells[2])
        self.lp = LpView(cells[3])
        for cell in cells:
            _plain_axes(cell)

    def show_result(self, result: LikelihoodResult) -> None:
        for view in (self.noise, self.sample, self.mc, self.lp):
            show_view(view, result)


def show_view(view: NoiseView | SampleView | MonteCarloView | LpView, result: LikelihoodResult):
    """Draw ``result`` in one view, as the tab draws it."""
    p = result.params
    if isinstance(view, NoiseView):
        view.show(result.curves, p.noise)
    elif isinstance(view, SampleView):
        view.show(result.fit)
    elif isinstance(view, MonteCarloView):
        view.show(result.mc, p.mu)
    else:
        view.show(result.mc, p.p)
