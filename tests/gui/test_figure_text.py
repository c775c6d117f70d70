"""Figure text stays legible in exports: legends scale with a 2× PNG, log axes do not crowd."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsView

from l1l2gui.gui.tabs.likelihood.figure import _sparse_log_labels


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


def test_a_log_axis_over_a_decade_and_a_half_labels_1_2_5_only():
    values = np.log10([0.07, 0.08, 0.09, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 2])
    labels = _sparse_log_labels(lambda v, _s, _p: [f"{10**x:g}" for x in v])
    shown = [t for t in labels(list(values), 1.0, 1.0) if t]
    assert shown == ["0.1", "0.2", "0.5", "1", "2"]
    few = list(np.log10([0.06, 0.07, 0.08, 0.09]))
    assert labels(few, 1.0, 1.0) == ["0.06", "0.07", "0.08", "0.09"]


def test_a_single_view_figure_holds_that_view_only(qtbot):
    from l1l2gui.core.tabs import TAB_MODELS
    from l1l2gui.gui.tabs.likelihood.figure import OverviewFigure
    from l1l2gui.gui.tabs.regularization.all_figure import VIEWS, AllViewsFigure

    assert TAB_MODELS["regularization"].views == VIEWS
    figure = AllViewsFigure(view="paths")
    qtbot.addWidget(figure)
    assert figure.paths_parts is not None
    assert (figure.geometry_parts, figure.mc_parts, figure.walk_parts) == (None, None, None)
    overview = OverviewFigure(view="sample")
    qtbot.addWidget(overview)
    assert list(overview.views) == ["sample"]
    assert list(OverviewFigure().views) == list(TAB_MODELS["likelihood"].views[1:])
