"""The Regularization tab's explanations and readouts, every number from the current result.

"try this" links are ``set:key=value&key=value`` or ``preset:name`` anchors; the tab
applies them.
"""

from __future__ import annotations

import numpy as np

from ....core.regularization_geometry import Geometry, PathFacts
from ....core.regularization_mc import (
    DISTANCE,
    FAMILIES,
    FAMILY_LABELS,
    GENERAL_RATIO,
    USELESS_ANGLE,
    USELESS_RATIO,
    MonteCarlo,
)
from ...palette import L1_COLOR, L2_COLOR

L1 = f'<b style="color:{L1_COLOR}">L1</b>'
L2 = f'<b style="color:{L2_COLOR}">L2</b>'
WEIGHT = ("w1", "w2")


def num(x: float) -> str:
    """Short number; an exact zero is "0", anything else keeps its size (1e-17 stays 1e-17)."""
    return "0" if x == 0.0 else f"{x:.4g}"


def point(w) -> str:
    return f"({num(float(w[0]))}, {num(float(w[1]))})"


def zero_note(w) -> str:
    """'w2 is exactly 0' (or w1, or both) when a coordinate is ``== 0.0``, else ''."""
    zeros = [WEIGHT[i] for i in range(2) if w[i] == 0.0]
    if len(zeros) == 2:
        return "both weights are exactly 0"
    return f"{zeros[0]} is exactly 0" if zeros else ""


def _try(href: str, text: str) -> str:
    return f'<a href="{href}">{text}</a>'


def l1_sentence(geo: Geometry) -> str:
    t = num(geo.params.radius)
    if geo.l1_where == "inside":
        return (
            f"c lies inside the diamond (|c1| + |c2| ≤ {t}): the constraint does not bind, "
            f"w = c = {point(geo.l1)} and λ = 0."
        )
    if geo.l1_where == "vertex":
        return (
            f"The loss contour first touches the diamond at its corner {point(geo.l1)}: "
            f"<b>{zero_note(geo.l1)}</b> (the solver returns the vertex itself, not a tiny "
            "number)."
        )
    return (
        f"The contour touches the diamond on an edge, at {point(geo.l1)}: no weight is zero. "
        "A corner wins only when the contours meet it first."
    )


def l2_sentence(geo: Geometry) -> str:
    if geo.l2_inside:
        return f"c lies inside the circle: w = c = {point(geo.l2)} and λ = 0."
    note = zero_note(geo.l2)
    if note:
        return f"The contour touches the circle at {point(geo.l2)}: <b>{note}</b>."
    return (
        f"The circle has no corners: the contour touches it at {point(geo.l2)}, and no "
        "weight is zero. L2 makes weights small, not zero."
    )


def path_sentences(geo: Geometry, facts: PathFacts) -> tuple[str, str]:
    """One sentence about the lasso path and one about the ridge path, from ``facts``."""
    lam0 = num(facts.l1_zero_lam)
    if not np.any(geo.params.center):
        return "c = 0: w = 0 for every λ, with either penalty.", ""
    if facts.l1_axis is None:
        l1 = f"Both weights reach 0 together at λ = {lam0}; the path never runs along an axis."
    else:
        where = f"λ = {num(facts.l1_axis_lam)}" if facts.l1_axis_lam else "λ = 0 (c is on it)"
        stay = (
            "stays on it"
            if facts.l1_stays
            else "later leaves it again (the corners are not the whole story)"
        )
        l1 = (
            f"The lasso path reaches the {WEIGHT[1 - facts.l1_axis]} axis "
            f"({WEIGHT[facts.l1_axis]} = 0) at {where} and {stay}; "
            f"from λ₀ = 2‖Ac‖∞ = {lam0} on, w = 0."
        )
    if facts.ridge_zero:
        i = facts.ridge_zero[0]
        l2 = (
            f"The ridge path shrinks towards 0 along the {WEIGHT[1 - i]} axis: {WEIGHT[i]} is "
            f"exactly 0 all along, because c has {WEIGHT[i]} = 0 and the contours are aligned "
            "with the axes (θ a multiple of 90° or r = 1)."
        )
    elif facts.ridge_crossings:
        lam, i = facts.ridge_crossings[0]
        l2 = (
            f"The ridge path shrinks towards 0; it crosses the {WEIGHT[1 - i]} axis "
            f"({WEIGHT[i]} = 0) at λ = {num(lam)} and passes through: {WEIGHT[i]} changes "
            "sign there, it does not stay 0."
        )
    else:
        l2 = "The ridge path shrinks towards 0 and no weight is 0 at any finite λ."
    return l1, l2


def geometry_html(geo: Geometry, facts: PathFacts) -> str:
    """The explanation of view 1 for ``geo``."""
    p = geo.params
    l1_path, l2_path = path_sentences(geo, facts)
    return f"""<html><body>
<p>Loss <span class="f">L(w) = (w − c)ᵀA(w − c)</span>, its contours ellipses around
c = {point(p.center)}, axis ratio r = {num(p.axis_ratio)}, turned by θ = {num(p.angle_deg)}°.
Drag c, or type it on the left.</p>
<h3>{L1}: minimise L with |w1| + |w2| ≤ t = {num(p.radius)}</h3>
<p>{l1_sentence(geo)}<br>L there = {num(geo.loss_l1)}.</p>
<h3>{L2}: minimise L with ‖w‖ ≤ t = {num(p.radius)}</h3>
<p>{l2_sentence(geo)}<br>L there = {num(geo.loss_l2)}.</p>
<h3>The same solutions as penalties</h3>
<p>L(w) + λ‖w‖₁ has the {L1} solution at <span class="num">λ = {num(geo.lam_l1)}</span>;
L(w) + λ‖w‖² has the {L2} solution at <span class="num">λ = {num(geo.lam_l2)}</span>
(from 2A(w − c) + λ·g = 0, g a subgradient of the penalty).</p>
<p>{l1_path}</p>
<p>{l2_path}</p>
<h3>Try this</h3>
<p>• {_try("preset:l1-on-an-edge", "Tilt the contours")}: the L1 optimum lands on an edge.<br>
• {_try("set:axis_ratio=1&angle_deg=0", "Make the contours circles")}: the corner wins
only while c is far enough along an axis.<br>
• {_try("preset:useless-feature", "Make w2 useless")} (r = 0.2): L1 drops it exactly,
L2 keeps a small w2.<br>
• {_try("set:center_w1=0.4&center_w2=0.3&radius=1", "Put c inside the balls")}: no penalty is
needed, λ = 0.</p>
</body></html>"""


def geometry_readout(geo: Geometry) -> str:
    """One table: each solution, its exact zeros, and its λ."""
    rows = []
    for name, w, lam, where in (
        (f"{L1} diamond", geo.l1, geo.lam_l1, geo.l1_where),
        (f"{L2} circle", geo.l2, geo.lam_l2, "inside" if geo.l2_inside else ""),
    ):
        note = zero_note(w)
        note = f"<b>{note}</b>" if note else "no weight is 0"
        if where == "inside":
            note = "c is inside: w = c"
        rows.append(
            f"<tr><td>{name}</td><td>w = {point(w)}</td><td>{note}</td><td>λ = {num(lam)}</td></tr>"
        )
    return "<table cellspacing='0' cellpadding='3'>" + "".join(rows) + "</table>"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def mc_html(mc: MonteCarlo) -> str:
    """The explanation of view 2 for the trials so far."""
    p = mc.params
    rows = "".join(
        f"<tr><td nowrap>{FAMILY_LABELS[f]}</td>"
        f"<td align='right' nowrap>{_pct(mc.zero_fraction('l1', f))}</td>"
        f"<td align='right' nowrap>{_pct(mc.near_zero_fraction('l1', f))}</td>"
        f"<td align='right' nowrap>{_pct(mc.zero_fraction('l2', f))}</td>"
        f"<td align='right' nowrap>{_pct(mc.near_zero_fraction('l2', f))}</td></tr>"
        for f in FAMILIES
    )
    l2_zero = sum(mc.exact_zero["l2", f] for f in FAMILIES)
    l2_sentence = (
        f"{L2} gave no exact zero in any of the {3 * mc.done} problems."
        if l2_zero == 0
        else f"{L2} gave an exact zero in {l2_zero} of the {3 * mc.done} problems."
    )
    best = max(FAMILIES, key=lambda f: mc.zero_fraction("l1", f))
    status = "" if mc.finished else f" (so far: {mc.done} of {p.trials})"
    return f"""<html><body>
<p>{p.trials} random losses per family{status}, each with its optimum c at a distance
{num(DISTANCE[0])}·t to {num(DISTANCE[1])}·t in a random direction (outside both balls,
t = {num(p.radius)}); both constrained optima solved exactly.</p>
<p>• symmetric: circles (r = 1).<br>
• general: r from {num(GENERAL_RATIO[0])} to {num(GENERAL_RATIO[1])}, any angle.<br>
• useless w2: r from {num(USELESS_RATIO[0])} to {num(USELESS_RATIO[1])}, θ within
±{num(USELESS_ANGLE)}°: the long axis lies along w2, so w2 barely changes the loss.</p>
<table cellspacing='0' cellpadding='3'>
<tr><td></td><td colspan='2' align='center'>{L1}</td><td colspan='2' align='center'>{L2}</td></tr>
<tr><td></td><td align='right'>= 0</td><td align='right'>&lt; tol</td><td align='right'>= 0</td>
<td align='right'>&lt; tol</td></tr>
{rows}</table>
<p>"= 0" counts trials with a weight exactly 0.0; "&lt; tol" those with |w| &lt;
{num(p.tolerance)}, which is what a plot or an iterative solver would show.
{l2_sentence} {L1} gave the most exact zeros for the {FAMILY_LABELS[best]} family
({_pct(mc.zero_fraction("l1", best))}).</p>
<h3>Try this</h3>
<p>• {_try("set:tolerance=0.1", "Loosen the tolerance to 0.1")}: L2 gets "near zeros" too,
but never exact ones.<br>
• {_try("set:trials=100000", "100,000 trials")}: the fractions settle.<br>
• {_try("set:seed=1", "Another seed")}: the fractions barely move.</p>
</body></html>"""


def mc_readout(mc: MonteCarlo) -> str:
    """Progress and the exact-zero shares, family by family."""
    l1 = " / ".join(_pct(mc.zero_fraction("l1", f)) for f in FAMILIES)
    l2 = " / ".join(_pct(mc.zero_fraction("l2", f)) for f in FAMILIES)
    return (
        f"{mc.done} of {mc.params.trials} trials per family · a weight exactly 0 "
        f"(symmetric / general / useless w2): {L1} {l1} · {L2} {l2}"
    )
