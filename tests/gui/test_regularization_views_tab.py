"""Views 3 and 4 inside the Regularization tab: presets, forms, state, links, the α line."""

from __future__ import annotations

import math

import pytest
from PySide6.QtCore import QPointF, Qt, QUrl

WAIT_MS = 60_000


@pytest.fixture
def reg(window, qtbot):
    tab = window.tabs["regularization"]
    window.tabs_widget.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=WAIT_MS)
    return tab


def test_finished_run_holds_all_four_views(reg):
    run = reg.finished_run
    assert run.finished and run.walkthrough.params == run.params.walkthrough
    assert run.paths.params == run.params.paths and run.paths.at.alpha == 1.0


def test_presets_reach_the_walkthrough(reg, qtbot):
    reg.apply_preset("sparse-example")
    qtbot.waitUntil(
        lambda: reg.finished_run is not None and reg.finished_run.params.y == 0.2, timeout=WAIT_MS
    )
    assert reg.walk_view.form.values()["lam"] == 1.0
    assert reg.walk_view.result.traces["proximal"].final == 0.0
    assert "lands exactly on 0 at step 5" in reg.walk_view.text.toPlainText()
    reg.apply_preset("worked-example")
    qtbot.waitUntil(lambda: reg.walk_view.result.params.y == 2.0, timeout=WAIT_MS)
    assert reg.preset == "worked-example"
    assert "mistake in step 2" in reg.walk_view.text.toPlainText()
    reg.set_values({"steps": 25})
    qtbot.waitUntil(lambda: reg.walk_view.result.params.steps == 25, timeout=WAIT_MS)
    assert reg.preset is None and reg.walk_view.model.rowCount() == 25


def test_view_switch_shows_its_groups_figure_and_explanation(reg):
    titles = {box.title(): box for box, _ in reg._groups}
    for index, shown in ((0, {"Loss and ball", "Monte Carlo"}), (2, {"One weight"}),
                         (3, {"Diabetes paths"})):  # fmt: skip
        reg.views.setCurrentIndex(index)
        assert {t for t, box in titles.items() if box.isVisibleTo(reg)} == shown
    reg.views.setCurrentIndex(2)
    assert reg.figure is reg.walk_view.figure and reg.explanation is reg.walk_view.text
    reg.views.setCurrentIndex(3)
    assert reg.figure is reg.paths_view.figure and reg.explanation is reg.paths_view.text
    reg.fit_view()  # resets the paths' ranges without error


def test_state_round_trip_with_view_4(reg, qtbot):
    reg.views.setCurrentIndex(3)
    reg.set_values({"path_alpha": 3.0, "w0": 0.4})
    qtbot.waitUntil(lambda: reg.finished_run.params.path_alpha == 3.0, timeout=WAIT_MS)
    state = reg.state()
    assert state["view"] == 3 and state["params"]["path_alpha"] == 3.0
    reg.views.setCurrentIndex(0)
    reg.restore(state)
    assert reg.views.currentIndex() == 3 and reg.walk_view.form.values()["w0"] == 0.4
    with pytest.raises(ValueError, match="view"):
        reg.restore({**state, "view": 4})
    with pytest.raises(ValueError, match="cv_folds"):
        reg.restore({"params": {"cv_folds": 99}})
    assert reg.paths_view.form.values()["path_alpha"] == 3.0  # nothing changed


def test_cv_link_moves_the_line_to_the_best_alpha(reg, qtbot):
    reg.views.setCurrentIndex(3)
    best = reg.finished_run.paths.best_alpha["lasso"]
    reg._on_anchor(QUrl(f"set:path_alpha={best!r}"))
    qtbot.waitUntil(
        lambda: reg.finished_run.params.path_alpha == pytest.approx(best), timeout=WAIT_MS
    )
    assert reg.paths_view.figure.parts.lines[0].value() == pytest.approx(math.log10(best))
    assert (
        reg.finished_run.paths.at.nonzero == reg.model.metrics(reg.finished_run)["cv_nonzero/lasso"]
    )


def test_dragging_the_alpha_line_updates_the_list(reg, qtbot):
    reg.views.setCurrentIndex(3)
    figure = reg.paths_view.figure
    plot = figure.parts.lasso
    (_, _), (y0, y1) = plot.viewRange()

    def pixel(alpha):
        return figure.mapFromScene(
            plot.vb.mapViewToScene(QPointF(math.log10(alpha), (y0 + y1) / 2))
        )

    before = [reg.paths_view.table.item(i, 1).text() for i in range(10)]
    start, end = pixel(1.0), pixel(0.05)
    vp = figure.viewport()
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, 9):
        qtbot.mouseMove(vp, start + (end - start) * (k / 8))
        qtbot.wait(15)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=end)
    qtbot.waitUntil(
        lambda: (
            reg.finished_run.params.path_alpha < 0.1
            and reg.paths_view.at.alpha == reg.finished_run.params.path_alpha
        ),
        timeout=WAIT_MS,
    )
    after = [reg.paths_view.table.item(i, 1).text() for i in range(10)]
    assert after != before
    assert sum(t != "0" for t in after) == reg.paths_view.at.nonzero > 7
