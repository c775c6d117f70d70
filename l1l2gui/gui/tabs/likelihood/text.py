"""The Likelihood tab's four explanations, every number taken from the current result.

Links ``set:key=value&key=value`` are "try this" anchors: the tab applies them.
"""

from __future__ import annotations

import math

import numpy as np

from ....core.likelihood import LikelihoodParams, NoiseCurves, SampleFit
from ....core.montecarlo import MonteCarlo
from ...palette import HUBER_COLOR, L1_COLOR, L2_COLOR

Z_NOISE = 3.0  # a gap within 3 standard errors is called Monte Carlo noise


def num(x: float) -> str:
    return f"{x:.4g}" if math.isfinite(x) else "∞" if x > 0 else "undefined"


def zs(z: float) -> str:
    """A distance in standard errors, to two figures: 0.15, 4.1, 37, 412."""
    z = abs(z)
    return f"{z:.2g}" if z < 100 else f"{z:.0f}"


def ses(z: float) -> str:
    """``zs(z)`` with its unit: "1 standard error", "0.5 standard errors"."""
    text = zs(z)
    return f"{text} standard error" + ("" if text == "1" else "s")


def link(text: str, **values: object) -> str:
    query = "&".join(f"{k}={v}" for k, v in values.items())
    return f'<a href="set:{query}">{text}</a>'


L1 = f'<b style="color:{L1_COLOR}">L1</b>'
L2 = f'<b style="color:{L2_COLOR}">L2</b>'
HUBER = f'<b style="color:{HUBER_COLOR}">Huber</b>'

LOOSE = (
    "<h3>Where the source is loose</h3><ul>"
    "<li>Gauss–Markov says least squares is the best <i>linear unbiased</i> estimator; "
    "it does not make L2 the best loss: the median is not linear, and beats the mean "
    "for Laplace, contaminated or Cauchy noise (view 3).</li>"
    "<li>The central limit theorem makes an error Gaussian only when it is a sum of many "
    "small independent effects; one large effect (an outlier, a glitch) is not averaged away.</li>"
    "<li>Its closing line, Laplace errors call for L1, is exactly what view 3 measures.</li></ul>"
)


def noise_html(params: LikelihoodParams, curves: NoiseCurves) -> str:
    """View 1: the derivation's steps for the chosen noise, with its constants."""
    s, noise = params.scale, params.noise_model
    const = float(noise.nll(np.zeros(1))[0])
    steps = (
        "<p>Errors e<sub>i</sub> = y<sub>i</sub> − c are independent with density f, so the "
        "likelihood of c is Π f(e<sub>i</sub>). The logarithm is increasing: maximizing it is "
        "minimizing Σ −log f(e<sub>i</sub>), the <b>negative log-likelihood</b> (NLL). "
        "Adding a constant or multiplying by a positive one moves no minimum.</p>"
    )
    if params.noise == "gaussian":
        body = (
            f"<p>Gaussian, σ = {num(s)}: −log f(e) = e²/(2σ²) + log(σ√(2π)) = "
            f"e²/{num(2 * s * s)} + {num(const)}. Drop {num(const)}, multiply by "
            f"{num(2 * s * s)}: e². Minimizing Σe<sub>i</sub>² is {L2}, and its minimizer "
            "is the mean. The thick curve is exactly the green one.</p>"
        )
    elif params.noise == "laplace":
        body = (
            f"<p>Laplace, b = {num(s)}: −log f(e) = |e|/b + log(2b) = |e|/{num(s)} + "
            f"{num(const)}. Drop {num(const)}, multiply by {num(s)}: |e|. Minimizing "
            f"Σ|e<sub>i</sub>| is {L1}, and its minimizer is the median. The thick curve is "
            "exactly the blue one.</p>"
        )
    elif params.noise == "student_t":
        body = (
            f"<p>Student t, ν = {num(params.nu)}, s = {num(s)}: −log f(e) = "
            f"{num((params.nu + 1) / 2)}·log(1 + e²/{num(params.nu * s * s)}) + "
            f"{num(const)}. Scaled by {num(curves.factor)} it matches e² near 0, but grows "
            "only like log|e|: a far point costs little, so it barely pulls the estimate. "
            f"Neither {L1} nor {L2} is the MLE here.</p>"
        )
    elif params.noise == "uniform":
        body = (
            f"<p>Uniform on [−{num(s)}, {num(s)}]: −log f(e) = log(2a) = {num(const)} for "
            f"|e| ≤ {num(s)} and +∞ beyond (the walls). Every c within {num(s)} of all points "
            "is equally likely: only the extreme points matter, which is why large powers p "
            "do well here (view 4).</p>"
        )
    else:
        body = (
            f"<p>Contaminated: a share ε = {num(params.epsilon)} of the errors comes from a "
            f"Gaussian 10× wider than σ = {num(s)}. Scaled by {num(curves.factor)} the NLL is "
            "e² near 0, then bends over to a parabola 100× flatter: the outliers' own "
            f"likelihood. Far points cost much less than under {L2}.</p>"
        )
    tries = (
        "<p>Try: "
        + ", ".join(
            [
                link("Gaussian", noise="gaussian"),
                link("Laplace", noise="laplace"),
                link("Student t, ν = 1", noise="student_t", nu=1),
                link("uniform", noise="uniform"),
                link("contaminated", noise="contaminated", epsilon=0.1),
            ]
        )
        + ".</p>"
    )
    return f"<html><body>{steps}{body}{tries}{LOOSE}</body></html>"


def sample_html(params: LikelihoodParams, fit: SampleFit) -> str:
    """View 2: the three minimizers of this sample, and the flat bottom when n is even."""
    n = params.n
    head = (
        f"<p>{n} points y = μ + noise, μ = {num(params.mu)}, seed {params.seed} (the Monte "
        "Carlo's first replicate). Each curve is a total loss over the candidate c:</p><ul>"
        f"<li>{L2}: minimized at the mean, c = {num(fit.mean)}.</li>"
        f"<li>{L1}: minimized at the median, c = {num(fit.median)}.</li>"
        f"<li>{HUBER} (δ = {num(params.huber_delta)}): minimized at c = {num(fit.huber_c)}.</li>"
        "</ul>"
    )
    if fit.flat_bottom:
        bottom = (
            f"<p><b>n = {n} is even: L1 has many solutions.</b> Every c from "
            f"{num(fit.median_low)} to {num(fit.median_high)} (the shaded flat bottom, width "
            f"{num(fit.median_high - fit.median_low)}) gives the same Σ|y − c|: moving c "
            "inside it brings as many points closer as it moves away. The usual median is "
            "its midpoint.</p>"
        )
    elif n % 2 == 0:
        bottom = f"<p>n = {n} is even, but the two middle values are equal: a single minimizer.</p>"
    else:
        bottom = (
            f"<p>n = {n} is odd: the L1 total has one minimizer, the middle value; its "
            "slope jumps by 2 at every data point.</p>"
        )
    tries = (
        "<p>Try: "
        + ", ".join(
            [
                link("n = 6 (a flat bottom)", n=6),
                link("n = 7", n=7),
                link("Huber δ = 0.01 (near L1)", huber_delta=0.01),
                link("Huber δ = 100 (near L2)", huber_delta=100),
                link("Cauchy noise", noise="student_t", nu=1),
            ]
        )
        + ".</p>"
    )
    return f"<html><body>{head}{bottom}{tries}</body></html>"


def ratio_gap(mc: MonteCarlo, reference: float | None = None) -> float:
    """How many standard errors log(measured/reference) is from 0 (reference: the large-n
    ratio unless given; NaN without a reference or a standard error)."""
    ref = mc.theory_ratio if reference is None else reference
    if not (math.isfinite(ref) and mc.se_log_ratio > 0):
        return math.nan
    return math.log(mc.efficiency_ratio / ref) / mc.se_log_ratio


REASONS = {
    "laplace": "For Laplace noise the gap closes only like 1/√n: the density has a kink at its "
    "peak, and the median's variance approaches 1/(4n·f(0)²) slowly.",
    "uniform": "For uniform noise the exact ratio is 3n/(n+2) for odd n and 3n²/((n+1)(n+2)) "
    "for even n: it reaches 3 only as n grows.",
}
SMOOTH_REASON = "For a density smooth at its peak the gap closes like 1/n."


def winner(mc: MonteCarlo) -> str:
    """'mean', 'median' or 'tie' (within two standard errors of a ratio of 1, when known)."""
    r, se = mc.efficiency_ratio, mc.se_log_ratio
    if not math.isfinite(r) or r == 1 or (math.isfinite(se) and abs(math.log(r)) <= 2 * se):
        return "tie"
    return "mean" if r > 1 else "median"


def no_se_reason(params: LikelihoodParams, mc: MonteCarlo) -> str:
    """Why the ratio has no standard error, in words that fit this noise."""
    if mc.done < 2:
        return "fewer than two samples drawn so far"
    if params.noise == "student_t" and params.nu <= 4:
        return (
            f"with ν = {num(params.nu)} ≤ 4 the mean's fourth moment is infinite, and the "
            "replicates cannot say how far off the measured variance is"
        )
    return "the replicates' moments give none (the two estimates hardly differ)"


def coincide_html(params: LikelihoodParams, mc: MonteCarlo) -> str:
    """View 3 for n ≤ 2: the median of two values is their mean, so nothing is measured."""
    parts = [
        f"<p>{mc.done} of {mc.total} samples of n = {params.n} drawn. Over them "
        f"var(mean) = {num(mc.var_mean)} and var(median) = {num(mc.var_median)}.</p>",
        f"<p><b>With n = {params.n} the median is the mean.</b> The median of two values is "
        "their midpoint (y₁ + y₂)/2, which is their mean: the two estimators give the same "
        "number on every sample, so they scatter identically and neither wins. A difference "
        "in the last digits is rounding, not Monte Carlo noise.</p>",
    ]
    if math.isnan(mc.theory_ratio):
        parts.append(
            f"<p>With ν = {num(params.nu)} ≤ 2 the noise has no variance, and neither has "
            "the mean (= the median) here: the measured variance keeps growing as samples "
            "accumulate.</p>"
        )
    else:
        parts.append(
            f"<p>The large-n ratio 1/(4f(0)²σ²) = {num(mc.theory_ratio)} describes the "
            f"median only as n grows; from n = 3 on the two estimators differ "
            f"({link('try n = 3', n=3)}).</p>"
        )
    return "<html><body>" + "".join(parts) + "</body></html>"


def mc_html(params: LikelihoodParams, mc: MonteCarlo) -> str:
    """View 3: the variances, the ratio against theory, and why they differ."""
    if params.n <= 2:
        return coincide_html(params, mc)
    r, se = mc.efficiency_ratio, mc.efficiency_ratio * mc.se_log_ratio
    has_se = math.isfinite(se)
    error = (
        f" ± {se:.2g} (standard error)"
        if has_se
        else f" (no standard error: {no_se_reason(params, mc)})"
    )
    parts = [
        f"<p>{mc.done} of {mc.total} samples of n = {params.n} drawn. Over them "
        f"var(mean) = {num(mc.var_mean)} and var(median) = {num(mc.var_median)}, so "
        f"<b>var(median)/var(mean) = {num(r)}</b>{error}.</p>"
    ]
    win = winner(mc)
    tie = (
        "<p>Within two standard errors of 1: too close to call with these samples.</p>"
        if has_se
        else "<p>The two variances are equal on these samples: neither wins.</p>"
        if r == 1
        else "<p>No verdict: the ratio is undefined so far.</p>"
    )
    parts.append(
        {
            "mean": f"<p>The mean ({L2}) wins: its estimates scatter less.</p>",
            "median": f"<p>The median ({L1}) wins: its estimates scatter less.</p>",
            "tie": tie,
        }[win]
    )
    if math.isnan(mc.theory_ratio):
        parts.append(
            f"<p>With ν = {num(params.nu)} ≤ 2 the noise has no variance, and neither has the "
            "mean: var(mean) keeps growing as samples accumulate and the ratio has no large-n "
            "value. The median's variance is finite.</p>"
        )
    else:
        parts.append(theory_html(params, mc))
    if params.noise == "laplace":
        parts.append(
            "<p>This is the source's closing line, measured: with Laplace errors the "
            f"median's variance is {num(r)}× the mean's.</p>"
        )
    if mc.mean_outside or mc.median_outside:
        parts.append(
            f"<p>Off the plotted range: {mc.mean_outside} means, {mc.median_outside} medians.</p>"
        )
    tries = [
        link("Gaussian", noise="gaussian"),
        link("Laplace", noise="laplace"),
        link("Laplace with n = 201", noise="laplace", n=201),
        link("contaminated", noise="contaminated", epsilon=0.1),
        link("Cauchy", noise="student_t", nu=1),
        link("10,000 samples", replicates=10000),
    ]
    parts.append("<p>Try: " + ", ".join(tries) + ".</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"


def theory_html(params: LikelihoodParams, mc: MonteCarlo) -> str:
    """Measured, exact-at-this-n and large-n ratios, and what their gaps mean."""
    r, exact, theory, n = mc.efficiency_ratio, mc.exact_ratio, mc.theory_ratio, params.n
    out = (
        f"<p>Large-n theory: var(median) ≈ 1/(4n·f(0)²), var(mean) = σ²/n, ratio "
        f"1/(4f(0)²σ²) = <b>{num(theory)}</b>."
    )
    if math.isfinite(exact):
        out += (
            f" Exact at n = {n} (the median's order-statistic density, integrated): "
            f"<b>{num(exact)}</b>, {100 * (exact / theory - 1):+.3g} % from the limit.</p>"
        )
    else:
        return out + " (The exact value at this n follows once every sample is drawn.)</p>"
    z_exact, z_theory = ratio_gap(mc, exact), ratio_gap(mc)
    if math.isnan(z_exact):
        return out + (
            f"<p>Measured {num(r)}: without a standard error, how far it may sit from "
            "either value by chance is unknown.</p>"
        )
    out += f"<p>The measured ratio is {ses(z_exact)} from the exact value: " + (
        "Monte Carlo noise."
        if abs(z_exact) <= Z_NOISE
        else "unusually far (beyond 3 happens about 3 times in 1000)."
    )
    if abs(z_theory) > Z_NOISE:
        out += (
            f" It is {ses(z_theory)} from the large-n value: a real gap, "
            f"which the exact value accounts for. The theory is a limit and n = {n}. "
            + REASONS.get(params.noise, SMOOTH_REASON)
        )
    else:
        out += (
            f" From the large-n value it is {ses(z_theory)}: at this n "
            "and this many samples the two cannot be told apart."
        )
    return out + "</p>"
