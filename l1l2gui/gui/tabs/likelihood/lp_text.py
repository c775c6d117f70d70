"""The Likelihood tab's view 4: which power p gives the steadiest estimate, with its ties
and the ends of the grid of p said as such."""

from __future__ import annotations

import math

import numpy as np

from ....core.likelihood import LikelihoodParams, lp_variance_at
from ....core.montecarlo import MonteCarlo
from ....core.noise import NOISE_LABELS
from ....core.order_stats import uniform_midrange_variance
from .text import link, num


def best_p(mc: MonteCarlo) -> float:
    """The p of the grid with the smallest measured variance (NaN before any)."""
    ok = np.isfinite(mc.lp_var)
    if not ok.any():
        return math.nan
    return float(mc.p_grid[ok][np.argmin(mc.lp_var[ok])])


def near_best(mc: MonteCarlo) -> tuple[np.ndarray, bool]:
    """The grid's p whose variance is within two paired standard errors of the best one's
    (the best included), and whether every comparison had a standard error."""
    v = mc.lp_var
    b = int(np.nanargmin(v))
    se = mc.lp_diff_se[b] if mc.lp_diff_se is not None else np.full(v.size, np.nan)
    known = np.isfinite(se) & np.isfinite(v)
    known[b] = True
    with np.errstate(invalid="ignore"):
        tied = known & (v - v[b] <= 2 * np.where(known, se, 0.0))
    tied[b] = True
    return mc.p_grid[tied], bool(known[np.isfinite(v)].all())


def ps(values: np.ndarray) -> str:
    return ", ".join(num(float(q)) for q in values)


def edge_html(params: LikelihoodParams, mc: MonteCarlo, best: float, tied: np.ndarray) -> str:
    """When the best p is an end of the grid: say so, and what lies beyond."""
    grid, v = mc.p_grid, mc.lp_var
    if best == grid[-1]:
        falling = tied.size == 1 or grid[-2] not in tied
        out = f"<p>{num(best)} is the largest p tried, and the variance is " + (
            "still falling there: a larger p would do better still."
            if falling
            else "about flat at that end, within the Monte Carlo error."
        )
        if params.noise == "uniform":
            mid = uniform_midrange_variance(params.scale, params.n)
            out += (
                " As p → ∞ the estimate becomes the midrange, the midpoint of the two extreme "
                f"points, whose variance 2a²/((n + 1)(n + 2)) = {num(mid)} is "
                + ("lower still" if mid < v[-1] else "the limit")
                + " (uniform noise: the extremes pin the centre down best)."
            )
        return out + "</p>"
    if best == grid[0]:
        falling = tied.size == 1 or grid[1] not in tied
        return (
            f"<p>{num(best)} is the smallest p tried (the median), and the variance is "
            + ("still falling toward it." if falling else "about flat at that end.")
            + " Below p = 1, Σ|y − c|<sup>p</sup> is concave between data points, so its "
            "minimum sits on a data point: those powers are not tried here.</p>"
        )
    return ""


def lp_html(params: LikelihoodParams, mc: MonteCarlo) -> str:
    """View 4: which power p gives the steadiest estimate under this noise."""
    if mc.lp_done < 2:
        return "<html><body><p>Computing the L<sub>p</sub> estimators…</p></body></html>"
    p, v_p, v_2 = params.p, lp_variance_at(mc, params.p), lp_variance_at(mc, 2.0)
    best = best_p(mc)
    parts = [
        f"<p>The source asks: why not minimize Σ|e|⁴? For each p the estimate minimizes "
        f"Σ|y − c|<sup>p</sup>; the curve is its variance over {mc.lp_done} samples of "
        f"{NOISE_LABELS[params.noise]} noise, n = {params.n}.</p>",
        f"<p>At p = {num(p)}: variance {num(v_p)}, {num(v_p / v_2)}× that of the mean (p = 2).</p>",
    ]
    if params.n <= 2:
        parts.append(
            f"<p><b>Every p ties here.</b> With n = {params.n}, Σ|y − c|<sup>p</sup> is "
            "symmetric about the midpoint of the two values, so every p picks that midpoint: "
            "the estimates are the same on every sample and the curve is flat (variance "
            f"{num(v_2)}; any wiggle is rounding). The choice of p starts to matter at n = 3 "
            f"({link('try n = 3', n=3)}).</p>"
        )
    else:
        tied, all_known = near_best(mc)
        others = tied[tied != best]
        line = f"<p><b>Best p here: {num(best)}</b> (variance {num(lp_variance_at(mc, best))})."
        if others.size:
            line += (
                f" But p = {ps(others)} {'is' if others.size == 1 else 'are'} within two "
                "standard errors of it (paired over the same samples): with these samples "
                "the best p is not pinned down."
            )
        if not all_known:
            line += (
                " Some powers have no standard error (with these heavy tails their estimates' "
                "fourth moment is infinite), so a near tie with them cannot be ruled out."
            )
        parts.append(line + "</p>")
        parts.append(edge_html(params, mc, best, tied))
        if best == 2.0 and others.size == 0:
            parts.append("<p>p = 2, the mean, wins among the powers tried.</p>")
        elif 2.0 in tied:
            parts.append(
                "<p>p = 2, the mean, cannot be told apart from the best with these samples.</p>"
            )
        elif tied.min() > 2:
            parts.append(
                "<p>A power above 2 wins: the farthest points, which large p listens to most, "
                "carry information about the centre here (short tails, as for uniform "
                "noise).</p>"
            )
        elif tied.max() < 2:
            parts.append(
                "<p>A power below 2 wins: large p lets the farthest points dominate, and here "
                "they are the least reliable (heavy tails); small p discounts them.</p>"
            )
    tries = [
        link("uniform noise", noise="uniform"),
        link("Student t, ν = 3", noise="student_t", nu=3),
        link("Laplace", noise="laplace"),
        link("p = 4", p=4),
    ]
    parts.append("<p>Try: " + ", ".join(tries) + ".</p>")
    return "<html><body>" + "".join(parts) + "</body></html>"
