"""The Training tab's views through its widgets: the scrubber moves the landscape's markers,
the readout and the explanation; hover read-outs on every plot; the seeds view shows what
a plain loop over seeds computes, streams, and can be cancelled."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QStyle, QStyleOptionSlider

from l1l2gui.core.descent import train, training_targets
from l1l2gui.core.descent_landscape import summed_gradient, summed_loss
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.tabs.training.notes import num

WAIT_MS = 20_000
MODEL = tab_model("training")
NOISY = "one-weight-noise-0.05"  # 1000 steps, N = 20, batches of 2


def _use(qtbot, tab, preset: str):
    tab.apply_preset(preset)
    params = MODEL.params(preset=preset)
    qtbot.waitUntil(
        lambda: tab.finished_run is not None and tab.finished_run.params == params,
        timeout=WAIT_MS,
    )
    return tab.finished_run


def _slider_point(slider, value: int) -> QPoint:
    """Where on the groove the handle's centre sits for ``value``."""
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    style = slider.style()
    groove = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, slider
    )
    handle = style.subControlRect(
        QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, slider
    )
    span = groove.width() - handle.width()
    x = (
        groove.left()
        + handle.width() // 2
        + QStyle.sliderPositionFromValue(slider.minimum(), slider.maximum(), value, span)
    )
    return QPoint(x, handle.center().y())


def _handle_center(slider) -> QPoint:
    opt = QStyleOptionSlider()
    slider.initStyleOption(opt)
    return (
        slider.style()
        .subControlRect(
            QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, slider
        )
        .center()
    )


def _check_step_on_screen(tab, run, step: int) -> None:
    """Markers, tangents, cursors, figure markers and readout all show ``step`` of ``run``."""
    params = run.params
    y = training_targets(params)
    view = tab.landscape
    assert view.shown is not None and view.shown.step == step
    for kind, trace in run.traces.items():
        w = float(trace.w[step])
        total = float(summed_loss(kind, np.array([w]), params, y)[0])
        # independently: Σ over the N targets, one by one
        by_hand = sum(_loss(kind, w * params.x_value - yi, params.huber_delta) for yi in y)
        assert total == pytest.approx(by_hand, rel=1e-12, abs=1e-12)
        off, fac = view.scale(kind)
        mx, my = view.markers[kind].getData()
        assert mx.tolist() == [w]
        assert my[0] == pytest.approx((total - off) * fac, rel=1e-12, abs=1e-12)
        tx, ty = view.tangents[kind].getData()
        slope = summed_gradient(kind, w, params, y) * fac
        assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(slope, rel=1e-9, abs=1e-12)
        assert 0.5 * (tx[0] + tx[1]) == pytest.approx(w)
        fx, fy = tab.figure.w_markers[kind].getData()
        assert fx.tolist() == [step] and fy.tolist() == [w]
        row = tab.readout.text().split(">" + kind_name(kind) + "<")[1].split("</tr>")[0]
        assert f">{num(w)}<" in row and f">{num(float(trace.loss[step]))}<" in row
    assert f"step {step}</b> of {params.steps}" in tab.readout.text()
    for line in tab.figure.cursor_lines:
        assert line.value() == step


def kind_name(kind: str) -> str:
    return {"signed_l1": "signed L1", "abs_l1": "abs L1", "l2": "L2", "huber": "Huber"}[kind]


def _loss(kind: str, r: float, delta: float) -> float:
    if kind == "signed_l1":
        return r
    if kind == "abs_l1":
        return abs(r)
    if kind == "l2":
        return r * r
    return 0.5 * r * r if abs(r) <= delta else delta * (abs(r) - 0.5 * delta)


def test_dragging_the_scrubber_moves_markers_readout_and_explanation(qtbot, training):
    run = _use(qtbot, training, NOISY)
    slider = training.scrubber.slider
    assert slider.maximum() == run.params.steps == 1000
    start = _handle_center(slider)
    target = _slider_point(slider, 500)
    qtbot.mousePress(slider, Qt.MouseButton.LeftButton, pos=start)
    steps: list[int] = []
    training.rendered.connect(steps.append)
    for i in range(1, 6):  # spaced moves: pyqtgraph and Qt see a drag, not a jump
        qtbot.mouseMove(slider, start + (target - start) * i / 5)
        qtbot.wait(15)
    assert training.scrubber.dragging
    step = slider.value()
    assert 400 < step < 600 and training.cursor == step and steps[-1] == step
    assert len(set(steps)) >= 3, "every move of the drag is drawn"
    _check_step_on_screen(training, run, step)
    qtbot.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=target)
    # the release draws the other plots and the text in the turns that follow
    qtbot.waitUntil(lambda: f"This run at step {step}:" in training.explanation.toPlainText())
    qtbot.waitUntil(lambda: not training.figure.owed())
    _check_step_on_screen(training, run, step)
    text = training.explanation.toPlainText()
    assert f"w = {num(float(run.traces['l2'].w[step]))}" in text


def test_scrub_to_an_exact_step_then_the_arrow_keys_step_by_one(qtbot, training):
    run = _use(qtbot, training, NOISY)
    training.scrub_to(321)
    _check_step_on_screen(training, run, 321)
    slider = training.scrubber.slider
    slider.setFocus()
    qtbot.waitUntil(slider.hasFocus, timeout=2_000)
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    assert training.cursor == 322
    _check_step_on_screen(training, run, 322)
    # a key is a whole move (no release follows): the explanation follows in the next turn
    qtbot.waitUntil(lambda: "This run at step 322:" in training.explanation.toPlainText())
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    qtbot.keyClick(slider, Qt.Key.Key_Left)
    assert training.cursor == 320
    qtbot.keyClick(slider, Qt.Key.Key_End)
    assert training.cursor == 1000
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    assert training.cursor == 0
    _check_step_on_screen(training, run, 0)


def test_step_back_beside_step_forward(qtbot, training):
    run = _use(qtbot, training, NOISY)
    back, forward = training.back_button.geometry(), training.step_button.geometry()
    assert back.top() == forward.top() and 0 <= forward.left() - back.right() < 16
    training.scrub_to(10)
    training.back_button.click()
    assert training.cursor == 9 and training.scrubber.slider.value() == 9
    _check_step_on_screen(training, run, 9)
    training.rewind()
    training.back_button.click()
    assert training.cursor == 0, "no step before step 0"


def test_landscape_curves_are_the_sums_and_can_share_one_axis(qtbot, training):
    run = _use(qtbot, training, NOISY)
    y = training_targets(run.params)
    view = training.landscape
    training.own_height.setChecked(False)
    for kind in run.traces:
        gx, gy = view.curves[kind].getData()
        assert np.allclose(gy, summed_loss(kind, gx, run.params, y), rtol=1e-12)
        assert view.scale(kind) == (0.0, 1.0)
    training.scrub_to(250)
    _check_step_on_screen(training, run, 250)
    marker = view.markers["l2"].getData()[1][0]
    w = float(run.traces["l2"].w[250])
    assert marker == pytest.approx(float(summed_loss("l2", np.array([w]), run.params, y)[0]))
    training.own_height.setChecked(True)
    for kind in run.traces:
        gy = view.curves[kind].getData()[1]
        assert gy.min() == pytest.approx(0.0, abs=1e-12)
        assert gy.max() == pytest.approx(1.0)
    _check_step_on_screen(training, run, 250)


def test_the_batch_loss_is_dotted_and_can_be_hidden(qtbot, training):
    run = _use(qtbot, training, NOISY)
    view = training.landscape
    training.scrub_to(3)
    training.own_height.setChecked(False)
    yb = view.landscape.batch_targets(3)
    assert yb.size == 2
    bx, by = view.batch_curves["abs_l1"].getData()
    assert np.allclose(by, summed_loss("abs_l1", bx, run.params, yb))
    # dash-dotted, L2's dotted: L1 and L2 never differ by hue alone
    assert view.batch_curves["abs_l1"].opts["pen"].style() == Qt.PenStyle.DashDotLine
    training.batch_loss.setChecked(False)
    for curve in view.batch_curves.values():
        x, _ = curve.getData()
        assert x is None or len(x) == 0
    training.batch_loss.setChecked(True)
    assert len(view.batch_curves["l2"].getData()[0]) > 0
    assert training.state()["batch_loss"] is True


def _hover(qtbot, widget, box, fx: float, fy: float):
    """Move the pointer to the fraction (fx, fy) of ``box`` on ``widget``, twice, spaced."""
    rect = box.sceneBoundingRect()
    point = widget.mapFromScene(
        QPointF(rect.left() + fx * rect.width(), rect.top() + fy * rect.height())
    )
    qtbot.mouseMove(widget.viewport(), point - QPoint(3, 2))
    qtbot.wait(15)
    qtbot.mouseMove(widget.viewport(), point)
    qtbot.wait(15)


def _inside(item, box) -> bool:
    outer = box.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    return outer.contains(item.sceneBoundingRect())


@pytest.mark.parametrize("plot", ["loss", "w", "lr"])
@pytest.mark.parametrize("fx", [0.2, 0.85])
def test_hover_on_the_run_plots_reads_step_w_and_loss(qtbot, training, plot, fx):
    run = _use(qtbot, training, NOISY)
    figure = training.figure
    item = training.figure_hover.items[plot]
    box = {"loss": figure.loss_plot, "w": figure.w_plot, "lr": figure.lr_plot}[plot].getViewBox()
    _hover(qtbot, figure, box, fx, 0.5)
    qtbot.waitUntil(item.isVisible, timeout=2_000)
    text = training.figure_hover.text
    step = int(text.splitlines()[0].removeprefix("step ").replace(",", ""))
    assert abs(step - fx * 1000) < 60  # the step under the pointer
    if plot == "lr":
        assert f"lr = {num(float(run.lr[step]))}" in text
    else:
        for kind, trace in run.traces.items():
            w, loss = float(trace.w[step]), float(trace.loss[step])
            assert f"{kind_name(kind)}: w = {num(w)}, loss = {num(loss)}" in text
    assert _inside(item, box), "the read-out stays inside its plot"


@pytest.mark.parametrize("fx", [0.15, 0.9])
def test_hover_on_the_landscape_reads_w_and_each_sum(qtbot, training, fx):
    run = _use(qtbot, training, NOISY)
    view = training.landscape
    box = view.getPlotItem().getViewBox()
    _hover(qtbot, view, box, fx, 0.3)
    qtbot.waitUntil(view.hover.isVisible, timeout=2_000)
    lines = view.hover.toPlainText().splitlines()
    (lo, hi), _ = box.viewRange()
    w = float(lines[0].removeprefix("w = ").removesuffix(", Σ loss:"))
    assert abs(w - (lo + fx * (hi - lo))) < 0.02 * (hi - lo)
    y = training_targets(run.params)
    for kind in run.traces:
        exact = float(summed_loss(kind, np.array([w]), run.params, y)[0])
        shown = next(s for s in lines if s.startswith(kind_name(kind) + " "))
        assert float(shown.split(" ")[-1]) == pytest.approx(exact, rel=1e-3, abs=1e-3)
    assert lines[-1] == f"markers: step {training.cursor:,}"
    assert _inside(view.hover, box)


def test_seeds_view_equals_a_plain_loop_over_seeds(qtbot, training):
    training.form.set_values({"noise_sigma": 3.0, "epochs": 6, "seed": 7, "seeds_repeat": 5})
    training.recompute()
    params = training.params()
    run_params = replace(params, seeds_repeat=0)
    # the verdict, and the run on screen (whose explanation carries it) drawn and explained
    qtbot.waitUntil(
        lambda: training.seeds.verdict is not None
        and training.finished_run is not None
        and training.finished_run.params == run_params,
        timeout=WAIT_MS,
    )
    result, verdict = training.seeds.result, training.seeds.verdict
    finals = {k: [] for k in params.kinds}
    for s in range(7, 12):
        run = train(replace(params, seed=s, seeds_repeat=0))
        for k in params.kinds:
            finals[k].append(float(run.traces[k].w[-1]))
    assert result.seeds.tolist() == [7, 8, 9, 10, 11]
    errors = {k: np.abs(np.array(v) - params.true_w) for k, v in finals.items()}
    view = training.seeds_view
    ticks = view.plot.getAxis("bottom")._tickLevels[0]
    for slot, k in enumerate(params.kinds):
        assert result.final_w[k].tolist() == finals[k]  # bit-identical to one run per seed
        # what the view draws: one dot per seed at its error, the median as a bar
        _, dots = view.dots[k].getOriginalDataset()
        assert np.allclose(dots, np.maximum(errors[k], 1e-15))
        _, bar = view.medians[k].getOriginalDataset()
        assert bar[0] == pytest.approx(max(np.median(errors[k]), 1e-15))
        others = np.stack([errors[o] for o in params.kinds if o != k])
        closest = float(np.mean(np.all(errors[k] < others, axis=0)))
        assert verdict.closest_fraction[k] == closest
        assert ticks[slot][1].startswith(kind_name(k))
        assert f"closest {100 * closest:.3g} %" in ticks[slot][1]
    assert view.verdict.text().startswith("Over 5 seeds (7 … 11)")
    # the explanation carries the verdict too
    assert "Over many seeds" in training.explanation.toPlainText()
    assert "Over 5 seeds (7 … 11)" in training.explanation.toPlainText()


def test_hover_on_the_seeds_view_names_a_seed(qtbot, training):
    training.form.set_values({"noise_sigma": 3.0, "epochs": 6, "seeds_repeat": 5})
    training.recompute()
    qtbot.waitUntil(lambda: training.seeds.verdict is not None, timeout=WAIT_MS)
    training.views.setCurrentWidget(training.seeds_view)
    view = training.seeds_view
    box = view.plot.getViewBox()
    (x0, x1), _ = box.viewRange()
    fx = (1 - x0) / (x1 - x0)  # the middle strip (abs L1)
    _hover(qtbot, view.plot, box, fx, 0.5)
    qtbot.waitUntil(view.hover.isVisible, timeout=2_000)
    text = view.hover.toPlainText()
    seed = int(text.split(",")[0].removeprefix("seed "))
    assert 0 <= seed <= 4 and "abs L1" in text
    result = training.seeds.result
    w = float(result.final_w["abs_l1"][seed])
    assert f"w = {num(w)}, |w − true w| = {num(abs(w - 1.0))}" in text


def test_seeds_stream_with_progress_and_cancel(qtbot, training):
    training.apply_preset("one-weight-lr-1e-4")  # 100,000 steps
    training.views.setCurrentWidget(training.seeds_view)
    view = training.seeds_view
    view.start_button.click()
    assert training.form.values()["seeds_repeat"] == 200
    qtbot.waitUntil(
        lambda: view.status.text().startswith("Repeating over 200 seeds"), timeout=WAIT_MS
    )
    assert view.progress.isVisible() and view.cancel_button.isEnabled()
    assert not view.start_button.isEnabled()
    view.cancel_button.click()
    assert view.status.text().startswith("Cancelled")
    assert not view.progress.isVisible() and view.start_button.isEnabled()
    assert not training.seeds.running and training.seeds.verdict is None
    # setting seeds_repeat back to 0 turns the view off
    training.form.set_values({"seeds_repeat": 0})
    training.recompute()
    assert view.status.text().startswith("Off")


def test_the_landscape_switches_are_kept_in_the_settings(qtbot, training):
    training.restore({"params": {}, "own_height": False, "batch_loss": False})
    assert not training.own_height.isChecked() and not training.landscape.own_height
    assert not training.batch_loss.isChecked() and not training.landscape.show_batch
    state = training.state()
    assert state["own_height"] is False and state["batch_loss"] is False
    training.reset_defaults()
    assert training.own_height.isChecked() and training.batch_loss.isChecked()
