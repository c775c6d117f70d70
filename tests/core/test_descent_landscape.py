"""The loss landscape: summed losses, gradients, range and the per-step batch curve."""

from __future__ import annotations

import numpy as np
import pytest

from l1l2gui.core.descent import TrainingParams, batch_order, train, training_targets
from l1l2gui.core.descent_landscape import (
    landscape,
    landscape_range,
    step_landscape,
    summed_gradient,
    summed_loss,
)

NO_NOISE = TrainingParams(
    n_samples=3, batch_size=1, epochs=2, kinds=("signed_l1", "abs_l1", "l2", "huber")
)


@pytest.mark.parametrize(
    ("kind", "at_zero", "slope_at_zero"),
    # y_i = 2 for all three samples, w = 0: residuals −2 each
    [("signed_l1", -6.0, 6.0), ("abs_l1", 6.0, -6.0), ("l2", 12.0, -24.0), ("huber", 4.5, -6.0)],
)
def test_hand_computed_values_at_w_zero(kind, at_zero, slope_at_zero):
    y = training_targets(NO_NOISE)
    assert summed_loss(kind, np.array([0.0]), NO_NOISE, y)[0] == pytest.approx(at_zero)
    assert summed_gradient(kind, 0.0, NO_NOISE, y) == pytest.approx(slope_at_zero)


def test_shapes_of_the_four_curves():
    params = TrainingParams(
        n_samples=4, noise_sigma=3.0, seed=5, kinds=("signed_l1", "abs_l1", "l2", "huber")
    )
    y = training_targets(params)
    q = np.sort(y / params.x_value)
    # abs L1: flat over the median interval (even N), rising outside it
    inside = np.linspace(q[1], q[2], 7)
    flat = summed_loss("abs_l1", inside, params, y)
    assert np.ptp(flat) < 1e-9 * flat[0]
    assert summed_loss("abs_l1", np.array([q[1] - 0.1]), params, y)[0] > flat[0]
    assert summed_loss("abs_l1", np.array([q[2] + 0.1]), params, y)[0] > flat[0]
    # L2: a parabola with its bottom at mean(y)/x (brute force on a fine grid)
    grid = np.linspace(q[0], q[-1], 20001)
    l2 = summed_loss("l2", grid, params, y)
    assert grid[np.argmin(l2)] == pytest.approx(y.mean() / params.x_value, abs=1e-3)
    assert np.allclose(np.diff(l2, 2), np.diff(l2, 2)[0])  # constant second difference
    # signed L1: a line falling as w falls, slope x·N
    signed = summed_loss("signed_l1", grid, params, y)
    assert np.allclose(np.diff(signed) / np.diff(grid), params.x_value * params.n_samples)
    # Huber lies between: never above L2/2, never above δ·abs L1
    huber = summed_loss("huber", grid, params, y)
    assert np.all(huber <= 0.5 * l2 + 1e-9)
    assert np.all(huber <= params.huber_delta * summed_loss("abs_l1", grid, params, y) + 1e-9)


def test_range_covers_the_run_and_the_data():
    params = TrainingParams(noise_sigma=1.0, epochs=5)
    run = train(params)
    lo, hi = landscape_range(params, run)
    y = training_targets(params)
    for trace in run.traces.values():
        assert lo < trace.w.min() and trace.w.max() < hi
    assert lo < y.min() / params.x_value and y.max() / params.x_value < hi
    assert lo < params.true_w < hi


def test_a_diverged_run_does_not_set_the_range():
    params = TrainingParams(lr=1.0, epochs=50, kinds=("abs_l1", "l2"))
    run = train(params)
    assert run.traces["l2"].diverged_at is not None
    lo, hi = landscape_range(params, run)
    assert hi - lo < 100


def test_step_landscape_uses_the_steps_batch():
    params = TrainingParams(
        n_samples=4, batch_size=2, noise_sigma=2.0, epochs=3, kinds=("abs_l1", "l2")
    )
    run = train(params)
    ls = landscape(params, run)
    y, order = training_targets(params), batch_order(params)
    sl = step_landscape(ls, run, 3)  # epoch 1, second batch: positions 6, 7
    yb = y[order[6:8]]
    assert np.array_equal(ls.batch_targets(3), yb)
    for kind in ("abs_l1", "l2"):
        wk = float(run.traces[kind].w[3])
        assert sl.w[kind] == wk
        assert sl.loss[kind] == pytest.approx(summed_loss(kind, np.array([wk]), params, y)[0])
        assert sl.slope[kind] == pytest.approx(summed_gradient(kind, wk, params, y))
        expect = summed_loss(kind, ls.batch_grid, params, yb)
        assert np.allclose(sl.batch[kind], expect)
    # the step taken is lr times the batch gradient at w_k
    wk = float(run.traces["l2"].w[3])
    step = run.traces["l2"].w[4] - wk
    assert step == pytest.approx(-params.lr * summed_gradient("l2", wk, params, yb))
    assert step_landscape(ls, run, params.steps).batch == {}  # no step after the last
    assert np.allclose(ls.totals["l2"], summed_loss("l2", ls.grid, params, y))


def _direct(kind: str, w: float, params, y) -> float:
    """Σ_i loss(w·x − y_i), one sample at a time in plain Python."""
    total = 0.0
    for yi in y:
        r = w * params.x_value - float(yi)
        if kind == "signed_l1":
            total += r
        elif kind == "abs_l1":
            total += abs(r)
        elif kind == "l2":
            total += r * r
        else:
            d = params.huber_delta
            total += 0.5 * r * r if abs(r) <= d else d * (abs(r) - 0.5 * d)
    return total


@pytest.mark.parametrize("kind", ["signed_l1", "abs_l1", "l2", "huber"])
def test_landscape_totals_equal_a_direct_sum(kind):
    params = TrainingParams(
        x_value=1.5, n_samples=7, noise_sigma=2.0, seed=3, huber_delta=0.7, kinds=(kind,)
    )
    run = train(params)
    ls = landscape(params, run)
    y = training_targets(params)
    picks = np.linspace(0, ls.grid.size - 1, 25).astype(int)
    for i in picks:
        assert ls.totals[kind][i] == pytest.approx(_direct(kind, ls.grid[i], params, y), rel=1e-12)


@pytest.mark.parametrize("n", [4, 10, 20])
def test_abs_l1_flat_bottom_is_exactly_the_median_interval(n):
    params = TrainingParams(n_samples=n, noise_sigma=3.0, seed=11, kinds=("abs_l1",))
    y = training_targets(params)
    q = np.sort(y / params.x_value)
    lo, hi = q[n // 2 - 1], q[n // 2]  # the two middle y_i/x
    assert hi - lo > 1e-3
    bottom = summed_loss("abs_l1", np.array([lo]), params, y)[0]
    inside = summed_loss("abs_l1", np.linspace(lo, hi, 11), params, y)
    assert np.allclose(inside, bottom, rtol=1e-12)
    # just outside either end the sum rises with slope 2x (one residual changes sign)
    eps = 1e-6 * (hi - lo)
    for w in (lo - eps, hi + eps):
        rise = summed_loss("abs_l1", np.array([w]), params, y)[0] - bottom
        assert rise == pytest.approx(2 * params.x_value * eps, rel=1e-3)
    # and the gradient is 0 strictly inside, ±2x just outside
    assert summed_gradient("abs_l1", 0.5 * (lo + hi), params, y) == 0
    assert summed_gradient("abs_l1", lo - eps, params, y) == -2 * params.x_value
    assert summed_gradient("abs_l1", hi + eps, params, y) == 2 * params.x_value
    # the minimum over a fine grid is reached only within [lo, hi]
    ls = landscape(params)
    fine = np.linspace(ls.grid[0], ls.grid[-1], 200_001)
    totals = summed_loss("abs_l1", fine, params, y)
    at_min = fine[totals <= bottom * (1 + 1e-12)]
    assert at_min.min() >= lo - 1e-9 and at_min.max() <= hi + 1e-9


def test_abs_l1_with_odd_n_bottoms_at_the_median_only():
    params = TrainingParams(n_samples=5, batch_size=1, noise_sigma=3.0, seed=2, kinds=("abs_l1",))
    y = training_targets(params)
    median = float(np.median(y / params.x_value))
    bottom = summed_loss("abs_l1", np.array([median]), params, y)[0]
    for w in (median - 1e-4, median + 1e-4):
        assert summed_loss("abs_l1", np.array([w]), params, y)[0] > bottom


@pytest.mark.parametrize(("n", "epochs", "seed"), [(20, 7, 0), (5, 30, 9), (1, 3, 4)])
def test_batch_order_is_one_permutation_per_epoch_from_the_seed(n, epochs, seed):
    params = TrainingParams(n_samples=n, batch_size=1, epochs=epochs, seed=seed)
    rng = np.random.default_rng(seed)
    rng.standard_normal(n)
    expect = np.concatenate([rng.permutation(n) for _ in range(epochs)])
    assert np.array_equal(batch_order(params), expect)
