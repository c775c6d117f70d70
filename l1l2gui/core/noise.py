"""Noise distributions of the Likelihood tab: density, negative log-likelihood, sampler.

Every distribution is symmetric about 0 and set by its *natural* scale ``s``
(not always its standard deviation):

- ``gaussian``: s is the standard deviation σ;
- ``laplace``: s is b in f(e) = exp(−|e|/b)/(2b) (standard deviation √2·b);
- ``student_t``: s scales a t with ν degrees of freedom (standard deviation
  s·√(ν/(ν−2)), only for ν > 2);
- ``uniform``: s is the half-width a of [−a, a] (standard deviation a/√3);
- ``contaminated``: s is the σ of the core Gaussian; a fraction ε of the points
  come from a Gaussian 10× wider (standard deviation s·√(1 − ε + 100ε)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

NOISES: tuple[str, ...] = ("gaussian", "laplace", "student_t", "uniform", "contaminated")
NOISE_LABELS: dict[str, str] = {
    "gaussian": "Gaussian",
    "laplace": "Laplace",
    "student_t": "Student t",
    "uniform": "uniform",
    "contaminated": "contaminated Gaussian",
}
OUTLIER_WIDTH = 10.0  # the contaminating Gaussian is this many times wider
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


@dataclass(frozen=True)
class Noise:
    """A noise: ``kind`` (one of :data:`NOISES`), natural ``scale``, ``nu``, ``epsilon``."""

    kind: str = "gaussian"
    scale: float = 1.0
    nu: float = 3.0
    epsilon: float = 0.1

    def nll(self, e: np.ndarray) -> np.ndarray:
        """−log f(e), constants included; +inf where the density is 0 (uniform outside [−a, a])."""
        e = np.asarray(e, dtype=float)
        s = self.scale
        if self.kind == "gaussian":
            return 0.5 * (e / s) ** 2 + math.log(s) + _LOG_SQRT_2PI
        if self.kind == "laplace":
            return np.abs(e) / s + math.log(2 * s)
        if self.kind == "student_t":
            nu = self.nu
            const = math.lgamma(nu / 2) - math.lgamma((nu + 1) / 2) + 0.5 * math.log(nu * math.pi)
            return 0.5 * (nu + 1) * np.log1p((e / s) ** 2 / nu) + const + math.log(s)
        if self.kind == "uniform":
            return np.where(np.abs(e) <= s, math.log(2 * s), np.inf)
        if self.kind == "contaminated":
            eps, w = self.epsilon, OUTLIER_WIDTH * s
            core = -0.5 * (e / s) ** 2 - math.log(s) + math.log1p(-eps) if eps < 1 else -np.inf
            wide = -0.5 * (e / w) ** 2 - math.log(w) + math.log(eps) if eps > 0 else -np.inf
            return -np.logaddexp(core, wide) + _LOG_SQRT_2PI
        raise ValueError(f"noise={self.kind!r}: must be one of {', '.join(NOISES)}")

    def pdf(self, e: np.ndarray) -> np.ndarray:
        """The density f(e)."""
        return np.exp(-self.nll(e))

    def nll_shape_factor(self) -> float:
        """k > 0 such that k·(nll(e) − nll(0)) is e² near 0 (|e| for Laplace).

        Multiplying by a positive constant and adding one do not move a minimum,
        so this is the NLL "up to constants", scaled to be comparable with L2
        (same curvature at 0) or, for the Laplace kink, with L1 (same slope).
        The uniform NLL is 0 inside [−a, a] and +∞ outside: k = 1.
        """
        s2 = self.scale**2
        if self.kind == "gaussian":
            return 2 * s2
        if self.kind == "laplace":
            return self.scale
        if self.kind == "student_t":
            return 2 * self.nu * s2 / (self.nu + 1)
        if self.kind == "uniform":
            return 1.0
        # contaminated: curvature of −log f at 0 is −f''(0)/f(0) (f'(0) = 0)
        eps, w2 = self.epsilon, OUTLIER_WIDTH**2
        curvature = ((1 - eps) + eps / (w2 * OUTLIER_WIDTH)) / (
            s2 * ((1 - eps) + eps / OUTLIER_WIDTH)
        )
        return 2 / curvature

    def nll_shape(self, e: np.ndarray) -> np.ndarray:
        """k·(nll(e) − nll(0)) (see :meth:`nll_shape_factor`); +inf where f = 0."""
        e = np.asarray(e, dtype=float)
        with np.errstate(invalid="ignore"):  # inf − finite stays inf; no inf − inf occurs
            return self.nll_shape_factor() * (self.nll(e) - float(self.nll(np.zeros(1))[0]))

    def sample(self, rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        """Draws of shape ``shape`` from ``rng``."""
        s = self.scale
        if self.kind == "gaussian":
            return s * rng.standard_normal(shape)
        if self.kind == "laplace":
            return rng.laplace(0.0, s, shape)
        if self.kind == "student_t":
            return s * rng.standard_t(self.nu, shape)
        if self.kind == "uniform":
            return rng.uniform(-s, s, shape)
        if self.kind == "contaminated":
            z = rng.standard_normal(shape)
            wide = rng.random(shape) < self.epsilon
            return s * np.where(wide, OUTLIER_WIDTH * z, z)
        raise ValueError(f"noise={self.kind!r}: must be one of {', '.join(NOISES)}")

    def variance(self) -> float:
        """The variance of one draw; +inf where it does not exist (t with ν ≤ 2)."""
        s2 = self.scale**2
        if self.kind == "gaussian":
            return s2
        if self.kind == "laplace":
            return 2 * s2
        if self.kind == "student_t":
            return s2 * self.nu / (self.nu - 2) if self.nu > 2 else math.inf
        if self.kind == "uniform":
            return s2 / 3
        return s2 * (1 - self.epsilon + OUTLIER_WIDTH**2 * self.epsilon)

    def density_at_median(self) -> float:
        """f(0): the median of every noise here is 0."""
        return float(self.pdf(np.zeros(1))[0])

    def theory_ratio(self) -> float:
        """Large-n var(median)/var(mean) = 1/(4·f(0)²·σ²); NaN where var(mean) does not exist.

        The sample median is asymptotically normal with variance 1/(4·n·f(0)²)
        (f(0) > 0 for every noise here), the mean has variance σ²/n.
        """
        var = self.variance()
        if not math.isfinite(var):
            return math.nan
        return 1.0 / (4.0 * self.density_at_median() ** 2 * var)
