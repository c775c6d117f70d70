"""The one-weight walkthrough: steps against hand-computed values, minimisers, the note's error."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.optimize import minimize_scalar

from l1l2gui.core.walkthrough import (
    METHODS,
    WalkthroughParams,
    first_zero_step,
    minimizer_l1,
    minimizer_l2,
    note_errors,
    objective,
    sign_changes,
    step,
    walkthrough,
)

NOTE = WalkthroughParams(x=1.0, y=2.0, lam=0.5, alpha=0.1, w0=-0.1, steps=3)
SPARSE = WalkthroughParams(x=1.0, y=0.2, lam=1.0, alpha=0.1, w0=0.5, steps=30)


def test_note_first_two_subgradient_steps_by_hand():
    rows = walkthrough(NOTE).traces["subgradient"].rows
    # step 1: −2·1·(2 + 0.1) = −4.2; 0.5·sign(−0.1) = −0.5; w = −0.1 + 0.1·4.7 = 0.37
    np.testing.assert_allclose(rows[0], [-0.1, -4.2, -0.5, -4.7, 0.37], atol=1e-12)
    # step 2: −2·1·(2 − 0.37) = −3.26; +0.5; −2.76; w = 0.37 + 0.276 = 0.646
    np.testing.assert_allclose(rows[1], [0.37, -3.26, 0.5, -2.76, 0.646], atol=1e-12)


def test_proximal_and_clip_first_steps_by_hand():
    walk = walkthrough(NOTE)
    # proximal: z = −0.1 + 0.42 = 0.32, soft-threshold by αλ = 0.05 → 0.27
    np.testing.assert_allclose(walk.traces["proximal"].rows[0], [-0.1, -4.2, 0.5, -3.7, 0.27])
    # clip: −0.1 + 0.47 = 0.37 would cross zero → 0; from 0, z = 0.4, minus 0.05 → 0.35
    assert walk.traces["clip"].rows[0, 4] == 0.0
    assert walk.traces["clip"].rows[1, 4] == pytest.approx(0.35)
    # L2: −4.2 + 2·0.5·(−0.1) = −4.3 → 0.33
    np.testing.assert_allclose(walk.traces["l2"].rows[0], [-0.1, -4.2, -0.1, -4.3, 0.33])


@pytest.mark.parametrize("method", METHODS)
def test_every_row_is_a_step_of_alpha_times_grad(method):
    rows = walkthrough(dataclasses.replace(SPARSE, steps=50)).traces[method].rows
    np.testing.assert_allclose(rows[:, 4], rows[:, 0] - SPARSE.alpha * rows[:, 3], atol=1e-12)
    np.testing.assert_allclose(rows[1:, 0], rows[:-1, 4])
    np.testing.assert_allclose(rows[:, 3], rows[:, 1] + rows[:, 2])


def test_note_error_is_the_second_mse_gradient():
    errors = note_errors(walkthrough(NOTE))
    assert [(e.step, e.column) for e in errors] == [(2, "mse_grad"), (2, "grad"), (2, "w_new")]
    assert errors[0].printed == 3.4 and errors[0].computed == pytest.approx(-3.26)
    assert errors[2].computed == pytest.approx(0.646)


def test_no_note_errors_for_other_numbers_or_one_step():
    assert note_errors(walkthrough(SPARSE)) == ()
    assert note_errors(walkthrough(dataclasses.replace(NOTE, steps=1))) == ()


@pytest.mark.parametrize(
    "p", [NOTE, SPARSE, WalkthroughParams(x=-2, y=3, lam=4), WalkthroughParams(x=0.5, y=-1, lam=0)]
)
def test_minimizers_against_scipy(p):
    for penalty, exact in (("l1", minimizer_l1(p)), ("l2", minimizer_l2(p))):
        res = minimize_scalar(
            lambda w, pen=penalty: float(objective(w, p, pen)),
            bounds=(-20, 20),
            method="bounded",
            options={"xatol": 1e-10},
        )
        assert exact == pytest.approx(res.x, abs=1e-6)


def test_minimizers_edge_cases():
    assert minimizer_l1(WalkthroughParams(x=0.0)) == 0.0
    assert minimizer_l2(WalkthroughParams(x=0.0, lam=0.0)) == 0.0
    assert minimizer_l1(SPARSE) == 0.0  # |xy| = 0.2 ≤ λ/2


def test_sparse_example_subgradient_chatters_proximal_lands():
    walk = walkthrough(SPARSE)
    sub, prox, clip, l2 = (walk.traces[m] for m in METHODS)
    assert first_zero_step(sub) is None and sign_changes(sub) >= 5
    assert np.all(sub.w[1:] != 0.0)
    assert first_zero_step(prox) == 5  # 0.5 → 0.34 → 0.212 → 0.1096 → 0.02768 → 0
    np.testing.assert_allclose(prox.w[:5], [0.5, 0.34, 0.212, 0.1096, 0.02768])
    assert first_zero_step(clip) is not None and clip.final == 0.0
    assert l2.final == pytest.approx(minimizer_l2(SPARSE), abs=1e-3) and np.all(l2.w != 0.0)


def test_first_zero_step_needs_staying_at_zero():
    walk = walkthrough(NOTE)
    assert walk.traces["clip"].rows[0, 4] == 0.0 and first_zero_step(walk.traces["clip"]) is None


def test_step_rejects_unknown_method_and_fields_validate():
    with pytest.raises(ValueError, match="method"):
        step("nope", 0.0, NOTE)
    with pytest.raises(ValueError, match="alpha"):
        walkthrough(dataclasses.replace(NOTE, alpha=0.0))
    with pytest.raises(ValueError, match="steps"):
        walkthrough(dataclasses.replace(NOTE, steps=0))


def test_divergence_is_inf_without_warnings():
    walk = walkthrough(WalkthroughParams(x=5, y=10, alpha=2.0, steps=500))
    assert not np.isfinite(walk.traces["subgradient"].final)
    assert np.all(np.isfinite(walk.grid))
