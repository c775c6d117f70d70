"""The Likelihood tab's computation: noise → loss, one sample's estimates, Monte Carlo.

Maximizing the likelihood of i.i.d. errors e_i = y_i − c with density f is
minimizing Σ −log f(e_i): for a Gaussian that is Σ e_i²/(2σ²) + const (L2,
the mean), for a Laplace Σ |e_i|/b + const (L1, the median). See
:mod:`.noise` for the densities and their scale convention, :mod:`.estimators`
for the minimizers and :mod:`.montecarlo` for the repeated draws.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .estimators import huber_location, median_interval, total_huber, total_l1, total_l2
from .fields import Field, validate
from .montecarlo import MonteCarlo, lp_grid, run_monte_carlo, sample_blocks
from .noise import NOISES, Noise

GRID_POINTS = 801  # error grid of the noise view (odd: e = 0 is on it)
C_POINTS = 601
ERROR_RANGE = 5.0  # the noise view spans ±5 natural scales


@dataclass(frozen=True)
class LikelihoodParams:
    """Everything the Likelihood tab depends on."""

    noise: str = "gaussian"
    scale: float = 1.0
    nu: float = 3.0
    epsilon: float = 0.1
    n: int = 20
    replicates: int = 4000
    seed: int = 0
    p: float = 4.0
    mu: float = 0.0
    huber_delta: float = 1.345

    @property
    def noise_model(self) -> Noise:
        return Noise(self.noise, self.scale, self.nu, self.epsilon)


LIKELIHOOD_FIELDS: tuple[Field, ...] = (
    Field("noise", "noise", str, choices=NOISES, help="the distribution of y − μ"),
    Field(
        "scale",
        "scale",
        float,
        0.01,
        100.0,
        log_scale=True,
        help="natural scale: σ (Gaussian, core of contaminated), b (Laplace), "
        "s (Student t), half-width a (uniform)",
    ),
    Field("nu", "t's ν", float, 1.0, 100.0, help="degrees of freedom of the Student t"),
    Field("epsilon", "outlier share ε", float, 0.0, 0.5, help="contaminated: share from 10σ noise"),
    Field("n", "sample size n", int, 2, 1001, help="points per sample"),
    Field("replicates", "replicates R", int, 10, 50_000, help="Monte Carlo samples"),
    Field("seed", "seed", int, 0, 2**31 - 1, help="seed of every draw"),
    Field("p", "Lₚ power p", float, 1.0, 6.0, help="the power of Σ|y − c|ᵖ"),
    Field("mu", "true μ", float, -100.0, 100.0, help="the centre of the noise"),
    Field(
        "huber_delta",
        "Huber δ",
        float,
        1e-3,
        1000.0,
        log_scale=True,
        help="where Huber turns from L2 to L1 (1.345σ: 95 % Gaussian efficiency)",
    ),
)


def validate_likelihood(params: LikelihoodParams) -> None:
    """Raise ``ValueError`` naming the parameter that is out of range."""
    validate(params, LIKELIHOOD_FIELDS)


@dataclass(frozen=True)
class NoiseCurves:
    """The noise view: density and NLL over an error grid, with the L1 and L2 losses."""

    e: np.ndarray
    density: np.ndarray
    nll: np.ndarray  # k·(−log f(e) + log f(0)): "up to constants" (Noise.nll_shape)
    factor: float  # that k
    l1: np.ndarray  # |e|
    l2: np.ndarray  # e²


def noise_curves(params: LikelihoodParams) -> NoiseCurves:
    """Density and NLL of ``params``' noise on e ∈ [−5s, 5s]."""
    noise = params.noise_model
    e = np.linspace(-ERROR_RANGE * params.scale, ERROR_RANGE * params.scale, GRID_POINTS)
    e[GRID_POINTS // 2] = 0.0
    return NoiseCurves(
        e, noise.pdf(e), noise.nll_shape(e), noise.nll_shape_factor(), np.abs(e), e * e
    )


@dataclass(frozen=True)
class SampleFit:
    """One sample y and its total losses as functions of the candidate c, with their minimizers."""

    y: np.ndarray
    c: np.ndarray
    l1: np.ndarray
    l2: np.ndarray
    huber: np.ndarray
    mean: float
    median_low: float
    median_high: float
    huber_c: float

    @property
    def median(self) -> float:
        """The midpoint of the L1 minimizers (the usual sample median)."""
        return 0.5 * (self.median_low + self.median_high)

    @property
    def flat_bottom(self) -> bool:
        """True when Σ|y − c| has a whole interval of minimizers (even n, distinct middles)."""
        return self.median_high > self.median_low


def first_sample(params: LikelihoodParams) -> np.ndarray:
    """The Monte Carlo's first replicate: the sample the one-sample view shows."""
    # the whole first block: a sampler may draw several arrays (contaminated draws the
    # normals, then the outlier flags), so a one-row draw would not be replicate 1
    blocks = sample_blocks(params.noise_model, params.mu, params.n, params.replicates, params.seed)
    return next(blocks)[0].copy()


def sample_fit(params: LikelihoodParams) -> SampleFit:
    """Total L1, L2 and Huber loss of the first sample over a grid of c, and their minima."""
    y = first_sample(params)
    lo, hi = median_interval(y)
    med, mean = 0.5 * (lo + hi), float(y.mean())
    hub = huber_location(y, params.huber_delta)
    q1, q3 = np.percentile(y, [25, 75])
    half = max(2 * (q3 - q1), 1.3 * abs(mean - med), 1.3 * abs(hub - med), 1e-9 * (1 + abs(med)))
    c = np.linspace(med - half, med + half, C_POINTS)
    # the kinks of the L1 total sit at the data: put them on the grid, and the minimizers
    extra = [v for v in (*y, mean, hub, lo, hi) if med - half <= v <= med + half]
    c = np.unique(np.concatenate([c, extra]))
    return SampleFit(
        y=y,
        c=c,
        l1=total_l1(y, c),
        l2=total_l2(y, c),
        huber=total_huber(y, c, params.huber_delta),
        mean=mean,
        median_low=lo,
        median_high=hi,
        huber_c=hub,
    )


@dataclass(frozen=True)
class LikelihoodResult:
    """Everything the tab shows for ``params``; ``mc`` is a snapshot while it streams."""

    params: LikelihoodParams
    curves: NoiseCurves
    fit: SampleFit
    mc: MonteCarlo

    @property
    def finished(self) -> bool:
        return self.mc.finished


def monte_carlo(params: LikelihoodParams) -> Iterator[MonteCarlo]:
    """The Monte Carlo of ``params`` as a stream of snapshots (validates first)."""
    validate_likelihood(params)
    return run_monte_carlo(
        params.noise_model, params.mu, params.n, params.replicates, params.seed, params.p
    )


def monte_carlo_key(params: LikelihoodParams) -> tuple:
    """What the Monte Carlo depends on (not Huber δ, nor p while p stays on the grid)."""
    p = params
    grid = tuple(float(q) for q in lp_grid(p.p))
    return (p.noise, p.scale, p.nu, p.epsilon, p.n, p.replicates, p.seed, p.mu, grid)


def one_sample(
    params: LikelihoodParams,
) -> Iterator[tuple[LikelihoodParams, NoiseCurves, SampleFit]]:
    """The quick part of the tab in one step: the noise curves and the first sample's fit."""
    validate_likelihood(params)
    yield params, noise_curves(params), sample_fit(params)


def run_likelihood(params: LikelihoodParams) -> Iterator[LikelihoodResult]:
    """Stream the whole tab's result: curves and sample at once, the Monte Carlo as it fills."""
    validate_likelihood(params)
    curves, fit = noise_curves(params), sample_fit(params)
    for mc in monte_carlo(params):
        yield LikelihoodResult(params, curves, fit, mc)


def likelihood_series(result: LikelihoodResult) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The exported series (names fixed by the tab's issue)."""
    cur, fit, mc = result.curves, result.fit, result.mc
    return {
        f"nll/{result.params.noise}": (cur.e, cur.nll),
        "loss/l1": (cur.e, cur.l1),
        "loss/l2": (cur.e, cur.l2),
        "total_loss/l1": (fit.c, fit.l1),
        "total_loss/l2": (fit.c, fit.l2),
        "total_loss/huber": (fit.c, fit.huber),
        "lp_variance": (mc.p_grid, mc.lp_var),
    }


def lp_variance_at(mc: MonteCarlo, p: float) -> float:
    """The Monte Carlo variance of the L_p estimator at ``p`` (always on the grid)."""
    return float(mc.lp_var[int(np.argmin(np.abs(mc.p_grid - p)))])


def likelihood_metrics(result: LikelihoodResult) -> dict[str, float]:
    """The issue's metrics first, then a few that the explanation quotes."""
    fit, mc = result.fit, result.mc
    return {
        "mean": fit.mean,
        "median": fit.median,
        "var/mean": mc.var_mean,
        "var/median": mc.var_median,
        "efficiency_ratio": mc.efficiency_ratio,
        "theory_ratio": mc.theory_ratio,
        "huber": fit.huber_c,
        "median_low": fit.median_low,
        "median_high": fit.median_high,
        "efficiency_ratio_se": mc.efficiency_ratio * mc.se_log_ratio,
        "exact_ratio": mc.exact_ratio,
        "var/lp": lp_variance_at(mc, result.params.p),
        "replicates_done": float(mc.lp_done),
    }
