"""What each tab computes, independent of how it is drawn.

The GUI, the CLI export and the self-test all go through this table, so an
exported file holds exactly what the tab shows. A new tab adds one entry.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from . import (
    descent,
    descent_seeds,
    imported_data,
    likelihood,
    outliers,
    outliers_views,
    regularization,
    regularization_mc,
)
from .fields import Field, with_values
from .presets import find_preset

Series = Mapping[str, tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class TabModel:
    """One tab's parameters, its streaming computation, and its exported series and metrics."""

    name: str
    title: str
    params_type: type
    fields: tuple[Field, ...]
    stream: Callable[[Any], Iterator[Any]]
    series: Callable[[Any], Series]
    metrics: Callable[[Any], dict[str, float]]
    # completes parameters from outside the form (a data file's absolute path and hash)
    resolve: Callable[[Any], Any] | None = None
    # what an export adds to a complete result (views computed in the background in the GUI)
    finish: Callable[[Any], Any] | None = None
    # the figures a tab with several views can export (``export --view NAME``); first = default
    views: tuple[str, ...] = ()
    # what each of ``views`` shows, as the GUI's view switch names it (for ``export --help``)
    view_titles: tuple[str, ...] = ()
    # takes in what a session's entry for the tab holds besides its params (imported
    # points, by content) before ``params`` resolves; raises ``SessionKeyError``
    adopt: Callable[[Mapping[str, Any]], None] | None = None

    def params(self, preset: str | None = None, values: Mapping[str, Any] | None = None) -> Any:
        """Defaults, then the preset's values, then ``values``; each checked against its field."""
        params = self.params_type()
        if preset:
            params = with_values(params, self.fields, find_preset(preset, self.name).as_mapping())
        params = with_values(params, self.fields, values or {})
        return self.resolve(params) if self.resolve is not None else params

    def compute(self, params: Any) -> Any:
        """Run the stream to its end and return the final result."""
        return deque(self.stream(params), maxlen=1)[0]

    def compute_export(self, params: Any) -> Any:
        """Everything an export of ``params`` holds (the CLI's entry)."""
        result = self.compute(params)
        return self.finish(result) if self.finish is not None else result


def _training_stream(params: descent.TrainingParams) -> Iterator[descent.TrainingRun]:
    """The run; then, with ``seeds_repeat`` R > 0, the run again over R seeds (attached to
    the finished run as ``over_seeds``, streamed with its progress)."""
    run = None
    for run in descent.run_descent(params):
        yield run
    if params.seeds_repeat:
        for seeds in descent_seeds.run_over_seeds(params, params.seeds_repeat):
            yield replace(run, over_seeds=seeds)


def _training_series(run: descent.TrainingRun) -> Series:
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for kind, trace in run.traces.items():
        out[f"w/{kind}"] = (np.arange(trace.w.size), trace.w)
    for kind, trace in run.traces.items():
        out[f"loss/{kind}"] = (np.arange(trace.loss.size), trace.loss)
    out["lr"] = (np.arange(run.lr.size), run.lr)
    if run.over_seeds is not None:
        for kind, w in run.over_seeds.final_w.items():
            out[f"over_seeds/final_w/{kind}"] = (run.over_seeds.seeds.copy(), w)
    return out


def _training_metrics(run: descent.TrainingRun) -> dict[str, float]:
    out: dict[str, float] = {}
    for kind, trace in run.traces.items():
        out[f"final_w/{kind}"] = float(trace.w[-1]) if trace.diverged_at is None else float("nan")
    for kind, trace in run.traces.items():
        out[f"diverged/{kind}"] = 0.0 if trace.diverged_at is None else 1.0
    out["steps"] = float(run.steps_done)
    seeds = run.over_seeds
    if seeds is not None:
        for kind in seeds.final_w:
            out[f"over_seeds/median_abs_error/{kind}"] = seeds.median_abs_error(kind)
        for kind in seeds.final_w:
            out[f"over_seeds/closest_fraction/{kind}"] = seeds.closest_fraction(kind)
    return out


def _outlier_series(result: outliers.OutlierRun | outliers_views.OutlierViews) -> Series:
    views = outliers_views.as_views(result)
    run = views.run
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {
        "points": (run.x, run.y),
        "outlier": (np.array([run.params.outlier_x]), np.array([run.params.outlier_y])),
    }
    for name in outliers.fit_names(run.params):
        fit = run.fits.get(name)
        y = fit.y if fit is not None else np.full_like(run.grid, np.nan)
        out[f"fit/{name}"] = (run.grid, y)
    return out | outliers_views.views_series(views)


def _outlier_metrics(result: outliers.OutlierRun | outliers_views.OutlierViews) -> dict[str, float]:
    views = outliers_views.as_views(result)
    run = views.run
    losses = run.params.losses
    out = {f"shift/{loss}": run.shift(loss) for loss in losses}
    for name in outliers.fit_names(run.params):
        out[f"residual/{name}"] = run.residual(name)
    return out | outliers_views.views_metrics(views)


TAB_MODELS: dict[str, TabModel] = {
    "training": TabModel(
        name="training",
        title="Training",
        params_type=descent.TrainingParams,
        fields=descent.TRAINING_FIELDS,
        stream=_training_stream,
        series=_training_series,
        metrics=_training_metrics,
        views=("run", "seeds"),
        view_titles=("Run and loss landscape", "Over many seeds"),
    ),
    "regularization": TabModel(
        name="regularization",
        title="Regularization",
        params_type=regularization.RegularizationParams,
        fields=regularization.REGULARIZATION_FIELDS,
        stream=regularization_mc.run_regularization,
        series=regularization_mc.regularization_series,
        metrics=regularization_mc.regularization_metrics,
        views=("all", "geometry", "monte-carlo", "walkthrough", "paths"),
        view_titles=(
            "the four views, two by two",
            "Diamond and circle",
            "How often exactly zero?",
            "One weight, step by step",
            "Coefficient paths",
        ),
    ),
    "outliers": TabModel(
        name="outliers",
        title="Outliers",
        params_type=outliers.OutlierParams,
        fields=outliers.OUTLIER_FIELDS,
        stream=outliers.stream_fits,
        series=_outlier_series,
        metrics=_outlier_metrics,
        resolve=outliers.resolve_data,
        adopt=imported_data.adopt_state,
        finish=outliers_views.complete_views,
        views=outliers_views.VIEWS,
        view_titles=("Drag and influence", "3×3 figure", "Over seeds"),
    ),
    "likelihood": TabModel(
        name="likelihood",
        title="Likelihood",
        params_type=likelihood.LikelihoodParams,
        fields=likelihood.LIKELIHOOD_FIELDS,
        stream=likelihood.run_likelihood,
        series=likelihood.likelihood_series,
        metrics=likelihood.likelihood_metrics,
        views=("all", "noise", "sample", "estimators", "lp"),
        view_titles=(
            "the four views, two by two",
            "1 Noise → loss",
            "2 One sample",
            "3 Which estimator wins?",
            "4 Why not higher p?",
        ),
    ),
}


def tab_model(name: str) -> TabModel:
    """Return the tab called ``name`` or raise ``ValueError`` listing the known ones."""
    try:
        return TAB_MODELS[name]
    except KeyError:
        raise ValueError(f"unknown tab {name!r}: known tabs are {', '.join(TAB_MODELS)}") from None
