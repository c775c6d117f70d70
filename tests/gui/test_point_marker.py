"""PointMarker: one spot moved by the item's position, read back as data."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from l1l2gui.gui.widgets.point_marker import PointMarker


def test_a_point_moves_the_item_and_reads_back(qtbot) -> None:
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    marker = PointMarker(size=9, symbol="o")
    plot.addItem(marker)
    marker.setData([3.0], [-2.5])
    assert (marker.pos().x(), marker.pos().y()) == (3.0, -2.5)
    x, y = marker.getData()
    assert x.tolist() == [3.0] and y.tolist() == [-2.5]
    # the view's auto-range sees the spot where it is drawn
    plot.getViewBox().autoRange(padding=0)
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    assert x0 <= 3.0 <= x1 and y0 <= -2.5 <= y1
    marker.setData([4.0], [1.0])  # moved again: still one spot
    assert len(marker.data) == 1 and marker.getData()[0].tolist() == [4.0]


def test_no_point_or_a_non_finite_one_is_set_as_data(qtbot) -> None:
    marker = PointMarker()
    marker.setData([1.0], [2.0])
    marker.setData([], [])
    assert marker.getData()[0].size == 0 and (marker.pos().x(), marker.pos().y()) == (0.0, 0.0)
    marker.setData([np.nan], [1.0])  # never a NaN position: drawn (not) as plain data
    assert (marker.pos().x(), marker.pos().y()) == (0.0, 0.0)
    assert np.isnan(marker.getData()[0][0])


def test_the_kept_bounding_rectangle_follows_zoom_size_and_data(qtbot) -> None:
    plot = pg.PlotWidget()
    qtbot.addWidget(plot)
    plot.resize(400, 300)
    plot.show()
    marker = PointMarker(size=9, symbol="o")
    plot.addItem(marker)
    marker.setData([3.0], [-2.5])
    box = plot.getViewBox()

    def fresh():  # what pyqtgraph's scatter computes, without the kept rectangle
        return pg.ScatterPlotItem.boundingRect(marker)

    box.setRange(xRange=(0, 10), yRange=(-5, 5), padding=0)
    box.prepareForPaint()
    assert marker.boundingRect() == fresh()
    kept = marker.boundingRect()
    box.setRange(xRange=(0, 1000), yRange=(-5, 5), padding=0)  # zoomed out 100× in x
    box.prepareForPaint()
    assert marker.boundingRect() == fresh() and marker.boundingRect().width() > 50 * kept.width()
    marker.setSize(30)
    assert marker.boundingRect() == fresh()
    marker.setData([1.0, 2.0], [0.0, 4.0])  # two spots: plain data
    assert marker.boundingRect() == fresh() and marker.boundingRect().height() > 4.0
    marker.setData([5.0], [5.0])
    assert marker.boundingRect() == fresh()
