"""Views 3 and 4 of the Regularization tab on their own: the step table, the draggable α line."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt

from l1l2gui.core.coef_paths import PathsParams
from l1l2gui.core.walkthrough import WalkthroughParams, walkthrough
from l1l2gui.core.walkthrough_display import walkthrough_display
from l1l2gui.gui.tabs.regularization.paths_view import PathsView
from l1l2gui.gui.tabs.regularization.walkthrough_text import num
from l1l2gui.gui.tabs.regularization.walkthrough_view import WalkthroughView
from l1l2gui.gui.worker import ComputeWorker

WAIT_MS = 60_000


@pytest.fixture
def worker(qtbot):
    w = ComputeWorker(None)
    yield w
    assert w.shutdown()


@pytest.fixture
def walk_view(qtbot, worker):
    view = WalkthroughView(worker)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    yield view
    view.stop()


@pytest.fixture
def paths_view(qtbot, worker):
    view = PathsView(worker)
    qtbot.addWidget(view)
    view.resize(1100, 760)
    view.show()
    view.submit(PathsParams())
    qtbot.waitUntil(
        lambda: view.part is not None and view.part.finished and view.at is not None,
        timeout=WAIT_MS,
    )
    yield view
    view.stop()


def test_walkthrough_table_shows_the_note_mistake(qtbot, walk_view):
    with qtbot.waitSignal(walk_view.drawn, timeout=WAIT_MS):
        walk_view.submit(WalkthroughParams())
    model = walk_view.model
    assert model.rowCount() == 20
    assert model.index(1, 2).data() == "−3.26  (note: 3.4)"
    assert model.index(1, 5).data() == "0.646  (note: −0.02)"
    assert model.index(0, 5).data() == "0.37"
    walk_view.method_box.setCurrentIndex(walk_view.method_box.findData("proximal"))
    assert model.index(0, 5).data() == "0.27" and "note" not in model.index(1, 2).data()
    assert "mistake in step 2" in walk_view.text.toPlainText()


def test_walkthrough_same_params_not_recomputed_and_error_shown(qtbot, walk_view):
    with qtbot.waitSignal(walk_view.drawn, timeout=WAIT_MS):
        walk_view.submit(WalkthroughParams(steps=5))
    first = walk_view.request
    walk_view.submit(WalkthroughParams(steps=5))
    assert walk_view.request == first
    walk_view.submit(WalkthroughParams(alpha=0.0))  # only the core checks it here
    qtbot.waitUntil(lambda: "alpha" in walk_view.form.error_text(), timeout=WAIT_MS)
    assert walk_view.model.rowCount() == 5  # the last good table stays


def _line_pixel(view: PathsView, alpha: float) -> QPoint:
    plot = view.figure.parts.lasso
    (_, _), (y0, y1) = plot.viewRange()
    scene = plot.vb.mapViewToScene(QPointF(math.log10(alpha), (y0 + y1) / 2))
    return view.figure.mapFromScene(scene)


def test_drag_alpha_line_changes_the_list(qtbot, paths_view):
    view = paths_view
    assert view.figure.parts.lines[0].value() == pytest.approx(0.0)
    before = view.table.item(0, 1).text(), view.at.nonzero
    start, end = _line_pixel(view, 1.0), _line_pixel(view, 20.0)
    vp = view.figure.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 9):
        qtbot.mouseMove(vp, start + (end - start) * (k / 8))
        qtbot.wait(15)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    alpha = view.form.values()["path_alpha"]
    assert alpha > 5.0
    view.edited.connect(lambda: None)
    view.submit(PathsParams(path_alpha=alpha))
    qtbot.waitUntil(lambda: view.at is not None and view.at.alpha == alpha, timeout=WAIT_MS)
    assert view.at.nonzero < before[1]
    assert (view.table.item(0, 1).text(), view.at.nonzero) != before
    # every other plot's line followed the dragged one
    assert all(
        line.value() == pytest.approx(math.log10(alpha), abs=0.01)
        for line in view.figure.parts.lines
    )
    names = [view.table.item(i, 0).text() for i in range(10)]
    assert names[2] == "bmi"
    zeros = [view.table.item(i, 1).text() == "0" for i in range(10)]
    assert sum(not z for z in zeros) == view.at.nonzero


def test_paths_result_only_for_what_is_shown(paths_view):
    assert paths_view.result(PathsParams()) is not None
    assert paths_view.result(PathsParams(path_alpha=2.0)) is None
    assert paths_view.result(PathsParams(cv_folds=4)) is None
    text = paths_view.text.toPlainText()
    assert "Cross-validation" in text and "keeps" in text


def test_walkthrough_table_model_lists_the_iterates_of_the_result(qtbot, walk_view):
    with qtbot.waitSignal(walk_view.drawn, timeout=WAIT_MS):
        walk_view.submit(WalkthroughParams(steps=500, w0=0.3))
    walk, model = walk_view.result, walk_view.model
    for method in ("clip", "l2"):
        walk_view.method_box.setCurrentIndex(walk_view.method_box.findData(method))
        rows = walk.traces[method].rows
        assert model.rowCount() == 500 and model.columnCount() == 6
        for r in (0, 1, 250, 499):
            assert model.index(r, 0).data() == str(r + 1)
            shown = [model.index(r, c).data() for c in range(1, 6)]
            assert shown == [num(float(v)) for v in rows[r]]
    assert model.headerData(5, Qt.Orientation.Horizontal) == "new w"


def test_walkthrough_drawn_in_parts_and_a_newer_result_wins(qtbot, walk_view):
    """Each part draws the newest result; nothing of an older one is drawn after it."""
    old = walkthrough(WalkthroughParams(steps=400, w0=2.0))
    new = walkthrough(WalkthroughParams(steps=30, w0=-3.0))
    parts = walk_view.figure.parts
    drawn: list[tuple[str, object]] = []
    draw_objective, draw_steps = parts.draw_objective, parts.draw_steps
    parts.draw_objective = lambda w, d: drawn.append(("J", w)) or draw_objective(w, d)
    parts.draw_steps = lambda d: drawn.append(("w", d)) or draw_steps(d)
    emitted: list[int] = []
    walk_view.drawn.connect(emitted.append)
    walk_view._request = 7  # as if both were answers to the newest request
    walk_view._on_result("regularization/walkthrough", 7, (old, walkthrough_display(old)))
    assert walk_view.drawing and walk_view.result is None  # only the J plot so far
    new_display = walkthrough_display(new)
    walk_view._on_result("regularization/walkthrough", 7, (new, new_display))
    qtbot.waitUntil(lambda: not walk_view.drawing, timeout=WAIT_MS)
    # the newest result's parts follow on from where the drawing was: w, table, then J
    assert drawn == [("J", old), ("w", new_display), ("J", new)]
    assert walk_view.result is new and emitted == [7]
    assert walk_view.model.rowCount() == 30
    w, _ = parts.w_lines["l2"].getData()
    np.testing.assert_array_equal(w, np.arange(31))
    x, _ = parts.on_j["proximal"].getData()
    np.testing.assert_array_equal(x, new_display.marks["proximal"][0])
    assert parts.steps_plot.viewRange()[0][1] < 40  # the 30-step range, not 400


def test_walkthrough_answer_to_an_older_request_is_dropped(qtbot, walk_view):
    with qtbot.waitSignal(walk_view.drawn, timeout=WAIT_MS):
        walk_view.submit(WalkthroughParams(steps=12))
    stale = walkthrough(WalkthroughParams(steps=99))
    walk_view._on_result("regularization/walkthrough", walk_view.request - 1, (stale, None))
    assert not walk_view.drawing and walk_view.result.params.steps == 12


def test_alpha_line_stays_out_of_auto_range(qtbot, paths_view):
    parts = paths_view.figure.parts
    qtbot.wait(30)  # the first paint settles the ranges
    ranges = [plot.viewRange() for plot in parts.plots]
    asked: list[object] = []
    for plot in parts.plots:
        plot.vb.itemBoundsChanged = asked.append  # what a line move would call
    for k in range(5):
        parts.set_alpha(10.0 ** (-1 + 0.5 * k))
        qtbot.wait(15)
    assert asked == []
    pairs = zip(parts.lines, parts.plots, strict=True)
    assert all(line not in plot.vb.addedItems for line, plot in pairs)
    assert [plot.viewRange() for plot in parts.plots] == ranges


def test_walkthrough_results_every_turn_still_bring_every_part_up(qtbot, walk_view):
    """A new result each turn (a spin box held down) never starves the later parts."""
    walks = [walkthrough(WalkthroughParams(steps=10 + k, w0=0.1 * k)) for k in range(7)]
    parts = walk_view.figure.parts
    shown: dict[str, list[int]] = {"J": [], "w": [], "table": []}
    draw_objective, draw_steps = parts.draw_objective, parts.draw_steps
    parts.draw_objective = lambda w, d: shown["J"].append(w.params.steps) or draw_objective(w, d)
    parts.draw_steps = lambda d: shown["w"].append(len(d.lines["l2"][0]) - 1) or draw_steps(d)
    walk_view.model.modelReset.connect(lambda: shown["table"].append(walk_view.model.rowCount()))
    walk_view._request = 3
    for walk in walks:  # each result arrives before the previous one is fully drawn
        walk_view._on_result("regularization/walkthrough", 3, (walk, walkthrough_display(walk)))
        walk_view._draw_part()  # the turn in between draws one more part
    qtbot.waitUntil(lambda: not walk_view.drawing, timeout=WAIT_MS)
    # every part was drawn again within any three results, the newest last of all
    for steps in shown.values():
        assert steps[-1] == 16 and len(steps) >= len(walks) * 2 // 3
    assert walk_view.result is walks[-1] and walk_view.model.rowCount() == 16
