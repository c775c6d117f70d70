"""Legends in a layout row above a plot: as many columns as fit the figure's width.

A legend placed in a layout row widens that row to its own width: wider than the
widget, its right part (and the plot's) is cut off. The number of columns is
therefore chosen from the widget's width and the entries' measured widths, which
grow with presentation mode's type (a figure fits its legend again on a resize, and
the window sends one when the look changes).
"""

from __future__ import annotations

import pyqtgraph as pg

SAMPLE_WIDTH = 20.0  # pyqtgraph's ItemSample is 20 px wide
ENTRY_GAP = 14.0  # between an entry's label and the next sample, and the legend's margins


def entry_widths(legend: pg.LegendItem) -> list[float]:
    """Each entry's width: sample, its label's text, and the gap after it."""
    return [
        SAMPLE_WIDTH + label.item.boundingRect().width() + ENTRY_GAP
        for _sample, label in legend.items
    ]


def columns_width(widths: list[float], columns: int) -> float:
    """The legend's width with ``columns`` columns (filled row by row, as pyqtgraph does)."""
    return sum(max(widths[c::columns]) for c in range(min(columns, len(widths)))) + ENTRY_GAP


def fit_columns(
    legend: pg.LegendItem, width: float, most: int, allowed: tuple[int, ...] | None = None
) -> int:
    """Set the most columns (≤ ``most``, one of ``allowed`` if given) whose rows fit in
    ``width`` px; returns the count."""
    widths = entry_widths(legend)
    choices = [c for c in (allowed or range(most, 0, -1)) if c <= most] or [1]
    columns = choices[-1]
    for choice in choices:
        if choice == 1 or columns_width(widths, choice) <= width:
            columns = choice
            break
    if legend.columnCount != columns:
        legend.setColumnCount(columns)
        # pyqtgraph sizes the legend from its items' widths as last laid out (the old
        # columns, wider): the layout around it must place it again at its new size
        legend.updateGeometry()
    return columns


def fit_names(
    legend: pg.LegendItem, width: float, most: int, short: dict[str, str], least: int
) -> int:
    """:func:`fit_columns` with the entries' full names; where those fit fewer than
    ``least`` columns (a small figure, presentation mode's type), with their ``short``
    names, up to one row. Returns the columns set."""
    rename(legend, short, False)
    columns = fit_columns(legend, width, most)
    if columns < least:
        rename(legend, short, True)
        columns = fit_columns(legend, width, max(most, len(legend.items)))
    return columns


def rename(legend: pg.LegendItem, short: dict[str, str], on: bool) -> None:
    """Every entry with its short name (``on``) or its full one; a label's full name is
    kept the first time it is seen."""
    for _sample, label in legend.items:
        full = label.__dict__.setdefault("_full_name", label.text)
        text = short.get(full, full) if on else full
        if label.text != text:
            label.setText(text)


def fit_height(
    legend: pg.LegendItem, entries: list[tuple], box: pg.ViewBox, least: int, share: float = 0.4
) -> int:
    """Show ``entries`` (sample item, name) in ``legend`` over the view ``box``: two columns
    where they fit its width, and only the first ``least`` entries where all of them would
    cover more than ``share`` of its height (a small plot, presentation mode's type: a
    legend over most of the plot hides the curves it names). Returns the entries shown."""

    def show(count: int) -> float:
        if [label.text for _s, label in legend.items] != [n for _i, n in entries[:count]]:
            legend.clear()
            for item, name in entries[:count]:
                legend.addItem(item, name)
        columns = fit_columns(legend, box.width(), 2)
        legend.layout.activate()  # its size from the entries as now laid out, not before
        legend.updateSize()
        rows = -(-len(legend.items) // columns)
        row = max(label.item.boundingRect().height() for _s, label in legend.items)
        return rows * (row + legend.layout.verticalSpacing())

    count = len(entries)
    if show(count) > share * box.height() and least < count:
        count = least
        show(count)
    return count
