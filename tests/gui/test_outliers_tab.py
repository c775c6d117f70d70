"""The Outliers tab through its widgets: a real mouse drag refits, only the newest position
is drawn, the explanation quotes this run, presets and links apply, and the CLI exports."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QUrl

from l1l2gui.cli import main
from l1l2gui.core.outliers import fit_grid, single_fit
from l1l2gui.core.outliers_facts import outlier_facts
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.tabs.outliers.figure import merged_steps, step_edges
from l1l2gui.gui.tabs.outliers.tab import DRAG_CHANNEL
from l1l2gui.gui.tabs.outliers.text import explanation_html, num, verdict

WAIT_MS = 30_000
MODEL = tab_model("outliers")


@pytest.fixture
def outliers(qtbot, window):
    tab = window.tabs["outliers"]
    window.tabs_widget.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=WAIT_MS)
    return tab


def finished_at(tab, **values):
    def check() -> bool:
        run = tab.finished_run
        return (
            run is not None
            and run is tab.run
            and all(getattr(run.params, k) == v for k, v in values.items())
        )

    return check


def drawn_y(tab, name: str) -> np.ndarray:
    """The drawn step function of ``name`` at each grid point."""
    x, y = tab.figure.curves[name].getData()
    grid = tab.run.grid
    return np.asarray(y)[np.clip(np.searchsorted(x, grid, side="right") - 1, 0, len(y) - 1)]


def target_point(tab) -> QPoint:
    view = tab.figure
    return view.mapFromScene(tab.figure.target.scenePos())


def view_point(tab, x: float, y: float) -> QPoint:
    vb = tab.figure.plot.getViewBox()
    return tab.figure.mapFromScene(vb.mapViewToScene(QPointF(x, y)))


def test_first_run_is_the_source_setting_drawn_as_steps(outliers):
    run = outliers.finished_run
    assert run.params == MODEL.params(preset="stability-grid")
    assert outliers.preset == "stability-grid"
    edges = step_edges(run.grid)
    for name in ("l1", "l2", "l1_without", "l2_without"):
        x, y = outliers.figure.curves[name].getData()
        assert len(x) == len(y) + 1  # step mode: bin edges around each step
        # expanded back onto the grid, the drawn steps are the fit
        index = np.searchsorted(x, run.grid, side="right") - 1
        assert np.array_equal(y[np.clip(index, 0, len(y) - 1)], run.fits[name].y)
        assert x[0] == edges[0] and x[-1] == edges[-1]
    assert not outliers.figure.curves["huber"].isVisible()
    pos = outliers.figure.target.pos()
    assert (pos.x(), pos.y()) == (5.0, 10.0)
    assert "5/5" in outliers.readout.text()


def test_a_real_mouse_drag_moves_the_outlier_and_the_fits(qtbot, outliers):
    before = outliers.finished_run
    drawn = []
    outliers.rendered.connect(lambda run: drawn.append(run.params))
    viewport = outliers.figure.viewport()
    start = target_point(outliers)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    end = view_point(outliers, -3.0, 25.0)
    for i in range(1, 21):  # spaced moves: pyqtgraph drops moves < 10 ms apart
        qtbot.mouseMove(viewport, start + (end - start) * (i / 20))
        qtbot.wait(15)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    form = outliers.form
    x, y = form.editor("outlier_x").value(), form.editor("outlier_y").value()
    assert x == pytest.approx(-3.0, abs=0.2) and y == pytest.approx(25.0, abs=0.5)
    qtbot.waitUntil(finished_at(outliers, outlier_x=x, outlier_y=y), timeout=WAIT_MS)
    run = outliers.finished_run
    assert outliers.preset is None
    assert not np.array_equal(run.fits["l2"].y, before.fits["l2"].y)
    assert np.array_equal(drawn_y(outliers, "l2"), run.fits["l2"].y)
    # the fits without the outlier were reused, not refitted
    assert run.fits["l1_without"] is before.fits["l1_without"]
    # equal to scikit-learn's single fit, after a drag that abandoned many fits
    grid = fit_grid(run.params)[:, None]
    for loss in ("l1", "l2"):
        assert np.array_equal(run.fits[loss].y, single_fit(run.params, loss, True).predict(grid))
    assert drawn[-1] == run.params
    assert f"({num(x)}, {num(y)})" in outliers.explanation.toPlainText()


def test_stale_positions_are_never_drawn(qtbot, outliers):
    drawn = []
    outliers.rendered.connect(lambda run: drawn.append((run.params, outliers._params)))
    greyed = []
    outliers.rendered.connect(
        lambda run: greyed.append(outliers.explanation.isEnabled() == run.finished)
    )
    outliers.form.editor("n_estimators").setValue(100)
    qtbot.waitUntil(finished_at(outliers, n_estimators=100), timeout=WAIT_MS)
    for i in range(12):  # faster than a fit: most are abandoned
        outliers.figure.target.setPos(-2.0 + i, 8.0 + i)
        qtbot.wait(12)
    qtbot.waitUntil(finished_at(outliers, outlier_x=9.0, outlier_y=19.0), timeout=WAIT_MS)
    assert drawn and all(shown == latest for shown, latest in drawn)
    assert all(greyed) and outliers.explanation.isEnabled()  # greyed only while growing
    assert outliers._worker.latest_id(DRAG_CHANNEL) == outliers._request


def test_drag_stops_at_the_plotted_range(qtbot, outliers):
    outliers.figure.target.setPos(40.0, 10.0)
    assert outliers.form.editor("outlier_x").value() == 15.0
    assert outliers.figure.target.pos().x() == 15.0
    qtbot.waitUntil(finished_at(outliers, outlier_x=15.0), timeout=WAIT_MS)


def test_typed_outlier_moves_the_target_and_bad_input_is_named(qtbot, outliers):
    outliers.form.editor("outlier_x").setValue(-3.0)
    qtbot.waitUntil(finished_at(outliers, outlier_x=-3.0), timeout=WAIT_MS)
    assert outliers.figure.target.pos().x() == -3.0
    good = outliers.finished_run
    outliers.form.editor("outlier_x").setValue(20.0)  # beyond x_last + 2·step = 15
    qtbot.waitUntil(lambda: "outlier_x=20" in outliers.form.error_text(), timeout=WAIT_MS)
    assert outliers.finished_run is good  # the last good picture stays
    assert outliers.form.editor("outlier_x").value() == 20.0  # what was typed stays
    outliers.form.editor("outlier_x").setValue(13.0)
    qtbot.waitUntil(finished_at(outliers, outlier_x=13.0), timeout=WAIT_MS)
    assert outliers.form.error_text() == ""


def test_try_this_links_and_presets_apply(qtbot, outliers):
    outliers._on_link(QUrl("set:losses=l1,l2,huber,quantile"))
    all_four = ("l1", "l2", "huber", "quantile")
    qtbot.waitUntil(finished_at(outliers, losses=all_four), timeout=WAIT_MS)
    assert outliers.figure.curves["quantile_without"].isVisible()
    shift = outliers.finished_run.shift("huber")
    assert f"fit moves by {num(shift)}." in outliers.explanation.toPlainText()
    outliers._on_link(QUrl("preset:many-trees"))
    qtbot.waitUntil(finished_at(outliers, n_estimators=200), timeout=WAIT_MS)
    assert outliers.preset == "many-trees"
    html = outliers.explanation.toHtml()
    for href in ("set:outlier_x=-3.0", "set:n_estimators=5", "set:learning_rate=1"):
        assert href in html
    assert "quantile" not in html.split("Try this")[1]  # its fit is the L1 fit


def test_merged_steps_keep_the_function():
    edges = np.arange(7.0)
    y = np.array([1.0, 1.0, 2.0, 2.0, 2.0, 1.0])
    x, levels = merged_steps(edges, y)
    assert x.tolist() == [0.0, 2.0, 5.0, 6.0] and levels.tolist() == [1.0, 2.0, 1.0]
    x, levels = merged_steps(edges[:2], y[:1])
    assert x.tolist() == [0.0, 1.0] and levels.tolist() == [1.0]


def test_explanation_sentences_follow_the_run():
    run = MODEL.compute(MODEL.params())
    facts = outlier_facts(run)
    text = explanation_html(run, facts)
    assert f'moves by <span class="num">{num(facts.shift["l1"])}</span>' in text
    ratio = num(facts.shift["l1"] / facts.shift["l2"])
    assert f"{ratio} times as much as L2, as the post says" in text
    assert "sits 5 below the line" in text and "among the base points" in text
    assert f"takes {facts.levels['l1']} different values" in text
    assert f"from {num(facts.ends['l1'][0])} to {num(facts.ends['l1'][1])}" in text
    assert "the source drew L1 green and L2 red" in text

    left = MODEL.compute(MODEL.params(values={"outlier_x": -3, "outlier_y": 30}))
    lf = outlier_facts(left)
    html = explanation_html(left, lf)
    assert "left of every base point" in html and "above the line" in html
    if lf.more_shifted == "l2":
        assert "the opposite of the post's claim" in html
    many = MODEL.compute(MODEL.params(preset="many-trees"))
    mf = outlier_facts(many)
    assert mf.more_shifted == "tie"
    assert verdict(mf).startswith("they move equally")


def test_export_json_csv_png_svg(tmp_path):
    for suffix in ("json", "csv", "png", "svg"):
        out = tmp_path / f"o.{suffix}"
        assert main(["export", "outliers", "--set", "outlier_x=-3", "--out", str(out)]) == 0
        assert out.stat().st_size > 1000
    doc = json.loads((tmp_path / "o.json").read_text())
    assert doc["tab"] == "outliers" and doc["params"]["outlier_x"] == -3.0
    assert list(doc["series"])[:6] == [
        "points", "outlier", "fit/l1", "fit/l2", "fit/l1_without", "fit/l2_without"
    ]  # fmt: skip
    assert {"influence/l1", "influence/l2", "grid/8/fit/l2_without"} <= set(doc["series"])
    assert {"shift/l1", "shift/l2"} <= set(doc["metrics"])
    rows = (tmp_path / "o.csv").read_text().splitlines()
    assert rows[0] == "series,x,y"
    assert {"points", "outlier", "fit/l1", "influence/l1"} <= {r.split(",")[0] for r in rows[1:]}
    assert (tmp_path / "o.png").read_bytes()[:4] == b"\x89PNG"


def test_the_window_does_not_import_scikit_learn():
    code = "import sys, l1l2gui.gui.main_window; print('sklearn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_verdict_wording_at_its_edges():
    facts = outlier_facts(MODEL.compute(MODEL.params()))
    only_l1 = dataclasses.replace(facts, shift={"l1": 2.0, "l2": 0.0}, more_shifted="l1")
    assert verdict(only_l1) == (
        '<span class="ok">L1 moves and L2 does not move at all, as the post says.</span>'
    )
    l2_more = dataclasses.replace(facts, shift={"l1": 1.0, "l2": 2.5}, more_shifted="l2")
    assert "L2 moves 2.5 times as much as L1: the opposite of the post's claim" in verdict(l2_more)


def test_restore_refuses_a_bad_key_and_changes_nothing(qtbot, outliers):
    before = outliers.state()
    with pytest.raises(ValueError, match="n_estimators=0"):
        outliers.restore({"params": {"n_estimators": 0}})
    assert outliers.state() == before
    outliers.restore({"params": {**before["params"], "outlier_x": 1.0}, "preset": "many-trees"})
    qtbot.waitUntil(finished_at(outliers, outlier_x=1.0), timeout=WAIT_MS)
    assert outliers.preset is None  # the values no longer match the preset


def test_export_refuses_an_outlier_off_the_plot(tmp_path, capsys):
    out = tmp_path / "o.json"
    with pytest.raises(SystemExit) as exc:
        main(["export", "outliers", "--set", "outlier_x=20", "--out", str(out)])
    assert exc.value.code == 2
    assert "outlier_x=20: must be between -6 and 15" in capsys.readouterr().err
    assert not out.exists()
