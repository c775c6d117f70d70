"""The Outliers explanation at its edges: every sentence checked against the run it
describes, and "try this" links that fit the model family and change something."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from l1l2gui.core.fields import as_dict
from l1l2gui.core.outliers import compute, data_extent, validate_outliers
from l1l2gui.core.outliers_facts import line_facts, outlier_facts, trees_change_fits
from l1l2gui.core.seed_claim import SeedClaim
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.tabs.outliers.links import try_this
from l1l2gui.gui.tabs.outliers.seeds_view import claim_html
from l1l2gui.gui.tabs.outliers.text import explanation_html, line_text, num

MODEL = tab_model("outliers")
TREE_KEYS = {"n_estimators", "learning_rate", "max_depth", "random_state"}


def link_values(href: str) -> dict[str, str]:
    kind, _, rest = href.partition(":")
    assert kind == "set", href
    return dict(item.split("=", 1) for item in rest.split(";"))


def applied(params, href: str):
    form = as_dict(params)
    del form["data_sha256"]  # not a form value: recomputed from the file
    new = MODEL.params(values={**form, **link_values(href)})
    validate_outliers(new)  # in range, outlier on the plot
    return new


def drawn(params) -> list[np.ndarray]:
    run = compute(params)
    return [run.x, run.y, np.array([params.outlier_x, params.outlier_y])] + [
        run.fits[n].y for n in sorted(run.fits)
    ]


def changes_the_picture(params, new) -> bool:
    """Some point or fit moves by more than 1e-9 of the fits' range (what the eye could see)."""
    a, b = drawn(params), drawn(new)
    tol = 1e-9 * max(float(np.ptp(np.concatenate(a))), 1.0)
    return len(a) != len(b) or any(
        x.shape != y.shape or np.max(np.abs(x - y)) > tol for x, y in zip(a, b, strict=True)
    )


def csv_params(tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("x,y\n0,1\n2,4\n4,4\n6,8\n")
    return MODEL.params(values={"data_file": str(path), "outlier_x": 3.0})


CASES = {
    "default": {},
    "noise 0": {"noise": 0.0},
    "many trees, full steps": {"n_estimators": 200, "learning_rate": 1.0},
    "outlier left of the data": {"outlier_x": -3.0},
    "all four losses": {"losses": ("l1", "l2", "huber", "quantile")},
    "seeds shown": {"seeds_repeat": 5},
}


@pytest.mark.parametrize("family", ["boosting", "linear"])
@pytest.mark.parametrize("case", [*CASES, "data file"])
def test_links_fit_the_family_and_each_changes_something(family, case, tmp_path):
    if case == "data file":
        params = dataclasses.replace(csv_params(tmp_path), model_family=family)
    else:
        params = MODEL.params(values={**CASES[case], "model_family": family})
    links = try_this(params, compute(params))
    hrefs = [href for href, _ in links]
    assert len(set(hrefs)) == len(hrefs)
    for href, text in links:
        values = link_values(href)
        new = applied(params, href)
        assert new != params, href
        # never the 0.5 quantile: its fit is the L1 fit in both families
        assert "quantile" not in values.get("losses", "") or "quantile" in params.losses
        assert "quantile" not in text
        if family == "linear":
            assert not TREE_KEYS & set(values), href  # trees: nothing to change in a line
            assert "tree" not in text or "boosted trees" in text
        if params.data_file or params.noise == 0:
            assert not {"seed", "seeds_repeat"} & set(values), href  # no noise to redraw
        if "seeds_repeat" not in values:
            assert changes_the_picture(params, new), href
    other = "linear" if family == "boosting" else "boosting"
    assert f"set:model_family={other}" in hrefs
    if "huber" not in params.losses:
        assert any("huber" in link_values(h).get("losses", "") for h in hrefs)


def test_tree_counts_are_offered_only_when_they_change_a_fit():
    full = MODEL.params(values={"n_estimators": 200, "learning_rate": 1.0})
    run = compute(full)  # with full steps the first tree already matches every point
    assert not trees_change_fits(run, 5)
    assert not any("n_estimators" in href for href, _ in try_this(full, run))
    slow = dataclasses.replace(full, learning_rate=0.1)
    slow_run = compute(slow)
    assert trees_change_fits(slow_run, 5)
    assert ("set:n_estimators=5", "back to 5 trees, as in the source") in try_this(slow, slow_run)
    few = MODEL.params()
    assert trees_change_fits(compute(few), 200)
    assert any(href == "set:n_estimators=200" for href, _ in try_this(few, compute(few)))


def test_position_links_stop_where_the_outlier_already_is():
    params = MODEL.params()
    first, last, step = data_extent(params)
    at_left = dataclasses.replace(params, outlier_x=first - step)
    xs = [float(link_values(h)["outlier_x"]) for h, _ in try_this(at_left) if "outlier_x" in h]
    assert xs == [(first + last) / 2, last + step]


def test_the_quantile_fit_is_said_to_be_the_l1_fit_in_both_families():
    for family in ("boosting", "linear"):
        run = compute(MODEL.params(values={"losses": ("l1", "l2", "quantile"),
                                           "model_family": family}))  # fmt: skip
        facts = outlier_facts(run)
        assert np.array_equal(run.fits["quantile"].y, run.fits["l1"].y)
        assert facts.same_as_l1 == ("quantile",)
        assert "fit is the <b" in explanation_html(run, facts)
    huber = compute(MODEL.params(values={"losses": ("l1", "l2", "huber")}))
    hf = outlier_facts(huber)
    assert hf.same_as_l1 == ()
    assert f"fit moves by {num(hf.shift['huber'])}." in explanation_html(huber, hf)


def test_line_text_writes_signs_once():
    assert line_text(2, 5) == "y = 2·x + 5"
    assert line_text(-2, -5) == "y = −2·x − 5"
    assert line_text(0, 5) == "y = 5"
    assert line_text(2, 0) == "y = 2·x"
    assert line_text(0, 0) == "y = 0"


def test_noise_zero_and_an_outlier_on_the_line_with_straight_lines():
    params = MODEL.params(values={"model_family": "linear", "noise": 0.0,
                                  "outlier_x": 5.0, "outlier_y": 15.0})  # fmt: skip
    run = compute(params)
    facts = outlier_facts(run)
    html = explanation_html(run, facts)
    assert facts.distance == 0 and facts.more_shifted == "tie"
    assert "4 base points exactly on y = 2·x + 5 (noise 0)" in html
    assert "sits on the line y = 2·x + 5," in html and "seed" not in html.split("<h3>")[0]
    assert "neither fit moves at all" in html
    assert "sits on the <b" in html and "stays put" in html
    assert "passes through the points at x = 0, 3, 5, 6 and 9 (the outlier's x among them)" in html
    assert "neither line moves more" in html and "turns around" not in html


def test_linear_why_follows_the_lines():
    # outlier at the data's mean x: least squares only shifts the line (slope unchanged)
    params = MODEL.params(values={"model_family": "linear", "outlier_x": 4.5, "outlier_y": 20.0})
    run = compute(params)
    facts, lf = outlier_facts(run), line_facts(run)
    html = explanation_html(run, facts)
    x = np.append(run.x, 4.5)
    y = np.append(run.y, 20.0)
    slope_with = np.polyfit(x, y, 1)[0]
    slope_without = np.polyfit(run.x, run.y, 1)[0]
    assert slope_with == pytest.approx(slope_without, rel=1e-9)
    assert f"its slope stays {num(slope_with)}" in html
    # the L1 line passes through the points named (zero residual), and through no other
    a, b = np.ravel(run.fits["l1"].model.coef_)[0], run.fits["l1"].model.intercept_
    on = np.isclose(y, a * x + b, rtol=0, atol=1e-6)
    assert sorted(lf.l1_through) == sorted(x[on].tolist())
    assert facts.more_shifted == "l2" and "turns around here: L1 is the stable one" in html
    # moved off the mean x, the L2 slope changes and the text says from what to what
    off = compute(dataclasses.replace(params, outlier_x=12.0))
    of = line_facts(off)
    text = explanation_html(off, outlier_facts(off))
    assert (
        f"from {num(of.slope['l2_without'])} without the outlier to {num(of.slope['l2'])}" in text
    )


@pytest.mark.parametrize(
    ("outlier_x", "where"),
    [(-6.0, "left of every base point"), (0.0, "among the base points"),
     (9.0, "among the base points"), (15.0, "right of every base point")],
)  # fmt: skip
def test_outlier_at_the_range_bounds_and_the_data_ends(outlier_x, where):
    run = compute(MODEL.params(values={"outlier_x": outlier_x}))
    assert where in explanation_html(run, outlier_facts(run))


def test_one_tree_and_a_flat_fit():
    tiny = MODEL.params(
        values={
            **{"n_points": 2, "x_step": 1.0, "slope": 0.0, "intercept": 0.0, "noise": 0.0},
            **{"outlier_x": 2.0, "outlier_y": 4.0, "n_estimators": 1, "learning_rate": 0.5},
            "max_depth": 1,
        }
    )
    run = compute(tiny)
    facts = outlier_facts(run)
    html = explanation_html(run, facts)
    assert facts.levels["l1"] == 1 and "L1</b> fit takes a single value (a flat line)" in html
    assert "n_estimators=1" in html
    assert "L2 moves and L1 does not move at all" in html
    assert "y = 0 (noise 0)" in html


def fake_claim(l1: list[list[float]], l2: list[list[float]]) -> SeedClaim:
    params = MODEL.params(values={"seeds_repeat": len(l1)})
    positions = {"left": -6.0, "middle": 4.5, "right": 15.0}
    seeds = np.arange(len(l1))
    return SeedClaim(params, positions, seeds, {"l1": np.array(l1), "l2": np.array(l2)}, len(l1))


def test_claim_most_draws_means_more_than_half():
    # middle: L1 more in 2 of 5, L2 in 1, ties in 2: more often than L2, but not "most"
    l1 = [[1, 2, 1], [1, 2, 1], [1, 1, 1], [1, 1, 1], [1, 1, 1]]
    l2 = [[2, 1, 2], [2, 1, 2], [2, 2, 2], [2, 1, 2], [2, 1, 2]]
    html = claim_html(fake_claim(l1, l2))
    assert "in 2 of 5 in the middle" in html
    assert "not in most draws: L1 moves more in only 40%" in html
    zero = fake_claim([[1, 2, 1]], [[2, 1, 2]])
    noiseless = dataclasses.replace(zero, params=dataclasses.replace(zero.params, noise=0.0))
    assert "With noise 0 every seed draws the same points" in claim_html(noiseless)
    assert "With noise 0" not in claim_html(zero)
