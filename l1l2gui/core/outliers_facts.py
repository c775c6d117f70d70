"""What a finished outlier run shows, in numbers the explanation quotes.

Kept apart from the drawing so every sentence of the Outliers tab's explanation
rests on a value computed here and checked by a test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .outliers import OutlierRun, training_set

# Shifts within 0.1 % of each other are reported as equal rather than ranked: with many
# trees both fits interpolate the data and their shifts differ only in the 8th digit.
TIE_RELATIVE = 1e-3


@dataclass(frozen=True)
class OutlierFacts:
    """Numbers and verdicts about one complete run."""

    shift: dict[str, float]  # loss → mean |with − without| over the grid
    residual: dict[str, float]  # fit name → outlier_y − fit(outlier_x)
    start: dict[str, float]  # fit name → the constant its trees start from
    levels: dict[str, int]  # fit name → distinct values the fit takes on the grid
    ends: dict[str, tuple[float, float]]  # fit name → its values at the two grid ends
    x_ends: tuple[float, float]
    position: str  # "inside", "left" or "right" of the base points' x range
    above_line: bool  # the outlier is above y = slope·x + intercept
    distance: float  # outlier_y − (slope·outlier_x + intercept)
    more_shifted: str  # "l1", "l2" or "tie"
    same_as_l1: tuple[str, ...] = ()  # other losses whose fits equal L1's on the whole grid

    @property
    def post_claim_holds(self) -> bool:
        """The post: the L1 fit changes more than the L2 fit when the outlier is added."""
        return self.more_shifted == "l1"


def outlier_facts(run: OutlierRun) -> OutlierFacts:
    """The facts of ``run``, which must be finished (raises ``ValueError`` otherwise)."""
    if not run.finished:
        raise ValueError("the run is still growing its fits")
    p = run.params
    shift = {loss: run.shift(loss) for loss in p.losses}
    residual = {name: run.residual(name) for name in run.fits}
    start = {name: fit.init for name, fit in run.fits.items()}
    levels = {name: int(np.unique(fit.y).size) for name, fit in run.fits.items()}
    ends = {name: (float(fit.y[0]), float(fit.y[-1])) for name, fit in run.fits.items()}
    first, last = float(run.x[0]), float(run.x[-1])
    if p.outlier_x < first:
        position = "left"
    elif p.outlier_x > last:
        position = "right"
    else:
        position = "inside"
    distance = p.outlier_y - (p.slope * p.outlier_x + p.intercept)
    same = tuple(
        loss
        for loss in p.losses
        if loss not in ("l1", "l2")
        and all(np.array_equal(run.fits[n].y, run.fits[n.replace(loss, "l1")].y)
                for n in (loss, f"{loss}_without"))
    )  # fmt: skip
    s1, s2 = shift["l1"], shift["l2"]
    if abs(s1 - s2) <= TIE_RELATIVE * max(s1, s2) + 1e-12:
        more = "tie"
    else:
        more = "l1" if s1 > s2 else "l2"
    return OutlierFacts(
        shift=shift,
        residual=residual,
        start=start,
        levels=levels,
        ends=ends,
        x_ends=(float(run.grid[0]), float(run.grid[-1])),
        position=position,
        above_line=distance > 0,
        distance=float(distance),
        more_shifted=more,
        same_as_l1=same,
    )


@dataclass(frozen=True)
class LineFacts:
    """The straight-line fits (model family ``linear``) in the numbers the explanation quotes."""

    slope: dict[str, float]  # fit name → slope
    at_outlier: dict[str, float]  # fit name → the line's value at the outlier's x
    l1_through: tuple[float, ...]  # x of the points (outlier included) the L1 line passes through
    l1_through_outlier: bool  # the L1 line with the outlier passes through the outlier


def line_facts(run: OutlierRun, rtol: float = 1e-7) -> LineFacts:
    """Slopes, values at the outlier, and the points the L1 line (with the outlier) touches.

    A point lies on the line when its residual is within ``rtol`` of the y spread
    (the LP solver's tolerance, not exact arithmetic).
    """
    if run.params.model_family != "linear" or not run.finished:
        raise ValueError("line facts need a finished run of the linear family")
    slope = {n: float(np.ravel(f.model.coef_)[0]) for n, f in run.fits.items()}
    at = {n: run.params.outlier_y - run.residual(n) for n in run.fits}
    x = np.append(run.x, run.params.outlier_x)
    y = np.append(run.y, run.params.outlier_y)
    line = run.fits["l1"].model.predict(x[:, None])
    scale = max(float(np.ptp(y)), float(np.max(np.abs(y))), 1.0)
    on = np.abs(y - line) <= rtol * scale
    return LineFacts(
        slope=slope,
        at_outlier=at,
        l1_through=tuple(float(v) for v in x[on]),
        l1_through_outlier=bool(on[-1]),
    )


def trees_change_fits(run: OutlierRun, n_estimators: int, rtol: float = 1e-9) -> bool:
    """Whether refitting ``run`` with ``n_estimators`` trees would change a fit visibly.

    Fewer trees: a fit is a prefix of the ensemble on screen, so its staged prediction
    tells exactly. More trees: a fit changes only if it still has residuals to fit
    (once every training point is matched, each new tree adds zero). "Visibly" is a
    change above ``rtol`` of the fits' range.
    """
    if run.params.model_family != "boosting" or not run.finished:
        raise ValueError("trees_change_fits needs a finished run of boosted trees")
    ys = np.concatenate([f.y for f in run.fits.values()])
    tol = rtol * max(float(np.ptp(ys)), float(np.max(np.abs(ys))), 1.0)
    grid = run.grid[:, None]
    for fit in run.fits.values():
        model = fit.model
        if n_estimators < fit.total:
            for i, staged in enumerate(model.staged_predict(grid), start=1):
                if i == n_estimators:
                    if np.max(np.abs(staged - fit.y)) > tol:
                        return True
                    break
        else:
            X, y = training_set(run.params, fit.with_outlier)
            if np.max(np.abs(model.predict(X) - y)) > tol:
                return True
    return False
