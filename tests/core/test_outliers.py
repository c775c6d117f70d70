"""The outlier core: data, grown fits equal to scikit-learn's single fit, shifts, facts, errors."""

from __future__ import annotations

import dataclasses
import math
from collections import deque
from itertools import islice

import numpy as np
import pytest

from l1l2gui.core.outliers import (
    GRID_POINTS,
    OutlierParams,
    base_data,
    compute,
    fit_grid,
    fit_names,
    single_fit,
    stream_fits,
    validate_outliers,
    without_key,
)
from l1l2gui.core.outliers_facts import outlier_facts
from l1l2gui.core.tabs import tab_model

MODEL = tab_model("outliers")
SOURCE = MODEL.params(preset="stability-grid")
ALL_LOSSES = ("l1", "l2", "huber", "quantile")


def test_defaults_are_the_source_setting():
    assert OutlierParams() == SOURCE
    x, y = base_data(SOURCE)
    assert np.array_equal(x, [0.0, 3.0, 6.0, 9.0])
    noise = y - (2 * x + 5)
    assert np.all(np.abs(noise) <= 2.0)
    assert np.ptp(noise) > 0.5  # there is noise
    again = base_data(SOURCE)[1]
    assert np.array_equal(y, again)  # seeded
    other = base_data(dataclasses.replace(SOURCE, seed=1))[1]
    assert not np.array_equal(y, other)


def test_noise_scales_one_draw_and_zero_noise_is_the_line():
    x, y2 = base_data(SOURCE)
    _, y4 = base_data(dataclasses.replace(SOURCE, noise=4.0))
    np.testing.assert_allclose(y4 - (2 * x + 5), 2 * (y2 - (2 * x + 5)), rtol=1e-12)
    _, y0 = base_data(dataclasses.replace(SOURCE, noise=0.0))
    assert np.array_equal(y0, 2 * x + 5)


def test_grid_spans_the_notebook_range():
    grid = fit_grid(SOURCE)
    assert grid.size == GRID_POINTS
    assert grid[0] == -6.0 and grid[-1] == 15.0  # x_first − 2·step, x_last + 2·step


@pytest.mark.parametrize("loss", ALL_LOSSES)
@pytest.mark.parametrize(
    "changes", [{}, {"n_estimators": 40, "learning_rate": 0.3, "max_depth": 2, "outlier_x": -3}]
)
def test_grown_fits_equal_a_single_fit_bit_for_bit(loss, changes):
    params = dataclasses.replace(SOURCE, losses=("l1", "l2", loss) if loss not in "l1l2" else
                                 ("l1", "l2"), **changes)  # fmt: skip
    run = compute(params)
    assert run.finished
    grid = fit_grid(params)[:, None]
    for with_outlier in (True, False):
        fit = run.fits[loss if with_outlier else f"{loss}_without"]
        assert fit.trees == params.n_estimators
        reference = single_fit(params, loss, with_outlier).predict(grid)
        assert np.array_equal(fit.y, reference)


def test_partial_snapshots_grow_from_one_tree_and_match_fits_of_that_size():
    params = dataclasses.replace(SOURCE, n_estimators=60)
    runs = list(stream_fits(params, chunk_seconds=0.002))
    first = runs[0]
    assert len(first.fits) == 1 and next(iter(first.fits.values())).trees == 1
    assert not first.finished and runs[-1].finished
    trees = [r.fits["l1"].trees for r in runs if "l1" in r.fits]
    assert trees == sorted(trees) and trees[-1] == 60
    partial = next(r.fits["l2"] for r in runs if "l2" in r.fits and 1 < r.fits["l2"].trees < 60)
    assert partial.model is None
    smaller = dataclasses.replace(params, n_estimators=partial.trees)
    expected = single_fit(smaller, "l2", True).predict(fit_grid(params)[:, None])
    assert np.array_equal(partial.y, expected)


def test_a_chunk_size_that_changes_mid_stream_is_asked_each_step_and_changes_no_fit():
    params = dataclasses.replace(SOURCE, n_estimators=80)
    asked: list[float] = []

    def chunk() -> float:  # short steps first (a drag), then long ones (released)
        seconds = 0.0 if len(asked) < 20 else 1.0
        asked.append(seconds)
        return seconds

    runs = list(stream_fits(params, chunk_seconds=chunk))
    assert len(asked) == len(runs)  # asked before every chunk
    grown = [sum(f.trees for f in r.fits.values()) for r in runs]
    steps = np.diff([0, *grown])
    assert set(steps[:20]) == {1}  # one tree per chunk while the chunks are short
    assert steps[20:].max() > 1  # many once they are long
    done = runs[-1]
    grid = fit_grid(params)[:, None]
    for name, fit in done.fits.items():
        loss, with_outlier = name.removesuffix("_without"), not name.endswith("_without")
        assert np.array_equal(fit.y, single_fit(params, loss, with_outlier).predict(grid))


def test_an_aborted_stream_leaves_nothing_behind_and_cached_fits_are_reused():
    params = dataclasses.replace(SOURCE, n_estimators=50)
    stream = stream_fits(params, chunk_seconds=0.001)
    partial = list(islice(stream, 3))
    stream.close()
    assert not partial[-1].finished
    assert partial[-1].without_fits() == {}  # nothing incomplete is offered for reuse

    done = compute(params)
    moved = dataclasses.replace(params, outlier_x=-3.0, outlier_y=30.0)
    assert without_key(moved) == without_key(params)
    cached = done.without_fits()
    runs = list(stream_fits(moved, without=cached))
    assert all(runs[0].fits[n] is cached[n] for n in cached)  # reused from the first snapshot
    final = runs[-1]
    grid = fit_grid(moved)[:, None]
    for loss in ("l1", "l2"):
        assert np.array_equal(final.fits[loss].y, single_fit(moved, loss, True).predict(grid))
        at = single_fit(moved, loss, False).predict(np.array([[-3.0]]))[0]
        assert final.residual(f"{loss}_without") == 30.0 - at


@pytest.mark.parametrize(
    "changes", [{"n_estimators": 7}, {"learning_rate": 0.3}, {"seed": 3}, {"max_depth": 1}]
)
def test_cached_fits_for_other_settings_are_refitted(changes):
    cached = compute(SOURCE).without_fits()
    other = dataclasses.replace(SOURCE, **changes)
    final = compute_with(other, cached)
    grid = fit_grid(other)[:, None]
    for loss in ("l1", "l2"):
        fit = final.fits[f"{loss}_without"]
        assert fit is not cached[f"{loss}_without"]
        assert np.array_equal(fit.y, single_fit(other, loss, False).predict(grid))


def compute_with(params, without):
    return deque(stream_fits(params, without=without), maxlen=1)[0]


TINY = OutlierParams(
    n_points=2, x_step=1.0, slope=0.0, intercept=0.0, noise=0.0,
    outlier_x=2.0, outlier_y=4.0, n_estimators=1, learning_rate=0.5, max_depth=1,
)  # fmt: skip


def test_shift_and_residual_by_hand_on_a_tiny_case():
    # points (0, 0), (1, 0); outlier (2, 4). Without it every fit is 0.
    # L2 starts at the mean 4/3; its one stump splits at 1.5 into residuals −4/3 | 8/3,
    # half of which is added: 2/3 left of 1.5, 8/3 right of it.
    # L1 starts at the median 0. scikit-learn's absolute_error gradient counts a zero
    # residual as negative, so all three gradients are equal, the stump finds no split,
    # and L1 does not move at all.
    run = compute(TINY)
    grid = fit_grid(TINY)
    right = grid > 1.5
    assert right.sum() == 180  # grid −2..3 in 600 steps: k > 420
    np.testing.assert_array_equal(run.fits["l1_without"].y, 0.0)
    np.testing.assert_array_equal(run.fits["l2_without"].y, 0.0)
    np.testing.assert_allclose(run.fits["l2"].y, np.where(right, 8 / 3, 2 / 3), rtol=1e-12)
    np.testing.assert_array_equal(run.fits["l1"].y, 0.0)
    assert run.shift("l2") == pytest.approx((421 * 2 / 3 + 180 * 8 / 3) / 601, rel=1e-12)
    assert run.shift("l1") == 0.0
    assert run.residual("l2") == pytest.approx(4 - 8 / 3, rel=1e-12)
    assert run.residual("l1") == 4.0
    assert run.residual("l1_without") == 4.0
    facts = outlier_facts(run)
    assert facts.more_shifted == "l2" and not facts.post_claim_holds
    assert facts.start["l2"] == pytest.approx(4 / 3) and facts.start["l1"] == 0.0
    assert facts.levels == {"l1": 1, "l2": 2, "l1_without": 1, "l2_without": 1}
    assert facts.position == "right" and facts.above_line and facts.distance == 4.0
    assert facts.ends["l2"] == pytest.approx((2 / 3, 8 / 3))


def test_an_outlier_on_the_line_moves_nothing_a_tie():
    facts = outlier_facts(compute(dataclasses.replace(TINY, outlier_y=0.0)))
    assert facts.shift == {"l1": 0.0, "l2": 0.0}
    assert facts.more_shifted == "tie" and not facts.post_claim_holds
    assert not facts.above_line and facts.distance == 0.0


def test_the_post_claim_holds_when_l1_moves_more():
    run = compute(SOURCE)  # the source's setting, outlier at x = 5 (inside), 5 below the line
    facts = outlier_facts(run)
    assert facts.shift["l1"] > facts.shift["l2"]
    assert facts.more_shifted == "l1" and facts.post_claim_holds


def test_source_setting_facts():
    run = compute(SOURCE)
    facts = outlier_facts(run)
    assert facts.position == "inside" and not facts.above_line
    assert facts.distance == 10 - 15
    assert facts.more_shifted == ("l1" if facts.shift["l1"] > facts.shift["l2"] else "l2")
    _, y = base_data(SOURCE)
    assert facts.start["l2_without"] == pytest.approx(np.mean(y), rel=1e-12)
    assert facts.start["l2"] == pytest.approx(np.mean([*y, 10.0]), rel=1e-12)
    assert facts.start["l1"] == pytest.approx(np.median([*y, 10.0]), rel=1e-12)
    for name, fit in run.fits.items():
        assert facts.levels[name] == len(set(fit.y.tolist()))
        assert facts.ends[name] == (fit.y[0], fit.y[-1])
    with pytest.raises(ValueError, match="still growing"):
        outlier_facts(next(iter(stream_fits(SOURCE))))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"outlier_x": 16}, r"outlier_x=16: must be between -6 and 15 \(the plotted x range\)"),
        ({"losses": "l2,huber"}, r"losses=l2,huber: must include l1 and l2 \(missing l1\)"),
        ({"n_estimators": 0}, r"n_estimators=0: must be between 1 and 1000"),
        ({"learning_rate": 2}, r"learning_rate=2: must be between 0.001 and 1"),
        ({"n_points": 1}, r"n_points=1: must be between 2 and 200"),
    ],
)
def test_bad_values_name_the_parameter(values, message):
    params = dataclasses.replace(SOURCE, **values) if "losses" not in values else (
        dataclasses.replace(SOURCE, losses=tuple(values["losses"].split(","))))  # fmt: skip
    with pytest.raises(ValueError, match=message):
        validate_outliers(params)
    with pytest.raises(ValueError, match=message):
        next(iter(stream_fits(params)))


def test_series_and_metrics_names():
    params = MODEL.params(values={"losses": "l1,l2,huber"})
    run = MODEL.compute(params)
    series = MODEL.series(run)
    assert list(series) == [
        "points", "outlier", "fit/l1", "fit/l2", "fit/huber",
        "fit/l1_without", "fit/l2_without", "fit/huber_without",
    ]  # fmt: skip
    assert np.array_equal(series["fit/l1"][0], fit_grid(params))
    assert series["outlier"][0].tolist() == [5.0] and series["outlier"][1].tolist() == [10.0]
    metrics = MODEL.metrics(run)
    assert metrics["shift/l1"] == run.shift("l1")
    l2, l2_without = run.fits["l2"].y, run.fits["l2_without"].y
    assert metrics["shift/l2"] == float(np.mean(np.abs(l2 - l2_without)))
    assert set(metrics) == {f"shift/{k}" for k in params.losses} | {
        f"residual/{n}" for n in fit_names(params)
    }
    assert all(math.isfinite(v) for v in metrics.values())


def test_growing_fits_reaches_a_pause_point_after_every_tree() -> None:
    from l1l2gui.core import cooperate
    from l1l2gui.core.outliers import stream_fits

    params = OutlierParams(n_estimators=7)
    calls: list[int] = []
    cooperate.register(lambda: calls.append(1))
    try:
        run = deque(stream_fits(params), maxlen=1)[0]
    finally:
        cooperate.unregister()
    trees = sum(fit.total for fit in run.fits.values())  # four fits of 7 trees
    assert trees == 28 and len(calls) == trees
