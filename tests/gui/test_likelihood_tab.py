"""The Likelihood tab through its widgets: four views, a streaming cancellable Monte Carlo,
"try this" links, and explanations that quote the current numbers."""

from __future__ import annotations

import dataclasses
import json
import math

import numpy as np
import pytest
from PySide6.QtCore import Qt, QUrl

from l1l2gui.cli import main as cli_main
from l1l2gui.core.likelihood import likelihood_metrics, noise_curves
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.tabs.likelihood.lp_text import best_p
from l1l2gui.gui.tabs.likelihood.tab import MC_CHANNEL
from l1l2gui.gui.tabs.likelihood.text import (
    Z_NOISE,
    mc_html,
    noise_html,
    ratio_gap,
    sample_html,
    winner,
    zs,
)

WAIT_MS = 30_000
MODEL = tab_model("likelihood")


@pytest.fixture
def tab(qtbot, window):
    tab = window.tabs["likelihood"]
    window.tabs_widget.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=WAIT_MS)
    return tab


def finished_with(tab, **values):
    def check() -> bool:
        run = tab.finished_run
        return run is not None and all(getattr(run.params, k) == v for k, v in values.items())

    return check


def text(tab, view: int) -> str:
    """The explanation of ``view``, shown first (a hidden view is drawn when it is shown)."""
    tab.views.setCurrentIndex(view)
    return tab.explanations[view].toPlainText()


def test_four_views_show_the_default_run(tab):
    run = tab.finished_run
    assert run.params == MODEL.params("gaussian-noise")
    assert tab.preset == "gaussian-noise"
    assert tab.views.count() == 4
    noise_view = tab.figures[0].view
    e, nll = noise_view.nll.getData()
    assert np.allclose(nll, e * e)  # the Gaussian NLL is drawn on the L2 parabola
    assert 2 in tab._stale  # hidden: not drawn yet
    tab.views.setCurrentIndex(2)
    assert 2 not in tab._stale
    _x, counts = tab.figures[2].view.mean.getData()
    assert counts.sum() + run.mc.mean_outside == run.params.replicates
    tab.views.setCurrentIndex(3)
    p, _var = tab.figures[3].view.curve.getData()
    assert np.array_equal(p, run.mc.p_grid)
    metrics = likelihood_metrics(run)
    assert f"{metrics['mean']:.4g}" in text(tab, 1)
    assert f"{metrics['median']:.4g}" in text(tab, 1)
    assert f"{metrics['efficiency_ratio']:.4g}" in text(tab, 2)
    assert f"{metrics['theory_ratio']:.4g}" in text(tab, 2)
    assert "The mean (L2) wins" in text(tab, 2)
    assert "Gauss–Markov" in text(tab, 0) and "central limit theorem" in text(tab, 0)
    # the same numbers the CLI exports
    assert run.mc.efficiency_ratio == MODEL.compute(run.params).mc.efficiency_ratio


def test_even_n_names_the_flat_bottom_and_odd_n_does_not(qtbot, tab):
    fit = tab.finished_run.fit
    assert fit.flat_bottom and tab.figures[1].view.bottom.isVisible()
    assert "n = 20 is even: L1 has many solutions" in text(tab, 1)
    assert f"{fit.median_low:.4g} to {fit.median_high:.4g}" in text(tab, 1)
    tab.apply_link("set:n=7")
    qtbot.waitUntil(finished_with(tab, n=7), timeout=WAIT_MS)
    assert not tab.figures[1].view.bottom.isVisible()
    assert "n = 7 is odd" in text(tab, 1)
    assert "many solutions" not in text(tab, 1)


def test_a_try_this_link_sets_parameters(qtbot, tab):
    panel = tab.explanations[0]
    panel.anchorClicked.emit(QUrl("set:noise=laplace"))
    qtbot.waitUntil(finished_with(tab, noise="laplace"), timeout=WAIT_MS)
    assert tab.form.values()["noise"] == "laplace"
    assert tab.form.editor("noise").currentText() == "Laplace"
    assert tab.preset is None
    e, nll = tab.figures[0].view.nll.getData()
    assert np.allclose(nll, np.abs(e))  # the Laplace NLL is the L1 V
    assert "−log f(e) = |e|/b" in text(tab, 0)
    ratio = tab.finished_run.mc.efficiency_ratio
    assert f"median's variance is {ratio:.4g}× the mean's" in text(tab, 2)


def test_monte_carlo_streams_shows_progress_and_stops(qtbot, tab):
    seen = []
    tab.views.setCurrentIndex(2)
    tab.form.editor("replicates").setValue(50_000)
    tab.form.editor("n").setValue(201)

    def partial() -> bool:
        mc = tab.monte_carlo
        if mc is not None and mc.total == 50_000 and 0 < mc.done < 50_000:
            seen.append((mc.done, tab.progress.isVisible()))
        return len(seen) >= 2

    qtbot.waitUntil(partial, timeout=WAIT_MS)
    assert seen[-1][1]  # the progress bar is up while it streams
    assert "of 50000 samples" in tab.mc_status.text()
    _x, counts = tab.figures[2].view.median.getData()
    assert 0 < counts.sum() <= 50_000  # the histogram is drawn from a partial result
    qtbot.mouseClick(tab.stop_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab._worker.is_busy(MC_CHANNEL), timeout=WAIT_MS)
    assert "stopped at" in tab.mc_status.text()
    assert tab.finished_run is None
    # a smaller run afterwards finishes normally
    tab.form.editor("replicates").setValue(500)
    qtbot.waitUntil(finished_with(tab, replicates=500, n=201), timeout=WAIT_MS)
    assert tab.finished_run.mc.finished


def test_p_slider_moves_p_without_redrawing_the_monte_carlo(qtbot, tab):
    mc = tab.finished_run.mc
    tab.views.setCurrentIndex(3)
    tab.p_slider.setValue(10)  # p = 2.5, on the grid: no new Monte Carlo
    qtbot.waitUntil(finished_with(tab, p=2.5), timeout=WAIT_MS)
    assert tab.finished_run.mc is mc
    assert "At p = 2.5" in text(tab, 3)
    assert f"Best p here: {best_p(mc):.4g}" in text(tab, 3)
    tab.p_slider.setValue(13)  # p = 3.25: off the grid, added to it
    qtbot.waitUntil(finished_with(tab, p=3.25), timeout=WAIT_MS)
    assert 3.25 in tab.finished_run.mc.p_grid
    assert tab.figure is tab.figures[3]


def test_cauchy_says_the_mean_has_no_variance(qtbot, tab):
    tab.apply_preset("cauchy")
    qtbot.waitUntil(finished_with(tab, nu=1.0, noise="student_t"), timeout=WAIT_MS)
    assert math.isnan(tab.finished_run.mc.theory_ratio)
    assert "no variance, and neither has the mean" in text(tab, 2)
    assert "±" not in text(tab, 2) and "no standard error" in text(tab, 2)
    assert "The median (L1) wins" in text(tab, 2)
    assert best_p(tab.finished_run.mc) < 2
    assert "A power below 2 wins" in text(tab, 3)


def test_heavy_tails_give_no_standard_error_and_no_verdict_on_the_gap(qtbot, tab):
    tab.apply_preset("heavy-tails")
    qtbot.waitUntil(finished_with(tab, nu=3.0, noise="student_t"), timeout=WAIT_MS)
    mc = tab.finished_run.mc
    assert math.isnan(mc.se_log_ratio) and math.isfinite(mc.theory_ratio)
    assert "without a standard error, how far it may sit from either value" in text(tab, 2)
    assert "Exact at n = 21" in text(tab, 2) and f"{mc.exact_ratio:.4g}" in text(tab, 2)
    assert f"{mc.theory_ratio:.4g}" in text(tab, 2)


def test_uniform_explains_the_finite_n_gap_with_the_exact_ratio(qtbot, tab):
    tab.apply_preset("uniform-noise")
    qtbot.waitUntil(finished_with(tab, noise="uniform"), timeout=WAIT_MS)
    mc = tab.finished_run.mc
    assert mc.exact_ratio == pytest.approx(3 * 21 / 23)
    assert (
        f"Exact at n = 21 (the median's order-statistic density, integrated): {mc.exact_ratio:.4g}"
        in text(tab, 2)
    )
    z_exact, z_theory = ratio_gap(mc, mc.exact_ratio), ratio_gap(mc)
    assert abs(z_exact) <= Z_NOISE
    assert f"{zs(z_exact)} standard errors from the exact value: Monte Carlo noise" in text(tab, 2)
    if abs(z_theory) > Z_NOISE:
        assert "a real gap, which the exact value accounts for" in text(tab, 2)
    else:
        assert "cannot be told apart" in text(tab, 2)
    assert best_p(mc) > 2 and "A power above 2 wins" in text(tab, 3)


def test_default_gaussian_run_is_noise_from_exact_and_a_real_gap_from_the_limit(tab):
    mc = tab.finished_run.mc
    z_exact, z_theory = ratio_gap(mc, mc.exact_ratio), ratio_gap(mc)
    assert abs(z_exact) <= Z_NOISE < abs(z_theory)
    assert "a real gap, which the exact value accounts for" in text(tab, 2)
    assert "smooth at its peak the gap closes like 1/n" in text(tab, 2)


def test_gap_and_winner_verdicts_follow_the_numbers():
    params = MODEL.params()
    mc = MODEL.compute(dataclasses.replace(params, replicates=400)).mc
    exact = mc.exact_ratio
    far = dataclasses.replace(mc, var_median=mc.var_mean * exact * 2)
    assert ratio_gap(far, exact) > Z_NOISE and "unusually far" in mc_html(params, far)
    near = dataclasses.replace(mc, var_median=mc.var_mean * exact)
    assert ratio_gap(near, exact) == pytest.approx(0.0, abs=1e-12)
    assert "Monte Carlo noise" in mc_html(params, near)
    at_limit = dataclasses.replace(mc, var_median=mc.var_mean * mc.theory_ratio)
    assert "cannot be told apart" in mc_html(params, at_limit)
    tie = dataclasses.replace(mc, var_median=mc.var_mean)
    assert winner(tie) == "tie" and "too close to call" in mc_html(params, tie)
    assert winner(near) == "mean"
    streaming = dataclasses.replace(mc, exact_ratio=math.nan)
    assert "follows once every sample is drawn" in mc_html(params, streaming)


@pytest.mark.parametrize("suffix", ["json", "csv", "png", "svg"])
def test_cli_export(qapp, tmp_path, suffix):
    out = tmp_path / f"likelihood.{suffix}"
    args = ["export", "likelihood", "--preset", "laplace-noise", "--set", "replicates=200"]
    assert cli_main([*args, "--out", str(out)]) == 0
    assert out.stat().st_size > 1000
    if suffix == "json":
        doc = json.loads(out.read_text())
        assert doc["params"]["noise"] == "laplace"
        assert set(doc["series"]) >= {"nll/laplace", "loss/l1", "total_loss/huber", "lp_variance"}
        assert doc["metrics"]["theory_ratio"] == 0.5
    if suffix == "csv":
        assert out.read_text().splitlines()[0].startswith("x,nll/laplace,loss/l1,loss/l2")


def test_loose_source_claims_hold_for_the_noises_they_name():
    # "the median beats the mean for Laplace, contaminated or Cauchy noise"
    for preset in ("laplace-noise", "contaminated-noise"):
        params = MODEL.params(preset)
        assert params.noise_model.theory_ratio() < 1
    assert math.isnan(MODEL.params("cauchy").noise_model.theory_ratio())  # mean: no variance


def test_sample_text_for_even_n_with_equal_middles_and_huber_number():
    params = MODEL.params(values={"n": 4})
    fit = MODEL.compute(dataclasses.replace(params, replicates=10)).fit
    tied = dataclasses.replace(
        fit, y=np.array([0.0, 1.0, 1.0, 3.0]), median_low=1.0, median_high=1.0
    )
    html = sample_html(params, tied)
    assert "n = 4 is even, but the two middle values are equal" in html
    assert "many solutions" not in html
    assert f"c = {fit.huber_c:.4g}" in sample_html(params, fit)


def test_lp_text_quotes_the_ratio_to_the_mean_and_off_range_counts(qtbot, tab):
    tab.apply_preset("cauchy")
    qtbot.waitUntil(finished_with(tab, nu=1.0, noise="student_t"), timeout=WAIT_MS)
    mc = tab.finished_run.mc
    v4, v2 = mc.lp_var[mc.p_grid == 4.0][0], mc.lp_var[mc.p_grid == 2.0][0]
    assert f"{v4 / v2:.4g}× that of the mean" in text(tab, 3)
    assert mc.mean_outside > 0
    assert f"Off the plotted range: {mc.mean_outside} means" in text(tab, 2)


def test_state_round_trips_and_bad_state_changes_nothing(qtbot, tab):
    tab.apply_preset("uniform-noise")
    tab.views.setCurrentIndex(2)
    state = json.loads(json.dumps(tab.state()))
    assert state["params"]["noise"] == "uniform" and state["preset"] == "uniform-noise"
    tab.reset_defaults()
    qtbot.waitUntil(finished_with(tab, noise="gaussian"), timeout=WAIT_MS)
    tab.restore(state)
    qtbot.waitUntil(finished_with(tab, noise="uniform", n=21), timeout=WAIT_MS)
    assert tab.preset == "uniform-noise" and tab.views.currentIndex() == 2
    with pytest.raises(ValueError, match="noise='poisson'"):
        tab.restore({"params": {"noise": "poisson"}})
    assert tab.form.values()["noise"] == "uniform"


def test_only_the_chosen_noise_s_own_parameter_is_enabled(qtbot, tab):
    assert not tab.form.editor("nu").isEnabled()
    assert not tab.form.editor("epsilon").isEnabled()
    combo = tab.form.editor("noise")
    combo.setCurrentIndex(combo.findData("student_t"))
    assert tab.form.editor("nu").isEnabled() and not tab.form.editor("epsilon").isEnabled()
    qtbot.waitUntil(finished_with(tab, noise="student_t"), timeout=WAIT_MS)
    tab.apply_link("set:noise=contaminated")
    assert tab.form.editor("epsilon").isEnabled() and not tab.form.editor("nu").isEnabled()


def test_standard_error_counts_read_as_two_figures():
    assert [zs(z) for z in (0.1546, -4.104, 37.2, 412.6)] == ["0.15", "4.1", "37", "413"]


@pytest.mark.parametrize(
    ("noise", "scale", "expected"),
    [
        ("gaussian", 2.0, "e²/8 + 1.612. Drop 1.612, multiply by 8: e²"),
        ("laplace", 0.5, "|e|/0.5 + 0. Drop 0, multiply by 0.5: |e|"),
        ("uniform", 3.0, "log(2a) = 1.792 for |e| ≤ 3"),
    ],
)
def test_noise_text_quotes_the_constants_the_derivation_drops(noise, scale, expected):
    params = MODEL.params(values={"noise": noise, "scale": scale})
    html = noise_html(params, noise_curves(params))
    assert expected in html
    const = float(params.noise_model.nll(np.zeros(1))[0])  # −log f(0): what is dropped
    assert f"{const:.4g}" in html
