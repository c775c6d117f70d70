"""Sentences of the Training explanation at the edges: a bound hit exactly, decay, noise,
one sample, a run still approaching; each checked against the run's arrays."""

from __future__ import annotations

import re
from html import unescape

import numpy as np
import pytest

from l1l2gui.core.descent import TrainingParams, learning_rates, train, training_targets
from l1l2gui.core.descent_facts import descent_facts, step_facts
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.tabs.training.notes import log_axis_note, num
from l1l2gui.gui.tabs.training.text import explanation_html, readout_html, status_text

MODEL = tab_model("training")


def plain(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)))


def preset(name: str) -> TrainingParams:
    return MODEL.params(preset=name)


def explain(params: TrainingParams, step: int | None = None) -> str:
    return plain(explanation_html(params, descent_facts(params), train(params), step))


# item 3: abs L1 near an even-N median interval ------------------------------------------


def test_abs_l1_band_quotes_the_measured_span_not_the_whole_interval() -> None:
    params = preset("one-weight-lr-1e-4")
    run, f = train(params), descent_facts(params)
    text = plain(explanation_html(params, f, run))
    sf = step_facts(run, f, run.steps_done)
    w = run.traces["abs_l1"].w[sf.abs_l1_arrived :]
    assert (w.min(), w.max()) == sf.abs_l1_range
    # the run does not wander the interval 0.453…0.6697: it stays near its top and leaves it
    assert w.min() > f.w_median_low + 0.2 and w.max() > f.w_median_high
    assert "whole flat interval" not in text and "stays in" not in text
    beyond = w.max() - f.w_median_high
    assert beyond > f.step_l1  # more than one step beyond: no "within one step" either
    assert (
        f"w spans {num(w.min())}…{num(w.max())}: only part of the interval, straying up to "
        f"{num(beyond)} beyond it." in text
    )


def test_abs_l1_band_with_decay_names_its_span_and_no_whole_interval() -> None:
    params = preset("one-weight-decay")
    run, f = train(params), descent_facts(params)
    text = plain(explanation_html(params, f, run))
    sf = step_facts(run, f, run.steps_done)
    w = run.traces["abs_l1"].w[sf.abs_l1_arrived :]
    assert w.min() > f.w_median_low  # 0.5087 > 0.453: not the whole interval
    assert "the whole interval" not in text
    assert f"w spans {num(w.min())}…{num(w.max())}: only part of the interval" in text


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_abs_l1_band_says_whole_interval_and_within_a_step_only_when_measured(seed: int) -> None:
    params = TrainingParams(noise_sigma=5.0, epochs=100, kinds=("abs_l1",), seed=seed)
    run, f = train(params), descent_facts(params)
    sf = step_facts(run, f, 1000)
    lo, hi = sf.abs_l1_range
    low, high = f.w_median_low, f.w_median_high
    beyond = max(low - lo, hi - high)
    text = explain(params, 1000)
    assert f"w spans {num(lo)}…{num(hi)}" in text
    covers = lo <= low and hi >= high
    assert ("the whole interval" in text) == (covers and beyond > 0)
    assert ("only part of the interval" in text) == (not covers and beyond > 0)
    assert ("stays inside the interval" in text) == (beyond <= 0)
    assert (0 < beyond <= 0.04) == ("stays within one step (±0.04) of the interval" in text)


def test_abs_l1_that_lands_exactly_on_the_optimum_is_said_to_sit_there() -> None:
    # 2 − 4·0.25 = 1 exactly: every residual is 0 from then on and w stays at 1
    params = TrainingParams(init_w=2.0, lr=0.25, batch_size=1, n_samples=4, kinds=("abs_l1",))
    w = train(params).traces["abs_l1"].w
    assert np.all(w[4:] == 1.0)
    text = explain(params)
    assert "w spans 1…1: it sits on the optimum." in text


# item 4: one criterion for the lower bound and the arrival ---------------------------------


@pytest.mark.parametrize(
    "params",
    [
        TrainingParams(epochs=100),
        TrainingParams(noise_sigma=0.05, epochs=100),
        TrainingParams(noise_sigma=5.0, epochs=100),
        TrainingParams(noise_sigma=5.0, decay=1 / 2000, epochs=200),
        TrainingParams(n_samples=21, batch_size=4, noise_sigma=1.0, epochs=60),
        TrainingParams(n_samples=1, batch_size=1, noise_sigma=5.0, lr=0.2, epochs=100),
        TrainingParams(init_w=-20.0, noise_sigma=2.0, epochs=100),
    ],
)
def test_the_arrival_is_never_before_the_lower_bound(params: TrainingParams) -> None:
    run, f = train(params), descent_facts(params)
    sf = step_facts(run, f, run.steps_done)
    assert sf.abs_l1_arrived is not None
    assert sf.abs_l1_arrived >= f.steps_to_median
    if params.noise_sigma == 0 or params.n_samples == 1:
        assert sf.abs_l1_arrived == f.steps_to_median  # nothing can slow it down


def test_noise_005_bound_and_arrival_agree() -> None:
    text = plain(
        explanation_html(
            preset("one-weight-noise-0.05"),
            descent_facts(preset("one-weight-noise-0.05")),
            train(preset("one-weight-noise-0.05")),
        )
    )
    assert "takes at least 475 steps" in text and "this run got there at step 475" in text
    assert "476" not in text.split("this run got there")[0]


# item 5: L2 with noise, still approaching ---------------------------------------------------


def test_l2_still_approaching_is_not_said_to_keep_jumping() -> None:
    params = preset("one-weight-noise-5")
    run, f = train(params), descent_facts(params)
    w = run.traces["l2"].w
    assert np.all(w[100:] > f.batch_optima[1] - 3)  # far from the mean 0.54
    assert np.all(np.diff(w[100:]) <= 0) or np.all(w > f.w_mean)
    text = plain(explanation_html(params, f, run))
    assert "keeps jumping" not in text
    assert (
        f"By step 200 it has not yet reached the mean {num(f.w_mean)}: it is still approaching "
        f"(over steps 100…200 w spans {num(w[100:].min())}…{num(w[100:].max())})" in text
    )


def test_l2_keeps_jumping_once_it_has_crossed_the_mean_among_the_batch_optima() -> None:
    params = TrainingParams(noise_sigma=5.0, epochs=100, kinds=("l2",))
    run, f = train(params), descent_facts(params)
    sf = step_facts(run, f, 1000)
    w = run.traces["l2"].w
    near = sf.l2_near
    assert near is not None and near < 500
    assert np.all(w[:near] > f.w_mean) or np.any(w[:near] <= f.w_mean)
    lo, hi = f.batch_optima
    assert lo <= w[near] <= hi
    # the batch optima range, by brute force over every pair of targets
    y = training_targets(params) / 2.0
    pairs = (y[:, None] + y[None, :])[~np.eye(20, dtype=bool)] / 2
    assert (lo, hi) == pytest.approx((pairs.min(), pairs.max()))
    text = explain(params, 1000)
    assert f"By step {near} it has crossed the mean" in text
    assert f"Over steps 500…1000 of this run, w spans {num(w[500:].min())}…{num(w[500:].max())}"


# item 6: signed and abs L1 overlap ----------------------------------------------------------


def test_l1_curves_part_at_step_1_when_w0_is_below_the_target() -> None:
    params = TrainingParams(n_samples=1, batch_size=1, noise_sigma=5.0, lr=0.2, init_w=1.0)
    run = train(params)
    s, a = run.traces["signed_l1"].w, run.traces["abs_l1"].w
    assert s[1] != a[1] and s[0] == a[0]
    text = explain(params)
    assert "In this run they part at the first step." in text
    assert "residuals of both signs" not in text  # one sample: a batch has one residual


def test_as_published_without_abs_l1_says_nothing_about_their_curves() -> None:
    text = explain(preset("one-weight-as-published"))
    assert "their curves" not in text and "curves part" not in text


def test_the_overlap_step_is_read_from_the_run() -> None:
    params = TrainingParams(noise_sigma=0.05, epochs=100)
    run = train(params)
    s, a = run.traces["signed_l1"].w, run.traces["abs_l1"].w
    part = int(np.flatnonzero(s != a)[0])
    text = explain(params)
    assert f"they overlap up to step {part - 1} and part at step {part}." in text
    early = explain(params, 300)
    assert "In this run they overlap up to step 300." in early


@pytest.mark.parametrize(
    ("batch", "clause"), [(1, "moves it back"), (3, "less)"), (2, "not at all")]
)
def test_the_why_clause_names_only_what_can_happen(batch: int, clause: str) -> None:
    text = explain(TrainingParams(noise_sigma=1.0, n_samples=12, batch_size=batch))
    assert clause in text
    if batch == 3:  # an odd batch's signs never cancel
        assert "not at all" not in text


# item 7: L2 exactly at the one-step rate; decay ---------------------------------------------


def test_l2_at_exactly_the_fastest_rate_lands_in_one_step() -> None:
    params = TrainingParams(n_samples=1, batch_size=1, lr=0.125)
    w = train(params).traces["l2"].w
    assert w[1] == descent_facts(params).w_mean == 1.0
    text = explain(params)
    assert "multiplied by 0 each step" not in text
    assert "the factor is 0, so L2 lands on the optimum in one step" in text


def test_l2_factor_with_decay_is_given_at_step_0_and_at_the_shown_step() -> None:
    params = preset("one-weight-decay")
    run, f = train(params), descent_facts(params)
    text = plain(explanation_html(params, f, run, 1000))
    lr = learning_rates(params, 1001)
    f1000 = 1 - 2 * lr[1000] * 4 * 2
    assert "multiplied by 0.84 each step" not in text
    assert (
        "at step 0 the distance is multiplied by 0.84; lr decays, so the factor changes: "
        f"{num(f1000)} at step 1000" in text
    )
    assert num(f1000) == "0.8933"


def test_signed_l1_with_decay_says_its_step_shrinks() -> None:
    params = TrainingParams(decay=1 / 2000, epochs=200)
    run = train(params)
    text = plain(explanation_html(params, descent_facts(params), run, 1000))
    w = run.traces["signed_l1"].w
    assert w[0] - w[1] == pytest.approx(0.04)
    shown = w[1000] - w[1001]
    assert "by the same amount" not in text
    assert f"0.04 at step 0, shrinking with the learning rate to {num(shown)} at step 1000" in text
    assert "lowers w by lr·x·|B| = 0.04." not in text


def test_abs_l1_move_with_decay_is_not_a_constant() -> None:
    text = explain(TrainingParams(decay=0.01, epochs=50))
    assert "w moves lrk·x·|B| per step: 0.04 at step 0, shrinking" in text


def test_huber_with_decay_below_its_bound_later_says_when() -> None:
    params = TrainingParams(lr=0.3, decay=0.1, kinds=("huber",))
    text = explain(params)
    lr = learning_rates(params, params.steps)
    k = int(np.flatnonzero(lr < 0.25)[0])
    assert f"does not settle until step {k}" in text


# item 24: readout, status while playing, log axis -------------------------------------------


def test_readout_columns_are_padded_apart() -> None:
    run = train(TrainingParams(n_samples=1, batch_size=1, lr=0.125))
    html = readout_html(run, 20)
    assert html.count("padding-left") >= 4  # the header and each kind's loss cell


def test_status_while_playing_names_no_step() -> None:
    run = train(TrainingParams())
    assert "showing step" not in status_text(run, 0, "playing")
    assert "playing" in status_text(run, 0, "playing")
    assert status_text(run, 30) == "Computed 200 steps; showing step 30."


def test_log_axis_note_names_signed_l1s_negative_losses() -> None:
    run = train(TrainingParams(epochs=100))
    loss = run.traces["signed_l1"].loss
    first = int(np.flatnonzero(loss < 0)[0])
    assert np.all(loss[first:] < 0) and np.all(loss[:first] > 0)
    assert log_axis_note(run, 1000) == f"not on the log axis: signed L1 from step {first} (< 0)"
    assert log_axis_note(run, first - 1) == ""
    # an exactly zero loss (abs L1 landing on the optimum) is named too
    exact = train(TrainingParams(init_w=2.0, lr=0.25, batch_size=1, n_samples=4))
    zero = int(np.flatnonzero(exact.traces["abs_l1"].loss == 0)[0])
    assert f"abs L1 at step {zero} (= 0)" in log_axis_note(exact, 20)


def test_w0_already_near_the_median_needs_no_steps() -> None:
    params = TrainingParams(init_w=1.01, kinds=("abs_l1",))
    assert descent_facts(params).steps_to_median == 0
    assert "w₀ = 1.01 is already within half a step of the median" in explain(params)


def test_l2_at_the_fastest_rate_with_noise_lands_on_each_batchs_optimum() -> None:
    params = TrainingParams(lr=0.0625, noise_sigma=1.0, kinds=("l2",))
    run = train(params)
    y = training_targets(params)
    from l1l2gui.core.descent import batch_order

    order = batch_order(params)
    for k in range(5):
        batch = y[order[2 * k : 2 * k + 2]]
        assert run.traces["l2"].w[k + 1] == pytest.approx(batch.mean() / 2.0, abs=1e-12)
    assert "the factor is 0, so L2 lands on its batch's optimum in each step" in explain(params)


def test_decayed_l2_with_noise_is_not_said_to_converge() -> None:
    noisy = explain(TrainingParams(lr=0.5, decay=0.1, noise_sigma=5.0, kinds=("l2",)))
    assert "from step 31 on it shrinks back toward the batch optima" in noisy
    assert "it converges" not in noisy


def test_regex_guard() -> None:
    # the HTML must not hide a sentence behind an unescaped "<"
    html = explanation_html(
        TrainingParams(), descent_facts(TrainingParams()), train(TrainingParams())
    )
    assert not re.search(r"<\s*\d", html)


def batch_optima_of(params: TrainingParams) -> np.ndarray:
    from l1l2gui.core.descent import batch_ends, batch_order

    y = training_targets(params)[batch_order(params)]
    ends = batch_ends(params)
    sums = np.diff(np.concatenate(([0.0], np.cumsum(y)))[np.concatenate(([0], ends))])
    return sums / np.diff(np.concatenate(([0], ends))) / params.x_value


def test_noisy_l2_is_not_said_to_approach_from_one_side() -> None:
    params = TrainingParams(noise_sigma=5.0, epochs=100, kinds=("l2",))
    w = train(params).traces["l2"].w
    mean = descent_facts(params).w_mean
    assert np.any(w > mean) and np.any(w < mean)  # the path crosses the mean
    o = batch_optima_of(params)
    # each step stays on the same side of its own batch's optimum
    assert np.all(np.sign(w[1:] - o) == np.sign(w[:-1] - o))
    text = explain(params)
    assert "approaches from one side" not in text
    assert "L2 moves toward its batch's optimum without passing it" in text
    over = TrainingParams(noise_sigma=5.0, lr=0.1, kinds=("l2",))
    w, o = train(over).traces["l2"].w, batch_optima_of(over)
    assert np.all(np.sign(w[1:] - o) == -np.sign(w[:-1] - o))
    assert "L2 passes its batch's optimum each step" in explain(over)


def test_uneven_batches_give_the_short_batch_its_own_l2_factor() -> None:
    params = TrainingParams(n_samples=21, batch_size=4, kinds=("l2",))
    w = train(params).traces["l2"].w
    # steps 0…4 use 4 samples (factor 1 − 2·0.01·4·4 = 0.68), step 5 one sample (0.92)
    assert (w[5] - 1) / (w[4] - 1) == pytest.approx(0.68)
    assert (w[6] - 1) / (w[5] - 1) == pytest.approx(0.92)
    text = explain(params)
    assert "multiplied by 0.68 each step (0.92 on the short last batch)" in text


def test_the_status_bar_while_playing_names_no_step(training, qtbot) -> None:
    messages: list[str] = []
    training.statusMessage.connect(messages.append)
    training.set_playing(True)
    assert messages and "playing" in messages[-1] and "showing step" not in messages[-1]
    training.set_playing(False)
    assert "playing" not in messages[-1]


def test_the_log_axis_note_appears_under_the_plots(training, qtbot) -> None:
    training.apply_preset("one-weight")
    qtbot.waitUntil(
        lambda: training.finished_run is not None and training.finished_run.params.epochs == 100,
        timeout=30_000,
    )
    loss = training.finished_run.traces["signed_l1"].loss
    first = int(np.flatnonzero(loss < 0)[0])
    training.log_loss.setChecked(True)
    expected = f"not on the log axis: signed L1 from step {first} (< 0)"
    qtbot.waitUntil(lambda: expected in training.figure.note.text, timeout=5_000)
    training.log_loss.setChecked(False)
    qtbot.waitUntil(lambda: "log axis" not in training.figure.note.text, timeout=5_000)
