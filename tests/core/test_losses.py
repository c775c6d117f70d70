"""The four losses of the residual r = ŷ − y: values, derivatives, and their agreement."""

from __future__ import annotations

import numpy as np
import pytest

from l1l2gui.core.losses import LOSS_KINDS, LOSS_LABELS, loss_for

R = np.array([-3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 2.5])


def test_kinds_and_labels_agree() -> None:
    assert LOSS_KINDS == ("signed_l1", "abs_l1", "l2", "huber")
    assert set(LOSS_LABELS) == set(LOSS_KINDS)


@pytest.mark.parametrize("kind", LOSS_KINDS)
def test_loss_for_records_its_kind(kind: str) -> None:
    assert loss_for(kind).kind == kind


@pytest.mark.parametrize(
    ("kind", "values", "derivatives"),
    [
        (
            "signed_l1",
            [-3.0, -1.0, -0.25, 0.0, 0.5, 1.0, 2.5],
            [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
        ),
        (
            "abs_l1",
            [3.0, 1.0, 0.25, 0.0, 0.5, 1.0, 2.5],
            [-1.0, -1.0, -1.0, 0.0, 1.0, 1.0, 1.0],
        ),
        (
            "l2",
            [9.0, 1.0, 0.0625, 0.0, 0.25, 1.0, 6.25],
            [-6.0, -2.0, -0.5, 0.0, 1.0, 2.0, 5.0],
        ),
        (
            # δ = 1: ½r² inside, |r| − ½ outside; derivative r clipped to ±1
            "huber",
            [2.5, 0.5, 0.03125, 0.0, 0.125, 0.5, 2.0],
            [-1.0, -1.0, -0.25, 0.0, 0.5, 1.0, 1.0],
        ),
    ],
)
def test_hand_computed_values_and_derivatives(
    kind: str, values: list[float], derivatives: list[float]
) -> None:
    loss = loss_for(kind)
    np.testing.assert_allclose(loss.value(R), values, rtol=0, atol=1e-15)
    np.testing.assert_allclose(loss.derivative(R), derivatives, rtol=0, atol=1e-15)


def test_huber_uses_its_delta() -> None:
    loss = loss_for("huber", huber_delta=2.0)
    r = np.array([-5.0, -2.0, 1.0, 2.0, 3.0])
    # ½r² for |r| ≤ 2, else 2(|r| − 1)
    np.testing.assert_allclose(loss.value(r), [8.0, 2.0, 0.5, 2.0, 4.0])
    np.testing.assert_allclose(loss.derivative(r), [-2.0, -2.0, 1.0, 2.0, 2.0])


@pytest.mark.parametrize("delta", [0.01, 0.7, 3.0])
def test_huber_is_continuous_and_smooth_at_delta(delta: float) -> None:
    loss = loss_for("huber", huber_delta=delta)
    eps = 1e-9 * delta
    for edge in (-delta, delta):
        inside = loss.value(np.array([edge * (1 - 1e-12)]))[0]
        outside = loss.value(np.array([edge * (1 + 1e-12)]))[0]
        assert inside == pytest.approx(0.5 * delta**2, rel=1e-9)
        assert outside == pytest.approx(0.5 * delta**2, rel=1e-9)
        d_in = loss.derivative(np.array([edge - np.sign(edge) * eps]))[0]
        d_out = loss.derivative(np.array([edge + np.sign(edge) * eps]))[0]
        assert d_in == pytest.approx(edge, rel=1e-6)
        assert d_out == pytest.approx(edge, rel=1e-12)


def test_huber_matches_l2_halved_inside_and_shifted_abs_outside() -> None:
    delta = 1.5
    huber = loss_for("huber", huber_delta=delta)
    small = np.linspace(-delta, delta, 41)
    np.testing.assert_allclose(huber.value(small), 0.5 * loss_for("l2").value(small))
    np.testing.assert_allclose(huber.derivative(small), 0.5 * loss_for("l2").derivative(small))
    large = np.array([-40.0, -7.0, 1.6, 9.0, 123.0])
    np.testing.assert_allclose(
        huber.value(large), delta * (loss_for("abs_l1").value(large) - 0.5 * delta)
    )
    np.testing.assert_allclose(huber.derivative(large), delta * np.sign(large))


@pytest.mark.parametrize("kind", LOSS_KINDS)
def test_derivative_matches_finite_differences(kind: str) -> None:
    delta = 0.8
    loss = loss_for(kind, huber_delta=delta)
    rng = np.random.default_rng(1234)
    r = rng.uniform(-5.0, 5.0, size=200)
    # stay away from the kinks (0 for abs_l1, ±δ for huber)
    r = r[(np.abs(r) > 1e-3) & (np.abs(np.abs(r) - delta) > 1e-3)]
    assert r.size > 150
    h = 1e-6
    numeric = (loss.value(r + h) - loss.value(r - h)) / (2 * h)
    np.testing.assert_allclose(loss.derivative(r), numeric, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("kind", LOSS_KINDS)
def test_weight_gradient_of_batch_sum_by_finite_differences(kind: str) -> None:
    """d/dw Σ loss(w·x − y_i) = x · Σ loss'(w·x − y_i)."""
    loss = loss_for(kind, huber_delta=0.5)
    rng = np.random.default_rng(7)
    x = 1.7
    y = rng.normal(2.0, 1.5, size=9)
    h = 1e-6
    for w in rng.uniform(-3.0, 4.0, size=12):
        r = w * x - y
        if np.min(np.abs(r)) < 1e-3 or np.min(np.abs(np.abs(r) - 0.5)) < 1e-3:
            continue
        analytic = x * loss.derivative(r).sum()
        numeric = (loss.value((w + h) * x - y).sum() - loss.value((w - h) * x - y).sum()) / (2 * h)
        assert analytic == pytest.approx(numeric, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("kind", LOSS_KINDS)
def test_elementwise_and_float(kind: str) -> None:
    loss = loss_for(kind)
    r = np.arange(-6, 6, dtype=float).reshape(3, 4)
    value, derivative = loss.value(r), loss.derivative(r)
    assert value.shape == r.shape
    assert derivative.shape == r.shape
    assert value.dtype == np.float64
    assert derivative.dtype == np.float64
    np.testing.assert_array_equal(value.ravel(), loss.value(r.ravel()))


@pytest.mark.parametrize("kind", ["abs_l1", "l2", "huber"])
def test_proper_losses_are_nonnegative_and_zero_only_at_zero(kind: str) -> None:
    loss = loss_for(kind)
    r = np.linspace(-10, 10, 201)
    value = loss.value(r)
    assert np.all(value >= 0)
    np.testing.assert_array_equal(np.flatnonzero(value == 0), [100])
    assert r[100] == 0


def test_signed_l1_is_unbounded_below() -> None:
    loss = loss_for("signed_l1")
    assert loss.value(np.array([-1e6]))[0] == -1e6


@pytest.mark.parametrize("kind", ["L2", "l1", "", "huber "])
def test_unknown_kind_is_rejected_naming_it(kind: str) -> None:
    with pytest.raises(ValueError, match=rf"kind={kind!r}.*signed_l1, abs_l1, l2, huber"):
        loss_for(kind)
