"""The Training tab's sentences, checked against the run at the step on screen."""

from __future__ import annotations

import re
from html import unescape

import pytest

from l1l2gui.core.descent import TrainingParams, run_descent, train
from l1l2gui.core.descent_facts import descent_facts
from l1l2gui.gui.tabs.training.text import (
    divergence_summary,
    explanation_html,
    plural,
    readout_html,
    status_text,
)


def plain(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)))


def explain(params: TrainingParams, step: int | None = None) -> str:
    run = train(params)
    return plain(explanation_html(params, descent_facts(params), run, step))


def test_exactly_at_the_bound_says_swings_not_diverges() -> None:
    text = explain(TrainingParams(lr=0.125, kinds=("l2",)))
    assert "swings between two values forever" in text
    assert "L2 diverges" not in text
    assert "This run, at its end: w = 20" in text
    above = explain(TrainingParams(lr=0.13, kinds=("l2",)))
    assert "L2 diverges" in above


def test_with_decay_the_verdict_names_the_step_where_l2_starts_converging() -> None:
    text = explain(TrainingParams(lr=0.5, decay=0.1, kinds=("l2",)))
    assert "until step 31; from step 31 on it converges" in text
    assert "L2 diverges" not in text
    assert "at its end: w = 1" in text


def test_noise_with_small_batches_l2_spread_is_quoted_from_the_run() -> None:
    params = TrainingParams(noise_sigma=5.0, epochs=100, kinds=("l2",))
    text = explain(params, 1000)
    w = train(params).traces["l2"].w[500:]
    assert "keeps jumping toward each batch's optimum" in text
    assert f"Over steps 500…1000 of this run, w spans {w.min():.4g}…{w.max():.4g}" in text
    full = explain(TrainingParams(noise_sigma=5.0, batch_size=20, kinds=("l2",)))
    assert "keeps jumping" not in full
    assert "batch and whole-data gradients agree" in full
    assert "1× too large" not in full


def test_even_n_with_noise_quotes_the_flat_interval_and_the_wander() -> None:
    text = explain(TrainingParams(noise_sigma=5.0, epochs=100, kinds=("abs_l1",)))
    assert "every w from 0.453 to 0.6697 minimises" in text
    assert "this run got there at step 631" in text
    # the measured span, 0.48…0.72, does not reach down to 0.453: not "the whole interval"
    assert "from its arrival (step 631) to step 1000, w spans 0.48…0.72: only part" in text
    assert "the whole interval" not in text


def test_steps_to_median_is_at_least_and_the_actual_arrival_is_quoted() -> None:
    text = explain(TrainingParams(noise_sigma=5.0, decay=1 / 2000, epochs=200))
    assert "takes at least 547 steps" in text
    assert "this run got there at step 744" in text
    assert "about" not in text.split("takes at least")[0][-20:]
    short = explain(TrainingParams())
    assert "takes at least 475 steps, more than this run's 200" in short
    assert "by step 200 this run has not got there" in short


def test_huber_says_its_own_factor_bound_and_quadratic_share() -> None:
    text = explain(TrainingParams(noise_sigma=5.0, epochs=100, kinds=("huber",)))
    assert "1 − lr·x²·|B| = 0.92" in text
    assert "lr < 2/(x²·|B|) = 0.25" in text
    assert re.search(r"At step 1000, \d+ % of the residuals are within δ", text)
    between = explain(TrainingParams(lr=0.2, kinds=("huber",)))
    assert (
        "past L2's bound but below Huber's: inside δ its factor, -0.6, lies between −1 and 1, so "
        "Huber does not run away" in between
    )
    w = train(TrainingParams(lr=0.2, kinds=("huber",))).traces["huber"].w
    assert abs(w[-1] - 1.0) < 1e-9  # and noise-free it does converge


def test_uneven_batches_mention_the_short_last_batch() -> None:
    text = explain(TrainingParams(n_samples=21, batch_size=4))
    assert "ends with a short batch of 1 sample" in text
    assert "the step is not constant" in text
    assert "less on the short last batch" in text


def test_diverged_and_astronomical_w_are_told_apart() -> None:
    huge = explain(TrainingParams(lr=0.2, kinds=("l2",)))
    assert "w = 5.798e+69 — astronomically large, yet still a finite float" in huge
    gone = explain(TrainingParams(lr=1.0, kinds=("l2",)))
    assert "diverged at step 130 (w or the summed loss stopped being a finite float)" in gone
    assert 'What "diverged" means' in gone


def test_explanation_readout_and_status_describe_the_shown_step() -> None:
    params = TrainingParams(epochs=100)
    run = train(params)
    facts = descent_facts(params)
    at0 = plain(explanation_html(params, facts, run, 0))
    assert "This run at step 0: w = 20" in at0
    assert "at its end" not in at0 and "Shown: step 0 of 1000." in at0
    readout = plain(readout_html(run, 0))
    assert "step 0 of 1000" in readout and "lr0 = 0.01" in readout
    assert "end of run" in plain(readout_html(run, 1000))
    assert status_text(run, 1000) == "Computed 1000 steps."
    assert status_text(run, 300) == "Computed 1000 steps; showing step 300."


def test_a_streaming_run_is_not_called_ended() -> None:
    params = TrainingParams(epochs=5000, kinds=("l2",))
    first = next(run_descent(params, chunk_seconds=0.0))
    assert not first.finished
    step = first.steps_done
    assert "end of run" not in plain(readout_html(first, step))
    assert f"step {step} of 50000" in plain(readout_html(first, step))
    assert status_text(first, step) == "Computing 50000 steps…"
    text = plain(explanation_html(params, descent_facts(params), first, step))
    assert f"This run at step {step}" in text and "at its end" not in text


@pytest.mark.parametrize("live", ["computing", "playing"])
def test_while_the_shown_step_moves_the_explanation_quotes_no_step(live: str) -> None:
    params = TrainingParams(epochs=100)
    run = train(params)
    text = plain(explanation_html(params, descent_facts(params), run, 300, live=live))
    assert "This run: see the readout under the plot" in text
    assert "step 300" not in text and "at its end" not in text and "w = -20." not in text
    assert ("Playing:" in text) == (live == "playing")
    assert ("Computing 1000 steps" in text) == (live == "computing")


@pytest.mark.parametrize(("n", "text"), [(1, "1 step"), (2, "2 steps"), (0, "0 steps")])
def test_plurals(n: int, text: str) -> None:
    assert plural(n, "step") == text


def test_divergence_uses_display_names() -> None:
    run = train(TrainingParams(lr=1.0))
    assert divergence_summary(run) == "L2 diverged at step 130"
    assert status_text(run, 200) == "Computed 200 steps. L2 diverged at step 130."


def test_as_published_explains_the_whole_data_gradient() -> None:
    params = TrainingParams(signed_l1_gradient="dataset")
    text = explain(params)
    assert "As published, its gradient sums x over all N = 20 samples, x·N = 40" in text
    assert "each step lowers w by 0.4: 10× the batch gradient's step" in text
    assert "Over 200 steps that is 80 (to w = -60)" in text
    assert "Choose 'batch' for the correct gradient" in text
    assert "their curves part from the first step" in text and "overlap" not in text
    corrected = explain(TrainingParams())
    assert "Each step lowers w by lr·x·|B| = 0.04" in corrected
    assert "Over 200 steps that is 8 (to w = 12)" in corrected
    assert "signed and abs L1 take the same steps and their curves overlap" in corrected
