"""What keeps a drag of the outlier within a frame, and that nothing shown is lost by it:
the readout drawn cell by cell, only changed fits set, axes that stay while fits grow, and
no hover search in mid-drag."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QFont

from l1l2gui.core.influence import stream_influence
from l1l2gui.core.outliers import CHUNK_SECONDS, OutlierParams, base_data, single_fit, stream_fits
from l1l2gui.core.outliers_facts import outlier_facts
from l1l2gui.gui.palette import L1_COLOR, L2_COLOR
from l1l2gui.gui.tabs.outliers.background import INFLUENCE_CHANNEL as CHANNEL
from l1l2gui.gui.tabs.outliers.figure import OutliersFigure
from l1l2gui.gui.tabs.outliers.influence_view import InfluenceView
from l1l2gui.gui.tabs.outliers.jobs import DRAG_CHUNK_SECONDS, FINAL_CHUNK_SECONDS, Explained
from l1l2gui.gui.tabs.outliers.readout import ReadoutTable, Row, Table
from l1l2gui.gui.tabs.outliers.tab import EDIT_CHANNEL
from l1l2gui.gui.tabs.outliers.text import SHORT, explanation_html, num, readout_table

WAIT_MS = 30_000
PARAMS = OutlierParams(n_estimators=40, learning_rate=0.3, outlier_x=4.0, outlier_y=30.0)


@pytest.fixture
def outliers(qtbot, window):
    tab = window.tabs["outliers"]
    window.tabs_widget.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=WAIT_MS)
    return tab


@pytest.fixture(scope="module")
def snapshots():
    return list(stream_fits(PARAMS, chunk_seconds=0.0))  # one tree per snapshot


def table(trees: str, shift: str) -> Table:
    rows = (Row("L1", (trees, shift, "-1", "2"), L1_COLOR), Row("L2", (trees, "0.5", "3", "4")))
    return Table(("trees", "shift", "residual", "without"), rows, ("a caption line",))


def test_readout_table_text_and_columns_that_only_grow(qtbot):
    readout = ReadoutTable()
    qtbot.addWidget(readout)
    readout.set_table(table("5/5", "1.435"))
    assert "5/5" in readout.text() and "a caption line" in readout.toPlainText()
    assert readout.text().splitlines()[1].split("\t") == ["L1", "5/5", "1.435", "-1", "2"]
    wide = readout.sizeHint()
    assert wide.width() > 0 and wide.height() > 0
    readout.set_table(table("1/5", "2"))  # narrower digits: the layout stays
    assert readout.sizeHint() == wide
    readout.set_table(table("100/100", "123456.789"))  # more digits: more room
    assert readout.sizeHint().width() > wide.width()
    font = QFont(readout.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    readout.setFont(font)  # presentation mode: measured afresh, taller
    assert readout.sizeHint().height() > wide.height()


def test_readout_table_paints_the_loss_names_in_their_colours(qtbot):
    readout = ReadoutTable()
    qtbot.addWidget(readout)
    readout.set_table(table("5/5", "1.435"))
    readout.resize(readout.sizeHint())
    image = readout.grab().toImage()

    def near(color: str) -> int:
        want = QColor(color)
        return sum(
            abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue())
            < 60
            for c in (image.pixelColor(x, y) for x in range(image.width()) for y in range(40))
        )

    assert near(L1_COLOR) > 5  # the bold L1 of the first row
    assert near(L2_COLOR) == 0  # the second row was given no colour


def test_readout_of_the_tab_shows_the_numbers_of_the_run_on_screen(outliers):
    run = outliers.run
    rows = {row.name: row for row in outliers.readout.table.rows}
    assert list(rows) == [SHORT[loss] for loss in run.params.losses]
    for loss in run.params.losses:
        fit = run.fits[loss]
        assert rows[SHORT[loss]].cells == (
            f"{fit.trees}/{run.params.n_estimators}",
            num(run.shift(loss)),
            num(run.residual(loss)),
            num(run.residual(f"{loss}_without")),
        )
    assert outliers.readout.table == readout_table(run)


def test_show_run_sets_only_the_fits_that_changed(qapp, snapshots, monkeypatch):
    figure = OutliersFigure()
    calls: list[str] = []
    for name, curve in figure.curves.items():
        original = curve.setData
        monkeypatch.setattr(
            curve, "setData", lambda *a, _n=name, _o=original, **k: calls.append(_n) or _o(*a, **k)
        )
    first, second = snapshots[3], snapshots[4]
    figure.show_run(first)
    assert sorted(calls) == sorted(first.fits)
    calls.clear()
    figure.show_run(second)  # one more tree on one fit
    changed = [n for n in second.fits if second.fits[n] is not first.fits.get(n)]
    assert calls == changed and len(changed) == 1
    for name, fit in second.fits.items():  # and what is drawn is every fit of the run
        x, y = figure.curves[name].getData()
        index = np.clip(np.searchsorted(x, second.grid, side="right") - 1, 0, len(y) - 1)
        assert np.array_equal(np.asarray(y)[index], fit.y)
    figure.close()


def y_extent(run) -> tuple[float, float]:
    """Lowest and highest of the points, the outlier and every fit of ``run``."""
    _, y = base_data(run.params)
    values = np.concatenate([y, [run.params.outlier_y], *(f.y for f in run.fits.values())])
    return float(values.min()), float(values.max())


def exact_y_range(run) -> tuple[float, float]:
    lo, hi = y_extent(run)
    pad = 0.08 * (hi - lo)
    return lo - pad, hi + pad


def test_axes_stay_while_fits_grow_and_fit_the_complete_run(qapp, snapshots):
    figure = OutliersFigure()
    box = figure.plot.getViewBox()
    partial = [s for s in snapshots if not s.finished]
    figure.frame(PARAMS, partial[0])
    first = box.viewRange()[1]
    assert first == pytest.approx(exact_y_range(partial[0]))
    ranges = []
    for run in partial[1:]:
        figure.frame(PARAMS, run)
        ranges.append(tuple(box.viewRange()[1]))
        shown_lo, shown_hi = ranges[-1]
        low, high = y_extent(run)
        # every partial fit, point and the outlier lie inside the axes as shown
        assert shown_lo <= low and high <= shown_hi
    assert len(set(ranges)) <= 3 < len(ranges)  # a few changes, not one per snapshot
    done = snapshots[-1]
    assert done.finished
    figure.frame(PARAMS, done)
    assert box.viewRange()[1] == pytest.approx(exact_y_range(done))
    assert box.viewRange()[0] == pytest.approx(PARAMS.x_range)
    figure.close()


def test_a_much_too_large_range_shrinks_even_while_growing(qapp, snapshots):
    figure = OutliersFigure()
    box = figure.plot.getViewBox()
    far = dataclasses.replace(PARAMS, outlier_y=500.0)
    figure.frame(far)  # the outlier far up: a tall range
    run = snapshots[2]
    figure.frame(PARAMS, run)  # back near the data, fits still growing
    assert box.viewRange()[1] == pytest.approx(exact_y_range(run))
    figure.close()


def test_no_hover_search_in_mid_drag_and_hover_again_after(qtbot, outliers, monkeypatch):
    scene = outliers.drag_figure.scene()
    searched: list[bool] = []
    original = scene.itemsNearEvent

    def counting(*args, **kwargs):
        if kwargs.get("hoverable"):  # a search for hover events (not the drag's own)
            searched.append(bool(scene.dragButtons))
        return original(*args, **kwargs)

    monkeypatch.setattr(scene, "itemsNearEvent", counting)
    figure = outliers.drag_figure
    viewport = figure.viewport()
    start = figure.mapFromScene(figure.target.scenePos())
    box = figure.plot.getViewBox()
    end = figure.mapFromScene(box.mapViewToScene(QPointF(8.0, 12.0)))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for i in range(1, 11):  # spaced moves: pyqtgraph drops moves < 10 ms apart
        qtbot.mouseMove(viewport, start + (end - start) * (i / 10))
        qtbot.wait(15)
    assert scene.dragButtons  # the drag is under way
    assert not any(searched)  # no search once it was: the press's own came before
    moved = outliers.form.values()["outlier_x"]
    assert moved == pytest.approx(8.0, abs=0.3)  # and the drag itself works
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    searched.clear()
    qtbot.mouseMove(viewport, end + QPoint(3, 3))
    qtbot.wait(15)
    qtbot.mouseMove(viewport, end + QPoint(6, 6))
    assert searched  # hover works again once the button is up


def test_an_unchanged_explanation_is_not_laid_out_again(outliers, monkeypatch):
    run = outliers.finished_run
    before = outliers.explanation.toPlainText()
    calls = []
    monkeypatch.setattr(outliers.explanation, "set_html", lambda html: calls.append(html))
    outliers._on_result("outliers", outliers._request, run)  # the same run delivered again
    assert calls == [] and outliers.explanation.toPlainText() == before
    assert outliers.finished_run is run


def test_a_hidden_tab_holds_its_sweep_and_goes_on_when_shown_again(qtbot, window, outliers):
    outliers.apply_values({"n_estimators": 30})  # a sweep long enough to be caught running
    qtbot.waitUntil(lambda: outliers.run is not None and outliers.run.finished, timeout=WAIT_MS)
    request = outliers.background._request[CHANNEL]
    assert outliers._worker.is_busy(CHANNEL)
    steps: list[str] = []
    outliers.background.progress.connect(steps.append)
    window.tabs_widget.setCurrentWidget(window.tabs["training"])
    assert outliers.background.paused.is_set()
    qtbot.wait(50)  # a step computed before the switch may still arrive
    steps.clear()
    qtbot.wait(250)
    assert steps == []  # nothing computed or drawn for the hidden page
    assert outliers._worker.is_busy(CHANNEL)  # held, not cancelled
    window.tabs_widget.setCurrentWidget(outliers)
    assert not outliers.background.paused.is_set()
    qtbot.waitUntil(lambda: outliers.background.results[CHANNEL] is not None
                    and outliers.background.is_current(CHANNEL, outliers.params()),
                    timeout=WAIT_MS)  # fmt: skip
    assert outliers.background._request[CHANNEL] == request  # the same sweep, finished


def test_influence_axis_grows_in_steps_while_the_sweep_streams_and_is_exact_at_the_end(qapp):
    params = dataclasses.replace(PARAMS, n_estimators=5, sweep_points=25)
    curves = [c for c in stream_influence(params) if c.done > 0]
    view = InfluenceView()
    box = view.plot.getViewBox()
    shown = []
    for curve in curves:
        view.show_curve(curve)
        tops = [np.nanmax(v) for v in curve.shift.values()]
        _, top = box.viewRange()[1]
        assert max(tops) <= top  # every point so far inside the axes
        shown.append(top)
    assert len(set(shown)) < len(curves) / 2
    done = curves[-1]
    assert done.finished
    top = max(np.nanmax(v) for v in done.shift.values())
    assert box.viewRange()[1] == pytest.approx((0.0, 1.08 * top))
    assert box.viewRange()[0] == pytest.approx(params.x_range, abs=0.03 * 21)
    view.close()


def test_a_complete_run_arrives_with_its_facts_and_explanation_from_the_job(
    qtbot, window, outliers
):
    delivered = []
    window.worker.resultReady.connect(
        lambda channel, _request, result: channel == EDIT_CHANNEL and delivered.append(result)
    )
    outliers.apply_values({"outlier_x": 2.0})
    qtbot.waitUntil(
        lambda: outliers.finished_run is not None and outliers.finished_run.params.outlier_x == 2.0,
        timeout=WAIT_MS,
    )
    explained = [r for r in delivered if isinstance(r, Explained)]
    assert explained and all(not isinstance(r, Explained) for r in delivered[:-1])
    last = explained[-1]
    assert last.run is outliers.finished_run and last.run.finished
    assert last.facts == outlier_facts(last.run)
    assert last.html == explanation_html(last.run, last.facts)
    assert outliers.explanation.source_html() == last.html
    assert "(2, " in outliers.explanation.toPlainText()


def test_a_drag_grows_its_fits_in_short_chunks_until_the_button_is_released(
    qtbot, outliers, monkeypatch
):
    import l1l2gui.gui.tabs.outliers.jobs as jobs_module

    chunks: list = []
    original = jobs_module.stream_fits

    def recording(params, without=None, chunk_seconds=CHUNK_SECONDS):
        chunks.append(chunk_seconds)
        return original(params, without, chunk_seconds)

    monkeypatch.setattr(jobs_module, "stream_fits", recording)
    target = outliers.drag_figure.target
    target.setPos(6.0, 12.0)  # as a mouse move does
    qtbot.waitUntil(lambda: bool(chunks), timeout=WAIT_MS)
    (chunk,) = chunks  # asked by the job before each chunk
    assert chunk() == DRAG_CHUNK_SECONDS < CHUNK_SECONDS
    target.sigPositionChangeFinished.emit(target)  # the button is released
    assert chunk() == CHUNK_SECONDS  # the final fit goes on in full chunks
    qtbot.waitUntil(finished_at(outliers, outlier_x=6.0), timeout=WAIT_MS)
    chunks.clear()
    outliers.apply_values({"n_estimators": 7})  # a typed change: full chunks
    qtbot.waitUntil(lambda: bool(chunks), timeout=WAIT_MS)
    assert chunks == [CHUNK_SECONDS]
    qtbot.waitUntil(finished_at(outliers, n_estimators=7), timeout=WAIT_MS)
    # the grown fits are scikit-learn's single fit, whatever the chunks
    run = outliers.finished_run
    grid = run.grid[:, None]
    for loss in ("l1", "l2"):
        assert np.array_equal(run.fits[loss].y, single_fit(run.params, loss, True).predict(grid))


def test_the_release_sends_the_last_position_at_once_with_a_short_first_chunk(
    qtbot, outliers, monkeypatch
):
    sent: list[tuple[str, float]] = []
    original = outliers.recompute

    def recording(channel=EDIT_CHANNEL):
        sent.append((channel, outliers.form.values()["outlier_x"]))
        original(channel)

    monkeypatch.setattr(outliers, "recompute", recording)
    target = outliers.drag_figure.target
    target.setPos(6.0, 12.0)  # a first move goes at once (the throttler's leading edge)
    target.setPos(7.0, 12.0)  # the next, in the same frame, is held for the frame's end
    assert [x for _channel, x in sent] == [6.0]
    target.sigPositionChangeFinished.emit(target)  # released: no frame's wait for the last
    assert [x for _channel, x in sent] == [6.0, 7.0]
    qtbot.waitUntil(finished_at(outliers, outlier_x=7.0), timeout=WAIT_MS)
    # the job for a position that holds: a short first chunk (its first picture soon),
    # then full ones, then long ones (fewer fixed costs for the final fit)
    chunk = outliers._drag_chunks()
    assert [chunk() for _ in range(4)] == [
        DRAG_CHUNK_SECONDS, CHUNK_SECONDS, FINAL_CHUNK_SECONDS, FINAL_CHUNK_SECONDS,
    ]  # fmt: skip


def finished_at(tab, **values):
    def check() -> bool:
        run = tab.finished_run
        return (
            run is not None
            and run is tab.run
            and all(getattr(run.params, k) == v for k, v in values.items())
        )

    return check
