"""Axis tick labels keep their room: major ticks far enough apart for their text."""

from __future__ import annotations

import math

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from l1l2gui.gui import axis_room
from l1l2gui.gui.palette import apply_plot_style
from l1l2gui.gui.widgets.plot_texts import FittedTexts


def test_next_nice_walks_one_two_five() -> None:
    steps = [1.0]
    for _ in range(6):
        steps.append(axis_room.next_nice(steps[-1]))
    assert steps == pytest.approx([1, 2, 5, 10, 20, 50, 100])
    assert axis_room.next_nice(0.02) == pytest.approx(0.05)
    assert axis_room.next_nice(200.0) == pytest.approx(500.0)


def _axis(qtbot, side: str, width: int, height: int, points: float):
    apply_plot_style()
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(width, height)
    plot.show()
    axis = plot.getAxis(side)
    font = QFont()
    font.setPointSizeF(points)
    axis.setStyle(tickFont=font)
    return plot, axis, QFontMetricsF(font)


@pytest.mark.parametrize(("lo", "hi"), [(0, 1000), (-20, 20), (0, 0.01), (41_000, 59_000)])
def test_bottom_labels_never_run_into_each_other(qtbot, lo, hi) -> None:
    _plot, axis, metrics = _axis(qtbot, "bottom", 220, 150, 20)
    size = 160.0
    levels = axis.tickValues(lo, hi, size)
    spacing, values = levels[0]
    strings = axis.tickStrings(values, 1.0, spacing)
    centres = [(v - lo) / (hi - lo) * size for v in values]
    widths = [metrics.horizontalAdvance(s) for s in strings]
    for i in range(len(values) - 1):  # half of each label either side of its tick
        assert centres[i + 1] - centres[i] >= (widths[i] + widths[i + 1]) / 2, strings
    assert len(values) >= 1


def test_left_labels_get_a_line_and_a_half_each(qtbot) -> None:
    _plot, axis, metrics = _axis(qtbot, "left", 300, 120, 20)
    size = 60.0  # a short plot: the Training figure's learning-rate plot in presentation
    spacing, _values = axis.tickValues(0.0, 0.011, size)[0]
    assert spacing / 0.011 * size >= 1.5 * metrics.height()


def test_room_enough_leaves_pyqtgraph_s_spacing(qtbot) -> None:
    _plot, axis, _metrics = _axis(qtbot, "bottom", 900, 300, 9)
    original = pg.AxisItem.tickSpacing.original
    assert axis.tickSpacing(0, 1000, 800) == original(axis, 0, 1000, 800)


def test_log_minor_ticks_are_thinned_to_their_room() -> None:
    minors = [math.log10(k) for k in range(2, 10)]
    levels = [(1.0, [0.0, 1.0]), (None, minors)]
    out = axis_room.thinned(levels, per_unit=100.0, need=20.0)  # 100 px a decade
    kept = out[1][1]
    ticks = [0.0, 1.0, *kept]
    assert out[0] == levels[0] and 0 < len(kept) < len(minors)
    for i, a in enumerate(ticks):
        for b in ticks[i + 1 :]:
            assert abs(a - b) * 100.0 >= 20.0
    assert axis_room.thinned(levels, per_unit=1000.0, need=20.0)[1][1] == minors  # room: all


def test_a_title_and_a_left_label_take_their_short_form_where_the_long_one_does_not_fit(
    qtbot,
) -> None:
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    item = plot.getPlotItem()
    item.setTitle("a long title that says a great deal about the plot", size="10pt")
    item.setLabel("left", "a long axis label for a short plot")
    texts = FittedTexts(
        item,
        title=("a long title that says a great deal about the plot", "short title"),
        left=("a long axis label for a short plot", "short"),
    )
    plot.resize(900, 600)
    plot.show()
    qtbot.waitUntil(lambda: texts.shown() == (texts.title[0], texts.left[0]), timeout=2_000)
    plot.resize(260, 140)
    qtbot.waitUntil(lambda: texts.shown() == ("short title", "short"), timeout=2_000)
    plot.resize(900, 600)
    qtbot.waitUntil(lambda: texts.shown() == (texts.title[0], texts.left[0]), timeout=2_000)
