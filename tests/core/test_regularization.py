"""Regularization core: exact constrained optima, matching penalties, paths, Monte Carlo."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
from scipy.optimize import minimize

from l1l2gui.core.regularization import (
    REGULARIZATION_FIELDS,
    RegularizationParams,
    l1_ball_optimum,
    l1_path,
    l1_penalty_for,
    l2_ball_optimum,
    lasso_2d,
    loss,
    quadratic_matrix,
    ridge_path,
)
from l1l2gui.core.regularization_geometry import ellipse, geometry, where_on_diamond
from l1l2gui.core.regularization_mc import (
    FAMILIES,
    draw_problems,
    run_monte_carlo,
)
from l1l2gui.core.tabs import tab_model


def random_problems(n: int, seed: int = 1):
    rng = np.random.default_rng(seed)
    c = rng.uniform(-3, 3, (n, 2))
    r = np.exp(rng.uniform(np.log(0.1), np.log(10), n))
    th = rng.uniform(-180, 180, n)
    t = rng.uniform(0.3, 2.0, n)
    return c, quadratic_matrix(r, th), t, r, th


def kkt_l1(w, c, A, lam, tol=1e-9):
    """True if w minimises L(w) + λ‖w‖₁: 2A(w − c) + λg = 0 for a subgradient g."""
    grad = 2 * A @ (w - c)
    scale = 1 + abs(lam) + np.abs(grad).max()
    for i in range(2):
        if w[i] != 0.0:
            if abs(grad[i] + lam * np.sign(w[i])) > tol * scale:
                return False
        elif abs(grad[i]) > lam + tol * scale:
            return False
    return True


# ------------------------------------------------------------------- the loss
def test_quadratic_matrix_has_the_axis_ratio_and_angle():
    A = quadratic_matrix(3.0, 30.0)
    a, Q = np.linalg.eigh(A)
    assert np.allclose(a, [1.0, 9.0])
    # the stiff axis (eigenvalue r²) is the rotated second axis (−sin θ, cos θ)
    assert abs(abs(Q[:, 1] @ [-0.5, math.sqrt(3) / 2]) - 1) < 1e-12


def test_ellipse_points_are_on_their_level():
    c = np.array([0.5, -1.0])
    A = quadratic_matrix(0.3, 70.0)
    pts = ellipse(c, 0.3, 70.0, 2.5)
    assert np.allclose(loss(pts, c, A), 2.5)


# ---------------------------------------------------------- constrained optima
def test_l1_ball_optimum_matches_brute_force_and_slsqp():
    c, A, t, _, _ = random_problems(150)
    w = l1_ball_optimum(c, A, t)
    signs = np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]], float)
    assert np.all(np.abs(w).sum(1) <= t * (1 + 1e-12))
    s = np.linspace(0, 1, 20001)
    slsqp_ok = 0
    for i in range(len(c)):
        vals = loss(w[i], c[i], A[i])
        if np.abs(c[i]).sum() <= t[i]:
            assert np.array_equal(w[i], c[i])
            continue
        # brute force: the whole boundary, finely
        verts = np.array([[1, 0], [0, 1], [-1, 0], [0, -1], [1, 0]], float) * t[i]
        pts = np.concatenate(
            [(1 - s)[:, None] * verts[k] + s[:, None] * verts[k + 1] for k in range(4)]
        )
        brute = loss(pts, c[i], A[i])
        assert vals <= brute.min() + 1e-12 * (1 + brute.min())
        res = minimize(
            lambda x, i=i: loss(x, c[i], A[i]),
            x0=0.5 * t[i] * c[i] / np.abs(c[i]).sum(),
            method="SLSQP",
            # the diamond as four linear constraints ±w1 ± w2 ≤ t: smooth, as SLSQP needs
            constraints=[{"type": "ineq", "fun": lambda x, i=i: t[i] - signs @ x}],
            options={"ftol": 1e-12, "maxiter": 500},
        )
        if res.success and abs(res.x).sum() <= t[i] + 1e-9:
            slsqp_ok += 1
            assert vals <= res.fun + 1e-9
            assert np.allclose(w[i], res.x, atol=1e-5)
    outside = np.count_nonzero(np.abs(c).sum(1) > t)
    assert outside > 50 and slsqp_ok >= 0.9 * outside


def test_l2_ball_optimum_matches_brute_force_and_slsqp():
    c, A, t, _, _ = random_problems(150, seed=2)
    w, lam = l2_ball_optimum(c, A, t)
    norms = np.hypot(w[:, 0], w[:, 1])
    phi = np.linspace(0, 2 * np.pi, 100001)
    circle = np.stack([np.cos(phi), np.sin(phi)], -1)
    slsqp_ok = 0
    for i in range(len(c)):
        if np.hypot(*c[i]) <= t[i]:
            assert np.array_equal(w[i], c[i]) and lam[i] == 0.0
            continue
        assert abs(norms[i] - t[i]) < 1e-12 * t[i]
        value = loss(w[i], c[i], A[i])
        assert value <= loss(t[i] * circle, c[i], A[i]).min() + 1e-12
        res = minimize(
            lambda x, i=i: loss(x, c[i], A[i]),
            x0=0.5 * t[i] * c[i] / np.hypot(*c[i]),
            method="SLSQP",
            constraints=[{"type": "ineq", "fun": lambda x, i=i: t[i] ** 2 - x @ x}],
            options={"ftol": 1e-12, "maxiter": 500},
        )
        if res.success:
            slsqp_ok += 1
            assert value <= res.fun + 1e-9
            assert np.allclose(w[i], res.x, atol=1e-5)
    outside = np.count_nonzero(np.hypot(c[:, 0], c[:, 1]) > t)
    assert outside > 50 and slsqp_ok >= 0.9 * outside


def test_a_vertex_case_gives_exactly_zero():
    params = RegularizationParams()  # c = (1.5, 0.8), r = 0.5, θ = 30°
    geo = geometry(params)
    assert geo.l1[1] == 0.0 and geo.l1[0] == 1.0
    assert geo.l1_where == "vertex"
    assert np.all(geo.l2 != 0.0)
    metrics = tab_model("regularization").metrics(
        tab_model("regularization").compute(dataclasses.replace(params, trials=100))
    )
    assert metrics["l1/w2"] == 0.0 and metrics["l1/w1"] == 1.0
    assert metrics["l2/w2"] > 0.4


def test_where_on_diamond():
    assert where_on_diamond(np.array([0.2, 0.1]), np.array([0.2, 0.1])) == "inside"
    assert where_on_diamond(np.array([0.0, -1.0]), np.array([0.3, -3.0])) == "vertex"
    assert where_on_diamond(np.array([0.5, 0.5]), np.array([1.0, 1.0])) == "edge"
    geo = geometry(RegularizationParams(center_w1=1.4, center_w2=1.0, axis_ratio=2.0))
    assert geo.l1_where == "edge" and np.all(geo.l1 != 0.0)
    inside = geometry(RegularizationParams(center_w1=0.3, center_w2=-0.2))
    assert inside.l1_where == "inside" and inside.l2_inside
    assert inside.lam_l1 == 0.0 and inside.lam_l2 == 0.0


# ---------------------------------------------------------- matching penalties
def test_matching_penalties_give_the_same_solutions():
    c, A, t, _, _ = random_problems(200, seed=3)
    w1 = l1_ball_optimum(c, A, t)
    lam1 = l1_penalty_for(w1, c, A)
    w2, lam2 = l2_ball_optimum(c, A, t)
    for i in range(len(c)):
        assert kkt_l1(w1[i], c[i], A[i], lam1[i])
        again = lasso_2d(c[i], A[i], np.array([lam1[i]]))[0]
        assert np.allclose(again, w1[i], atol=1e-12)
        assert np.array_equal(again == 0.0, w1[i] == 0.0)  # the same exact zeros
        ridge = np.linalg.solve(A[i] + lam2[i] * np.eye(2), A[i] @ c[i])
        assert np.allclose(ridge, w2[i], atol=1e-12)
        # KKT of the ridge problem, independently of the formula
        assert np.allclose(2 * A[i] @ (w2[i] - c[i]) + 2 * lam2[i] * w2[i], 0, atol=1e-10)


def test_default_penalties_by_hand():
    geo = geometry(RegularizationParams())
    grad = 2 * geo.A @ (geo.l1 - geo.params.center)
    assert geo.lam_l1 == pytest.approx(-grad[0])
    assert abs(grad[1]) <= geo.lam_l1  # the vertex: the second subgradient is within [−1, 1]
    assert geo.lam_l2 == pytest.approx(-(geo.A @ (geo.l2 - geo.params.center))[0] / geo.l2[0])


# --------------------------------------------------------------------- paths
@pytest.mark.parametrize("seed", range(40))
def test_lasso_2d_satisfies_kkt_at_every_lambda(seed):
    c, A, _, _, _ = random_problems(1, seed=seed + 10)
    lam, path = l1_path(c[0], A[0])
    for lv, w in zip(lam, path, strict=True):
        assert kkt_l1(w, c[0], A[0], lv)
    assert np.array_equal(path[0], c[0]) and np.all(path[-1] == 0.0)
    # every kink is on the grid: the solution between two grid points is on the chord
    mid = 0.5 * (lam[1:] + lam[:-1])
    assert np.allclose(lasso_2d(c[0], A[0], mid), 0.5 * (path[1:] + path[:-1]), atol=1e-10)


def test_l1_path_reaches_an_axis_and_stays_there():
    geo = geometry(RegularizationParams())
    on_axis = np.any(geo.path_l1 == 0.0, axis=1)
    first = int(np.argmax(on_axis))
    assert first > 0 and np.all(on_axis[first:])
    # the constrained optimum is on the path at its matching λ
    w = lasso_2d(geo.params.center, geo.A, np.array([geo.lam_l1]))[0]
    assert np.allclose(w, geo.l1, atol=1e-14) and w[1] == 0.0


def test_ridge_path_shrinks_without_reaching_an_axis():
    geo = geometry(RegularizationParams())
    lam, w = ridge_path(geo.params.center, geo.A)
    assert lam[0] == 0.0 and np.array_equal(w[0], geo.params.center)
    assert np.all(w != 0.0)
    norms = np.hypot(w[:, 0], w[:, 1])
    assert np.all(np.diff(norms) < 0) and norms[-1] < 0.01 * norms[0]
    for lv, wv in zip(lam[::20], w[::20], strict=True):
        assert np.allclose(2 * geo.A @ (wv - geo.params.center) + 2 * lv * wv, 0, atol=1e-12)


# ------------------------------------------------------------------ Monte Carlo
def small(**kw) -> RegularizationParams:
    return dataclasses.replace(RegularizationParams(trials=2000), **kw)


def test_monte_carlo_streams_and_counts_like_a_direct_check():
    params = small()
    snaps = list(run_monte_carlo(params, chunk_seconds=0.0005))
    assert len(snaps) > 2
    assert [s.done for s in snaps] == sorted({s.done for s in snaps})
    mc = snaps[-1]
    assert mc.finished and mc.done == 2000
    for family in FAMILIES:
        p = draw_problems(family, 2000, params.radius, params.seed)
        A = quadratic_matrix(p.axis_ratio, p.angle_deg)
        # independently: a vertex v is optimal iff KKT holds there: −∂L/∂w along v ≥ |the other|
        vertex = 0
        for c, a in zip(p.c, A, strict=True):
            for v in np.array([[1, 0], [0, 1], [-1, 0], [0, -1]], float) * params.radius:
                g = 2 * a @ (v - c)
                k = int(np.argmax(np.abs(v)))
                if -g[k] * np.sign(v[k]) >= abs(g[1 - k]):
                    vertex += 1
                    break
        assert abs(mc.exact_zero["l1", family] - vertex) <= 2  # ties at the cone's edge
        assert mc.exact_zero["l2", family] == 0
        assert mc.zero_fraction("l2", family) == 0.0
        for pen in ("l1", "l2"):
            w = mc.solutions[pen, family]
            assert mc.near_zero[pen, family] == np.count_nonzero(
                np.any(np.abs(w) < params.tolerance, axis=1)
            )
            assert mc.near_zero[pen, family] >= mc.exact_zero[pen, family]


def test_symmetric_family_matches_the_cone_rule():
    # circles: the vertex wins exactly when | |c1| − |c2| | ≥ t
    params = small(radius=0.7, seed=5)
    mc = list(run_monte_carlo(params))[-1]
    c = draw_problems("symmetric", 2000, 0.7, 5).c
    expected = np.count_nonzero(np.abs(np.abs(c[:, 0]) - np.abs(c[:, 1])) >= 0.7)
    assert mc.exact_zero["l1", "symmetric"] == expected


def test_monte_carlo_does_not_depend_on_chunking():
    params = small(trials=1500)
    a = list(run_monte_carlo(params, chunk_seconds=0.0001))[-1]
    b = list(run_monte_carlo(params, chunk_seconds=1.0))[-1]
    for key in a.solutions:
        assert np.array_equal(a.solutions[key], b.solutions[key])
    assert a.exact_zero == b.exact_zero


def test_useless_feature_gives_more_exact_zeros_than_symmetric():
    mc = list(run_monte_carlo(small(trials=5000)))[-1]
    assert mc.zero_fraction("l1", "useless_feature") > mc.zero_fraction("l1", "symmetric")


# ------------------------------------------------------------- export contract
def test_series_and_metrics_names():
    model = tab_model("regularization")
    result = model.compute(small(trials=300))
    series = model.series(result)
    names = [f"path/{p}/{w}" for p in ("l1", "l2") for w in ("w1", "w2")]
    names += [f"mc/{p}/{f}/{w}" for p in ("l1", "l2") for f in FAMILIES for w in ("w1", "w2")]
    names += [f"walkthrough/{m}" for m in ("subgradient", "proximal", "clip", "l2")]
    features = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")
    names += [f"{p}/{f}" for p in ("lasso", "ridge") for f in features]
    names += ["cv/lasso", "cv/ridge"]
    assert list(series) == names
    x, y = series["mc/l1/general/w2"]
    assert np.array_equal(x, np.arange(300)) and y.shape == (300,)
    lam, w1 = series["path/l1/w1"]
    assert lam[0] == 0.0 and np.all(np.diff(lam) > 0) and w1[0] == 1.5
    metrics = model.metrics(result)
    expected = ["l1/w1", "l1/w2", "l2/w1", "l2/w2", "lam/l1", "lam/l2"]
    expected += [f"zero_fraction/{p}/{f}" for p in ("l1", "l2") for f in FAMILIES]
    expected += [f"near_zero_fraction/{p}/{f}" for p in ("l1", "l2") for f in FAMILIES]
    expected += [f"walkthrough_final/{m}" for m in ("subgradient", "proximal", "clip", "l2")]
    expected += ["lasso_nonzero", "cv_best_alpha/lasso", "cv_best_alpha/ridge", "cv_nonzero/lasso"]
    assert list(metrics) == expected
    assert metrics["zero_fraction/l2/general"] == 0.0
    assert metrics["lam/l1"] == result.geometry.lam_l1


@pytest.mark.parametrize("field", REGULARIZATION_FIELDS, ids=lambda f: f.name)
def test_bad_values_raise_naming_the_parameter(field):
    bad = field.maximum * 2 + 1 if field.maximum > 0 else field.maximum + 1
    params = dataclasses.replace(RegularizationParams(), **{field.name: bad})
    with pytest.raises(ValueError, match=f"^{field.name}="):
        geometry(params)
    with pytest.raises(ValueError, match=f"^{field.name}="):
        next(run_monte_carlo(params))
    with pytest.raises(ValueError, match=f"^{field.name}="):
        tab_model("regularization").params(values={field.name: float("nan")})
