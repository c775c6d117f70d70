"""Major ticks far enough apart for their labels, in the axis's own font.

pyqtgraph picks an axis's major tick spacing from its length alone (at least 2.25
intervals, more as the axis grows) and always labels every major tick. In a small plot
with presentation mode's larger type the labels then run into each other ("0 200400600
800 1000" under the Training figure at the minimum window size, six learning-rate labels
stacked in 60 px). :func:`install` widens the major spacing, along 1-2-5 steps, until
each label has its own room: its width (horizontal axes) or one and a half lines of text
(vertical axes). Where pyqtgraph's spacing already leaves that room nothing changes.
On a log axis the ticks between decades (2, 3, … 9) are thinned the same way.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtGui import QFont, QFontMetricsF

_GAP_EM = 0.8  # between two labels of a horizontal axis, in widths of "0"
_LINES = 1.5  # a vertical axis's labels: one per line and a half of text


def install() -> None:
    """Give every pyqtgraph axis of the process its labels' room (once; idempotent)."""
    if getattr(pg.AxisItem.tickSpacing, "_label_room", False):
        return
    original = pg.AxisItem.tickSpacing

    def tick_spacing(axis: pg.AxisItem, minVal: float, maxVal: float, size: float):
        levels = original(axis, minVal, maxVal, size)
        if axis._tickSpacing is not None or not levels or size <= 0:
            return levels  # spacing set by hand, or nothing to space
        return roomy_levels(axis, levels, abs(maxVal - minVal), size, minVal, maxVal)

    tick_spacing._label_room = True
    tick_spacing.original = original  # pyqtgraph's own (for tests)
    pg.AxisItem.tickSpacing = tick_spacing
    log_values = pg.AxisItem.logTickValues

    def log_tick_values(axis: pg.AxisItem, minVal: float, maxVal: float, size: float, ticks):
        levels = log_values(axis, minVal, maxVal, size, ticks)
        if size <= 0 or maxVal <= minVal:
            return levels
        per_unit = size / (maxVal - minVal)  # pixels per decade
        need = label_room(axis, minVal, maxVal, 1.0)
        return thinned(levels, per_unit, need)

    pg.AxisItem.logTickValues = log_tick_values


def roomy_levels(axis, levels, span: float, size: float, lo: float, hi: float) -> list:
    """``levels`` with a major spacing wide enough for the labels (minor levels finer
    than the new major one are kept, as tick marks between the labels)."""
    major, _offset = levels[0]
    if span == 0 or major <= 0 or not math.isfinite(span):
        return levels
    need = label_room(axis, lo, hi, major)
    spacing = major
    for _ in range(12):  # 1-2-5 steps: a thousandfold at most
        if size * spacing / span >= need:
            break
        spacing = next_nice(spacing)
    if spacing == major:
        return levels
    minors = [(s, o) for s, o in levels[1:] if s < spacing and _divides(s, spacing)]
    return [(spacing, 0), *minors[:1]]


def label_room(axis: pg.AxisItem, lo: float, hi: float, spacing: float) -> float:
    """Pixels a major tick's label needs along ``axis``."""
    font = axis.style.get("tickFont") or QFont(axis.font())
    metrics = QFontMetricsF(font)
    if axis.orientation in ("left", "right"):
        return _LINES * metrics.height()
    scale = axis.autoSIPrefixScale * axis.scale
    values = [lo, hi, lo + spacing, hi - spacing]
    try:
        strings = axis.tickStrings(values, scale, spacing)
    except (ValueError, OverflowError):  # a log axis far out of range: pyqtgraph's own text
        return 0.0
    widest = max((metrics.horizontalAdvance(str(s)) for s in strings), default=0.0)
    return widest + _GAP_EM * metrics.horizontalAdvance("0")


def next_nice(spacing: float) -> float:
    """The next of ..., 1, 2, 5, 10, 20, ... (times a power of ten) above ``spacing``."""
    power = 10.0 ** math.floor(math.log10(spacing))
    mantissa = spacing / power
    for step in (1.0, 2.0, 5.0, 10.0):
        if step > mantissa * (1 + 1e-9):
            return step * power
    return 20.0 * power


def _divides(small: float, large: float) -> bool:
    ratio = large / small
    return abs(ratio - round(ratio)) < 1e-6 * ratio


def thinned(levels: list, per_unit: float, need: float) -> list:
    """Log-axis ``levels`` whose ticks between decades (spacing None) keep ``need`` pixels
    from each other and from the decades' ticks, in order."""
    taken = [v for spacing, values in levels if spacing is not None for v in values]
    out = []
    for spacing, values in levels:
        if spacing is not None:
            out.append((spacing, values))
            continue
        kept: list[float] = []
        for v in sorted(values):
            if all(abs(v - t) * per_unit >= need for t in (*taken, *kept)):
                kept.append(v)
        out.append((spacing, kept))
    return out
