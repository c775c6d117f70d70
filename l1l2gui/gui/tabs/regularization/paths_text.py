"""The coefficient-paths view's explanation: every number from the current paths and CV."""

from __future__ import annotations

import numpy as np

from ....core.coef_paths import AtAlpha, PathsCV
from ....core.coef_paths_facts import entries, exits, flatness
from ...palette import L1_COLOR, L2_COLOR

LASSO = f'<b style="color:{L1_COLOR}">Lasso (L1)</b>'
RIDGE = f'<b style="color:{L2_COLOR}">Ridge (L2)</b>'


def num(x: float) -> str:
    """Short number with a typographic minus; an exact zero is "0"."""
    text = "0" if x == 0.0 else f"{x:.4g}"
    return "−" + text[1:] if text.startswith("-") else text


def _names(names) -> str:
    return ", ".join(names) if names else "none"


def entry_order(part: PathsCV) -> list[tuple[str, float]]:
    """Features in the order they enter the lasso as α decreases, with the α where each enters.

    A feature enters at the largest grid α where its coefficient is non-zero. Only the
    part of the path computed so far counts.
    """
    paths, data = part.paths, part.paths.data
    out = []
    for i, name in enumerate(data.names):
        nz = np.flatnonzero(paths.lasso[i, : paths.done] != 0.0)
        if nz.size:
            out.append((name, float(data.alphas[nz[0]])))
    return sorted(out, key=lambda t: -t[1])


def data_paragraph(part: PathsCV) -> str:
    data = part.paths.data
    n, p = data.X.shape
    return (
        f"<p>scikit-learn's diabetes data: {n} patients, {p} features (age, sex, body-mass "
        "index bmi, blood pressure bp, six blood serum measurements s1–s6), each "
        "standardized to mean 0 and variance 1; the target, disease progression after a "
        "year, is centred. "
        f"{LASSO} minimises (1/2n)‖y − Xw‖² + α‖w‖₁, {RIDGE} (1/2n)‖y − Xw‖² + (α/2)‖w‖², "
        f"on the same grid of {len(data.alphas)} α from {num(data.alphas[0])} (where every "
        f"lasso weight is 0) down to {num(data.alphas[-1])}.</p>"
    )


def at_alpha_paragraph(part: PathsCV, at: AtAlpha) -> str:
    names = part.paths.data.names
    kept = [n for n, w in zip(names, at.lasso, strict=True) if w != 0.0]
    dropped = [n for n, w in zip(names, at.lasso, strict=True) if w == 0.0]
    small = int(np.argmin(np.abs(at.ridge)))
    ridge_zero = int(np.count_nonzero(at.ridge == 0.0))
    ridge_part = (
        f"keeps all {len(names)}: its smallest is {names[small]}, {num(float(at.ridge[small]))}"
        if ridge_zero == 0
        else f"has {ridge_zero} exactly zero"
    )
    return (
        f"<p>At α = {num(at.alpha)} (the vertical line: drag it) the {LASSO} keeps "
        f"<b>{at.nonzero} of {len(names)}</b> features ({_names(kept)}) and sets "
        f"<b>exactly 0</b>: {_names(dropped)}. The {RIDGE} {ridge_part}.</p>"
    )


def _and(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def entries_sentence(part: PathsCV) -> str:
    """The first few entries, features that enter at one grid step said to enter together."""
    groups = entries(part.paths)
    if not groups:
        return ""
    alphas = part.paths.data.alphas
    together = all(len(g.names) == 1 for g in groups)
    items = []
    for g in groups[:3]:
        if len(g.names) == 1:
            items.append(f"{g.names[0]} (α = {num(g.alpha)})")
        else:
            above = f"between α = {num(alphas[g.index - 1])} and " if g.index else "at "
            items.append(
                f"{_and(g.names)} together ({above}{num(g.alpha)}: at this grid's "
                "resolution they enter at the same step)"
            )
    how = "one at a time" if together else "one or a few at a time"
    return f"As α decreases, the lasso lets features in {how}; first " + ", then ".join(items) + "."


def exits_sentence(part: PathsCV) -> str:
    """Features that leave the lasso path again, with the non-zero count around it."""
    out = []
    for e in exits(part.paths):
        back = (
            f" and comes back at α = {num(e.back_alpha)}"
            if e.back_alpha is not None
            else " and stays out to the grid's end"
        )
        out.append(
            f"{e.name} leaves again at α = {num(e.alpha)} (the non-zero count drops from "
            f"{e.count_before} to {e.count_after}){back}"
        )
    if not out:
        paths = part.paths
        if paths.done < len(paths.data.alphas):  # the rest of the path may still hold one
            low = num(float(paths.data.alphas[paths.done - 1])) if paths.done else "—"
            return f" So far (α down to {low}) no feature has left again."
        return " Once in, no feature leaves again on this grid."
    return (
        " The path is not monotone: "
        + "; ".join(out)
        + ". A coefficient can return to 0 when correlated features take over its share."
    )


def order_paragraph(part: PathsCV) -> str:
    head = entries_sentence(part)
    if not head:
        return ""
    ridge = part.paths.ridge
    zeros = int(np.count_nonzero(ridge == 0.0))
    ridge_part = (
        f"no ridge coefficient is exactly 0 anywhere on the grid (smallest |w|: "
        f"{num(float(np.abs(ridge).min()))}): the penalty gradient αw fades as w does"
        if zeros == 0
        else f"{zeros} ridge coefficients on the grid are exactly 0"
    )
    return (
        f"<p>{head}{exits_sentence(part)} Between these events its path is piecewise "
        f"linear in α. Ridge shrinks every coefficient smoothly: {ridge_part}.</p>"
    )


def sharpness_sentence(part: PathsCV, penalty: str) -> str:
    """Whether the CV's best α of ``penalty`` is near the grid's end, and how flat it is."""
    alphas = part.paths.data.alphas
    f = flatness(part.cv, penalty)
    name = "lasso" if penalty == "lasso" else "ridge"
    out = ""
    if f.near_edge is not None:
        k = len(alphas) - 1 - f.best if f.near_edge == "small" else f.best
        where = "at the end" if k == 0 else f"{k} step{'s' if k > 1 else ''} from the end"
        out += (
            f" The {name}'s best α is {where} of the grid (its {f.near_edge} α): the "
            "optimum may lie beyond it."
        )
    if f.flat:
        lo, hi = alphas[f.within[-1]], alphas[f.within[0]]
        end = " (the grid's end)"
        top = end if f.within[0] == 0 else ""
        bottom = end if f.within[-1] == len(alphas) - 1 else ""
        span = (
            f"every α from {num(hi)}{top} down to {num(lo)}{bottom}"
            if f.contiguous
            else f"{f.within.size} of the {len(alphas)} α, between {num(lo)} and {num(hi)},"
        )
        out += (
            f" The {name}'s CV curve is flat around its best: {span} is within one "
            f"standard error (±{num(f.se)}, over the {part.cv.done} folds) of its smallest "
            "error, so the data do not pin its α down sharply."
        )
    return out


def cv_paragraph(part: PathsCV) -> str:
    cv = part.cv
    if cv is None:
        done = part.paths.done
        return f"<p>Computing the lasso path: {done} of {len(part.paths.data.alphas)} α.</p>"
    if not cv.finished or part.lasso_at_best is None:
        return (
            f"<p>Cross-validating: fold {cv.done + 1} of {cv.folds} (folds shuffled with "
            f"seed {cv.seed}).</p>"
        )
    data = part.paths.data
    kb, rb = cv.best("lasso"), cv.best("ridge")
    mse_l, mse_r = cv.mean("lasso"), cv.mean("ridge")
    kept = [n for n, w in zip(data.names, part.lasso_at_best, strict=True) if w != 0.0]
    dropped = [n for n, w in zip(data.names, part.lasso_at_best, strict=True) if w == 0.0]
    edge = sharpness_sentence(part, "lasso") + sharpness_sentence(part, "ridge")
    return (
        f"<p><b>Cross-validation</b> ({cv.folds} folds, shuffled with seed {cv.seed}; each "
        "fold refits on the others): the held-out mean squared error is smallest at "
        f"α = <b>{num(data.alphas[kb])}</b> for the {LASSO} ({num(mse_l[kb])}) and at "
        f"α = <b>{num(data.alphas[rb])}</b> for the {RIDGE} ({num(mse_r[rb])}). "
        f"There the lasso keeps <b>{len(kept)} of {len(data.names)}</b> features and drops "
        f"{_names(dropped)}: feature selection as a practitioner does it. "
        f'<a href="set:path_alpha={data.alphas[kb]!r}">Move the line there</a>.{edge}</p>'
    )


def paths_html(part: PathsCV, at: AtAlpha | None) -> str:
    """The explanation for the paths computed so far and the solutions at the line's α."""
    return (
        "<h3>Coefficient paths on real data</h3>"
        + data_paragraph(part)
        + (at_alpha_paragraph(part, at) if at is not None else "")
        + order_paragraph(part)
        + cv_paragraph(part)
    )
