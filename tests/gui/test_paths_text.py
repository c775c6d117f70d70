"""Every claim of the coefficient-paths explanation, checked against the computed paths and CV."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from l1l2gui.core.coef_paths import PathsCV, PathsParams, coefs_at, run_paths
from l1l2gui.core.coef_paths_facts import entries, exits, flatness
from l1l2gui.gui.tabs.regularization.paths_text import (
    at_alpha_paragraph,
    cv_paragraph,
    data_paragraph,
    entry_order,
    num,
    order_paragraph,
    paths_html,
)


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


@pytest.fixture(scope="module")
def final():
    r = list(run_paths(PathsParams()))[-1]
    return PathsCV(r.paths, r.cv, r.lasso_at_best), r


def test_data_paragraph(final):
    part, _ = final
    text = plain(data_paragraph(part))
    assert "442 patients, 10 features" in text
    assert f"100 α from {num(part.paths.data.alphas[0])}" in text
    assert f"down to {num(part.paths.data.alphas[-1])}" in text
    assert np.count_nonzero(part.paths.lasso[:, 0]) == 0  # "where every lasso weight is 0"


def test_at_alpha_paragraph_names_kept_and_dropped(final):
    part, r = final
    text = plain(at_alpha_paragraph(part, r.at))
    kept = [n for n, w in zip(r.at.names, r.at.lasso, strict=True) if w != 0]
    dropped = [n for n, w in zip(r.at.names, r.at.lasso, strict=True) if w == 0]
    assert f"keeps {len(kept)} of 10 features ({', '.join(kept)})" in text
    assert f"exactly 0: {', '.join(dropped)}" in text
    i = int(np.argmin(np.abs(r.at.ridge)))
    assert f"keeps all 10: its smallest is {r.at.names[i]}, {num(r.at.ridge[i])}" in text
    none = plain(at_alpha_paragraph(part, coefs_at(100.0)))
    assert "keeps 0 of 10 features (none)" in none


def test_entry_order_against_the_path(final):
    part, _ = final
    order = entry_order(part)
    assert order[0][0] == "bmi"  # the best single predictor enters first
    for name, alpha in order:
        i = part.paths.data.names.index(name)
        k = int(np.flatnonzero(part.paths.lasso[i] != 0)[0])
        assert alpha == part.paths.data.alphas[k]
        assert np.all(part.paths.lasso[i, :k] == 0)
    text = plain(order_paragraph(part))
    assert "no ridge coefficient is exactly 0" in text
    assert np.count_nonzero(part.paths.ridge == 0) == 0
    assert f"smallest |w|: {num(float(np.abs(part.paths.ridge).min()))}" in text


def test_cv_paragraph(final):
    part, _ = final
    text = plain(cv_paragraph(part))
    alphas, cv = part.paths.data.alphas, part.cv
    kb, rb = cv.best("lasso"), cv.best("ridge")
    assert f"α = {num(alphas[kb])} for the Lasso (L1) ({num(cv.mean('lasso')[kb])})" in text
    assert f"α = {num(alphas[rb])} for the Ridge (L2) ({num(cv.mean('ridge')[rb])})" in text
    n = int(np.count_nonzero(part.lasso_at_best))
    assert f"keeps {n} of 10 features" in text
    assert "at the end of the grid" not in text  # near it (ridge): see below
    assert f"set:path_alpha={alphas[kb]!r}" in cv_paragraph(part)


def test_cv_paragraph_partial_and_edge(final):
    part, _ = final
    partial = dataclasses.replace(part.cv, done=2)
    assert "fold 3 of 5" in plain(cv_paragraph(PathsCV(part.paths, partial, None)))
    assert "0 of 100 α" in cv_paragraph(
        PathsCV(dataclasses.replace(part.paths, done=0), None, None)
    )
    edge_mse = part.cv.mse_ridge.copy()
    edge_mse[:, -1] = 0.0
    edge = PathsCV(part.paths, dataclasses.replace(part.cv, mse_ridge=edge_mse), part.lasso_at_best)
    assert "The ridge's best α is at the end of the grid" in plain(cv_paragraph(edge))


def test_features_entering_at_one_grid_step_enter_together(final):
    part, _ = final
    alphas, lasso = part.paths.data.alphas, part.paths.lasso
    first = {n: int(np.flatnonzero(lasso[i] != 0)[0]) for i, n in enumerate(part.paths.data.names)}
    assert first["bmi"] == first["s5"] == 1  # both non-zero from the grid's second α on
    groups = entries(part.paths)
    assert groups[0].names == ("bmi", "s5") and groups[0].alpha == alphas[1]
    text = plain(order_paragraph(part))
    assert "one at a time" not in text
    assert f"bmi and s5 together (between α = {num(alphas[0])} and {num(alphas[1])}" in text
    assert "then bp (α = 21.45)" in text


def test_a_feature_leaving_the_path_again_is_said(final):
    part, _ = final
    count = part.paths.nonzero
    out = exits(part.paths)
    assert [e.name for e in out] == ["s3"]
    e = out[0]
    i = part.paths.data.names.index("s3")
    assert part.paths.lasso[i, e.index - 1] != 0 and part.paths.lasso[i, e.index] == 0
    assert np.all(part.paths.lasso[i, e.index : e.back_index] == 0)
    assert (count[e.index - 1], count[e.index], count[e.back_index]) == (10, 9, 10)
    text = plain(order_paragraph(part))
    assert f"s3 leaves again at α = {num(e.alpha)} (the non-zero count drops from 10 to 9)" in text
    assert f"comes back at α = {num(e.back_alpha)}" in text


def test_flat_cv_curve_and_near_edge_best_are_said(final):
    part, _ = final
    alphas, cv = part.paths.data.alphas, part.cv
    mse = cv.mse_ridge
    se = mse.std(0, ddof=1) / np.sqrt(cv.folds)
    rb = cv.best("ridge")
    assert rb == len(alphas) - 3  # 2 steps from the small end
    within = np.flatnonzero(mse.mean(0) <= mse.mean(0)[rb] + se[rb])
    f = flatness(cv, "ridge")
    assert np.array_equal(f.within, within) and f.near_edge == "small"
    text = plain(cv_paragraph(part))
    assert "The ridge's best α is 2 steps from the end of the grid (its small α)" in text
    assert (
        f"every α from {num(alphas[within[0]])} down to {num(alphas[-1])} (the grid's end) "
        f"is within one standard error (±{num(se[rb])}, over the 5 folds)"
    ) in text
    lf = flatness(cv, "lasso")
    assert lf.flat and "The lasso's CV curve is flat around its best" in text
    # a sharp minimum in the middle: neither sentence
    sharp = cv.mse_lasso.copy()
    sharp[:, 50] = 1.0
    sharp_cv = dataclasses.replace(cv, mse_lasso=sharp)
    assert not flatness(sharp_cv, "lasso").flat
    sharp_text = plain(cv_paragraph(PathsCV(part.paths, sharp_cv, part.lasso_at_best)))
    assert "lasso's CV curve is flat" not in sharp_text
    assert "lasso's best α is" not in sharp_text


def test_html_has_every_part(final):
    part, r = final
    html = paths_html(part, r.at)
    assert "At α = 1" in plain(html) and "Cross-validation" in html
    assert "At α" not in paths_html(part, None)


def test_no_exit_is_claimed_for_the_part_of_the_path_not_computed_yet(final):
    part, _ = final
    e = exits(part.paths)[0]
    early = PathsCV(dataclasses.replace(part.paths, done=e.index - 5), None, None)
    assert exits(early.paths) == []
    text = plain(order_paragraph(early))
    alphas = part.paths.data.alphas
    assert f"So far (α down to {num(alphas[e.index - 6])}) no feature has left again" in text
    assert "Once in" not in text
