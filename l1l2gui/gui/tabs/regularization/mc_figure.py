"""The Monte Carlo view's plots: where the solutions land per family, and the zero shares."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from shiboken6 import isValid

from ....core.regularization_mc import FAMILIES, FAMILY_LABELS, MonteCarlo
from ...palette import L1_COLOR, L2_COLOR
from ...widgets.plot_texts import FittedTexts
from .plot_items import (
    axes_lines,
    balls,
    diamond_polygon,
    fit_columns,
    l1_pen,
    l2_pen,
    legend,
    light,
)

SHORT = {"symmetric": "sym.", "general": "gen.", "useless_feature": "useless"}
TEXTURE = Qt.BrushStyle.Dense2Pattern
SCATTER_MAX = 1000  # solutions drawn per penalty and family: a frame stays small
# scatters filled per call while streaming: pyqtgraph's setData spends ~1.5 ms on 1000
# points (its per-point Python and a new record array; appending costs as much), so the
# six scatters of a new run took ~9 ms in one turn; one per turn keeps each turn small
SCATTER_STEP = 1


class MonteCarloPlots:
    """Where the solutions land, per family, and a bar chart of the zero fractions."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.plots: dict[str, pg.PlotItem] = {}
        self._titles: list[FittedTexts] = []
        self.scatter: dict[tuple[str, str], pg.ScatterPlotItem] = {}
        self.balls = {}
        for col, family in enumerate(FAMILIES):
            plot = layout.addPlot(row=1, col=col)
            plot.setAspectLocked(True)
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(x=False, y=False)
            plot.hideButtons()
            plot.setTitle(FAMILY_LABELS[family], size="10pt")
            # a short title where the plot is narrower than the long one
            self._titles.append(FittedTexts(plot, title=(FAMILY_LABELS[family], SHORT[family])))
            plot.getAxis("left").setWidth(34)  # the same in each: three balls of one size
            plot.setLabel("bottom", "w1")
            if col == 0:
                plot.setLabel("left", "w2")
            axes_lines(plot)
            self.balls[family] = balls(plot, 22)
            l2 = pg.ScatterPlotItem(size=5, pen=None, brush=light(L2_COLOR, 150))
            l1 = pg.ScatterPlotItem(size=7, symbol="x", pen=None, brush=L1_COLOR)
            for item in (l2, l1):
                plot.addItem(item)
            self.scatter["l1", family] = l1
            self.scatter["l2", family] = l2
            self.plots[family] = plot
        # the three plots side by side in a small window: little room between them
        layout.layout.setHorizontalSpacing(2)
        self.bars = layout.addPlot(row=2, col=0, colspan=3)
        self.bars.setMenuEnabled(False)
        self.bars.setMouseEnabled(x=False, y=False)
        self.bars.hideButtons()
        self.bars.setLabel("left", "share of trials (%)")
        # its numbers are spaced again once the bars have their new width
        self.bars.getViewBox().sigResized.connect(self._space_soon)
        # the top of the bar plot holds its legend (a legend row above would set a minimum
        # width wider than a small window)
        self.bars.setYRange(0, 135, padding=0)
        self.bars.getAxis("left").setTicks([[(v, str(v)) for v in range(0, 101, 20)]])
        # close columns: two of them fit above the bars in a small window (four rows
        # would cover the bars' numbers)
        self.legend = legend(4, "9pt", offset=(6, 2), horSpacing=10)
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
            ("l1", "near"): (-0.5 * width, pg.mkBrush(light(L1_COLOR, 70)), l1_pen(1.5)),
            # textured as well as green: L1 and L2 bars never differ by hue alone
            ("l2", "exact"): (0.5 * width, QBrush(QColor(L2_COLOR), TEXTURE), pg.mkPen(L2_COLOR)),
            ("l2", "near"): (1.5 * width, pg.mkBrush(light(L2_COLOR, 70)), l2_pen(1.5)),
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
        self._shown: dict[tuple[str, str], int] = dict.fromkeys(self.scatter, 0)
        self._params = None
        self._proxies = []
        for key, (_, brush, pen) in self._bar_specs.items():
            proxy = pg.BarGraphItem(x=[0], height=[1], width=1, brush=brush, pen=pen)
            self.legend.addItem(proxy, names[key])
            self._proxies.append(proxy)

    def fit_legend(self, width: float) -> None:
        """Four columns across the bar plot when they fit, two in a narrow window."""
        # the legend sits inside the bar plot: the left axis takes about 70 px
        fit_columns(self.legend, width - 70, (4, 2, 1))  # 3 would split L2's pair
        self._space_soon()

    def reset(self) -> None:
        """Forget what is drawn: the next :meth:`show` sets ranges and scatter afresh."""
        self._radius = None
        self._shown = dict.fromkeys(self.scatter, 0)
        self._params = None

    def show(self, mc: MonteCarlo, step: int | None = None) -> bool:
        """Draw the trials so far; only what changed since the last call is touched.

        At most ``step`` scatters (all when None) get their solutions in this call;
        returns whether every scatter shows all it will (the first SCATTER_MAX trials).
        """
        t = mc.params.radius
        if t != self._radius:
            self._radius = t
            for family, plot in self.plots.items():
                diamond, circle = self.balls[family]
                diamond.setPolygon(diamond_polygon(t))
                circle.setRect(QRectF(-t, -t, 2 * t, 2 * t))
                # every optimum is on its ball (c is outside both): show the balls only
                plot.setRange(xRange=(-1.2 * t, 1.2 * t), yRange=(-1.2 * t, 1.2 * t), padding=0)
        if mc.params != self._params:
            self._params = mc.params  # another run: none of its trials is drawn yet
            self._shown = dict.fromkeys(self.scatter, 0)
            for item in self.scatter.values():
                item.clear()  # the old run's points never stand beside the new run's
        # the first SCATTER_MAX trials: once drawn, later chunks change nothing here
        target = min(mc.done, SCATTER_MAX)
        budget = len(self.scatter) if step is None else step
        for key, item in self.scatter.items():
            if budget == 0:
                break
            if self._shown[key] != target:
                w = mc.solutions[key][:target]
                item.setData(w[:, 0], w[:, 1])
                self._shown[key] = target
                budget -= 1
        moved = False
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
                    moved = True
        if moved:  # not every frame of a stream: only when a number changed
            self.space_labels()
        return all(n == target for n in self._shown.values())

    def _space_soon(self, *_args) -> None:
        # the bars' widths and the legend's place follow the figure's once it is laid out
        QTimer.singleShot(0, self.space_labels)

    def space_labels(self) -> None:
        """Where a "< tol" bar's number would run into its "= 0" neighbour's (bars
        narrower than the numbers, about the same height), or a number would stand under
        the legend (a short figure), it is left out: the table beside the figure gives
        every share."""
        box = self.bars.getViewBox()
        labels = [t.textItem for texts in self.bar_labels.values() for t in texts]
        if not (isValid(box) and isValid(self.legend) and all(isValid(i) for i in labels)):
            return  # a resize while a closing view deletes its items
        legend = self.legend.sceneBoundingRect()
        hidden = {
            id(label)
            for texts in self.bar_labels.values()
            for label in texts
            if label.sceneBoundingRect().intersects(legend)
        }
        pixels = box.width() / max(box.viewRange()[0][1] - box.viewRange()[0][0], 1e-9)
        per_unit = box.height() / max(box.viewRange()[1][1] - box.viewRange()[1][0], 1e-9)
        for penalty in ("l1", "l2"):
            pairs = zip(
                self.bar_labels[penalty, "exact"], self.bar_labels[penalty, "near"], strict=True
            )
            for exact, near in pairs:
                a, b = exact.textItem.boundingRect(), near.textItem.boundingRect()
                apart = (near.pos().x() - exact.pos().x()) * pixels
                close = abs(near.pos().y() - exact.pos().y()) * per_unit < a.height()
                clash = apart < (a.width() + b.width()) / 2 + 2 and close
                for label, out in ((exact, False), (near, clash)):
                    show = not out and id(label) not in hidden
                    if label.isVisible() != show:
                        label.setVisible(show)
