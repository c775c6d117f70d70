"""The Outliers tab's explanation and readout, every number taken from the run shown."""

from __future__ import annotations

import math
import os
from html import escape

from ....core.outliers import OutlierRun
from ....core.outliers_facts import OutlierFacts, line_facts
from .figure import LOSS_COLORS
from .links import try_this
from .readout import Row, Table

SHORT = {"l1": "L1", "l2": "L2", "huber": "Huber", "quantile": "quantile 0.5"}
POSITION_TEXT = {
    "inside": "among the base points (inside their x range)",
    "left": "left of every base point",
    "right": "right of every base point",
}


def num(x: float) -> str:
    """Short, readable number: 0.04, 1.2e-05, 28.88; NaN reads as a dash."""
    if not math.isfinite(x):
        return "–"
    return f"{x:.4g}" if abs(x) >= 1e-12 else "0"


def name(loss: str) -> str:
    return f'<b style="color:{LOSS_COLORS[loss]}">{SHORT[loss]}</b>'


def verdict(facts: OutlierFacts) -> str:
    """The sentence comparing how far L1 and L2 moved, as this run shows it."""
    if facts.more_shifted == "tie":
        if max(facts.shift["l1"], facts.shift["l2"]) < 1e-12:
            return "neither fit moves at all: the outlier changes nothing here."
        return "they move equally (within 0.1 %): neither loss is less stable here."
    big, small = ("l1", "l2") if facts.more_shifted == "l1" else ("l2", "l1")
    moved, still = facts.shift[big], facts.shift[small]
    if still > 0:
        text = f"{SHORT[big]} moves {num(moved / still)} times as much as {SHORT[small]}"
    else:
        text = f"{SHORT[big]} moves and {SHORT[small]} does not move at all"
    if big == "l1":
        return f'<span class="ok">{text}, as the post says.</span>'
    return f'<span class="warn">{text}: the opposite of the post\'s claim.</span>'


def levels_text(count: int) -> str:
    return "a single value (a flat line)" if count == 1 else f"{count} different values"


def line_text(slope: float, intercept: float) -> str:
    """``y = 2·x + 5``, ``y = −2·x − 5``, ``y = 5``, ``y = 2·x``: signs written once."""
    terms = []
    if slope != 0:
        terms.append(f"{'−' if slope < 0 else ''}{num(abs(slope))}·x")
    if intercept != 0 or not terms:
        sign = ("−" if intercept < 0 else "") if not terms else (" − " if intercept < 0 else " + ")
        terms.append(f"{sign}{num(abs(intercept))}")
    return "y = " + "".join(terms)


def links_html(run: OutlierRun) -> str:
    links = "".join(
        f'<li><a href="{href}">{escape(text)}</a></li>' for href, text in try_this(run.params, run)
    )
    return f"<h3>Try this</h3><ul>{links}</ul>"


def explanation_html(run: OutlierRun, facts: OutlierFacts) -> str:
    """The explanation panel's HTML for the finished ``run``."""
    p = run.params
    side = "above" if facts.above_line else "below"
    line = line_text(p.slope, p.intercept)
    where = (
        f"{num(abs(facts.distance))} {side} the line {line}"
        if facts.distance != 0
        else f"on the line {line}"
    )
    if p.data_file:
        data = f"{run.x.size} base points from {escape(os.path.basename(p.data_file))}"
        where = "is"  # a file's points follow no line of ours
    else:
        data = (
            f"{p.n_points} base points exactly on {line} (noise 0)"
            if p.noise == 0
            else f"{p.n_points} base points, {line} plus noise "
            f"in [−{num(p.noise)}, {num(p.noise)}] (seed {p.seed})"
        )
        where = f"sits {where},"
    if p.model_family == "linear":
        model = (
            "Each loss fits a straight line (L2: LinearRegression, L1: QuantileRegressor at "
            "0.5 with alpha = 0, Huber: HuberRegressor), with and without the outlier."
        )
    else:
        model = (
            f"Each loss fits a GradientBoostingRegressor with n_estimators={p.n_estimators}, "
            f"learning_rate={num(p.learning_rate)}, max_depth={p.max_depth}, with and "
            "without the outlier."
        )
    position = f"({num(p.outlier_x)}, {num(p.outlier_y)})"
    parts = [
        f"<p>{data}. The outlier at {position} {where} "
        f"{POSITION_TEXT[facts.position]}. {model}</p>",
        "<h3>The post's claim</h3>",
        "<p>“L1 is robust but less stable”: adding the outlier changes the L1 fit more than "
        "the L2 fit, most of all when the outlier sits in the middle of the data.</p>",
        f"<p><b>This run:</b> averaged over the plotted x range the {name('l1')} fit moves by "
        f'<span class="num">{num(facts.shift["l1"])}</span>, the {name("l2")} fit by '
        f'<span class="num">{num(facts.shift["l2"])}</span>: {verdict(facts)}',
    ]
    for loss in p.losses[2:]:
        if loss in facts.same_as_l1:  # the 0.5 quantile loss is half the absolute error
            parts.append(f" The {name(loss)} fit is the {name('l1')} fit, identical at every x.")
        else:
            parts.append(f" The {name(loss)} fit moves by {num(facts.shift[loss])}.")
    parts.append("</p>")
    r = facts.residual
    parts.append(
        f"<p>The outlier's residual y − ŷ is {num(r['l1'])} under {name('l1')} "
        f"({num(r['l1_without'])} without it) and {num(r['l2'])} under {name('l2')} "
        f"({num(r['l2_without'])} without it).</p>"
    )
    if p.model_family == "linear":
        parts.append(linear_why_html(run, facts))
        parts.append(links_html(run))
        return "<html><body>" + "".join(parts) + "</body></html>"
    start = facts.start
    parts.append(
        "<h3>Why</h3>"
        f"<p>Boosting starts from a constant and adds trees. {name('l1')} starts from the "
        f"median of y: {num(start['l1'])} with the outlier, {num(start['l1_without'])} without. "
        f"{name('l2')} starts from the mean: {num(start['l2'])} with, "
        f"{num(start['l2_without'])} without. One point drags the mean by "
        f"{num(abs(start['l2'] - start['l2_without']))} and the median by "
        f"{num(abs(start['l1'] - start['l1_without']))}. Each L1 tree then splits on the "
        "<i>sign</i> of the residuals only, so where its splits fall can flip as the outlier "
        "crosses a neighbour: that is the “instability”.</p>"
    )
    lo, hi = facts.x_ends
    a1, b1 = facts.ends["l1"]
    parts.append(
        "<h3>What the published figure hid</h3>"
        f"<p>The notebook predicted each model only at x = {num(lo)} and x = {num(hi)} and "
        "drew a straight line between the two values. A tree ensemble is a step function: "
        f"with the outlier the {name('l1')} fit takes {levels_text(facts.levels['l1'])} "
        f"across that range and the {name('l2')} fit {levels_text(facts.levels['l2'])}; "
        f"the notebook's L1 line would run straight from {num(a1)} to {num(b1)}.</p>"
        "<p>Colours: the source drew L1 green and L2 red. Here L1 is blue and L2 green, as "
        "in every tab. The post says its solid lines were trained with the outlier; its "
        "notebook's code draws the fits <i>without</i> the outlier solid. Here solid = with "
        "the outlier, dashed = without.</p>"
    )
    parts.append(links_html(run))
    return "<html><body>" + "".join(parts) + "</body></html>"


def xs_text(xs: tuple[float, ...]) -> str:
    values = [num(x) for x in sorted(xs)]
    return ", ".join(values[:-1]) + " and " + values[-1] if len(values) > 1 else values[0]


def linear_why_html(run: OutlierRun, facts: OutlierFacts) -> str:
    """Why the lines move as they do, each clause computed from this run's lines."""
    lf = line_facts(run)
    s, at, x = lf.slope, lf.at_outlier, num(run.params.outlier_x)

    def slope_text(loss: str) -> str:
        a, b = s[f"{loss}_without"], s[loss]
        if num(a) == num(b):
            return f"its slope stays {num(b)}"
        return f"its slope goes from {num(a)} without the outlier to {num(b)} with it"

    if num(at["l2"]) == num(at["l2_without"]):
        l2 = f"the outlier sits on the {name('l2')} line already, and it stays put"
    else:
        l2 = (
            f"at x = {x} the {name('l2')} line moves from {num(at['l2_without'])} to "
            f"{num(at['l2'])}, toward the outlier at {num(run.params.outlier_y)}; "
            + slope_text("l2")
        )
    through = xs_text(lf.l1_through)
    l1 = (
        f"the best {name('l1')} line passes through the points at x = {through}"
        + (" (the outlier's x among them)" if lf.l1_through_outlier else "")
        + "; "
        + slope_text("l1")
    )
    if facts.more_shifted == "l2":
        turn = "With straight lines the post's claim turns around here: L1 is the stable one."
    elif facts.more_shifted == "l1":
        turn = "Here even the straight L1 line moves more than the L2 line."
    else:
        turn = "Here neither line moves more than the other."
    return (
        "<h3>Why</h3>"
        f"<p>The L2 line minimizes Σ e²: the outlier pulls with a force that grows with its "
        f"residual: {l2}. The L1 line minimizes Σ |e|: every point pulls with the same force "
        f"however far it is: {l1}. {turn} L1's instability shows elsewhere: with few points "
        "several lines can share the smallest Σ |e|, and the best one can jump as the outlier "
        "moves (the influence curve in the drag view).</p>"
    )


def readout_table(run: OutlierRun) -> Table:
    """Per loss: trees grown, shift, and the outlier's residual with and without it."""
    rows = []
    for loss in run.params.losses:
        fit = run.fits.get(loss)
        trees = f"{fit.trees if fit else 0}/{run.params.n_estimators}"
        if run.params.model_family == "linear":
            trees = "line" if fit else "…"
        cells = (
            trees,
            num(run.shift(loss)),
            num(run.residual(loss)),
            num(run.residual(f"{loss}_without")),
        )
        rows.append(Row(SHORT[loss], cells, LOSS_COLORS[loss]))
    # two short lines: one long line would set the middle pane's minimum width
    caption = (
        "shift = mean |fit with − fit without| over the plotted x",
        "residual = outlier y − fit at outlier x, with | without the outlier",
    )
    return Table(("trees", "shift", "residual", "without"), tuple(rows), caption)
