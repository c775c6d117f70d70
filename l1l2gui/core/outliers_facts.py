"""What a finished outlier run shows, in numbers the explanation quotes.

Kept apart from the drawing so every sentence of the Outliers tab's explanation
rests on a value computed here and checked by a test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .outliers import OutlierRun

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
    )
