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

from ...widgets.legends import columns_width, entry_widths, fit_columns

__all__ = ["columns_width", "entry_widths", "fit_columns", "line_proxy", "set_entries"]


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
