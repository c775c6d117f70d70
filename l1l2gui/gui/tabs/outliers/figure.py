"""The Outliers tab's figure: base points, the draggable outlier, and each loss's fits.

Fits are drawn as the step functions they are (``stepMode="center"`` over the
dense grid: a jump sits between two grid points; equal neighbours are merged).
Solid = trained with the outlier, dashed = without; L1 is also drawn wider than
L2 so the two differ by more than hue. Plot items are created once;
:meth:`OutliersFigure.show_run` only calls ``setData``, and only for the fits that
changed (a snapshot grows one fit; the fits without the outlier stay the same
objects while only the outlier moves).

A drag is served within a frame: the axes keep their range while fits grow (a
changed range redraws both axes, 1–2 ms each) and pyqtgraph's search for items
under the mouse, which only serves hover highlights, is skipped mid-drag.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ....core.outliers import LOSS_LABELS, LOSSES, OutlierParams, OutlierRun, base_data
from ...palette import HUBER_COLOR, L1_COLOR, L2_COLOR, QUANTILE_COLOR, apply_plot_style
from ...widgets.legends import fit_names
from .legend import line_proxy, set_entries

LOSS_COLORS = {"l1": L1_COLOR, "l2": L2_COLOR, "huber": HUBER_COLOR, "quantile": QUANTILE_COLOR}
# L1 wide and underneath, the others thin on top: where fits coincide (many trees)
# L1 shows as a blue band around a green line instead of disappearing
LOSS_WIDTHS = {"l1": 5.0, "l2": 2.0, "huber": 2.0, "quantile": 2.0}
OUTLIER_COLOR = "#E69F00"  # orange, as in the source's figure
# the legend's names where the full ones leave it more than two rows (a small figure in
# presentation mode): the plot keeps its height
SHORT_LEGEND = {
    LOSS_LABELS["l1"]: "L1",
    LOSS_LABELS["l2"]: "L2",
    LOSS_LABELS["quantile"]: "q 0.5",
    "solid: with the outlier": "with",
    "dashed: without": "without",
    "base points": "points",
    "outlier (drag it)": "outlier",
}
POINT_COLOR = "#222222"


def fit_pen(loss: str, with_outlier: bool) -> pg.QtGui.QPen:
    pen = pg.mkPen(LOSS_COLORS[loss], width=LOSS_WIDTHS[loss])
    if not with_outlier:
        pen.setDashPattern([3.0, 2.5])
    return pen


def step_edges(grid: np.ndarray) -> np.ndarray:
    """Bin edges around each grid point (``stepMode="center"`` wants len(grid) + 1)."""
    mid = (grid[1:] + grid[:-1]) / 2
    return np.concatenate(([grid[0]], mid, [grid[-1]]))


def merged_steps(edges: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same step function with runs of equal values merged into one step.

    A tree ensemble on a few points takes only a handful of values over the grid;
    drawing those few steps instead of 601 keeps a repaint well within a frame.
    """
    starts = np.concatenate(([0], np.flatnonzero(y[1:] != y[:-1]) + 1))
    return np.append(edges[starts], edges[-1]), y[starts]


class OutliersFigure(pg.GraphicsLayoutWidget):
    """One plot: points, outlier (a pyqtgraph ``TargetItem``), fits with and without it."""

    def __init__(self, movable: bool = True, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        # three columns, fewer when the widget is narrow (see resizeEvent)
        self.legend = pg.LegendItem(colCount=3, labelTextSize="10pt", verSpacing=-4)
        # a legend ignores transformations by default: in a 2× PNG its text came out half size
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.addItem(self.legend, row=0, col=0)
        self.plot = self.addPlot(row=1, col=0)
        self.plot.setLabel("bottom", "x")
        self.plot.setLabel("left", "y")
        # no grid lines: antialiased translucent grid lines cost ~13 ms per repaint here
        self.plot.setMenuEnabled(False)  # its Export… entry offers a broken SVG exporter
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)  # a drag moves the outlier
        self.plot.hideButtons()
        self.curves: dict[str, pg.PlotDataItem] = {}
        for with_outlier in (False, True):  # solid drawn over dashed
            for loss in LOSSES:
                name = loss if with_outlier else f"{loss}_without"
                curve = pg.PlotDataItem(stepMode="center", pen=fit_pen(loss, with_outlier))
                curve.setZValue((2 if with_outlier else 1) + (0 if loss == "l1" else 0.5))
                self.plot.addItem(curve)
                self.curves[name] = curve
        self.points = pg.ScatterPlotItem(size=12, pen=pg.mkPen("w", width=1), brush=POINT_COLOR)
        self.points.setZValue(5)
        self.plot.addItem(self.points)
        self.target = pg.TargetItem(
            pos=(0, 0),
            size=18,
            symbol="o",
            pen=pg.mkPen("#7a4f00", width=2),
            hoverPen=pg.mkPen("#7a4f00", width=3),  # the default hover pen is magenta
            brush=OUTLIER_COLOR,
            hoverBrush="#FFC04D",
            movable=movable,
        )
        self.target.setZValue(10)
        self.plot.addItem(self.target)
        # legend proxies: the curves themselves are hidden until their first fit arrives
        self._samples = {
            **{loss: line_proxy(fit_pen(loss, True)) for loss in LOSSES},
            "with": line_proxy(pg.mkPen("#555555", width=2)),
            "without": line_proxy(pg.mkPen("#555555", width=2, style=Qt.PenStyle.DashLine)),
            "points": pg.ScatterPlotItem(size=9, brush=POINT_COLOR, pen=None),
            "outlier": pg.ScatterPlotItem(size=11, brush=OUTLIER_COLOR, pen=None),
        }
        self._legend_losses: tuple[str, ...] = ()
        self._edges: np.ndarray | None = None
        self._data_key: object = None
        self._drawn: dict[str, object] = {}  # curve name → the Fit it shows
        self._x_range: tuple[float, float] | None = None  # as last set by frame()
        self._y_range: tuple[float, float] | None = None
        self._skip_hover_mid_drag()

    def _skip_hover_mid_drag(self) -> None:
        """No hover search on the mouse moves of a drag (~1 ms of a frame's budget).

        pyqtgraph looks for the items near the mouse on every move to send hover
        events; while a button drags an item, no item may accept them, so that search
        only moved hover highlights the drag hides anyway. The release sends them again.
        """
        scene = self.scene()
        send = scene.sendHoverEvents

        def hover(event, exitOnly=False):
            if not exitOnly and scene.dragButtons and event.buttons():
                return
            send(event, exitOnly)

        scene.sendHoverEvents = hover

    # ---------------------------------------------------------------- drawing
    def show_data(self, params: OutlierParams) -> None:
        """Base points, the outlier and the axes for ``params`` (before any fit is ready)."""
        key = (params.n_points, params.x_step, params.slope, params.intercept, params.noise,
               params.seed, params.data_file, params.data_sha256)  # fmt: skip
        if key != self._data_key:
            self._data_key = key
            self.points.setData(*base_data(params))
            self._edges = None
        self.set_outlier(params.outlier_x, params.outlier_y)
        self._set_legend(params.losses)

    def set_outlier(self, x: float, y: float) -> None:
        """Move the target without announcing it (the tab moves it when the form changes)."""
        self.target.blockSignals(True)
        self.target.setPos(x, y)
        self.target.blockSignals(False)

    def frame(self, params: OutlierParams, run: OutlierRun | None = None) -> None:
        """Fit the view to the plotted x range and to the points, the outlier and ``run``'s fits.

        While ``run`` still grows its fits, the y range stays as it is while everything
        lies inside it and it is at most twice the exact range (else it becomes the
        exact range): each partial fit would otherwise change the axes a little,
        redrawing both. A complete run (or none) sets the exact range.
        """
        lo, hi = params.x_range
        _, y = base_data(params)
        ys = [y, [params.outlier_y]]
        if run is not None:
            ys += [f.y for f in run.fits.values()]
        ymin = float(min(np.min(v) for v in ys))
        ymax = float(max(np.max(v) for v in ys))
        pad = 0.08 * max(ymax - ymin, 1e-9)
        y_range = (ymin - pad, ymax + pad)
        growing = run is not None and not run.finished
        if growing and self._y_range is not None and self._x_range == (lo, hi):
            shown_lo, shown_hi = self._y_range
            inside = shown_lo <= ymin and ymax <= shown_hi
            if inside and shown_hi - shown_lo <= 2 * (y_range[1] - y_range[0]):
                return  # the axes as they are show everything, not much too small
        if (lo, hi) != self._x_range:
            self._x_range = (lo, hi)
            self.plot.setXRange(lo, hi, padding=0)
        if y_range != self._y_range:
            self._y_range = y_range
            self.plot.setYRange(*y_range, padding=0)

    def show_run(self, run: OutlierRun) -> None:
        """Draw every fit ``run`` has so far; fits it does not have are hidden."""
        self.show_data(run.params)
        if self._edges is None or self._edges.size != run.grid.size + 1:
            self._edges = step_edges(run.grid)
            self._drawn.clear()
        for name, curve in self.curves.items():
            fit = run.fits.get(name)
            if name in self._drawn and fit is self._drawn[name]:
                continue  # drawn already (the same object: fits are frozen)
            self._drawn[name] = fit
            curve.setVisible(fit is not None)
            if fit is not None:
                curve.setData(*merged_steps(self._edges, fit.y))

    def _set_legend(self, losses: tuple[str, ...]) -> None:
        if losses == self._legend_losses:
            return
        samples = self._samples
        set_entries(
            self.legend,
            [(samples[loss], LOSS_LABELS[loss]) for loss in losses]
            + [
                (samples["with"], "solid: with the outlier"),
                (samples["without"], "dashed: without"),
                (samples["points"], "base points"),
                (samples["outlier"], "outlier (drag it)"),
            ],
        )
        self._legend_losses = losses
        self._fit_legend()

    def _fit_legend(self, width: int | None = None) -> None:
        legend = getattr(self, "legend", None)  # pyqtgraph resizes before __init__ ends
        if legend is not None and legend.items:
            # full names in three columns, or short ones in one row where they do not fit
            fit_names(legend, (width or self.width()) - 16, 3, SHORT_LEGEND, least=3)

    def resizeEvent(self, event) -> None:
        # the columns first: the resize lays the figure out with the legend's new width
        # (not once closed: closing resizes the view after deleting the scene's items)
        if not getattr(self, "closed", False):
            self._fit_legend(event.size().width() if event is not None else None)
        super().resizeEvent(event)
