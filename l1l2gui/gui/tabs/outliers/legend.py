"""Legends of the Outliers tab's figures: proxy samples, and as many columns as fit.

A legend entry draws its sample from the item it was given, and shows pyqtgraph's
"hidden" eye instead of a line while that item is invisible; it is not repainted
when the item is shown again. The fits are hidden until their first tree arrives,
so every entry here is a proxy ``PlotDataItem`` (or ``ScatterPlotItem``) that is
never shown in a plot and never hidden (a click on a sample does nothing: hiding
a proxy would hide nothing). Proxies are also the only way to show an
``InfiniteLine``, on which ``LegendItem`` crashes.

A legend placed in a layout row above a plot widens that row to its own width:
wider than the widget, its right part (and the plot's) is cut off. The number of
columns is therefore chosen from the widget's width (:func:`fit_columns`).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

SAMPLE_WIDTH = 20.0  # pyqtgraph's ItemSample is 20 px wide
ENTRY_GAP = 14.0  # between an entry's label and the next sample, and the legend's margins


def line_proxy(pen, **symbol) -> pg.PlotDataItem:
    """A legend sample: a short line with ``pen`` (and a symbol, given pyqtgraph's keywords)."""
    return pg.PlotDataItem(pen=pen, **symbol)


def set_entries(legend: pg.LegendItem, entries: list[tuple[object, str]]) -> None:
    """Replace the legend's entries by ``(proxy, label)`` pairs; clicks do not hide them."""
    legend.clear()
    for proxy, label in entries:
        legend.addItem(proxy, label)
    for sample, _label in legend.items:
        sample.setAcceptedMouseButtons(Qt.MouseButton.NoButton)


def entry_widths(legend: pg.LegendItem) -> list[float]:
    """Each entry's width: sample, its label's text, and the gap after it."""
    return [
        SAMPLE_WIDTH + label.item.boundingRect().width() + ENTRY_GAP
        for _sample, label in legend.items
    ]


def columns_width(widths: list[float], columns: int) -> float:
    """The legend's width with ``columns`` columns (filled row by row, as pyqtgraph does)."""
    return sum(max(widths[c::columns]) for c in range(min(columns, len(widths)))) + ENTRY_GAP


def fit_columns(legend: pg.LegendItem, width: float, most: int) -> int:
    """Set the most columns (≤ ``most``) whose rows fit in ``width`` px; returns the count."""
    widths = entry_widths(legend)
    columns = most
    while columns > 1 and columns_width(widths, columns) > width:
        columns -= 1
    if legend.columnCount != columns:
        legend.setColumnCount(columns)
        # pyqtgraph sizes the legend from its items' widths as last laid out (the old
        # columns, wider): the layout around it must place it again at its new size
        legend.updateGeometry()
    return columns
