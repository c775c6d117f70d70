"""What the step-by-step view draws, reduced from a walkthrough in the worker.

The GUI thread only hands these arrays to its plot items: each method's distinct
iterates with J at them (a converged or chattering run repeats a few values
hundreds of times), the w-per-step lines, and axis ranges on round steps, so a
new result nearby leaves the axes (and their cached pictures) as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .walkthrough import METHODS, Walkthrough, nice_range

MARKERS_MAX = 60  # fewer steps than this: w per step drawn with markers as well as the line
SAME_W = 1e-6  # iterates closer than this fraction of the w range share one marker on J(w)


@dataclass(frozen=True)
class WalkthroughDisplay:
    """Plot-ready arrays and ranges of one :class:`~.walkthrough.Walkthrough`."""

    marks: dict[str, tuple[np.ndarray, np.ndarray]]  # distinct finite w, J(w) (L2's on λw²)
    lines: dict[str, tuple[np.ndarray, np.ndarray]]  # step, w after it (finite only)
    w_axis: tuple[float, float]  # J plot: the grid's ends
    j_axis: tuple[float, float]  # J plot: 0 … the 90th percentile of J, rounded up
    step_axis: tuple[float, float]  # w-per-step plot: 0 … steps
    w_per_step_axis: tuple[float, float]  # w-per-step plot: every finite w and 0, rounded out
    markers: bool  # draw the w-per-step lines with markers


def distinct(w: np.ndarray, tol: float) -> np.ndarray:
    """The finite values of ``w`` (sorted), one per bin ``tol`` wide: every value is
    within ``tol`` of one returned, so no marker is drawn many times at one spot."""
    w = np.sort(w[np.isfinite(w)])
    with np.errstate(over="ignore"):  # a diverging run's huge w: its own bin
        bins = np.floor(w / tol)
    keep = np.ones(w.size, dtype=bool)
    keep[1:] = bins[1:] != bins[:-1]
    return w[keep]


def walkthrough_display(walk: Walkthrough) -> WalkthroughDisplay:
    """The arrays and ranges the step-by-step view draws for ``walk``."""
    grid = walk.grid
    tol = SAME_W * float(grid[-1] - grid[0])
    steps = np.arange(walk.params.steps + 1)
    marks, lines = {}, {}
    finite_w = [np.zeros(1)]
    for m in METHODS:
        w = walk.traces[m].w
        ok = np.isfinite(w)
        lines[m] = (steps[ok], w[ok])
        finite_w.append(w[ok])
        at = distinct(w, tol)
        marks[m] = (at, walk.objective_at(at, "l2" if m == "l2" else "l1"))
    j = walk.objective_l1[np.isfinite(walk.objective_l1)]
    top = float(np.percentile(j, 90)) if j.size else 1.0
    j_axis = nice_range(0.0, max(top, 1e-9))
    every = np.concatenate(finite_w)
    return WalkthroughDisplay(
        marks,
        lines,
        (float(grid[0]), float(grid[-1])),
        (0.0, j_axis[1]),
        (0.0, float(walk.params.steps)),
        nice_range(float(every.min()), float(every.max())),
        walk.params.steps < MARKERS_MAX,
    )
