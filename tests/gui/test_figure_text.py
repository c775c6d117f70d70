"""Figure text stays legible in exports: legends scale with a 2× PNG, log axes do not crowd."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsView

from l1l2gui.gui.tabs.likelihood.figure import _spread_labels


def test_no_legend_of_any_tab_ignores_the_export_scale(window):
    # a legend that ignores transformations keeps screen size in a 2× PNG: half the axis text
    found = 0
    for name, tab in window.tabs.items():
        for view in tab.findChildren(QGraphicsView):
            for item in view.scene().items():
                if isinstance(item, pg.LegendItem):
                    found += 1
                    ignores = item.GraphicsItemFlag.ItemIgnoresTransformations
                    assert not item.flags() & ignores, f"a legend of the {name} tab"
    assert found >= 8


def test_log_axis_labels_that_would_overlap_are_left_out():
    values = list(np.log10([0.07, 0.08, 0.09, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2]))
    texts = [f"{10**x:g}" for x in values]
    # labels 16 px high: 190 px a decade leaves 9 px between 0.08 and 0.09, 100 px even less
    shown = [t for t in _spread_labels(values, texts, 190.0, 16.0) if t]
    assert shown == ["0.07", "0.1", "0.2", "0.3", "0.4", "0.5", "0.7", "1", "2"]
    shown = [t for t in _spread_labels(values, texts, 100.0, 16.0) if t]
    assert shown == ["0.1", "0.2", "0.3", "0.5", "1", "2"]
    # a tall one: every label fits
    assert _spread_labels(values, texts, 600.0, 16.0) == texts
