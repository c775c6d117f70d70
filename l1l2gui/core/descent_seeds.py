"""The same training run repeated over many seeds at once: where does each loss end?

One run's verdict ("with lr 1e-4, abs L1 ends closer to the true w") rests on one
draw of the noise. Here the run is repeated for seeds ``seed … seed+R−1``, all
seeds stepped together as NumPy rows, and what is kept is each seed's final w.
Every seed's numbers are those of :func:`~l1l2gui.core.descent.run_descent` with
that seed: the same targets, the same batch order, the same sums in the same order.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .cooperate import pause_point
from .descent import (
    MAX_SEEDS,
    TrainingParams,
    batch_ends,
    learning_rates,
    signed_l1_path,
    validate_training,
)

# batch-order values drawn at once (per chunk of epochs): 200,000 take ~5 ms, so the
# generator still yields about every 10 ms (2,000,000 took ~80 ms between yields)
_EPOCH_CHUNK_VALUES = 200_000


@dataclass(frozen=True)
class SeedsResult:
    """w per kind and seed after ``steps_done`` steps (NaN where a run diverged).

    Once ``finished``, ``final_w`` holds every seed's final w.
    """

    params: TrainingParams
    seeds: np.ndarray  # the seed of each row
    final_w: dict[str, np.ndarray]  # kind → w per seed
    steps_done: int

    @property
    def finished(self) -> bool:
        return self.steps_done == self.params.steps

    @property
    def progress(self) -> float:
        return self.steps_done / self.params.steps

    def abs_error(self, kind: str) -> np.ndarray:
        """|w − true w| per seed (inf where the run diverged)."""
        err = np.abs(self.final_w[kind] - self.params.true_w)
        return np.where(np.isfinite(err), err, np.inf)

    def median_abs_error(self, kind: str) -> float:
        return float(np.median(self.abs_error(kind)))

    def closest_fraction(self, kind: str) -> float:
        """Fraction of seeds in which ``kind`` ends strictly closest to the true w.

        A tie (two kinds exactly as close, e.g. signed and abs L1 that never left
        the data's side) counts for neither; a diverged run is never closest.
        """
        errors = np.stack([self.abs_error(k) for k in self.final_w])
        mine = errors[list(self.final_w).index(kind)]
        others = np.delete(errors, list(self.final_w).index(kind), axis=0)
        best = np.isfinite(mine) & np.all(mine < others, axis=0)
        return float(np.mean(best))


def _targets_and_rngs(params: TrainingParams, seeds: np.ndarray):
    """Per seed: the targets and the generator, positioned after the noise (as in a run)."""
    rngs = [np.random.default_rng(int(s)) for s in seeds]
    eps = np.stack([rng.standard_normal(params.n_samples) for rng in rngs])
    y = params.true_w * params.x_value + params.noise_sigma * eps
    return y, rngs


def run_over_seeds(
    params: TrainingParams, count: int, chunk_seconds: float = 0.004
) -> Iterator[SeedsResult]:
    """Train ``params`` for seeds ``params.seed … params.seed+count−1``, all at once.

    Yields about every ``chunk_seconds`` (a partial result with ``done`` 0 until the
    last step), the last result with every seed's final w. Raises ``ValueError``
    for out-of-range parameters or ``count`` outside 1 … :data:`MAX_SEEDS`.
    """
    validate_training(params)
    if not 1 <= count <= MAX_SEEDS:
        raise ValueError(f"seeds_repeat={count}: must be between 1 and {MAX_SEEDS}")
    seeds = params.seed + np.arange(count)
    if seeds[-1] > 2**31 - 1:
        raise ValueError(f"seeds_repeat={count}: seed + seeds_repeat − 1 must be at most 2³¹−1")
    x, n, steps = params.x_value, params.n_samples, params.steps
    y, rngs = _targets_and_rngs(params, seeds)
    ends = batch_ends(params)
    lr = learning_rates(params, steps)
    delta = float(params.huber_delta)
    kinds = params.kinds
    w = {k: np.full(count, float(params.init_w)) for k in kinds if k != "signed_l1"}
    final: dict[str, np.ndarray] = {}
    if "signed_l1" in kinds:  # its path does not depend on the data: the same for every seed
        final["signed_l1"] = np.full(count, signed_l1_path(params, lr)[-1])
    per_epoch = params.batches_per_epoch
    epochs_at_once = max(1, _EPOCH_CHUNK_VALUES // max(1, count * n))
    rows = np.arange(count)[:, None]
    deadline = time.perf_counter() + chunk_seconds
    with np.errstate(over="ignore", invalid="ignore"):
        for first_epoch in range(0, params.epochs, epochs_at_once):
            epochs = min(epochs_at_once, params.epochs - first_epoch)
            # the batch order of these epochs, drawn from each seed's stream in its order
            base = np.tile(np.arange(n), (epochs, 1))
            order = np.stack([rng.permuted(base, axis=1).ravel() for rng in rngs])
            visit = y[rows, order]  # (count, epochs·n): targets in visiting order
            offset = first_epoch * n
            for k in range(first_epoch * per_epoch, (first_epoch + epochs) * per_epoch):
                lo = (int(ends[k - 1]) if k else 0) - offset
                hi = int(ends[k]) - offset
                step = lr[k] * x
                for kind, wk in w.items():
                    g = _batch_gradient(kind, wk * x, visit[:, lo:hi], delta)
                    wk -= step * g
                pause_point()
                if time.perf_counter() >= deadline and k + 1 < steps:
                    yield SeedsResult(params, seeds, _snapshot(w, final), k + 1)
                    deadline = time.perf_counter() + chunk_seconds
    yield SeedsResult(params, seeds, _snapshot(w, final), steps)


def _batch_gradient(kind: str, pred: np.ndarray, batch: np.ndarray, delta: float) -> np.ndarray:
    """Σ loss'(pred − y) over the batch's columns, summed left to right as one run sums."""
    r = pred[:, None] - batch
    if kind == "abs_l1":
        return np.sign(r).sum(axis=1)  # whole numbers: every order of summing is exact
    d = 2.0 * r if kind == "l2" else np.clip(r, -delta, delta)
    total = d[:, 0].copy()
    for j in range(1, d.shape[1]):
        total += d[:, j]
    return total


def _snapshot(w: dict[str, np.ndarray], final: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    out = dict(final)
    for kind, wk in w.items():
        out[kind] = np.where(np.isfinite(wk), wk, np.nan)
    return {k: out[k] for k in sorted(out, key=_KIND_ORDER.index)}


_KIND_ORDER = ("signed_l1", "abs_l1", "l2", "huber")


@dataclass(frozen=True)
class SeedsVerdict:
    """What the repeated runs say, and whether the shown seed says the same.

    ``best`` is the kind that ends closest to the true w in the most seeds (None if
    two kinds share the most); ``single_best`` the kind strictly closest in the first
    seed, the one the run on screen uses (None on a tie or if none converged).
    """

    count: int
    first_seed: int
    median_abs_error: dict[str, float]
    closest_fraction: dict[str, float]
    best: str | None
    single_best: str | None

    @property
    def tie_fraction(self) -> float:
        """Fraction of seeds in which no kind is strictly closest."""
        return max(0.0, 1.0 - sum(self.closest_fraction.values()))

    @property
    def disagrees(self) -> bool:
        """True when the shown seed's closest kind is not the one closest most often."""
        return (
            self.single_best is not None
            and self.best is not None
            and (self.single_best != self.best)
        )


def seeds_verdict(result: SeedsResult) -> SeedsVerdict:
    """The verdict of a finished :func:`run_over_seeds` result."""
    kinds = list(result.final_w)
    fractions = {k: result.closest_fraction(k) for k in kinds}
    top = max(fractions.values())
    leaders = [k for k in kinds if fractions[k] == top]
    best = leaders[0] if len(leaders) == 1 and top > 0 else None
    first = {k: float(result.abs_error(k)[0]) for k in kinds}
    low = min(first.values())
    closest = [k for k in kinds if first[k] == low]
    single = closest[0] if len(closest) == 1 and np.isfinite(low) else None
    return SeedsVerdict(
        count=int(result.seeds.size),
        first_seed=int(result.seeds[0]),
        median_abs_error={k: result.median_abs_error(k) for k in kinds},
        closest_fraction=fractions,
        best=best,
        single_best=single,
    )
