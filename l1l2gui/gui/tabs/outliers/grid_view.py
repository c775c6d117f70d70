"""The source's 3×3 figure: nine outlier positions, each a small plot of the four fits.

Drawn as the drag view draws (step functions; solid with the outlier, dashed
without; L1 blue and wide under L2 green), one panel per position filled as its
fits arrive. One GraphicsLayoutWidget, so File → Export figure saves all nine.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from ....core.influence import GRID_FIGURE_POSITIONS, GridFigure
from ....core.outliers import LOSSES, OutlierParams, base_data
from ...palette import apply_plot_style
from .figure import OUTLIER_COLOR, POINT_COLOR, fit_pen, merged_steps, step_edges
from .legend import fit_columns, line_proxy, set_entries

SHORT = {"l1": "L1", "l2": "L2", "huber": "Huber", "quantile": "q0.5"}


class GridFigureView(pg.GraphicsLayoutWidget):
    """Nine panels in reading order, left to right, top to bottom (outlier x increasing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        self.legend = pg.LegendItem(colCount=4, labelTextSize="9pt", verSpacing=-4)
        # a legend ignores transformations by default: in a 2× PNG its text came out half size
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.addItem(self.legend, row=0, col=0, colspan=3)
        self.panels: list[pg.PlotItem] = []
        self.curves: list[dict[str, pg.PlotDataItem]] = []
        self.points: list[pg.ScatterPlotItem] = []
        self.outliers: list[pg.ScatterPlotItem] = []
        # legend proxies: a panel's curves are hidden until its fits arrive
        self._samples = {
            **{loss: line_proxy(panel_pen(loss, True)) for loss in LOSSES},
            "without": line_proxy(pg.mkPen("#555555", width=1.5, style=Qt.PenStyle.DashLine)),
            "outlier": pg.ScatterPlotItem(size=8, brush=OUTLIER_COLOR, pen=None),
        }
        self._legend_losses: tuple[str, ...] = ()
        self.figure: GridFigure | None = None

    def showEvent(self, event) -> None:
        self._build_panels()
        super().showEvent(event)

    def _build_panels(self) -> None:
        """The nine panels, built when first shown or drawn: this view starts hidden
        behind the drag view, and its ~100 plot items were most of the tab's build time."""
        if self.panels:
            return
        for i in range(GRID_FIGURE_POSITIONS):
            plot = self.addPlot(row=1 + i // 3, col=i % 3)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.getViewBox().setMouseEnabled(x=False, y=False)
            curves = {}
            for with_outlier in (False, True):
                for loss in LOSSES:
                    name = loss if with_outlier else f"{loss}_without"
                    curve = pg.PlotDataItem(stepMode="center", pen=panel_pen(loss, with_outlier))
                    curve.setZValue((2 if with_outlier else 1) + (0 if loss == "l1" else 0.5))
                    plot.addItem(curve)
                    curves[name] = curve
            points = pg.ScatterPlotItem(size=6, pen=None, brush=POINT_COLOR)
            outlier = pg.ScatterPlotItem(size=8, pen=pg.mkPen("#7a4f00"), brush=OUTLIER_COLOR)
            points.setZValue(5)
            outlier.setZValue(6)
            plot.addItem(points)
            plot.addItem(outlier)
            self.panels.append(plot)
            self.curves.append(curves)
            self.points.append(points)
            self.outliers.append(outlier)

    def show_figure(self, figure: GridFigure) -> None:
        """Draw every panel computed so far; the rest show the data only."""
        self._build_panels()
        self.figure = figure
        p = figure.params
        self._set_legend(p.losses)
        x, y = base_data(p)
        edges = step_edges(figure.grid)
        lo, hi = p.x_range
        ys = [y, [p.outlier_y], *figure.without.values()]
        ys += [v for panel in figure.with_fits for v in panel.values()]
        ymin, ymax = float(min(np.min(v) for v in ys)), float(max(np.max(v) for v in ys))
        pad = 0.08 * max(ymax - ymin, 1e-9)
        for i, plot in enumerate(self.panels):
            done = i < len(figure.with_fits)
            ox = float(figure.positions[i])
            self.points[i].setData(x, y)
            self.outliers[i].setData([ox], [p.outlier_y])
            for name, curve in self.curves[i].items():
                loss = name.removesuffix("_without")
                if name.endswith("_without"):
                    values = figure.without.get(loss)
                else:
                    values = figure.with_fits[i].get(loss) if done else None
                curve.setVisible(values is not None)
                if values is not None:
                    curve.setData(*merged_steps(edges, values))
            # two short lines: a long title sets a panel's minimum width, and three such
            # panels side by side are wider than the middle pane at the minimum window size
            title = f"x = {ox:.3g}<br>"
            if done:
                title += " · ".join(
                    f"{SHORT[loss]} {figure.shift(i, loss):.2g}" for loss in ("l1", "l2")
                )
            else:
                title += "…"
            plot.setTitle(title, size="7pt")
            plot.setXRange(lo, hi, padding=0)
            plot.setYRange(ymin - pad, ymax + pad, padding=0)

    def _set_legend(self, losses: tuple[str, ...]) -> None:
        if losses == self._legend_losses:
            return
        samples = self._samples
        set_entries(
            self.legend,
            [(samples[loss], SHORT[loss]) for loss in losses]
            + [
                (samples["without"], "dashed: without the outlier"),
                (samples["outlier"], "outlier (title: its x; shifts)"),
            ],
        )
        self._legend_losses = losses
        self._fit_legend()

    def _fit_legend(self, width: int | None = None) -> None:
        legend = getattr(self, "legend", None)  # pyqtgraph resizes before __init__ ends
        if legend is not None and legend.items:
            fit_columns(legend, (width or self.width()) - 16, most=len(legend.items))

    def resizeEvent(self, event) -> None:
        # the columns first: the resize lays the figure out with the legend's new width
        # (not once closed: closing resizes the view after deleting the scene's items)
        if not getattr(self, "closed", False):
            self._fit_legend(event.size().width() if event is not None else None)
        super().resizeEvent(event)


def panel_pen(loss: str, with_outlier: bool) -> pg.QtGui.QPen:
    """The drag view's pen for a fit, thinner: nine panels share the space of one plot."""
    pen = fit_pen(loss, with_outlier)
    pen.setWidthF(pen.widthF() * 0.6)
    return pen


def panel_position_text(params: OutlierParams) -> str:
    """How the nine positions were chosen (shown under the figure)."""
    return (
        "Nine outlier positions evenly from one x step left of the data to one x step "
        f"right, at outlier y = {params.outlier_y:.4g} (the source's figure, recomputed)."
    )
