"""Data colours as text: readable (WCAG 2, at least 4.5:1) in both looks, the tables'
round trips between the looks, and lines that keep the palette's colours."""

from __future__ import annotations

import re

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from l1l2gui.cli import main as cli_main
from l1l2gui.gui.palette import (
    HUBER_COLOR,
    KIND_COLORS,
    L1_COLOR,
    L2_COLOR,
    QUANTILE_COLOR,
)
from l1l2gui.gui.tabs.outliers.figure import OUTLIER_COLOR
from l1l2gui.gui.tabs.regularization.paths_view import FEATURE_COLORS
from l1l2gui.gui.theme import (
    DARK_INK,
    DARK_TEXT,
    LIGHT_TEXT,
    PLOT_DARK,
    _dark_palette,
    ink_name,
    map_text,
    theme,
)
from l1l2gui.gui.widgets.explanation import ExplanationPanel

# every data colour some text is written in (loss names, titles, the paths' labels)
DATA_TEXT = {
    *(c.lower() for c in KIND_COLORS.values()),
    QUANTILE_COLOR.lower(),
    OUTLIER_COLOR.lower(),
    *(c.lower() for c in FEATURE_COLORS),
}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio, from the definition (relative luminance of sRGB)."""

    def lum(name: str) -> float:
        r, g, b = (_channel(int(name.lstrip("#")[i : i + 2], 16)) for i in (0, 2, 4))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(autouse=True)
def system_after():
    yield
    theme().set_override("system")


def light_grounds() -> set[str]:
    """White (plots, explanations), and the light palette's window and base colours."""
    palette = QApplication.palette()
    roles = (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase)
    return {"#ffffff", *(palette.color(r).name() for r in roles)}


def test_the_ratio_matches_published_values():
    assert ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    # the task's starting point: the palette's colours as text on white
    assert ratio(L2_COLOR, "#ffffff") == pytest.approx(3.42, abs=0.01)
    assert ratio(HUBER_COLOR, "#ffffff") == pytest.approx(3.06, abs=0.01)
    assert ratio(QUANTILE_COLOR, "#ffffff") == pytest.approx(2.31, abs=0.01)
    assert ratio(L1_COLOR, "#ffffff") == pytest.approx(5.0, abs=0.3)


def test_every_data_colour_as_light_text_reaches_4_5_on_every_light_ground(qapp):
    grounds = light_grounds()
    assert "#efefef" in grounds  # the offscreen / Fusion light window colour
    for color in DATA_TEXT:
        shown = ink_name(color, dark=False, text=True)
        for ground in grounds:
            assert ratio(shown, ground) >= 4.5, (color, shown, ground)


def test_every_data_colour_as_dark_text_reaches_4_5_on_the_dark_grounds():
    palette = _dark_palette()
    roles = (QPalette.ColorRole.Window, QPalette.ColorRole.Base)
    grounds = {PLOT_DARK, *(palette.color(r).name() for r in roles)}
    for color in DATA_TEXT:
        shown = ink_name(color, dark=True, text=True)
        for ground in grounds:
            assert ratio(shown, ground) >= 4.5, (color, shown, ground)


def test_text_shades_are_one_to_one_and_apart_from_every_other_colour():
    light = set(LIGHT_TEXT.values())
    assert len(light) == len(LIGHT_TEXT)  # no two data colours share a shade
    assert len(set(DARK_TEXT.values())) == len(DARK_TEXT)
    everything = set(DARK_INK) | set(DARK_INK.values()) | set(DARK_TEXT) | set(DARK_TEXT.values())
    assert not light & everything  # a shade is not also another colour of the tables
    # L1 and L2 as text: still a blue and a green, far from each other
    l1, l2 = (ink_name(c, dark=False, text=True).lower() for c in (L1_COLOR, L2_COLOR))
    assert l1 != l2 and l1 == L1_COLOR.lower()  # L1 blue was readable already
    assert l2 == "#007a59"


@pytest.mark.parametrize("data", sorted(DATA_TEXT | set(DARK_TEXT) | set(LIGHT_TEXT)))
def test_round_trips_between_the_looks_reach_each_looks_colour(data):
    light = ink_name(data, dark=False, text=True)
    dark = ink_name(data, dark=True, text=True)
    assert light == LIGHT_TEXT.get(data, data)
    assert dark == DARK_TEXT.get(data, DARK_INK.get(data, data))
    # light → dark → light, dark → light → dark, and mapping twice, from every spelling
    for start in (data, light, dark, data.upper()):
        to_dark = ink_name(start, dark=True, text=True).lower()
        to_light = ink_name(start, dark=False, text=True).lower()
        assert to_dark == dark, start
        assert to_light == light, start
        assert ink_name(to_dark, dark=False, text=True) == light
        assert ink_name(to_light, dark=True, text=True) == dark
    # as a line the colour is untouched in the light look
    assert ink_name(data, dark=False) == data


def test_html_round_trip_keeps_every_other_character():
    html = "".join(f'<b style="color:{c}">x</b>' for c in sorted(DATA_TEXT))
    light = map_text(html, dark=False)
    assert map_text(map_text(light, dark=True), dark=False) == light
    dark = map_text(html, dark=True)
    assert map_text(map_text(dark, dark=False), dark=True) == dark


def test_the_explanations_and_the_paths_list_use_the_text_shades(window, qtbot):
    training = window.tabs["training"]
    qtbot.waitUntil(lambda: training.finished_run is not None, timeout=20_000)
    pen = training.figure.w_curves["l2"].opts["pen"]
    assert pen.color().name() == L2_COLOR.lower()  # the line keeps the palette's green
    panel = training.findChildren(ExplanationPanel)[0]
    assert panel.palette().color(QPalette.ColorRole.Base).name() in light_grounds()
    reg = window.tabs["regularization"]
    window.show_tab(reg)
    reg.views.setCurrentIndex(3)
    qtbot.waitUntil(lambda: reg.paths_view.at is not None, timeout=60_000)
    table = reg.paths_view.table
    names = [table.item(i, 0).foreground().color().name() for i in range(table.rowCount())]
    assert names == [LIGHT_TEXT.get(c.lower(), c.lower()) for c in FEATURE_COLORS[: len(names)]]
    for name in names:
        assert ratio(name, table.palette().color(QPalette.ColorRole.Base).name()) >= 4.5
    lines = [
        i.opts["pen"].color().name()
        for view in reg.paths_view.findChildren(pg.GraphicsView)
        for i in view.scene().items()
        if isinstance(i, pg.PlotDataItem) and i.opts["pen"] is not None
    ]
    assert {c.lower() for c in FEATURE_COLORS} & set(lines)  # the paths keep Tableau colours
    window.set_appearance("dark")
    dark = [table.item(i, 0).foreground().color().name() for i in range(table.rowCount())]
    assert dark == [ink_name(c, dark=True, text=True).lower() for c in FEATURE_COLORS[: len(dark)]]
    window.set_appearance("light")
    again = [table.item(i, 0).foreground().color().name() for i in range(table.rowCount())]
    assert again == names


def svg_text_colours(path) -> set[str]:
    return {m.lower() for m in re.findall(r'<text fill="(#[0-9a-fA-F]{6})"', path.read_text())}


def test_exported_figures_write_data_colours_as_text_in_the_darker_shades(qapp, tmp_path):
    svg = tmp_path / "paths.svg"
    assert cli_main(["export", "regularization", "--view", "paths", "--out", str(svg)]) == 0
    colours = svg_text_colours(svg)
    assert {"#007a59", L1_COLOR.lower()} <= colours  # the Ridge (L2) and Lasso (L1) titles
    assert LIGHT_TEXT["#edc948"] in colours  # a path's label
    for colour in colours:
        assert ratio(colour, "#ffffff") >= 4.5, colour


def test_an_export_from_the_dark_window_has_the_light_text_shades(window, qtbot, tmp_path):
    reg = window.tabs["regularization"]
    window.show_tab(reg)
    reg.views.setCurrentIndex(3)
    qtbot.waitUntil(lambda: reg.paths_view.at is not None, timeout=60_000)
    window.set_appearance("dark")
    svg = tmp_path / "dark-window.svg"
    assert window.export_figure(str(svg))
    colours = svg_text_colours(svg)
    assert "#007a59" in colours and DARK_TEXT[L2_COLOR.lower()] not in colours
    for colour in colours:
        assert ratio(colour, "#ffffff") >= 4.5, colour
