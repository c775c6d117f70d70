"""The facts the Training tab's explanation quotes, checked against runs and hand computation."""

from __future__ import annotations

import numpy as np
import pytest

from l1l2gui.core.descent import TrainingParams, train
from l1l2gui.core.descent_facts import (
    batch_sizes,
    descent_facts,
    kind_at_step,
    step_facts,
)


def test_defaults_closed_forms() -> None:
    f = descent_facts(TrainingParams())
    assert f.step_l1 == pytest.approx(0.04)
    assert f.l2_lr_bound == pytest.approx(0.125)
    assert f.l2_lr_fastest == pytest.approx(0.0625)
    assert f.l2_factor == pytest.approx(0.84)
    assert f.huber_factor == pytest.approx(0.92)
    assert f.huber_lr_bound == pytest.approx(0.25)
    assert f.l2_regime == "one-sided"
    assert f.steps_to_median == 475  # (20 − 1) / 0.04


@pytest.mark.parametrize(
    ("lr", "regime"),
    [
        (0.05, "one-sided"),
        (0.0625, "one-sided"),
        (0.1, "overshoots"),
        (0.125, "two-cycle"),
        (0.13, "diverges"),
    ],
)
def test_l2_regime_at_each_boundary(lr: float, regime: str) -> None:
    assert descent_facts(TrainingParams(lr=lr)).l2_regime == regime


def test_exactly_at_the_bound_l2_swings_between_two_values_forever() -> None:
    params = TrainingParams(lr=0.125, kinds=("l2",))
    w = train(params).traces["l2"].w
    assert train(params).traces["l2"].diverged_at is None
    # factor −1 around the optimum 1: 20, −18, 20, −18, …
    assert np.allclose(w[0::2], 20.0) and np.allclose(w[1::2], -18.0)
    assert descent_facts(params).l2_factor == pytest.approx(-1.0)


def test_with_decay_l2_grows_until_lr_falls_below_the_bound_then_converges() -> None:
    params = TrainingParams(lr=0.5, decay=0.1, kinds=("l2",))
    f = descent_facts(params)
    assert f.l2_regime == "grows-then-settles"
    # lr_k = 0.5 / (1 + 0.1 k) < 0.125  ⇔  k > 30
    assert f.l2_settles_from == 31
    w = train(params).traces["l2"].w
    peak = int(np.argmax(np.abs(w)))
    assert peak <= 31 and abs(w[peak]) > 1e12
    assert np.abs(w[-1] - 1.0) < 1e-9


def test_decay_at_the_bound_then_below_is_not_called_divergent() -> None:
    f = descent_facts(TrainingParams(lr=0.2, decay=1.0))
    assert f.l2_regime == "grows-then-settles" and f.l2_settles_from == 1


def test_uneven_batches_have_a_short_last_batch() -> None:
    params = TrainingParams(n_samples=21, batch_size=4, epochs=3)
    sizes = batch_sizes(params)
    assert list(sizes[:6]) == [4, 4, 4, 4, 4, 1]
    assert sizes.sum() == 63
    f = descent_facts(params)
    assert f.last_batch == 1
    run = train(params)
    # signed L1's total fall equals what the run did (steps of 0.08 and one of 0.02 per epoch)
    assert params.init_w - run.traces["signed_l1"].w[-1] == pytest.approx(f.signed_l1_total)
    assert f.signed_l1_total == pytest.approx(3 * (5 * 0.08 + 0.02))


def test_full_batch_has_no_short_batch_and_l2_settles_at_the_mean() -> None:
    params = TrainingParams(batch_size=20, noise_sigma=5.0, epochs=50, kinds=("l2",))
    f = descent_facts(params)
    assert f.batch == f.n == f.last_batch == 20
    assert f.source_step_ratio == 1.0
    assert train(params).traces["l2"].w[-1] == pytest.approx(f.w_mean, abs=1e-9)


def test_steps_to_median_is_a_lower_bound_and_the_arrival_is_read_from_the_run() -> None:
    clean = TrainingParams(epochs=100)
    run = train(clean)
    f = descent_facts(clean)
    assert step_facts(run, f, run.steps_done).abs_l1_arrived == 475 == f.steps_to_median
    for params in (
        TrainingParams(noise_sigma=5.0, epochs=100),
        TrainingParams(noise_sigma=5.0, decay=1 / 2000, epochs=200),
    ):
        f = descent_facts(params)
        run = train(params)
        arrived = step_facts(run, f, run.steps_done).abs_l1_arrived
        assert arrived is not None and arrived > f.steps_to_median
        w = run.traces["abs_l1"].w
        # before the arrival w is more than half a step above the median interval
        assert np.all(w[:arrived] > f.w_median_high + 0.5 * f.step_l1 * 0.999)
    # decay: the lower bound uses the decaying steps, so it exceeds the constant-lr one
    decayed = descent_facts(TrainingParams(noise_sigma=5.0, decay=1 / 2000, epochs=200))
    assert decayed.steps_to_median > descent_facts(TrainingParams(noise_sigma=5.0)).steps_to_median


def test_abs_l1_wanders_the_flat_median_interval_plus_about_a_step() -> None:
    params = TrainingParams(noise_sigma=5.0, epochs=100, kinds=("abs_l1",))
    f = descent_facts(params)
    assert (f.w_median_low, f.w_median_high) == pytest.approx((0.45302, 0.66974), abs=1e-5)
    run = train(params)
    lo, hi = step_facts(run, f, run.steps_done).abs_l1_range
    assert f.w_median_low - 1.5 * f.step_l1 <= lo <= f.w_median_low + f.step_l1
    assert f.w_median_high - f.step_l1 <= hi <= f.w_median_high + 1.5 * f.step_l1
    # brute force: every w in the interval gives the same Σ|wx − y|
    from l1l2gui.core.descent import training_targets

    y = training_targets(params)
    grid = np.linspace(f.w_median_low, f.w_median_high, 7)
    sums = [np.abs(w * 2.0 - y).sum() for w in grid]
    assert np.ptp(sums) < 1e-9


def test_l2_with_noise_and_small_batches_keeps_jumping() -> None:
    params = TrainingParams(noise_sigma=5.0, epochs=100, kinds=("l2",))
    run = train(params)
    sf = step_facts(run, descent_facts(params), 1000)
    w = run.traces["l2"].w
    assert sf.l2_range == (w[500:].min(), w[500:].max())
    assert sf.l2_range[1] - sf.l2_range[0] > 1.0  # not settled at the mean 0.542


def test_huber_quadratic_share_matches_a_count() -> None:
    params = TrainingParams(noise_sigma=5.0, epochs=100, kinds=("huber",))
    run = train(params)
    f = descent_facts(params)
    sf = step_facts(run, f, 1000)
    from l1l2gui.core.descent import training_targets

    w = run.traces["huber"].w[1000]
    inside = sum(abs(w * 2.0 - yi) <= 1.0 for yi in training_targets(params))
    assert sf.huber_quadratic_share == inside / 20
    assert sf.huber_quadratic_share <= 0.25


def test_huge_but_finite_w_is_not_diverged_and_overflow_is() -> None:
    run = train(TrainingParams(lr=0.2, kinds=("l2",)))
    state = kind_at_step(run, "l2", 200)
    assert state.diverged_at is None and state.huge
    assert state.w == pytest.approx(5.798e69, rel=1e-3)
    run = train(TrainingParams(lr=1.0, kinds=("l2",)))
    assert kind_at_step(run, "l2", 129).diverged_at is None
    assert kind_at_step(run, "l2", 130).diverged_at == 130
    assert kind_at_step(run, "l2", 130).w is None


def test_step_facts_describe_the_shown_step() -> None:
    params = TrainingParams(epochs=100)
    run = train(params)
    f = descent_facts(params)
    sf = step_facts(run, f, 0)
    assert sf.kinds["abs_l1"].w == 20.0 and sf.lr == 0.01
    assert sf.abs_l1_arrived is None
    sf = step_facts(run, f, 1000)
    assert sf.lr is None and sf.kinds["signed_l1"].w == pytest.approx(-20.0)


@pytest.mark.parametrize(
    "values",
    [
        {"epochs": 200},  # no noise: abs L1 and signed L1 part at the data
        {"epochs": 300, "noise_sigma": 5.0, "batch_size": 3},  # arrives, L2 keeps jumping
        {"epochs": 300, "noise_sigma": 5.0, "decay": 0.01, "n_samples": 7, "batch_size": 2},
        {"epochs": 50, "noise_sigma": 2.0, "lr": 0.2},  # L2 diverges: no near step
        {"epochs": 1, "n_samples": 1, "batch_size": 1, "noise_sigma": 1.0},  # one sample
    ],
)
def test_marks_give_the_same_facts_as_scanning_every_step(values) -> None:
    from l1l2gui.core.descent_facts import learning_rates, run_marks

    params = TrainingParams(**values)
    run = train(params)
    f = descent_facts(params)
    marks = run_marks(run, f)
    for step in sorted({0, 1, 2, 3, run.steps_done // 3, run.steps_done - 1, run.steps_done}):
        assert step_facts(run, f, step, marks) == step_facts(run, f, step), step
    # the lr of one step is the same float as the vector's
    lr = learning_rates(params, params.steps)
    assert all(step_facts(run, f, k).lr == lr[k] for k in (0, params.steps // 2, params.steps - 1))


def test_marks_of_another_snapshot_are_not_used() -> None:
    from l1l2gui.core.descent_facts import RunMarks

    params = TrainingParams(epochs=200)
    run = train(params)
    f = descent_facts(params)
    wrong = RunMarks(run.steps_done - 1, 0, 0, 0)  # a snapshot before the end
    assert step_facts(run, f, 50, wrong) == step_facts(run, f, 50)
