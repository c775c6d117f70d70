"""Influence curve, 3×3 figure, linear fits and the claim over seeds against direct fits."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.optimize import linprog

from l1l2gui.core.influence import (
    compute_grid_figure,
    compute_influence,
    grid_positions,
    stream_influence,
    sweep_positions,
)
from l1l2gui.core.linear_fits import linear_fit
from l1l2gui.core.outliers import compute, fit_grid, single_fit, training_set
from l1l2gui.core.outliers_views import complete_views
from l1l2gui.core.seed_claim import CLAIM_POSITIONS, claim_positions, compute_seed_claim
from l1l2gui.core.tabs import tab_model

MODEL = tab_model("outliers")
SOURCE = MODEL.params(preset="stability-grid", values={"sweep_points": 5})


@pytest.mark.parametrize("family", ["boosting", "linear"])
def test_influence_at_each_position_equals_the_shift_computed_there(family: str) -> None:
    params = dataclasses.replace(SOURCE, model_family=family)
    curve = compute_influence(params)
    assert curve.finished
    assert curve.x.tolist() == np.linspace(*params.x_range, 5).tolist()
    for i, x in enumerate(curve.x):
        direct = compute(dataclasses.replace(params, outlier_x=float(x)))
        for loss in ("l1", "l2"):
            assert curve.shift[loss][i] == direct.shift(loss)


def test_influence_streams_left_to_right_with_nan_where_not_done() -> None:
    snapshots = list(stream_influence(SOURCE))
    done = [s.done for s in snapshots]
    assert done == sorted(done) and done[-1] == 5
    partial = next(s for s in snapshots if s.done == 2)
    assert np.isfinite(partial.shift["l1"][:2]).all() and np.isnan(partial.shift["l1"][2:]).all()


def test_grid_figure_matches_nine_direct_fits() -> None:
    figure = compute_grid_figure(SOURCE)
    assert figure.positions.tolist() == np.linspace(-3.0, 12.0, 9).tolist()
    X = fit_grid(SOURCE)[:, None]
    for loss in ("l1", "l2"):
        without = single_fit(SOURCE, loss, False).predict(X)
        np.testing.assert_array_equal(figure.without[loss], without)
        for i, x in enumerate(figure.positions):
            at = dataclasses.replace(SOURCE, outlier_x=float(x))
            np.testing.assert_array_equal(
                figure.with_fits[i][loss], single_fit(at, loss, True).predict(X)
            )


def test_linear_l1_is_least_absolute_deviation_and_l2_least_squares() -> None:
    params = dataclasses.replace(SOURCE, model_family="linear")
    X, y = training_set(params, True)
    # LAD as a linear programme: min Σ t_i with −t ≤ y − a − b x ≤ t
    n = y.size
    A = np.hstack([-np.ones((n, 1)), -X, -np.eye(n)])
    B = np.hstack([np.ones((n, 1)), X, -np.eye(n)])
    c = np.concatenate([[0, 0], np.ones(n)])
    lp = linprog(c, A_ub=np.vstack([A, B]), b_ub=np.concatenate([-y, y]),
                 bounds=[(None, None)] * 2 + [(0, None)] * n)  # fmt: skip
    l1 = linear_fit(params, "l1", True)
    assert np.sum(np.abs(y - l1.predict(X))) == pytest.approx(lp.fun, abs=1e-9)
    l2 = linear_fit(params, "l2", True)
    slope, intercept = np.polyfit(X[:, 0], y, 1)
    assert (l2.coef_[0], l2.intercept_) == pytest.approx((slope, intercept))


def test_linear_drag_run_draws_lines_and_the_l1_line_moves_less() -> None:
    run = compute(dataclasses.replace(SOURCE, model_family="linear"))
    assert run.finished
    for fit in run.fits.values():
        assert np.allclose(np.diff(fit.y, 2), 0, atol=1e-9)  # straight lines
    assert run.shift("l1") < run.shift("l2")


def test_claim_over_seeds_counts_direct_comparisons() -> None:
    params = dataclasses.replace(SOURCE, seeds_repeat=3)
    claim = compute_seed_claim(params)
    assert claim.finished and claim.seeds.tolist() == [0, 1, 2]
    positions = claim_positions(params)
    assert positions == {"left": -6.0, "middle": 4.5, "right": 15.0}
    for j, pos in enumerate(CLAIM_POSITIONS):
        wins = 0
        for r, seed in enumerate(claim.seeds):
            direct = compute(dataclasses.replace(params, seed=int(seed), outlier_x=positions[pos]))
            assert claim.shift["l1"][r, j] == direct.shift("l1")
            assert claim.shift["l2"][r, j] == direct.shift("l2")
            wins += direct.shift("l1") > direct.shift("l2") * (1 + 1e-3)
        assert claim.fraction(pos) == wins / 3


def test_claim_needs_a_seed() -> None:
    with pytest.raises(ValueError, match=r"^seeds_repeat=0"):
        compute_seed_claim(SOURCE)


def test_export_names_follow_the_issue() -> None:
    params = dataclasses.replace(SOURCE, seeds_repeat=1)
    views = complete_views(compute(params))
    series, metrics = MODEL.series(views), MODEL.metrics(views)
    assert series["influence/l1"][0].tolist() == sweep_positions(params).tolist()
    for i in range(9):
        for name in ("l1", "l2", "l1_without", "l2_without"):
            assert f"grid/{i}/fit/{name}" in series
    assert sorted(k for k in metrics if k.startswith("claim/")) == [
        f"claim/l1_shift_exceeds_l2_fraction/{p}" for p in ("left", "middle", "right")
    ]
    plain = MODEL.metrics(complete_views(compute(SOURCE)))
    assert not any(k.startswith("claim/") for k in plain)
    assert grid_positions(params).size == 9


def test_linear_claim_vectorized_l2_equals_each_seeds_own_fit() -> None:
    params = dataclasses.replace(SOURCE, model_family="linear", seeds_repeat=4)
    claim = compute_seed_claim(params)
    positions = claim_positions(params)
    for j, pos in enumerate(CLAIM_POSITIONS):
        for r, seed in enumerate(claim.seeds):
            direct = compute(dataclasses.replace(params, seed=int(seed), outlier_x=positions[pos]))
            assert claim.shift["l2"][r, j] == pytest.approx(direct.shift("l2"), rel=1e-9)
            assert claim.shift["l1"][r, j] == direct.shift("l1")
