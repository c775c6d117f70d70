"""Monte Carlo of location estimators: R samples of y = μ + noise, streamed in blocks.

Samples are drawn in blocks of a fixed number of rows from one seeded
generator, so the numbers never depend on how fast the machine is; the
stream only decides *when* to report. Pass 1 accumulates the mean and the
median of every replicate (histograms and variances); pass 2 draws the same
blocks again and accumulates the L_p estimators over a grid of p.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .estimators import lp_locations, medians
from .noise import Noise
from .order_stats import exact_ratio

BLOCK_VALUES = 50_000  # numbers per block: ~1–5 ms of work in pass 1
LP_VALUES = 10_000  # numbers per L_p solve in pass 2: a few ms each (rows are independent)
LP_GRID = tuple(np.round(np.arange(1.0, 6.0001, 0.5), 10))
BINS = 40
PASS1_SHARE = 0.25  # of the progress bar: pass 2 costs about three times pass 1


def block_rows(n: int) -> int:
    """Replicates per block for samples of size ``n``."""
    return max(1, BLOCK_VALUES // n)


def sample_blocks(
    noise: Noise, mu: float, n: int, replicates: int, seed: int
) -> Iterator[np.ndarray]:
    """The replicates as blocks of shape (rows, n), always the same for the same arguments."""
    rng = np.random.default_rng(seed)
    rows = block_rows(n)
    for start in range(0, replicates, rows):
        yield mu + noise.sample(rng, (min(rows, replicates - start), n))


def lp_grid(p: float) -> np.ndarray:
    """The p values of the variance curve: 1, 1.5, …, 6 and the chosen ``p``."""
    return np.unique(np.array([*LP_GRID, p], dtype=float))


class _Moments:
    """Running sums of d = x − μ, d², d⁴ for estimates x (one column per estimator)."""

    def __init__(self, width: int, pairs: bool = False) -> None:
        self.count = 0
        self.s1 = np.zeros(width)
        self.s2 = np.zeros(width)
        self.s4 = np.zeros(width)
        # Σ d_i²·d_j² for every pair of columns: the paired standard error of a difference
        # of two variances measured on the same samples
        self.s22 = np.zeros((width, width)) if pairs else None

    def add(self, d: np.ndarray) -> None:
        d2 = d * d
        self.count += d.shape[0]
        self.s1 += d.sum(axis=0)
        self.s2 += d2.sum(axis=0)
        self.s4 += (d2 * d2).sum(axis=0)
        if self.s22 is not None:
            self.s22 += d2.T @ d2

    def variance(self) -> np.ndarray:
        """Sample variance (ddof = 1); NaN with fewer than two replicates."""
        if self.count < 2:
            return np.full(self.s1.shape, np.nan)
        k = self.count
        return np.maximum(self.s2 - self.s1 * self.s1 / k, 0.0) / (k - 1)


@dataclass(frozen=True)
class MonteCarlo:
    """A snapshot of the Monte Carlo: ``done`` replicates of pass 1, ``lp_done`` of pass 2."""

    total: int
    done: int
    lp_done: int
    edges: np.ndarray  # histogram bin edges shared by mean and median
    mean_counts: np.ndarray
    median_counts: np.ndarray
    mean_outside: int  # estimates beyond the edges (heavy tails)
    median_outside: int
    var_mean: float
    var_median: float
    se_log_ratio: float  # standard error of log(var(median)/var(mean)); NaN for t with ν ≤ 4
    theory_ratio: float  # large-n var(median)/var(mean); NaN where it does not exist
    exact_ratio: float  # the exact ratio at this n (order statistics); NaN until known or if σ² = ∞
    p_grid: np.ndarray
    lp_var: np.ndarray  # NaN until pass 2 has two replicates
    # standard errors of lp_var[i] − lp_var[j] (paired: same samples); NaN where unknown
    lp_diff_se: np.ndarray | None = None

    @property
    def efficiency_ratio(self) -> float:
        with np.errstate(invalid="ignore", divide="ignore"):
            return float(np.float64(self.var_median) / np.float64(self.var_mean))

    @property
    def finished(self) -> bool:
        return self.lp_done == self.total

    @property
    def progress(self) -> float:
        return PASS1_SHARE * self.done / self.total + (1 - PASS1_SHARE) * self.lp_done / self.total


def _se_log_ratio(m: _Moments, cross: float) -> float:
    """Delta-method standard error of log v_med − log v_mean from the replicates' moments.

    Var(log v̂) ≈ (μ₄/v² − 1)/R for each, and their covariance is
    (E[d_med²·d_mean²]/(v_med·v_mean) − 1)/R; moments about μ (the estimators
    are unbiased for symmetric noise).
    """
    k = m.count
    if k < 2:
        return math.nan
    v = m.s2 / k
    if not np.all(v > 0):
        return math.nan
    k4 = m.s4 / k / (v * v)
    cov = cross / k / (v[0] * v[1])
    var = (k4[0] - 1 + k4[1] - 1 - 2 * (cov - 1)) / k
    return math.sqrt(var) if var > 0 else math.nan


def _diff_se(m: _Moments) -> np.ndarray:
    """Standard errors of v_i − v_j from the moments about μ: Var(d_i² − d_j²)/R.

    Var(d_i² − d_j²) = E[d_i⁴] + E[d_j⁴] − 2E[d_i²d_j²] − (v_i − v_j)². Estimates that
    coincide on every sample (n = 2) give 0 up to rounding.
    """
    width = m.s2.size
    if m.count < 2 or m.s22 is None:
        return np.full((width, width), np.nan)
    k = m.count
    e4, v, e22 = m.s4 / k, m.s2 / k, m.s22 / k
    var = e4[:, None] + e4[None, :] - 2 * e22 - (v[:, None] - v[None, :]) ** 2
    return np.sqrt(np.maximum(var, 0.0) / k)


def _edges(means: np.ndarray, meds: np.ndarray, mu: float) -> np.ndarray:
    """Bins centred on μ spanning ±4 robust standard deviations of the first block's estimates."""

    def robust_sd(x: np.ndarray) -> float:
        q1, q3 = np.percentile(x, [25, 75])
        return float(q3 - q1) / 1.349

    half = 4 * max(robust_sd(means), robust_sd(meds))
    if not half > 0:
        half = max(1e-9, 1e-9 * abs(mu))
    return np.linspace(mu - half, mu + half, BINS + 1)


def run_monte_carlo(
    noise: Noise,
    mu: float,
    n: int,
    replicates: int,
    seed: int,
    p: float,
    chunk_seconds: float = 0.008,
) -> Iterator[MonteCarlo]:
    """Stream :class:`MonteCarlo` snapshots about every ``chunk_seconds`` (the last is finished)."""
    grid = lp_grid(p)
    # the delta method needs E[mean⁴] < ∞: a t's fourth moment exists only for ν > 4
    finite_fourth = noise.kind != "student_t" or noise.nu > 4
    # the L_p estimate moves like Σ sign(e)|e|^(p−1): its fourth moment needs
    # E|e|^(4(p−1)) < ∞, i.e. p < 1 + ν/4 for a t (p = 2 gives the mean's ν > 4)
    lp_fourth = np.ones(grid.size, bool) if noise.kind != "student_t" else (grid < 1 + noise.nu / 4)
    pass1 = _Moments(2)  # columns: median, mean
    cross = 0.0
    lp = _Moments(grid.size, pairs=True)
    edges = None
    counts = np.zeros((2, BINS), dtype=np.int64)
    exact = math.nan
    outside = np.zeros(2, dtype=np.int64)

    def snapshot() -> MonteCarlo:
        var = pass1.variance()
        lp_var = lp.variance() if lp.count >= 2 else np.full(grid.size, np.nan)
        return MonteCarlo(
            total=replicates,
            done=pass1.count,
            lp_done=lp.count,
            edges=edges,
            mean_counts=counts[1].copy(),
            median_counts=counts[0].copy(),
            mean_outside=int(outside[1]),
            median_outside=int(outside[0]),
            var_mean=float(var[1]),
            var_median=float(var[0]),
            se_log_ratio=_se_log_ratio(pass1, cross) if finite_fourth else math.nan,
            theory_ratio=noise.theory_ratio(),
            exact_ratio=exact,
            p_grid=grid,
            lp_var=lp_var,
            lp_diff_se=np.where(np.outer(lp_fourth, lp_fourth), _diff_se(lp), np.nan),
        )

    def add_pass1(block: np.ndarray) -> None:
        nonlocal edges, cross
        d = np.column_stack([medians(block), block.mean(axis=1)]) - mu
        if edges is None:
            edges = _edges(d[:, 1] + mu, d[:, 0] + mu, mu)
        pass1.add(d)
        cross += float((d[:, 0] ** 2 * d[:, 1] ** 2).sum())
        for col in (0, 1):
            c, _ = np.histogram(d[:, col] + mu, bins=edges)
            counts[col] += c
            outside[col] += d.shape[0] - int(c.sum())

    # heavy tails (t with ν near 1) square to huge numbers: inf is then the honest
    # variance. errstate is entered per block, never held across a yield.
    quiet = {"over": "ignore", "invalid": "ignore"}
    deadline = time.perf_counter() + chunk_seconds
    for block in sample_blocks(noise, mu, n, replicates, seed):
        with np.errstate(**quiet):
            add_pass1(block)
        if time.perf_counter() >= deadline:
            with np.errstate(**quiet):
                snap = snapshot()
            yield snap
            deadline = time.perf_counter() + chunk_seconds
    # one step of a few ms between the passes (a numerical integral, see order_stats)
    exact = exact_ratio(noise, n)
    for block in sample_blocks(noise, mu, n, replicates, seed):
        est = np.empty((block.shape[0], grid.size))
        step = max(1, LP_VALUES // n)
        for j, q in enumerate(grid):
            for start in range(0, block.shape[0], step):
                rows = slice(start, start + step)
                est[rows, j] = lp_locations(block[rows], float(q))
                if time.perf_counter() < deadline:
                    continue
                with np.errstate(**quiet):
                    snap = snapshot()
                yield snap  # this block's pass 2 is not counted yet
                deadline = time.perf_counter() + chunk_seconds
        with np.errstate(**quiet):
            lp.add(est - mu)
    with np.errstate(**quiet):
        snap = snapshot()
    yield snap
