"""The Regularization tab's legends and left panel: right colours, visible dashes, nothing cut
or colliding at the default window size and at the smallest one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QScrollArea

from l1l2gui.gui.palette import L1_COLOR, L2_COLOR
from l1l2gui.gui.tabs.regularization.figure import GeometryView, MonteCarloView
from l1l2gui.gui.tabs.regularization.plot_items import SAMPLE_WIDTH


def sample_image(sample) -> QImage:
    image = QImage(SAMPLE_WIDTH, 20, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    sample.paint(painter)
    painter.end()
    return image


def colours(image: QImage) -> set[str]:
    return {
        QColor(image.pixel(x, y)).name()
        for x in range(image.width())
        for y in range(image.height())
    }


def samples(legend) -> dict[str, object]:
    return {label.text: sample for sample, label in legend.items}


def test_optimum_markers_in_the_legend_are_blue_and_green_not_grey(qapp):
    legend = GeometryView().parts.legend
    by_name = samples(legend)
    l1 = colours(sample_image(by_name["L1 optimum"]))
    l2 = colours(sample_image(by_name["L2 optimum"]))
    assert QColor(L1_COLOR).name() in l1 and QColor(L2_COLOR).name() in l2
    slate = QColor(100, 100, 150).name()  # pyqtgraph's default symbol brush
    assert slate not in l1 | l2


def test_dashed_path_sample_shows_at_least_two_dashes(qapp):
    image = sample_image(samples(GeometryView().parts.legend)["L1 path, λ: 0 → ∞"])
    row = [
        QColor(image.pixel(x, 11)).name() == QColor(L1_COLOR).name() for x in range(SAMPLE_WIDTH)
    ]
    dashes = sum(1 for a, b in zip([False, *row], row, strict=False) if b and not a)
    assert dashes >= 2


def test_bar_legend_samples_are_filled_boxes(qapp):
    by_name = samples(MonteCarloView().parts.legend)
    assert QColor(L1_COLOR).name() in colours(sample_image(by_name["L1 = 0"]))
    image = sample_image(by_name["L2 = 0"])
    filled = sum(QColor(image.pixel(x, 11)).name() == QColor(L2_COLOR).name() for x in range(8, 28))
    assert filled == 20


@pytest.mark.parametrize("size", [(1320, 820), (1036, 650)])
def test_left_panel_and_legends_fit(window, qtbot, size):
    tab = window.tabs["regularization"]
    window.tabs_widget.setCurrentWidget(tab)
    window.resize(*size)
    scroll = tab.findChild(QScrollArea)
    for view in range(4):
        tab.views.setCurrentIndex(view)
        qtbot.waitUntil(lambda: scroll.isVisible())
        content = scroll.widget()
        # the visible part of the panel is as wide as its contents need: nothing is cut off
        qtbot.waitUntil(
            lambda c=content: (
                scroll.viewport().width() >= c.minimumSizeHint().width()
                and tab.preset_box.geometry().right() <= scroll.viewport().width()
            ),
            timeout=5_000,
        )
    tab.views.setCurrentIndex(0)
    geo = tab.geometry_view
    qtbot.waitUntil(lambda: geo.isVisible())
    legend = geo.parts.legend
    qtbot.waitUntil(
        lambda: legend.mapRectToScene(legend.boundingRect()).right() <= geo.width(), timeout=5_000
    )
    tab.views.setCurrentIndex(1)
    mc = tab.mc_view
    qtbot.waitUntil(lambda: mc.isVisible())
    bars = mc.parts.legend
    qtbot.waitUntil(
        lambda: (
            bars.mapRectToScene(bars.boundingRect()).right()
            <= mc.parts.bars.vb.mapRectToScene(mc.parts.bars.vb.boundingRect()).right() + 1
        ),
        timeout=5_000,
    )
