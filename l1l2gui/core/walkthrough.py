"""One weight, step by step: gradient descent on ``J(w) = (y − x·w)² + λ|w|`` (and ``+ λw²``).

Three ways to apply the L1 penalty, each one row per step (MSE gradient, penalty
gradient, full gradient, new w):

- ``subgradient``: ``w ← w − α(−2x(y − xw) + λ·sign(w))`` with sign(0) = 0, as in the
  "L1 vs L2" note;
- ``proximal`` (ISTA): a plain MSE step ``z = w + 2αx(y − xw)``, then soft-thresholding
  ``w ← sign(z)·max(|z| − αλ, 0)``. Its penalty gradient is the one it effectively used,
  ``(z − w_new)/α``: λ·sign(w_new) off zero, anything in [−λ, λ] on it;
- ``clip``: the subgradient step, but a step that would cross zero stops at zero. At
  w = 0 the penalty's sign is the sign of the MSE step (the direction the data pulls),
  so a weight held at zero by a stronger penalty stays there.

The L2 counterpart ``l2`` is plain gradient descent on ``(y − xw)² + λw²``: its penalty
gradient 2λw shrinks with w, so it approaches its minimiser and never lands on 0.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .fields import Field, validate

L1_METHODS = ("subgradient", "proximal", "clip")
METHODS = (*L1_METHODS, "l2")
METHOD_LABELS = {
    "subgradient": "L1 subgradient",
    "proximal": "L1 proximal (ISTA)",
    "clip": "L1 clipped at 0",
    "l2": "L2 gradient",
}
COLUMNS = ("w", "mse_grad", "pen_grad", "grad", "w_new")
MAX_STEPS = 500

# the note's numbers, as printed: two steps of the subgradient method
NOTE_PARAMS = {"x": 1.0, "y": 2.0, "lam": 0.5, "alpha": 0.1, "w0": -0.1}
NOTE_CLAIMS: tuple[dict[str, float], ...] = (
    {"w": -0.1, "mse_grad": -4.2, "pen_grad": -0.5, "grad": -4.7, "w_new": 0.37},
    {"w": 0.37, "mse_grad": 3.4, "pen_grad": 0.5, "grad": 3.9, "w_new": -0.02},
)


@dataclass(frozen=True)
class WalkthroughParams:
    """One example (x, y), the penalty λ, the step size α, the start w₀ and the number of steps."""

    x: float = 1.0
    y: float = 2.0
    lam: float = 0.5
    alpha: float = 0.1
    w0: float = -0.1
    steps: int = 20


WALKTHROUGH_FIELDS: tuple[Field, ...] = (
    Field("x", "input x", float, -5.0, 5.0, help="the one example's input"),
    Field("y", "target y", float, -10.0, 10.0, help="the one example's target"),
    Field("lam", "penalty λ", float, 0.0, 20.0, help="weight of λ|w| (and of λw² for L2)"),
    Field("alpha", "step size α", float, 1e-4, 2.0, log_scale=True, help="learning rate"),
    Field("w0", "start w₀", float, -10.0, 10.0, help="the weight before the first step"),
    Field("steps", "steps", int, 1, MAX_STEPS, help="gradient steps per method"),
)


@dataclass(frozen=True)
class Trace:
    """One method's steps: ``rows[k] = (w, mse_grad, pen_grad, grad, w_new)`` of step k + 1."""

    method: str
    rows: np.ndarray  # (steps, 5)

    @property
    def w(self) -> np.ndarray:
        """w₀ followed by the weight after each step (steps + 1 values)."""
        return np.concatenate([self.rows[:1, 0], self.rows[:, 4]])

    @property
    def final(self) -> float:
        return float(self.rows[-1, 4])


@dataclass(frozen=True)
class Walkthrough:
    """All four traces, both minimisers and the objective on a grid that covers them."""

    params: WalkthroughParams
    traces: dict[str, Trace]
    minimizer_l1: float
    minimizer_l2: float
    grid: np.ndarray
    objective_l1: np.ndarray
    objective_l2: np.ndarray

    def objective_at(self, w, penalty: str = "l1") -> np.ndarray:
        return objective(w, self.params, penalty)


def objective(w, params: WalkthroughParams, penalty: str = "l1") -> np.ndarray:
    """``(y − xw)² + λ|w|`` (``penalty="l1"``) or ``(y − xw)² + λw²`` (``"l2"``)."""
    w = np.asarray(w, dtype=float)
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged iterate's J is inf
        return (params.y - params.x * w) ** 2 + params.lam * (
            np.abs(w) if penalty == "l1" else w * w
        )


def minimizer_l1(params: WalkthroughParams) -> float:
    """The exact L1 minimiser: ``sign(xy)·max(|xy| − λ/2, 0) / x²`` (0 if x = 0)."""
    x, y, lam = params.x, params.y, params.lam
    if x == 0.0:
        return 0.0
    return math.copysign(max(abs(x * y) - lam / 2.0, 0.0), x * y) / (x * x) + 0.0


def minimizer_l2(params: WalkthroughParams) -> float:
    """The exact minimiser of the L2 objective: ``xy / (x² + λ)`` (0 if x = λ = 0)."""
    den = params.x * params.x + params.lam
    return params.x * params.y / den if den > 0 else 0.0


def nice_step(span: float) -> float:
    """A round step (1, 2 or 5 × 10ᵏ) of about a tenth of ``span`` (> 0)."""
    raw = span / 10.0
    unit = 10.0 ** math.floor(math.log10(raw))
    return next(m * unit for m in (1.0, 2.0, 5.0, 10.0) if m * unit >= raw * (1 - 1e-12))


def nice_range(lo: float, hi: float) -> tuple[float, float]:
    """``[lo, hi]`` widened to multiples of :func:`nice_step`: a plot range that stays
    the same while the data inside it moves a little (``lo == hi`` gets ±0.5)."""
    if not hi > lo:
        lo, hi = lo - 0.5, hi + 0.5
    step = nice_step(hi - lo)
    return math.floor(lo / step) * step + 0.0, math.ceil(hi / step) * step + 0.0


def _sign(v: float) -> float:
    return float(np.sign(v))


def step(method: str, w: float, params: WalkthroughParams) -> tuple[float, float, float, float]:
    """One step of ``method`` from ``w``: (mse_grad, pen_grad, grad, w_new), ``w_new = w − α·grad``.

    Raises ``ValueError`` for an unknown method.
    """
    x, y, lam, a = params.x, params.y, params.lam, params.alpha
    mse = -2.0 * x * (y - x * w)
    if method == "subgradient":
        pen = lam * _sign(w)
        new = w - a * (mse + pen)
    elif method == "l2":
        pen = 2.0 * lam * w
        new = w - a * (mse + pen)
    elif method == "proximal":
        z = w - a * mse
        new = _sign(z) * max(abs(z) - a * lam, 0.0) + 0.0
        pen = (z - new) / a
    elif method == "clip":
        z = w - a * mse
        s = _sign(w) if w != 0.0 else _sign(z)
        new = z - a * lam * s
        if s != 0.0 and _sign(new) != s:  # the step would cross (or reach) zero: stop there
            new = 0.0
        pen = (z - new) / a
    else:
        raise ValueError(f"method={method!r}: must be one of {', '.join(METHODS)}")
    # the full gradient as the step used it, so that w_new = w − α·grad holds in every row
    grad = mse + pen
    return mse, pen, grad, new


def trace(method: str, params: WalkthroughParams) -> Trace:
    """``params.steps`` steps of ``method`` from ``params.w0``."""
    rows = np.empty((params.steps, 5))
    w = params.w0
    with np.errstate(over="ignore", invalid="ignore"):  # a too-large α diverges: inf is the result
        for k in range(params.steps):
            mse, pen, grad, new = step(method, w, params)
            rows[k] = (w, mse, pen, grad, new)
            w = new
    return Trace(method, rows)


def walkthrough(params: WalkthroughParams) -> Walkthrough:
    """Every method's steps, both minimisers and the objectives on a grid covering the iterates.

    Raises ``ValueError`` naming the parameter that is out of range.
    """
    validate(params, WALKTHROUGH_FIELDS)
    traces = {m: trace(m, params) for m in METHODS}
    m1, m2 = minimizer_l1(params), minimizer_l2(params)
    points = np.concatenate([t.w for t in traces.values()] + [np.array([m1, m2, 0.0])])
    points = points[np.isfinite(points)]
    lo, hi = float(points.min()), float(points.max())
    pad = 0.15 * max(hi - lo, 0.5)
    # ends on a round step: a new start w₀ or λ nearby keeps the plot's w axis as it was
    lo, hi = nice_range(max(lo - pad, -1e6), min(hi + pad, 1e6))
    grid = np.unique(np.concatenate([np.linspace(lo, hi, 401), [0.0]]))
    return Walkthrough(
        params, traces, m1, m2, grid, objective(grid, params, "l1"), objective(grid, params, "l2")
    )


def run_walkthrough(params: WalkthroughParams) -> Iterator[Walkthrough]:
    """The whole walkthrough in one yield (500 steps × 4 methods take about a millisecond)."""
    yield walkthrough(params)


def walkthrough_series(walk: Walkthrough) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``walkthrough/<method>``: x = step (0 is w₀), y = w after that step."""
    steps = np.arange(walk.params.steps + 1)
    return {f"walkthrough/{m}": (steps, t.w) for m, t in walk.traces.items()}


def walkthrough_metrics(walk: Walkthrough) -> dict[str, float]:
    """``walkthrough_final/<method>``: w after the last step."""
    return {f"walkthrough_final/{m}": t.final for m, t in walk.traces.items()}


# ------------------------------------------------------------ facts for the text
@dataclass(frozen=True)
class NoteError:
    """Where a printed number of the note differs from the computed one."""

    step: int  # 1-based
    column: str
    printed: float
    computed: float


def is_note_example(params: WalkthroughParams) -> bool:
    return all(getattr(params, k) == v for k, v in NOTE_PARAMS.items())


def note_errors(walk: Walkthrough, tol: float = 1e-9) -> tuple[NoteError, ...]:
    """The note's printed numbers that the subgradient trace does not reproduce.

    Empty unless the parameters are the note's (x = 1, y = 2, λ = 0.5, α = 0.1, w₀ = −0.1)
    and at least two steps were taken.
    """
    rows = walk.traces["subgradient"].rows
    if not is_note_example(walk.params) or rows.shape[0] < len(NOTE_CLAIMS):
        return ()
    out = []
    for k, claim in enumerate(NOTE_CLAIMS):
        for j, column in enumerate(COLUMNS):
            if column == "w" and k > 0:
                continue  # the row's start is the previous row's result, checked there
            if abs(rows[k, j] - claim[column]) > tol:
                out.append(NoteError(k + 1, column, claim[column], float(rows[k, j])))
    return tuple(out)


def first_zero_step(t: Trace) -> int | None:
    """The first step after which w is exactly 0 and stays 0 to the end, or None."""
    w = t.rows[:, 4]
    nonzero = np.flatnonzero(w != 0.0)
    if nonzero.size == w.size:
        return None
    last = int(nonzero[-1]) + 1 if nonzero.size else 0
    return last + 1 if last < w.size else None


def sign_changes(t: Trace, last: int = 10) -> int:
    """How often w changes sign over the last ``last`` steps (the subgradient's chatter)."""
    s = np.sign(t.w[-(last + 1) :])
    s = s[s != 0]
    return int(np.count_nonzero(s[1:] != s[:-1]))
