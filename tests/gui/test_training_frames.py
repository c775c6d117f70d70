"""How the Training tab spreads its drawing over turns, and that nothing drawn is wrong for it:
a streamed frame's two halves, a preset's one legend, zoom cuts with a margin, the progress
bar's kept room."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from l1l2gui.core.descent_display import run_pyramids
from l1l2gui.core.envelope import envelope, envelope_level
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.tabs.training.figure import TrainingFigure

WAIT_MS = 20_000
MODEL = tab_model("training")
LONG = {"noise_sigma": 5.0, "lr": 1e-4, "epochs": 3_000}  # 30,000 steps: many frames


def _start(training, values: dict) -> None:
    training.apply_preset("one-weight")
    training.form.set_values(values)
    training.recompute()


def test_every_streamed_frame_ends_with_figure_scrubber_progress_and_readout_on_one_step(
    qtbot, training
):
    checked: list[int] = []
    later: list[bool] = []

    def on_rendered(step: int) -> None:
        run = training.run
        for kind, trace in run.traces.items():
            fx, fy = training.figure.w_markers[kind].getData()
            assert fx.tolist() == [step] and fy.tolist() == [trace.w[step]], kind
        assert training.scrubber.slider.value() == step
        assert f"step {step}</b> of {run.params.steps}" in training.readout.text()
        assert training.progress.value() == int(100 * run.progress)
        checked.append(step)

    def on_result(channel: str, request: int, result) -> None:
        # connected after the tab's own slot: a streamed frame's readout is still owed
        run = result[0]
        if channel == "training" and request == training._request and not run.finished:
            later.append(f"step {run.steps_done}</b>" not in training.readout.text())

    training.rendered.connect(on_rendered)
    training._worker.resultReady.connect(on_result)
    try:
        _start(training, LONG)
        qtbot.waitUntil(lambda: training.finished_run is not None
                        and training.finished_run.params.epochs == 3_000, timeout=WAIT_MS)
    finally:
        training.rendered.disconnect(on_rendered)
        training._worker.resultReady.disconnect(on_result)
    assert len(checked) >= 3 and checked[-1] == 30_000
    # the run's first frame is drawn whole (its landscape is new); every later streamed
    # frame's second half came in a later turn
    assert len(later) >= 3 and not later[0] and all(later[1:])


def test_a_preset_builds_its_legend_once_in_the_turn_after(qtbot, training, monkeypatch):
    figure = training.figure
    built: list[tuple] = []
    original = figure._set_legend
    monkeypatch.setattr(figure, "_set_legend", lambda *a: built.append(a) or original(*a))
    training.apply_preset("one-weight-as-published")  # other kinds than the defaults' run
    assert built == []  # not inside the user's change ...
    qtbot.waitUntil(lambda: len(built) == 1, timeout=2_000)  # ... but before the run's frame
    params = training.params()
    names = [label.text for _sample, label in figure.legend.items]
    assert len(names) == len(params.kinds) + 1 + 2 * (params.noise_sigma > 0)
    qtbot.waitUntil(lambda: training.finished_run is not None
                    and training.finished_run.params == params, timeout=WAIT_MS)
    assert len(built) == 1  # the run's first frame found it set


def test_the_progress_bar_keeps_its_room_and_shortens_its_text(qtbot, training):
    bar = training.progress
    assert bar.sizePolicy().retainSizeWhenHidden()
    figure_rect = training.figure.geometry()
    _start(training, LONG)
    qtbot.waitUntil(bar.isVisible, timeout=WAIT_MS)
    assert training.figure.geometry() == figure_rect  # shown: nothing moved
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=WAIT_MS)
    assert training.figure.geometry() == figure_rect
    bar.show()  # as in a run, in a narrow and a wide window
    bar.resize(60, bar.height())
    assert bar.format() == "%p%"
    bar.resize(220, bar.height())
    assert bar.format() == "computing… %p%"
    bar.hide()


# ------------------------------------------------------------------- zoom cuts
@pytest.fixture
def zoom_figure(qtbot):
    run = MODEL.compute(MODEL.params(values={"epochs": 20_000}))  # 200,000 steps
    figure = TrainingFigure()
    qtbot.addWidget(figure)
    figure.resize(900, 700)
    figure.show()
    figure.show_run(run, run.steps_done)
    qtbot.waitUntil(lambda: not figure.owed(), timeout=2_000)
    return figure, run, run_pyramids(run)


def _notch(figure, delta: int) -> None:
    """One wheel notch over the middle of the w plot, as a mouse sends it."""
    view = figure
    rect = figure.w_plot.getViewBox().sceneBoundingRect()
    pos = QPointF(view.mapFromScene(rect.center()))
    event = QWheelEvent(
        pos, QPointF(view.mapToGlobal(pos.toPoint())), QPoint(0, 0), QPoint(0, delta),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(view.viewport(), event)


def _assert_drawn_at_least_as_finely(figure, run, pyramids) -> None:
    """Every curve covers the visible steps with at least the points a cut of exactly
    them would have, and shows their extremes."""
    lo, hi = figure.loss_plot.viewRange()[0]
    blocks = figure.blocks()
    trace = run.traces["l2"]
    for curve, pyramid, series in (
        (figure.w_curves["l2"], pyramids.w["l2"], trace.w),
        (figure.loss_curves["l2"], pyramids.loss["l2"], trace.loss),
        (figure.lr_curve, pyramids.lr, run.lr),
    ):
        x, y = curve.getOriginalDataset()
        exact_x, exact_y = envelope(pyramid, lo, hi, series.size, blocks)
        assert x.min() <= max(exact_x.min(), 0) + 4 ** envelope_level(
            pyramid, lo, hi, series.size, blocks
        ) and x.max() >= exact_x.max() - 4 ** envelope_level(pyramid, lo, hi, series.size, blocks)
        inside = (x >= exact_x.min()) & (x <= exact_x.max())
        # an exact cut ends in finer blocks up to the last visible step (at most 2·4 points
        # a level); a cut with a margin goes on in whole blocks instead
        assert inside.sum() >= exact_x.size - 8 * pyramid.levels
        assert y.max() >= exact_y.max() and y.min() <= exact_y.min()


def test_wheel_notches_find_most_steps_already_cut_and_draw_them_finely(qtbot, zoom_figure):
    figure, run, pyramids = zoom_figure
    cuts: list[tuple] = []
    original = figure._draw_curves
    figure._draw_curves = lambda plots=(0, 1, 2), **kw: cuts.append(plots) or original(plots, **kw)
    notches = 0
    for delta in [120] * 12 + [-120] * 12:  # in, then out
        _notch(figure, delta)
        notches += 1
        qtbot.waitUntil(lambda: not figure.owed(), timeout=2_000)
        assert figure.user_view
        _assert_drawn_at_least_as_finely(figure, run, pyramids)
    cut_plots = sum(len(p) for p in cuts)
    # a cut per plot and notch would be 3 × 24 = 72; with a margin at most half of that
    assert cut_plots <= 3 * notches / 2
    # once the wheel rests, every plot is cut exactly for the view again
    with qtbot.waitSignal(figure.paid, timeout=2_000):
        pass
    qtbot.waitUntil(lambda: not figure.owed(), timeout=2_000)
    lo, hi = figure.loss_plot.viewRange()[0]
    x, y = figure.w_curves["l2"].getOriginalDataset()
    want_x, want_y = envelope(pyramids.w["l2"], lo, hi, run.traces["l2"].w.size, figure.blocks())
    assert np.array_equal(x, want_x) and np.array_equal(y, want_y)


def test_a_view_set_by_the_program_is_cut_exactly(qtbot, zoom_figure):
    figure, run, pyramids = zoom_figure
    figure.loss_plot.setXRange(1_000, 9_000, padding=0)  # not the user's: no margin
    qtbot.waitUntil(lambda: not figure.owed(), timeout=2_000)
    x, y = figure.w_curves["l2"].getOriginalDataset()
    want_x, want_y = envelope(pyramids.w["l2"], 1_000, 9_000, run.traces["l2"].w.size,
                              figure.blocks())  # fmt: skip
    assert np.array_equal(x, want_x) and np.array_equal(y, want_y)


# ------------------------------------------------------- drawing owed to a later pass
def test_pass_busy_says_whether_the_gui_thread_has_worked_a_while_in_this_pass(
    training, monkeypatch
):
    worker = training._worker
    monkeypatch.setattr(worker._waking, "awake_s", lambda: 0.010)
    assert worker.pass_busy()
    monkeypatch.setattr(worker._waking, "awake_s", lambda: 0.0)
    assert not worker.pass_busy()


def test_a_frame_s_second_half_waits_for_a_pass_that_has_not_worked_yet(
    qtbot, training, monkeypatch
):
    busy = [True]
    monkeypatch.setattr(training._worker, "pass_busy", lambda: busy[0])
    drawn: list[int] = []
    training.rendered.connect(drawn.append)
    training._side_due()  # as its timer calls it, in a pass a wheel notch has worked in
    assert drawn == [] and training._side_owed()
    busy[0] = False
    qtbot.waitUntil(lambda: drawn == [training.shown_step], timeout=2_000)
    assert not training._side_owed()


def test_owed_cuts_wait_once_for_a_fresh_pass_and_a_zoom_in_a_busy_pass_owes_its_cuts(
    qtbot, zoom_figure
):
    figure, run, pyramids = zoom_figure
    busy = [True]
    figure.pass_busy = lambda: busy[0]
    cuts: list[tuple] = []
    original = figure._draw_curves
    figure._draw_curves = lambda plots=(0, 1, 2), **kw: cuts.append(plots) or original(plots, **kw)
    figure.loss_plot.setXRange(50_000, 60_000, padding=0)  # a zoom in a busy pass
    assert cuts == [] and figure.owed()  # nothing cut in this pass
    with qtbot.waitSignal(figure.paid, timeout=2_000):  # each waits once, then is cut
        pass
    assert sorted(p for plots in cuts for p in plots) == [0, 1, 2]
    busy[0] = False
    _assert_drawn_at_least_as_finely(figure, run, pyramids)


def test_a_preset_fits_a_zoomed_view_at_once_and_cuts_its_plots_in_later_passes(
    qtbot, training
):
    box = training.figure.loss_plot.getViewBox()
    box.setXRange(100, 200, padding=0)
    box.sigRangeChangedManually.emit(box.state["mouseEnabled"])
    assert training.figure.user_view
    training.apply_preset("one-weight-decay")
    assert not training.figure.user_view
    lo, hi = box.viewRange()[0]
    assert lo < 0 and hi > 900  # the old run's steps, whole, at once
    params = training.params()
    qtbot.waitUntil(lambda: training.finished_run is not None
                    and training.finished_run.params == params, timeout=WAIT_MS)
    lo, hi = box.viewRange()[0]
    assert lo == pytest.approx(-0.02 * params.steps) and hi == pytest.approx(1.02 * params.steps)
