"""The loss landscape of a training run: each loss summed over the data, as a function of w.

The Training tab draws it beside the run. Its curves depend only on the parameters
(and the range the run covers), so they are computed once per run in the worker;
per shown step only the markers (w_k on each curve), the tangent segments (the
full-data gradient at w_k) and the current batch's loss move, and those are cheap.

For ŷ = w·x and residuals r_i = w·x − y_i: signed L1 Σ r_i is a line falling as w
falls; abs L1 Σ|r_i| a V, flat between the two middle y_i/x for even N; L2 Σ r_i² a
parabola with its bottom at mean(y)/x; Huber in between (parabolic near the data).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .descent import TrainingParams, TrainingRun, batch_ends, batch_order, training_targets
from .descent_facts import HUGE_W
from .losses import loss_for

GRID_POINTS = 401
BATCH_POINTS = 161  # the batch curve moves every frame: fewer points
_PAD = 0.08


def summed_loss(kind: str, w: np.ndarray, params: TrainingParams, y: np.ndarray) -> np.ndarray:
    """Σ_i loss(w·x − y_i) for each w in ``w`` (the targets ``y`` may be any subset).

    Parameters
    ----------
    kind
        A loss kind (``"signed_l1"``, ``"abs_l1"``, ``"l2"``, ``"huber"``).
    w
        Weights at which to evaluate, any shape ``(m,)``.
    params
        The run's parameters (x and Huber δ).
    y
        The targets summed over.
    """
    w = np.asarray(w, dtype=float)
    loss = loss_for(kind, params.huber_delta)
    if y.size == 0:
        return np.zeros_like(w)
    rows = max(1, 1_000_000 // y.size)  # bounded memory for N = 10,000
    out = np.empty_like(w)
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, w.size, rows):
            r = w[start : start + rows, None] * params.x_value - y[None, :]
            out[start : start + rows] = loss.value(r).sum(axis=1)
    return out


def summed_gradient(kind: str, w: float, params: TrainingParams, y: np.ndarray) -> float:
    """d/dw Σ_i loss(w·x − y_i) = x·Σ loss'(w·x − y_i) at one w (what a step descends)."""
    loss = loss_for(kind, params.huber_delta)
    with np.errstate(over="ignore", invalid="ignore"):
        return float(params.x_value * loss.derivative(w * params.x_value - y).sum())


def landscape_range(params: TrainingParams, run: TrainingRun | None = None) -> tuple[float, float]:
    """The w range drawn: w₀, the true w, every y_i/x, and every w the run visits.

    A run that diverged or grew astronomically large is left out (its range would
    flatten every curve); the others' whole paths are in, padded by 8 % each side.
    """
    y = training_targets(params)
    points = [params.init_w, params.true_w, float(y.min()) / params.x_value]
    points.append(float(y.max()) / params.x_value)
    if run is not None:
        for trace in run.traces.values():
            w = trace.w[np.isfinite(trace.w)]
            if trace.diverged_at is None and w.size and np.abs(w).max() < HUGE_W:
                points += [float(w.min()), float(w.max())]
    lo, hi = min(points), max(points)
    span = hi - lo or max(1.0, abs(lo))
    return lo - _PAD * span, hi + _PAD * span


@dataclass(frozen=True)
class Landscape:
    """The curves of one run's landscape and what a step needs to draw its batch."""

    params: TrainingParams
    grid: np.ndarray  # w values
    totals: dict[str, np.ndarray]  # kind → Σ over all N on the grid
    batch_grid: np.ndarray
    y: np.ndarray
    order: np.ndarray
    ends: np.ndarray

    def batch_targets(self, step: int) -> np.ndarray:
        """The targets of the batch that step ``step`` (→ step+1) descends."""
        start = int(self.ends[step - 1]) if step else 0
        return self.y[self.order[start : int(self.ends[step])]]


def landscape(params: TrainingParams, run: TrainingRun | None = None) -> Landscape:
    """The landscape over :func:`landscape_range` for ``params.kinds`` (computed once per run)."""
    y = training_targets(params)
    lo, hi = landscape_range(params, run)
    grid = np.linspace(lo, hi, GRID_POINTS)
    totals = {kind: summed_loss(kind, grid, params, y) for kind in params.kinds}
    return Landscape(
        params,
        grid,
        totals,
        np.linspace(lo, hi, BATCH_POINTS),
        y,
        batch_order(params),
        batch_ends(params),
    )


@dataclass(frozen=True)
class StepLandscape:
    """What moves with the shown step: per kind w_k, Σ loss at w_k, its slope, the batch curve."""

    step: int
    w: dict[str, float]
    loss: dict[str, float]
    slope: dict[str, float]  # d/dw of the full-data sum at w_k
    batch: dict[str, np.ndarray]  # Σ over step k's batch on ``Landscape.batch_grid``


def step_landscape(ls: Landscape, run: TrainingRun, step: int) -> StepLandscape:
    """Markers, tangents and batch curves for ``step`` of ``run`` (kinds still finite there).

    The batch is the one step ``step`` descends; at the last step there is none. Signed
    L1 with the published "dataset" gradient descends the full sum: no batch curve.
    """
    params = ls.params
    w: dict[str, float] = {}
    loss: dict[str, float] = {}
    slope: dict[str, float] = {}
    batch: dict[str, np.ndarray] = {}
    yb = ls.batch_targets(step) if step < params.steps else None
    for kind, trace in run.traces.items():
        if step >= trace.w.size or not math.isfinite(float(trace.w[step])):
            continue
        wk = float(trace.w[step])
        w[kind] = wk
        loss[kind] = float(summed_loss(kind, np.array([wk]), params, ls.y)[0])
        slope[kind] = summed_gradient(kind, wk, params, ls.y)
        if yb is not None and not (kind == "signed_l1" and params.signed_l1_gradient == "dataset"):
            batch[kind] = summed_loss(kind, ls.batch_grid, params, yb)
    return StepLandscape(step, w, loss, slope, batch)
