"""View 3 of the Regularization tab: one weight, step by step.

J(w) with every method's iterates on it, w per step, and a table of the steps of
one method (MSE gradient, penalty gradient, full gradient, new w). The view owns
its form and its worker channel; the tab places the form and applies presets.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ....core.walkthrough import (
    COLUMNS,
    METHOD_LABELS,
    METHODS,
    WALKTHROUGH_FIELDS,
    Walkthrough,
    WalkthroughParams,
    note_errors,
    run_walkthrough,
)
from ....core.walkthrough_display import WalkthroughDisplay, walkthrough_display
from ...palette import L1_COLOR, L2_COLOR, REFERENCE_COLOR, apply_plot_style
from ...widgets.explanation import ExplanationPanel
from ...widgets.live_widgets import LiveLabel
from ...widgets.param_form import ParamForm
from ...worker import ComputeWorker
from .plot_items import fit_columns, l1_pen
from .steps_model import StepsModel
from .walkthrough_text import walkthrough_html, walkthrough_readout

CHANNEL = "regularization/walkthrough"
PARTS = (0, 1, 2)  # J plot; w per step; readout, table and text: one per turn
# L1 methods share L1's blue and differ by line style and marker; L2 is green and solid
STYLE = {
    "subgradient": (L1_COLOR, [5.0, 3.0], "o"),
    "proximal": (L1_COLOR, [8.0, 2.5, 1.5, 2.5], "s"),
    "clip": (L1_COLOR, [1.5, 2.5], "t"),
    "l2": (L2_COLOR, None, "d"),
}


def _walk_job(params: WalkthroughParams):
    def make(_is_cancelled):
        for walk in run_walkthrough(params):
            yield walk, walkthrough_display(walk)

    return make


def _pen(method: str, width: float = 2.0):
    color, dash, _ = STYLE[method]
    pen = pg.mkPen(color, width=width)
    if dash:
        pen.setDashPattern(dash)
    return pen


class WalkthroughPlots:
    """J(w) with the iterates (left) and w per step (right), one legend above both."""

    def __init__(self, layout: pg.GraphicsLayout) -> None:
        self.ci = layout
        self.legend = pg.LegendItem(colCount=4, labelTextSize="9pt", verSpacing=-6)
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.ci.addItem(self.legend, row=0, col=0, colspan=2)
        self.objective = self.ci.addPlot(row=1, col=0)
        self.steps_plot = self.ci.addPlot(row=1, col=1)
        self.objective.setTitle("J(w) and the iterates", size="10pt")
        self.steps_plot.setTitle("w after each step", size="10pt")
        self.objective.setLabel("bottom", "weight w")
        self.objective.setLabel("left", "J(w)")
        self.steps_plot.setLabel("bottom", "step")
        self.steps_plot.setLabel("left", "w")
        for plot in (self.objective, self.steps_plot):
            for axis in ("left", "bottom"):
                plot.getAxis(axis).enableAutoSIPrefix(False)  # "w (x0.001)" reads badly
            plot.setMenuEnabled(False)  # its Export… entry reaches pyqtgraph's broken SVG exporter
        grey = pg.mkPen(REFERENCE_COLOR, width=1)
        self.steps_plot.addItem(pg.InfiniteLine(pos=0.0, angle=0, pen=grey))
        self.objective.addItem(pg.InfiniteLine(pos=0.0, angle=90, pen=grey))
        self.j_l1 = self.objective.plot(pen=l1_pen(1.5))
        self.j_l2 = self.objective.plot(pen=pg.mkPen(L2_COLOR, width=1.5))
        self.on_j: dict[str, pg.PlotDataItem] = {}
        self.w_lines: dict[str, pg.PlotDataItem] = {}
        for m in METHODS:
            color, _, symbol = STYLE[m]
            self.on_j[m] = self.objective.plot(
                pen=None, symbol=symbol, symbolSize=7, symbolBrush=color, symbolPen="w"
            )
            self.w_lines[m] = self.steps_plot.plot(
                pen=_pen(m), symbol=symbol, symbolSize=6, symbolBrush=color, symbolPen="w"
            )
        self._proxies = [(self.j_l1, "J, L1: λ|w|"), (self.j_l2, "J, L2: λw²")]
        for m in METHODS:
            self._proxies.append((self.w_lines[m], METHOD_LABELS[m]))
        for item, text in self._proxies:
            self.legend.addItem(item, text)

    def fit_legend(self, width: float) -> None:
        """The legend row sets the figure's minimum width: fewer columns when narrow
        (measured: presentation mode's type needs more room)."""
        fit_columns(self.legend, width - 16, (6, 3, 2, 1))

    def reset(self) -> None:
        for plot in (self.objective, self.steps_plot):
            plot.enableAutoRange()

    def draw(self, walk: Walkthrough, display: WalkthroughDisplay | None = None) -> None:
        """Both plots at once (an export); the view draws them in two turns."""
        display = display or walkthrough_display(walk)
        self.draw_objective(walk, display)
        self.draw_steps(display)

    def draw_objective(self, walk: Walkthrough, display: WalkthroughDisplay) -> None:
        """J(w) for both penalties with each method's iterates on its own objective."""
        self.j_l1.setData(walk.grid, walk.objective_l1)
        self.j_l2.setData(walk.grid, walk.objective_l2)
        for m, (w, j) in display.marks.items():
            self.on_j[m].setData(w, j)
        # the ranges are round (core): a result nearby leaves the axes' pictures as they were
        lo, hi = display.j_axis
        margin = 0.05 * (hi - lo)
        self.objective.setRange(
            xRange=display.w_axis, yRange=(lo - margin, hi + margin), padding=0.0
        )

    def draw_steps(self, display: WalkthroughDisplay) -> None:
        """w after each step, one line per method (markers only for short runs)."""
        for m, (steps, w) in display.lines.items():
            line = self.w_lines[m]
            symbol = STYLE[m][2] if display.markers else None
            if line.opts["symbol"] != symbol:  # each setSymbol redraws the whole item
                line.setSymbol(symbol)
            line.setData(steps, w)
        # padding as auto-range pads (by the view's size): the last step's tick stays shown
        self.steps_plot.setRange(
            xRange=display.step_axis, yRange=display.w_per_step_axis, padding=None
        )


class WalkthroughFigure(pg.GraphicsLayoutWidget):
    """View 3's plots on their own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        self.parts = WalkthroughPlots(self.ci)

    def resizeEvent(self, event) -> None:
        parts = getattr(self, "parts", None)  # pyqtgraph resizes before __init__ ends
        if parts is not None:
            parts.fit_legend(self.width())
        super().resizeEvent(event)


class WalkthroughView(QWidget):
    """Plots, table and explanation of the walkthrough; computes on its own channel."""

    edited = Signal()  # the form changed (the tab validates, updates its preset label)
    drawn = Signal(int)  # request id of the walkthrough just drawn
    linkActivated = Signal(str)  # a "try this" link in the explanation

    def __init__(self, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._worker = worker
        self._request = -1
        self._key: WalkthroughParams | None = None
        self.result: Walkthrough | None = None  # the walkthrough on screen, all of it
        self._pending: tuple[int, Walkthrough, WalkthroughDisplay] | None = None
        self._todo: set[int] = set()
        self._part = 0  # the part drawn next (0: J plot, 1: w per step, 2: readout, table, text)
        self._listed: Walkthrough | None = None  # the walkthrough whose steps the table lists
        self._next_part = QTimer(self)
        self._next_part.setSingleShot(True)
        self._next_part.setInterval(0)
        self._next_part.timeout.connect(self._draw_part)
        self.form = ParamForm(WALKTHROUGH_FIELDS)
        self.figure = WalkthroughFigure()
        self.readout = LiveLabel(wrap=True)
        self.method_box = QComboBox()
        self.method_box.setToolTip("Which method's steps the table lists")
        for m in METHODS:
            self.method_box.addItem(METHOD_LABELS[m], m)
        self.model = StepsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        self.text = ExplanationPanel()
        self.text.setMinimumWidth(220)
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(lambda url: self.linkActivated.emit(url.toString()))
        self.form.edited.connect(self.edited)
        self.method_box.currentIndexChanged.connect(lambda _i: self._show_table())
        worker.resultReady.connect(self._on_result)
        worker.jobFailed.connect(self._on_failed)

        page = QSplitter(Qt.Orientation.Vertical)
        page.addWidget(self.figure)
        lower = QWidget()
        col = QVBoxLayout(lower)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.readout)
        row = QHBoxLayout()
        row.addWidget(QLabel("Steps of"))
        row.addWidget(self.method_box)
        row.addStretch(1)
        col.addLayout(row)
        col.addWidget(self.table, 1)
        page.addWidget(lower)
        page.setStretchFactor(0, 3)
        page.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(page)
        split.addWidget(self.text)
        split.setStretchFactor(0, 1)
        split.setSizes([700, 300])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)

    def values(self) -> dict[str, Any]:
        return self.form.values()

    def submit(self, params: WalkthroughParams, force: bool = False) -> None:
        """Compute ``params`` unless it is what is already shown or on its way."""
        if force or params != self._key:
            self._key = params
            self._request = self._worker.submit(CHANNEL, _walk_job(params))

    @property
    def request(self) -> int:
        return self._request

    def _on_result(self, channel: str, request: int, result: Any) -> None:
        if channel != CHANNEL or request != self._request:
            return
        # drawn in parts, one per turn of the event loop (J plot; w per step; readout,
        # table and text), each painted before the next is drawn. A newer result
        # replaces the pending one: its parts follow on from where the drawing was, so
        # results arriving every turn still bring every part up to date in turn, and
        # nothing older than what is already shown is ever drawn
        self._pending = (request, *result)
        self._todo = set(PARTS)
        self._draw_part()

    def _draw_part(self) -> None:
        if self._pending is None:
            return
        request, walk, display = self._pending
        part = next(p for p in PARTS[self._part :] + PARTS[: self._part] if p in self._todo)
        if part == 0:
            self.figure.parts.draw_objective(walk, display)
        elif part == 1:
            self.figure.parts.draw_steps(display)
        else:
            self.readout.setText(walkthrough_readout(walk))
            self.text.set_html(walkthrough_html(walk))
            self._show_table(walk)
        self._todo.discard(part)
        self._part = (part + 1) % len(PARTS)
        if self._todo:
            self._next_part.start()
        else:
            self._pending = None
            self.result = walk
            self.drawn.emit(request)

    @property
    def drawing(self) -> bool:
        """A result is being drawn (some of its parts are not on screen yet)."""
        return self._pending is not None

    def _show_table(self, walk: Walkthrough | None = None) -> None:
        """The steps of the chosen method of ``walk`` (or of the walkthrough listed)."""
        walk = walk or self._listed
        if walk is None:
            return
        self._listed = walk
        method = self.method_box.currentData()
        notes = {}
        if method == "subgradient":
            for e in note_errors(walk):
                notes[e.step - 1, COLUMNS.index(e.column)] = e.printed
        self.model.show(walk.traces[method].rows, notes)

    def _on_failed(self, channel: str, request: int, message: str) -> None:
        if channel == CHANNEL and request == self._request:
            self.form.show_error(message)

    def stop(self) -> None:
        self._next_part.stop()
        self._pending = None
        self._worker.cancel(CHANNEL)
