"""Diabetes paths: the lasso against scikit-learn at a tight tolerance, the ridge exact, the CV."""

from __future__ import annotations

import numpy as np
import pytest

from l1l2gui.core import coef_paths
from l1l2gui.core.coef_paths import (
    EPS,
    TOL,
    PathsParams,
    fold_indices,
    lasso_at,
    lasso_chunks,
    load_data,
    ridge_path,
    run_paths,
)


@pytest.fixture(scope="module")
def final():
    return list(run_paths(PathsParams()))[-1]


def test_data_is_standardized_and_named():
    data = load_data()
    assert data.X.shape == (442, 10) and data.names[2] == "bmi"
    np.testing.assert_allclose(data.X.mean(0), 0, atol=1e-12)
    np.testing.assert_allclose(data.X.std(0), 1)
    assert abs(data.y.mean()) < 1e-10


def test_grid_and_chunked_path_equal_one_lasso_path_call():
    from sklearn.linear_model import lasso_path

    data = load_data()
    alphas, coefs, _ = lasso_path(data.X, data.y, alphas=100, eps=EPS, tol=TOL, max_iter=100_000)
    np.testing.assert_allclose(data.alphas, alphas, rtol=1e-12)
    ours = np.concatenate([c for _, c in lasso_chunks(data.X, data.y, data.alphas)], axis=1)
    np.testing.assert_allclose(ours, coefs, atol=1e-7)


@pytest.mark.parametrize("k", [0, 20, 55, 99])
def test_lasso_path_against_a_tight_lasso_fit(final, k):
    from sklearn.linear_model import Lasso

    data = load_data()
    alpha = data.alphas[k]
    fit = Lasso(alpha=alpha, fit_intercept=False, tol=1e-14, max_iter=1_000_000).fit(data.X, data.y)
    np.testing.assert_allclose(final.paths.lasso[:, k], fit.coef_, atol=1e-6)
    assert np.array_equal(final.paths.lasso[:, k] != 0, fit.coef_ != 0)


def test_default_tolerance_is_visibly_loose():
    """Why TOL is passed: lasso_path's default tol leaves a coefficient off by > 1e-3."""
    from sklearn.linear_model import lasso_path

    data = load_data()
    _, loose, _ = lasso_path(data.X, data.y, alphas=data.alphas[-5:])
    _, tight, _ = lasso_path(data.X, data.y, alphas=data.alphas[-5:], tol=TOL, max_iter=100_000)
    assert np.abs(loose - tight).max() > 1e-3


def test_ridge_path_is_sklearn_ridge_with_n_alpha():
    from sklearn.linear_model import Ridge

    data = load_data()
    n = data.X.shape[0]
    path = ridge_path(data.X, data.y, data.alphas[[0, 50, 99]])
    for j, alpha in enumerate(data.alphas[[0, 50, 99]]):
        fit = Ridge(alpha=n * alpha, fit_intercept=False, solver="cholesky").fit(data.X, data.y)
        np.testing.assert_allclose(path[:, j], fit.coef_, rtol=1e-9, atol=1e-9)


def test_lasso_at_one_alpha_and_nonzero(final):
    data = load_data()
    assert np.count_nonzero(lasso_at(data.X, data.y, data.alphas[0] * 1.01)) == 0
    assert np.count_nonzero(final.paths.lasso[:, 0]) == 0  # α_max: every weight 0
    assert final.paths.nonzero[-1] == 10
    np.testing.assert_allclose(final.at.ridge, ridge_path(data.X, data.y, [1.0])[:, 0])
    assert final.at.nonzero == np.count_nonzero(lasso_at(data.X, data.y, 1.0))


def test_cv_against_lasso_cv_and_ridge_cv(final):
    from sklearn.linear_model import LassoCV, Ridge
    from sklearn.model_selection import KFold

    data = load_data()
    cv = KFold(5, shuffle=True, random_state=0)
    lcv = LassoCV(alphas=data.alphas, cv=cv, tol=TOL, max_iter=100_000).fit(data.X, data.y)
    np.testing.assert_allclose(final.cv.mean("lasso"), lcv.mse_path_.mean(1), rtol=1e-6)
    assert data.alphas[final.cv.best("lasso")] == pytest.approx(lcv.alpha_)
    # ridge on a fold is the same objective as the lasso's there: (1/2m)‖r‖² with m the fold's
    # size, so sklearn's Ridge(alpha = m·α) per fold (RidgeCV has one alpha for all folds)
    curve = np.zeros(len(data.alphas))
    for train, test in cv.split(data.X):
        m = len(train)
        for k, alpha in enumerate(data.alphas):
            fit = Ridge(alpha=m * alpha, solver="cholesky").fit(data.X[train], data.y[train])
            curve[k] += np.mean((data.y[test] - fit.predict(data.X[test])) ** 2) / 5
    np.testing.assert_allclose(final.cv.mean("ridge"), curve, rtol=1e-9)
    assert final.cv.best("ridge") == int(np.argmin(curve))
    # the best ridge α lies inside the grid, not at its end
    assert 0 < final.cv.best("ridge") < len(data.alphas) - 1
    assert np.count_nonzero(final.lasso_at_best) == np.count_nonzero(lcv.coef_)


def test_folds_are_seeded_and_partition():
    a, b = fold_indices(442, 5, 3), fold_indices(442, 5, 3)
    assert all(np.array_equal(x[1], y[1]) for x, y in zip(a, b, strict=True))
    assert sorted(np.concatenate([t for _, t in a]).tolist()) == list(range(442))
    assert not np.array_equal(a[0][1], fold_indices(442, 5, 4)[0][1])


def test_stream_is_complete_at_its_end_and_cached(final):
    assert final.finished and final.cv.done == 5
    again = list(run_paths(PathsParams(path_alpha=3.0)))
    assert len(again) == 2 and again[-1].finished  # paths and folds come from the cache
    assert np.array_equal(again[-1].cv.mse_lasso, final.cv.mse_lasso)


def test_partial_results_stream_folds_in_order():
    coef_paths._cache.pop((3, 11, 0), None)
    results = list(run_paths(PathsParams(cv_folds=3, cv_seed=11)))
    done = [r.cv.done for r in results if r.cv is not None]
    assert done == sorted(done) and done[-1] == 3 and len(results) > 5
    assert not any(r.finished for r in results[:-1])


def test_validation_names_the_parameter():
    with pytest.raises(ValueError, match="path_alpha"):
        next(run_paths(PathsParams(path_alpha=0.0)))
    with pytest.raises(ValueError, match="cv_folds"):
        next(run_paths(PathsParams(cv_folds=2)))


def test_regularization_export_of_views_3_and_4():
    from l1l2gui.core.tabs import tab_model

    model = tab_model("regularization")
    params = model.params("worked-example", {"trials": 100, "path_alpha": 2.0})
    result = model.compute(params)
    assert result.finished
    series, metrics = model.series(result), model.metrics(result)
    steps, w = series["walkthrough/subgradient"]
    assert np.array_equal(steps, np.arange(21)) and w[0] == -0.1 and w[2] == pytest.approx(0.646)
    assert metrics["walkthrough_final/subgradient"] == w[-1]
    grid = series["lasso/bmi"][0]
    assert np.array_equal(grid, series["ridge/s6"][0]) and np.array_equal(
        grid, series["cv/lasso"][0]
    )
    data = load_data()
    assert metrics["lasso_nonzero"] == np.count_nonzero(lasso_at(data.X, data.y, 2.0))
    k = int(np.argmin(series["cv/lasso"][1]))
    assert metrics["cv_best_alpha/lasso"] == grid[k]
    assert metrics["cv_best_alpha/ridge"] == grid[int(np.argmin(series["cv/ridge"][1]))]
    assert metrics["cv_nonzero/lasso"] == np.count_nonzero(lasso_at(data.X, data.y, grid[k]))


def test_streamed_paths_end_with_the_object_later_runs_get():
    """A view drew the last streamed paths; the next run hands it the very same object."""
    data = coef_paths.load_data()
    saved = coef_paths._cache.pop("paths", None)
    try:
        streamed = list(coef_paths.stream_paths(data))
        assert streamed[-1].done == len(data.alphas)
        again = list(coef_paths.stream_paths(data))
        assert len(again) == 1 and again[0] is streamed[-1]
    finally:
        if saved is not None:
            coef_paths._cache["paths"] = saved
