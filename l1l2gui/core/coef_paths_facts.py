"""Facts the coefficient-paths explanation states, computed from the paths and the CV.

Entries are read off the grid, so two features that enter between the same two grid
points enter "together at this grid's resolution"; a lasso coefficient can also return
to 0 as α decreases (the path is not monotone), and the CV's best α is a sharp choice
only when the error curve is not flat around it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .coef_paths import CrossValidation, Paths

NEAR_EDGE = 3  # a best α among the grid's first or last 3 points is "near the end"


@dataclass(frozen=True)
class Entry:
    """Features that become non-zero at the same grid α (decreasing α)."""

    names: tuple[str, ...]
    index: int  # the first grid index where they are non-zero
    alpha: float


@dataclass(frozen=True)
class Exit:
    """A feature whose lasso coefficient returns to exactly 0 as α decreases."""

    name: str
    index: int  # the first grid index where it is 0 again
    alpha: float
    back_index: int | None  # where it is non-zero again (None: not within the grid)
    back_alpha: float | None
    count_before: int  # non-zero features just before it leaves, and at that index
    count_after: int


def entries(paths: Paths) -> list[Entry]:
    """First entries in order of decreasing α, features entering at one grid index grouped.

    Only the part of the path computed so far (``paths.done``) counts.
    """
    by_index: dict[int, list[str]] = {}
    for i, name in enumerate(paths.data.names):
        nz = np.flatnonzero(paths.lasso[i, : paths.done] != 0.0)
        if nz.size:
            by_index.setdefault(int(nz[0]), []).append(name)
    alphas = paths.data.alphas
    return [Entry(tuple(by_index[k]), k, float(alphas[k])) for k in sorted(by_index)]


def exits(paths: Paths) -> list[Exit]:
    """Every time a coefficient that has entered goes back to 0, with its return if any."""
    alphas, done = paths.data.alphas, paths.done
    count = paths.nonzero
    out = []
    for i, name in enumerate(paths.data.names):
        on = paths.lasso[i, :done] != 0.0
        for k in np.flatnonzero(on[:-1] & ~on[1:]) + 1:
            back = np.flatnonzero(on[k:])
            b = int(k + back[0]) if back.size else None
            out.append(
                Exit(
                    name,
                    int(k),
                    float(alphas[k]),
                    b,
                    float(alphas[b]) if b is not None else None,
                    int(count[k - 1]),
                    int(count[k]),
                )
            )
    return sorted(out, key=lambda e: e.index)


def cv_standard_error(cv: CrossValidation, penalty: str) -> np.ndarray:
    """Standard error of the mean held-out error over the folds (NaN with fewer than 2)."""
    mse = (cv.mse_lasso if penalty == "lasso" else cv.mse_ridge)[: cv.done]
    if cv.done < 2:
        return np.full(mse.shape[1], np.nan)
    return mse.std(axis=0, ddof=1) / np.sqrt(cv.done)


@dataclass(frozen=True)
class Flatness:
    """How sharp the CV's best α is: the grid points within one standard error of the best."""

    best: int
    se: float  # at the best α
    within: np.ndarray  # grid indices whose mean error ≤ best + se
    contiguous: bool
    near_edge: str | None  # "large" or "small" end of the grid, or None

    @property
    def flat(self) -> bool:
        """More than the best point alone lies within one standard error."""
        return self.within.size > 1


def flatness(cv: CrossValidation, penalty: str) -> Flatness:
    """The best α of ``penalty``, its standard error and the α within one SE of it."""
    mean = cv.mean(penalty)
    best = cv.best(penalty)
    se = float(cv_standard_error(cv, penalty)[best])
    within = np.flatnonzero(mean <= mean[best] + se) if np.isfinite(se) else np.array([best])
    contiguous = bool(within.size and within[-1] - within[0] + 1 == within.size)
    k = mean.size
    edge = "large" if best < NEAR_EDGE else "small" if best >= k - NEAR_EDGE else None
    return Flatness(best, se, within, contiguous, edge)
