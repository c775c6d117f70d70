"""View 3 of the Regularization tab: one weight, step by step.

J(w) with every method's iterates on it, w per step, and a table of the steps of
one method (MSE gradient, penalty gradient, full gradient, new w). The view owns
its form and its worker channel; the tab places the form and applies presets.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor
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
from ...palette import ERROR_COLOR, L1_COLOR, L2_COLOR, REFERENCE_COLOR, apply_plot_style
from ...theme import ink
from ...widgets.explanation import ExplanationPanel
from ...widgets.live_widgets import LiveLabel
from ...widgets.param_form import ParamForm
from ...worker import ComputeWorker
from .plot_items import fit_columns, l1_pen
from .walkthrough_text import num, walkthrough_html, walkthrough_readout

CHANNEL = "regularization/walkthrough"
# L1 methods share L1's blue and differ by line style and marker; L2 is green and solid
STYLE = {
    "subgradient": (L1_COLOR, [5.0, 3.0], "o"),
    "proximal": (L1_COLOR, [8.0, 2.5, 1.5, 2.5], "s"),
    "clip": (L1_COLOR, [1.5, 2.5], "t"),
    "l2": (L2_COLOR, None, "d"),
}
MARKERS_MAX = 60  # iterates drawn as markers; beyond this only the line (a frame stays small)


def _pen(method: str, width: float = 2.0):
    color, dash, _ = STYLE[method]
    pen = pg.mkPen(color, width=width)
    if dash:
        pen.setDashPattern(dash)
    return pen


class StepsModel(QAbstractTableModel):
    """The rows of one method's trace; the note's printed values beside the ones it got wrong."""

    HEADERS = ("step", "w", "MSE grad", "penalty grad", "full grad", "new w")
    HEADER_TIPS = (
        "the step number",
        "w before the step",
        "the gradient of the squared error (y − x·w)² at w",
        "what the penalty adds to the gradient (for proximal and clipped steps: the\n"
        "gradient that gives the step they take)",
        "MSE grad + penalty grad",
        "w after the step: w − α · full grad",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows = np.empty((0, len(COLUMNS)))
        self._notes: dict[tuple[int, int], float] = {}

    def show(self, rows: np.ndarray, notes: dict[tuple[int, int], float]) -> None:
        self.beginResetModel()
        self._rows, self._notes = rows, notes
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._rows.shape[0]

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        r, c = index.row(), index.column()
        note = self._notes.get((r, c - 1))
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return str(r + 1)
            text = num(float(self._rows[r, c - 1]))
            return f"{text}  (note: {num(note)})" if note is not None else text
        if role == Qt.ItemDataRole.ForegroundRole and note is not None:
            return QColor(ink(ERROR_COLOR))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


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

    def draw(self, walk: Walkthrough) -> None:
        self.j_l1.setData(walk.grid, walk.objective_l1)
        self.j_l2.setData(walk.grid, walk.objective_l2)
        steps = np.arange(walk.params.steps + 1)
        markers = walk.params.steps < MARKERS_MAX
        for m, t in walk.traces.items():
            w = t.w
            ok = np.isfinite(w)
            # each iterate on its own objective (L2's on λw², the others on λ|w|)
            j_exact = walk.objective_at(w[ok], "l2" if m == "l2" else "l1")
            self.on_j[m].setData(w[ok], j_exact)
            self.w_lines[m].setData(steps[ok], w[ok])
            self.w_lines[m].setSymbol(STYLE[m][2] if markers else None)
        finite = walk.objective_l1[np.isfinite(walk.objective_l1)]
        top = float(np.percentile(finite, 90)) if finite.size else 1.0
        self.objective.setXRange(float(walk.grid[0]), float(walk.grid[-1]), padding=0)
        self.objective.setYRange(0.0, max(top, 1e-9), padding=0.05)
        self.steps_plot.enableAutoRange()


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
        self.result: Walkthrough | None = None
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
        self.method_box.currentIndexChanged.connect(self._show_table)
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
            self._request = self._worker.submit(CHANNEL, lambda _c: run_walkthrough(params))

    @property
    def request(self) -> int:
        return self._request

    def _on_result(self, channel: str, request: int, result: Any) -> None:
        if channel != CHANNEL or request != self._request:
            return
        self.result = result
        self.figure.parts.draw(result)
        self.readout.setText(walkthrough_readout(result))
        self.text.set_html(walkthrough_html(result))
        self._show_table()
        self.drawn.emit(request)

    def _show_table(self) -> None:
        walk = self.result
        if walk is None:
            return
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
        self._worker.cancel(CHANNEL)
