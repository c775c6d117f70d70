"""The Likelihood tab: noise → loss, one sample's estimates, Monte Carlo, L_p variance.

Two worker channels: ``likelihood`` computes the noise curves and the one
sample (instant); ``likelihood/mc`` streams the Monte Carlo, with progress and
a Stop button. The Monte Carlo restarts only when a parameter it depends on
changes (not for Huber δ, nor for a p already on its grid).
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import parse_qsl

from PySide6.QtCore import Qt, Signal
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
from ....core.likelihood import (
    LikelihoodParams,
    LikelihoodResult,
    monte_carlo,
    monte_carlo_key,
    one_sample,
)
from ....core.montecarlo import MonteCarlo
from ....core.noise import NOISE_LABELS
from ....core.presets import presets_for
from ....core.tabs import tab_model
from ...widgets.live_widgets import LiveLabel, LiveProgressBar
from ...widgets.param_form import ParamForm
from ...widgets.tips import PRESET_TIP, defaults_tip
from ...worker import ComputeWorker
from .figure import OverviewFigure, ViewFigure, show_view
from .lp_text import lp_html
from .text import mc_html, noise_html, sample_html
from .views import VIEW_TYPES, ViewSwitch

# ``export likelihood --view NAME``: all four, then the views in the tab's order
VIEWS = ("all", "noise", "sample", "estimators", "lp")

CUSTOM = "(custom)"
MC_CHANNEL = "likelihood/mc"
TEXT_EVERY_S = 0.25


class LikelihoodTab(QWidget):
    """Parameters left; four views (figure + explanation each) in a view switch."""

    name = "likelihood"
    title = "Likelihood"
    statusMessage = Signal(str)
    runFinished = Signal(int)

    def __init__(self, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = tab_model(self.name)
        self._worker = worker
        self._fit_request = self._mc_request = -1
        self._fit: tuple | None = None  # (params, curves, fit) of the latest fit request
        self._mc: MonteCarlo | None = None
        self._mc_key: tuple | None = None
        self._finished: LikelihoodResult | None = None
        self._preset: str | None = None
        self._stale: set[int] = set()  # views not yet drawn with the latest results
        self._text_time = 0.0

        self.form = ParamForm(self.model.fields, NOISE_LABELS)
        self.preset_box = QComboBox()
        self.preset_box.setToolTip(PRESET_TIP)
        self.preset_box.addItem(CUSTOM)
        for preset in presets_for(self.name):
            self.preset_box.addItem(preset.name)
            self.preset_box.setItemData(
                self.preset_box.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        self.defaults_button = QPushButton("Defaults")
        self.defaults_button.setToolTip(defaults_tip("gaussian-noise"))
        self.progress = LiveProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setFormat("Monte Carlo %p%")
        self.progress.setMinimumWidth(200)
        self.stop_button = QPushButton("Stop")
        self.stop_button.setToolTip("Stop the Monte Carlo; what has been drawn stays shown")
        self.mc_status = LiveLabel()
        self.views = ViewSwitch(self.apply_link)
        self.figures, self.explanations = self.views.figures, self.views.explanations
        self.p_slider, self.p_label = self.views.p_slider, self.views.p_label
        self._layout()

        self._throttler = QSignalThrottler(parent=self)
        self._throttler.setTimeout(40)
        self._throttler.triggered.connect(self.recompute)
        self.form.edited.connect(self._on_edited)
        self.preset_box.activated.connect(lambda i: self.apply_preset(self.preset_box.itemText(i)))
        self.defaults_button.clicked.connect(self.reset_defaults)
        self.stop_button.clicked.connect(self.stop_mc)
        self.p_slider.valueChanged.connect(self._on_slider)
        self.views.currentChanged.connect(self._draw_view)
        self.form.editor("p").valueChanged.connect(self._sync_slider)
        worker.resultReady.connect(self._on_result)
        worker.jobFailed.connect(self._on_failed)
        worker.busyChanged.connect(self._on_busy)
        self.apply_preset("gaussian-noise")

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
        scroll.setMinimumWidth(270)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.mc_status, 1)
        bar.addWidget(self.progress)
        bar.addWidget(self.stop_button)
        mid.addLayout(bar)
        mid.addWidget(self.views, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(middle)
        split.setStretchFactor(1, 1)
        split.setSizes([280, 1040])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(split)

    @property
    def figure(self) -> ViewFigure:
        """The view on screen (File → Export figure saves it)."""
        return self.figures[self.views.currentIndex()]

    @staticmethod
    def export_figure(
        result: LikelihoodResult,
        width: int | None = None,
        height: int | None = None,
        view: str = "all",
    ):
        """A finished result as the tab draws it (for the CLI): the four views in one figure
        (``view="all"``, 1400×900 unless sized) or one of ``VIEWS`` (900×700 unless sized)."""
        if view not in VIEWS:
            raise ValueError(f"--view {view}: the likelihood tab's views are {', '.join(VIEWS)}")
        if view == "all":
            figure = OverviewFigure()
            figure.resize(width or 1400, height or 900)
            figure.show_result(result)
            return figure
        figure = ViewFigure(VIEW_TYPES[VIEWS.index(view) - 1])
        figure.resize(width or 900, height or 700)
        show_view(figure.view, result)
        return figure

    # ---------------------------------------------------------------- state
    def params(self) -> LikelihoodParams:
        return self.model.params(values=self.form.values())

    @property
    def finished_run(self) -> LikelihoodResult | None:
        return self._finished

    @property
    def monte_carlo(self) -> MonteCarlo | None:
        return self._mc

    @property
    def preset(self) -> str | None:
        return self._preset

    def state(self) -> dict[str, Any]:
        return {
            "params": as_dict(self.model.params_type(**self.form.values())),
            "preset": self._preset,
            "view": self.views.currentIndex(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        params = self.model.params(values=state.get("params", {}))
        view = state.get("view", 0)
        if view not in range(self.views.count()):
            raise ValueError(f"view={view!r}: must be a whole number from 0 to 3")
        self.form.set_values(as_dict(params))
        self._sync_slider(params.p)
        self.views.setCurrentIndex(view)
        preset = state.get("preset")
        self._set_preset_label(preset if self._matches_preset(preset, params) else None)
        self.recompute()

    def apply_preset(self, name: str) -> None:
        if name == CUSTOM:
            return
        params = self.model.params(preset=name)
        self.form.set_values(as_dict(params))
        self._sync_slider(params.p)
        self._set_preset_label(name)
        self.recompute()

    def apply_link(self, href: str) -> None:
        """A "try this" link ``set:key=value&…``: change those parameters, keep the rest."""
        if not href.startswith("set:"):
            return
        values = dict(parse_qsl(href[4:]))
        params = self.model.params(values={**self.form.values(), **values})
        self.form.set_values(as_dict(params))
        self._sync_slider(params.p)
        self._set_preset_label(None)
        self.recompute()

    def reset_defaults(self) -> None:
        self.views.setCurrentIndex(0)
        self.apply_preset("gaussian-noise")

    def _matches_preset(self, name: str | None, params: Any) -> bool:
        try:
            return name is not None and self.model.params(preset=name) == params
        except ValueError:
            return False

    def _set_preset_label(self, name: str | None) -> None:
        self._preset = name
        index = self.preset_box.findText(name) if name else 0
        self.preset_box.setCurrentIndex(max(index, 0))

    def _on_slider(self, value: int) -> None:
        self.form.editor("p").setValue(value / 4)  # emits edited through the form
        self.p_label.setText(f"{value / 4:g}")

    def _sync_slider(self, p: float) -> None:
        self.p_slider.blockSignals(True)
        self.p_slider.setValue(round(p * 4))
        self.p_slider.blockSignals(False)
        self.p_label.setText(f"{p:g}")

    # -------------------------------------------------------------- compute
    def _enable_noise_fields(self) -> None:
        """ν matters only for the t, ε only for the contaminated noise: grey out the other."""
        noise = self.form.values()["noise"]
        self.form.editor("nu").setEnabled(noise == "student_t")
        self.form.editor("epsilon").setEnabled(noise == "contaminated")

    def _on_edited(self) -> None:
        self._enable_noise_fields()
        self._set_preset_label(None)
        self._throttler.throttle()

    def recompute(self) -> None:
        """Validate; recompute the curves and sample, and the Monte Carlo if it depends on it."""
        try:
            params = self.params()
        except ValueError as exc:
            self._worker.cancel(self.name)
            self._worker.cancel(MC_CHANNEL)
            self._fit_request = self._mc_request = -1
            self.form.show_error(str(exc))
            self.statusMessage.emit(str(exc))
            return
        self.form.show_error("")
        self._enable_noise_fields()
        if self._preset and not self._matches_preset(self._preset, params):
            self._set_preset_label(None)
        self._finished = None
        self._fit_request = self._worker.submit(self.name, lambda _cancelled: one_sample(params))
        key = monte_carlo_key(params)
        if (
            key != self._mc_key
            or self._mc is None
            or (not self._mc.finished and not self._worker.is_busy(MC_CHANNEL))
        ):
            self._mc_key, self._mc = key, None
            self._mc_request = self._worker.submit(
                MC_CHANNEL, lambda _cancelled: monte_carlo(params)
            )
            self.progress.setValue(0)
            self.progress.show()
            self.stop_button.setEnabled(True)

    def _on_result(self, channel: str, request: int, result: Any) -> None:
        if channel == self.name and request == self._fit_request:
            self._fit = result
            self._stale.update((0, 1))
            self._draw_view(self.views.currentIndex())
        elif channel == MC_CHANNEL and request == self._mc_request:
            self._mc = result
            self.progress.setValue(int(1000 * result.progress))
            self.mc_status.setText(
                f"Monte Carlo: {result.done} of {result.total} samples"
                + (f", Lₚ: {result.lp_done}" if result.lp_done else "")
            )
        else:
            return
        self._show_mc()
        self._maybe_finish(request)

    def _show_mc(self) -> None:
        """Mark the Monte Carlo views stale and redraw the one on screen.

        A frame's budget is 16 ms and re-laying out an explanation costs several: while
        the Monte Carlo streams, its text is rewritten at most every TEXT_EVERY_S, and
        (for every view) a hidden view is drawn only when it is shown.
        """
        if self._mc is None or self._fit is None:
            return
        self._stale.update((2, 3))
        self._draw_view(self.views.currentIndex())

    def _draw_view(self, index: int) -> None:
        """Draw view ``index`` from the latest results if it is stale (views are drawn lazily:
        a hidden view is drawn when it is shown)."""
        if index not in self._stale or self._fit is None:
            return
        params, curves, fit = self._fit
        if index in (0, 1):
            if index == 0:
                self.figures[0].view.show(curves, params.noise)
                self.explanations[0].set_html(noise_html(params, curves))
            else:
                self.figures[1].view.show(fit)
                self.explanations[1].set_html(sample_html(params, fit))
            self.figures[index].fit_legend()  # its entries' names may have changed
            self._stale.discard(index)
            return
        mc = self._mc
        if mc is None:
            return
        if index == 2:
            self.figures[2].view.show(mc, params.mu)
        else:
            self.figures[3].view.show(mc, params.p)
        now = time.monotonic()
        if mc.finished or now - self._text_time >= TEXT_EVERY_S:
            html = mc_html(params, mc) if index == 2 else lp_html(params, mc)
            if html != self.explanations[index].source_html():  # unchanged: not laid out again
                self.explanations[index].set_html(html)
            self._text_time = now
            self._stale.discard(index)

    def _maybe_finish(self, request: int) -> None:
        if self._fit is None or self._mc is None or not self._mc.finished:
            return
        params, curves, fit = self._fit
        if monte_carlo_key(params) != self._mc_key or self._finished is not None:
            return
        self._finished = LikelihoodResult(params, curves, fit, self._mc)
        self.progress.hide()
        self.stop_button.setEnabled(False)
        self.statusMessage.emit(
            f"Monte Carlo done: var(median)/var(mean) = {self._mc.efficiency_ratio:.4g}"
        )
        self.runFinished.emit(request)

    def _on_busy(self, channel: str, busy: bool) -> None:
        if channel == MC_CHANNEL and not busy:
            self.progress.hide()
            self.stop_button.setEnabled(False)

    def _on_failed(self, channel: str, request: int, message: str) -> None:
        if (channel, request) in ((self.name, self._fit_request), (MC_CHANNEL, self._mc_request)):
            self.form.show_error(message)
            self.statusMessage.emit(message)

    def stop_mc(self) -> None:
        """Cancel the Monte Carlo; the samples drawn so far stay on screen."""
        self._worker.cancel(MC_CHANNEL)
        self._mc_request = -1
        if self._mc is not None:
            self.mc_status.setText(
                f"Monte Carlo stopped at {self._mc.done} of {self._mc.total} samples"
            )

    def stop(self) -> None:
        self._throttler.cancel()
        self._worker.cancel(self.name)
        self._worker.cancel(MC_CHANNEL)
