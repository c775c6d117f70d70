"""The Training tab's figure: loss, w and learning rate per step, one colour per loss.

Plot items are created once; :meth:`TrainingFigure.show_run` only calls
``setData``. The same figure is exported to PNG/SVG by the GUI and the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid

from ....core.descent import TrainingRun
from ....core.descent_display import RunPyramids, run_pyramids
from ....core.descent_facts import HUGE_W, DescentFacts
from ....core.envelope import FACTOR, MinMaxPyramid, envelope, envelope_level
from ....core.losses import LOSS_KINDS, LOSS_LABELS
from ...palette import (
    ERROR_COLOR,
    KIND_COLORS,
    LR_COLOR,
    REFERENCE_COLOR,
    apply_plot_style,
    kind_pen,
)
from ...widgets.legends import fit_columns, rename
from ...widgets.point_marker import PointMarker
from .notes import log_axis_note
from .text import display_name, num

# One-pixel curves on screen: Qt strokes a wider antialiased pen through its general
# path stroker, 20–200× slower than its one-pixel path (measured: 250 ms against 1.3 ms
# for a 1,600-point envelope), and a frame has 16 ms. Exported figures get slide weight.
SCREEN_LINE = 1.0
EXPORT_LINE = 2.0

# A run can have 500,000 steps. The worker keeps min/max pyramids of every series
# (core.descent_display); a frame cuts out the visible steps at about one (min, max)
# stroke per pixel column, so pyqtgraph never sees more than a few thousand points.


class TrainingFigure(pg.GraphicsLayoutWidget):
    """Three stacked plots sharing the step axis, with a marker at the shown step."""

    paid = Signal()  # every plot is cut for the frame and range on screen

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
            plot.setMouseEnabled(x=True, y=False)  # y follows the visible steps
            axis = plot.getAxis("left")
            axis.setWidth(_AXIS_WIDTH)
            # a diverging run reaches 1e300: "(x1e+27)" scale labels would only confuse
            axis.enableAutoSIPrefix(False)
            axis.tickStrings = _compact_ticks(axis)
            # steps are counted, not scaled: "(x1e+03)" would also relabel on every zoom
            plot.getAxis("bottom").enableAutoSIPrefix(False)
            # the last step's tick label may reach past the axis end into the right margin
            plot.getAxis("bottom").setStyle(hideOverlappingLabels=_RIGHT_MARGIN)
            # the user's own zoom or pan holds until "Fit view"
            plot.getViewBox().sigRangeChangedManually.connect(self._user_moved_view)
        self.ci.layout.setContentsMargins(4, 4, _RIGHT_MARGIN, 4)
        # the three plots share the step axis: its numbers once, under the last plot
        # (each axis drawn costs a few milliseconds of every frame that moves it)
        for plot in (self.loss_plot, self.w_plot):
            plot.hideAxis("bottom")
        self.w_plot.setXLink(self.loss_plot)
        self.lr_plot.setXLink(self.loss_plot)
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        self.w_curves: dict[str, pg.PlotDataItem] = {}
        self.w_markers: dict[str, PointMarker] = {}
        for kind in LOSS_KINDS:
            self.loss_curves[kind] = self.loss_plot.plot()
            self.w_curves[kind] = self.w_plot.plot()
            if kind == "signed_l1":  # dotted and on top: it overlaps abs L1 until w meets the data
                for curve in (self.loss_curves[kind], self.w_curves[kind]):
                    curve.setZValue(5)
            marker = PointMarker(  # the landscape's symbols: not hue alone
                size=9, symbol="s" if kind == "l2" else "o", pen=pg.mkPen("w", width=1.5),
                brush=KIND_COLORS[kind],
            )  # fmt: skip
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
        self.lr_curve = self.lr_plot.plot()
        self._set_line_width(SCREEN_LINE)
        self.cursor_lines = []
        for plot in (self.loss_plot, self.w_plot, self.lr_plot):
            line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#999999", width=1), movable=False)
            plot.addItem(line)
            self.cursor_lines.append(line)
        self._legend_kinds: tuple = ()
        self._steps = -1
        self._user_view = False
        self._shown: tuple[TrainingRun, int, RunPyramids] | None = None
        # zooming or panning re-cuts the curves for the new range (all plots share x)
        # while the user zooms, ranges only grow; once the wheel rests they fit tightly
        self._fitting = False  # show_run is setting the step axis itself
        self._zoom_cut: tuple | None = None  # (x range, blocks, frame) last cut for a zoom
        self._cuts: dict[int, tuple] = {}  # per plot: (lo, hi, level, pyramids) of its last cut
        self._rest = QTimer(self, singleShot=True, interval=200)
        self._rest.timeout.connect(lambda: self._alive() and self._owe((1, 0, 2), full=True))
        for plot in (self.loss_plot, self.w_plot, self.lr_plot):
            plot.sigXRangeChanged.connect(self._on_zoom)
        self._log_loss = False
        self._plots = (self.loss_plot, self.w_plot, self.lr_plot)
        self._turn = 0
        self._owed: tuple[tuple[int, bool], ...] = ()  # (plot, full) cuts still to make
        self._pay_timer = QTimer(self, singleShot=True, interval=0)
        self._pay_timer.timeout.connect(self._pay_one)
        self._pay_waited = False
        # whether the GUI thread has already worked a while in this pass of the event loop
        # (the tab gives the worker's): a cut owed for later then waits for the next pass
        self.pass_busy: Callable[[], bool] = lambda: False
        self._legend_wanted: tuple | None = None  # (kinds, noisy) the next run will show
        self._legend_timer = QTimer(self, singleShot=True, interval=0)
        self._legend_timer.timeout.connect(self._prepare_legend)

    def _set_line_width(self, width: float) -> None:
        for kind in LOSS_KINDS:
            pen = kind_pen(kind, width=width, dashed=kind == "signed_l1")
            self.loss_curves[kind].setPen(pen)
            self.w_curves[kind].setPen(pen)
        self.lr_curve.setPen(pg.mkPen(LR_COLOR, width=width))

    @contextmanager
    def export_style(self, scale: float) -> Iterator[None]:
        """Slide-weight lines while a figure is rendered ``scale`` times its size.

        Curve pens are cosmetic (their width is in output pixels), so they are
        widened with the scale, then set back to the screen's width.
        """
        self._set_line_width(EXPORT_LINE * scale)
        try:
            yield
        finally:
            self._set_line_width(SCREEN_LINE)

    def resizeEvent(self, event) -> None:
        # four legend entries in a row where they fit (about 700 px, more in presentation
        # mode's type), else two (the figure beside the landscape), else one; four or two
        # keep the losses' order in rows
        # pyqtgraph resizes before __init__ ends; a closed figure's legend is deleted
        if hasattr(self, "_log_loss") and not self.closed:
            self._fit_legend(event.size().width())
        super().resizeEvent(event)

    def _fit_legend(self, width: int) -> None:
        # where even two entries with their formulas do not fit a row (presentation
        # mode's type in a small window), the names alone: two rows of legend, not four
        room = width - _RIGHT_MARGIN - 8
        self._name_legend(short=False)
        if fit_columns(self.legend, room, most=4, allowed=(4, 2, 1)) == 1:
            self._name_legend(short=True)
            fit_columns(self.legend, room, most=4, allowed=(4, 2, 1))
        self._fit_axis_labels()

    def _name_legend(self, short: bool) -> None:
        rename(self.legend, _SHORT_NAMES, short)

    def _fit_axis_labels(self) -> None:
        """Each plot's long axis label where it fits the plot's height, else its short one
        (a label longer than its plot runs into the next plot's label)."""
        legend_rows = -(-len(self.legend.items) // max(1, self.legend.columnCount))
        room = self.height() - 60 - 24 * legend_rows  # the step axis, the note, the legend
        plots = ((self.loss_plot, 3), (self.w_plot, 3), (self.lr_plot, 2))  # row stretches
        for (plot, stretch), (full, short) in zip(plots, _AXIS_LABELS[self._log_loss], strict=True):
            axis = plot.getAxis("left")
            fits = QFontMetricsF(axis.label.font()).horizontalAdvance(full) <= room * stretch / 8
            text = full if fits else short
            if axis.labelText != text:
                plot.setLabel("left", text)

    def set_log_loss(self, on: bool) -> None:
        self._log_loss = on
        self.loss_plot.setLogMode(y=on)
        label = _LOSS_LABEL + ", log axis" if on else _LOSS_LABEL
        self.loss_plot.setLabel("left", label)
        self._fit_axis_labels()
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

    def fit_view(self, later: bool = False) -> None:
        """The whole run on the step axis, every finite curve in view (undoes zoom and pan).

        ``later``: the plots are cut one per pass of the event loop (a preset's new run
        is on its way, and its first frame draws them all again).
        """
        self._user_view = False
        if not later:
            self._fit_steps()
            self._draw_curves()
            return
        self._fitting = True  # no zoom cut for this range: the owed cuts follow
        try:
            self._fit_steps()
        finally:
            self._fitting = False
        self._owe((1, 0, 2), full=True)

    def _fit_steps(self) -> None:
        if self._steps < 0:
            return
        lo, hi = self.loss_plot.viewRange()[0]
        pad = 0.02 * self._steps
        if abs(lo + pad) > 1e-9 * max(1, self._steps) or abs(hi - self._steps - pad) > 1e-9 * max(
            1, self._steps
        ):
            self.loss_plot.setXRange(0, self._steps, padding=0.02)

    def prepare(self, kinds: tuple[str, ...], noisy: bool) -> None:
        """Set the legend for a run of ``kinds`` before its first frame arrives: in the turn
        after the user's change, not inside the frame that draws the run, nor inside the
        change (a legend costs ~5 ms; a preset changes several settings, one legend)."""
        self._legend_wanted = (kinds, noisy)
        self._legend_timer.start()

    def _prepare_legend(self) -> None:
        wanted, self._legend_wanted = self._legend_wanted, None
        if wanted is not None and wanted != self._legend_kinds and self._alive():
            self._set_legend(*wanted)

    def show_run(
        self,
        run: TrainingRun,
        step: int,
        facts: DescentFacts | None = None,
        pyramids: RunPyramids | None = None,
        full: bool = True,
        split: bool = False,
    ) -> None:
        """Draw ``run`` up to ``step`` (the cursor); kinds not in the run are hidden.

        ``pyramids`` are the run's min/max pyramids, grown by the worker (built here
        if not given, for a stand-alone figure). ``facts`` adds the data's optima
        (median and mean of y/x) when there is noise. With ``full`` false (frames of a
        stream or of playing) the markers and cursors move but only one plot's curves
        are cut again, in turn, so a frame repaints a third of the figure. With ``split``
        a full frame cuts the w plot now and owes the other two: :meth:`pay_one` cuts
        one per event-loop turn (the first and last frames of a run are the largest).
        """
        noisy = run.params.noise_sigma > 0 and facts is not None
        if pyramids is None:
            pyramids = run_pyramids(run)
        # the step axis spans the whole run from the start: a run being played or
        # streamed grows into it; it stays there unless the user zooms or pans
        self._steps = run.params.steps
        if not self._user_view:
            self._fitting = True  # this frame cuts its own plots: no zoom cut for the new axis
            try:
                self._fit_steps()
            finally:
                self._fitting = False
        legend = (tuple(run.traces), noisy)
        if legend != self._legend_kinds:
            self._legend_timer.stop()
            self._legend_wanted = None
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
        if full and split:
            self._draw_curves((1,), full=True, settle=False)
            self._owe((0, 2), full=True)
        elif full:
            self._owed = ()
            self._draw_curves(full=True, settle=False)
        elif self._owed:  # a plot still owed (a zoom's) is this frame's one cut
            (plot, owed_full), self._owed = self._owed[0], self._owed[1:]
            self._draw_curves((plot,), full=owed_full, settle=False)
        else:
            self._turn = (self._turn + 1) % 3
            self._draw_curves((self._turn,), full=False, settle=False)
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
        self._settle()

    def owed(self) -> bool:
        """Whether plots still wait for their cut (a split frame, a zoom: see :meth:`_owe`)."""
        return bool(self._owed)

    def _owe(self, plots: tuple[int, ...], full: bool) -> None:
        """Cut ``plots`` later, one per event-loop turn: a frame cuts one plot, so it never
        adds the cost of three to a delivery or a wheel notch that shares its turn."""
        owed = dict(self._owed)
        for plot in plots:
            owed[plot] = owed.get(plot, False) or full
        self._owed = tuple(owed.items())
        self._pay_timer.start()

    def _pay_one(self) -> None:
        if self._owed and not self._pay_waited and self.pass_busy():
            self._pay_waited = True  # once: the next pass begins with this cut
            self._pay_timer.start()
            return
        self._pay_waited = False
        if self._owed and self._shown is not None and self._alive():
            (plot, full), self._owed = self._owed[0], self._owed[1:]
            self._draw_curves((plot,), full=full)
        if self._owed:
            self._pay_timer.start()
        else:
            self.paid.emit()

    def curve_sizes(self) -> dict[str, int]:
        """How many points each visible curve was last given (for tests and benchmarks)."""
        items = {f"w/{k}": c for k, c in self.w_curves.items()}
        items.update({f"loss/{k}": c for k, c in self.loss_curves.items()})
        items["lr"] = self.lr_curve
        return {name: len(c.xData) for name, c in items.items() if c.xData is not None}

    def _alive(self) -> bool:
        """False once closing has deleted the plots (a queued range change may still come)."""
        return isValid(self) and all(isValid(p.getViewBox()) for p in self._plots)

    def _on_zoom(self) -> None:
        if self._fitting or not self._alive():
            return
        # the three plots learn the new range one after the other: cut once all have it
        ranges = [tuple(p.viewRange()[0]) for p in self._plots]
        if ranges.count(ranges[0]) != 3:
            return
        # the linked plots each say so, often once all three have it: one cut per change
        key = (ranges[0], self.blocks(), id(self._shown))
        if key == self._zoom_cut:
            return
        self._zoom_cut = key
        self._rest.start()  # first: the cuts made while the wheel turns keep a margin
        lo, hi = ranges[0]
        stale = tuple(i for i in (1, 0, 2) if not self._covers(i, lo, hi))
        if stale and self.pass_busy():  # a delivery has just drawn: every cut in later passes
            self._owe(stale, full=False)
            self._settle()
        elif 1 in stale:  # the plot under the wheel now, the others in turns of their own
            self._draw_curves(full=False, plots=(1,))
            self._owe(stale[1:], full=False)
        else:
            if stale:
                self._owe(stale, full=False)
            self._settle()

    def _covers(self, plot: int, lo: float, hi: float) -> bool:
        """Whether ``plot``'s last cut (made while zooming, with a margin) still draws the
        steps ``lo``–``hi`` at least as finely as a new cut would."""
        cut = self._cuts.get(plot)
        if cut is None or self._shown is None or cut[3] is not self._shown[2]:
            return False
        cut_lo, cut_hi, level, _pyramids = cut
        return cut_lo <= lo and hi <= cut_hi and level <= self._level(plot, lo, hi, self.blocks())

    def _level(self, plot: int, lo: float, hi: float, blocks: int) -> int:
        """The pyramid level a cut of ``plot`` for steps ``lo``–``hi`` takes (0: exact)."""
        run, step, pyramids = self._shown
        if plot == 2:
            return envelope_level(pyramids.lr, lo, hi, min(step, run.lr.size), blocks)
        kind, trace = next(iter(run.traces.items()))
        pyramid = (pyramids.loss if plot == 0 else pyramids.w)[kind]
        return envelope_level(pyramid, lo, hi, min(step + 1, trace.w.size), blocks)

    def blocks(self) -> int:
        """(min, max) strokes per visible range: one per two pixel columns of the plots."""
        return max(100, int(self.loss_plot.getViewBox().width()) // 2)

    def _draw_curves(
        self, plots: tuple[int, ...] = (0, 1, 2), full: bool = True, settle: bool = True
    ) -> None:
        """Cut the curves of ``plots`` (0 loss, 1 w, 2 lr) out of their pyramids for the
        visible steps, up to the cursor: about one (min, max) stroke per two pixel columns.

        The y axes fit what is visible (the mouse zooms and pans the steps only). While
        a run streams or plays (``full`` false) a range only grows, with headroom, so the
        axes are redrawn a few times per run rather than every frame.
        """
        if self._shown is None:
            return
        run, step, pyramids = self._shown
        lo, hi = self.loss_plot.viewRange()[0]
        blocks = self.blocks()
        if self._rest.isActive() and self._user_view:
            # the wheel turns (or the view is dragged): cut half a view more on each side
            # at the same fineness, so the next notches in or out, or the next moves,
            # mostly find their steps already cut (_covers); exact once the wheel rests
            margin = (hi - lo) / 2
            lo, hi, blocks = lo - margin, hi + margin, 2 * blocks
        for plot in plots:
            self._cuts[plot] = (lo, hi, self._level(plot, lo, hi, blocks), pyramids)
        # a diverged loss reaches 1e300 before it stops, a huge one 1e69: neither may
        # flatten the others (the note under the plots names them)
        runaway = self._runaway(run, step, pyramids)
        ranged = {k for k in run.traces if k not in runaway} or set(run.traces)
        spans: dict[int, list[np.ndarray]] = {0: [], 1: []}
        for kind, trace in run.traces.items():
            end = min(step + 1, trace.w.size)
            for i, curves, pyramid in (
                (0, self.loss_curves, pyramids.loss[kind]),
                (1, self.w_curves, pyramids.w[kind]),
            ):
                if i in plots:
                    x, y = envelope(pyramid, lo, hi, end, blocks)
                    curves[kind].setData(x, y)
                    if kind in ranged:
                        spans[i].append(y)
        if 2 in plots:
            lr_end = min(step, run.lr.size)
            self.lr_curve.setData(*envelope(pyramids.lr, lo, hi, lr_end, blocks))
        if 1 in plots:
            spans[1].append(np.array([run.params.true_w]))
            if self.mean_line.isVisible():
                spans[1].append(np.array([self.mean_line.value(), *self.median_band.getRegion()]))
        for i in (0, 1):
            if i in plots:
                self._fit_y(self._plots[i], spans[i], full, log=i == 0 and self._log_loss)
        # a runaway curve leaves the view: keep its points within a view's height of it, or an
        # SVG holds coordinates of 1e35 that renderers refuse ("too long to rasterize")
        for i, curves in ((0, self.loss_curves), (1, self.w_curves)):
            if i not in plots or (i == 0 and self._log_loss):
                continue
            low, high = self._plots[i].viewRange()[1]
            span = high - low
            for kind in runaway:
                x, y = curves[kind].xData, curves[kind].yData
                if y is not None and y.size:
                    curves[kind].setData(x, np.clip(y, low - span, high + span))
        text = "; ".join(runaway.values())
        if runaway and len(runaway) < len(run.traces):
            text += ": drawn off the scale, the axes follow the other losses"
        if self._log_loss:
            hidden = log_axis_note(run, step)
            text = f"{text}. {hidden}" if text and hidden else text or hidden
        if self.note.text != text:
            self.note.setText(text)
        if settle:  # show_run settles once, after its markers and lines
            self._settle()

    @staticmethod
    def _runaway(run: TrainingRun, step: int, pyramids: RunPyramids) -> dict[str, str]:
        """Kinds diverged by ``step`` or astronomically large, each with a few words."""
        out = {}
        for kind, trace in run.traces.items():
            if trace.diverged_at is not None and trace.diverged_at <= step + 1:
                out[kind] = f"{display_name(kind)} diverged at step {trace.diverged_at}"
                continue
            top = _abs_max(pyramids.w[kind], min(step + 1, trace.w.size))
            if top >= HUGE_W:
                out[kind] = f"{display_name(kind)} reaches |w| = {num(top)}"
        return out

    @staticmethod
    def _fit_y(plot: pg.PlotItem, parts: list[np.ndarray], full: bool, log: bool) -> None:
        values = np.concatenate(parts) if parts else np.empty(0)
        if log:
            values = np.log10(values[values > 0])
        values = values[np.isfinite(values)]
        if not values.size:
            return
        low, high = float(values.min()), float(values.max())
        pad = 0.05 * (high - low) or 0.05 * max(abs(high), 1e-12)
        low, high = low - pad, high + pad
        (cur_low, cur_high) = plot.viewRange()[1]
        if not full:
            if cur_low <= low and high <= cur_high:
                return
            # grow past what is needed now, so the next frames fit without a change
            extra = 0.25 * (max(high, cur_high) - min(low, cur_low))
            low = min(cur_low, low - extra) if low < cur_low else cur_low
            high = max(cur_high, high + extra) if high > cur_high else cur_high
        elif abs(low - cur_low) + abs(high - cur_high) <= 1e-6 * (high - low):
            return
        plot.setYRange(low, high, padding=0)

    def _settle(self) -> None:
        """Settle ranges and line extents before the paint: done lazily inside it, a change
        asks Qt for a second paint of the same frame."""
        for plot in self._plots:
            plot.getViewBox().prepareForPaint()
            for item in plot.items:
                item.boundingRect()
                for child in item.childItems():  # a PlotDataItem draws through its children
                    child.boundingRect()

    def _set_legend(self, kinds: tuple[str, ...], noisy: bool) -> None:
        self.legend.clear()
        for kind in kinds:
            self.legend.addItem(self.w_curves[kind], LOSS_LABELS[kind])
        samples = self._legend_samples
        self.legend.addItem(samples["true"], "true w")
        if noisy:
            self.legend.addItem(samples["median"], "abs L1 optima")
            self.legend.addItem(samples["mean"], "L2 optimum")
        self._legend_kinds = (kinds, noisy)
        self._fit_legend(self.width())


_AXIS_WIDTH = 72
_LOSS_LABEL = "loss (Σ over N)"  # short: a long title runs into the legend at small sizes
# per plot (loss, w, lr): the label and its short form; the loss's differ on a log axis
_AXIS_LABELS = {
    False: ((_LOSS_LABEL, "loss"), ("weight w", "w"), ("learning rate", "lr")),
    True: ((_LOSS_LABEL + ", log axis", "log loss"), ("weight w", "w"), ("learning rate", "lr")),
}
_SHORT_NAMES = {LOSS_LABELS[kind]: LOSS_LABELS[kind].split("  ")[0] for kind in LOSS_KINDS}
_RIGHT_MARGIN = 28


def _abs_max(pyramid: MinMaxPyramid, end: int) -> float:
    """max |value| of the first ``end`` values, from a level of a few hundred blocks."""
    level = 0
    while level + 1 < pyramid.levels and end // FACTOR ** (level + 1) >= 200:
        level += 1
    size = FACTOR**level
    whole = end // size
    parts = [pyramid.values[whole * size : end]]
    if level:
        parts += [pyramid.lows[level][:whole], pyramid.highs[level][:whole]]
    values = np.abs(np.concatenate(parts)) if end else np.zeros(1)
    values = values[np.isfinite(values)]
    return float(values.max()) if values.size else 0.0


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
    # the median band's edges dashed, the mean dotted: not hue alone
    style = Qt.PenStyle.DashLine if kind == "abs_l1" else Qt.PenStyle.DotLine
    return pg.mkPen(KIND_COLORS[kind], width=1.5, style=style)
