"""The coefficient-paths view's explanation: every number from the current paths and CV."""

from __future__ import annotations

import numpy as np

from ....core.coef_paths import AtAlpha, PathsCV
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


def order_paragraph(part: PathsCV) -> str:
    order = entry_order(part)
    if not order:
        return ""
    first = ", ".join(f"{n} (α = {num(a)})" for n, a in order[:3])
    ridge = part.paths.ridge
    zeros = int(np.count_nonzero(ridge == 0.0))
    ridge_part = (
        f"no ridge coefficient is exactly 0 anywhere on the grid (smallest |w|: "
        f"{num(float(np.abs(ridge).min()))}): the penalty gradient αw fades as w does"
        if zeros == 0
        else f"{zeros} ridge coefficients on the grid are exactly 0"
    )
    return (
        f"<p>As α decreases, the lasso lets features in one at a time; first {first}. "
        f"Between entries its path is piecewise linear in α. Ridge shrinks every "
        f"coefficient smoothly: {ridge_part}.</p>"
    )


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
    edge = ""
    for name, k in (("lasso", kb), ("ridge", rb)):
        if k in (0, len(data.alphas) - 1):
            edge += f" The {name}'s best α is at the end of the grid: the optimum may lie beyond."
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
