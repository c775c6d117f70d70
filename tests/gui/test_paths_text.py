"""Every claim of the coefficient-paths explanation, checked against the computed paths and CV."""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pytest

from l1l2gui.core.coef_paths import PathsCV, PathsParams, coefs_at, run_paths
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
    assert f"first {order[0][0]} (α = {num(order[0][1])})" in text
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
    assert "end of the grid" not in text
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


def test_html_has_every_part(final):
    part, r = final
    html = paths_html(part, r.at)
    assert "At α = 1" in plain(html) and "Cross-validation" in html
    assert "At α" not in paths_html(part, None)
