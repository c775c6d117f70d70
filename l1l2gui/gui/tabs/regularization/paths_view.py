"""View 4 of the Regularization tab: lasso and ridge coefficient paths on the diabetes data.

Four plots on one log-α axis (lasso path, ridge path, non-zero count, CV error) with
a draggable vertical α line, and the coefficients at that α listed. Two channels:
the paths and the CV stream on one (they depend on the folds and seed only), the
solutions at the line's α on another (a couple of ms, follows every drag).
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import QSignalThrottler

from ....core.coef_paths import (
    PATHS_FIELDS,
    AtAlpha,
    PathsCV,
    PathsParams,
    PathsResult,
    coefs_at,
    run_paths_cv,
)
from ...palette import L1_COLOR, L2_COLOR, REFERENCE_COLOR, apply_plot_style
from ...theme import ink
from ...widgets.explanation import ExplanationPanel
from ...widgets.legends import fit_height
from ...widgets.live_widgets import LiveLabel
from ...widgets.param_form import ParamForm
from ...worker import ComputeWorker
from .paths_text import num, paths_html
from .plot_items import WideSample

CHANNEL = "regularization/paths"
ALPHA_CHANNEL = "regularization/paths-alpha"
# a qualitative palette for the ten features (Tableau 10): curves are told apart by
# colour and name; Lasso vs Ridge by the panels' titles
FEATURE_COLORS = (
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F",
    "#EDC948", "#B07AA1", "#FF9DA7", "#9C755F", "#555555",
)  # fmt: skip
TEXT_MS = 200


def _alpha_job(alpha: float):
    def make(_is_cancelled):
        yield coefs_at(alpha)

    return make


class AlphaLine(pg.InfiniteLine):
    """The draggable α line; it never takes part in auto-range.

    pyqtgraph tells a line's view box about every move, and a view box with auto-range
    on then measures all its items again before the next paint (about 1 ms a frame over
    the four plots while the line is dragged). A vertical line has no y extent and the
    x range is set explicitly, so the line is added with ``ignoreBounds`` and keeps quiet.
    """

    def informViewBoundsChanged(self) -> None:
        pass


def _title(text: str, color: str) -> str:
    return f'<span style="color:{color}; font-weight:600">{text}</span>'


class PathsPlots:
    """Lasso path, ridge path, non-zero count and CV error on one log-α axis.

    ``on_drag(alpha)`` is called while the user drags the vertical line.
    """

    def __init__(self, layout: pg.GraphicsLayout, on_drag=None) -> None:
        self.ci = layout
        self.on_drag = on_drag
        self.lasso = self.ci.addPlot(row=0, col=0)
        self.ridge = self.ci.addPlot(row=0, col=1)
        self.count = self.ci.addPlot(row=1, col=0)
        self.cv = self.ci.addPlot(row=1, col=1)
        # as text the data colours are darker (theme.LIGHT_TEXT): a title is read, a line seen
        self.lasso.setTitle(_title("Lasso (L1) path", ink(L1_COLOR)), size="10pt")
        self.ridge.setTitle(_title("Ridge (L2) path", ink(L2_COLOR)), size="10pt")
        self.count.setTitle("non-zero count", size="10pt")
        self.cv.setTitle("CV error", size="10pt")
        self.plots = (self.lasso, self.ridge, self.count, self.cv)
        lo, hi = (math.log10(PATHS_FIELDS[0].minimum), math.log10(PATHS_FIELDS[0].maximum))
        self.lines: list[pg.InfiniteLine] = []
        for plot in self.plots:
            plot.setMenuEnabled(False)  # its Export… entry reaches pyqtgraph's broken SVG exporter
            plot.setLogMode(x=True, y=False)
            plot.setLabel("bottom", "α")
            plot.getAxis("left").enableAutoSIPrefix(False)
            line = AlphaLine(
                pos=0.0, angle=90, movable=True, bounds=(lo, hi),
                pen=pg.mkPen(REFERENCE_COLOR, width=2), hoverPen=pg.mkPen("#000", width=3),
            )  # fmt: skip
            line.setZValue(20)
            line.sigPositionChanged.connect(self._on_line)
            plot.addItem(line, ignoreBounds=True)
            self.lines.append(line)
        for plot in self.plots[1:]:
            plot.setXLink(self.lasso)
        self.lasso.setLabel("left", "coefficient")
        self.ridge.setLabel("left", "coefficient")
        self.count.setLabel("left", "count")
        self.cv.setLabel("left", "held-out MSE")
        self.lasso_curves = [self.lasso.plot(pen=pg.mkPen(c, width=2)) for c in FEATURE_COLORS]
        self.ridge_curves = [self.ridge.plot(pen=pg.mkPen(c, width=2)) for c in FEATURE_COLORS]
        self.labels: dict[str, list[pg.TextItem]] = {"lasso": [], "ridge": []}
        for key, plot in (("lasso", self.lasso), ("ridge", self.ridge)):
            for c in FEATURE_COLORS:
                label = pg.TextItem(color=ink(c), anchor=(1.0, 0.5))
                plot.addItem(label)
                self.labels[key].append(label)
        dashed = pg.mkPen(L1_COLOR, width=2)
        dashed.setDashPattern([5.0, 3.0])
        self.count_lasso = self.count.plot(pen=dashed, name="lasso")
        self.count_ridge = self.count.plot(pen=pg.mkPen(L2_COLOR, width=2), name="ridge")
        self.cv_lasso = self.cv.plot(pen=dashed)
        self.cv_ridge = self.cv.plot(pen=pg.mkPen(L2_COLOR, width=2))
        white = pg.mkPen("w", width=1.5)
        self.best_lasso = pg.ScatterPlotItem(size=13, symbol="d", pen=white, brush=L1_COLOR)
        self.best_ridge = pg.ScatterPlotItem(size=11, symbol="o", pen=white, brush=L2_COLOR)
        for item in (self.best_lasso, self.best_ridge):
            item.setZValue(10)
            self.cv.addItem(item)
        self.legend = self.cv.addLegend(
            offset=(5, 5), labelTextSize="9pt", verSpacing=-6, sampleType=WideSample
        )
        # LegendItem ignores transformations: a 2× PNG would draw it at half its size
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self._proxies = [
            (pg.PlotDataItem(pen=dashed), "lasso"),
            (pg.PlotDataItem(pen=pg.mkPen(L2_COLOR, width=2)), "ridge"),
            # scatter proxies: a PlotDataItem without data shows its markers in the default grey
            (pg.ScatterPlotItem(symbol="d", size=11, brush=L1_COLOR, pen=white), "lasso best"),
            (pg.ScatterPlotItem(symbol="o", size=10, brush=L2_COLOR, pen=white), "ridge best"),
        ]
        # in a small plot (presentation mode's type) only the curves are named: the best
        # α's markers are told in the explanation
        self.fit_legend()
        self.cv.vb.sigResized.connect(self.fit_legend)
        self._paths_shown: object = None
        self._xrange: tuple[float, float] | None = None  # the grid's log10 α, low to high
        self._x_set: tuple[float, float] | None = None  # the x range reset() set last
        self.lasso.vb.sigResized.connect(self.refit_x)

    def _x_view(self) -> tuple[float, float]:
        """The α range shown: the grid, with room left of its small-α end for the widest
        feature name as drawn now (its type grows in presentation mode)."""
        lo, hi = self._xrange
        right = hi + 0.03 * (hi - lo)
        width = self.lasso.vb.width()
        names = [label.boundingRect().width() for label in self.labels["lasso"]]
        share = (max(names) + 8) / width if width > 0 and max(names) > 0 else 0.18
        share = min(share, 0.45)
        return lo - share * (right - lo) / (1 - share), right

    def refit_x(self, *_args) -> None:
        # on a resize, or the type's change, unless the user has zoomed since
        if self._xrange is None or self._x_set is None:
            return
        shown = self.lasso.vb.viewRange()[0]
        if all(abs(a - b) < 1e-6 for a, b in zip(shown, self._x_set, strict=True)):
            self._x_set = self._x_view()
            self.lasso.setXRange(*self._x_set, padding=0)

    def fit_legend(self, *_args) -> None:
        fit_height(self.legend, self._proxies, self.cv.vb, least=2)

    def _on_line(self, line: pg.InfiniteLine) -> None:
        value = float(line.value())
        for other in self.lines:
            if other is not line:
                other.blockSignals(True)
                other.setValue(value)
                other.blockSignals(False)
        if line.moving and self.on_drag is not None:
            self.on_drag(10.0**value)

    def reset(self) -> None:
        """The whole grid in x (names to the left), every curve in y."""
        for plot in self.plots[1:]:
            plot.enableAutoRange(axis="y")
        self.lasso.enableAutoRange(axis="y")
        if self._xrange is not None:
            self._x_set = self._x_view()
            self.lasso.setXRange(*self._x_set, padding=0)
        self.count.setYRange(0, 10.5, padding=0.02)

    def set_alpha(self, alpha: float) -> None:
        for line in self.lines:
            line.blockSignals(True)
            line.setValue(math.log10(alpha))
            line.blockSignals(False)

    def show_paths(self, part: PathsCV) -> None:
        paths = part.paths
        alphas = paths.data.alphas
        if self._paths_shown is not paths:
            self._paths_shown = paths
            done = paths.done
            for i in range(len(paths.data.names)):
                self.lasso_curves[i].setData(alphas[:done], paths.lasso[i, :done])
                self.ridge_curves[i].setData(alphas, paths.ridge[i])
            count = paths.nonzero[:done].astype(float)
            self.count_lasso.setData(alphas[:done], count)
            self.count_ridge.setData(alphas, np.count_nonzero(paths.ridge, axis=0).astype(float))
            self._place_labels("lasso", alphas[:done], paths.lasso[:, :done], paths.data.names)
            self._place_labels("ridge", alphas, paths.ridge, paths.data.names)
            self._xrange = (math.log10(alphas[-1]), math.log10(alphas[0]))
            self.reset()
        cv = part.cv
        if cv is not None and cv.done > 0:
            ml, mr = cv.mean("lasso"), cv.mean("ridge")
            self.cv_lasso.setData(alphas, ml)
            self.cv_ridge.setData(alphas, mr)
            kb, rb = cv.best("lasso"), cv.best("ridge")
            self.best_lasso.setData([math.log10(alphas[kb])], [ml[kb]])
            self.best_ridge.setData([math.log10(alphas[rb])], [mr[rb]])
        else:
            for item in (self.cv_lasso, self.cv_ridge, self.best_lasso, self.best_ridge):
                item.setData([], [])

    def _place_labels(self, key: str, alphas, coefs, names) -> None:
        """Names at the curves' small-α end, nudged apart so none overlaps another."""
        labels = self.labels[key]
        if coefs.shape[1] == 0:
            for label in labels:
                label.setText("")
            return
        y = coefs[:, -1].astype(float)
        span = max(float(np.ptp(coefs)), 1e-9)
        gap = 0.055 * span
        order = np.argsort(y)
        placed = y.copy()
        for a, b in itertools.pairwise(order):
            placed[b] = max(placed[b], placed[a] + gap)
        placed -= max(0.0, (placed.max() - y.max()) / 2)  # centre the nudge on the data
        x = math.log10(float(alphas[-1]))
        for i, label in enumerate(labels):
            label.setText(names[i])
            label.setPos(x, float(placed[i]))


class PathsFigure(pg.GraphicsLayoutWidget):
    """View 4's plots on their own; emits the α the line is dragged to."""

    alphaDragged = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        self.parts = PathsPlots(self.ci, self.alphaDragged.emit)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        # pyqtgraph sends one before __init__ ends, and one from close() after its scene's
        # items are deleted (``closed``): the plots are not touched then
        if hasattr(self, "parts") and not getattr(self, "closed", False):
            self.parts.fit_legend()  # also sent when the look's type changes at the same size
            self.parts.refit_x()


class PathsView(QWidget):
    """Plots, coefficients at α, explanation; computes on two channels of its own."""

    edited = Signal()  # the form or the α line changed
    drawn = Signal(int)  # request id of the paths/CV result just drawn
    alphaDrawn = Signal(float)  # α whose coefficients were just listed
    linkActivated = Signal(str)

    def __init__(self, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._request = self._alpha_request = -1
        self._cv_key: tuple | None = None
        self._alpha_key: float | None = None
        self.part: PathsCV | None = None
        self.at: AtAlpha | None = None
        self.form = ParamForm(PATHS_FIELDS)
        self.figure = PathsFigure()
        self.readout = LiveLabel(wrap=True)  # every frame of a drag of the α line
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["feature", "lasso", "ridge"])
        header_tips = ("diabetes feature", "lasso weight at α (grey: 0)", "ridge weight at α")
        for column, tip in enumerate(header_tips):
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(20)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.text = ExplanationPanel()
        self.text.setMinimumWidth(220)
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(lambda url: self.linkActivated.emit(url.toString()))
        self._text_throttler = QSignalThrottler(parent=self)
        self._text_throttler.setTimeout(TEXT_MS)
        self._text_throttler.triggered.connect(self._update_text)
        self.form.edited.connect(self.edited)
        self.figure.alphaDragged.connect(self._on_dragged)
        worker.resultReady.connect(self._on_result)
        worker.jobFailed.connect(self._on_failed)

        side = QWidget()
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.readout)
        col.addWidget(self.table, 2)
        col.addWidget(self.text, 3)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.figure)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setSizes([700, 300])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def _on_dragged(self, alpha: float) -> None:
        field = PATHS_FIELDS[0]
        alpha = min(max(alpha, field.minimum), field.maximum)
        self.form.set_values({"path_alpha": float(f"{alpha:.4g}")})
        self.edited.emit()

    def submit(self, params: PathsParams, force: bool = False) -> None:
        """Ask for what changed: the paths and CV (folds, seed) and/or the solutions at α."""
        cv_key = (params.cv_folds, params.cv_seed)
        if force or cv_key != self._cv_key:
            self._cv_key = cv_key
            self._request = self._worker.submit(
                CHANNEL, lambda _c: run_paths_cv(params.cv_folds, params.cv_seed)
            )
        if force or params.path_alpha != self._alpha_key:
            self._alpha_key = params.path_alpha
            self._alpha_request = self._worker.submit(ALPHA_CHANNEL, _alpha_job(params.path_alpha))
            if not any(line.moving for line in self.figure.parts.lines):
                self.figure.parts.set_alpha(params.path_alpha)

    def result(self, params: PathsParams) -> PathsResult | None:
        """The complete result for ``params``, if that is what is on screen."""
        part, at = self.part, self.at
        if part is None or at is None or not part.finished or at.alpha != params.path_alpha:
            return None
        if (part.cv.folds, part.cv.seed) != (params.cv_folds, params.cv_seed):
            return None
        return PathsResult(params, part.paths, at, part.cv, part.lasso_at_best)

    @property
    def request(self) -> int:
        return self._request

    def _on_result(self, channel: str, request: int, result: Any) -> None:
        if channel == CHANNEL and request == self._request:
            self.part = result
            self.figure.parts.show_paths(result)
            self._readout()
            if result.finished:
                self._update_text()
            else:
                self._text_throttler.throttle()
            self.drawn.emit(request)
        elif channel == ALPHA_CHANNEL and request == self._alpha_request:
            self.at = result
            self._show_table(result)
            self._readout()
            self._text_throttler.throttle()
            self.alphaDrawn.emit(result.alpha)

    def _readout(self) -> None:
        part, at = self.part, self.at
        bits = []
        if at is not None:
            bits.append(f"α = {num(at.alpha)}: lasso keeps {at.nonzero} of {len(at.lasso)}")
        if part is not None and part.cv is not None and part.finished:
            best = part.paths.data.alphas[part.cv.best("lasso")]
            bits.append(f"CV best lasso α = {num(float(best))}")
        elif part is not None:
            cv = part.cv
            bits.append("lasso path…" if cv is None else f"CV fold {cv.done + 1} of {cv.folds}…")
        self.readout.setText(" · ".join(bits))

    def _show_table(self, at: AtAlpha) -> None:
        names = at.names
        self.table.setRowCount(len(at.lasso))
        grey = QColor(ink("#9a9a9a"))
        for i in range(len(at.lasso)):
            cells = (
                names[i],
                num(float(at.lasso[i])),
                num(float(at.ridge[i])),
            )
            for j, text in enumerate(cells):
                item = self.table.item(i, j)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(i, j, item)
                item.setText(text)
                if j == 0:  # a name is text: the darker (or, in dark, lighter) shade
                    item.setForeground(QColor(ink(FEATURE_COLORS[i])))
                else:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                    zero = at.lasso[i] == 0.0 if j == 1 else at.ridge[i] == 0.0
                    item.setForeground(grey if zero else QColor(ink("#222222")))

    def _update_text(self) -> None:
        if self.part is not None:
            self.text.set_html(paths_html(self.part, self.at))

    def _on_failed(self, channel: str, request: int, message: str) -> None:
        if (channel, request) in ((CHANNEL, self._request), (ALPHA_CHANNEL, self._alpha_request)):
            self.form.show_error(message)

    def stop(self) -> None:
        self._text_throttler.cancel()
        self._worker.cancel(CHANNEL)
        self._worker.cancel(ALPHA_CHANNEL)
