"""How often does L1 give an exact zero? Many random 2-D problems, solved exactly.

Three families of quadratic losses ``(w − c)ᵀA(w − c)``, ``A = R(θ)·diag(1, r²)·R(θ)ᵀ``,
each with its optimum c uniform in direction and at a distance uniform in
[1.05·t, 3·t] (outside both balls):

- ``symmetric``: r = 1, circular contours;
- ``general``: r log-uniform in [1/5, 5], θ uniform in [0°, 180°);
- ``useless_feature``: r log-uniform in [0.1, 0.3] and θ within ±10°: the contours'
  long axis lies along w2, so w2 barely changes the loss.

Both constrained optima of every problem are computed exactly and vectorized
(:mod:`l1l2gui.core.regularization`); a coordinate counts as an *exact* zero only if
it is ``== 0.0``, and as *near* zero if ``|w| < tolerance`` (what a plotted grid or
an iterative solver would show).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from .coef_paths import PathsResult, paths_metrics, paths_series, run_paths
from .regularization import (
    RegularizationParams,
    l1_ball_optimum,
    l2_ball_optimum,
    quadratic_matrix,
    validate_regularization,
)
from .regularization_geometry import Geometry, geometry
from .walkthrough import Walkthrough, walkthrough, walkthrough_metrics, walkthrough_series

FAMILIES = ("symmetric", "general", "useless_feature")
FAMILY_LABELS = {"symmetric": "symmetric", "general": "general", "useless_feature": "useless w2"}
PENALTIES = ("l1", "l2")
DISTANCE = (1.05, 3.0)  # |c| / t
GENERAL_RATIO = (0.2, 5.0)
USELESS_RATIO = (0.1, 0.3)
USELESS_ANGLE = 10.0
BLOCK = 512  # trials drawn together: the unit of a chunk


@dataclass(frozen=True)
class Problems:
    """One family's random problems: optima c (N, 2), axis ratios r and angles θ (N,)."""

    c: np.ndarray
    axis_ratio: np.ndarray
    angle_deg: np.ndarray


def _draw_block(family: str, block: int, radius: float, seed: int) -> Problems:
    # one stream per (seed, family, block): any trial's problem is the same however the
    # trials are chunked, and a chunk draws only its own blocks
    rng = np.random.default_rng([seed, FAMILIES.index(family), block])
    n = BLOCK
    phi = rng.uniform(0.0, 2 * np.pi, n)
    dist = radius * rng.uniform(*DISTANCE, n)
    c = np.stack([dist * np.cos(phi), dist * np.sin(phi)], -1)
    if family == "symmetric":
        r, th = np.ones(n), np.zeros(n)
    elif family == "general":
        r = np.exp(rng.uniform(np.log(GENERAL_RATIO[0]), np.log(GENERAL_RATIO[1]), n))
        th = rng.uniform(0.0, 180.0, n)
    else:
        r = np.exp(rng.uniform(np.log(USELESS_RATIO[0]), np.log(USELESS_RATIO[1]), n))
        th = rng.uniform(-USELESS_ANGLE, USELESS_ANGLE, n)
    return Problems(c, r, th)


def draw_problems(family: str, n: int, radius: float, seed: int, start: int = 0) -> Problems:
    """Problems ``start … start + n − 1`` of ``family`` (each family has its own streams).

    Raises ``ValueError`` for an unknown family.
    """
    if family not in FAMILIES:
        raise ValueError(f"family={family!r}: must be one of {', '.join(FAMILIES)}")
    first, last = start // BLOCK, (start + n - 1) // BLOCK
    blocks = [_draw_block(family, b, radius, seed) for b in range(first, last + 1)]
    cut = slice(start - first * BLOCK, start - first * BLOCK + n)
    return Problems(
        *(np.concatenate([getattr(b, k) for b in blocks])[cut] for k in Problems.__annotations__)
    )


@dataclass(frozen=True)
class MonteCarlo:
    """The trials solved so far (the same number ``done`` in every family).

    ``solutions[(penalty, family)]`` is a read-only (done, 2) array; the counts are of
    trials with at least one coordinate exactly 0.0 / with ``|wᵢ| < tolerance``.
    """

    params: RegularizationParams
    done: int
    solutions: Mapping[tuple[str, str], np.ndarray]
    exact_zero: Mapping[tuple[str, str], int]
    near_zero: Mapping[tuple[str, str], int]

    @property
    def finished(self) -> bool:
        return self.done == self.params.trials

    @property
    def progress(self) -> float:
        return self.done / self.params.trials

    def zero_fraction(self, penalty: str, family: str) -> float:
        return self.exact_zero[penalty, family] / self.done if self.done else float("nan")

    def near_zero_fraction(self, penalty: str, family: str) -> float:
        return self.near_zero[penalty, family] / self.done if self.done else float("nan")


def _readonly(a: np.ndarray) -> np.ndarray:
    v = a.view()
    v.flags.writeable = False
    return v


def run_monte_carlo(
    params: RegularizationParams, chunk_seconds: float = 0.008
) -> Iterator[MonteCarlo]:
    """Solve ``params.trials`` problems per family, yielding counts about every ``chunk_seconds``.

    The chunk size adapts to the measured speed, so a yield comes every few
    milliseconds however fast the machine; the results do not depend on it (all
    problems are drawn first). Raises ``ValueError`` for out-of-range parameters.
    """
    validate_regularization(params)
    n, t, tol = params.trials, params.radius, params.tolerance
    keys = [(p, f) for p in PENALTIES for f in FAMILIES]
    solutions = {k: np.empty((n, 2)) for k in keys}
    exact = dict.fromkeys(keys, 0)
    near = dict.fromkeys(keys, 0)
    done, blocks = 0, 1
    while done < n:
        start = time.perf_counter()
        stop = min(done + blocks * BLOCK, n)
        for f in FAMILIES:
            p = draw_problems(f, stop - done, t, params.seed, start=done)
            A = quadratic_matrix(p.axis_ratio, p.angle_deg)
            solutions["l1", f][done:stop] = l1_ball_optimum(p.c, A, t)
            solutions["l2", f][done:stop] = l2_ball_optimum(p.c, A, t)[0]
        for k in keys:
            w = solutions[k][done:stop]
            exact[k] += int(np.count_nonzero(np.any(w == 0.0, axis=1)))
            near[k] += int(np.count_nonzero(np.any(np.abs(w) < tol, axis=1)))
        elapsed = time.perf_counter() - start
        # aim the next chunk at chunk_seconds, growing at most 2× at a time
        blocks = int(np.clip(blocks * chunk_seconds / max(elapsed, 1e-6), 1, 2 * blocks))
        done = stop
        yield MonteCarlo(
            params,
            done,
            {k: _readonly(v[:done]) for k, v in solutions.items()},
            dict(exact),
            dict(near),
        )


# ------------------------------------------------------------ the tab's result
@dataclass(frozen=True)
class RegularizationResult:
    """What the Regularization tab shows and exports: the geometry, the Monte Carlo, the
    one-weight walkthrough and the diabetes paths (the last two None until computed)."""

    params: RegularizationParams
    geometry: Geometry
    monte_carlo: MonteCarlo
    walkthrough: Walkthrough | None = None
    paths: PathsResult | None = None

    @property
    def finished(self) -> bool:
        return (
            self.monte_carlo.finished
            and self.walkthrough is not None
            and self.paths is not None
            and self.paths.finished
        )


def run_regularization(params: RegularizationParams) -> Iterator[RegularizationResult]:
    """Geometry and walkthrough once, the Monte Carlo streamed, then the paths and their CV
    streamed; the last result is complete."""
    geo = geometry(params)
    walk = walkthrough(params.walkthrough)
    mc = None
    for mc in run_monte_carlo(params):
        yield RegularizationResult(params, geo, mc, walk)
    for paths in run_paths(params.paths):
        yield RegularizationResult(params, geo, mc, walk, paths)


def regularization_series(result: RegularizationResult) -> dict[str, tuple]:
    """``path/<l1|l2>/<w1|w2>`` (x = λ) and ``mc/<l1|l2>/<family>/<w1|w2>`` (x = trial)."""
    geo, mc = result.geometry, result.monte_carlo
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for penalty, lam, path in (
        ("l1", geo.path_l1_lam, geo.path_l1),
        ("l2", geo.path_l2_lam, geo.path_l2),
    ):
        out[f"path/{penalty}/w1"] = (lam, path[:, 0])
        out[f"path/{penalty}/w2"] = (lam, path[:, 1])
    trials = np.arange(mc.done)
    for penalty in PENALTIES:
        for family in FAMILIES:
            w = mc.solutions[penalty, family]
            out[f"mc/{penalty}/{family}/w1"] = (trials, w[:, 0])
            out[f"mc/{penalty}/{family}/w2"] = (trials, w[:, 1])
    if result.walkthrough is not None:
        out.update(walkthrough_series(result.walkthrough))
    if result.paths is not None:
        out.update(paths_series(result.paths))
    return out


def regularization_metrics(result: RegularizationResult) -> dict[str, float]:
    """The exact solutions, their penalties λ, and the zero fractions per family."""
    geo, mc = result.geometry, result.monte_carlo
    out = {
        "l1/w1": float(geo.l1[0]),
        "l1/w2": float(geo.l1[1]),
        "l2/w1": float(geo.l2[0]),
        "l2/w2": float(geo.l2[1]),
        "lam/l1": geo.lam_l1,
        "lam/l2": geo.lam_l2,
    }
    for penalty in PENALTIES:
        for family in FAMILIES:
            out[f"zero_fraction/{penalty}/{family}"] = mc.zero_fraction(penalty, family)
    for penalty in PENALTIES:
        for family in FAMILIES:
            out[f"near_zero_fraction/{penalty}/{family}"] = mc.near_zero_fraction(penalty, family)
    if result.walkthrough is not None:
        out.update(walkthrough_metrics(result.walkthrough))
    if result.paths is not None:
        out.update(paths_metrics(result.paths))
    return out
