"""The Likelihood tab's sentences at the edges: the grid's ends in view 4, n = 2 (the median
is the mean), a missing standard error, ties within the Monte Carlo error."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from l1l2gui.core.likelihood import LikelihoodParams, monte_carlo
from l1l2gui.core.order_stats import uniform_midrange_variance
from l1l2gui.core.presets import find_preset
from l1l2gui.gui.tabs.likelihood.lp_text import best_p, lp_html, near_best
from l1l2gui.gui.tabs.likelihood.text import mc_html, ses


def plain(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub("<[^>]+>", "", html))


def finished(**values) -> tuple[LikelihoodParams, object]:
    params = LikelihoodParams(**values)
    *_, mc = monte_carlo(params)
    return params, mc


def test_uniform_preset_says_best_p_is_the_largest_tried_and_still_falling():
    params, mc = finished(**find_preset("uniform-noise").as_mapping())
    best = best_p(mc)
    assert best == mc.p_grid[-1] == 6
    assert mc.lp_var[-1] < mc.lp_var[-2]
    text = plain(lp_html(params, mc))
    assert "6 is the largest p tried, and the variance is still falling there" in text
    mid = uniform_midrange_variance(params.scale, params.n)
    # the midrange (p → ∞) by brute force: its variance over the same draws
    rng = np.random.default_rng(1)
    y = rng.uniform(-params.scale, params.scale, (200_000, params.n))
    assert np.var(0.5 * (y.min(axis=1) + y.max(axis=1))) == pytest.approx(mid, rel=0.02)
    assert mid < mc.lp_var[-1] and f"= {mid:.4g} is lower still" in text


def test_heavy_tails_flag_the_lower_end_of_the_grid():
    params, mc = finished(noise="student_t", nu=1, n=5, replicates=1000)
    assert best_p(mc) == 1.0
    text = plain(lp_html(params, mc))
    assert "1 is the smallest p tried (the median)" in text
    assert "largest p tried" not in text


@pytest.mark.parametrize("noise", ["gaussian", "laplace", "uniform"])
def test_n2_the_median_is_the_mean_and_every_p_ties(noise):
    params, mc = finished(noise=noise, n=2, replicates=500)
    # the two estimators coincide: the variances agree to rounding, and so do all L_p
    assert mc.var_median == pytest.approx(mc.var_mean, rel=1e-12)
    assert np.ptp(mc.lp_var) <= 1e-12 * mc.lp_var.max()
    text3 = plain(mc_html(params, mc))
    assert "With n = 2 the median is the mean" in text3
    assert "standard error" not in text3 and "ν" not in text3
    text4 = plain(lp_html(params, mc))
    assert "Every p ties here" in text4
    assert "Best p" not in text4 and "wins" not in text4


def test_uniform_without_a_standard_error_never_names_nu_nor_compares_to_it():
    params, mc = finished(noise="uniform", n=5, replicates=200)
    blank = dataclasses.replace(mc, se_log_ratio=float("nan"), var_median=mc.var_mean)
    text = plain(mc_html(params, blank))
    assert "ν" not in text and "no standard error" in text
    assert "two standard errors" not in text
    assert "equal on these samples" in text


def test_a_near_tie_between_powers_is_named_not_declared_a_win():
    params, mc = finished(noise="laplace", n=21, replicates=300)
    tied, known = near_best(mc)
    assert known
    b = int(np.nanargmin(mc.lp_var))
    se = mc.lp_diff_se[b]
    for q, v, s in zip(mc.p_grid, mc.lp_var, se, strict=True):
        assert (q in tied) == (q == mc.p_grid[b] or v - mc.lp_var[b] <= 2 * s)
    text = plain(lp_html(params, mc))
    others = [q for q in tied if q != best_p(mc)]
    assert ("within two standard errors of it" in text) == bool(others)


def test_paired_standard_error_of_a_variance_difference_matches_replication():
    """The delta-method SE of v_i − v_j against the spread over independent seeds."""
    diffs = []
    for seed in range(40):
        _, mc = finished(noise="laplace", n=9, replicates=200, seed=seed)
        diffs.append(mc.lp_var[0] - mc.lp_var[2])
    _, mc = finished(noise="laplace", n=9, replicates=200, seed=99)
    assert np.std(diffs) == pytest.approx(mc.lp_diff_se[0, 2], rel=0.35)


def test_standard_error_is_singular_at_one():
    assert ses(1.0) == "1 standard error"
    assert ses(0.96) == "0.96 standard errors"
    assert ses(12) == "12 standard errors"


def test_titles_and_links_render_p_as_a_subscript_or_superscript_and_links_differ(qapp):
    from l1l2gui.core.likelihood import LIKELIHOOD_FIELDS
    from l1l2gui.gui.tabs.likelihood.figure import LpView, ViewFigure

    figure = ViewFigure(LpView)
    view = figure.view
    assert view.plot.titleLabel.text == "L<sub>p</sub> estimate: variance by p"
    assert "<sup>p</sup>" in view.plot.getAxis("bottom").labelText
    field = next(f for f in LIKELIHOOD_FIELDS if f.name == "p")
    assert "_" not in field.label and "^" not in field.help
    params, mc = finished(noise="laplace", n=5, replicates=50)
    html = mc_html(params, mc) + lp_html(params, mc)
    assert "L_p" not in html and "|^p" not in html
    links = re.findall(r">([^<]+)</a>", mc_html(params, mc))
    assert len(links) == len(set(links)) and "Laplace with n = 201" in links
