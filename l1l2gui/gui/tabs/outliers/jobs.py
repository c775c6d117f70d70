"""The Outliers tab's fit jobs: what the worker thread runs for the drag view.

A job streams :func:`~l1l2gui.core.outliers.stream_fits` and attaches to the
complete run its facts and explanation HTML, computed in the worker beside the fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ....core.outliers import Fit, OutlierParams, OutlierRun, stream_fits
from ....core.outliers_facts import OutlierFacts, outlier_facts
from .text import explanation_html

# While the mouse drags the outlier, fits grow in shorter chunks. A chunk under way
# when the GUI thread wakes (a mouse move, a result to draw) runs on beside it, and
# each of the many calls into Qt that a repaint makes then waits for the GIL (~0.3 ms
# each beside boosting's Python): the shorter the chunk, the shorter that wait. Each
# chunk is one fit() call with a fixed cost, so once the button is released the
# final fit goes on in full chunks. Measured on a quiet machine, dragging 100 trees:
# largest stall 15.6 ms with 6 ms chunks, 14.2 with 4 (p95 of the gaps 9.4 → 7.6 ms).
DRAG_CHUNK_SECONDS = 0.004
# Once the position has held (released, or still), the rest of the final fit goes in
# longer chunks: each chunk's fit() call has a fixed cost, and each partial fit drawn
# wakes the GUI thread, which the computation waits for. Measured at 100 trees on a
# quiet machine: the final fit 277 ms after the last move with 10 ms chunks, one fit
# pair alone 209 ms.
FINAL_CHUNK_SECONDS = 0.04


@dataclass(frozen=True)
class Explained:
    """A complete run with the facts and explanation HTML computed in the worker job.

    The facts and the "try this" links (which predict with the fitted trees) cost
    ~0.7 ms: done beside the fit, not in the GUI thread's turn that draws it.
    """

    run: OutlierRun
    facts: OutlierFacts
    html: str


def _explained(stream: Iterator[OutlierRun]) -> Iterator[OutlierRun | Explained]:
    for run in stream:
        if run.finished:
            facts = outlier_facts(run)
            yield Explained(run, facts, explanation_html(run, facts))
        else:
            yield run


def fits_job(
    params: OutlierParams,
    without: dict[str, Fit] | None,
    chunk_seconds: float | Callable[[], float],
):
    def make(_is_cancelled):
        return _explained(stream_fits(params, without, chunk_seconds))

    return make
