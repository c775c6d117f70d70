"""The post's claim over many noise draws instead of one.

The post concludes "L1 changes more when the outlier is in the middle" from one
draw of the base noise. Here the same comparison (shift of L1 against shift of
L2) is repeated for ``seeds_repeat`` seeds ``seed, seed + 1, …`` at three outlier
x positions: the ends of the influence sweep (the plotted range's edges) and the
middle of the data. Shifts within :data:`TIE_RELATIVE` of each other are ties and
count for neither loss. Streamed one fit chunk at a time, so it can be cancelled;
with straight lines the L2 fits of all seeds are one least-squares solve.
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .influence import _complete, fit_steps, shift
from .outliers import CHUNK_SECONDS, OutlierParams, data_extent, fit_grid, validate_outliers
from .outliers_facts import TIE_RELATIVE

CLAIM_POSITIONS = ("left", "middle", "right")
CLAIM_LOSSES = ("l1", "l2")


def claim_positions(params: OutlierParams) -> dict[str, float]:
    """Outlier x of each claim position: the sweep's two ends and the data's middle."""
    lo, hi = params.x_range
    first, last, _ = data_extent(params)
    return {"left": lo, "middle": (first + last) / 2, "right": hi}


def l1_exceeds(l1: np.ndarray, l2: np.ndarray) -> np.ndarray:
    """Where L1's shift exceeds L2's by more than a tie (the facts' tie rule)."""
    return (l1 - l2) > TIE_RELATIVE * np.maximum(l1, l2) + 1e-12


@dataclass(frozen=True)
class SeedClaim:
    """Shifts of L1 and L2 per seed (rows) and position (columns ``CLAIM_POSITIONS``)."""

    params: OutlierParams
    positions: dict[str, float]
    seeds: np.ndarray
    shift: dict[str, np.ndarray]  # loss → (seeds_repeat, 3), NaN where not computed
    done: int  # seeds complete

    @property
    def finished(self) -> bool:
        return self.done == self.seeds.size

    def l1_wins(self, position: str) -> int:
        j = CLAIM_POSITIONS.index(position)
        l1, l2 = self.shift["l1"][: self.done, j], self.shift["l2"][: self.done, j]
        return int(np.count_nonzero(l1_exceeds(l1, l2)))

    def l2_wins(self, position: str) -> int:
        j = CLAIM_POSITIONS.index(position)
        l1, l2 = self.shift["l1"][: self.done, j], self.shift["l2"][: self.done, j]
        return int(np.count_nonzero(l1_exceeds(l2, l1)))

    def fraction(self, position: str) -> float:
        """Share of the completed seeds where L1's shift exceeds L2's (NaN before the first)."""
        return self.l1_wins(position) / self.done if self.done else float("nan")


def linear_l2_shifts(
    params: OutlierParams, seeds: np.ndarray, positions: dict[str, float]
) -> np.ndarray:
    """L2 line shifts for every seed and position at once, shape (seeds, 3).

    Least squares is linear in y: one ``lstsq`` with a column per seed fits every
    draw's line (the x are the same for every seed), so the L2 half of the linear
    claim is vectorized; the L1 lines (a linear programme each) are not.
    """
    grid = fit_grid(params)
    x = np.arange(params.n_points) * params.x_step
    noise = np.stack([np.random.default_rng(int(s)).uniform(-1.0, 1.0, x.size) for s in seeds])
    Y = (params.slope * x + params.intercept + params.noise * noise).T  # (n, seeds)
    design = np.column_stack([np.ones_like(x), x])
    on_grid = np.column_stack([np.ones_like(grid), grid])
    without = on_grid @ np.linalg.lstsq(design, Y, rcond=None)[0]
    out = np.empty((seeds.size, len(CLAIM_POSITIONS)))
    for j, name in enumerate(CLAIM_POSITIONS):
        ox = positions[name]
        design_o = np.vstack([design, [1.0, ox]])
        Y_o = np.vstack([Y, np.full((1, seeds.size), params.outlier_y)])
        with_o = on_grid @ np.linalg.lstsq(design_o, Y_o, rcond=None)[0]
        out[:, j] = np.mean(np.abs(with_o - without), axis=0)
    return out


def stream_seed_claim(
    params: OutlierParams, chunk_seconds: float = CHUNK_SECONDS
) -> Iterator[SeedClaim]:
    """Shifts over ``seeds_repeat`` seeds, yielding a snapshot after every chunk of trees.

    Raises ``ValueError`` for out-of-range parameters or ``seeds_repeat`` = 0.
    """
    validate_outliers(params)
    if params.seeds_repeat < 1:
        raise ValueError("seeds_repeat=0: choose at least 1 seed for the claim over seeds")
    positions = claim_positions(params)
    seeds = params.seed + np.arange(params.seeds_repeat)
    values = {loss: np.full((seeds.size, 3), np.nan) for loss in CLAIM_LOSSES}
    grid = fit_grid(params)  # the grid depends on the x values only, the same for every seed
    losses = CLAIM_LOSSES
    if params.model_family == "linear":
        values["l2"][:] = linear_l2_shifts(params, seeds, positions)  # all seeds at once
        losses = ("l1",)

    def snapshot(done: int) -> SeedClaim:
        return SeedClaim(params, positions, seeds, {k: v.copy() for k, v in values.items()}, done)

    for r, seed in enumerate(seeds):
        drawn = dataclasses.replace(params, seed=int(seed), losses=CLAIM_LOSSES)
        for loss in losses:
            without = None
            for fit in _complete(fit_steps(drawn, loss, False, grid, chunk_seconds)):
                if fit is None:
                    yield snapshot(r)
                else:
                    without = fit.y
            for j, name in enumerate(CLAIM_POSITIONS):
                at = dataclasses.replace(drawn, outlier_x=float(positions[name]))
                for fit in _complete(fit_steps(at, loss, True, grid, chunk_seconds)):
                    if fit is None:
                        yield snapshot(r)
                    else:
                        values[loss][r, j] = shift(fit.y, without)
        yield snapshot(r + 1)


def compute_seed_claim(params: OutlierParams) -> SeedClaim:
    return deque(stream_seed_claim(params), maxlen=1)[0]
