"""The Likelihood tab's core against closed forms, SciPy and brute force."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

from l1l2gui.core.estimators import (
    huber_location,
    lp_locations,
    median_interval,
    total_huber,
    total_l1,
    total_l2,
)
from l1l2gui.core.likelihood import (
    LikelihoodParams,
    first_sample,
    likelihood_metrics,
    likelihood_series,
    noise_curves,
    sample_fit,
)
from l1l2gui.core.montecarlo import (
    LP_GRID,
    block_rows,
    run_monte_carlo,
    sample_blocks,
)
from l1l2gui.core.noise import NOISES, OUTLIER_WIDTH, Noise
from l1l2gui.core.order_stats import exact_ratio, median_variance, uniform_ratio
from l1l2gui.core.tabs import tab_model

MODEL = tab_model("likelihood")
E = np.linspace(-7, 7, 141)


def scipy_dist(noise: Noise):
    """The same distribution built from SciPy (a mixture as a pdf function)."""
    s = noise.scale
    if noise.kind == "gaussian":
        return stats.norm(scale=s)
    if noise.kind == "laplace":
        return stats.laplace(scale=s)
    if noise.kind == "student_t":
        return stats.t(noise.nu, scale=s)
    if noise.kind == "uniform":
        return stats.uniform(loc=-s, scale=2 * s)
    return None


def mixture_pdf(noise: Noise, e):
    eps, s = noise.epsilon, noise.scale
    return (1 - eps) * stats.norm.pdf(e, scale=s) + eps * stats.norm.pdf(e, scale=OUTLIER_WIDTH * s)


NOISE_CASES = [
    Noise("gaussian", 1.7),
    Noise("laplace", 0.6),
    Noise("student_t", 2.0, nu=3.5),
    Noise("student_t", 1.0, nu=1.0),
    Noise("uniform", 1.3),
    Noise("contaminated", 0.8, epsilon=0.1),
    Noise("contaminated", 1.0, epsilon=0.0),
]


@pytest.mark.parametrize("noise", NOISE_CASES, ids=repr)
def test_nll_is_minus_scipy_logpdf(noise):
    dist = scipy_dist(noise)
    expected = -np.log(mixture_pdf(noise, E)) if dist is None else -dist.logpdf(E)
    got = noise.nll(E)
    finite = np.isfinite(expected)
    assert np.array_equal(np.isfinite(got), finite)
    assert np.allclose(got[finite], expected[finite], rtol=1e-12, atol=1e-12)
    assert integrate.quad(lambda x: noise.pdf(np.array([x]))[0], -np.inf, np.inf, limit=200)[
        0
    ] == pytest.approx(1.0, abs=1e-7)


@pytest.mark.parametrize("noise", NOISE_CASES, ids=repr)
def test_variance_matches_integration(noise):
    if noise.kind == "student_t" and noise.nu <= 2:
        assert noise.variance() == math.inf
        assert math.isnan(noise.theory_ratio())
        return
    var = integrate.quad(lambda x: x * x * noise.pdf(np.array([x]))[0], -np.inf, np.inf)[0]
    if noise.kind == "uniform":  # quad struggles with the jumps
        var = integrate.quad(lambda x: x * x / (2 * noise.scale), -noise.scale, noise.scale)[0]
    assert noise.variance() == pytest.approx(var, rel=1e-6)
    # the large-n ratio 1/(4 f(0)² σ²) with f(0) from SciPy
    f0 = mixture_pdf(noise, 0.0) if scipy_dist(noise) is None else scipy_dist(noise).pdf(0.0)
    assert noise.theory_ratio() == pytest.approx(1 / (4 * f0**2 * var), rel=1e-6)


def test_theory_ratios_in_closed_form():
    assert Noise("gaussian", 3.0).theory_ratio() == pytest.approx(math.pi / 2)
    assert Noise("laplace", 0.2).theory_ratio() == pytest.approx(0.5)
    assert Noise("uniform", 5.0).theory_ratio() == pytest.approx(3.0)
    nu = 5.0
    f0 = math.gamma(3) / (math.sqrt(5 * math.pi) * math.gamma(2.5))
    assert Noise("student_t", 1.0, nu=nu).theory_ratio() == pytest.approx(
        1 / (4 * f0**2 * nu / (nu - 2))
    )
    eps = 0.1
    expected = (math.pi / 2) / ((1 - 0.9 * eps) ** 2 * (1 + 99 * eps))
    assert Noise("contaminated", 2.0, epsilon=eps).theory_ratio() == pytest.approx(expected)
    assert math.isnan(Noise("student_t", 1.0, nu=2.0).theory_ratio())  # boundary: ν = 2


def test_nll_up_to_constants_is_l2_for_gaussian_and_l1_for_laplace():
    e = np.linspace(-9, 9, 181)
    assert np.allclose(Noise("gaussian", 2.5).nll_shape(e), e * e, rtol=1e-12, atol=1e-12)
    assert np.allclose(Noise("laplace", 0.3).nll_shape(e), np.abs(e), rtol=1e-12, atol=1e-12)
    uniform = Noise("uniform", 2.0).nll_shape(e)
    assert np.all(uniform[np.abs(e) <= 2] == 0)
    assert np.all(np.isinf(uniform[np.abs(e) > 2]))


@pytest.mark.parametrize(
    "noise", [Noise("student_t", 1.5, nu=4.0), Noise("contaminated", 0.7, epsilon=0.3)], ids=repr
)
def test_smooth_nll_shape_has_the_curvature_of_l2_at_zero(noise):
    h = 1e-4
    shape = noise.nll_shape(np.array([-h, 0.0, h]))
    assert shape[1] == 0
    assert (shape[0] + shape[2]) / h**2 == pytest.approx(2.0, rel=1e-5)  # e² has curvature 2


@pytest.mark.parametrize("kind", NOISES)
def test_samplers_follow_their_distribution(kind):
    noise = Noise(kind, 1.3, nu=4.0, epsilon=0.2)
    draws = noise.sample(np.random.default_rng(5), (20_000,))
    dist = scipy_dist(noise)

    def cdf(x):
        if dist is not None:
            return dist.cdf(x)
        return 0.8 * stats.norm.cdf(x, scale=1.3) + 0.2 * stats.norm.cdf(x, scale=13.0)

    assert stats.kstest(draws, cdf).pvalue > 1e-3


def test_median_interval_even_and_odd():
    assert median_interval(np.array([3.0, 1.0, 2.0])) == (2.0, 2.0)
    assert median_interval(np.array([4.0, 1.0, 3.0, 2.0])) == (2.0, 3.0)
    # brute force: the L1 total is flat (to rounding) exactly on that interval
    y = np.random.default_rng(1).normal(size=8)
    lo, hi = median_interval(y)
    c = np.linspace(y.min() - 1, y.max() + 1, 20_001)
    total = total_l1(y, c)
    flat = c[total <= total.min() + 1e-9]
    assert flat.min() == pytest.approx(lo, abs=2e-4)
    assert flat.max() == pytest.approx(hi, abs=2e-4)
    assert hi > lo


@pytest.mark.parametrize("delta", [1e-3, 0.3, 1.345, 50.0])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_huber_location_is_the_exact_minimizer(delta, seed):
    y = np.random.default_rng(seed).standard_t(2, size=15 + seed)
    got = huber_location(y, delta)
    # the estimating equation holds to rounding
    assert abs(np.clip(got - y, -delta, delta).sum()) < 1e-9 * max(1.0, delta)
    ref = optimize.minimize_scalar(
        lambda c: total_huber(y, np.array([c]), delta)[0],
        bounds=(y.min(), y.max()),
        method="bounded",
        options={"xatol": 1e-12},
    )
    assert total_huber(y, np.array([got]), delta)[0] <= ref.fun + 1e-12
    if delta == 50.0:  # every residual inside δ: Huber is the mean
        assert got == pytest.approx(y.mean(), abs=1e-12)


def test_totals_match_sums():
    y = np.array([0.0, 1.0, 5.0])
    c = np.array([1.0, 2.0])
    assert np.array_equal(total_l1(y, c), [5.0, 6.0])
    assert np.array_equal(total_l2(y, c), [17.0, 14.0])
    assert np.allclose(total_huber(y, c, 1.0), [0.5 + 0 + 3.5, 1.5 + 0.5 + 2.5])


@pytest.mark.parametrize("p", [1.25, 1.5, 2.5, 3.0, 4.0, 4.7, 6.0])
def test_lp_locations_solve_the_estimating_equation(p):
    y = np.random.default_rng(3).standard_t(3, size=(40, 11))
    got = lp_locations(y, p)
    for row, c in zip(y, got, strict=True):

        def g(v, row=row):
            return np.sum(np.sign(v - row) * np.abs(v - row) ** (p - 1))

        ref = optimize.brentq(g, row.min(), row.max(), xtol=1e-15, rtol=1e-15)
        assert c == pytest.approx(ref, abs=1e-12)


def test_lp_at_one_and_two_are_median_and_mean():
    y = np.random.default_rng(4).normal(size=(5, 6))
    assert np.array_equal(lp_locations(y, 1.0), np.median(y, axis=1))
    assert np.array_equal(lp_locations(y, 2.0), y.mean(axis=1))


def test_first_sample_is_the_monte_carlos_first_replicate():
    for noise in NOISES:
        params = LikelihoodParams(noise=noise, n=7, replicates=50, seed=9)
        block = next(sample_blocks(params.noise_model, 0.0, 7, 50, 9))
        assert np.array_equal(first_sample(params), block[0])


def test_sample_fit_minimizers_match_the_grid():
    params = LikelihoodParams(noise="laplace", n=6, seed=3)
    fit = sample_fit(params)
    assert fit.flat_bottom
    assert fit.mean == pytest.approx(fit.y.mean())
    assert fit.c[np.argmin(fit.l2)] == pytest.approx(fit.mean, abs=1e-12)
    assert fit.c[np.argmin(fit.huber)] == pytest.approx(fit.huber_c, abs=1e-12)
    bottom = fit.c[fit.l1 <= fit.l1.min() + 1e-12]
    assert bottom.min() == fit.median_low and bottom.max() == fit.median_high
    odd = sample_fit(LikelihoodParams(n=7))
    assert not odd.flat_bottom and odd.median == np.median(odd.y)


def test_noise_curves_put_zero_on_the_grid():
    cur = noise_curves(LikelihoodParams(scale=2.0))
    assert cur.e[cur.e.size // 2] == 0.0
    assert cur.e[0] == -10.0 and cur.e[-1] == 10.0
    assert np.allclose(cur.nll, cur.l2)


def mc_until_pass1(noise, n, replicates, seed=0):
    """The first snapshot that has every replicate's mean and median (pass 2 is skipped)."""
    stream = run_monte_carlo(noise, 0.0, n, replicates, seed, 2.0)
    for mc in stream:
        if mc.done == replicates:
            stream.close()
            return mc
    raise AssertionError("no snapshot")


def exact_median_variance(noise: Noise, n: int) -> float:
    """Var of the median of an odd sample, from the order-statistic density (SciPy)."""
    m = n // 2
    dist = scipy_dist(noise)
    logc = -special.betaln(m + 1, m + 1)

    def g(x):
        return x * x * math.exp(logc + m * (dist.logcdf(x) + dist.logsf(x)) + dist.logpdf(x))

    return 2 * integrate.quad(g, 0, np.inf, limit=200)[0]


@pytest.mark.parametrize("kind", ["gaussian", "laplace", "uniform"])
def test_monte_carlo_ratio_converges_to_the_exact_finite_n_value(kind):
    # R = 20000 replicates of n = 31. The snapshot carries a delta-method standard
    # error of log(ratio), computed from the replicates' fourth moments; the measured
    # ratio must be within 4 of them of the exact ratio at this n (a false failure
    # has probability ~6e-5). The exact value comes from an independent route: the
    # median's order-statistic density integrated by SciPy (uniform: 3n/(n+2)).
    noise = Noise(kind, 1.0)
    n, reps = 31, 20_000
    mc = mc_until_pass1(noise, n, reps)
    exact = exact_median_variance(noise, n) / (noise.variance() / n)
    if kind == "uniform":
        assert exact == pytest.approx(uniform_ratio(n), rel=1e-6)
    assert exact_ratio(noise, n) == pytest.approx(exact, rel=1e-6)
    assert 0.005 < mc.se_log_ratio < 0.05
    assert abs(math.log(mc.efficiency_ratio / exact)) < 4 * mc.se_log_ratio

    # the exact ratio approaches the large-n theory: like 1/n for a smooth density,
    # only like 1/√n for Laplace (its kink at the median), which the tab explains
    def gap(n):
        return exact_median_variance(noise, n) / (noise.variance() / n) - noise.theory_ratio()

    if kind == "laplace":
        assert gap(2001) * math.sqrt(2001) == pytest.approx(gap(501) * math.sqrt(501), rel=0.02)
        assert gap(2001) > 0.015
    else:
        assert abs(gap(2001)) < 4e-3  # uniform: exactly −6/(n + 2)


def test_uniform_ratio_for_even_n_by_simulation_free_integration():
    # even n: the midpoint of U(k), U(k+1) of n = 2k uniforms on (0, 1)
    n = 6
    k = n // 2
    d = (n + 1) ** 2 * (n + 2)
    var_mid = (k * (n + 1 - k) + (k + 1) * (n - k) + 2 * k * (n - k)) / d / 4
    assert uniform_ratio(n) == pytest.approx(4 * var_mid / (1 / (3 * n)))  # on (−1, 1)


def test_monte_carlo_is_deterministic_and_consistent():
    noise = Noise("student_t", 1.0, nu=3.0)
    fast = list(run_monte_carlo(noise, 1.0, 9, 300, 2, 3.25, chunk_seconds=0.0))
    slow = list(run_monte_carlo(noise, 1.0, 9, 300, 2, 3.25, chunk_seconds=60.0))
    assert len(slow) == 1 and len(fast) > 1
    a, b = fast[-1], slow[-1]
    assert a.finished and b.finished
    assert a.var_median == b.var_median and np.array_equal(a.lp_var, b.lp_var)
    assert np.array_equal(a.p_grid, np.unique([*LP_GRID, 3.25]))
    # same samples in both passes: the L_p curve at p = 1 and 2 is the median and the mean
    assert a.lp_var[0] == pytest.approx(a.var_median, rel=1e-9)
    assert a.lp_var[np.flatnonzero(a.p_grid == 2.0)[0]] == pytest.approx(a.var_mean, rel=1e-9)
    assert a.mean_counts.sum() + a.mean_outside == 300
    assert a.median_counts.sum() + a.median_outside == 300
    # against a direct computation on all the samples
    y = np.concatenate(list(sample_blocks(noise, 1.0, 9, 300, 2)))
    assert a.var_mean == pytest.approx(y.mean(axis=1).var(ddof=1), rel=1e-9)
    assert a.var_median == pytest.approx(np.median(y, axis=1).var(ddof=1), rel=1e-9)
    assert block_rows(9) * 9 <= 50_000


def test_cauchy_has_no_theory_ratio_and_exports_null():
    params = MODEL.params("cauchy", {"replicates": 50})
    result = MODEL.compute(params)
    metrics = likelihood_metrics(result)
    assert math.isnan(metrics["theory_ratio"])


def test_series_and_metrics_names():
    result = MODEL.compute(MODEL.params(values={"replicates": 30, "n": 5}))
    assert list(likelihood_series(result)) == [
        "nll/gaussian",
        "loss/l1",
        "loss/l2",
        "total_loss/l1",
        "total_loss/l2",
        "total_loss/huber",
        "lp_variance",
        "histogram/mean",
        "histogram/median",
    ]
    # view 3's histograms: bin centres and counts, every replicate in a bin or counted outside
    series = likelihood_series(result)
    mc = result.mc
    for est, outside in (("mean", mc.mean_outside), ("median", mc.median_outside)):
        x, y = series[f"histogram/{est}"]
        np.testing.assert_allclose(x, (mc.edges[:-1] + mc.edges[1:]) / 2)
        assert y.sum() + outside == 30
    metrics = likelihood_metrics(result)
    for name in ("mean", "median", "var/mean", "var/median", "efficiency_ratio", "theory_ratio"):
        assert name in metrics
    assert metrics["efficiency_ratio"] == metrics["var/median"] / metrics["var/mean"]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("noise", "cauchy", r"noise='cauchy': must be one of gaussian, laplace"),
        ("nu", 0.5, r"nu=0.5: must be between 1 and 100"),
        ("n", 1, r"n=1: must be between 2 and 1001"),
        ("p", 6.5, r"p=6.5: must be between 1 and 6"),
        ("epsilon", 0.6, r"epsilon=0.6"),
    ],
)
def test_bad_values_name_the_parameter(key, value, message):
    with pytest.raises(ValueError, match=message):
        MODEL.params(values={key: value})
    bad = LikelihoodParams(**{key: value})
    with pytest.raises(ValueError, match=message):
        next(MODEL.stream(bad))


def test_contaminated_nll_bends_to_a_parabola_100_times_flatter():
    noise = Noise("contaminated", 1.0, epsilon=0.1)
    h, far = 1e-3, 9.0
    nll = noise.nll(np.array([far - h, far, far + h]))
    curvature = (nll[0] - 2 * nll[1] + nll[2]) / h**2
    assert curvature == pytest.approx(1 / OUTLIER_WIDTH**2, rel=0.01)  # core's curvature is 1


@pytest.mark.parametrize(
    "noise",
    [Noise("gaussian", 1.3), Noise("laplace", 0.7), Noise("student_t", 2.0, nu=2.5)],
    ids=repr,
)
@pytest.mark.parametrize("n", [3, 21, 201])
def test_median_variance_for_odd_n_matches_scipy_quadrature(noise, n):
    assert median_variance(noise, n) == pytest.approx(exact_median_variance(noise, n), rel=1e-6)


@pytest.mark.parametrize("kind", ["gaussian", "laplace", "student_t", "contaminated"])
def test_median_variance_for_even_n(kind):
    noise = Noise(kind, 1.0, nu=5.0, epsilon=0.2)
    # n = 2: the median is the mean of two draws
    assert median_variance(noise, 2) == pytest.approx(noise.variance() / 2, rel=1e-6)
    # n = 6 against 400,000 simulated medians: within 4 standard errors of a variance
    y = noise.sample(np.random.default_rng(11), (400_000, 6))
    med = np.median(y, axis=1)
    se = np.sqrt((np.mean(med**4) - np.mean(med**2) ** 2) / med.size)
    assert abs(median_variance(noise, 6) - np.mean(med**2)) < 4 * se


def test_contaminated_odd_n_matches_quadrature_of_the_mixture():
    noise = Noise("contaminated", 1.0, epsilon=0.1)
    n, m = 11, 5
    pdf = lambda x: mixture_pdf(noise, x)  # noqa: E731
    cdf = lambda x: 0.9 * stats.norm.cdf(x) + 0.1 * stats.norm.cdf(x, scale=10.0)  # noqa: E731
    c = math.exp(math.lgamma(n + 1) - 2 * math.lgamma(m + 1))
    ref = 2 * integrate.quad(lambda x: x * x * c * (cdf(x) * cdf(-x)) ** m * pdf(x), 0, np.inf)[0]
    assert median_variance(noise, n) == pytest.approx(ref, rel=1e-6)


def test_monte_carlo_carries_the_exact_ratio_when_finished():
    mc = list(run_monte_carlo(Noise("laplace"), 0.0, 21, 50, 0, 2.0))[-1]
    assert mc.exact_ratio == exact_ratio(Noise("laplace"), 21)
    assert 0.68 < mc.exact_ratio < 0.69  # n = 21: well above the large-n 1/2
    cauchy = list(run_monte_carlo(Noise("student_t", nu=1.0), 0.0, 21, 50, 0, 2.0))[-1]
    assert math.isnan(cauchy.exact_ratio)


def test_monte_carlo_key_ignores_what_the_monte_carlo_does_not_use():
    from l1l2gui.core.likelihood import monte_carlo_key

    base = LikelihoodParams()
    same = [{"huber_delta": 0.1}, {"p": 2.5}, {"p": 6.0}]
    for change in same:
        assert monte_carlo_key(dataclasses.replace(base, **change)) == monte_carlo_key(base)
    for change in [{"p": 3.25}, {"n": 21}, {"seed": 1}, {"noise": "laplace"}, {"mu": 1.0}]:
        assert monte_carlo_key(dataclasses.replace(base, **change)) != monte_carlo_key(base)


@pytest.mark.parametrize(
    ("preset", "median_wins", "best_p_side"),
    [
        ("gaussian-noise", False, 0),
        ("laplace-noise", True, -1),
        ("heavy-tails", True, -1),
        ("uniform-noise", False, 1),
        ("contaminated-noise", True, -1),
    ],
)
def test_preset_descriptions_hold(preset, median_wins, best_p_side):
    result = MODEL.compute(MODEL.params(preset))
    mc = result.mc
    assert (mc.efficiency_ratio < 1) == median_wins
    best = mc.p_grid[np.nanargmin(mc.lp_var)]
    assert np.sign(best - 2) == best_p_side
