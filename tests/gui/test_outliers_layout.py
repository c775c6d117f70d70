"""The Outliers tab at the window's minimum size and at its default size: every pane,
plot, legend and readout column lies inside the window, nothing overlaps or is cut, and
the legends show line samples (never pyqtgraph's "hidden" eye)."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QSplitter

from l1l2gui.gui.tabs.outliers.background import GRID_CHANNEL
from l1l2gui.gui.tabs.outliers.legend import columns_width, entry_widths
from l1l2gui.gui.tabs.outliers.tab import VIEWS

WAIT_MS = 60_000


@pytest.fixture
def outliers(qtbot, window):
    tab = window.tabs["outliers"]
    window.tabs_widget.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=WAIT_MS)
    return tab


def rect_in(widget, window) -> QRect:
    return QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())


def assert_inside(widget, window) -> None:
    rect = rect_in(widget, window)
    assert widget.isVisible() and rect.width() > 0 and rect.height() > 0, widget
    assert window.rect().contains(rect), (type(widget).__name__, rect, window.rect())


def assert_panes_side_by_side(tab, window) -> None:
    """The three panes of the tab's splitter each get at least their minimum, in order."""
    split = tab.findChild(QSplitter, options=Qt.FindChildOption.FindDirectChildrenOnly)
    assert split.count() == 3
    panes = [split.widget(i) for i in range(split.count())]
    for left, right in itertools.pairwise(panes):
        assert left.geometry().right() < right.geometry().left(), (left, right)
    for pane in panes:
        assert pane.width() >= pane.minimumSizeHint().width(), pane
        assert_inside(pane, window)


def assert_legend_fits(figure, legend) -> None:
    rect = legend.sceneBoundingRect()
    assert rect.left() >= 0 and rect.right() <= figure.viewport().width(), (rect, figure.width())
    # every entry is a proxy drawn as a sample, never the eye of a hidden item
    for sample, _label in legend.items:
        assert sample.item.isVisible()
    widths = entry_widths(legend)
    assert columns_width(widths, legend.columnCount) <= figure.width()


@pytest.mark.parametrize("size", ["minimum", "default"])
def test_everything_visible_at_the_minimum_and_default_sizes(qtbot, window, outliers, size):
    if size == "minimum":
        window.resize(window.minimumSize())
        assert window.minimumWidth() <= 1100 and window.minimumHeight() <= 700
    else:
        window.resize(1320, 820)
    qtbot.waitUntil(lambda: outliers.drag_figure.width() > 0)
    qtbot.wait(20)  # layouts settle (events processed, no logic waits)
    assert_panes_side_by_side(outliers, window)
    for widget in (outliers.readout, outliers.hint, outliers.view_bar, outliers.explanation):
        assert_inside(widget, window)
    # the readout table is laid out at its full width: no column cut
    assert outliers.readout.width() >= outliers.readout.sizeHint().width()
    assert "without" in outliers.readout.toPlainText()

    for view in VIEWS:
        outliers.view_bar.setCurrentIndex(VIEWS.index(view))
        if view == "grid":
            qtbot.waitUntil(
                lambda: outliers.background.results[GRID_CHANNEL] is not None, timeout=WAIT_MS
            )
        qtbot.wait(20)
        figure = outliers.figure
        assert_inside(figure, window)
        if view == "drag":
            assert_inside(outliers.influence_view, window)
            assert_legend_fits(figure, figure.legend)
            assert_legend_fits(outliers.influence_view, outliers.influence_view.legend)
            plot = figure.plot.sceneBoundingRect()
            assert plot.right() <= figure.viewport().width() and plot.height() > 150
        elif view == "grid":
            assert_legend_fits(figure, figure.legend)
            for panel in figure.panels:  # all nine, the third column included
                rect = panel.sceneBoundingRect()
                assert rect.right() <= figure.viewport().width() + 0.5, rect
                assert rect.bottom() <= figure.viewport().height() + 0.5, rect
                assert rect.width() > 80 and rect.height() > 60, rect
        else:
            assert_legend_fits(figure, outliers.seeds_view.legend)


def test_legend_samples_are_lines_while_the_fits_are_still_hidden(qtbot):
    """Before any fit arrives the curves are hidden; their legend entries still draw lines."""
    from l1l2gui.core.tabs import tab_model
    from l1l2gui.gui.tabs.outliers.figure import OutliersFigure
    from l1l2gui.gui.tabs.outliers.grid_view import GridFigureView

    figure = OutliersFigure()
    qtbot.addWidget(figure)
    figure.show_data(tab_model("outliers").params())
    for curve in figure.curves.values():
        curve.setVisible(False)
    assert [label.text for _s, label in figure.legend.items][:2] == [
        "L1 absolute_error",
        "L2 squared_error",
    ]
    for sample, _label in figure.legend.items:
        assert sample.item.isVisible() and sample.item not in figure.curves.values()
    grid = GridFigureView()
    qtbot.addWidget(grid)
    grid._set_legend(("l1", "l2"))
    for sample, _label in grid.legend.items:
        assert sample.item.isVisible()
        assert all(sample.item not in panel.values() for panel in grid.curves)
    # a click on a sample hides nothing (it would only hide the proxy, showing the eye)
    sample = figure.legend.items[0][0]
    assert not sample.acceptedMouseButtons()
