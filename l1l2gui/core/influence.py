"""Where the outlier matters: the shift as a function of its x, and the source's 3×3 figure.

The *shift* of a loss is mean |fit with the outlier − fit without| over the plot's
grid (:meth:`OutlierRun.shift`). The influence curve sweeps the outlier's x over
``sweep_points`` positions evenly across the plotted range at the current outlier
y; the 3×3 figure puts it at nine positions evenly from one x step left of the
data to one x step right, as the source's figure did. Both reuse one fit without
the outlier per loss and grow every fit in chunks of ~10 ms, so a stream yields
often and a newer request or a cancel acts at once.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .outliers import (
    CHUNK_SECONDS,
    Fit,
    OutlierParams,
    _Grower,
    data_extent,
    fit_grid,
    validate_outliers,
)

GRID_FIGURE_POSITIONS = 9


def fit_steps(
    params: OutlierParams, loss: str, with_outlier: bool, grid: np.ndarray,
    chunk_seconds: float = CHUNK_SECONDS,
) -> Iterator[Fit]:  # fmt: skip
    """The fit of ``loss`` over ``grid``, yielded after each chunk; the last one is complete.

    Boosting grows trees chunk by chunk (:class:`~l1l2gui.core.outliers._Grower`, the
    drag view's own code, so a value here equals the drag view's); a linear model is
    one step of a few ms.
    """
    if params.model_family == "linear":
        from .linear_fits import linear_fit_on_grid

        yield linear_fit_on_grid(params, loss, with_outlier, grid)[0]
        return
    grower = _Grower(params, loss, with_outlier, grid[:, None], np.array([[params.outlier_x]]))
    while grower.trees < grower.total:
        yield grower.grow(chunk_seconds)[0]


def _complete(steps: Iterator[Fit]) -> Iterator[Fit | None]:
    """Yield None after each partial chunk and the complete fit last."""
    for fit in steps:
        yield fit if fit.complete else None


def shift(with_y: np.ndarray, without_y: np.ndarray) -> float:
    """Mean |with − without| over the grid (the definition :meth:`OutlierRun.shift` uses)."""
    return float(np.mean(np.abs(with_y - without_y)))


def sweep_positions(params: OutlierParams) -> np.ndarray:
    """``sweep_points`` outlier x positions evenly over the plotted x range."""
    return np.linspace(*params.x_range, params.sweep_points)


def grid_positions(params: OutlierParams) -> np.ndarray:
    """Nine outlier x positions from one x step left of the data to one x step right."""
    first, last, step = data_extent(params)
    return np.linspace(first - step, last + step, GRID_FIGURE_POSITIONS)


@dataclass(frozen=True)
class InfluenceCurve:
    """Shift per loss at each sweep position (NaN where not computed yet)."""

    params: OutlierParams
    x: np.ndarray
    shift: dict[str, np.ndarray]
    done: int  # positions complete, from the left

    @property
    def finished(self) -> bool:
        return self.done == self.x.size


def _without_fits(params: OutlierParams, grid: np.ndarray, chunk_seconds: float):
    """Complete fits without the outlier (one per loss), yielding None between chunks."""
    out: dict[str, Fit] = {}
    for loss in params.losses:
        for fit in _complete(fit_steps(params, loss, False, grid, chunk_seconds)):
            if fit is None:
                yield None
            else:
                out[loss] = fit
    yield out


def stream_influence(
    params: OutlierParams, chunk_seconds: float = CHUNK_SECONDS
) -> Iterator[InfluenceCurve]:
    """The influence curve of ``params``, yielding a snapshot after every chunk of trees.

    Raises ``ValueError`` for out-of-range parameters.
    """
    validate_outliers(params)
    grid = fit_grid(params)
    xs = sweep_positions(params)
    values = {loss: np.full(xs.size, np.nan) for loss in params.losses}

    def snapshot(done: int) -> InfluenceCurve:
        return InfluenceCurve(params, xs, {k: v.copy() for k, v in values.items()}, done)

    without: dict[str, Fit] = {}
    for step in _without_fits(params, grid, chunk_seconds):
        if step is None:
            yield snapshot(0)
        else:
            without = step
    for i, x in enumerate(xs):
        at = dataclasses.replace(params, outlier_x=float(x))
        for loss in params.losses:
            for fit in _complete(fit_steps(at, loss, True, grid, chunk_seconds)):
                if fit is None:
                    yield snapshot(i)
                else:
                    values[loss][i] = shift(fit.y, without[loss].y)
        yield snapshot(i + 1)


@dataclass(frozen=True)
class GridFigure:
    """The 3×3 figure: per position, each loss's fit with the outlier; fits without it."""

    params: OutlierParams
    grid: np.ndarray
    positions: np.ndarray
    with_fits: tuple[dict[str, np.ndarray], ...]  # one per position computed so far
    without: dict[str, np.ndarray]

    @property
    def finished(self) -> bool:
        return len(self.with_fits) == self.positions.size

    def shift(self, i: int, loss: str) -> float:
        return shift(self.with_fits[i][loss], self.without[loss])


def stream_grid_figure(
    params: OutlierParams, chunk_seconds: float = CHUNK_SECONDS
) -> Iterator[GridFigure]:
    """The nine panels of the 3×3 figure, yielding after every chunk; panels fill in order."""
    validate_outliers(params)
    grid = fit_grid(params)
    grid.flags.writeable = False
    positions = grid_positions(params)
    without: dict[str, np.ndarray] = {}
    panels: list[dict[str, np.ndarray]] = []

    def snapshot() -> GridFigure:
        return GridFigure(params, grid, positions, tuple(panels), dict(without))

    for step in _without_fits(params, grid, chunk_seconds):
        if step is None:
            yield snapshot()
        else:
            without = {loss: fit.y for loss, fit in step.items()}
    for x in positions:
        at = dataclasses.replace(params, outlier_x=float(x))
        panel: dict[str, np.ndarray] = {}
        for loss in params.losses:
            for fit in _complete(fit_steps(at, loss, True, grid, chunk_seconds)):
                if fit is None:
                    yield snapshot()
                else:
                    panel[loss] = fit.y
        panels.append(panel)
        yield snapshot()


def compute_influence(params: OutlierParams) -> InfluenceCurve:
    return deque(stream_influence(params), maxlen=1)[0]


def compute_grid_figure(params: OutlierParams) -> GridFigure:
    return deque(stream_grid_figure(params), maxlen=1)[0]
