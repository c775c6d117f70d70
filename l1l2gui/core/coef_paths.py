"""Lasso and ridge coefficient paths on scikit-learn's diabetes data, and their cross-validation.

The ten features are standardized (mean 0, variance 1) and the target centred, so
no intercept is needed. Both penalties are on the same scale, scikit-learn's
ElasticNet convention, so they share one α grid:

- lasso: ``(1/2n)‖y − Xw‖² + α‖w‖₁`` by ``lasso_path`` with a tight ``tol`` (its
  default leaves coefficients off by ~0.5 %);
- ridge: ``(1/2n)‖y − Xw‖² + (α/2)‖w‖²``, i.e. ``Ridge(alpha = n·α)``, exactly from one
  SVD ``X = U·diag(s)·Vᵀ``: ``w(α) = V·diag(s / (s² + nα))·Uᵀy``.

The grid is ``lasso_path``'s own (``alphas=100, eps=1e-4``): 100 values from α_max (all
lasso weights 0) down to α_max/10⁴. Cross-validation refits both on each training fold
(centred with that fold's means, as ``fit_intercept`` does) and scores the held-out fold;
on a fold of m rows the ridge is ``Ridge(alpha = m·α)``, the same objective as the lasso's.

scikit-learn is imported inside the functions: loading it takes seconds, the window
shows first. Everything that does not depend on the parameters is cached.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .fields import Field, validate

TOL = 1e-10  # lasso_path's tol: coefficients agree with a 1e-14 fit to ~1e-9
N_ALPHAS = 100
EPS = 1e-4  # grid from α_max down to α_max·EPS: ridge's CV optimum (~α_max/8000) lies inside
CHUNK_ALPHAS = 3  # one lasso_path call per chunk (warm-started): a few ms each


@dataclass(frozen=True)
class PathsParams:
    """The α the vertical line marks, and the cross-validation's folds and seed."""

    path_alpha: float = 1.0
    cv_folds: int = 5
    cv_seed: int = 0


PATHS_FIELDS: tuple[Field, ...] = (
    Field(
        "path_alpha",
        "path α",
        float,
        1e-3,
        1e3,
        log_scale=True,
        help="the penalty marked on the coefficient paths",
    ),
    Field("cv_folds", "CV folds", int, 3, 10, help="folds of the cross-validation"),
    Field("cv_seed", "CV seed", int, 0, 2**31 - 1, help="seed of the shuffled folds"),
)


@dataclass(frozen=True)
class Data:
    """The standardized diabetes features X (n, 10), centred target y, names and the grid."""

    X: np.ndarray
    y: np.ndarray
    names: tuple[str, ...]
    alphas: np.ndarray  # decreasing, as lasso_path returns it


@functools.cache
def load_data() -> Data:
    """The diabetes data standardized, and lasso_path's α grid for it (cached)."""
    from sklearn.datasets import load_diabetes

    raw = load_diabetes()
    X = (raw.data - raw.data.mean(0)) / raw.data.std(0)
    y = raw.target - raw.target.mean()
    alpha_max = float(np.max(np.abs(X.T @ y)) / X.shape[0])  # as lasso_path computes it
    alphas = np.geomspace(alpha_max, alpha_max * EPS, N_ALPHAS)
    return Data(X, y, tuple(raw.feature_names), alphas)


def lasso_chunks(X, y, alphas, chunk: int = CHUNK_ALPHAS) -> Iterator[tuple[int, np.ndarray]]:
    """The lasso path over ``alphas`` a few α at a time: yields (first index, coefs (p, k)).

    Each call starts from the previous chunk's last solution (warm start, as one
    ``lasso_path`` call does internally), so the pieces equal the whole path to ``TOL``.
    """
    from sklearn.linear_model import lasso_path

    gram, xy = X.T @ X, X.T @ y
    coef = None
    for i in range(0, len(alphas), chunk):
        part = alphas[i : i + chunk]
        _, coefs, _ = lasso_path(
            X, y, alphas=part, tol=TOL, precompute=gram, Xy=xy, coef_init=coef, max_iter=100_000
        )
        coef = coefs[:, -1].copy()
        yield i, coefs


def lasso_at(X, y, alpha: float) -> np.ndarray:
    """The lasso solution at one α (cold start, tight tolerance)."""
    from sklearn.linear_model import lasso_path

    _, coefs, _ = lasso_path(X, y, alphas=[alpha], tol=TOL, max_iter=100_000)
    return coefs[:, 0]


def ridge_path(X, y, alphas) -> np.ndarray:
    """Exact ridge coefficients (p, len(alphas)) for ``(1/2n)‖y − Xw‖² + (α/2)‖w‖²``, one SVD."""
    U, s, Vt = np.linalg.svd(X, full_matrices=False)
    uty = U.T @ y
    n = X.shape[0]
    shrink = s[:, None] / (s[:, None] ** 2 + n * np.asarray(alphas, dtype=float)[None, :])
    return Vt.T @ (shrink * uty[:, None])


@dataclass(frozen=True)
class Paths:
    """Both paths on the full data (``lasso``/``ridge``: (p, len(alphas)), filled as computed)."""

    data: Data
    lasso: np.ndarray
    ridge: np.ndarray
    done: int  # lasso α computed so far

    @property
    def nonzero(self) -> np.ndarray:
        return np.count_nonzero(self.lasso != 0.0, axis=0)


@dataclass(frozen=True)
class CrossValidation:
    """Held-out mean squared error (folds, len(alphas)) of both, per fold; ``done`` folds so far."""

    folds: int
    seed: int
    mse_lasso: np.ndarray
    mse_ridge: np.ndarray
    done: int

    @property
    def finished(self) -> bool:
        return self.done == self.folds

    def mean(self, penalty: str) -> np.ndarray:
        mse = self.mse_lasso if penalty == "lasso" else self.mse_ridge
        return mse[: self.done].mean(0) if self.done else np.full(mse.shape[1], np.nan)

    def best(self, penalty: str) -> int:
        """Index of the α with the smallest mean held-out error (the first, on ties)."""
        return int(np.argmin(self.mean(penalty)))


@dataclass(frozen=True)
class AtAlpha:
    """Both solutions at one α (exact: the lasso fitted there, not read off the grid)."""

    alpha: float
    lasso: np.ndarray  # (p,)
    ridge: np.ndarray
    names: tuple[str, ...]

    @property
    def nonzero(self) -> int:
        return int(np.count_nonzero(self.lasso))


@dataclass(frozen=True)
class PathsCV:
    """The part that does not depend on the α line: paths, the CV so far, the lasso at its best."""

    paths: Paths
    cv: CrossValidation | None
    lasso_at_best: np.ndarray | None

    @property
    def finished(self) -> bool:
        return self.paths.done == len(self.paths.data.alphas) and self.lasso_at_best is not None


@dataclass(frozen=True)
class PathsResult:
    """What the paths view shows and exports: ``PathsCV`` and the solutions at ``path_alpha``."""

    params: PathsParams
    paths: Paths
    at: AtAlpha
    cv: CrossValidation | None
    lasso_at_best: np.ndarray | None

    @property
    def finished(self) -> bool:
        return PathsCV(self.paths, self.cv, self.lasso_at_best).finished

    @property
    def best_alpha(self) -> dict[str, float]:
        """The CV's best α of each penalty (NaN until the CV has a fold)."""
        if self.cv is None or self.cv.done == 0:
            return {"lasso": float("nan"), "ridge": float("nan")}
        alphas = self.paths.data.alphas
        return {k: float(alphas[self.cv.best(k)]) for k in ("lasso", "ridge")}


_cache: dict = {}  # "paths", finished folds (folds, seed, fold), lasso at a best α


def fold_indices(n: int, folds: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Shuffled K-fold splits (train, test): ``KFold(folds, shuffle=True, random_state=seed)``."""
    from sklearn.model_selection import KFold

    return list(KFold(folds, shuffle=True, random_state=seed).split(np.zeros(n)))


def stream_paths(data: Data, chunk_seconds: float = 0.01) -> Iterator[Paths]:
    """The full-data paths: ridge at once, the lasso a chunk at a time."""
    if "paths" in _cache:
        yield _cache["paths"]
        return
    ridge = ridge_path(data.X, data.y, data.alphas)
    lasso = np.zeros_like(ridge)
    last = time.perf_counter()
    paths = None
    for i, coefs in lasso_chunks(data.X, data.y, data.alphas):
        lasso[:, i : i + coefs.shape[1]] = coefs
        done = i + coefs.shape[1]
        if done == len(data.alphas) or time.perf_counter() - last > chunk_seconds:
            last = time.perf_counter()
            paths = Paths(data, lasso.copy(), ridge, done)
            yield paths
    # the last one yielded (complete) is the one cached: a view that drew it knows it by
    # identity and does not draw the same twenty curves again for the next run's CV
    _cache["paths"] = paths


def stream_cv(data: Data, folds: int, seed: int) -> Iterator[CrossValidation]:
    """Held-out errors fold by fold, each fold's lasso streamed in chunks.

    A finished fold is cached, so a restart (the α line dragged meanwhile) resumes
    at the fold it was computing.
    """
    k = len(data.alphas)
    mse_l, mse_r = np.zeros((folds, k)), np.zeros((folds, k))
    for f, (train, test) in enumerate(fold_indices(len(data.y), folds, seed)):
        key = (folds, seed, f)
        if key in _cache:
            mse_l[f], mse_r[f] = _cache[key]
            continue
        Xt, yt = data.X[train], data.y[train]
        mx, my = Xt.mean(0), yt.mean()
        Xc, yc = Xt - mx, yt - my
        Xs, ys = data.X[test] - mx, data.y[test] - my
        ridge = ridge_path(Xc, yc, data.alphas)
        mse_r[f] = np.mean((ys[:, None] - Xs @ ridge) ** 2, axis=0)
        for i, coefs in lasso_chunks(Xc, yc, data.alphas):
            j = slice(i, i + coefs.shape[1])
            mse_l[f, j] = np.mean((ys[:, None] - Xs @ coefs) ** 2, axis=0)
            if j.stop < k:
                yield CrossValidation(folds, seed, mse_l.copy(), mse_r.copy(), f)
        _cache[key] = (mse_l[f].copy(), mse_r[f].copy())
        if f + 1 < folds:
            yield CrossValidation(folds, seed, mse_l.copy(), mse_r.copy(), f + 1)
    yield CrossValidation(folds, seed, mse_l, mse_r, folds)


def paths_series(result: PathsResult) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``lasso/<feature>``, ``ridge/<feature>`` (x = α, one grid) and ``cv/<lasso|ridge>``."""
    data, paths = result.paths.data, result.paths
    out = {f"lasso/{n}": (data.alphas, paths.lasso[i]) for i, n in enumerate(data.names)}
    out.update({f"ridge/{n}": (data.alphas, paths.ridge[i]) for i, n in enumerate(data.names)})
    if result.cv is not None:
        out["cv/lasso"] = (data.alphas, result.cv.mean("lasso"))
        out["cv/ridge"] = (data.alphas, result.cv.mean("ridge"))
    return out


def paths_metrics(result: PathsResult) -> dict[str, float]:
    """Lasso non-zeros at ``path_alpha``, the CV's best α of each, the lasso's non-zeros there."""
    best = result.best_alpha
    kept = result.lasso_at_best
    return {
        "lasso_nonzero": float(result.at.nonzero),
        "cv_best_alpha/lasso": best["lasso"],
        "cv_best_alpha/ridge": best["ridge"],
        "cv_nonzero/lasso": float(np.count_nonzero(kept)) if kept is not None else float("nan"),
    }


def coefs_at(alpha: float) -> AtAlpha:
    """The lasso (fitted at ``alpha``) and ridge (exact) solutions at one α on the full data.

    Raises ``ValueError`` if ``alpha`` is outside the ``path_alpha`` field's range.
    """
    PATHS_FIELDS[0].check(alpha)
    data = load_data()
    ridge = ridge_path(data.X, data.y, [alpha])[:, 0]
    return AtAlpha(float(alpha), lasso_at(data.X, data.y, alpha), ridge, data.names)


def run_paths_cv(folds: int, seed: int) -> Iterator[PathsCV]:
    """Paths streamed, then the CV fold by fold, then the lasso at the CV's best α."""
    PATHS_FIELDS[1].check(folds)
    PATHS_FIELDS[2].check(seed)
    data = load_data()
    for paths in stream_paths(data):
        yield PathsCV(paths, None, None)
    cv = None
    for cv in stream_cv(data, folds, seed):
        if not cv.finished:
            yield PathsCV(paths, cv, None)
    best_alpha = float(data.alphas[cv.best("lasso")])
    if ("best", best_alpha) not in _cache:
        _cache["best", best_alpha] = lasso_at(data.X, data.y, best_alpha)
    yield PathsCV(paths, cv, _cache["best", best_alpha])


def run_paths(params: PathsParams) -> Iterator[PathsResult]:
    """Solutions at ``path_alpha``, paths, then the CV fold by fold; the last result is complete.

    Raises ``ValueError`` naming the parameter that is out of range.
    """
    validate(params, PATHS_FIELDS)
    at = coefs_at(params.path_alpha)
    for part in run_paths_cv(params.cv_folds, params.cv_seed):
        yield PathsResult(params, part.paths, at, part.cv, part.lasso_at_best)
