"""What the step-by-step view draws: distinct iterates on J, round axis ranges."""

from __future__ import annotations

import numpy as np
import pytest

from l1l2gui.core.walkthrough import (
    METHODS,
    WalkthroughParams,
    nice_range,
    nice_step,
    objective,
    walkthrough,
)
from l1l2gui.core.walkthrough_display import MARKERS_MAX, distinct, walkthrough_display

LONG = WalkthroughParams(steps=500)


def test_nice_step_and_range_by_hand():
    assert nice_step(1.0) == 0.1 and nice_step(2.0) == 0.2 and nice_step(4.0) == 0.5
    assert nice_step(7.0) == 1.0 and nice_step(10.0) == 1.0
    assert nice_range(-0.37, 2.43) == pytest.approx((-0.5, 2.5))  # step 0.5 for a span 2.8
    assert nice_range(0.0, 1.0) == (0.0, 1.0)  # already round: unchanged
    assert nice_range(0.37, 0.37) == pytest.approx((-0.2, 0.9))  # ±0.5, then step 0.1
    lo, hi = nice_range(-1e6, 1e6)
    assert (lo, hi) == (-1e6, 1e6)


def test_distinct_drops_repeats_and_non_finite():
    w = np.array([0.1234, 0.0, 0.1234, 0.1234 + 1e-9, np.inf, -0.25, np.nan, 0.0])
    np.testing.assert_array_equal(distinct(w, 1e-3), [-0.25, 0.0, 0.1234])
    assert distinct(np.array([np.inf]), 1e-9).size == 0
    # a slowly converging run is not chained into one mark: each tol-wide bin keeps one
    creep = 1.0 - 0.5 ** np.arange(30)
    kept = distinct(creep, 1e-3)
    assert np.abs(creep[:, None] - kept[None, :]).min(axis=1).max() < 1e-3
    assert kept.size == np.unique(np.floor(creep / 1e-3)).size
    assert distinct(np.array([1e308, -1e308, 1.0]), 1e-300).size == 3


def test_marks_are_every_finite_iterate_on_its_own_objective():
    walk = walkthrough(LONG)
    shown = walkthrough_display(walk)
    tol = 1e-6 * (walk.grid[-1] - walk.grid[0])
    for m in METHODS:
        w, j = shown.marks[m]
        np.testing.assert_allclose(j, objective(w, LONG, "l2" if m == "l2" else "l1"))
        it = walk.traces[m].w
        # every iterate has a mark within the tolerance; no two marks share a spot
        assert np.abs(it[:, None] - w[None, :]).min(axis=1).max() <= tol
        assert np.all(np.diff(w) > 0)
        assert w.size < it.size  # 501 iterates, far fewer distinct ones (convergence, chatter)
        steps, line = shown.lines[m]
        np.testing.assert_array_equal(steps, np.arange(501))
        np.testing.assert_array_equal(line, it)


def test_ranges_hold_the_data_and_stay_put_nearby():
    walk = walkthrough(LONG)
    shown = walkthrough_display(walk)
    lo, hi = shown.w_per_step_axis
    every = np.concatenate([walk.traces[m].w for m in METHODS])
    assert lo <= min(every.min(), 0.0) and max(every.max(), 0.0) <= hi
    assert shown.w_axis == (walk.grid[0], walk.grid[-1])
    assert walk.grid[0] <= every.min() and every.max() <= walk.grid[-1]
    top = np.percentile(walk.objective_l1, 90)
    assert shown.j_axis[0] == 0.0 and top <= shown.j_axis[1] < 2 * top
    assert shown.step_axis == (0.0, 500.0) and not shown.markers
    # a start 0.01 away: the same axes (their pictures are reused)
    near = walkthrough_display(walkthrough(WalkthroughParams(steps=500, w0=-0.11)))
    assert (near.w_axis, near.j_axis, near.w_per_step_axis) == (
        shown.w_axis,
        shown.j_axis,
        shown.w_per_step_axis,
    )


def test_markers_for_short_runs_and_diverged_iterates_left_out():
    assert walkthrough_display(walkthrough(WalkthroughParams(steps=MARKERS_MAX - 1))).markers
    walk = walkthrough(WalkthroughParams(x=5, y=10, alpha=2.0, steps=500))
    shown = walkthrough_display(walk)
    w, _ = shown.marks["subgradient"]
    assert np.all(np.isfinite(w)) and np.all(np.isfinite(shown.lines["subgradient"][1]))
    assert np.all(np.isfinite(shown.w_per_step_axis))
