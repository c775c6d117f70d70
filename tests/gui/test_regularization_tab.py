"""The Regularization tab: drag c with the mouse, stream and cancel the Monte Carlo, export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt, QUrl

from l1l2gui.core.regularization_geometry import geometry
from l1l2gui.gui.tabs.regularization.plot_items import clip_polyline
from l1l2gui.gui.tabs.regularization.tab import MC_CHANNEL


@pytest.fixture
def reg(window, qtbot):
    tab = window.tabs["regularization"]
    window.tabs_widget.setCurrentWidget(tab)
    # the first window of a run also loads scikit-learn for the diabetes paths (seconds)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=60_000)
    return tab


def widget_point(tab, x: float, y: float):
    """Where the weight-plane point (x, y) is on the view's viewport, in pixels."""
    view = tab.geometry_view
    scene = tab.geometry_view.parts.plot.vb.mapViewToScene(QPointF(x, y))
    return view.mapFromScene(scene)


def test_default_shows_the_vertex_and_both_optima(reg):
    geo = reg.geometry_result
    assert geo.l1[1] == 0.0 and geo.l1[0] == 1.0
    parts = reg.geometry_view.parts
    x, y = parts.opt_l1.getData()
    assert (x[0], y[0]) == (1.0, 0.0)
    assert "w2 is exactly 0" in reg.geo_readout.text()
    assert reg.geometry_view.parts.plot.vb.state["aspectLocked"] == 1.0


def test_dragging_c_with_the_mouse_moves_the_optima(reg, qtbot):
    before = reg.geometry_result
    mc_request = reg._mc_request
    view = reg.geometry_view
    reg.geometry_view.parts.frame(np.array([1.5, 0.8]), 1.0)
    qtbot.wait(20)
    start = widget_point(reg, 1.5, 0.8)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 11):
        x, y = 1.5 - 1.8 * k / 10, 0.8 + 1.2 * k / 10
        qtbot.mouseMove(view.viewport(), pos=widget_point(reg, x, y))
        qtbot.wait(15)  # pyqtgraph drops moves closer than 10 ms
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=widget_point(reg, x, y))

    def moved():
        geo = reg.geometry_result
        return geo is not before and abs(geo.params.center_w1 + 0.3) < 0.05

    qtbot.waitUntil(moved, timeout=5_000)
    geo = reg.geometry_result
    assert abs(geo.params.center_w2 - 2.0) < 0.05
    assert reg.form.values()["center_w1"] == geo.params.center_w1
    # c is now near (−0.3, 2): L1 lands on the top corner (0, 1), w1 exactly 0
    assert np.array_equal(geo.l1, [0.0, 1.0]) and geo.l1[0] == 0.0
    assert np.array_equal(geo.l2, geometry(geo.params).l2)
    assert not np.allclose(geo.l2, before.l2)
    x1, y1 = reg.geometry_view.parts.opt_l1.getData()
    assert (x1[0], y1[0]) == (geo.l1[0], geo.l1[1])
    assert "w1 is exactly 0" in reg.geo_readout.text()
    assert reg.preset is None
    assert reg._mc_request == mc_request  # moving c does not restart the Monte Carlo


def test_monte_carlo_streams_and_can_be_cancelled(reg, qtbot):
    reg.views.setCurrentIndex(1)
    seen = []
    reg.monteCarloDrawn.connect(seen.append)
    reg.mc_form.editor("trials").setValue(100_000)
    qtbot.waitUntil(lambda: any(0 < n < 100_000 for n in seen), timeout=10_000)
    qtbot.waitUntil(lambda: len({n for n in seen if n < 100_000}) >= 2, timeout=10_000)
    reg.cancel_button.click()
    assert not reg._worker.is_busy(MC_CHANNEL)
    done = reg.monte_carlo.done
    assert 0 < done < 100_000
    assert f"{done} of 100000" in reg.mc_readout.text()
    qtbot.wait(50)
    assert reg.monte_carlo.done == done  # nothing more arrives after a cancel
    assert reg.finished_run.monte_carlo.params.trials == 10_000  # the last complete one
    with qtbot.waitSignal(reg.runFinished, timeout=20_000):
        reg.rerun_button.click()
    assert reg.finished_run.monte_carlo.done == 100_000
    assert reg.figure is reg.mc_view


def test_try_this_links_set_parameters(reg, qtbot):
    with qtbot.waitSignal(reg.geometryDrawn, timeout=5_000):
        reg._on_anchor(QUrl("preset:l1-on-an-edge"))
    assert reg.preset == "l1-on-an-edge"
    assert reg.geometry_result.l1_where == "edge"
    qtbot.waitUntil(lambda: "on an edge" in reg.geo_text.toPlainText(), timeout=2_000)
    with qtbot.waitSignal(reg.geometryDrawn, timeout=5_000):
        reg._on_anchor(QUrl("set:center_w1=0.4&center_w2=0.3&radius=1"))
    assert reg.geometry_result.l1_where == "inside"
    assert reg.form.values()["center_w1"] == 0.4


def test_state_round_trip_and_bad_state(reg, qtbot):
    reg.apply_preset("useless-feature")
    reg.views.setCurrentIndex(1)
    state = reg.state()
    assert state["preset"] == "useless-feature" and state["view"] == 1
    reg.reset_defaults()
    with pytest.raises(ValueError, match="axis_ratio"):
        reg.restore({"params": {"axis_ratio": 100}})
    assert reg.preset == "diamond-vs-circle"  # nothing changed
    reg.restore(state)
    assert reg.preset == "useless-feature"
    qtbot.waitUntil(lambda: reg.geometry_result.params.axis_ratio == 0.2, timeout=5_000)


def test_window_exports_the_view_on_screen(window, reg, tmp_path, qtbot):
    reg.views.setCurrentIndex(0)
    assert window.export_figure(str(tmp_path / "geo.png"))
    reg.views.setCurrentIndex(1)
    assert window.export_figure(str(tmp_path / "mc.svg"))
    ET.parse(tmp_path / "mc.svg")
    assert window.export_data(str(tmp_path / "reg.json"))
    doc = json.loads((tmp_path / "reg.json").read_text())
    assert doc["tab"] == "regularization" and doc["metrics"]["l1/w2"] == 0.0


def run_cli(*args):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "l1l2gui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


@pytest.mark.parametrize("suffix", ["json", "png", "svg"])
def test_cli_export(tmp_path, suffix):
    out = tmp_path / f"reg.{suffix}"
    args = ["export", "regularization", "--set", "trials=500", "--out", str(out)]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    if suffix == "json":
        doc = json.loads(out.read_text())
        assert doc["params"]["trials"] == 500
        assert set(doc["params"]) == {
            "center_w1",
            "center_w2",
            "axis_ratio",
            "angle_deg",
            "radius",
            "trials",
            "seed",
            "tolerance",
            "x",
            "y",
            "lam",
            "alpha",
            "w0",
            "steps",
            "path_alpha",
            "cv_folds",
            "cv_seed",
        }
        assert doc["metrics"]["walkthrough_final/proximal"] > 0
        assert doc["metrics"]["cv_nonzero/lasso"] == 8
        assert doc["metrics"]["l1/w2"] == 0.0 and doc["metrics"]["l1/w1"] == 1.0
        assert len(doc["series"]["mc/l2/useless_feature/w1"]["y"]) == 500
    elif suffix == "png":
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        ET.parse(out)


def test_cli_refuses_a_bad_value(tmp_path):
    out = tmp_path / "x.json"
    result = run_cli("export", "regularization", "--set", "radius=9", "--out", str(out))
    assert result.returncode == 2
    assert "radius=9" in result.stderr and "between 0.05 and 5" in result.stderr
    assert not out.exists()


def test_dragging_c_past_the_range_says_so(reg, qtbot):
    messages = []
    reg.statusMessage.connect(messages.append)
    reg.geometry_view.parts.target.setPos(7.0, -0.5)  # as a drag would, beyond c's range
    assert reg.form.values()["center_w1"] == 5.0
    assert reg.form.values()["center_w2"] == -0.5
    assert tuple(reg.geometry_view.parts.target.pos()) == (5.0, -0.5)
    assert any("c stays within -5 … 5" in m for m in messages)
    qtbot.waitUntil(lambda: reg.geometry_result.params.center_w1 == 5.0, timeout=5_000)


def test_clip_polyline_cuts_at_the_border_and_keeps_runs_whole():
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0, np.nan, 3.0, 4.0])
    y = np.array([0.0, 0.0, 0.5, 0.0, 0.0, np.nan, 3.0, 4.0])
    cx, cy = clip_polyline(x, y, (-1.0, 1.0, -1.0, 1.0))
    # one run: entering at x = −1, the inner points, leaving at x = 1; the far part is gone
    assert np.isnan(cx[0]) and np.isnan(cy[0])
    assert np.array_equal(cx[1:], [-1.0, -0.5, 0.0, 0.5, 1.0])
    assert np.array_equal(cy[1:], [0.0, 0.0, 0.5, 0.0, 0.0])
    ex, ey = clip_polyline(np.array([5.0, 6.0]), np.array([0.0, 0.0]), (-1, 1, -1, 1))
    assert ex.size == 0 and ey.size == 0


def test_export_clips_curves_then_restores_them(window, reg, tmp_path):
    reg.views.setCurrentIndex(0)
    parts = reg.geometry_view.parts
    before = parts.background.getData()
    (x0, x1), (y0, y1) = parts.plot.viewRange()
    assert np.nanmax(before[0]) > x1 or np.nanmin(before[0]) < x0  # contours leave the view
    with reg.geometry_view.export_style(1.0):
        x, y = parts.background.getData()
        finite = np.isfinite(x)
        assert np.all((x[finite] >= x0 - 1e-9) & (x[finite] <= x1 + 1e-9))
        assert np.all((y[finite] >= y0 - 1e-9) & (y[finite] <= y1 + 1e-9))
    after = parts.background.getData()
    assert np.array_equal(after[0], before[0], equal_nan=True)
    assert window.export_figure(str(tmp_path / "geo.svg"))
    assert np.array_equal(parts.background.getData()[1], before[1], equal_nan=True)


def test_fit_view_and_f1_follow_the_view_on_screen(window, reg, qtbot):
    reg.views.setCurrentIndex(0)
    plot = reg.geometry_view.parts.plot
    plot.setRange(xRange=(10, 20), yRange=(10, 20), padding=0)
    window.fit_view()
    (x0, x1), (y0, y1) = plot.viewRange()
    assert x0 < -1 and x1 > 1.5 and y0 < -1 and y1 > 1  # both balls and c = (1.5, 0.8)
    window.show_explanation()
    assert reg.explanation is reg.geo_text and reg.geo_text.hasFocus()
    reg.views.setCurrentIndex(1)
    mc_plot = reg.mc_view.parts.plots["general"]
    mc_plot.setRange(xRange=(5, 6), yRange=(5, 6), padding=0)
    window.fit_view()
    (x0, x1), _ = mc_plot.viewRange()
    assert x0 < -1 < 1 < x1
    window.show_explanation()
    assert reg.explanation is reg.mc_text and reg.mc_text.hasFocus()
