"""The influence curve: each loss's shift against the outlier's x, drawn as it streams in.

L1 blue dashed with circles, L2 green solid with squares (hue is not the only
difference); the outlier's current x is a grey vertical line. Plot items are
created once; :meth:`InfluenceView.show_curve` only calls ``setData``, and the
axes change only when a point would leave them while the sweep streams.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QWidget

from ....core.influence import InfluenceCurve
from ....core.outliers import LOSSES
from ...palette import REFERENCE_COLOR, apply_plot_style
from .figure import LOSS_COLORS
from .legend import line_proxy, set_entries

SYMBOLS = {"l1": "o", "l2": "s", "huber": "t", "quantile": "d"}
SHORT = {"l1": "L1", "l2": "L2", "huber": "Huber", "quantile": "quantile 0.5"}
GROW = 1.25  # room above the highest shift so far while the sweep streams


def influence_pen(loss: str) -> pg.QtGui.QPen:
    pen = pg.mkPen(LOSS_COLORS[loss], width=2.5 if loss == "l1" else 2.0)
    if loss == "l1":
        pen.setDashPattern([4.0, 2.5])
    return pen


class InfluenceView(pg.GraphicsLayoutWidget):
    """Shift (mean |with − without|) per loss over the sweep; the current x marked."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        # one short title row and the legend as a column right of the plot: a short
        # strip spends its height on the plot, not on legend rows
        self.title = self.addLabel("", row=0, col=0, colspan=2, size="9pt")
        self.plot = self.addPlot(row=1, col=0)
        self.legend = pg.LegendItem(colCount=1, labelTextSize="9pt", verSpacing=-6)
        # a legend ignores transformations by default: in a 2× PNG its text came out half size
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.addItem(self.legend, row=1, col=1)
        # kept at its own height, at the top: stretched, its rows drift apart from their lines
        self.legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.ci.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignTop)
        self.plot.setMenuEnabled(False)  # its Export… entry offers a broken SVG exporter
        self.plot.hideButtons()
        self.plot.setLabel("bottom", "outlier x")
        self.plot.setLabel("left", "shift")
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        self.curves: dict[str, pg.PlotDataItem] = {}
        for loss in LOSSES:
            curve = pg.PlotDataItem(
                pen=influence_pen(loss),
                symbol=SYMBOLS[loss],
                symbolSize=6,
                symbolBrush=LOSS_COLORS[loss],
                symbolPen=None,
            )
            curve.setZValue(2 if loss == "l2" else 1)
            self.plot.addItem(curve)
            self.curves[loss] = curve
        self.marker = pg.InfiniteLine(
            angle=90, pen=pg.mkPen(REFERENCE_COLOR, width=1, style=Qt.PenStyle.DashLine)
        )
        self.plot.addItem(self.marker)
        # a proxy: LegendItem crashes on an InfiniteLine
        self._marker_sample = pg.PlotDataItem(
            pen=pg.mkPen(REFERENCE_COLOR, width=1, style=Qt.PenStyle.DashLine)
        )
        # legend proxies: a curve hidden (a loss not swept) would show pyqtgraph's eye
        self._samples = {
            loss: line_proxy(
                influence_pen(loss), symbol=SYMBOLS[loss], symbolSize=6,
                symbolBrush=LOSS_COLORS[loss], symbolPen=None,
            )
            for loss in LOSSES
        }  # fmt: skip
        self._legend_losses: tuple[str, ...] = ()
        self.curve: InfluenceCurve | None = None
        self._x_range: tuple[float, float] | None = None
        self._y_top: float | None = None
        self.setMinimumHeight(150)  # below this the shift axis's ticks run into each other

    def set_position(self, x: float) -> None:
        """Mark the outlier's current x (moves while dragging; the curve does not)."""
        self.marker.setValue(x)

    def clear_curve(self) -> None:
        for curve in self.curves.values():
            curve.setData([], [])
        self.curve = None

    def show_curve(self, curve: InfluenceCurve) -> None:
        """Draw the positions computed so far; losses not swept are hidden."""
        self.curve = curve
        self._set_legend(tuple(curve.shift))
        for loss, item in self.curves.items():
            values = curve.shift.get(loss)
            item.setVisible(values is not None)
            if values is not None:
                done = np.isfinite(values)
                item.setData(curve.x[done], values[done])
        x_range = curve.params.x_range
        if x_range != self._x_range:
            self._x_range = x_range
            self.plot.setXRange(*x_range, padding=0.02)
        finite = [v[np.isfinite(v)] for v in curve.shift.values()]
        top = max((float(v.max()) for v in finite if v.size), default=1.0)
        y_top = top * 1.08 if top > 0 else 1.0
        shown = self._y_top
        # while the sweep streams the axis stays unless a point would leave it (or it is
        # more than twice too tall), then grows with room: a changed axis is drawn again
        if curve.finished or shown is None or not y_top <= shown <= 2 * y_top:
            self._y_top = y_top if curve.finished else y_top * GROW
            self.plot.setYRange(0.0, self._y_top, padding=0)
        self.title.setText(
            f"shift vs the outlier's x (at y = {curve.params.outlier_y:.4g})"
            + ("" if curve.finished else f" ({curve.done}/{curve.x.size})")
        )

    def _set_legend(self, losses: tuple[str, ...]) -> None:
        if losses == self._legend_losses:
            return
        set_entries(
            self.legend,
            [(self._samples[loss], SHORT[loss]) for loss in losses]
            + [(self._marker_sample, "outlier now")],
        )
        self._legend_losses = losses
