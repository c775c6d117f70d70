"""The linear counterparts of the boosted fits: one straight line per loss.

- L2: ``LinearRegression`` (least squares);
- L1: ``QuantileRegressor(quantile=0.5, alpha=0, solver="highs")``, least absolute
  deviation (the 0.5 quantile loss is half the absolute error, so the same line);
- Huber: ``HuberRegressor`` (its default epsilon 1.35, no penalty: alpha=0);
- quantile 0.5: the same model as L1 (drawn for completeness, it coincides).

Each fit takes a few milliseconds, so a stream yields after each one. scikit-learn
is imported inside the functions: the window shows first.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from .outliers import (
    Fit,
    OutlierParams,
    OutlierRun,
    base_data,
    fit_grid,
    fit_names,
    training_set,
    without_key,
)

HUBER_MAX_ITER = 10_000  # the default 100 stops early on steep data (and warns)


def linear_model(loss: str) -> Any:
    """An unfitted scikit-learn linear model for ``loss``."""
    from sklearn.linear_model import HuberRegressor, LinearRegression, QuantileRegressor

    if loss == "l2":
        return LinearRegression()
    if loss in ("l1", "quantile"):
        return QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs")
    if loss == "huber":
        return HuberRegressor(alpha=0.0, max_iter=HUBER_MAX_ITER)
    raise ValueError(f"losses={loss}: no linear counterpart")


def linear_fit(params: OutlierParams, loss: str, with_outlier: bool) -> Any:
    """The fitted linear model of ``loss`` on the base points (and the outlier if included)."""
    from sklearn.exceptions import ConvergenceWarning

    X, y = training_set(params, with_outlier)
    model = linear_model(loss)
    with warnings.catch_warnings():
        # HuberRegressor's L-BFGS may stop at its iteration cap on extreme data; the line
        # it returns is still the one drawn, and a console warning would help no one
        warnings.simplefilter("ignore", ConvergenceWarning)
        return model.fit(X, y)


def linear_fit_on_grid(
    params: OutlierParams, loss: str, with_outlier: bool, grid: np.ndarray
) -> tuple[Fit, float]:
    """One complete linear :class:`Fit` over ``grid`` and its value at the outlier's x."""
    model = linear_fit(params, loss, with_outlier)
    y = model.predict(grid[:, None])
    y.flags.writeable = False
    at = float(model.predict(np.array([[params.outlier_x]]))[0])
    key = without_key(params)
    return Fit(loss, with_outlier, 1, 1, y, float(model.intercept_), model, key), at


def stream_linear_fits(
    params: OutlierParams, without: Mapping[str, Fit] | None = None
) -> Iterator[OutlierRun]:
    """Fit every line of ``params``, yielding a snapshot after each (a few ms apiece).

    ``without`` holds complete fits without the outlier to reuse when they were
    fitted for the same data (:func:`without_key`) and family.
    """
    grid = fit_grid(params)
    grid.flags.writeable = False
    x, y = base_data(params)
    point = np.array([[params.outlier_x]])
    fits: dict[str, Fit] = {}
    at: dict[str, float] = {}
    for name, reused in (without or {}).items():
        if reused.complete and reused.key == without_key(params) and name in fit_names(params):
            fits[name], at[name] = reused, float(reused.model.predict(point)[0])
    todo = [n for n in fit_names(params) if n not in fits]
    if not todo:
        yield OutlierRun(params, grid, x, y, dict(fits), dict(at))
    for name in todo:
        loss, with_outlier = name.removesuffix("_without"), not name.endswith("_without")
        fits[name], at[name] = linear_fit_on_grid(params, loss, with_outlier, grid)
        yield OutlierRun(params, grid, x, y, dict(fits), dict(at))
