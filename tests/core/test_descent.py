"""Mini-batch gradient descent on ŷ = w·x, checked against hand values and a pure-Python loop."""

from __future__ import annotations

import inspect
import math
import warnings

import numpy as np
import pytest

from l1l2gui.core.descent import (
    MAX_STEPS,
    TrainingParams,
    TrainingRun,
    batch_ends,
    batch_order,
    batch_sizes,
    learning_rates,
    run_descent,
    train,
    training_targets,
    validate_training,
)
from l1l2gui.core.losses import LOSS_KINDS

ALL_KINDS = tuple(LOSS_KINDS)


def final(params: TrainingParams, chunk_seconds: float = 1e9) -> TrainingRun:
    """The last snapshot of a run; a huge chunk gives one snapshot, 0 gives one per step."""
    runs = list(run_descent(params, chunk_seconds=chunk_seconds))
    assert runs, "run_descent yielded nothing"
    return runs[-1]


# ---------------------------------------------------------------- an independent reference


def _value(kind: str, r: float, delta: float) -> float:
    if kind == "signed_l1":
        return r
    if kind == "abs_l1":
        return abs(r)
    if kind == "l2":
        return r * r
    return 0.5 * r * r if abs(r) <= delta else delta * (abs(r) - 0.5 * delta)


def _slope(kind: str, r: float, delta: float) -> float:
    if kind == "signed_l1":
        return 1.0
    if kind == "abs_l1":
        return (r > 0) - (r < 0)
    if kind == "l2":
        return 2.0 * r
    return min(max(r, -delta), delta)


def reference(params: TrainingParams) -> dict[str, tuple[list[float], list[float]]]:
    """Pure-Python mini-batch descent: each epoch's permutation cut into batches of b,
    the last batch of an epoch holding the remaining N mod b samples."""
    x, n, b, delta = params.x_value, params.n_samples, params.batch_size, params.huber_delta
    y = [float(v) for v in training_targets(params)]
    order = [int(i) for i in batch_order(params)]
    batches = []
    for epoch in range(params.epochs):
        perm = order[epoch * n : (epoch + 1) * n]
        batches += [perm[s : s + b] for s in range(0, n, b)]
    out = {}
    for kind in params.kinds:
        w = params.init_w
        ws = [w]
        losses = [sum(_value(kind, w * x - yi, delta) for yi in y)]
        for k, batch in enumerate(batches):
            lr_k = params.lr / (1.0 + params.decay * k)
            w = w - lr_k * x * sum(_slope(kind, w * x - y[i], delta) for i in batch)
            ws.append(w)
            losses.append(sum(_value(kind, w * x - yi, delta) for yi in y))
        out[kind] = (ws, losses)
    return out


def assert_matches_reference(params: TrainingParams, run: TrainingRun) -> None:
    assert run.finished
    expected = reference(params)
    for kind in params.kinds:
        ws, losses = expected[kind]
        trace = run.traces[kind]
        assert trace.diverged_at is None
        assert len(trace.w) == len(ws) == params.steps + 1
        np.testing.assert_allclose(trace.w, ws, rtol=1e-12, atol=1e-12, err_msg=f"{kind}: w")
        np.testing.assert_allclose(
            trace.loss, losses, rtol=1e-11, atol=1e-11, err_msg=f"{kind}: loss"
        )


# ---------------------------------------------------------------- the default experiment


def test_default_shape() -> None:
    p = TrainingParams()
    assert (p.x_value, p.n_samples, p.batch_size, p.epochs, p.lr) == (2.0, 20, 2, 20, 0.01)
    assert p.batches_per_epoch == 10
    assert p.steps == 200
    run = train(p)
    assert run.finished
    assert run.progress == 1.0
    assert run.steps_done == 200
    assert set(run.traces) == {"signed_l1", "abs_l1", "l2"}
    assert run.lr.shape == (200,)
    for trace in run.traces.values():
        assert trace.w.shape == trace.loss.shape == (201,)


def test_noise_free_targets() -> None:
    np.testing.assert_array_equal(training_targets(TrainingParams()), np.full(20, 2.0))


def test_defaults_signed_l1_moves_by_constant_steps() -> None:
    run = train(TrainingParams())
    k = np.arange(201)
    w = run.traces["signed_l1"].w
    np.testing.assert_allclose(w, 20.0 - 0.04 * k, rtol=0, atol=1e-12)
    # Σ(ŷ − y) over 20 samples = 20·(2w − 2)
    np.testing.assert_allclose(run.traces["signed_l1"].loss, 20 * (2 * w - 2), atol=1e-10)
    assert run.traces["signed_l1"].loss[0] == pytest.approx(760.0)


def test_defaults_abs_l1_first_steps_and_losses() -> None:
    run = train(TrainingParams())
    w = run.traces["abs_l1"].w
    assert w[1] == pytest.approx(19.96, abs=1e-12)
    assert w[2] == pytest.approx(19.92, abs=1e-12)
    # every residual stays positive (w > 1 for 200 steps) so abs_l1 walks like signed_l1
    np.testing.assert_allclose(w, 20.0 - 0.04 * np.arange(201), atol=1e-12)
    assert run.traces["abs_l1"].loss[0] == pytest.approx(760.0)
    np.testing.assert_allclose(run.traces["abs_l1"].loss, 20 * np.abs(2 * w - 2), atol=1e-10)


def test_defaults_l2_contracts_by_084_towards_one() -> None:
    run = train(TrainingParams())
    w = run.traces["l2"].w
    # 20 − 0.01·2·2·(2·(40 − 2))
    assert w[1] == pytest.approx(16.96, abs=1e-12)
    factor = 1 - 2 * 0.01 * 2**2 * 2
    assert factor == pytest.approx(0.84)
    np.testing.assert_allclose(w, 1.0 + 19.0 * 0.84 ** np.arange(201), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose((w[1:11] - 1) / (w[:10] - 1), 0.84, rtol=1e-12)
    loss = run.traces["l2"].loss
    assert loss[0] == pytest.approx(28880.0)
    np.testing.assert_allclose(loss, 20 * (2 * w - 2) ** 2, rtol=1e-12, atol=1e-20)
    assert loss[-1] < 1e-20


def test_defaults_huber_clips_then_goes_quadratic() -> None:
    p = TrainingParams(kinds=("huber",), huber_delta=1.0, epochs=60)
    trace = train(p).traces["huber"]
    w, loss = trace.w, trace.loss
    # r = 2w − 2 > δ = 1 while w > 1.5: the clipped slope 1 gives steps of 0.04 like abs_l1
    assert loss[0] == pytest.approx(20 * 1.0 * (38 - 0.5))
    linear = int(np.ceil((20 - 1.5) / 0.04))  # 463 steps of 0.04 from 20 still above 1.5
    np.testing.assert_allclose(w[: linear + 1], 20 - 0.04 * np.arange(linear + 1), atol=1e-10)
    # once inside |r| ≤ δ the slope is r, half the L2 slope: factor 1 − lr·x²·b = 0.92
    inside = np.flatnonzero(np.abs(2 * w - 2) <= 1.0)
    assert inside.size > 50
    k0 = inside[0]
    assert k0 == linear
    np.testing.assert_allclose((w[k0 + 1 : k0 + 40] - 1) / (w[k0 : k0 + 39] - 1), 0.92, rtol=1e-9)


# ---------------------------------------------------------------- divergence


def _l2_divergence_step(params: TrainingParams) -> int:
    """First step where the noise-free L2 run has w or Σ(2w−2)² non-finite (pure Python)."""
    x, y, n = params.x_value, params.true_w * params.x_value, params.n_samples
    b = params.batch_size
    w = params.init_w
    for k in range(params.steps + 1):
        total = 0.0
        for _ in range(n):
            total += (w * x - y) * (w * x - y)
        if not (math.isfinite(w) and math.isfinite(total)):
            return k
        w = w - params.lr * x * b * 2.0 * (w * x - y)
    raise AssertionError("no divergence")


@pytest.mark.parametrize("epochs", [20, 40])
@pytest.mark.parametrize("chunk_seconds", [0.0, 1e9])
def test_l2_with_lr_one_diverges_at_the_first_non_finite_step(
    epochs: int, chunk_seconds: float
) -> None:
    """w − 1 is multiplied by −15 per step: Σ(ŷ−y)² overflows near step 130, w itself only
    near step 261.  The recorded step must be the first non-finite one, whatever the chunking."""
    p = TrainingParams(lr=1.0, epochs=epochs, kinds=("l2", "abs_l1"))
    expected = _l2_divergence_step(p)
    assert 120 < expected < 140
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = final(p, chunk_seconds)
    trace = run.traces["l2"]
    assert isinstance(trace.diverged_at, int)
    assert trace.diverged_at == expected
    assert len(trace.w) == len(trace.loss) == trace.diverged_at
    assert np.all(np.isfinite(trace.w))
    assert np.all(np.isfinite(trace.loss))
    np.testing.assert_allclose(trace.w, 1 + 19 * (-15.0) ** np.arange(expected), rtol=1e-9)
    assert run.finished  # the other kind goes on to the end


def test_abs_l1_with_lr_one_oscillates_and_stays_finite() -> None:
    p = TrainingParams(lr=1.0, kinds=("l2", "abs_l1"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = train(p)
    trace = run.traces["abs_l1"]
    assert trace.diverged_at is None
    assert len(trace.w) == 201
    # 20, 16, 12, 8, 4, 0, 4, 0, ... (steps of lr·x·b = 4)
    np.testing.assert_array_equal(trace.w[:6], [20, 16, 12, 8, 4, 0])
    np.testing.assert_array_equal(trace.w[5::2], 0.0)
    np.testing.assert_array_equal(trace.w[6::2], 4.0)
    # Σ|2w − 2|: 20·2 = 40 at w = 0, 20·6 = 120 at w = 4
    np.testing.assert_array_equal(trace.loss[5::2], 40.0)
    np.testing.assert_array_equal(trace.loss[6::2], 120.0)


@pytest.mark.parametrize("chunk_seconds", [0.0, 1e9])
def test_l2_divergence_with_a_huge_factor(chunk_seconds: float) -> None:
    """Factor 1 − 2·lr·x²·b = −2e7 per step: the loss overflows near step 21, w near 42."""
    p = TrainingParams(
        x_value=10.0,
        n_samples=10_000,
        batch_size=10_000,
        lr=10.0,
        init_w=1000.0,
        epochs=60,
        kinds=("l2", "signed_l1"),
    )
    expected = _l2_divergence_step(p)
    assert 15 < expected < 30
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run = final(p, chunk_seconds)
    trace = run.traces["l2"]
    assert trace.diverged_at == expected
    assert len(trace.w) == len(trace.loss) == expected
    assert np.all(np.isfinite(trace.w))
    assert np.all(np.isfinite(trace.loss))
    assert run.traces["signed_l1"].diverged_at is None
    assert len(run.traces["signed_l1"].w) == p.steps + 1


def test_run_descent_leaves_numpy_error_state_alone_between_snapshots() -> None:
    """The generator silences overflow inside; the caller's np.geterr() must not change
    while it holds a half-consumed run (the GUI pulls snapshots from a timer)."""
    before = np.geterr()
    gen = run_descent(TrainingParams(lr=1.0, kinds=("l2",)), chunk_seconds=0)
    try:
        next(gen)
        during = np.geterr()
    finally:
        gen.close()
    assert np.geterr() == before
    assert during == before


# ---------------------------------------------------------------- learning rate decay


def test_learning_rates_decay() -> None:
    p = TrainingParams(lr=0.5, decay=0.25)
    np.testing.assert_allclose(
        learning_rates(p, 5), [0.5, 0.5 / 1.25, 0.5 / 1.5, 0.5 / 1.75, 0.5 / 2.0], rtol=1e-15
    )
    np.testing.assert_array_equal(learning_rates(TrainingParams(lr=0.3), 4), [0.3] * 4)
    assert learning_rates(p, 0).shape == (0,)


def test_decay_is_used_by_the_run() -> None:
    p = TrainingParams(decay=0.1, kinds=("signed_l1",))
    run = train(p)
    k = np.arange(200)
    lr_k = 0.01 / (1 + 0.1 * k)
    np.testing.assert_allclose(run.lr, lr_k, rtol=1e-15)
    # signed_l1 moves by lr_k·x·b = 4·lr_k each step
    expected = 20.0 - np.concatenate([[0.0], np.cumsum(4 * lr_k)])
    np.testing.assert_allclose(run.traces["signed_l1"].w, expected, rtol=0, atol=1e-12)


# ---------------------------------------------------------------- noisy data


def test_targets_and_order_are_seeded() -> None:
    p = TrainingParams(n_samples=7, noise_sigma=1.0, seed=3, epochs=4)
    y1 = training_targets(p)
    np.testing.assert_array_equal(y1, training_targets(p))
    y3 = training_targets(TrainingParams(n_samples=7, noise_sigma=3.0, seed=3))
    y0 = training_targets(TrainingParams(n_samples=7, noise_sigma=0.0, seed=3))
    np.testing.assert_array_equal(y0, 2.0)
    np.testing.assert_allclose(y3 - 2.0, 3 * (y1 - 2.0), rtol=1e-12)
    assert not np.allclose(y1, training_targets(TrainingParams(n_samples=7, noise_sigma=1.0)))
    order = batch_order(p)
    assert order.shape == (28,)
    for epoch in range(4):
        assert sorted(order[epoch * 7 : (epoch + 1) * 7]) == list(range(7))
    assert not all(np.array_equal(order[:7], order[e * 7 : (e + 1) * 7]) for e in range(1, 4))


def test_full_batch_l2_converges_to_mean_and_abs_l1_to_median() -> None:
    p = TrainingParams(
        n_samples=21,
        batch_size=21,
        noise_sigma=1.0,
        seed=5,
        lr=0.001,
        epochs=3000,
        kinds=("abs_l1", "l2", "huber"),
        huber_delta=100.0,
    )
    y = training_targets(p)
    mean_w, median_w = float(np.mean(y)) / 2, float(np.median(y)) / 2
    assert abs(mean_w - median_w) > 0.1  # the two answers are distinguishable here
    run = train(p)
    assert run.traces["l2"].w[-1] == pytest.approx(mean_w, abs=1e-9)
    # huber with δ larger than every residual near the end behaves like L2
    assert run.traces["huber"].w[-1] == pytest.approx(mean_w, abs=1e-9)
    # abs_l1 ends jittering within a few lr·x = 0.002 around the median
    tail = run.traces["abs_l1"].w[-100:]
    assert np.max(np.abs(tail - median_w)) < 0.005
    # and the L2 loss is minimal at the mean, the L1 loss at the median
    l2_tail = run.traces["l2"].loss[-1]
    assert l2_tail == pytest.approx(float(np.sum((2 * mean_w - y) ** 2)))
    assert run.traces["abs_l1"].loss[-1] <= float(np.sum(np.abs(2 * mean_w - y)))


@pytest.mark.parametrize(
    ("n", "b", "epochs"),
    [(6, 2, 3), (6, 3, 4), (6, 6, 5), (4, 1, 3)],
)
def test_matches_reference_when_batches_divide_n(n: int, b: int, epochs: int) -> None:
    p = TrainingParams(
        x_value=1.5,
        n_samples=n,
        true_w=-0.5,
        noise_sigma=1.5,
        seed=11,
        init_w=3.0,
        epochs=epochs,
        batch_size=b,
        lr=0.05,
        decay=0.2,
        kinds=ALL_KINDS,
        huber_delta=0.7,
    )
    assert_matches_reference(p, train(p))


@pytest.mark.parametrize(
    ("n", "b", "epochs"),
    [(5, 2, 3), (7, 3, 2), (5, 4, 2)],
)
def test_matches_reference_with_a_short_last_batch(n: int, b: int, epochs: int) -> None:
    """N mod b ≠ 0: every epoch ends with a short batch of its own permutation."""
    p = TrainingParams(
        x_value=1.5,
        n_samples=n,
        true_w=-0.5,
        noise_sigma=1.5,
        seed=11,
        init_w=3.0,
        epochs=epochs,
        batch_size=b,
        lr=0.05,
        decay=0.2,
        kinds=ALL_KINDS,
        huber_delta=0.7,
    )
    assert p.steps == epochs * -(-n // b)
    assert_matches_reference(p, train(p))


def test_each_step_uses_one_batch_of_the_right_size() -> None:
    """signed_l1 moves by lr·x·|B| per step, so its steps reveal the batch sizes:
    N = 5, b = 2 must give 2, 2, 1 in every epoch."""
    p = TrainingParams(n_samples=5, batch_size=2, epochs=3, noise_sigma=1.0, lr=0.1)
    sizes = -np.diff(train(p).traces["signed_l1"].w) / (0.1 * 2.0)
    np.testing.assert_allclose(sizes, [2, 2, 1] * 3, atol=1e-9)


# ---------------------------------------------------------------- streaming


def test_run_descent_streams_read_only_growing_snapshots() -> None:
    p = TrainingParams(kinds=ALL_KINDS, noise_sigma=0.5, epochs=5)
    copies = []
    snapshots = []
    for run in run_descent(p, chunk_seconds=0):
        snapshots.append(run)
        copies.append(
            (run.lr.copy(), {k: (t.w.copy(), t.loss.copy()) for k, t in run.traces.items()})
        )
    assert len(snapshots) == p.steps  # chunk 0: one snapshot per step
    done = [s.steps_done for s in snapshots]
    assert done == list(range(1, p.steps + 1))
    assert [s.finished for s in snapshots] == [False] * (p.steps - 1) + [True]
    assert snapshots[0].progress == pytest.approx(1 / p.steps)
    last = snapshots[-1]
    for snap, (lr, traces) in zip(snapshots, copies, strict=True):
        np.testing.assert_array_equal(snap.lr, lr)
        assert len(snap.lr) == snap.steps_done
        np.testing.assert_array_equal(snap.lr, last.lr[: snap.steps_done])
        for kind, (w, loss) in traces.items():
            t = snap.traces[kind]
            assert len(t.w) == len(t.loss) == snap.steps_done + 1
            np.testing.assert_array_equal(t.w, w)
            np.testing.assert_array_equal(t.loss, loss)
            assert np.all(np.isfinite(t.loss))
            np.testing.assert_array_equal(t.w, last.traces[kind].w[: snap.steps_done + 1])
            np.testing.assert_array_equal(t.loss, last.traces[kind].loss[: snap.steps_done + 1])
    # and the streamed result is the same as the one-shot one
    one_shot = final(p, chunk_seconds=1e9)
    for kind in ALL_KINDS:
        np.testing.assert_array_equal(one_shot.traces[kind].w, last.traces[kind].w)
        np.testing.assert_array_equal(one_shot.traces[kind].loss, last.traces[kind].loss)


def test_snapshot_arrays_are_read_only() -> None:
    run = next(iter(run_descent(TrainingParams(), chunk_seconds=0)))
    trace = run.traces["l2"]
    for array in (run.lr, trace.w, trace.loss):
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array[0] = 123.0


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("changes", "name"),
    [
        ({"lr": 0.0}, "lr"),
        ({"lr": 10.5}, "lr"),
        ({"lr": float("nan")}, "lr"),
        ({"x_value": 0.0}, "x_value"),
        ({"n_samples": 0}, "n_samples"),
        ({"epochs": 0}, "epochs"),
        ({"decay": -1.0}, "decay"),
        ({"noise_sigma": -0.1}, "noise_sigma"),
        ({"init_w": 1e4}, "init_w"),
        ({"huber_delta": 0.0}, "huber_delta"),
        ({"kinds": ()}, "kinds"),
        ({"kinds": ("l1",)}, "kinds"),
        ({"batch_size": 21}, "batch_size"),
        ({"n_samples": 5, "batch_size": 6}, "batch_size"),
        ({"n_samples": 10_000, "batch_size": 1, "epochs": 51}, "epochs"),
        ({"n_samples": 1000, "batch_size": 1, "epochs": 501}, "epochs"),
        ({"n_samples": 1000, "batch_size": 3, "epochs": 100_001}, "epochs"),
    ],
)
def test_out_of_range_parameters_are_named(changes: dict, name: str) -> None:
    p = TrainingParams(**changes)
    with pytest.raises(ValueError, match=rf"^{name}="):
        validate_training(p)
    with pytest.raises(ValueError, match=rf"^{name}="):
        next(run_descent(p))
    with pytest.raises(ValueError, match=rf"^{name}="):
        train(p)


def test_too_many_steps_message_gives_the_epoch_limit() -> None:
    p = TrainingParams(n_samples=10_000, batch_size=1, epochs=51)
    with pytest.raises(ValueError, match=r"epochs=51.*10000 batches.*at most 50 epochs"):
        validate_training(p)


def test_limits_themselves_are_allowed() -> None:
    validate_training(TrainingParams(batch_size=20))  # b = N
    p = TrainingParams(n_samples=10_000, batch_size=1, epochs=50)
    assert p.steps == MAX_STEPS
    validate_training(p)


# ---------------------------------------------------------------- the two stepping paths


def test_signed_l1_dataset_gradient_steps_by_x_times_n_as_published() -> None:
    """The published code used x·N (= 40 here) at every step: 10× the batch gradient."""
    p = TrainingParams(signed_l1_gradient="dataset", kinds=("signed_l1", "abs_l1"))
    w = train(p).traces["signed_l1"].w
    np.testing.assert_allclose(np.diff(w), -0.01 * 2.0 * 20, rtol=1e-12)
    batch = train(TrainingParams(kinds=("signed_l1",))).traces["signed_l1"].w
    np.testing.assert_allclose(np.diff(batch), -0.01 * 2.0 * 2, rtol=1e-12)
    # abs L1 does not depend on the signed L1 setting
    np.testing.assert_array_equal(
        train(p).traces["abs_l1"].w, train(TrainingParams(kinds=("abs_l1",))).traces["abs_l1"].w
    )


def test_signed_l1_gradient_must_be_batch_or_dataset() -> None:
    with pytest.raises(ValueError, match="signed_l1_gradient='whole': must be one of batch"):
        next(run_descent(TrainingParams(signed_l1_gradient="whole")))


@pytest.mark.parametrize(("n", "b"), [(40, 8), (41, 9), (30, 30)])
def test_large_batches_match_the_reference_too(n: int, b: int) -> None:
    """Batches of 8 or more are stepped with NumPy, smaller ones with Python floats."""
    p = TrainingParams(
        n_samples=n,
        batch_size=b,
        epochs=4,
        noise_sigma=2.0,
        lr=0.002,
        decay=0.1,
        kinds=ALL_KINDS,
        huber_delta=0.5,
        seed=3,
    )
    assert_matches_reference(p, train(p))


def test_chunks_of_any_length_give_the_same_run() -> None:
    p = TrainingParams(noise_sigma=3.0, epochs=300, kinds=ALL_KINDS, lr=0.003)
    a, b = final(p, chunk_seconds=1e9), final(p, chunk_seconds=1e-4)
    for kind in ALL_KINDS:
        np.testing.assert_array_equal(a.traces[kind].w, b.traces[kind].w)
        np.testing.assert_array_equal(a.traces[kind].loss, b.traces[kind].loss)


def test_batch_ends_and_sizes() -> None:
    p = TrainingParams(n_samples=5, batch_size=2, epochs=2)
    np.testing.assert_array_equal(batch_ends(p), [2, 4, 5, 7, 9, 10])
    np.testing.assert_array_equal(batch_sizes(p), [2, 2, 1, 2, 2, 1])


def test_a_snapshot_is_yielded_as_soon_as_a_chunk_of_compute_time_is_spent(monkeypatch):
    """The clock is looked at after every block of steps: with a clock that moves 1 ms per
    look, a 4 ms chunk ends after two blocks, however long the run."""
    import itertools

    from l1l2gui.core import descent

    assert inspect.signature(run_descent).parameters["chunk_seconds"].default <= 0.01
    ticks = itertools.count()
    monkeypatch.setattr(descent.time, "perf_counter", lambda: next(ticks) * 1e-3)
    p = TrainingParams(epochs=2_000, noise_sigma=1.0)  # 20,000 steps
    gen = run_descent(p, chunk_seconds=0.004)
    first, second = next(gen), next(gen)
    gen.close()
    assert 0 < first.steps_done < second.steps_done < p.steps
