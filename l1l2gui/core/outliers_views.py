"""The Outliers tab's views together: the drag run, influence curve, 3×3 figure, seeds claim.

An export holds whichever views are complete; the CLI computes them all
(:func:`complete_views`). Series and metric names are the tab's public contract.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .influence import GridFigure, InfluenceCurve, compute_grid_figure, compute_influence
from .outliers import OutlierParams, OutlierRun
from .seed_claim import CLAIM_POSITIONS, SeedClaim, compute_seed_claim

VIEWS = ("drag", "grid", "seeds")  # the drag view holds the influence curve under the fits


@dataclass(frozen=True)
class OutlierViews:
    """A complete drag run and the complete views computed for its parameters (or None)."""

    run: OutlierRun
    influence: InfluenceCurve | None = None
    grid: GridFigure | None = None
    claim: SeedClaim | None = None

    @property
    def params(self) -> OutlierParams:
        return self.run.params


def as_views(result: OutlierRun | OutlierViews) -> OutlierViews:
    return result if isinstance(result, OutlierViews) else OutlierViews(result)


def complete_views(run: OutlierRun) -> OutlierViews:
    """``run`` with its influence curve, 3×3 figure and (if ``seeds_repeat`` > 0) seeds claim."""
    p = run.params
    claim = compute_seed_claim(p) if p.seeds_repeat > 0 else None
    return OutlierViews(run, compute_influence(p), compute_grid_figure(p), claim)


def views_series(views: OutlierViews) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """``influence/<loss>`` (x = outlier x) and ``grid/<i>/fit/<loss>[_without]``."""
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    if views.influence is not None:
        for loss, values in views.influence.shift.items():
            out[f"influence/{loss}"] = (views.influence.x, values)
    if views.grid is not None:
        g = views.grid
        for i, panel in enumerate(g.with_fits):
            for loss, y in panel.items():
                out[f"grid/{i}/fit/{loss}"] = (g.grid, y)
            for loss, y in g.without.items():
                out[f"grid/{i}/fit/{loss}_without"] = (g.grid, y)
    return out


def views_metrics(views: OutlierViews) -> dict[str, float]:
    """``claim/l1_shift_exceeds_l2_fraction/<position>`` when the seeds claim is computed."""
    if views.claim is None:
        return {}
    return {
        f"claim/l1_shift_exceeds_l2_fraction/{pos}": views.claim.fraction(pos)
        for pos in CLAIM_POSITIONS
    }
