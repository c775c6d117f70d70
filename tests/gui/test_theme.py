"""Light and dark, presentation mode, and exports that stay light: on every tab."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from hue_marks import hue_only
from PySide6.QtGui import QColor, QImage, QPalette, QPen
from PySide6.QtWidgets import QAbstractGraphicsShapeItem, QApplication, QSplitter

from l1l2gui.cli import main as cli_main
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.main_window import MainWindow
from l1l2gui.gui.palette import (
    ERROR_COLOR,
    HUBER_COLOR,
    KIND_COLORS,
    L1_COLOR,
    L2_COLOR,
    LR_COLOR,
    QUANTILE_COLOR,
    REFERENCE_COLOR,
)
from l1l2gui.gui.tabs import TAB_CLASSES
from l1l2gui.gui.tabs.outliers.figure import OUTLIER_COLOR
from l1l2gui.gui.tabs.regularization.paths_view import FEATURE_COLORS
from l1l2gui.gui.theme import (
    APP_FONT_SCALE,
    DARK_INK,
    DARK_TEXT_INK,
    LIGHT_INK,
    LIGHT_TEXT_INK,
    PLOT_DARK,
    PRESENTATION_SCALE,
    _dark_palette,
    ink_name,
    map_text,
    theme,
)
from l1l2gui.gui.widgets.explanation import ExplanationPanel


@pytest.fixture(autouse=True)
def light_after():
    """The look belongs to the application: put it back for the tests that follow."""
    yield
    theme().set_override("system")
    theme().set_presentation(False)


def views(window: MainWindow) -> list[pg.GraphicsView]:
    return [v for tab in window.tabs.values() for v in tab.findChildren(pg.GraphicsView)]


def _pen(pen) -> tuple:
    pen = pg.mkPen(pen) if not isinstance(pen, list) else None
    if pen is None:
        return ("per point",)
    return (pen.color().name(QColor.NameFormat.HexArgb), pen.widthF(), pen.style(),
            tuple(pen.dashPattern()))  # fmt: skip


def _brush(brush) -> tuple:
    if isinstance(brush, list):
        return ("per point",)
    brush = pg.mkBrush(brush)
    return brush.color().name(QColor.NameFormat.HexArgb), brush.style()


def describe(item) -> tuple:
    """What a look may change on ``item``: colours, widths, fonts."""
    if isinstance(item, pg.PlotDataItem):
        o = item.opts
        return ("data", _pen(o["pen"]), _pen(o["symbolPen"]), _brush(o["symbolBrush"]),
                _brush(o["fillBrush"]))  # fmt: skip
    if isinstance(item, pg.ScatterPlotItem):
        return ("scatter", _pen(item.opts["pen"]), _brush(item.opts["brush"]))
    if isinstance(item, pg.InfiniteLine):
        return ("line", _pen(item.pen))
    if isinstance(item, pg.AxisItem):
        return ("axis", _pen(item.pen()), _pen(item.textPen()), item.fixedWidth,
                item.label.font().pointSizeF())  # fmt: skip
    if isinstance(item, pg.LabelItem):
        return ("label", item.opts.get("color"), item.opts.get("size"))
    if isinstance(item, pg.TextItem):
        return ("text", item.color.name(), item.textItem.font().pointSizeF())
    if isinstance(item, pg.BarGraphItem):
        return ("bars", _pen(item.opts.get("pen")), _brush(item.opts.get("brush")))
    if isinstance(item, QAbstractGraphicsShapeItem):
        return ("shape", _pen(item.pen()), _brush(item.brush()))
    return ()


def snapshot(window: MainWindow) -> dict:
    out = {}
    for view in views(window):
        out[id(view)] = (
            view.backgroundBrush().color().name(),
            {id(item): describe(item) for item in view.scene().items()},
        )
    return out


def changes(before: dict, after: dict) -> list:
    """The item descriptions that differ between two snapshots."""
    out = []
    for key, (bg, items) in after.items():
        old_bg, old_items = before.get(key, (None, {}))
        if bg != old_bg:
            out.append(("background", old_bg, bg))
        # items made since (a legend filled again) have no "before"
        out += [(old_items[k], d) for k, d in items.items() if k in old_items and old_items[k] != d]
    return out


def background(view: pg.GraphicsView) -> str:
    return view.backgroundBrush().color().name()


def test_ink_maps_are_one_to_one_and_apart():
    assert len(set(DARK_INK.values())) == len(DARK_INK)
    assert not set(DARK_INK) & set(LIGHT_INK)
    html = '<b style="color:#0072B2">L1</b> <span style="color:#555555">x</span>'
    dark = map_text(html, dark=True)
    assert "#45a2ec" in dark and "#b0b0b0" in dark  # ink swaps; L1 blue text lightens
    assert map_text(dark, dark=True) == dark  # mapping twice is harmless
    assert map_text(dark, dark=False) == html.replace("#0072B2", "#0072b2")
    assert ink_name("#B00020", True) == "#ff7a85"
    assert ink_name("#0072B2", True) == "#0072B2"  # as a line, L1 keeps its blue
    # as text, a data colour has three spellings (written, light look's, dark look's):
    # each look's table sends all three to its own, so light → dark → light round-trips
    for color in {c.lower() for c in TEXT_COLORS}:
        light, dark = map_text(color, dark=False), map_text(color, dark=True)
        assert map_text(light, dark=True) == dark and map_text(dark, dark=False) == light
        assert map_text(light, dark=False) == light and map_text(dark, dark=True) == dark
    for table in (DARK_INK, LIGHT_INK, DARK_TEXT_INK, LIGHT_TEXT_INK):
        assert all(table.get(v, v) == v for v in table.values())


def _luminance(name: str) -> float:
    rgb = [int(name[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


# every colour a text is written in: the explanations' and readouts' loss names, the
# warnings, the paths' titles and labels, notes
TEXT_COLORS = {
    *KIND_COLORS.values(), L1_COLOR, L2_COLOR, HUBER_COLOR, QUANTILE_COLOR, REFERENCE_COLOR,
    ERROR_COLOR, LR_COLOR, *FEATURE_COLORS, "#1B5E20", "#222222", "#333333",
}  # fmt: skip
# the dark panels (labels, readouts) and the dark plots and explanations
DARK_GROUNDS = ("#2b2d30", PLOT_DARK)


def test_contrast_formula_matches_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_text_in_every_colour_is_readable_in_dark_at_least_4_5_to_1():
    # before: the L1 blue as text was 2.66:1 on the panels, 3.18:1 on the plots
    assert contrast(L1_COLOR, "#2b2d30") == pytest.approx(2.66, abs=0.01)
    for color in TEXT_COLORS:
        shown = map_text(color, dark=True)
        for ground in DARK_GROUNDS:
            assert contrast(shown, ground) >= 4.5, (color, shown, ground)
    assert contrast(map_text(L1_COLOR, dark=True), "#2b2d30") == pytest.approx(5.02, abs=0.01)
    # hue kept: the text blue is still blue, the green still green
    for data in (L1_COLOR, L2_COLOR):
        light, dark = QColor(data), QColor(map_text(data, dark=True))
        assert abs(light.hsvHue() - dark.hsvHue()) <= 10
    # the dark grounds are what the dark look paints
    assert _dark_palette().color(QPalette.ColorRole.Window).name() == "#2b2d30"
    assert _dark_palette().color(QPalette.ColorRole.Base).name() == PLOT_DARK


# the light panels (Fusion's window colour, as offscreen) and the white plots and explanations
LIGHT_GROUNDS = ("#efefef", "#ffffff")


def test_text_in_every_colour_is_readable_in_light_at_least_4_5_to_1(qapp):
    # before: L2 green 3.42:1 on white, Huber 3.06:1, quantile sky blue 2.31:1
    assert contrast(L2_COLOR, "#ffffff") == pytest.approx(3.42, abs=0.01)
    assert contrast(HUBER_COLOR, "#ffffff") == pytest.approx(3.06, abs=0.01)
    assert contrast(QUANTILE_COLOR, "#ffffff") == pytest.approx(2.31, abs=0.01)
    assert QApplication.palette().color(QPalette.ColorRole.Window).name() == LIGHT_GROUNDS[0]
    for color in TEXT_COLORS | {OUTLIER_COLOR}:
        shown = map_text(color, dark=False)
        for ground in LIGHT_GROUNDS:
            assert contrast(shown, ground) >= 4.5, (color, shown, ground)
        assert ink_name(color, False) == color  # as a line, every colour keeps its own
        if color.lower() not in DARK_INK:  # inks swap in the dark; data lines never
            assert ink_name(color, True).lower() == color.lower()
        if shown != color.lower():  # darkened keeping its hue
            assert abs(QColor(color).hsvHue() - QColor(shown).hsvHue()) <= 3, color
    assert contrast(map_text(L2_COLOR, dark=False), "#ffffff") == pytest.approx(5.35, abs=0.01)
    assert map_text(L1_COLOR, dark=False) == L1_COLOR.lower()  # 5.2:1 already


def test_light_text_darkens_data_colours_while_lines_keep_the_palette(window, qtbot):
    training = window.tabs["training"]
    qtbot.waitUntil(lambda: training.finished_run is not None, timeout=20_000)
    html = training.explanation.toHtml().lower()
    assert "#007a59" in html and "#009e73" not in html  # L2 as text, darkened
    pens = {
        item.opts["pen"].color().name()
        for view in training.findChildren(pg.GraphicsView)
        for item in view.scene().items()
        if isinstance(item, pg.PlotDataItem) and isinstance(item.opts["pen"], QPen)
    }
    assert L2_COLOR.lower() in pens and "#007a59" not in pens  # the L2 line keeps its green


def test_dark_panels_show_loss_names_in_the_lighter_text_colours(window, qtbot):
    training = window.tabs["training"]
    qtbot.waitUntil(lambda: training.finished_run is not None, timeout=20_000)
    window.set_appearance("dark")
    html = training.explanation.toHtml().lower()
    assert "#45a2ec" in html and "#0072b2" not in html
    window.show_tab(window.tabs["regularization"])  # a tab is restyled when it is shown
    lasso = [
        view.scene().items()
        for view in window.tabs["regularization"].findChildren(pg.GraphicsView)
    ]
    lasso = [i for items in lasso for i in items if isinstance(i, pg.LabelItem)]
    lasso = [i for i in lasso if "Lasso (L1)" in (i.text or "")]
    assert lasso and all("#45a2ec" in i.text for i in lasso), [i.text for i in lasso]
    window.set_appearance("light")
    assert "#0072b2" in training.explanation.toHtml().lower()
    assert all("#0072b2" in i.text.lower() for i in lasso)


def test_dark_restyles_every_tab_and_light_restores_it_exactly(window, qtbot):
    for tab in window.tabs.values():  # every tab's first results are drawn
        qtbot.waitUntil(lambda t=tab: t.finished_run is not None, timeout=20_000)
    before = snapshot(window)
    assert {background(v) for v in views(window)} == {"#ffffff"}
    window.set_appearance("dark")
    all_views = views(window)
    assert len(all_views) >= 10
    assert {background(v) for v in all_views} == {PLOT_DARK}
    for view in all_views:
        for item in view.scene().items():
            if isinstance(item, pg.AxisItem):
                assert item.textPen().color().lightness() > 180  # light text on dark
    panels = [p for tab in window.tabs.values() for p in tab.findChildren(ExplanationPanel)]
    assert len(panels) >= 4
    for panel in panels:
        assert "#ff7a85" in panel.document().defaultStyleSheet()  # the warning colour
        assert "#B00020" not in panel.toHtml()
    note = window.tabs["training"].preset_note
    assert "#d3d3d3" in note.styleSheet()
    assert QApplication.palette().window().color().lightness() < 100
    window.set_appearance("light")
    assert changes(before, snapshot(window)) == []
    for panel in panels:
        assert "#B00020" in panel.document().defaultStyleSheet()
    assert "#333333" in note.styleSheet()
    assert QApplication.palette().window().color().lightness() > 150


def test_the_appearance_and_presentation_are_remembered(window, settings):
    assert window.appearance_actions["system"].isChecked()
    window.set_appearance("dark")
    window.set_presentation(True)
    window.close()
    theme().set_override("system")
    theme().set_presentation(False)
    again = MainWindow(settings)
    try:
        assert again.appearance_actions["dark"].isChecked()
        assert again.presentation_action.isChecked()
        assert theme().look().dark and theme().look().scale == PRESENTATION_SCALE
        assert background(again.tabs["training"].figure) == PLOT_DARK
    finally:
        again.close()


def corner_pixel(path) -> QColor:
    image = QImage(str(path))
    assert not image.isNull()
    return image.pixelColor(3, image.height() - 3)


def test_an_export_from_dark_is_light_and_the_window_stays_dark(window, tmp_path):
    window.set_appearance("dark")
    figure = window.tabs["training"].figure
    path = tmp_path / "t.png"
    assert window.export_figure(str(path))
    assert corner_pixel(path).name() == "#ffffff"
    assert background(figure) == PLOT_DARK
    axis = figure.loss_plot.getAxis("left")
    assert axis.textPen().color().name() == DARK_INK["#222222"]
    lr = figure.lr_curve.opts["pen"]  # black on paper, light in the window again
    assert lr.color().name() == DARK_INK["#000000"] and lr.widthF() == 1.0
    svg = tmp_path / "t.svg"
    assert window.export_figure(str(svg))
    assert PLOT_DARK not in svg.read_text(encoding="utf-8")


def test_export_theme_dark_on_the_command_line(qapp, tmp_path):
    light, dark = tmp_path / "l.png", tmp_path / "d.png"
    assert cli_main(["export", "likelihood", "--out", str(light)]) == 0
    assert cli_main(["export", "likelihood", "--out", str(dark), "--theme", "dark"]) == 0
    assert corner_pixel(light).name() == "#ffffff"
    assert corner_pixel(dark).name() == PLOT_DARK


def test_presentation_enlarges_type_and_lines_and_restores_them(window, qtbot):
    for tab in window.tabs.values():  # every tab built and its first results drawn
        qtbot.waitUntil(lambda t=tab: t.finished_run is not None, timeout=20_000)
    training = window.tabs["training"]
    before = snapshot(window)
    font = QApplication.font().pointSizeF()
    figure = training.figure
    curve = figure.w_curves["l2"]
    assert curve.opts["pen"].widthF() == 1.0
    # the panes on screen (a tab never shown has not laid its panes out yet)
    splitters = [
        sp for tab in window.tabs.values() for sp in tab.findChildren(QSplitter) if sp.isVisible()
    ]
    sizes = [sp.sizes() for sp in splitters]
    window.presentation_action.trigger()  # as the menu and F5 do
    assert window.presentation_action.isChecked()
    assert window.presentation_action.shortcut().toString() == "F5"
    # the controls' panes widen for the larger type (the training form's did not fit)
    qtbot.waitUntil(lambda: bool(window._pane_sizes), timeout=5_000)
    assert window._pane_sizes
    assert QApplication.font().pointSizeF() == pytest.approx(font * APP_FONT_SCALE)
    assert curve.opts["pen"].widthF() >= 2.5
    axis = figure.loss_plot.getAxis("left")
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(font * PRESENTATION_SCALE)
    assert figure.legend.items[0][1].opts["size"] == f"{10 * PRESENTATION_SCALE:g}pt"
    assert "font-size: 13.125pt" in training.explanation.document().defaultStyleSheet()
    window.presentation_action.trigger()
    assert QApplication.font().pointSizeF() == font
    assert [sp.sizes() for sp in splitters] == sizes
    assert changes(before, snapshot(window)) == []
    assert "font-size: 10.5pt" in training.explanation.document().defaultStyleSheet()


def test_presentation_exports_at_normal_size(window, tmp_path):
    plain, big = tmp_path / "a.png", tmp_path / "b.png"
    assert window.export_figure(str(plain))
    window.set_presentation(True)
    assert window.export_figure(str(big))
    figure = window.tabs["training"].figure
    assert figure.w_curves["l2"].opts["pen"].widthF() >= 2.5  # the window keeps its look
    a, b = QImage(str(plain)), QImage(str(big))
    assert a.size() == b.size()


def test_l1_and_l2_never_differ_by_hue_alone_in_the_window(window, qtbot):
    for tab in window.tabs.values():
        qtbot.waitUntil(lambda t=tab: t.finished_run is not None, timeout=20_000)
    problems = [p for view in views(window) for p in hue_only(view)]
    assert problems == []


@pytest.mark.parametrize("cls", TAB_CLASSES, ids=lambda c: c.name)
def test_l1_and_l2_never_differ_by_hue_alone_in_exported_figures(qapp, cls):
    model = tab_model(cls.name)
    views_of = model.views or (None,)
    # the seeds views draw only when seeds are repeated
    values = {"seeds_repeat": "3"} if cls.name in ("outliers", "training") else {}
    params = model.params(values=values)
    result = model.compute_export(params) if model.views else model.compute(params)
    for view in views_of:
        figure = cls.export_figure(result) if view is None else cls.export_figure(result, view=view)
        figure.show()
        qapp.processEvents()
        try:
            assert hue_only(figure) == []
        finally:
            figure.close()


def test_the_check_catches_hue_alone(qapp):
    from l1l2gui.gui.palette import L1_COLOR, L2_COLOR

    view = pg.PlotWidget()
    view.plot([0, 1], [0, 1], pen=pg.mkPen(L1_COLOR, width=2))
    view.plot([0, 1], [1, 0], pen=pg.mkPen(L2_COLOR, width=2))
    assert hue_only(view)
    view.plot([0, 1], [1, 1], pen=pg.mkPen(L1_COLOR, width=2, style=pg.QtCore.Qt.PenStyle.DashLine))
    assert hue_only(view)  # the solid L1 line still matches the L2 one
    view.close()


def test_the_export_dialog_offers_a_dark_figure(window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    path = tmp_path / "dark.png"
    chosen = "PNG image, dark background (*.png)"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(path), chosen))
    )
    window.export_figure_dialog()
    assert corner_pixel(path).name() == PLOT_DARK
    assert background(window.tabs["training"].figure) == "#ffffff"  # the window stays light
