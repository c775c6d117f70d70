"""The Training tab through its widgets: edits recompute, transport moves the cursor, presets
match the core, bad state is refused, and the explanation quotes the current numbers."""

from __future__ import annotations

import numpy as np
import pytest

from l1l2gui.core.descent_display import run_pyramids
from l1l2gui.core.envelope import envelope
from l1l2gui.core.fields import as_dict
from l1l2gui.core.presets import presets_for
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.tabs.training.tab import SPEEDS

WAIT_MS = 20_000
MODEL = tab_model("training")
DEFAULTS = MODEL.params(preset="one-weight")  # the tab opens on this preset (1000 steps)


def finished_with(tab, **values):
    """A predicate: the tab's finished run has these parameter values."""

    def check() -> bool:
        run = tab.finished_run
        return run is not None and all(getattr(run.params, k) == v for k, v in values.items())

    return check


def drawn(curve) -> tuple[np.ndarray, np.ndarray]:
    x, y = curve.getData()
    return np.asarray(x), np.asarray(y)


def test_first_run_uses_the_defaults_and_draws_every_step(training):
    run = training.finished_run
    assert run.params == DEFAULTS
    assert run.finished and run.steps_done == DEFAULTS.steps == 1000
    assert training.preset == "one-weight"
    assert training.cursor == 1000
    x, y = drawn(training.figure.w_curves["l2"])
    # 1000 steps are more than the plot's pixel columns: drawn as a min/max envelope
    # of the whole run, from step 0 to its last step
    assert x[0] < 16 and x[-1] == 1000  # the first block (4 or 8 steps) is centred near 0
    assert y.max() == DEFAULTS.init_w
    assert y[-1] == pytest.approx(1.0, abs=1e-6)
    assert training.figure.lr_curve.getData()[0][-1] >= 996  # the last block of lr_0..lr_999
    assert not training.progress.isVisible()


def test_raising_lr_makes_l2_diverge_at_step_130(qtbot, window, training):
    training.form.editor("lr").setValue(1.0)
    qtbot.waitUntil(finished_with(training, lr=1.0), timeout=WAIT_MS)
    run = training.finished_run
    assert run.traces["l2"].diverged_at == 130
    assert run.traces["abs_l1"].diverged_at is None
    assert training.preset is None
    assert training.preset_box.currentText() == "(custom)"
    x, y = drawn(training.figure.w_curves["l2"])
    assert x.size == 130
    assert np.all(np.isfinite(y))
    assert "diverged at step 130" in training.readout.text()
    assert "diverged at step 130" in window.statusBar().currentMessage()
    assert "diverged at step 130" in training.explanation.toPlainText()
    assert "L2 diverges" in training.explanation.toPlainText()


def test_unchecking_a_kind_hides_its_curves_and_drops_its_trace(qtbot, training):
    figure = training.figure
    assert figure.w_curves["abs_l1"].isVisible()
    training.form.check_box("kinds", "abs_l1").setChecked(False)
    qtbot.waitUntil(finished_with(training, kinds=("signed_l1", "l2")), timeout=WAIT_MS)
    assert set(training.finished_run.traces) == {"signed_l1", "l2"}
    for items in (figure.w_curves, figure.loss_curves, figure.w_markers):
        assert not items["abs_l1"].isVisible()
        assert items["l2"].isVisible()
        assert not items["huber"].isVisible()

    training.form.check_box("kinds", "huber").setChecked(True)
    qtbot.waitUntil(finished_with(training, kinds=("signed_l1", "l2", "huber")), timeout=WAIT_MS)
    assert figure.w_curves["huber"].isVisible()
    assert drawn(figure.w_curves["huber"])[0][-1] == 1000


def test_unchecking_every_kind_is_refused_with_a_message(qtbot, training):
    before = training.finished_run
    for kind in ("signed_l1", "l2"):
        training.form.check_box("kinds", kind).setChecked(False)
    with qtbot.waitSignal(
        training.statusMessage, timeout=WAIT_MS, check_params_cb=lambda m: "losses" in m
    ) as blocker:
        training.form.check_box("kinds", "abs_l1").setChecked(False)
    assert blocker.args[0] == "Choose at least one of the losses."
    assert training.form.error_text() == "Choose at least one of the losses."
    training.form.check_box("kinds", "l2").setChecked(True)
    qtbot.waitUntil(finished_with(training, kinds=("l2",)), timeout=WAIT_MS)
    assert training.form.error_text() == ""
    assert training.finished_run is not before


def test_rewind_step_and_run_to_end_move_the_cursor(qtbot, training):
    curve = training.figure.w_curves["l2"]
    with qtbot.waitSignal(training.rendered, timeout=WAIT_MS) as blocker:
        training.rewind()
    assert blocker.args == [0]
    assert training.cursor == 0
    assert drawn(curve)[0].size == 1
    assert drawn(curve)[1][0] == DEFAULTS.init_w
    lr_x, _ = training.figure.lr_curve.getData()
    assert lr_x is None or len(lr_x) == 0, "no learning rate is used before step 0"
    assert "step 0</b> of 1000" in training.readout.text()

    with qtbot.waitSignal(training.rendered, timeout=WAIT_MS) as blocker:
        training.step_once()
    assert blocker.args == [1]
    assert drawn(curve)[0].size == 2
    with qtbot.waitSignal(training.rendered, timeout=WAIT_MS) as blocker:
        training.step_button.click()
    assert blocker.args == [2]
    assert drawn(curve)[0].size == 3

    with qtbot.waitSignal(training.rendered, timeout=WAIT_MS) as blocker:
        training.run_to_end()
    assert blocker.args == [1000]
    assert drawn(curve)[0][-1] == 1000

    with qtbot.waitSignal(training.rendered, timeout=WAIT_MS) as blocker:
        training.step_once()
    assert blocker.args == [1000], "stepping past the end must stay at the end"


def test_play_runs_to_the_end_and_unchecks_play(qtbot, training):
    training.speed_box.setCurrentIndex(SPEEDS.index(2000))
    steps: list[int] = []
    training.rendered.connect(steps.append)
    training.set_playing(True)
    assert training.play_button.isChecked()
    assert training.play_button.text() == "Pause"
    assert training.cursor == 0, "playing from the end starts again at step 0"
    qtbot.waitUntil(lambda: not training.play_button.isChecked(), timeout=WAIT_MS)
    assert training.cursor == 1000
    assert steps[-1] == 1000
    assert len(steps) >= 2, "the run jumped to the end in one frame"
    assert steps == sorted(steps)
    assert training.play_button.text() == "Play"
    assert drawn(training.figure.w_curves["l2"])[0][-1] == 1000


def test_play_button_pauses(qtbot, training):
    training.speed_box.setCurrentIndex(SPEEDS.index(20))
    training.rewind()
    training.play_button.click()
    assert training.play_button.isChecked()
    qtbot.waitUntil(lambda: training.cursor >= 1, timeout=WAIT_MS)
    training.play_button.click()
    assert not training.play_button.isChecked()
    paused_at = training.cursor
    assert 1 <= paused_at < 1000
    with qtbot.waitSignal(training.rendered, timeout=WAIT_MS) as blocker:
        training.step_once()
    assert blocker.args == [paused_at + 1]


@pytest.mark.parametrize("preset", [p.name for p in presets_for("training")])
def test_each_preset_draws_what_the_core_computes(qtbot, training, preset):
    params = MODEL.params(preset=preset)
    training.apply_preset(preset)
    qtbot.waitUntil(
        lambda: training.finished_run is not None and training.finished_run.params == params,
        timeout=WAIT_MS,
    )
    qtbot.waitUntil(lambda: training.cursor == params.steps, timeout=WAIT_MS)
    assert training.preset == preset
    assert training.preset_box.currentText() == preset
    assert training.form.values() == as_dict(params) | {"kinds": params.kinds}
    expected = MODEL.compute(params)
    assert training.finished_run.steps_done == expected.steps_done == params.steps
    # the plots get the worker's min/max cut of every series for the whole run: exact
    # values for a short run, one stroke per pixel column for a long one
    figure = training.figure
    columns = figure.blocks()
    lo, hi = figure.loss_plot.viewRange()[0]
    assert lo <= 0 and hi >= params.steps
    pyramids = run_pyramids(expected)
    for kind, trace in expected.traces.items():
        for curve, pyramid, series in (
            (figure.w_curves[kind], pyramids.w[kind], trace.w),
            (figure.loss_curves[kind], pyramids.loss[kind], trace.loss),
        ):
            raw_x, raw_y = curve.getOriginalDataset()
            want_x, want_y = envelope(pyramid, lo, hi, series.size, columns)
            assert np.array_equal(raw_x, want_x) and np.array_equal(raw_y, want_y), kind
            assert raw_y.size <= 2 * columns + 200
            assert raw_y.max() == series.max() and raw_y.min() == series.min(), kind
            if series.size <= 2 * columns:
                assert np.array_equal(raw_y, series), kind
        marker_x, marker_y = figure.w_markers[kind].getData()
        assert list(marker_x) == [trace.w.size - 1]
        assert marker_y[0] == trace.w[-1], kind
    lr_y = figure.lr_curve.getOriginalDataset()[1]
    assert lr_y.max() == expected.lr.max() and lr_y.min() == expected.lr.min()


def test_editing_after_a_preset_turns_the_label_custom(qtbot, training):
    training.apply_preset("one-weight-noise-0.05")
    qtbot.waitUntil(finished_with(training, noise_sigma=0.05), timeout=WAIT_MS)
    assert training.preset == "one-weight-noise-0.05"
    training.form.editor("seed").setValue(7)
    qtbot.waitUntil(finished_with(training, seed=7), timeout=WAIT_MS)
    assert training.preset is None
    assert training.preset_box.currentText() == "(custom)"


def test_restore_refuses_a_bad_value_and_keeps_the_form(qtbot, training):
    training.form.editor("lr").setValue(0.02)
    qtbot.waitUntil(finished_with(training, lr=0.02), timeout=WAIT_MS)
    before = training.form.values()
    run = training.finished_run
    with pytest.raises(ValueError, match=r"\blr=50\b.*between 1e-07 and 10"):
        training.restore({"params": {"lr": 50}})
    with pytest.raises(ValueError, match="unknown key 'bogus'"):
        training.restore({"params": {"bogus": 1}})
    with pytest.raises(ValueError, match="batch_size"):
        training.restore({"params": {"batch_size": 0}})
    assert training.form.values() == before
    assert training.finished_run is run


def test_restore_applies_good_state(qtbot, training):
    training.restore({"params": {"lr": 0.05, "kinds": ["l2"]}, "speed": 5, "preset": None})
    qtbot.waitUntil(finished_with(training, lr=0.05, kinds=("l2",)), timeout=WAIT_MS)
    assert training.speed_box.currentData() == 5
    assert training.state()["params"]["kinds"] == ["l2"]
    assert training.state()["speed"] == 5


def test_restore_keeps_a_batch_larger_than_the_previous_n(qtbot, training):
    # the batch box is capped at the *current* N (20); a saved N=100, batch 50 must survive
    training.restore({"params": {"n_samples": 100, "batch_size": 50}})
    qtbot.waitUntil(finished_with(training, n_samples=100, batch_size=50), timeout=WAIT_MS)
    assert training.form.values()["batch_size"] == 50
    assert training.finished_run.params.steps == 20 * 2


def test_batch_size_is_bounded_by_the_number_of_samples(qtbot, training):
    training.form.editor("n_samples").setValue(5)
    qtbot.waitUntil(finished_with(training, n_samples=5), timeout=WAIT_MS)
    box = training.form.editor("batch_size")
    assert box.maximum() == 5
    box.setValue(30)
    assert box.value() == 5


def test_explanation_quotes_the_current_l2_bound(qtbot, training):
    # bound = 1 / (x² · |B|): 1/(2²·2) with the defaults, 1/(4²·2) with x = 4
    text = training.explanation.toPlainText()
    assert "1/(x²·|B|) = 0.125" in text
    assert "0.03125" not in text
    training.form.editor("x_value").setValue(4.0)
    qtbot.waitUntil(finished_with(training, x_value=4.0), timeout=WAIT_MS)
    text = training.explanation.toPlainText()
    assert "1/(x²·|B|) = 0.03125" in text
    assert "0.125" not in text
    assert "x = 4" in text


def test_log_loss_axis_toggles(training):
    plot = training.figure.loss_plot
    training.log_loss.setChecked(True)
    assert plot.getAxis("left").logMode
    assert "log axis" in plot.getAxis("left").labelText
    training.log_loss.setChecked(False)
    assert not plot.getAxis("left").logMode


def test_a_500000_step_run_reaches_the_plots_as_a_few_thousand_points(qtbot):
    """Whatever the zoom, each curve gets a bounded cut that keeps every extreme and,
    zoomed in far enough, the curve is the exact values."""
    from l1l2gui.gui.tabs.training.figure import TrainingFigure

    params = MODEL.params(
        values={"n_samples": 5, "batch_size": 1, "epochs": 100_000, "kinds": "abs_l1,l2"}
    )
    run = MODEL.compute(params)
    assert run.steps_done == 500_000
    figure = TrainingFigure()
    qtbot.addWidget(figure)
    figure.resize(900, 700)
    figure.show()
    figure.show_run(run, run.steps_done)
    w = run.traces["abs_l1"].w
    bound = 2 * figure.blocks() + 200
    for lo, hi in ((0, 500_000), (0, 20_000), (0, 900), (250_000, 251_000), (499_990, 500_000)):
        figure.loss_plot.setXRange(lo, hi, padding=0)
        qtbot.waitUntil(lambda: not figure.owed())  # the other plots are cut in later turns
        sizes = figure.curve_sizes()
        assert sizes and max(sizes.values()) <= bound, (lo, hi, sizes)
        _, y = figure.w_curves["abs_l1"].getOriginalDataset()
        inside = w[lo : hi + 1]
        assert y.max() >= inside.max() and y.min() <= inside.min()  # no extreme is hidden
        assert np.isin(y, w).all()  # and every point drawn is a value of the run
    # 10 steps on screen: exactly the run's values
    np.testing.assert_array_equal(y, w[499_990:])


# ---------------------------------------------------------------- issue 7: what a newcomer sees
def test_the_preset_description_is_shown_in_the_tab(qtbot, training):
    described = {p.name: p.description for p in presets_for("training")}
    assert training.preset_note.isVisible()
    assert training.preset_note.text() == described["one-weight"]
    training.apply_preset("one-weight-as-published")
    assert training.preset_note.text() == described["one-weight-as-published"]
    training.form.editor("seed").setValue(3)
    assert training.preset_note.text().startswith("Custom parameters")


def test_rewind_and_reset_to_defaults_are_named_apart(window, training):
    assert training.reset_button.text() == "Rewind"
    assert "step 0" in training.reset_button.toolTip()
    assert window.reset_action.text().replace("&", "") == "Reset tab to defaults"
    assert "Reset" not in training.reset_button.text()


def _x_range(training):
    return tuple(training.figure.loss_plot.viewRange()[0])


def _user_zooms(training, lo, hi):
    box = training.figure.loss_plot.getViewBox()
    box.setXRange(lo, hi, padding=0)
    box.sigRangeChangedManually.emit(box.state["mouseEnabled"])


def test_step_axis_stays_on_the_run_after_log_toggles_and_rewind(qtbot, training):
    full = _x_range(training)
    assert full == pytest.approx((-20.0, 1020.0))
    training.log_loss.setChecked(True)
    training.rewind()
    assert _x_range(training) == pytest.approx(full)
    training.log_loss.setChecked(False)
    training.step_once()
    assert _x_range(training) == pytest.approx(full)


def test_a_user_zoom_holds_until_fit_view(qtbot, training):
    _user_zooms(training, 100, 200)
    training.rewind()
    training.run_to_end()
    assert _x_range(training) == pytest.approx((100, 200))
    assert training.fit_button.isVisible() and training.fit_button.text() == "Fit view"
    training.fit_button.click()
    assert _x_range(training) == pytest.approx((-20.0, 1020.0))
    assert not training.figure.user_view


def test_a_diverged_loss_does_not_set_the_axes_and_is_named(qtbot, training):
    training.form.editor("lr").setValue(1.0)
    qtbot.waitUntil(finished_with(training, lr=1.0), timeout=WAIT_MS)
    lo, hi = training.figure.w_plot.viewRange()[1]
    # signed L1 ends at 20 − 4·1000 = −3980; L2's last finite w is about 1e152
    assert -5000 < lo < -3980 and 20 < hi < 1000, "abs L1 and signed L1 stay readable"
    assert "L2 diverged at step 130" in training.figure.note.text
    training.form.editor("lr").setValue(0.01)
    qtbot.waitUntil(finished_with(training, lr=0.01), timeout=WAIT_MS)
    assert training.figure.note.text == ""


def test_explanation_readout_and_status_follow_the_shown_step(qtbot, window, training):
    training.rewind()
    text = training.explanation.toPlainText()
    assert "This run at step 0: w = 20" in text
    assert "at its end" not in text
    assert "step 0 of 1000" in training.readout.text().replace("</b>", "")
    assert window.statusBar().currentMessage() == "Computed 1000 steps; showing step 0."
    training.run_to_end()
    assert "This run, at its end: w = -20" in training.explanation.toPlainText()
    assert window.statusBar().currentMessage() == "Computed 1000 steps."


def test_status_names_losses_by_their_display_names(qtbot, window, training):
    training.form.editor("lr").setValue(1.0)
    qtbot.waitUntil(finished_with(training, lr=1.0), timeout=WAIT_MS)
    message = window.statusBar().currentMessage()
    assert "L2 diverged at step 130" in message and "l2" not in message


def _elided(button) -> bool:
    return button.width() < button.sizeHint().width()


@pytest.mark.parametrize("size", ["minimum", "default"])
def test_the_window_lays_out_cleanly(qtbot, window, training, size):
    if size == "minimum":
        window.resize(window.minimumSize())
        assert window.minimumWidth() <= 1100 and window.minimumHeight() <= 700
    qtbot.waitUntil(
        lambda: window.size() == (window.minimumSize() if size == "minimum" else window.size())
    )
    qtbot.wait(20)  # let the layouts settle
    for button in (
        training.reset_button,
        training.step_button,
        training.play_button,
        training.end_button,
        training.fit_button,
        training.defaults_button,
    ):
        assert not _elided(button), button.text()
    figure = training.figure
    view = figure.viewport().rect()
    for item in (figure.legend, figure.loss_plot, figure.w_plot, figure.lr_plot):
        rect = item.sceneBoundingRect()
        assert rect.right() <= view.right() + 1 and rect.left() >= 0, item
    # the legend's last entry ends inside the view
    label = figure.legend.items[-1][1]
    assert label.sceneBoundingRect().right() <= view.right()
    # no horizontal scroll bar on the parameter column
    scroll = training.form.parentWidget().parentWidget().parentWidget()
    assert not scroll.horizontalScrollBar().isVisible()


def test_speed_labels_use_the_right_plural(training):
    texts = [training.speed_box.itemText(i) for i in range(training.speed_box.count())]
    assert texts[0] == "1 step/s" and texts[1] == "5 steps/s"


def test_while_playing_the_explanation_points_to_the_readout_then_names_the_pause(qtbot, training):
    training.speed_box.setCurrentIndex(SPEEDS.index(20))
    training.rewind()
    training.play_button.click()
    assert "Playing: the readout under the plot follows each step" in (
        training.explanation.toPlainText()
    )
    qtbot.waitUntil(lambda: training.cursor >= 2, timeout=WAIT_MS)
    training.play_button.click()
    paused = training.cursor
    assert f"This run at step {paused}: w = " in training.explanation.toPlainText()


def test_a_zoom_cuts_the_w_plot_at_once_and_the_others_in_later_turns(qtbot) -> None:
    from l1l2gui.gui.tabs.training.figure import TrainingFigure

    run = MODEL.compute(MODEL.params(values={"epochs": 2000}))  # 20,000 steps
    figure = TrainingFigure()
    qtbot.addWidget(figure)
    figure.resize(900, 700)
    figure.show()
    figure.show_run(run, run.steps_done)
    assert not figure.owed()
    figure.loss_plot.setXRange(100, 300, padding=0)
    # the w plot holds only the zoomed steps (and a block either side) right away ...
    assert figure.w_curves["l2"].xData.min() >= 90 and figure.w_curves["l2"].xData.max() <= 310
    assert figure.owed() and figure.loss_curves["l2"].xData.max() > 1000  # ... not yet the rest
    with qtbot.waitSignal(figure.paid, timeout=2000):
        pass
    for curve in (figure.loss_curves["l2"], figure.lr_curve):
        assert curve.xData.min() >= 90 and curve.xData.max() <= 310


def test_the_explanation_keeps_its_scroll_bar_whatever_the_text_length(training):
    from PySide6.QtCore import Qt

    policy = training.explanation.verticalScrollBarPolicy()
    assert policy == Qt.ScrollBarPolicy.ScrollBarAlwaysOn
