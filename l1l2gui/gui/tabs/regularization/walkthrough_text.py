"""The "one weight, step by step" view's explanation: every number from the current walkthrough."""

from __future__ import annotations

import math

import numpy as np

from ....core.walkthrough import (
    L1_METHODS,
    METHOD_LABELS,
    NOTE_PARAMS,
    Walkthrough,
    first_zero_step,
    note_errors,
    sign_changes,
)
from ...palette import L1_COLOR, L2_COLOR

CHATTER_WINDOW = 10
COLUMN_NAMES = {
    "w": "w",
    "mse_grad": "MSE gradient",
    "pen_grad": "penalty gradient",
    "grad": "full gradient",
    "w_new": "new w",
}


def num(x: float) -> str:
    """Short number: an exact zero is "0", a tiny one keeps its size (1e-17 stays 1e-17)."""
    if x == 0.0:
        return "0"
    if not math.isfinite(x):
        return "∞" if x > 0 else ("−∞" if x < 0 else "NaN")
    text = f"{x:.4g}"
    return "−" + text[1:] if text.startswith("-") else text


def _name(method: str) -> str:
    color = L2_COLOR if method == "l2" else L1_COLOR
    return f'<b style="color:{color}">{METHOD_LABELS[method]}</b>'


def step_factor(walk: Walkthrough, method: str) -> float:
    """α times the objective's curvature/2: above 1, each plain step overshoots more."""
    p = walk.params
    return p.alpha * (p.x * p.x + (p.lam if method == "l2" else 0.0))


def diverges(walk: Walkthrough, method: str) -> bool:
    """Overshooting steps (factor > 1) that ended farther from the minimiser than w₀ (or at ∞)."""
    t = walk.traces[method]
    target = walk.minimizer_l2 if method == "l2" else walk.minimizer_l1
    if not np.isfinite(t.final):
        return True
    far = abs(t.final - target) > abs(walk.params.w0 - target)
    return bool(step_factor(walk, method) > 1.0 and far)


AT_BOUND = 1e-9  # |α·curvature − 1| below this is "on the stability bound"


def flat(walk: Walkthrough) -> bool:
    """x = 0 and λ = 0: J(w) = y² is constant, every w minimises it and no step moves w."""
    return walk.params.x == 0.0 and walk.params.lam == 0.0


def on_bound(walk: Walkthrough, method: str) -> bool:
    """α·curvature/2 = 1 exactly (to rounding): a plain step reflects w across the minimiser."""
    return abs(step_factor(walk, method) - 1.0) <= AT_BOUND


def clip_stops(walk: Walkthrough) -> list[int]:
    """Steps (1-based) where the clipped method stopped at 0 while plain descent would not."""
    rows = walk.traces["clip"].rows
    return [k + 1 for k in range(rows.shape[0]) if rows[k, 4] == 0.0 and rows[k, 0] != 0.0]


def no_penalty_sentence(walk: Walkthrough) -> str:
    """λ = 0: no penalty, so the methods are plain gradient descent (clip keeps its stop)."""
    p = walk.params
    if flat(walk):
        return (
            f"With x = 0 and λ = 0, J(w) = y² = {num(p.y * p.y)} does not depend on w: every w "
            "is a minimiser, every gradient is 0, and no method moves from w₀."
        )
    same = [
        m
        for m in ("subgradient", "proximal")
        if np.array_equal(walk.traces[m].w, walk.traces["l2"].w)
    ]
    out = (
        f"With λ = 0 there is <b>no penalty</b>: J(w) = (y − x·w)², minimised at "
        f"w* = y/x = {num(walk.minimizer_l1)}. "
    )
    if len(same) == 2:
        out += (
            "The subgradient, proximal and L2 methods are then the same plain gradient "
            "descent, w ← w + 2αx(y − x·w), and their iterates are identical."
        )
    stops = clip_stops(walk)
    if stops:
        out += (
            f" The clipped method still stops a step that would cross 0 at 0 (its rule, not "
            f"a penalty): at step {stops[0]}"
            + (f" and {len(stops) - 1} more" if len(stops) > 1 else "")
            + ", so it lags behind."
        )
    elif np.array_equal(walk.traces["clip"].w, walk.traces["l2"].w):
        out += " No step crosses 0, so the clipped method takes the same steps too."
    return out


def minimizer_sentence(walk: Walkthrough) -> str:
    p = walk.params
    head = (
        f"J(w) = (y − x·w)² + λ|w| with x = {num(p.x)}, y = {num(p.y)}, λ = {num(p.lam)}; "
        f"step size α = {num(p.alpha)}, start w₀ = {num(p.w0)}, {p.steps} steps. "
    )
    if p.lam == 0.0:
        return head + no_penalty_sentence(walk)
    if p.x == 0.0:
        return head + (
            f"With x = 0 the data term (y − x·w)² = y² = {num(p.y * p.y)} does not depend on "
            "w: only the penalty acts, and the minimiser is <b>exactly 0</b>."
        )
    if p.y == 0.0:
        return head + (
            "Its minimiser is <b>exactly 0</b>: y = 0, so the data want w = 0 as well and "
            "the penalty only adds to that."
        )
    xy, half = abs(p.x * p.y), p.lam / 2
    if walk.minimizer_l1 == 0.0:
        return head + (
            f"Its minimiser is <b>exactly 0</b>: |x·y| = {num(xy)} ≤ λ/2 = {num(half)}, "
            "the data's pull at 0 is weaker than the penalty's."
        )
    return head + (
        f"Its minimiser is w* = sign(xy)·(|xy| − λ/2)/x² = {num(walk.minimizer_l1)} "
        f"(|x·y| = {num(xy)} > λ/2 = {num(half)})."
    )


def method_sentence(walk: Walkthrough, method: str) -> str:
    """What ``method`` did: diverged, landed on 0 and stayed, chattered, or where it ended."""
    t = walk.traces[method]
    p = walk.params
    target = walk.minimizer_l2 if method == "l2" else walk.minimizer_l1
    what = "α·(x² + λ)" if method == "l2" else "α·x²"
    if flat(walk):
        return f"{_name(method)} stays at w₀ = {num(p.w0)}."
    if diverges(walk, method):
        where = (
            "w overflows"
            if not np.isfinite(t.final)
            else f"after {p.steps} steps w = {num(t.final)}, farther from the minimiser "
            f"{num(target)} than w₀ was"
        )
        return (
            f"{_name(method)} overshoots: {what} = {num(step_factor(walk, method))} > 1, so "
            f"a plain step lands farther from the minimiser than it started; {where}."
        )
    zero_at = first_zero_step(t)
    if zero_at is not None:
        if zero_at == 1 and p.w0 == 0.0:
            return f"{_name(method)} starts at 0 and never moves (minimiser {num(target)})."
        if zero_at == p.steps:
            return (
                f"{_name(method)} is <b>exactly 0</b> after the last step, {zero_at} "
                f"(minimiser {num(target)})."
            )
        return (
            f"{_name(method)} lands <b>exactly on 0</b> at step {zero_at} and stays there "
            f"(minimiser {num(target)})."
        )
    window = min(CHATTER_WINDOW, p.steps)
    flips = sign_changes(t, window)
    zeros = int(np.count_nonzero(t.w[1:] == 0.0))
    low, high = float(t.w[-window - 1 :].min()), float(t.w[-window - 1 :].max())
    if on_bound(walk, method) and abs(t.final - target) > 1e-6 * (1 + abs(target)):
        return (
            f"{_name(method)} sits on the stability bound: {what} = 1, where a plain step "
            f"no longer shrinks the distance to the minimiser {num(target)}, so w does not "
            f"settle; in the last {window} steps it swings between {num(low)} and {num(high)}."
        )
    if flips >= 2 and method != "l2" and p.lam > 0 and step_factor(walk, method) < 1:
        return (
            f"{_name(method)} never settles: in the last {window} steps w changes sign "
            f"{flips} times, between {num(low)} and {num(high)}; the penalty's ±λ "
            "kick is the same size however close w is to 0."
        )
    zero_part = f"; it was exactly 0 after {zeros} of the steps" if zeros else ""
    return (
        f"{_name(method)} ends at w = {num(t.final)}, "
        f"{num(abs(t.final - target))} from its minimiser {num(target)}{zero_part}."
    )


def note_paragraph(walk: Walkthrough) -> str:
    """The note's mistake, found by computing its steps (empty for other numbers)."""
    p = walk.params
    if any(getattr(p, k) != v for k, v in NOTE_PARAMS.items()):
        return ""
    errors = note_errors(walk)
    if walk.params.steps < 2:
        return (
            "<p>These are the note's numbers: take at least 2 steps to check its second step.</p>"
        )
    if not errors:
        return "<p>These are the note's numbers, and every printed step agrees.</p>"
    first = errors[0]
    rows = walk.traces["subgradient"].rows
    k = first.step - 1
    w = rows[k, 0]
    by = {e.column: e for e in errors if e.step == first.step}
    parts = [
        f"<p><b>The note has a mistake in step {first.step}.</b> At w = {num(w)} the MSE gradient "
        f"is −2·{num(p.x)}·({num(p.y)} − {num(p.x)}·{num(w)}) = <b>{num(rows[k, 1])}</b>, "
        f"not {num(by['mse_grad'].printed) if 'mse_grad' in by else num(rows[k, 1])}."
    ]
    if "grad" in by and "w_new" in by:
        parts.append(
            f" So the full gradient is {num(rows[k, 3])} (not {num(by['grad'].printed)}) and w "
            f"becomes <b>{num(rows[k, 4])}</b> (not {num(by['w_new'].printed)})."
        )
    m1 = walk.minimizer_l1
    if m1 != 0.0 and abs(rows[k, 4] - m1) < abs(w - m1):
        parts.append(
            f" The weight moves on toward the minimiser {num(m1)}, away from 0: the data alone "
            f"want w = y/x = {num(p.y / p.x)}, and λ only pulls that back by "
            f"λ/(2x²) = {num(p.lam / (2 * p.x * p.x))}."
        )
    return "".join(parts) + "</p>"


def l2_paragraph(walk: Walkthrough) -> str:
    t = walk.traces["l2"]
    p = walk.params
    zeros = int(np.count_nonzero(t.w[1:] == 0.0))
    # no penalty (λ = 0: said above), or L2 did not settle (its own sentence says why)
    if p.lam == 0.0 or diverges(walk, "l2") or on_bound(walk, "l2"):
        return ""
    first, last = float(t.rows[0, 2]), float(t.rows[-1, 2])
    lands = (
        f"none of its {p.steps} iterates is exactly 0"
        if zeros == 0
        else f"{zeros} of its {p.steps} iterates are exactly 0"
    )
    return (
        f"<p>{_name('l2')}: J(w) = (y − x·w)² + λw². Its penalty gradient is 2λw: "
        f"{num(first)} at the first step, {num(last)} at the last. It shrinks as w shrinks, "
        f"where L1's stays ±λ = ±{num(p.lam)}. So L2 slows down near 0 and settles at "
        f"xy/(x² + λ) = {num(walk.minimizer_l2)}; {lands}.</p>"
    )


def walkthrough_html(walk: Walkthrough) -> str:
    """The explanation for the current walkthrough."""
    items = "".join(f"<li>{method_sentence(walk, m)}</li>" for m in (*L1_METHODS, "l2"))
    return (
        "<h3>One weight, step by step</h3>"
        f"<p>{minimizer_sentence(walk)}</p>"
        f"<ul>{items}</ul>"
        f"{note_paragraph(walk)}"
        f"{l2_paragraph(walk)}"
        "<h3>Three ways to apply L1</h3>"
        "<p><b>Subgradient</b>: the note's step, with sign(0) = 0. <b>Proximal</b> (ISTA): "
        "an MSE step to z, then soft-thresholding: w = sign(z)·max(|z| − αλ, 0). "
        "<b>Clip</b>: the subgradient step, stopped at 0 when it would cross it. "
        "For proximal and clip the table's penalty gradient is the one the step really "
        "used, (z − new w)/α, so new w = w − α·full gradient in every row.</p>"
        '<p>Try: <a href="preset:worked-example">the note\'s numbers</a> · '
        '<a href="preset:sparse-example">a minimiser exactly at 0</a></p>'
    )


def walkthrough_readout(walk: Walkthrough) -> str:
    parts = [f"{_name(m)} {num(walk.traces[m].final)}" for m in (*L1_METHODS, "l2")]
    return (
        f"after {walk.params.steps} steps: " + " · ".join(parts) + f" · L1 minimiser "
        f"{num(walk.minimizer_l1)}, L2 minimiser {num(walk.minimizer_l2)}"
    )
