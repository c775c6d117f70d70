"""The Outliers tab's background views on channels of their own.

``outliers/influence``, ``outliers/grid`` and ``outliers/seeds`` each stream a
core generator whose steps are ~10 ms chunks of trees; the worker takes
channels in turn, so a sweep slows a drag's refit by at most one such step per
round. A view is computed only while it is on screen (the drag page shows the
influence curve) and only when what it depends on changed: all three place the
outlier at x positions of their own, so they depend on everything but the
outlier's x. During a drag nothing is submitted and a running view is *paused* (its job
yields nothing and sleeps 2 ms a turn), so the drag's fits have the worker to
themselves; the tab resumes the views once the drag's final fit is complete.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QObject, Signal

from ....core.influence import GridFigure, InfluenceCurve, stream_grid_figure, stream_influence
from ....core.outliers import OutlierParams
from ....core.seed_claim import SeedClaim, stream_seed_claim
from ...worker import ComputeWorker
from .grid_view import GridFigureView
from .influence_view import InfluenceView
from .seeds_view import SeedsView

INFLUENCE_CHANNEL = "outliers/influence"
GRID_CHANNEL = "outliers/grid"
SEEDS_CHANNEL = "outliers/seeds"
CHANNELS = (INFLUENCE_CHANNEL, GRID_CHANNEL, SEEDS_CHANNEL)
STREAMS = {
    INFLUENCE_CHANNEL: stream_influence,
    GRID_CHANNEL: stream_grid_figure,
    SEEDS_CHANNEL: stream_seed_claim,
}


def view_key(params: OutlierParams) -> OutlierParams:
    """What the background views depend on: everything but the outlier's x."""
    return dataclasses.replace(params, outlier_x=0.0)


PAUSE_SECONDS = 0.002  # a paused job's turn: short, and without holding the GIL


def _paused(stream: Iterator[Any], paused: threading.Event, cancelled) -> Iterator[Any]:
    """``stream``'s items; while ``paused`` is set, None (nothing computed) after a nap."""
    for item in stream:
        yield item
        while paused.is_set() and not cancelled():
            time.sleep(PAUSE_SECONDS)
            yield None


def _job(channel: str, params: OutlierParams, paused: threading.Event):
    def make(is_cancelled):
        return _paused(STREAMS[channel](params), paused, is_cancelled)

    return make


class BackgroundViews(QObject):
    """Submits, routes and keeps the background views' results."""

    finished = Signal(str)  # channel whose complete result has just been drawn
    progress = Signal(str)  # a short text for the tab's status line ("" when idle)

    def __init__(
        self,
        worker: ComputeWorker,
        influence: InfluenceView,
        grid: GridFigureView,
        seeds: SeedsView,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._worker = worker
        self.influence_view, self.grid_view, self.seeds_view = influence, grid, seeds
        self._request: dict[str, int] = dict.fromkeys(CHANNELS, -1)
        self._key: dict[str, OutlierParams | None] = dict.fromkeys(CHANNELS)
        self.results: dict[str, Any] = dict.fromkeys(CHANNELS)  # the latest complete ones
        self.paused = threading.Event()
        worker.resultReady.connect(self._on_result)
        worker.jobFailed.connect(self._on_failed)

    def request(self, channel: str, params: OutlierParams) -> bool:
        """Compute ``channel``'s view for ``params`` unless it is computed or computing."""
        key = view_key(params)
        if self._key[channel] == key:
            return False
        self._key[channel] = key
        if channel == SEEDS_CHANNEL and params.seeds_repeat == 0:
            self._worker.cancel(channel)
            self._request[channel] = -1
            self.results[channel] = None
            self.seeds_view.show_message(
                "Set “seeds” above 0 on the left to repeat the claim over noise draws."
                if not params.data_file
                else "The claim over seeds redraws the noise of generated data: "
                "clear the data file to use it."
            )
            return False
        self._request[channel] = self._worker.submit(channel, _job(channel, params, self.paused))
        return True

    def pause(self) -> None:
        """Hold every view at its next step (a drag started)."""
        self.paused.set()

    def resume(self) -> None:
        self.paused.clear()

    def forget(self) -> None:
        """Cancel every view (parameters became invalid); the next request recomputes."""
        self.paused.clear()
        for channel in CHANNELS:
            self._worker.cancel(channel)
            self._request[channel] = -1
            self._key[channel] = None

    def is_current(self, channel: str, params: OutlierParams) -> bool:
        result = self.results[channel]
        return result is not None and view_key(result.params) == view_key(params)

    def _on_result(self, channel: str, request: int, result: Any) -> None:
        if channel not in CHANNELS or request != self._request[channel] or result is None:
            return  # stale, or a paused job's empty turn
        if isinstance(result, InfluenceCurve):
            self.influence_view.show_curve(result)
        elif isinstance(result, GridFigure):
            self.grid_view.show_figure(result)
        elif isinstance(result, SeedClaim):
            self.seeds_view.show_claim(result)
        if result.finished:
            self.results[channel] = result
            self.progress.emit("")
            self.finished.emit(channel)
        else:
            self.progress.emit(_progress_text(result))

    def _on_failed(self, channel: str, request: int, message: str) -> None:
        if channel in CHANNELS and request == self._request[channel]:
            self._key[channel] = None
            self.progress.emit(message)

    def stop(self) -> None:
        self.paused.clear()
        for channel in CHANNELS:
            self._worker.cancel(channel)


def _progress_text(result: Any) -> str:
    if isinstance(result, InfluenceCurve):
        return f"influence sweep… {result.done}/{result.x.size}"
    if isinstance(result, GridFigure):
        return f"3×3 figure… {len(result.with_fits)}/{result.positions.size}"
    return f"seeds… {result.done}/{result.seeds.size}"
