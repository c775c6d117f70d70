"""Mini-batch gradient descent on the one-weight model ŷ = w·x, for each loss kind.

Every sample has the same input x; the targets are y_i = true_w·x + σ·ε_i with
ε_i standard normal drawn from ``seed``. Each step takes one mini-batch B and
moves w against the gradient of the batch *sum* of the loss,
``∂/∂w Σ_{i∈B} loss(w·x − y_i) = x · Σ_{i∈B} loss'(w·x − y_i)``,
with learning rate ``lr_k = lr / (1 + decay·k)``. All kinds see the same batches.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .cooperate import pause_point
from .fields import Field, validate
from .losses import LOSS_KINDS, loss_for

SIGNED_L1_GRADIENTS = ("batch", "dataset")
MAX_STEPS = 500_000  # w and loss for four kinds stay under 40 MB
MAX_SEEDS = 1_000  # runs repeated at once by core.descent_seeds
_LOSS_BLOCK = 1_000_000  # residuals computed at once when filling the loss series


@dataclass(frozen=True)
class TrainingParams:
    """Everything one training run depends on."""

    x_value: float = 2.0
    n_samples: int = 20
    true_w: float = 1.0
    noise_sigma: float = 0.0
    seed: int = 0
    init_w: float = 20.0
    epochs: int = 20
    batch_size: int = 2
    lr: float = 0.01
    decay: float = 0.0
    kinds: tuple[str, ...] = ("signed_l1", "abs_l1", "l2")
    huber_delta: float = 1.0
    signed_l1_gradient: str = "batch"  # "dataset": x·N at every step, as published
    seeds_repeat: int = 0  # R > 0: also repeat the run over seeds seed … seed+R−1

    @property
    def batches_per_epoch(self) -> int:
        return math.ceil(self.n_samples / self.batch_size)

    @property
    def steps(self) -> int:
        return self.epochs * self.batches_per_epoch


TRAINING_FIELDS: tuple[Field, ...] = (
    Field("x_value", "input x", float, 0.1, 10.0, help="the one input every sample has"),
    Field("n_samples", "samples N", int, 1, 10_000, help="number of (x, y) pairs"),
    Field("true_w", "true w", float, -100.0, 100.0, help="the weight that generated y"),
    Field("noise_sigma", "noise σ", float, 0.0, 100.0, help="std. dev. of Gaussian noise on y"),
    Field("seed", "seed", int, 0, 2**31 - 1, help="seed for the noise and the batch order"),
    Field("init_w", "initial w", float, -1000.0, 1000.0, help="w before the first step"),
    Field("epochs", "epochs", int, 1, 100_000, help="passes over the data"),
    Field("batch_size", "batch size", int, 1, 10_000, help="samples per step (≤ N)"),
    Field("lr", "learning rate", float, 1e-7, 10.0, log_scale=True, help="lr₀"),
    Field("decay", "decay", float, 0.0, 10.0, log_scale=True, help="lr_k = lr₀ / (1 + decay·k)"),
    Field("kinds", "losses", tuple, choices=LOSS_KINDS, help="which losses to train"),
    Field("huber_delta", "Huber δ", float, 1e-3, 1000.0, help="where Huber turns from L2 to L1"),
    Field(
        "signed_l1_gradient",
        "signed L1 gradient",
        str,
        choices=SIGNED_L1_GRADIENTS,
        help="batch: x·|B| (the batch's own gradient); dataset: x·N at every step, as published",
    ),
    Field(
        "seeds_repeat",
        "repeat over seeds",
        int,
        0,
        MAX_SEEDS,
        help="R: the same run for seeds seed … seed+R−1, to judge the losses over many noise "
        "draws (0 = off)",
    ),
)


def validate_training(params: TrainingParams) -> None:
    """Raise ``ValueError`` naming the parameter that is out of range."""
    validate(params, TRAINING_FIELDS)
    if params.batch_size > params.n_samples:
        raise ValueError(
            f"batch_size={params.batch_size}: must be between 1 and n_samples ({params.n_samples})"
        )
    if params.seeds_repeat and params.seed + params.seeds_repeat - 1 > 2**31 - 1:
        raise ValueError(
            f"seeds_repeat={params.seeds_repeat}: seed + seeds_repeat − 1 must be at most 2³¹−1"
        )
    if params.steps > MAX_STEPS:
        raise ValueError(
            f"epochs={params.epochs}: epochs × {params.batches_per_epoch} batches per epoch "
            f"must be at most {MAX_STEPS} steps (at most {MAX_STEPS // params.batches_per_epoch} "
            "epochs here)"
        )


@dataclass(frozen=True)
class Trace:
    """One kind's run so far: w and the full-data loss for steps 0..len−1.

    After a divergence the arrays end at the last finite step.
    """

    kind: str
    w: np.ndarray
    loss: np.ndarray
    diverged_at: int | None = None


@dataclass(frozen=True)
class TrainingRun:
    """A snapshot of a run: every array covers steps 0..steps_done (read-only views)."""

    params: TrainingParams
    steps_done: int
    lr: np.ndarray  # lr_k used for the update k → k+1, for k < steps_done
    traces: Mapping[str, Trace] = field(default_factory=dict)
    # with seeds_repeat > 0 (CLI export): the repeated runs' SeedsResult (core.descent_seeds)
    over_seeds: Any = None

    @property
    def finished(self) -> bool:
        return self.steps_done == self.params.steps

    @property
    def progress(self) -> float:
        return self.steps_done / self.params.steps


def training_targets(params: TrainingParams) -> np.ndarray:
    """The targets y_i = true_w·x + σ·ε_i (ε drawn first from ``seed``, whatever σ)."""
    rng = np.random.default_rng(params.seed)
    eps = rng.standard_normal(params.n_samples)
    return params.true_w * params.x_value + params.noise_sigma * eps


def batch_order(params: TrainingParams) -> np.ndarray:
    """Sample indices in visiting order: one fresh permutation per epoch, from ``seed``."""
    rng = np.random.default_rng(params.seed)
    rng.standard_normal(params.n_samples)  # the noise comes first from the same stream
    # one row per epoch, each shuffled in turn: the same draws as one rng.permutation per
    # epoch, ~10× faster (100,000 steps: 8 ms, not 80 ms without a yield)
    rows = np.tile(np.arange(params.n_samples), (params.epochs, 1))
    return rng.permuted(rows, axis=1).ravel()


def learning_rates(params: TrainingParams, steps: int) -> np.ndarray:
    """lr_k = lr / (1 + decay·k) for k = 0..steps−1."""
    return params.lr / (1.0 + params.decay * np.arange(steps, dtype=float))


def learning_rate_at(params: TrainingParams, k: int) -> float:
    """lr_k alone: the same float as ``learning_rates(params, k + 1)[k]``."""
    return params.lr / (1.0 + params.decay * float(k))


def _readonly(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


def batch_ends(params: TrainingParams) -> np.ndarray:
    """For each step k, one past the last position of its batch in :func:`batch_order`.

    Step k = epoch·(batches per epoch) + j takes positions ``epoch·N + j·b`` up to this
    end; the last batch of an epoch holds the remaining N mod b samples.
    """
    per_epoch, n, b = params.batches_per_epoch, params.n_samples, params.batch_size
    within = np.minimum((np.arange(per_epoch) + 1) * b, n)
    return (np.arange(params.epochs)[:, None] * n + within[None, :]).ravel()


def batch_sizes(params: TrainingParams) -> np.ndarray:
    """|B_k| for every step k (the short last batch of each epoch included)."""
    ends = batch_ends(params)
    return np.diff(ends, prepend=0) if ends.size else ends


def signed_l1_path(params: TrainingParams, lr: np.ndarray) -> np.ndarray:
    """Signed L1's whole trajectory w_0..w_steps in closed form.

    Its gradient does not depend on w: ``x·|B_k|`` for the batch sum, or ``x·N`` when
    ``signed_l1_gradient`` is ``"dataset"`` (the whole data set's sum, as published).
    A cumulative sum performs exactly the loop's subtractions, in the loop's order.
    """
    if params.signed_l1_gradient == "dataset":
        count = np.full(lr.size, float(params.n_samples))
    else:
        count = batch_sizes(params).astype(float)
    steps = lr * params.x_value * count
    with np.errstate(over="ignore", invalid="ignore"):
        return np.cumsum(np.concatenate(([params.init_w], -steps)))


# Batches smaller than this are stepped with Python floats: for a handful of samples a
# NumPy call per step costs more than the arithmetic. The sums run in the same order
# as NumPy's for fewer than 8 terms, so both paths give the same numbers.
_SCALAR_BATCH = 8
_BLOCK_SECONDS = 0.001  # steps between two looks at the clock


def _walk(
    kind: str,
    w: float,
    x: float,
    delta: float,
    ys: list[float],
    ends: list[int],
    lrs: list[float],
    out: list[float],
) -> int:
    """Take ``len(ends)`` steps from ``w`` with Python floats; fill ``out``.

    Step i uses ``ys[ends[i-1]:ends[i]]``. Returns how many steps were filled: fewer
    than asked if w left the finite range (the last filled value is then not finite).
    """
    pos = 0
    isfinite = math.isfinite
    for i, end in enumerate(ends):
        if kind == "abs_l1":
            g = 0
            while pos < end:
                r = w * x - ys[pos]
                g += (r > 0) - (r < 0)
                pos += 1
        elif kind == "l2":
            g = 0.0
            while pos < end:
                g += 2.0 * (w * x - ys[pos])
                pos += 1
        else:  # huber
            g = 0.0
            while pos < end:
                r = w * x - ys[pos]
                g += min(max(r, -delta), delta)
                pos += 1
        w = w - lrs[i] * x * g
        out[i] = w
        if not isfinite(w):
            return i + 1
    return len(ends)


def run_descent(params: TrainingParams, chunk_seconds: float = 0.004) -> Iterator[TrainingRun]:
    """Train every kind in ``params.kinds``, yielding a snapshot about every ``chunk_seconds``.

    The last snapshot has ``finished`` true. A kind whose w or loss leaves the
    finite range stops there and records ``diverged_at`` (the first non-finite
    step); the others go on. Raises ``ValueError`` for out-of-range parameters.
    """
    validate_training(params)
    x, steps, b = params.x_value, params.steps, params.batch_size
    y = training_targets(params)
    order = batch_order(params)
    ends = batch_ends(params)
    lr = learning_rates(params, steps)
    delta = float(params.huber_delta)
    losses = [loss_for(k, params.huber_delta) for k in params.kinds]
    kinds_n = len(losses)
    w = np.full((kinds_n, steps + 1), np.nan)
    total = np.full((kinds_n, steps + 1), np.nan)
    w[:, 0] = params.init_w
    diverged: list[int | None] = [None] * kinds_n
    signed = signed_l1_path(params, lr) if "signed_l1" in params.kinds else None

    def snapshot(done: int) -> TrainingRun:
        traces = {}
        for i, loss in enumerate(losses):
            end = done + 1 if diverged[i] is None else diverged[i]
            traces[loss.kind] = Trace(
                loss.kind, _readonly(w[i, :end]), _readonly(total[i, :end]), diverged[i]
            )
        return TrainingRun(params, done, _readonly(lr[:done]), traces)

    def fill_losses(lo: int, hi: int) -> None:
        # full-data loss at steps lo..hi, vectorised over steps in blocks of bounded size
        rows = max(1, _LOSS_BLOCK // y.size)
        for start in range(lo, hi + 1, rows):
            stop = min(start + rows, hi + 1)
            for i, loss in enumerate(losses):
                r = w[i, start:stop, None] * x - y[None, :]
                total[i, start:stop] = loss.value(r).sum(axis=1)
                bad = np.flatnonzero(~np.isfinite(total[i, start:stop]))
                if bad.size and (diverged[i] is None or start + bad[0] < diverged[i]):
                    diverged[i] = start + int(bad[0])

    def advance(k0: int, k1: int) -> None:
        # steps k0 → k1 for every kind still finite
        p0 = int(ends[k0 - 1]) if k0 else 0
        if b < _SCALAR_BATCH:
            ys = y[order[p0 : ends[k1 - 1]]].tolist()
            rel = (ends[k0:k1] - p0).tolist()
            lrs = lr[k0:k1].tolist()
        for i, loss in enumerate(losses):
            if diverged[i] is not None:
                continue
            if loss.kind == "signed_l1":
                seg = signed[k0 + 1 : k1 + 1]
                w[i, k0 + 1 : k1 + 1] = seg
                bad = np.flatnonzero(~np.isfinite(seg))
                if bad.size:
                    diverged[i] = k0 + 1 + int(bad[0])
            elif b < _SCALAR_BATCH:
                out = [math.nan] * (k1 - k0)
                n = _walk(loss.kind, float(w[i, k0]), x, delta, ys, rel, lrs, out)
                w[i, k0 + 1 : k0 + 1 + n] = out[:n]
                if n and not math.isfinite(out[n - 1]):
                    diverged[i] = k0 + n
            else:
                wk = float(w[i, k0])
                for k in range(k0, k1):
                    start = int(ends[k - 1]) if k else 0
                    yb = y[order[start : ends[k]]]
                    wk = wk - lr[k] * x * float(loss.derivative(wk * x - yb).sum())
                    w[i, k + 1] = wk
                    if not math.isfinite(wk):
                        diverged[i] = k + 1
                        break

    # errstate is entered per chunk, never held across a yield: the caller's
    # NumPy error settings stay its own between snapshots
    with np.errstate(over="ignore", invalid="ignore"):
        fill_losses(0, 0)
    done = 0
    block = 1 if chunk_seconds <= 0 else 64
    while done < steps:
        deadline = time.perf_counter() + chunk_seconds
        with np.errstate(over="ignore", invalid="ignore"):
            while done < steps:
                # blocks of about a millisecond, so the deadline is met closely
                t0 = time.perf_counter()
                stop = min(done + block, steps)
                advance(done, stop)
                fill_losses(done + 1, stop)
                taken, done = stop - done, stop
                pause_point()  # about every millisecond: an awake GUI thread goes first
                now = time.perf_counter()
                if now >= deadline:
                    break
                if chunk_seconds > 0:
                    per_step = max((now - t0) / taken, 1e-9)
                    block = int(min(max(_BLOCK_SECONDS / per_step, 1), 20_000))
        yield snapshot(done)


def train(params: TrainingParams) -> TrainingRun:
    """Run :func:`run_descent` to the end and return the final snapshot."""
    return deque(run_descent(params), maxlen=1)[0]
