"""The Training tab's figure: loss, w and learning rate per step, one colour per loss.

Plot items are created once; :meth:`TrainingFigure.show_run` only calls
``setData``. The same figure is exported to PNG/SVG by the GUI and the CLI.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ....core.descent import TrainingRun
from ....core.descent_display import RunPyramids, run_pyramids
from ....core.descent_facts import HUGE_W, DescentFacts
from ....core.envelope import envelope
from ....core.losses import LOSS_KINDS, LOSS_LABELS
from ...palette import (
    ERROR_COLOR,
    KIND_COLORS,
    LR_COLOR,
    REFERENCE_COLOR,
    apply_plot_style,
    kind_pen,
)
from .text import display_name, num

# A run can have 500,000 steps. The worker keeps min/max pyramids of every series
# (core.descent_display); a frame cuts out the visible steps at about one (min, max)
# stroke per pixel column, so pyqtgraph never sees more than a few thousand points.


class TrainingFigure(pg.GraphicsLayoutWidget):
    """Three stacked plots sharing the step axis, with a marker at the shown step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        # the legend has a row of its own above the plots, so it never hides a curve
        self.legend = pg.LegendItem(colCount=4, labelTextSize="10pt", verSpacing=-4)
        self.addItem(self.legend, row=0, col=0)
        # pyqtgraph's legend ignores transformations (meant for one floating over a plot): in a
        # PNG drawn at twice the size its text stayed at screen size, half the axis text
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.loss_plot = self.addPlot(row=1, col=0)
        self.w_plot = self.addPlot(row=2, col=0)
        self.lr_plot = self.addPlot(row=3, col=0)
        self.loss_plot.setLabel("left", _LOSS_LABEL)
        self.w_plot.setLabel("left", "weight w")
        self.lr_plot.setLabel("left", "learning rate")
        self.lr_plot.setLabel("bottom", "step k")
        # a loss that ran away is named here (and in an exported figure), not left to guess
        self.note = pg.LabelItem("", color=ERROR_COLOR, size="10pt", justify="left")
        self.addItem(self.note, row=4, col=0)
        self.ci.layout.setRowStretchFactor(1, 3)
        self.ci.layout.setRowStretchFactor(2, 3)
        self.ci.layout.setRowStretchFactor(3, 2)
        for plot in (self.loss_plot, self.w_plot, self.lr_plot):
            axis = plot.getAxis("left")
            axis.setWidth(_AXIS_WIDTH)
            # a diverging run reaches 1e300: "(x1e+27)" scale labels would only confuse
            axis.enableAutoSIPrefix(False)
            axis.tickStrings = _compact_ticks(axis)
            # the user's own zoom or pan holds until "Fit view"
            plot.getViewBox().sigRangeChangedManually.connect(self._user_moved_view)
        for plot in (self.loss_plot, self.w_plot, self.lr_plot):
            # the last step's tick label may reach past the axis end into the right margin
            plot.getAxis("bottom").setStyle(hideOverlappingLabels=_RIGHT_MARGIN)
        self.ci.layout.setContentsMargins(4, 4, _RIGHT_MARGIN, 4)
        self.w_plot.setXLink(self.loss_plot)
        self.lr_plot.setXLink(self.loss_plot)
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        self.w_curves: dict[str, pg.PlotDataItem] = {}
        self.w_markers: dict[str, pg.ScatterPlotItem] = {}
        for kind in LOSS_KINDS:
            self.loss_curves[kind] = self.loss_plot.plot(pen=kind_pen(kind))
            self.w_curves[kind] = self.w_plot.plot(pen=kind_pen(kind))
            if kind == "signed_l1":  # dashed and on top: it overlaps abs L1 until w meets the data
                for curve in (self.loss_curves[kind], self.w_curves[kind]):
                    curve.setPen(kind_pen(kind, dashed=True))
                    curve.setZValue(5)
            marker = pg.ScatterPlotItem(
                size=9, pen=pg.mkPen("w", width=1.5), brush=KIND_COLORS[kind]
            )
            self.w_plot.addItem(marker)
            self.w_markers[kind] = marker
        ref = pg.mkPen(REFERENCE_COLOR, width=1.5, style=Qt.PenStyle.DashLine)
        self.true_w_line = pg.InfiniteLine(angle=0, pen=ref, movable=False)
        self.mean_line = pg.InfiniteLine(angle=0, pen=_dotted("l2"), movable=False)
        band = pg.mkColor(KIND_COLORS["abs_l1"])
        band.setAlpha(40)
        self.median_band = pg.LinearRegionItem(
            orientation="horizontal", movable=False, brush=band, pen=_dotted("abs_l1")
        )
        self.median_band.setZValue(-10)
        for item in (self.true_w_line, self.mean_line, self.median_band):
            self.w_plot.addItem(item)
        # the legend draws samples from a data item's opts; lines and regions have none
        self._legend_samples = {
            "true": pg.PlotDataItem(pen=ref),
            "median": pg.PlotDataItem(pen=pg.mkPen(band, width=8)),
            "mean": pg.PlotDataItem(pen=_dotted("l2")),
        }
        self.lr_curve = self.lr_plot.plot(pen=pg.mkPen(LR_COLOR, width=2))
        self.cursor_lines = []
        for plot in (self.loss_plot, self.w_plot, self.lr_plot):
            line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#999999", width=1), movable=False)
            plot.addItem(line)
            self.cursor_lines.append(line)
        self._legend_kinds: tuple = ()
        self._steps = -1
        self._user_view = False
        self._log_loss = False
        self._shown: tuple[TrainingRun, int, RunPyramids] | None = None
        # zooming or panning re-cuts the curves for the new range (all plots share x)
        self.loss_plot.sigXRangeChanged.connect(self._draw_curves)

    def resizeEvent(self, event) -> None:
        # four legend entries in a row need about 700 px; narrower, two rows of two
        legend = getattr(self, "legend", None)  # pyqtgraph resizes before __init__ ends
        columns = 4 if self.width() >= 720 else 2
        if legend is not None and legend.columnCount != columns:
            self.legend.setColumnCount(columns)
        super().resizeEvent(event)

    def set_log_loss(self, on: bool) -> None:
        self._log_loss = on
        self.loss_plot.setLogMode(y=on)
        label = _LOSS_LABEL + ", log axis" if on else _LOSS_LABEL
        self.loss_plot.setLabel("left", label)
        # a log toggle autoranges x as well: put the step axis back on the run
        if not self._user_view:
            self._fit_steps()
        self._draw_curves()

    @property
    def user_view(self) -> bool:
        """True after the user zoomed or panned, until :meth:`fit_view`."""
        return self._user_view

    def _user_moved_view(self, *_args) -> None:
        self._user_view = True

    def fit_view(self) -> None:
        """The whole run on the step axis, every finite curve in view (undoes zoom and pan)."""
        self._user_view = False
        for plot in (self.loss_plot, self.w_plot):
            plot.enableAutoRange(axis="y")
        self._fit_steps()
        self._draw_curves()

    def _fit_steps(self) -> None:
        if self._steps < 0:
            return
        lo, hi = self.loss_plot.viewRange()[0]
        pad = 0.02 * self._steps
        if abs(lo + pad) > 1e-9 * max(1, self._steps) or abs(hi - self._steps - pad) > 1e-9 * max(
            1, self._steps
        ):
            self.loss_plot.setXRange(0, self._steps, padding=0.02)

    def show_run(
        self,
        run: TrainingRun,
        step: int,
        facts: DescentFacts | None = None,
        pyramids: RunPyramids | None = None,
    ) -> None:
        """Draw ``run`` up to ``step`` (the cursor); kinds not in the run are hidden.

        ``pyramids`` are the run's min/max pyramids, grown by the worker (built here
        if not given, for a stand-alone figure). ``facts`` adds the data's optima
        (median and mean of y/x) when there is noise.
        """
        noisy = run.params.noise_sigma > 0 and facts is not None
        if pyramids is None:
            pyramids = run_pyramids(run)
        # the step axis spans the whole run from the start: a run being played or
        # streamed grows into it; it stays there unless the user zooms or pans
        self._steps = run.params.steps
        if not self._user_view:
            self._fit_steps()
        legend = (tuple(run.traces), noisy)
        if legend != self._legend_kinds:
            self._set_legend(*legend)
        self._shown = (run, step, pyramids)
        for kind in LOSS_KINDS:
            trace = run.traces.get(kind)
            for item in (self.loss_curves[kind], self.w_curves[kind], self.w_markers[kind]):
                item.setVisible(trace is not None)
            if trace is None:
                continue
            end = min(step + 1, trace.w.size)
            self.w_markers[kind].setData([end - 1], trace.w[end - 1 : end])
        self._draw_curves()
        self.true_w_line.setValue(run.params.true_w)
        self.median_band.setVisible(noisy)
        self.mean_line.setVisible(noisy)
        if noisy:
            self.median_band.setRegion((facts.w_median_low, facts.w_median_high))
            self.mean_line.setValue(facts.w_mean)
        if run.lr.size:  # lr only falls (decay ≥ 0): lr₀ is its maximum
            self.lr_plot.setYRange(0.0, 1.1 * float(run.lr[0]), padding=0)
        for line in self.cursor_lines:
            line.setValue(step)

    def curve_sizes(self) -> dict[str, int]:
        """How many points each visible curve was last given (for tests and benchmarks)."""
        items = {f"w/{k}": c for k, c in self.w_curves.items()}
        items.update({f"loss/{k}": c for k, c in self.loss_curves.items()})
        items["lr"] = self.lr_curve
        return {name: len(c.xData) for name, c in items.items() if c.xData is not None}

    def _draw_curves(self) -> None:
        """Cut every curve out of its pyramid for the visible steps, up to the cursor."""
        if self._shown is None:
            return
        run, step, pyramids = self._shown
        lo, hi = self.loss_plot.viewRange()[0]
        columns = max(200, int(self.loss_plot.getViewBox().width()))
        for kind, trace in run.traces.items():
            end = min(step + 1, trace.w.size)
            self.w_curves[kind].setData(*envelope(pyramids.w[kind], lo, hi, end, columns))
            self.loss_curves[kind].setData(*envelope(pyramids.loss[kind], lo, hi, end, columns))
        lr_end = min(step, run.lr.size)
        self.lr_curve.setData(*envelope(pyramids.lr, lo, hi, lr_end, columns))
        self._fit_values(run, step)

    def _fit_values(self, run: TrainingRun, step: int) -> None:
        """Keep a diverged or astronomically large curve from setting the value axes."""
        runaway, kept = [], []
        for kind, trace in run.traces.items():
            w = self.w_curves[kind].yData
            big = w is not None and w.size and np.nanmax(np.abs(w)) >= HUGE_W
            if trace.diverged_at is not None and trace.diverged_at <= step + 1:
                runaway.append(f"{display_name(kind)} diverged at step {trace.diverged_at}")
            elif big:
                top = float(np.nanmax(np.abs(w)))
                runaway.append(f"{display_name(kind)} reaches |w| = {num(top)}")
            else:
                kept.append(kind)
                continue
        self.note.setText(
            "; ".join(runaway) + ": drawn off the scale, the axes follow the other losses"
            if runaway and kept
            else "; ".join(runaway)
        )
        if self._user_view:
            return
        for plot, curves in ((self.w_plot, self.w_curves), (self.loss_plot, self.loss_curves)):
            if not runaway or not kept or (plot is self.loss_plot and self._log_loss):
                plot.enableAutoRange(axis="y")
                continue
            values = [curves[k].yData for k in kept if curves[k].yData is not None]
            values = [v[np.isfinite(v)] for v in values if v.size]
            values = [v for v in values if v.size]
            if plot is self.w_plot:
                values.append(np.array([run.params.true_w]))
            if values:
                lo = min(float(v.min()) for v in values)
                hi = max(float(v.max()) for v in values)
                plot.setYRange(lo, hi if hi > lo else lo + 1.0, padding=0.08)

    def _set_legend(self, kinds: tuple[str, ...], noisy: bool) -> None:
        self.legend.clear()
        for kind in kinds:
            self.legend.addItem(self.w_curves[kind], LOSS_LABELS[kind])
        samples = self._legend_samples
        self.legend.addItem(samples["true"], "true w")
        if noisy:
            self.legend.addItem(samples["median"], "median(y)/x: abs L1 optima")
            self.legend.addItem(samples["mean"], "mean(y)/x: L2 optimum")
        self._legend_kinds = (kinds, noisy)


_AXIS_WIDTH = 72
_LOSS_LABEL = "loss (Σ over N)"  # short: a long title runs into the legend at small sizes
_RIGHT_MARGIN = 28


def _compact_ticks(axis: pg.AxisItem):
    """Tick labels of at most about 7 characters, so they never run into the axis title."""
    original = axis.tickStrings

    def strings(values, scale, spacing):
        if axis.logMode:
            return original(values, scale, spacing)
        out = []
        for v in values:
            v = v * scale
            text = f"{v:.6g}" if abs(v) > 1e-12 * max(1.0, spacing) else "0"
            if len(text) > 7:
                text = f"{v:.2g}"
            out.append(text.replace("e+0", "e").replace("e-0", "e-").replace("e+", "e"))
        return out

    return strings


def _dotted(kind: str) -> pg.QtGui.QPen:
    return pg.mkPen(KIND_COLORS[kind], width=1.5, style=Qt.PenStyle.DotLine)
