"""The exact variance of the sample median at a finite n, from order-statistic densities.

The large-n ratio var(median)/var(mean) → 1/(4f(0)²σ²) is a limit; at the n on
screen the median's variance is an integral over the density of the middle
order statistic(s). Everything here is symmetric about 0, so every order
statistic's mean is 0 and S(x) = 1 − F(x) = F(−x) (no cancellation in the tail).

- odd n = 2m + 1: X₍ₘ₊₁₎ has density n!/(m!)² F^m S^m f;
- even n = 2k: the median is (X₍ₖ₎ + X₍ₖ₊₁₎)/2, and E[X₍ₖ₎X₍ₖ₊₁₎] needs the joint
  density n!/((k−1)!(n−k−1)!) F(x)^(k−1) f(x) f(y) S(y)^(n−k−1) on x < y, whose
  inner integral over x is a running sum, so one grid suffices.

The integrals are trapezoid sums on a sinh-spaced grid (fine near 0, reaching
10⁶ scales for heavy tails).
"""

from __future__ import annotations

import math

import numpy as np

from .noise import OUTLIER_WIDTH, Noise

_GRID = np.sinh(np.linspace(-math.asinh(1e6), math.asinh(1e6), 20_001))


def log_cdf(noise: Noise, x: np.ndarray) -> np.ndarray:
    """log F(x) for the noise, accurate far in the lower tail."""
    # imported here: scipy.special costs ~0.2 s, and the window imports this module
    from scipy import special

    s = noise.scale
    z = x / s
    if noise.kind == "gaussian":
        return special.log_ndtr(z)
    if noise.kind == "laplace":
        return np.where(
            z < 0, math.log(0.5) + np.minimum(z, 0), np.log1p(-0.5 * np.exp(-np.abs(z)))
        )
    if noise.kind == "student_t":
        return np.log(special.stdtr(noise.nu, z))
    if noise.kind == "contaminated":
        eps = noise.epsilon
        core = special.log_ndtr(z) + (math.log1p(-eps) if eps < 1 else -np.inf)
        wide = special.log_ndtr(z / OUTLIER_WIDTH) + (math.log(eps) if eps > 0 else -np.inf)
        return np.logaddexp(core, wide)
    raise ValueError(f"noise={noise.kind!r}: no smooth cdf here (uniform is in closed form)")


def uniform_ratio(n: int) -> float:
    """var(median)/var(mean) for uniform noise at sample size n (Beta order statistics).

    Odd n: the median of U(−a, a) has variance a²/(n + 2), so the ratio is 3n/(n + 2).
    Even n: the midpoint of the two middle values has variance a²·n/((n + 1)(n + 2)),
    so the ratio is 3n²/((n + 1)(n + 2)). The mean has variance a²/(3n).
    """
    return 3 * n / (n + 2) if n % 2 else 3 * n * n / ((n + 1) * (n + 2))


def uniform_midrange_variance(a: float, n: int) -> float:
    """Variance of the midrange (min + max)/2 of n draws from U(−a, a): 2a²/((n + 1)(n + 2)).

    The L_p estimator tends to the midrange as p → ∞ (it minimizes the largest |y − c|).
    """
    return 2 * a * a / ((n + 1) * (n + 2))


def median_variance(noise: Noise, n: int) -> float:
    """The exact variance of the sample median of n draws (NaN where σ² is infinite)."""
    if not math.isfinite(noise.variance()):
        return math.nan
    if noise.kind == "uniform":
        return uniform_ratio(n) * noise.variance() / n
    x = noise.scale * _GRID
    with np.errstate(divide="ignore", under="ignore"):
        log_f = -noise.nll(x)
        log_lo, log_hi = log_cdf(noise, x), log_cdf(noise, -x)  # log F, log S
        if n % 2:
            m = n // 2
            log_c = math.lgamma(n + 1) - 2 * math.lgamma(m + 1)
            density = np.exp(log_c + m * (log_lo + log_hi) + log_f)
            return float(np.trapezoid(x * x * density, x))
        k = n // 2
        # E[X_(k)²] (= E[X_(k+1)²] by symmetry)
        log_c = math.lgamma(n + 1) - math.lgamma(k) - math.lgamma(n - k + 1)
        second = float(
            np.trapezoid(x * x * np.exp(log_c + (k - 1) * log_lo + (n - k) * log_hi + log_f), x)
        )
        # E[X_(k) X_(k+1)]: inner ∫_{−∞}^{y} x F^(k−1) f dx as a running trapezoid sum
        inner_terms = x * np.exp((k - 1) * log_lo + log_f)
        inner = np.concatenate(
            [[0.0], np.cumsum(0.5 * (inner_terms[1:] + inner_terms[:-1]) * np.diff(x))]
        )
        log_c2 = math.lgamma(n + 1) - math.lgamma(k) - math.lgamma(n - k)
        outer = x * np.exp(log_c2 + (n - k - 1) * log_hi + log_f) * inner
        cross = float(np.trapezoid(outer, x))
    return 0.5 * (second + cross)


def exact_ratio(noise: Noise, n: int) -> float:
    """var(median)/var(mean) at sample size n exactly (NaN where σ² is infinite)."""
    var = noise.variance()
    return median_variance(noise, n) / (var / n) if math.isfinite(var) else math.nan
