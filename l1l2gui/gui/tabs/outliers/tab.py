"""The Outliers tab: drag one outlier; boosted trees with L1 and L2 loss refit as you drag.

Dragging submits on the ``outliers/drag`` channel at most once per frame (the
newest position wins: the worker cancels the previous fit between chunks of
trees, and only the newest request's snapshots are drawn). Each fit grows on
screen chunk by chunk. Fits without the outlier depend only on the data and the
model settings, so they are kept and reused while only the outlier moves.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import QSignalThrottler

from ....core.fields import as_dict
from ....core.outliers import (
    LOSS_LABELS,
    REQUIRED_LOSSES,
    Fit,
    OutlierParams,
    OutlierRun,
    stream_fits,
    validate_outliers,
    without_key,
)
from ....core.outliers_facts import outlier_facts
from ....core.presets import presets_for
from ....core.tabs import tab_model
from ...widgets.explanation import ExplanationPanel
from ...widgets.param_form import ParamForm
from ...worker import ComputeWorker
from .figure import LOSS_COLORS, OutliersFigure
from .text import explanation_html, readout_html

DRAG_CHANNEL = "outliers/drag"
EDIT_CHANNEL = "outliers"
CUSTOM = "(custom)"
DEFAULT_PRESET = "stability-grid"
HINT = "Drag the orange outlier, or type its position on the left."


def _fits_job(params: OutlierParams, without: dict[str, Fit] | None):
    def make(_is_cancelled):
        return stream_fits(params, without)

    return make


class OutliersTab(QWidget):
    """Parameters left; the figure and readout in the middle; explanation right."""

    name = "outliers"
    title = "Outliers"
    statusMessage = Signal(str)
    runFinished = Signal(int)  # request id whose complete fits have been drawn
    rendered = Signal(object)  # the OutlierRun just drawn (partial or complete)

    def __init__(self, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = tab_model(self.name)
        self._worker = worker
        self._request = -1
        self._params: OutlierParams | None = None  # the newest request's parameters
        self._run: OutlierRun | None = None
        self._finished: OutlierRun | None = None
        self._without: dict[OutlierParams, dict[str, Fit]] = {}
        self._preset: str | None = None
        self._dragging = False
        self._frame_pending = True

        self.form = ParamForm(self.model.fields, LOSS_LABELS, LOSS_COLORS)
        for loss in REQUIRED_LOSSES:
            box = self.form.check_box("losses", loss)
            box.setEnabled(False)
            box.setToolTip("always fitted: this tab compares L1 with L2")
        self.preset_box = QComboBox()
        self.preset_box.addItem(CUSTOM)
        for preset in presets_for(self.name):
            self.preset_box.addItem(preset.name)
            self.preset_box.setItemData(
                self.preset_box.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        self.defaults_button = QPushButton("Defaults")
        self.figure = OutliersFigure()
        self.hint = QLabel(HINT)
        # progress as text: QProgressBar.setValue repaints synchronously, ~9 ms a frame
        self.progress = QLabel()
        self.progress.setStyleSheet("color: #555555;")
        self.readout = QLabel()
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.explanation = ExplanationPanel()
        self.explanation.setOpenLinks(False)  # "try this" links set parameters
        self._layout()

        self._edit_throttler = QSignalThrottler(parent=self)
        self._edit_throttler.setTimeout(40)
        self._edit_throttler.triggered.connect(lambda: self.recompute(EDIT_CHANNEL))
        self._drag_throttler = QSignalThrottler(parent=self)
        self._drag_throttler.setTimeout(16)  # one request per frame; the last move always sent
        self._drag_throttler.triggered.connect(lambda: self.recompute(DRAG_CHANNEL))

        self.form.edited.connect(self._on_edited)
        self.preset_box.activated.connect(lambda i: self.apply_preset(self.preset_box.itemText(i)))
        self.defaults_button.clicked.connect(self.reset_defaults)
        self.explanation.anchorClicked.connect(self._on_link)
        self.figure.target.sigPositionChanged.connect(self._on_target_moved)
        self.figure.target.sigPositionChangeFinished.connect(self._on_drag_finished)
        worker.resultReady.connect(self._on_result)
        worker.jobFailed.connect(self._on_failed)
        worker.busyChanged.connect(self._on_busy)

        self.apply_preset(DEFAULT_PRESET)

    def _layout(self) -> None:
        left = QWidget()
        col = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(QLabel("Preset"))
        row.addWidget(self.preset_box, 1)
        col.addLayout(row)
        col.addWidget(self.defaults_button)
        col.addWidget(self.form)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(left.sizeHint().width() + 20)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.hint, 1)
        bar.addWidget(self.progress)
        mid.addLayout(bar)
        mid.addWidget(self.figure, 1)
        mid.addWidget(self.readout)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(middle)
        split.addWidget(self.explanation)
        split.setStretchFactor(1, 1)
        split.setSizes([290, 680, 340])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(split)

    @staticmethod
    def export_figure(run: OutlierRun, width: int = 1000, height: int = 700) -> OutliersFigure:
        """A stand-alone figure of a complete run, drawn as the tab draws it (for the CLI)."""
        figure = OutliersFigure(movable=False)
        figure.resize(width, height)
        figure.show_run(run)
        figure.frame(run.params, run)
        return figure

    # ---------------------------------------------------------------- state
    def params(self) -> OutlierParams:
        """The form's parameters, validated by the core (raises ``ValueError``)."""
        params = self.model.params(values=self.form.values())
        validate_outliers(params)
        return params

    @property
    def run(self) -> OutlierRun | None:
        return self._run

    @property
    def finished_run(self) -> OutlierRun | None:
        return self._finished

    @property
    def preset(self) -> str | None:
        return self._preset

    def state(self) -> dict[str, Any]:
        return {
            "params": as_dict(self.model.params_type(**self.form.values())),
            "preset": self._preset,
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Apply saved state; raises ``ValueError`` naming a bad key, changing nothing."""
        params = self.model.params(values=state.get("params", {}))
        self.form.set_values(as_dict(params))
        preset = state.get("preset")
        self._set_preset_label(preset if self._matches_preset(preset, params) else None)
        self._frame_pending = True
        self.recompute(EDIT_CHANNEL)

    def apply_preset(self, name: str) -> None:
        if name == CUSTOM:
            return
        self.form.set_values(as_dict(self.model.params(preset=name)))
        self._set_preset_label(name)
        self._frame_pending = True
        self.recompute(EDIT_CHANNEL)

    def apply_values(self, values: dict[str, Any]) -> None:
        """Set some parameters (a "try this" link); the rest keep their values."""
        params = self.model.params(values={**self.form.values(), **values})
        self.form.set_values(as_dict(params))
        self._frame_pending = True
        self.recompute(EDIT_CHANNEL)

    def reset_defaults(self) -> None:
        self.apply_preset(DEFAULT_PRESET)

    def _matches_preset(self, name: str | None, params: Any) -> bool:
        try:
            return name is not None and self.model.params(preset=name) == params
        except ValueError:
            return False

    def _set_preset_label(self, name: str | None) -> None:
        self._preset = name
        index = self.preset_box.findText(name) if name else 0
        self.preset_box.setCurrentIndex(max(index, 0))

    # ------------------------------------------------------------- dragging
    def _on_target_moved(self, target) -> None:
        pos = target.pos()
        x, y = float(pos.x()), float(pos.y())
        values = self.form.values()
        lo, hi = self.model.params_type(
            n_points=int(values["n_points"]), x_step=values["x_step"]
        ).x_range
        if not lo <= x <= hi:  # the fits only exist over the plotted range: stop at its edge
            x = min(max(x, lo), hi)
            self.figure.set_outlier(x, y)
        self._dragging = True
        self.form.set_values({"outlier_x": x, "outlier_y": y})
        self._drag_throttler.throttle()

    def _on_drag_finished(self, _target) -> None:
        self._dragging = False
        self._frame_pending = True
        if self._run is not None and self._run.params == self._params:
            self._frame(self._run)

    def _frame(self, run: OutlierRun) -> None:
        self.figure.frame(run.params, run)
        if run.finished:
            self._frame_pending = False

    # -------------------------------------------------------------- compute
    def _on_edited(self) -> None:
        self._frame_pending = True
        self._edit_throttler.throttle()

    def _on_link(self, url: QUrl) -> None:
        kind, _, rest = url.toString().partition(":")
        try:
            if kind == "preset":
                self.apply_preset(rest)
            elif kind == "set":
                self.apply_values(dict(item.split("=", 1) for item in rest.split(";")))
        except ValueError as exc:
            self.form.show_error(str(exc))

    def recompute(self, channel: str = EDIT_CHANNEL) -> None:
        """Validate the form and ask for fresh fits on ``channel`` (the newest request wins)."""
        try:
            params = self.params()
        except ValueError as exc:
            # the running job is for parameters the user has left: stop it, keep the picture
            self._worker.cancel(DRAG_CHANNEL)
            self._worker.cancel(EDIT_CHANNEL)
            self._request = -1
            self.form.show_error(str(exc))
            self.statusMessage.emit(str(exc))
            return
        self.form.show_error("")
        if not self._matches_preset(self._preset, params):
            self._set_preset_label(None)
        self.figure.show_data(params)
        self._worker.cancel(EDIT_CHANNEL if channel == DRAG_CHANNEL else DRAG_CHANNEL)
        self._params = params
        without = self._without.get(without_key(params))
        self._request = self._worker.submit(channel, _fits_job(params, without))

    def _on_result(self, channel: str, request: int, run: Any) -> None:
        if channel not in (DRAG_CHANNEL, EDIT_CHANNEL) or request != self._request:
            return  # a position the user has already left: never drawn
        self._run = run
        self.figure.show_run(run)
        if self._frame_pending and not self._dragging:
            self._frame(run)
        self.readout.setText(readout_html(run))
        self.progress.setText("" if run.finished else f"growing trees… {run.progress:.0%}")
        without = run.without_fits()
        if len(without) == len(run.params.losses):
            self._without = {without_key(run.params): without}
        if self.explanation.isEnabled() != run.finished:
            # greyed while the fits on screen are still growing: its numbers are those
            # of the last complete fit, possibly for a position the outlier has left
            self.explanation.setEnabled(run.finished)
        self.rendered.emit(run)
        if run.finished:
            self._finished = run
            facts = outlier_facts(run)
            self.explanation.set_html(explanation_html(run, facts))
            self.statusMessage.emit(
                f"Shift L1 {facts.shift['l1']:.4g}, L2 {facts.shift['l2']:.4g} "
                f"(outlier at x = {run.params.outlier_x:.4g})."
            )
            self.runFinished.emit(request)

    def _on_busy(self, channel: str, busy: bool) -> None:
        if channel in (DRAG_CHANNEL, EDIT_CHANNEL) and not busy:
            self.progress.setText("")

    def _on_failed(self, channel: str, request: int, message: str) -> None:
        if channel not in (DRAG_CHANNEL, EDIT_CHANNEL) or request != self._request:
            return
        self.form.show_error(message)
        self.statusMessage.emit(message)

    def stop(self) -> None:
        """Cancel the computation (the window is closing)."""
        self._edit_throttler.cancel()
        self._drag_throttler.cancel()
        self._worker.cancel(DRAG_CHANNEL)
        self._worker.cancel(EDIT_CHANNEL)
