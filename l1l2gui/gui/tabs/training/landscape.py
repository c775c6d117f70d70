"""The loss landscape beside the run: each loss summed over N as a function of w.

The curves come from the worker once per run (core.descent_landscape); a frame
only moves the markers (w of the shown step on each curve), the tangent segments
(the full-data gradient there) and the dotted loss of the step's batch.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ....core.descent import TrainingRun
from ....core.descent_landscape import Landscape, StepLandscape, step_landscape, summed_loss
from ....core.losses import LOSS_KINDS
from ...palette import KIND_COLORS, REFERENCE_COLOR, apply_plot_style, kind_pen
from ...widgets.point_marker import PointMarker
from .hover import hover_item, place_hover
from .notes import display_name, num

_TANGENT = 0.07  # half a tangent segment, as a fraction of the w range


class LandscapeView(pg.PlotWidget):
    """Σ loss against w per kind, with the shown step's marker, tangent and batch curve."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent, background="w")
        plot = self.getPlotItem()
        # short: a longer title is cut off when the pane is narrow
        plot.setTitle("loss landscape", size="10pt")
        plot.setLabel("bottom", "weight w")
        plot.setLabel("left", "Σ loss")
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.curves: dict[str, pg.PlotDataItem] = {}
        # what moves every frame is a bare PlotCurveItem: its setData costs a third of a
        # PlotDataItem's (no symbols, no data-item bookkeeping)
        self.batch_curves: dict[str, pg.PlotCurveItem] = {}
        self.tangents: dict[str, pg.PlotCurveItem] = {}
        self.markers: dict[str, PointMarker] = {}
        for kind in LOSS_KINDS:
            self.curves[kind] = plot.plot(pen=kind_pen(kind, width=1, dashed=kind == "signed_l1"))
            # dotted, and abs L1 dash-dotted: L1 and L2 never differ by hue alone
            style = Qt.PenStyle.DashDotLine if kind == "abs_l1" else Qt.PenStyle.DotLine
            dotted = pg.mkPen(KIND_COLORS[kind], width=1, style=style)
            self.batch_curves[kind] = pg.PlotCurveItem(pen=dotted)
            self.tangents[kind] = pg.PlotCurveItem(pen=pg.mkPen("#222222", width=2))
            self.tangents[kind].setZValue(8)
            plot.addItem(self.batch_curves[kind])
            plot.addItem(self.tangents[kind])
            symbol = "s" if kind == "l2" else "o"
            self.markers[kind] = PointMarker(
                size=9, symbol=symbol, pen=pg.mkPen("w", width=1.5), brush=KIND_COLORS[kind]
            )
            self.markers[kind].setZValue(10)
            plot.addItem(self.markers[kind])
        ref = pg.mkPen(REFERENCE_COLOR, width=1, style=Qt.PenStyle.DashLine)
        self.true_w_line = pg.InfiniteLine(angle=90, pen=ref, movable=False)
        plot.addItem(self.true_w_line)
        self.hover = hover_item(plot)
        self.scene().sigMouseMoved.connect(self._on_hover)
        self.landscape: Landscape | None = None
        self.shown: StepLandscape | None = None
        self.show_batch = True
        self.own_height = True
        self._scales: dict[str, tuple[float, float]] = {}

    def add_legend(self) -> None:
        """A legend of the kinds drawn (for an exported figure; the tab has the run's)."""
        legend = self.getPlotItem().addLegend(offset=(-10, 10), labelTextSize="10pt")
        # as the run figure's: a legend ignoring transformations stays screen-sized in a PNG
        legend.setFlag(legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        ls = self.landscape
        for kind in ls.totals if ls is not None else ():
            legend.addItem(self.curves[kind], display_name(kind))

    def set_show_batch(self, on: bool) -> None:
        """Show or hide the dotted loss of the shown step's batch."""
        self.show_batch = on
        for curve in self.batch_curves.values():
            curve.setVisible(on)

    def set_own_height(self, on: bool) -> None:
        """Each loss scaled to the plot's height (on) or all on one Σ loss axis (off).

        Summed over N, L2 reaches thousands where abs L1 reaches tens: on one axis the
        V of abs L1 and its flat bottom are a flat line. Scaled, every shape is visible;
        the tangents are scaled with their curve, so they still touch it.
        """
        self.own_height = on
        self.set_landscape(self.landscape)

    def scale(self, kind: str) -> tuple[float, float]:
        """(offset, factor) drawing Σ loss of ``kind``: y = (value − offset)·factor."""
        return self._scales.get(kind, (0.0, 1.0))

    @staticmethod
    def _fit(values: np.ndarray) -> tuple[float, float]:
        finite = values[np.isfinite(values)]
        if not finite.size:
            return 0.0, 1.0
        low, high = float(finite.min()), float(finite.max())
        return low, 1.0 / (high - low) if high > low else 1.0

    def set_landscape(self, ls: Landscape | None) -> None:
        """New curves (a new run); None clears the view until the run is computed."""
        self.landscape = ls
        self.shown = None
        self._scales = {}
        plot = self.getPlotItem()
        axis = plot.getAxis("left")
        if self.own_height:
            axis.setTicks([[(0.0, "min"), (1.0, "max")], []])
            plot.setLabel("left", "Σ loss (own height per loss)")
        else:
            axis.setTicks(None)
            plot.setLabel("left", "Σ loss")
        for kind in LOSS_KINDS:
            curve = None if ls is None else ls.totals.get(kind)
            if curve is None:
                self.curves[kind].setData([], [])
            else:
                if self.own_height:
                    self._scales[kind] = self._fit(curve)
                off, fac = self.scale(kind)
                self.curves[kind].setData(ls.grid, (curve - off) * fac)
            for item in (self.batch_curves[kind], self.tangents[kind], self.markers[kind]):
                item.setData([], [])
        if ls is None:
            return
        self.true_w_line.setValue(ls.params.true_w)
        finite = [
            (c[np.isfinite(c)] - self.scale(k)[0]) * self.scale(k)[1] for k, c in ls.totals.items()
        ]
        values = np.concatenate(finite) if finite else np.zeros(1)
        low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        pad = 0.05 * (high - low or 1.0)
        plot.setXRange(float(ls.grid[0]), float(ls.grid[-1]), padding=0)
        plot.setYRange(low - pad, high + pad, padding=0)

    def show_step(self, run: TrainingRun, step: int) -> None:
        """Move markers, tangents and the batch curve to ``step`` (a few small setData calls)."""
        ls = self.landscape
        if ls is None or run.params != ls.params:
            return
        sl = step_landscape(ls, run, step)
        self.shown = sl
        half = _TANGENT * float(ls.grid[-1] - ls.grid[0])
        for kind in LOSS_KINDS:
            if kind not in sl.w:
                for item in (self.markers[kind], self.tangents[kind], self.batch_curves[kind]):
                    item.setData([], [])
                continue
            off, fac = self.scale(kind)
            w, loss, slope = sl.w[kind], (sl.loss[kind] - off) * fac, sl.slope[kind] * fac
            self.markers[kind].setData([w], [loss])
            self.tangents[kind].setData(
                [w - half, w + half], [loss - slope * half, loss + slope * half]
            )
            batch = sl.batch.get(kind) if self.show_batch else None
            if batch is None:
                self.batch_curves[kind].setData([], [])
            else:
                if self.own_height:  # the batch's own shape: where its minimum lies
                    off, fac = self._fit(batch)
                self.batch_curves[kind].setData(ls.batch_grid, (batch - off) * fac)

    # ------------------------------------------------------------- hover
    def hover_text(self, w: float) -> str | None:
        """Σ loss of every kind at ``w`` (computed there, not read off the grid) and the step
        the markers show."""
        ls = self.landscape
        if ls is None or not ls.grid[0] <= w <= ls.grid[-1]:
            return None
        # short lines: the pane beside the run may be narrow
        lines = [f"w = {num(w)}, Σ loss:"]
        for kind in ls.totals:
            total = float(summed_loss(kind, np.array([w]), ls.params, ls.y)[0])
            lines.append(f"{display_name(kind)} {num(total)}")
        if self.shown is not None:
            lines.append(f"markers: step {self.shown.step:,}")
        return "\n".join(lines)

    def _on_hover(self, pos) -> None:
        box = self.getPlotItem().getViewBox()
        if not box.sceneBoundingRect().contains(pos):
            self.hover.hide()
            return
        p = box.mapSceneToView(pos)
        text = self.hover_text(p.x())
        if text is None:
            self.hover.hide()
            return
        place_hover(self.hover, box, p.x(), p.y(), text)
