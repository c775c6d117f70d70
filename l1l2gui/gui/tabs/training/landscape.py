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
from ....core.descent_landscape import Landscape, StepLandscape, step_landscape
from ....core.losses import LOSS_KINDS
from ...palette import KIND_COLORS, REFERENCE_COLOR, apply_plot_style, kind_pen
from .hover import hover_item, place_hover
from .notes import display_name, num

_TANGENT = 0.07  # half a tangent segment, as a fraction of the w range


class LandscapeView(pg.PlotWidget):
    """Σ loss against w per kind, with the shown step's marker, tangent and batch curve."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent, background="w")
        plot = self.getPlotItem()
        plot.setTitle("loss landscape: Σ over N against w", size="10pt")
        plot.setLabel("bottom", "weight w")
        plot.setLabel("left", "Σ loss")
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.batch_curves: dict[str, pg.PlotDataItem] = {}
        self.tangents: dict[str, pg.PlotDataItem] = {}
        self.markers: dict[str, pg.ScatterPlotItem] = {}
        for kind in LOSS_KINDS:
            self.curves[kind] = plot.plot(pen=kind_pen(kind, width=1, dashed=kind == "signed_l1"))
            # dotted, and abs L1 dash-dotted: L1 and L2 never differ by hue alone
            style = Qt.PenStyle.DashDotLine if kind == "abs_l1" else Qt.PenStyle.DotLine
            dotted = pg.mkPen(KIND_COLORS[kind], width=1, style=style)
            self.batch_curves[kind] = plot.plot(pen=dotted)
            self.tangents[kind] = plot.plot(pen=pg.mkPen("#222222", width=2))
            self.tangents[kind].setZValue(8)
            symbol = "s" if kind == "l2" else "o"
            self.markers[kind] = pg.ScatterPlotItem(
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

    def set_landscape(self, ls: Landscape | None) -> None:
        """New curves (a new run); None clears the view until the run is computed."""
        self.landscape = ls
        self.shown = None
        for kind in LOSS_KINDS:
            curve = None if ls is None else ls.totals.get(kind)
            if curve is None:
                self.curves[kind].setData([], [])
            else:
                self.curves[kind].setData(ls.grid, curve)
            for item in (self.batch_curves[kind], self.tangents[kind], self.markers[kind]):
                item.setData([], [])
        if ls is None:
            return
        self.true_w_line.setValue(ls.params.true_w)
        finite = [c[np.isfinite(c)] for c in ls.totals.values()]
        values = np.concatenate(finite) if finite else np.zeros(1)
        low, high = float(values.min()), float(values.max())
        pad = 0.05 * (high - low or 1.0)
        plot = self.getPlotItem()
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
            w, loss, slope = sl.w[kind], sl.loss[kind], sl.slope[kind]
            self.markers[kind].setData([w], [loss])
            self.tangents[kind].setData(
                [w - half, w + half], [loss - slope * half, loss + slope * half]
            )
            batch = sl.batch.get(kind)
            if batch is None:
                self.batch_curves[kind].setData([], [])
            else:
                self.batch_curves[kind].setData(ls.batch_grid, batch)

    # ------------------------------------------------------------- hover
    def hover_text(self, w: float) -> str | None:
        """Σ loss of every kind at ``w`` (interpolated on the grid), and the shown step's w."""
        ls = self.landscape
        if ls is None or not ls.grid[0] <= w <= ls.grid[-1]:
            return None
        lines = [f"w = {num(w)}"]
        for kind, curve in ls.totals.items():
            lines.append(
                f"{display_name(kind)}: Σ loss = {num(float(np.interp(w, ls.grid, curve)))}"
            )
        if self.shown is not None:
            lines.append(
                f"step {self.shown.step}: "
                + ", ".join(f"{display_name(k)} w = {num(v)}" for k, v in self.shown.w.items())
            )
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
