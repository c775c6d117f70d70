"""Every sentence the Regularization tab states about the current picture is true of it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from l1l2gui.core.presets import presets_for
from l1l2gui.core.regularization import RegularizationParams
from l1l2gui.core.regularization_geometry import geometry, path_facts, ridge_crossings
from l1l2gui.core.regularization_mc import FAMILIES, run_monte_carlo
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.tabs.regularization.text import (
    geometry_html,
    geometry_readout,
    mc_html,
    num,
    path_sentences,
    zero_note,
)

P = RegularizationParams
LEAVES = P(center_w1=-0.1, center_w2=-1.6, axis_ratio=3.3, angle_deg=76)
CROSSES = P(center_w1=2.2, center_w2=0.2, axis_ratio=0.4, angle_deg=-14)


def html(params):
    geo = geometry(params)
    return geo, geometry_html(geo, path_facts(geo))


def test_num_never_hides_a_tiny_number():
    assert num(0.0) == "0" and num(-0.0) == "0"
    assert num(1e-17) == "1e-17"
    assert zero_note(np.array([1.0, 0.0])) == "w2 is exactly 0"
    assert zero_note(np.array([0.0, 1e-300])) == "w1 is exactly 0"
    assert zero_note(np.array([0.0, 0.0])) == "both weights are exactly 0"
    assert zero_note(np.array([1e-300, 1.0])) == ""


def test_vertex_edge_and_inside_sentences():
    geo, text = html(P())
    assert geo.l1[1] == 0.0 and "w2 is exactly 0" in text and "corner (1, 0)" in text
    assert "no weight is zero" in text  # said of L2, whose weights are both non-zero
    assert np.all(geo.l2 != 0.0)
    assert "w2 is exactly 0" in geometry_readout(geo)
    geo, text = html(P(center_w1=1.4, center_w2=1.0, axis_ratio=2.0, angle_deg=20.0))
    assert geo.l1_where == "edge" and np.all(geo.l1 != 0.0)
    assert "on an edge" in text and "exactly 0" not in text
    geo, text = html(P(center_w1=0.4, center_w2=0.3))
    assert geo.l1_where == "inside" and "does not bind" in text
    assert f"λ = {num(0.0)}" in text and "inside the circle" in text


def test_l2_exact_zero_is_reported_when_it_happens():
    # c on the w1 axis with axis-aligned contours: L2's w2 really is 0.0
    geo, text = html(P(center_w1=2.0, center_w2=0.0, angle_deg=0.0))
    assert geo.l2[1] == 0.0
    assert "touches the circle at (1, 0): <b>w2 is exactly 0</b>" in text


def test_penalties_in_the_text_are_the_matching_ones():
    geo, text = html(P())
    assert f"λ = {num(geo.lam_l1)}" in text and f"λ = {num(geo.lam_l2)}" in text


def test_path_sentences_follow_the_facts():
    geo = geometry(P())
    facts = path_facts(geo)
    l1, l2 = path_sentences(geo, facts)
    assert facts.l1_stays and facts.l1_axis == 1
    assert f"reaches the w1 axis (w2 = 0) at λ = {num(facts.l1_axis_lam)} and stays" in l1
    assert not facts.ridge_crossings and "no weight is 0 at any finite λ" in l2
    # the lasso path can leave an axis again (correlated weights)
    geo = geometry(LEAVES)
    facts = path_facts(geo)
    l1, _ = path_sentences(geo, facts)
    assert not facts.l1_stays and "leaves it again" in l1
    w1 = geo.path_l1[:, facts.l1_axis]
    first = int(np.argmax(w1 == 0.0))
    assert np.any(w1[first:] != 0.0)
    # the ridge path can pass through an axis: the weight changes sign there
    geo = geometry(CROSSES)
    (lam, i), *_ = ridge_crossings(geo.params.center, geo.A)
    _, l2 = path_sentences(geo, path_facts(geo))
    assert f"at λ = {num(lam)} and passes through" in l2
    w = np.linalg.solve(geo.A + lam * np.eye(2), geo.A @ geo.params.center)
    assert abs(w[i]) < 1e-12
    before = np.linalg.solve(geo.A + 0.5 * lam * np.eye(2), geo.A @ geo.params.center)
    after = np.linalg.solve(geo.A + 2 * lam * np.eye(2), geo.A @ geo.params.center)
    assert np.sign(before[i]) == -np.sign(after[i])


def test_try_this_claims_hold():
    model = tab_model("regularization")
    edge = geometry(model.params("l1-on-an-edge"))
    assert edge.l1_where == "edge"
    useless = geometry(model.params("useless-feature"))
    assert useless.l1[1] == 0.0 and 0 < useless.l2[1] < 0.3
    # the link sets c and radius = 1 together, so it holds whatever t was before
    inside = geometry(P(center_w1=0.4, center_w2=0.3, radius=1.0))
    assert inside.l1_where == "inside" and inside.l2_inside
    names = {p.name for p in presets_for("regularization")}
    assert {"l1-on-an-edge", "useless-feature"} <= names


def mc(**kw):
    params = dataclasses.replace(P(), **kw)
    return list(run_monte_carlo(params))[-1]


def test_monte_carlo_text_states_its_numbers():
    result = mc()
    text = mc_html(result)
    best = max(FAMILIES, key=lambda f: result.zero_fraction("l1", f))
    assert best == "useless_feature"
    assert "most exact zeros for the useless w2 family" in text
    assert f"({100 * result.zero_fraction('l1', best):.1f}%)" in text
    assert "no exact zero in any of the 30000 problems" in text
    assert sum(result.exact_zero["l2", f] for f in FAMILIES) == 0


@pytest.mark.parametrize("family", FAMILIES)
def test_monte_carlo_try_this_claims(family):
    base = mc()
    loose = mc(tolerance=0.1)
    # "L2 gets near zeros too, but never exact ones"
    assert loose.near_zero_fraction("l2", family) > base.near_zero_fraction("l2", family)
    assert loose.zero_fraction("l2", family) == 0.0
    # "another seed: the fractions barely move"
    other = mc(seed=1)
    assert abs(other.zero_fraction("l1", family) - base.zero_fraction("l1", family)) < 0.03


def test_path_sentences_at_the_edge_cases():
    geo = geometry(P(center_w1=0.0, center_w2=0.0))
    l1, l2 = path_sentences(geo, path_facts(geo))
    assert l1.startswith("c = 0: w = 0 for every λ") and l2 == ""
    assert np.all(geo.path_l1 == 0.0) and np.all(geo.path_l2 == 0.0)
    # c on the w1 axis, contours aligned: both paths keep w2 exactly 0 all along
    geo = geometry(P(center_w1=2.0, center_w2=0.0, angle_deg=0.0))
    facts = path_facts(geo)
    l1, l2 = path_sentences(geo, facts)
    assert facts.ridge_zero == (1,) and np.all(geo.path_l2[:, 1] == 0.0)
    assert "w2 is exactly 0 all along" in l2
    assert "at λ = 0 (c is on it) and stays on it" in l1
    # tilted contours: the same c gives a ridge path off the axis
    geo = geometry(P(center_w1=2.0, center_w2=0.0, angle_deg=30.0))
    facts = path_facts(geo)
    assert facts.ridge_zero == () and np.all(geo.path_l2[1:, 1] != 0.0)
