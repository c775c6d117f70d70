"""The Outliers tab's "try this" links, chosen for the parameters on screen.

Each link sets parameters (``set:k=v;k=v``) and is offered only when it changes
what is drawn: no tree settings for straight lines, no "0.5 quantile" (its fit is
the L1 fit, in both model families), no new noise seed for a data file or for
noise 0, no position the outlier already has. Every value offered lies in its
field's range and in the plotted x range.
"""

from __future__ import annotations

from ....core.outliers import OutlierParams, OutlierRun, data_extent
from ....core.outliers_facts import trees_change_fits

MANY_TREES = 200
SOURCE_TREES = 5
SEEDS_REPEAT = 50


def num(x: float) -> str:
    return f"{x:.4g}"


def _set(**values) -> str:
    return "set:" + ";".join(f"{k}={v}" for k, v in values.items())


def try_this(params: OutlierParams, run: OutlierRun | None = None) -> list[tuple[str, str]]:
    """``(href, text)`` pairs for ``params``; each href changes at least one parameter.

    Given the finished ``run`` of ``params``, a tree count is offered only if it would
    change a fit (with learning_rate = 1 a few trees can already match every point).
    """
    p = params

    def trees_matter(n: int) -> bool:
        return run is None or not run.finished or trees_change_fits(run, n)

    first, last, step = data_extent(p)
    links: list[tuple[str, str]] = []
    # the 3×3 figure's outer positions: one x step beyond the data on either side
    left, right, middle = first - step, last + step, (first + last) / 2
    for x, text in (
        (left, f"move the outlier left of the data (x = {num(left)})"),
        (middle, f"…into the middle of the data (x = {num(middle)})"),
        (right, f"…or right of the data (x = {num(right)})"),
    ):
        if x != p.outlier_x:
            links.append((_set(outlier_x=repr(float(x))), text))
    if p.model_family == "boosting":
        if p.n_estimators < MANY_TREES and trees_matter(MANY_TREES):
            links.append(
                (
                    _set(n_estimators=MANY_TREES),
                    f"use {MANY_TREES} trees: does a flexible model reach the outlier?",
                )
            )
        elif p.n_estimators > SOURCE_TREES and trees_matter(SOURCE_TREES):
            links.append(
                (_set(n_estimators=SOURCE_TREES), f"back to {SOURCE_TREES} trees, as in the source")
            )
        if p.learning_rate != 1.0:
            links.append(
                (_set(learning_rate=1), "set learning_rate = 1: every tree takes its full step")
            )
        else:
            links.append((_set(learning_rate=0.1), "learning_rate = 0.1 (scikit-learn's default)"))
    if "huber" not in p.losses:
        what = "Huber loss" if p.model_family == "boosting" else "HuberRegressor"
        links.append((_set(losses=",".join((*p.losses, "huber"))), f"add {what}: between the two?"))
    if not p.data_file and p.noise > 0:
        links.append(
            (
                _set(seed=p.seed + 1 if p.seed < 2**31 - 1 else 0),
                "draw other noise (the next seed): does the verdict survive?",
            )
        )
        if p.seeds_repeat == 0:
            links.append(
                (
                    _set(seeds_repeat=SEEDS_REPEAT),
                    f"repeat the claim over {SEEDS_REPEAT} noise draws (the “Over seeds” view)",
                )
            )
    if p.model_family == "boosting":
        links.append(
            (_set(model_family="linear"), "fit straight lines instead: which one swings now?")
        )
    else:
        links.append((_set(model_family="boosting"), "back to boosted trees, the post's model"))
    return links
