"""Min/max pyramids: what a plot needs of a long series, in time proportional to pixels.

A run of 500,000 steps cannot be handed to a plot every frame. A
:class:`MinMaxPyramid` keeps, for a series that only grows, the minimum and the
maximum of every block of ``FACTOR**j`` consecutive values at each level j. It is
filled where the series is computed (the worker); :func:`envelope` then cuts
any visible range out of it with at most a few thousand points: each block
becomes a vertical stroke between its minimum and its maximum, so a single spike
is never hidden, and a range short enough is drawn from the exact values. Each
stroke runs in time order (from whichever extreme came first), so a curve that
only falls is drawn falling, not as a saw between neighbouring blocks' extremes.

Only complete blocks are stored, and a block once complete never changes, so a
reader may use the levels while the writer goes on appending.
"""

from __future__ import annotations

import math

import numpy as np

FACTOR = 4  # values per block, level to level


class MinMaxPyramid:
    """Block minima and maxima of a growing series, level by level.

    Parameters
    ----------
    capacity
        The most values the series will hold (its levels are allocated once).
    """

    def __init__(self, capacity: int) -> None:
        self.length = 0
        self.values = np.empty(0)
        self.lows: list[np.ndarray] = [self.values]
        self.highs: list[np.ndarray] = [self.values]
        # per block: did its minimum come before its maximum? (level 0: unused)
        self.low_first: list[np.ndarray] = [np.empty(0, bool)]
        size = capacity
        while size > FACTOR:
            size = math.ceil(size / FACTOR)
            self.lows.append(np.full(size, np.nan))
            self.highs.append(np.full(size, np.nan))
            self.low_first.append(np.ones(size, bool))

    @property
    def levels(self) -> int:
        return len(self.lows)

    def extend(self, values: np.ndarray) -> None:
        """Take in ``values``, the series so far: it starts with the values already taken in.

        Level 0 is ``values`` itself, read and never copied. Non-finite values are
        skipped by the minima and maxima (a block of only NaN is NaN and draws nothing).
        """
        old, length = self.length, values.size
        self.values = self.lows[0] = self.highs[0] = values
        for j in range(1, self.levels):
            lo, hi = old // FACTOR**j, length // FACTOR**j
            if hi <= lo:
                break
            block = slice(lo * FACTOR, hi * FACTOR)
            lows = self.lows[j - 1][block].reshape(-1, FACTOR)
            highs = self.highs[j - 1][block].reshape(-1, FACTOR)
            # fmin/fmax skip NaN without a warning
            self.lows[j][lo:hi] = np.fmin.reduce(lows, 1)
            self.highs[j][lo:hi] = np.fmax.reduce(highs, 1)
            self.low_first[j][lo:hi] = _low_first(lows, highs, self.low_first[j - 1][block], j)
        self.length = length  # last: a reader never sees a length whose blocks are not written


def _low_first(lows: np.ndarray, highs: np.ndarray, child: np.ndarray, level: int) -> np.ndarray:
    """Per row of FACTOR children: True if the row's minimum comes before its maximum."""
    at_low = np.argmin(np.where(np.isnan(lows), np.inf, lows), axis=1)
    at_high = np.argmax(np.where(np.isnan(highs), -np.inf, highs), axis=1)
    order = at_low < at_high
    if level > 1:  # both in one child block: that block's own order
        same = at_low == at_high
        rows = np.flatnonzero(same)
        order[rows] = child.reshape(-1, FACTOR)[rows, at_low[rows]]
    return order


def envelope(
    pyramid: MinMaxPyramid, start: float, stop: float, end: int, max_blocks: int = 2000
) -> tuple[np.ndarray, np.ndarray]:
    """x and y to draw positions ``[start, stop]`` of the series, cut at ``end`` (exclusive).

    ``end`` must not exceed ``pyramid.length``. Returns at most about
    ``2·max_blocks + 2·FACTOR·levels`` points: the exact values if the range holds
    no more than ``2·max_blocks`` of them, otherwise one (min, max) stroke per block
    of the coarsest level that still gives ``max_blocks`` blocks, and the part of
    the last block before ``end`` from finer levels.
    """
    end = min(int(end), pyramid.length)
    first, last = _bounds(start, stop, end)
    if last <= first:
        return np.empty(0), np.empty(0)
    level = _level(last - first, pyramid.levels, max_blocks)
    if level == 0:
        return np.arange(first, last, dtype=float), np.array(pyramid.values[first:last], float)
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    pos = first - first % FACTOR**level  # whole blocks: the left edge may lie off screen
    for j in range(level, 0, -1):
        size = FACTOR**j
        lo, hi = pos // size, min(last, end) // size
        if j < level:  # finer levels only fill what the coarser one left before `end`
            hi = min(hi, lo + FACTOR)
        if hi > lo:
            centres = (np.arange(lo, hi) * size + (size - 1) / 2.0).repeat(2)
            strokes = np.empty(2 * (hi - lo))
            low_first = pyramid.low_first[j][lo:hi]
            lows, highs = pyramid.lows[j][lo:hi], pyramid.highs[j][lo:hi]
            strokes[0::2] = np.where(low_first, lows, highs)
            strokes[1::2] = np.where(low_first, highs, lows)
            xs.append(centres)
            ys.append(strokes)
            pos = hi * size
    if pos < last:
        xs.append(np.arange(pos, last, dtype=float))
        ys.append(np.array(pyramid.values[pos:last], float))
    return np.concatenate(xs), np.concatenate(ys)


def envelope_level(
    pyramid: MinMaxPyramid, start: float, stop: float, end: int, max_blocks: int = 2000
) -> int:
    """The level :func:`envelope` cuts ``[start, stop]`` from (0: the exact values).

    A cut from a level at or below this one is at least as fine as a new cut would be.
    """
    first, last = _bounds(start, stop, min(int(end), pyramid.length))
    return _level(max(last - first, 0), pyramid.levels, max_blocks)


def _bounds(start: float, stop: float, end: int) -> tuple[int, int]:
    first = math.floor(min(max(start, 0.0), end))  # clamped first: a view range may be huge
    last = min(math.ceil(min(max(stop, 0.0), end)) + 1, end)
    return first, last


def _level(span: int, levels: int, max_blocks: int) -> int:
    if span <= 2 * max_blocks:
        return 0
    level = 1
    while level + 1 < levels and span / FACTOR**level > max_blocks:
        level += 1
    return level
