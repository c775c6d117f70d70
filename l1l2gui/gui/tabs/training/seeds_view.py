"""The verdict over many seeds: where each loss ends, for seeds seed … seed+R−1.

A strip plot of the final |w − true w| per loss (one dot per seed, its median as a
bar), the fraction of seeds each loss ends closest, and the verdict in words. The
repeated runs have their own worker channel, so the run on screen never waits for them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from ....core.descent import TrainingParams
from ....core.descent_seeds import SeedsResult, SeedsVerdict, run_over_seeds, seeds_verdict
from ...palette import KIND_COLORS, REFERENCE_COLOR, apply_plot_style
from ...widgets.live_widgets import LiveLabel, LiveProgressBar, keep_room
from ...widgets.plot_texts import FittedTexts
from ...worker import ComputeWorker
from .hover import hover_item, place_hover
from .notes import display_name, num, plural
from .seeds_text import percent, progress_text, verdict_html

DEFAULT_SEEDS = 200
_FLOOR = 1e-15  # an exact 0 has no place on a log axis: drawn at this height
_TICK_LINES_HEIGHT = 58


_TITLE = ("where each loss ends: one dot per seed, bars at the medians", "one dot per seed")
_LEFT = ("final |w − true w|, log axis", "|w − true w|", "error")


def _jitter(count: int) -> np.ndarray:
    """Spread of the dots across a strip, the same for every redraw (golden-ratio steps)."""
    return 0.6 * (np.modf(np.arange(count) * 0.6180339887)[0] - 0.5)


class SeedsView(QWidget):
    """The strip plot, progress and verdict of the repeated runs."""

    startRequested = Signal()
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        apply_plot_style()
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLogMode(y=True)
        self.plot.setMouseEnabled(x=False, y=False)
        self.plot.hideButtons()  # nothing to zoom: no auto-range button
        self.plot.setLabel("left", _LEFT[0])
        self.plot.getAxis("left").enableAutoSIPrefix(False)
        self.plot.showGrid(y=True, alpha=0.2)
        # the bottom axis names each strip in up to three lines (loss, closest share, diverged)
        self.plot.getAxis("bottom").setHeight(_TICK_LINES_HEIGHT)
        # one title from the start: one set at the end re-laid out the plot in that frame
        self.plot.setTitle(_TITLE[0], size="10pt")
        # the short forms where the long ones do not fit (a small window, presentation mode)
        self.texts = FittedTexts(self.plot.getPlotItem(), title=_TITLE, left=_LEFT)
        self.dots: dict[str, pg.PlotDataItem] = {}
        self.medians: dict[str, pg.PlotDataItem] = {}
        for kind, color in KIND_COLORS.items():
            symbol = "s" if kind == "l2" else "o"  # not hue alone: L2 squares, L1 circles
            # a PlotDataItem, not a bare ScatterPlotItem: only data items follow the log axis
            dots = pg.PlotDataItem(
                pen=None, symbol=symbol, symbolSize=6, symbolPen=None, symbolBrush=color
            )
            dots.setOpacity(0.6)
            self.dots[kind] = dots
            self.medians[kind] = pg.PlotDataItem(pen=pg.mkPen(REFERENCE_COLOR, width=3))
            self.plot.addItem(dots)
            self.plot.addItem(self.medians[kind])
        self.hover = hover_item(self.plot.getPlotItem())
        self.plot.scene().sigMouseMoved.connect(self._on_hover)
        self.start_button = QPushButton(f"Repeat over {DEFAULT_SEEDS} seeds")
        self.start_button.setToolTip(
            "Run the current settings again for seeds seed … seed+R−1 ('repeat over seeds' = R)"
        )
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the repeated runs (the run on screen is kept)")
        # both change with every frame of progress: neither may re-lay out the window
        self.progress = LiveProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(220)
        keep_room(self.progress)
        self.status = LiveLabel(wrap=True)
        # set at the end of the repeats: room for three lines is kept from the start, so the
        # verdict's arrival does not re-lay out the tab
        self.verdict = LiveLabel(wrap=True)
        self.verdict.setMinimumHeight(3 * self.verdict.fontMetrics().lineSpacing() + 4)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress)
        row.addWidget(self.status, 1)
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(row)
        col.addWidget(self.plot, 1)
        col.addWidget(self.verdict)
        self.start_button.clicked.connect(self.startRequested)
        self.cancel_button.clicked.connect(self.cancelRequested)
        self._result: SeedsResult | None = None
        self.show_off()

    # ------------------------------------------------------------ states
    def show_off(self) -> None:
        self._result = None
        self._busy(False)
        self.start_button.setEnabled(True)
        self.status.setText(
            "Off ('repeat over seeds' is 0). The run on screen is one draw of the noise."
        )
        self.verdict.setText("")
        for item in (*self.dots.values(), *self.medians.values()):
            item.setData([], [])

    def show_progress(self, result: SeedsResult) -> None:
        self._busy(True)
        self.progress.setValue(int(100 * result.progress))
        self.status.setText(progress_text(result) + "…")

    def show_cancelled(self) -> None:
        self._busy(False)
        self.status.setText("Cancelled. Change a parameter or press the button to start again.")

    def show_result(self, result: SeedsResult, verdict: SeedsVerdict) -> None:
        self._result = result
        self._busy(False)
        self.status.setText(f"Done: the run repeated for {plural(int(result.seeds.size), 'seed')}.")
        kinds = list(result.final_w)
        ticks = []
        heights = [np.zeros(0)]
        for slot, kind in enumerate(kinds):
            err = result.abs_error(kind)
            shown = np.isfinite(err)
            y = np.maximum(err[shown], _FLOOR)
            heights.append(np.log10(y))
            self.dots[kind].setData(slot + _jitter(err.size)[shown], y)
            med = max(verdict.median_abs_error[kind], _FLOOR)
            if np.isfinite(med):
                self.medians[kind].setData([slot - 0.38, slot + 0.38], [med, med])
            else:
                self.medians[kind].setData([], [])
            gone = int((~shown).sum())
            label = f"{display_name(kind)}\nclosest {percent(verdict.closest_fraction[kind])}"
            ticks.append((slot, label + (f"\n{gone} diverged" if gone else "")))
        for kind in set(self.dots) - set(kinds):
            self.dots[kind].setData([], [])
            self.medians[kind].setData([], [])
        self.plot.getAxis("bottom").setTicks([ticks, []])
        self.plot.setXRange(-0.6, len(kinds) - 0.4, padding=0)
        logs = np.concatenate(heights)
        if logs.size:  # log axis: the range in decades, a tenth of it spare above and below
            low, high = float(logs.min()), float(logs.max())
            pad = 0.1 * (high - low) or 0.5
            self.plot.setYRange(low - pad, high + pad, padding=0)
        self.verdict.setText(verdict_html(verdict) + " Bars: medians.")

    def _busy(self, on: bool) -> None:
        self.progress.setVisible(on)
        self.cancel_button.setEnabled(on)
        self.start_button.setEnabled(not on)

    # ------------------------------------------------------------- hover
    def hover_text(self, x: float, log_y: float) -> str | None:
        """The seed nearest the point (x, log₁₀ y) of the plot: its seed, loss and error."""
        result = self._result
        if result is None:
            return None
        kinds = list(result.final_w)
        slot = round(x)
        if not 0 <= slot < len(kinds):
            return None
        kind = kinds[slot]
        err = result.abs_error(kind)
        ok = np.flatnonzero(np.isfinite(err))
        if not ok.size:
            return None
        dx = slot + _jitter(err.size)[ok] - x
        dy = np.log10(np.maximum(err[ok], _FLOOR)) - log_y
        i = ok[np.argmin(dx * dx + 0.05 * dy * dy)]
        return (
            f"seed {int(result.seeds[i])}, {display_name(kind)}\n"
            f"w = {num(float(result.final_w[kind][i]))}, |w − true w| = {num(float(err[i]))}"
        )

    def _on_hover(self, pos) -> None:
        box = self.plot.getViewBox()
        if not box.sceneBoundingRect().contains(pos):
            self.hover.hide()
            return
        p = box.mapSceneToView(pos)
        text = self.hover_text(p.x(), p.y())
        if text is None:
            self.hover.hide()
            return
        place_hover(self.hover, box, p.x(), p.y(), text)


class SeedsChannel(QObject):
    """Runs the repeated runs on the worker channel ``training/seeds`` and fills the view."""

    CHANNEL = "training/seeds"
    finished = Signal(object)  # the SeedsVerdict, once drawn

    def __init__(self, worker: ComputeWorker, view: SeedsView, parent: QObject | None = None):
        super().__init__(parent)
        self._worker, self.view = worker, view
        self._request = -1
        self._params: TrainingParams | None = None
        self.result: SeedsResult | None = None
        self.verdict: SeedsVerdict | None = None
        worker.resultReady.connect(self._on_result)
        worker.busyChanged.connect(self._on_busy)

    def submit(self, params: TrainingParams) -> None:
        """Repeat ``params`` over its ``seeds_repeat`` seeds (0: stop and clear)."""
        if params == self._params and (self._request >= 0 or self.verdict is not None):
            return  # these settings are running or done (e.g. only the view changed)
        self._params = params
        self.result = self.verdict = None
        if params.seeds_repeat == 0:
            self._worker.cancel(self.CHANNEL)
            self._request = -1
            self.view.show_off()
            return

        def make(_is_cancelled):
            for result in run_over_seeds(params, params.seeds_repeat):
                yield result, seeds_verdict(result) if result.finished else None

        self._request = self._worker.submit(self.CHANNEL, make)

    def cancel(self) -> None:
        self._worker.cancel(self.CHANNEL)
        if self._request >= 0:
            self._request = -1
            self._params = None  # the same settings may be started again
            self.view.show_cancelled()

    @property
    def running(self) -> bool:
        return self._request >= 0

    def verdict_for(self, params: Any) -> SeedsVerdict | None:
        """The verdict if it is for ``params`` (the run's, whatever its seeds_repeat)."""
        if self.verdict is None or self._params is None:
            return None
        same = replace(self._params, seeds_repeat=0) == replace(params, seeds_repeat=0)
        return self.verdict if same else None

    def _on_result(self, channel: str, request: int, payload: Any) -> None:
        if channel != self.CHANNEL or request != self._request:
            return
        result, verdict = payload
        self.result = result
        if verdict is None:
            self.view.show_progress(result)
            return
        self._request = -1
        self.verdict = verdict
        self.view.show_result(result, verdict)
        self.finished.emit(verdict)

    def _on_busy(self, channel: str, busy: bool) -> None:
        if channel == self.CHANNEL and not busy and self._request >= 0 and self.verdict is None:
            self.view.progress.hide()
