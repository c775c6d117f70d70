"""Many seeds at once equal one run per seed, and the verdict's numbers are counted right."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest

from l1l2gui.core import descent_seeds
from l1l2gui.core.descent import TrainingParams, train
from l1l2gui.core.descent_seeds import SeedsResult, run_over_seeds

ALL = ("signed_l1", "abs_l1", "l2", "huber")


def last(params: TrainingParams, count: int, **kw) -> SeedsResult:
    results = list(run_over_seeds(params, count, **kw))
    assert results[-1].finished
    return results[-1]


@pytest.mark.parametrize(
    ("n", "b", "epochs", "lr", "decay"),
    [(20, 2, 30, 0.01, 0.0), (21, 4, 12, 0.02, 0.1), (7, 3, 9, 0.05, 0.0), (5, 1, 40, 0.1, 0.5)],
)
def test_every_seed_ends_where_its_own_run_ends(n, b, epochs, lr, decay) -> None:
    p = TrainingParams(
        n_samples=n, batch_size=b, epochs=epochs, lr=lr, decay=decay, noise_sigma=3.0,
        seed=40, kinds=ALL, huber_delta=0.8,
    )  # fmt: skip
    result = last(p, 6)
    np.testing.assert_array_equal(result.seeds, np.arange(40, 46))
    for i, seed in enumerate(result.seeds):
        run = train(dataclasses.replace(p, seed=int(seed)))
        for kind in ALL:
            assert result.final_w[kind][i] == run.traces[kind].w[-1], (kind, seed)


def test_batches_of_eight_or_more_agree_to_rounding() -> None:
    """A single run sums a batch of ≥ 8 with NumPy's pairwise sum, the seeds left to right."""
    p = TrainingParams(n_samples=30, batch_size=10, epochs=8, noise_sigma=2.0, lr=0.003)
    result = last(p, 4)
    for i, seed in enumerate(result.seeds):
        run = train(dataclasses.replace(p, seed=int(seed)))
        for kind in p.kinds:
            assert result.final_w[kind][i] == pytest.approx(run.traces[kind].w[-1], rel=1e-12)


def test_a_diverging_seed_is_nan_and_never_closest() -> None:
    p = TrainingParams(lr=1.0, kinds=("abs_l1", "l2"), epochs=200, noise_sigma=1.0)
    result = last(p, 3)
    assert np.all(np.isnan(result.final_w["l2"]))
    assert np.all(np.isfinite(result.final_w["abs_l1"]))
    assert result.closest_fraction("l2") == 0.0
    assert result.closest_fraction("abs_l1") == 1.0
    assert result.median_abs_error("l2") == np.inf


def test_verdict_numbers_by_hand() -> None:
    p = TrainingParams(true_w=1.0, kinds=("signed_l1", "abs_l1", "l2"))
    final = {
        "signed_l1": np.array([1.5, 0.0, 1.2, 1.1]),
        "abs_l1": np.array([1.5, 0.9, 1.3, np.nan]),
        "l2": np.array([0.7, 1.05, 1.2, 1.0]),
    }
    r = SeedsResult(p, np.arange(4), final, p.steps)
    # seed 0: signed and abs tie at 0.5, l2 is 0.3 → l2; seed 1: l2 (0.05);
    # seed 2: signed and l2 tie at 0.2 → nobody; seed 3: l2 (0.0)
    assert r.closest_fraction("l2") == 0.75
    assert r.closest_fraction("signed_l1") == 0.0
    assert r.closest_fraction("abs_l1") == 0.0
    np.testing.assert_allclose(r.abs_error("abs_l1"), [0.5, 0.1, 0.3, np.inf])
    assert r.median_abs_error("abs_l1") == pytest.approx(0.4)


def test_streams_partial_results_then_the_final_one(monkeypatch) -> None:
    ticks = itertools.count()
    monkeypatch.setattr(descent_seeds.time, "perf_counter", lambda: next(ticks) * 1e-3)
    p = TrainingParams(noise_sigma=1.0, epochs=50)
    results = list(run_over_seeds(p, 5, chunk_seconds=0.002))
    assert len(results) > 2
    assert [r.finished for r in results] == [False] * (len(results) - 1) + [True]
    done = [r.steps_done for r in results]
    assert done == sorted(done) and done[-1] == p.steps


def test_the_batch_order_drawn_in_chunks_of_epochs_is_the_run_order(monkeypatch) -> None:
    monkeypatch.setattr(descent_seeds, "_EPOCH_CHUNK_VALUES", 50)  # 2 epochs of 20 at a time
    p = TrainingParams(noise_sigma=2.0, epochs=7, kinds=("abs_l1", "l2"))
    result = last(p, 2)
    for i, seed in enumerate(result.seeds):
        run = train(dataclasses.replace(p, seed=int(seed)))
        assert result.final_w["abs_l1"][i] == run.traces["abs_l1"].w[-1]


@pytest.mark.parametrize("count", [0, descent_seeds.MAX_SEEDS + 1])
def test_seed_count_out_of_range(count: int) -> None:
    with pytest.raises(ValueError, match="seeds_repeat"):
        next(run_over_seeds(TrainingParams(), count))


def test_last_seed_must_stay_a_valid_seed() -> None:
    with pytest.raises(ValueError, match="seeds_repeat=3"):
        next(run_over_seeds(TrainingParams(seed=2**31 - 2), 3))
