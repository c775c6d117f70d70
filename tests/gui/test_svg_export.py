"""SVG figures of every tab and view draw without vector-effect support (librsvg,
ImageMagick): strokes in device coordinates, curves cut to their plots, and, where
rsvg-convert is installed, a rendering that matches the PNG of the same figure."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QImage

from l1l2gui.core.tabs import TAB_MODELS
from l1l2gui.gui.figure_export import figure_size, png_bytes, svg_bytes
from l1l2gui.gui.svg_clip import clip_lines, clip_polygon, subpaths
from l1l2gui.gui.svg_coordinates import device_coordinates, parse_matrix
from l1l2gui.gui.tabs import TAB_CLASSES

RSVG = shutil.which("rsvg-convert")
CASES = [(name, view) for name, model in TAB_MODELS.items() for view in model.views]
# the views over seeds need repeats; fewer points keep the slow tabs quick
VALUES = {"training": {"seeds_repeat": 8}, "outliers": {"seeds_repeat": 3}}
_RESULTS: dict[str, object] = {}


def _result(tab: str):
    if tab not in _RESULTS:
        model = TAB_MODELS[tab]
        _RESULTS[tab] = model.compute_export(model.params(values=VALUES.get(tab, {})))
    return _RESULTS[tab]


@pytest.fixture
def figure(qtbot, request):
    tab, view = request.param
    cls = next(c for c in TAB_CLASSES if c.name == tab)
    fig = cls.export_figure(_result(tab), 900, 700, view=view)
    qtbot.addWidget(fig)
    fig.show()
    qtbot.waitExposed(fig)
    return fig


def _compose(m, n):
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + c * q, b * p + d * q, a * r + c * s, b * r + d * s,
            a * t + c * u + e, b * t + d * u + f)  # fmt: skip


def _stroke_scales(element, m=(1, 0, 0, 1, 0, 0)):
    """(scale, tag) of every non-scaling-stroke element under ``element``."""
    own = element.get("transform")
    if own:
        parsed = parse_matrix(own)
        assert parsed is not None, own  # every transform stays a plain matrix(…)
        m = _compose(m, parsed)
    if element.get("vector-effect") == "non-scaling-stroke":
        yield math.sqrt(abs(m[0] * m[3] - m[1] * m[2])), max(map(abs, m[:4])), element.tag
    for child in element:
        yield from _stroke_scales(child, m)


@pytest.mark.parametrize("figure", CASES, indirect=True, ids=[f"{t}-{v}" for t, v in CASES])
def test_svg_strokes_are_in_device_coordinates(figure):
    svg = svg_bytes(figure)
    root = ET.fromstring(svg)
    size = figure_size(figure)
    assert root.get("viewBox") == f"0 0 {size.width()} {size.height()}"
    assert (root.get("width"), root.get("height")) == (f"{size.width()}px", f"{size.height()}px")
    scales = list(_stroke_scales(root))
    assert scales, "no cosmetic strokes: nothing was drawn"
    # a renderer that ignores vector-effect scales the stroke by this: it must be the
    # device's own (1), not a plot's data scale (thousands, or thousandths)
    bad = [(s, big, tag) for s, big, tag in scales if not (0.5 < s < 2 and big < 2)]
    assert not bad, bad[:3]
    assert b"<polyline" not in svg  # ImageMagick 6.9 refuses some: written as paths


def _gray(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    return rows[:, : image.width()].astype(float)


def _tiles(dark: np.ndarray, n: int = 32) -> np.ndarray:
    h, w = (s - s % n for s in dark.shape)
    return dark[:h, :w].reshape(h // n, n, w // n, n).mean(axis=(1, 3))


@pytest.mark.skipif(RSVG is None, reason="rsvg-convert is not installed")
@pytest.mark.parametrize("figure", CASES, indirect=True, ids=[f"{t}-{v}" for t, v in CASES])
def test_svg_rendered_by_librsvg_matches_the_png(figure, tmp_path):
    path = tmp_path / "figure.svg"
    path.write_bytes(svg_bytes(figure))
    out = tmp_path / "rsvg.png"
    subprocess.run([RSVG, str(path), "-o", str(out)], check=True, timeout=60)
    svg = _gray(QImage(str(out)))
    png = _gray(QImage.fromData(png_bytes(figure, scale=1.0)))
    assert svg.shape == png.shape
    dark_svg, dark_png = svg < 128, png < 128
    # the same amount of ink (text, axes, curves), within a few tenths of a percent…
    assert abs(dark_svg.mean() - dark_png.mean()) < 0.004 + 0.15 * dark_png.mean()
    # …in the same places: no 32-px square differs by more than a fifth (a stroke scaled
    # by a plot's data transform fills whole squares solid)
    assert np.abs(_tiles(dark_svg) - _tiles(dark_png)).max() < 0.2
    assert np.abs(svg - png).mean() < 4


def test_device_coordinates_maps_points_and_keeps_text_transformed():
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
    <g stroke="#000" transform="matrix(10,0,0,-1000,5,90)">
    <polyline fill="none" vector-effect="non-scaling-stroke" points="0,0 1,0.05 2,0.2" />
    <path vector-effect="non-scaling-stroke" d="M0,0 L1,0.01 C1,1 2,2 3,3 Z" />
    <rect vector-effect="non-scaling-stroke" x="0" y="0" width="1" height="0.01" />
    <text x="1" y="2">label</text></g></svg>"""
    root = ET.fromstring(device_coordinates(svg))
    ns = {"s": "http://www.w3.org/2000/svg"}
    group = root.find("s:g", ns)
    assert group.get("transform") is None
    paths = group.findall("s:path", ns)
    assert paths[0].get("d") == "M5,90 L15,40 25,-110"
    assert paths[1].get("d") == "M 5,90 L 15,80 C 15,-910 25,-1910 35,-2910 Z"
    assert paths[2].get("d") == "M 5,90 L 15,90 L 15,80 L 5,80 Z"
    wrapped = group.find("s:g", ns)
    assert wrapped.get("transform") == "matrix(10,0,0,-1000,5,90)"
    assert wrapped.find("s:text", ns).text == "label"


def test_device_coordinates_cuts_lines_and_fills_to_their_plot():
    svg = b"""<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
    <g fill="none" stroke="#000" transform="matrix(1,0,0,1,0,0.5)">
    <polyline fill="none" vector-effect="non-scaling-stroke" points="0,0 20,20 40,0 60,20" />
    </g><g fill="#00f" stroke="none" transform="matrix(1,0,0,1,0,0.5)">
    <path vector-effect="non-scaling-stroke" d="M0,0 L40,0 L40,20 L0,20 Z" /></g>
    <g fill="none" stroke="#000" transform="matrix(1,0,0,1,0,0.5)">
    <polyline fill="none" vector-effect="non-scaling-stroke" points="0,-5 50,-5" /></g></svg>"""
    clip = ((1.0, 0.0, 0.0, 1.0, 0.0, 0.5), (10.0, 10.0, 40.0, 40.0))
    root = ET.fromstring(device_coordinates(svg, [clip]))
    ds = [p.get("d") for p in root.iter("{http://www.w3.org/2000/svg}path")]
    numbers = [[float(v) for v in re.findall(r"-?[\d.]+", d)] for d in ds]
    # y = x + 0.5 enters at x = 10; down to y = 10 at x = 30.5; back in at (49.5, 10)
    assert numbers[0] == [10, 10.5, 20, 20.5, 30.5, 10, 49.5, 10, 50, 10.5]
    assert ds[1].startswith("M") and ds[1].endswith("Z")
    assert min(numbers[1][0::2]) == 10 and max(numbers[1][1::2]) == 20.5
    assert len(ds) == 2, "a line wholly outside its plot is dropped"


def test_clip_helpers_against_hand_computed_cases():
    rect = (0.0, 0.0, 10.0, 10.0)
    two = [([(0, 0), (1, 1)], True), ([(2, 2), (3, 3)], False)]
    assert subpaths("M0,0 L1,1 Z M2,2 L3,3") == two
    assert subpaths("M0,0 Q1,1 2,2") is None
    assert clip_lines([([(-5, 5), (15, 5)], False)], rect) == [[(0, 5), (10, 5)]]
    assert clip_lines([([(-5, -5), (-1, -1)], False)], rect) == []
    square = [(-5, -5), (5, -5), (5, 5), (-5, 5)]
    assert sorted(clip_polygon(square, rect)) == [(0, 0), (0, 5), (5, 0), (5, 5)]


def test_view_names_follow_the_tabs_and_the_run_exports_with_its_landscape(window, tmp_path):
    for name, tab in window.tabs.items():
        bar = getattr(tab, "view_bar", None) or tab.views
        shown = [bar.tabText(i) for i in range(bar.count())]
        titles = list(TAB_MODELS[name].view_titles)
        assert shown == (titles[1:] if TAB_MODELS[name].views[0] == "all" else titles), name
    training = window.tabs["training"]
    window.tabs_widget.setCurrentWidget(training)
    path = tmp_path / "run.png"
    assert window.export_figure(str(path))
    image = QImage(str(path))
    run, side = training.figure, training.landscape
    width = side.viewport().mapTo(training.run_view, side.viewport().rect().topRight()).x() + 1
    assert image.width() == 2 * width > 2 * run.viewport().width()
    svg = tmp_path / "run.svg"
    assert window.export_figure(str(svg))
    assert "loss landscape" in svg.read_text(encoding="utf-8")
