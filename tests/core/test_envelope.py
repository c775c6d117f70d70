"""Min/max pyramids: bounded output, spikes survive every zoom, exact values up close."""

from __future__ import annotations

import numpy as np
import pytest

from l1l2gui.core.envelope import FACTOR, MinMaxPyramid, envelope, envelope_level

N = 500_001  # a 500,000-step run: w_0 … w_500000


def spiky_series() -> np.ndarray:
    rng = np.random.default_rng(1)
    values = np.cumsum(rng.standard_normal(N)) * 1e-3
    values[123_457] = 50.0  # one step far above everything
    values[400_001] = -70.0  # one far below
    return values


def built(values: np.ndarray, chunks: int = 7) -> MinMaxPyramid:
    pyramid = MinMaxPyramid(values.size)
    for length in np.linspace(0, values.size, chunks + 1).astype(int)[1:]:
        pyramid.extend(values[:length])
    return pyramid


def test_levels_hold_the_block_extremes() -> None:
    values = spiky_series()
    pyramid = built(values)
    for j in range(1, pyramid.levels):
        size = FACTOR**j
        full = values.size // size
        blocks = values[: full * size].reshape(full, size)
        np.testing.assert_array_equal(pyramid.lows[j][:full], blocks.min(axis=1))
        np.testing.assert_array_equal(pyramid.highs[j][:full], blocks.max(axis=1))


def test_each_block_knows_whether_its_minimum_came_first() -> None:
    values = spiky_series()
    values[1000:1016] = np.nan  # a run that diverged mid-way leaves NaN blocks behind
    pyramid = built(values)
    for j in range(1, pyramid.levels):
        size = FACTOR**j
        full = values.size // size
        blocks = values[: full * size].reshape(full, size)
        lows = np.where(np.isnan(blocks), np.inf, blocks)
        highs = np.where(np.isnan(blocks), -np.inf, blocks)
        # brute force: first position of the minimum and of the maximum in each block
        expected = lows.argmin(axis=1) < highs.argmax(axis=1)
        finite = ~np.isnan(blocks).all(axis=1)
        np.testing.assert_array_equal(pyramid.low_first[j][:full][finite], expected[finite])


@pytest.mark.parametrize("sign", [-1.0, 1.0])
def test_a_monotone_curve_is_drawn_monotone_at_every_zoom(sign: float) -> None:
    # L2's approach: 20, 16.96, 14.41, 12.26, … falls every step; its envelope must too
    falling = 20.0 * 0.848 ** np.arange(N) - 1e-7 * np.arange(N)
    pyramid = built(sign * falling)  # sign -1: a curve that only rises
    for half_width in (N, 40_000, 3_000, 500):
        xs, ys = envelope(pyramid, 0, half_width, N, 300)
        assert np.all(sign * np.diff(ys) <= 0)
        assert np.all(np.diff(xs) >= 0)


def test_growing_in_pieces_equals_growing_at_once() -> None:
    values = spiky_series()
    a, b = built(values, chunks=1), built(values, chunks=13)
    for j in range(a.levels):
        np.testing.assert_array_equal(a.lows[j], b.lows[j])
        np.testing.assert_array_equal(a.highs[j], b.highs[j])
        np.testing.assert_array_equal(a.low_first[j], b.low_first[j])


@pytest.mark.parametrize("max_blocks", [500, 2000])
def test_output_is_bounded_and_every_spike_survives_at_every_zoom(max_blocks: int) -> None:
    values = spiky_series()
    pyramid = built(values)
    bound = 2 * max_blocks + 2 * FACTOR * pyramid.levels
    for spike in (123_457, 400_001):
        # from the whole run down to a few steps around the spike
        for half_width in (N, 200_000, 30_000, 4_000, 600, 50, 3):
            lo, hi = spike - half_width, spike + half_width
            xs, ys = envelope(pyramid, lo, hi, N, max_blocks)
            assert xs.size == ys.size <= bound
            assert ys.max() >= values[max(lo, 0) : hi + 1].max()
            assert ys.min() <= values[max(lo, 0) : hi + 1].min()
            assert values[spike] in ys


def test_a_short_range_is_drawn_from_the_exact_values() -> None:
    values = spiky_series()
    pyramid = built(values)
    xs, ys = envelope(pyramid, 1000.2, 2500.7, N, max_blocks=1000)
    np.testing.assert_array_equal(xs, np.arange(1000, 2502))
    np.testing.assert_array_equal(ys, values[1000:2502])


def test_the_envelope_stops_at_end_and_never_shows_a_later_value() -> None:
    """Playing shows steps 0..cursor: a spike just after the cursor must not appear."""
    values = spiky_series()
    pyramid = built(values)
    cursor = 123_456  # the spike is the next step
    xs, ys = envelope(pyramid, 0, N, cursor + 1, max_blocks=500)
    assert xs.max() <= cursor
    assert ys.max() < 50.0
    assert ys.max() == values[: cursor + 1].max()
    assert ys.min() == values[: cursor + 1].min()
    assert xs[-1] == cursor and ys[-1] == values[cursor]  # the last point is the exact step


def test_the_envelope_only_uses_what_has_been_taken_in() -> None:
    values = np.arange(10_000, dtype=float)
    pyramid = MinMaxPyramid(values.size)
    pyramid.extend(values[:5_000])
    xs, ys = envelope(pyramid, 0, 10_000, 10_000, max_blocks=100)
    assert xs.max() <= 4_999 and ys.max() == 4_999


def test_x_positions_increase_and_lie_inside_their_block() -> None:
    values = spiky_series()
    xs, _ = envelope(built(values), 0, N, N, max_blocks=300)
    assert np.all(np.diff(xs) >= 0)
    assert xs[0] >= 0 and xs[-1] == N - 1


def test_nothing_to_draw() -> None:
    pyramid = MinMaxPyramid(100)
    pyramid.extend(np.zeros(100))
    assert envelope(pyramid, 50, 10, 100)[0].size == 0
    assert envelope(pyramid, 0, 100, 0)[0].size == 0
    xs, _ = envelope(pyramid, -1e300, 1e300, 100)
    assert xs.size == 100


@pytest.mark.parametrize(("start", "stop", "blocks"), [
    (0, 99, 100), (0, 500_000, 300), (1_000, 9_000, 300), (-5e6, 5e6, 200), (123_456, 123_999, 50),
])  # fmt: skip
def test_envelope_level_names_the_blocks_envelope_draws(start, stop, blocks) -> None:
    values = np.random.default_rng(3).normal(size=500_001)
    pyramid = built(values, chunks=1)
    level = envelope_level(pyramid, start, stop, values.size, blocks)
    x, _ = envelope(pyramid, start, stop, values.size, blocks)
    if level == 0:  # the exact values: one point per step
        assert np.array_equal(x, np.arange(x[0], x[-1] + 1))
    else:  # strokes at the centres of blocks of FACTOR**level steps (two points each)
        size = FACTOR**level
        assert np.all(np.diff(x[0:20:2]) == size)
        span = min(stop, values.size) - max(start, 0)
        assert span / size <= blocks + 1  # the coarsest level needed, not a coarser one
        assert span / (size // FACTOR) > (blocks if level > 1 else 2 * blocks)
