"""Presentation mode in the smallest window: no control cut off, legends and labels fit."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QScrollArea, QSplitter, QTabBar

from l1l2gui.gui.look import pane_need
from l1l2gui.gui.main_window import MIN_WIDTH
from l1l2gui.gui.theme import theme
from l1l2gui.gui.widgets.legends import columns_width, entry_widths
from l1l2gui.gui.widgets.plot_texts import natural_width


@pytest.fixture(autouse=True)
def normal_after():
    yield
    theme().set_override("system")
    theme().set_presentation(False)


def _side_panes(tab) -> list[QScrollArea]:
    """The scrolled control panes beside the plots (each in a horizontal splitter)."""
    return [
        area
        for area in tab.findChildren(QScrollArea)
        if isinstance(area.parentWidget(), QSplitter)
        and area.parentWidget().orientation().name == "Horizontal"
        and area.isVisible()
    ]


def test_presentation_at_the_minimum_size_cuts_no_controls(window, qtbot):
    for tab in window.tabs.values():  # every tab built: the minimum holds them all
        qtbot.waitUntil(lambda t=tab: t.finished_run is not None, timeout=20_000)
    normal = window.minimumSize()
    window.resize(normal)
    qtbot.waitUntil(lambda: window.size() == normal, timeout=5_000)
    window.presentation_action.trigger()  # F5 in the smallest window
    # the panes need more room for the larger type: the window's minimum grows with them
    qtbot.waitUntil(lambda: window.minimumWidth() > normal.width(), timeout=5_000)
    qtbot.waitUntil(lambda: window.width() >= window.minimumWidth(), timeout=5_000)
    for tab in window.tabs.values():
        window.show_tab(tab)
        qtbot.wait(400)  # the panes are fitted a moment after the type has grown
        panes = _side_panes(tab)
        assert panes, tab.name
        for area in panes:
            assert area.width() >= pane_need(area) - 1, (tab.name, area.width(), pane_need(area))
    larger = window.minimumWidth()
    window.presentation_action.trigger()
    qtbot.wait(600)
    # back to what the normal type needs (the hint of the settled layouts)
    assert window.minimumWidth() < larger
    assert window.minimumWidth() == max(MIN_WIDTH, window.minimumSizeHint().width())


def test_training_legend_and_axis_labels_fit_a_small_figure_in_presentation(window, qtbot):
    training = window.tabs["training"]
    figure = training.figure
    qtbot.waitUntil(lambda: training.finished_run is not None, timeout=20_000)
    full = [label.text for _sample, label in figure.legend.items]
    assert any("Σ" in text for text in full)  # the formulas, at the default size
    window.resize(window.minimumSize())
    window.presentation_action.trigger()
    qtbot.waitUntil(lambda: window.width() >= window.minimumWidth(), timeout=5_000)
    qtbot.wait(400)
    legend = figure.legend
    assert columns_width(entry_widths(legend), legend.columnCount) <= figure.width()
    assert legend.columnCount >= 2  # names alone, two a row: not four rows over the plots
    rows = -(-len(legend.items) // legend.columnCount)
    room = figure.height() - 60 - 24 * rows
    for plot, stretch in ((figure.loss_plot, 3), (figure.w_plot, 3), (figure.lr_plot, 2)):
        axis = plot.getAxis("left")
        width = QFontMetricsF(axis.label.font()).horizontalAdvance(axis.labelText)
        assert width <= room * stretch / 8, axis.labelText
    window.presentation_action.trigger()
    window.resize(1320, 820)
    qtbot.waitUntil(lambda: window.width() == 1320, timeout=5_000)
    qtbot.wait(400)
    assert [label.text for _sample, label in figure.legend.items] == full
    assert figure.lr_plot.getAxis("left").labelText == "learning rate"


def test_a_table_in_an_explanation_keeps_its_words_and_its_pane_widens(window, qtbot):
    reg = window.tabs["regularization"]
    window.show_tab(reg)
    qtbot.waitUntil(lambda: reg.finished_run is not None, timeout=20_000)
    window.presentation_action.trigger()
    reg.views.setCurrentIndex(1)  # "How often exactly zero?": a table of percentages
    panel = reg.mc_text
    qtbot.waitUntil(lambda: "symmetric" in panel.toPlainText(), timeout=20_000)
    assert panel.wordWrapMode().name == "WordWrap"  # never "sym / metri / c"
    qtbot.waitUntil(
        lambda: panel.document().size().width() <= panel.viewport().width(), timeout=5_000
    )


def _ticks_cut(axis: pg.AxisItem, shown: QRectF, out: list[str]) -> None:
    """Tick numbers past the view (e.g. a long run's last step number at the right edge)."""
    for rect, _flags, text in _tick_specs(axis):
        if not shown.contains(axis.mapRectToScene(QRectF(rect))):
            out.append(f"tick {text!r} cut")


def _view_problems(window) -> list[str]:
    """What is cut or covered in the plots on screen: a title, legend, axis label or text
    past its view's visible scene, a plot's text past its plot, a legend over most of a plot."""
    out = []
    for view in window.findChildren(pg.GraphicsView):
        if not view.isVisible():
            continue
        shown = view.mapToScene(view.viewport().rect()).boundingRect().adjusted(-2, -2, 2, 2)
        for item in view.scene().items():
            if not item.isVisible():
                continue
            rect = item.sceneBoundingRect()
            if isinstance(item, pg.LabelItem) and (item.text or "").strip():
                if not shown.contains(rect):
                    out.append(f"title {item.text!r} cut")
            elif isinstance(item, pg.AxisItem) and item.isVisible():
                _ticks_cut(item, shown, out)
                if not (item.labelText and item.label.isVisible()):
                    continue
                m = item.label.document().documentMargin()
                label = item.label.mapRectToScene(item.label.boundingRect().adjusted(m, m, -m, -m))
                if not shown.contains(label):
                    out.append(f"axis label {item.labelText!r} cut")
            elif isinstance(item, pg.LegendItem) and item.items:
                box = item.parentItem().sceneBoundingRect() if item.parentItem() else rect
                rect = QRectF()  # what it draws: its entries (its own rect may lag a change)
                for sample, label in item.items:
                    rect = rect.united(sample.sceneBoundingRect()).united(
                        label.sceneBoundingRect()
                    )
                if not shown.contains(rect):
                    out.append(f"legend {item.items[0][1].text!r}… cut")
                over = rect.intersected(box)
                if box.height() > 0 and over.height() > 0.5 * box.height():
                    out.append(f"legend {item.items[0][1].text!r}… over most of its plot")
            elif isinstance(item, pg.TextItem) and item.textItem.toPlainText().strip():
                box = item.getViewBox()
                if box is not None and not box.sceneBoundingRect().adjusted(-2, -2, 2, 2).contains(
                    rect
                ):
                    out.append(f"text {item.textItem.toPlainText()[:20]!r} past its plot")
    return out


def _every_view(window, qtbot):
    for tab in window.tabs.values():
        window.show_tab(tab)
        bars = [bar for bar in tab.findChildren(QTabBar) if bar.isVisible()]
        for index in range(bars[0].count() if bars else 1):
            if bars:
                bars[0].setCurrentIndex(index)
            yield f"{tab.name}/{index}"
        if bars:
            bars[0].setCurrentIndex(0)


@pytest.mark.parametrize("dark", [False, True])
def test_every_view_in_presentation_at_the_minimum_size_cuts_and_covers_nothing(
    window, qtbot, dark
):
    for tab in window.tabs.values():
        qtbot.waitUntil(lambda t=tab: t.finished_run is not None, timeout=20_000)
    theme().set_override("dark" if dark else "light")
    window.resize(window.minimumSize())
    window.presentation_action.trigger()
    qtbot.waitUntil(lambda: window.width() >= window.minimumWidth(), timeout=5_000)
    window.resize(window.minimumSize())
    found = {}
    for where in _every_view(window, qtbot):
        try:
            qtbot.waitUntil(lambda: not _view_problems(window), timeout=3_000)
        except qtbot.TimeoutError:
            found[where] = _view_problems(window)
    assert found == {}


def test_paths_legend_names_only_the_curves_in_a_small_plot_and_every_entry_when_roomy(
    window, qtbot
):
    reg = window.tabs["regularization"]
    window.show_tab(reg)
    reg.views.setCurrentIndex(3)
    parts = reg.paths_view.figure.parts
    qtbot.waitUntil(lambda: parts._xrange is not None, timeout=20_000)
    names = lambda: [label.text for _sample, label in parts.legend.items]  # noqa: E731
    window.resize(1320, 820)
    qtbot.waitUntil(lambda: len(names()) == 4, timeout=5_000)
    window.resize(window.minimumSize())
    window.presentation_action.trigger()
    qtbot.waitUntil(lambda: names() == ["lasso", "ridge"], timeout=5_000)
    qtbot.waitUntil(lambda: not _view_problems(window), timeout=5_000)
    legend, box = parts.legend, parts.cv.vb
    qtbot.waitUntil(
        lambda: legend.sceneBoundingRect().height() <= 0.4 * box.sceneBoundingRect().height(),
        timeout=5_000,
    )
    # the feature names at the small-α end stay inside their plots, left of the curves
    for key in ("lasso", "ridge"):
        plot = parts.lasso if key == "lasso" else parts.ridge
        qtbot.waitUntil(
            lambda k=key, p=plot: all(
                label.sceneBoundingRect().left() >= p.vb.sceneBoundingRect().left() - 2
                for label in parts.labels[k]
                if label.textItem.toPlainText()
            ),
            timeout=5_000,
        )
    window.presentation_action.trigger()
    window.resize(1320, 820)
    qtbot.waitUntil(lambda: len(names()) == 4, timeout=5_000)
    qtbot.waitUntil(lambda: not _view_problems(window), timeout=5_000)


def test_a_long_runs_last_step_number_fits_the_smallest_window(window, qtbot):
    training = window.tabs["training"]
    qtbot.waitUntil(lambda: training.finished_run is not None, timeout=20_000)
    training.apply_preset("one-weight-lr-1e-4")  # 10000 epochs: 100,000 steps
    qtbot.waitUntil(
        lambda: training.finished_run is not None and training.finished_run.params.epochs == 10_000,
        timeout=60_000,
    )
    window.resize(window.minimumSize())
    axis = training.figure.lr_plot.getAxis("bottom")
    qtbot.waitUntil(lambda: "100000" in _tick_texts(axis), timeout=5_000)
    qtbot.waitUntil(lambda: not _view_problems(window), timeout=5_000)


def _tick_texts(axis: pg.AxisItem) -> list[str]:
    return [text for _rect, _flags, text in _tick_specs(axis)]


def _tick_specs(axis: pg.AxisItem) -> list:
    """The (rect, flags, text) of every tick number the axis draws now."""
    image = QImage(4, 4, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return list(specs[2]) if specs else []


def _small_presentation(window, qtbot, tab) -> None:
    """``tab`` on screen in presentation mode in the smallest window."""
    window.show_tab(tab)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=20_000)
    window.resize(window.minimumSize())
    window.presentation_action.trigger()
    qtbot.waitUntil(lambda: window.width() >= window.minimumWidth(), timeout=5_000)
    window.resize(window.minimumSize())
    qtbot.wait(600)  # the panes are fitted a moment after the type has grown


def test_the_outliers_legend_leaves_the_plot_its_height(window, qtbot):
    outliers = window.tabs["outliers"]
    figure = outliers.drag_figure
    full = [label.text for _sample, label in figure.legend.items]
    _small_presentation(window, qtbot, outliers)
    # the legend no taller than the plot it names (it took most of the height)
    assert figure.legend.boundingRect().height() <= figure.plot.getViewBox().height()
    short = [label.text for _sample, label in figure.legend.items]
    assert short != full and "L1" in short and "L2" in short  # names, not colours alone
    window.presentation_action.trigger()
    window.resize(1320, 820)
    qtbot.waitUntil(lambda: [label.text for _s, label in figure.legend.items] == full,
                    timeout=5_000)  # fmt: skip


def test_monte_carlo_bar_numbers_never_overlap_and_titles_fit(window, qtbot):
    reg = window.tabs["regularization"]
    _small_presentation(window, qtbot, reg)
    reg.views.setCurrentIndex(1)  # "How often exactly zero?"
    qtbot.wait(800)
    plots = reg.mc_view.parts
    rects = [
        (label.textItem.toPlainText(), label.sceneBoundingRect())
        for labels in plots.bar_labels.values()
        for label in labels
        if label.isVisible() and label.textItem.toPlainText()
    ]
    legend = plots.legend.sceneBoundingRect()
    for i, (text, rect) in enumerate(rects):
        assert not rect.intersects(legend), text  # the legend covers no bar's number
        for other, other_rect in rects[i + 1 :]:
            assert not rect.intersects(other_rect), (text, other)
    view = reg.mc_view
    for plot in plots.plots.values():  # each family's plot and title inside the view
        rect = view.mapFromScene(plot.sceneBoundingRect()).boundingRect()
        assert rect.right() <= view.width() + 1, (rect, view.width())
        title = plot.titleLabel.item
        assert natural_width(title) <= plot.vb.width(), title.toPlainText()  # one line


def test_the_seeds_view_s_title_and_axis_label_fit_in_presentation(window, qtbot):
    training = window.tabs["training"]
    seeds = training.seeds_view
    training.views.setCurrentIndex(1)
    qtbot.waitUntil(lambda: seeds.texts.shown()[0] == seeds.texts.title[0], timeout=5_000)
    _small_presentation(window, qtbot, training)
    plot = seeds.plot.getPlotItem()
    title, left = seeds.texts.shown()
    axis = plot.getAxis("left")
    assert QFontMetricsF(axis.label.font()).horizontalAdvance(left) <= plot.vb.height()
    title_item = plot.titleLabel.item
    assert natural_width(title_item) <= plot.vb.width(), title
