"""The Likelihood tab's Monte Carlo views while they stream: axes that stay still unless the
data leave them, exact ranges once finished, and the three L_p marks as one scatter that
follows p without redrawing the curve."""

from __future__ import annotations

import numpy as np
import pytest

from l1l2gui.core.likelihood import LikelihoodParams, lp_variance_at, monte_carlo
from l1l2gui.gui.palette import L1_COLOR, L2_COLOR, LR_COLOR
from l1l2gui.gui.tabs.likelihood.figure import (
    MARKS_PAD,
    PAD,
    ROOM,
    LpView,
    MonteCarloView,
    ViewFigure,
    streaming_range,
)

PARAMS = LikelihoodParams(noise="laplace", n=21, replicates=6000, seed=3)


@pytest.fixture(scope="module")
def snapshots():
    # small blocks: many snapshots of pass 1 and of pass 2
    from l1l2gui.core.montecarlo import run_monte_carlo

    p = PARAMS
    return list(
        run_monte_carlo(p.noise_model, p.mu, p.n, p.replicates, p.seed, p.p, chunk_seconds=0.0)
    )


def test_streaming_range_keeps_widens_with_room_and_is_exact_when_finished():
    exact = streaming_range(None, 0.0, 100.0, finished=False, floor=True)
    assert exact == pytest.approx((-PAD * 100, 100 + PAD * 100))
    # data inside and filling more than half: unchanged
    assert streaming_range(exact, 0.0, 90.0, finished=False, floor=True) == exact
    # data beyond the top: the exact range plus room on the open side only
    grown = streaming_range(exact, 0.0, 150.0, finished=False, floor=True)
    assert grown == pytest.approx((-PAD * 150, 150 * (1 + PAD + ROOM)))
    # data filling less than half of it (a new run): the range comes down
    assert streaming_range(grown, 0.0, 30.0, finished=False, floor=True)[1] < 50
    # both sides open (a log-variance curve settling)
    assert streaming_range((0.0, 1.0), -0.5, 0.8, finished=False) == pytest.approx(
        (-0.5 - 1.3 * (PAD + ROOM), 0.8 + 1.3 * (PAD + ROOM))
    )
    # finished: exact, whatever was shown
    assert streaming_range(grown, 0.0, 90.0, finished=True, floor=True) == pytest.approx(
        (-PAD * 90, 90 * (1 + PAD))
    )
    # a single value still gets a range of its own
    lo, hi = streaming_range(None, 2.0, 2.0, finished=True)
    assert lo < 2.0 < hi


def test_histogram_axes_change_a_few_times_and_always_show_every_count(qapp, snapshots):
    figure = ViewFigure(MonteCarloView)
    view = figure.view
    box = view.plot.getViewBox()
    shown = []
    for mc in snapshots:
        view.show(mc, PARAMS.mu)
        lo, hi = box.viewRange()[1]
        top = max(mc.mean_counts.max(), mc.median_counts.max())
        assert lo < 0 and top <= hi
        shown.append((lo, hi))
    assert len(snapshots) > 20 and len(set(shown)) <= len(snapshots) / 4
    done = snapshots[-1]
    assert done.finished
    top = max(done.mean_counts.max(), done.median_counts.max())
    assert box.viewRange()[1] == pytest.approx((-PAD * top, top * (1 + PAD)))
    _x, counts = view.mean.getData()
    assert np.array_equal(counts, done.mean_counts)
    figure.close()


def test_lp_marks_are_one_scatter_that_follows_p_without_redrawing_the_curve(
    qapp, snapshots, monkeypatch
):
    figure = ViewFigure(LpView)
    view = figure.view
    done = snapshots[-1]
    view.show(done, 4.0)
    marks = view.marks.data
    assert list(marks["x"]) == [1.0, 2.0, 4.0]
    assert list(marks["symbol"]) == ["s", "o", "d"]
    assert [b.color().name() for b in marks["brush"]] == [
        c.lower() for c in (L1_COLOR, L2_COLOR, LR_COLOR)
    ]
    want = [np.log10(lp_variance_at(done, q)) for q in (1.0, 2.0, 4.0)]
    assert list(marks["y"]) == pytest.approx(want)
    # the legend still names each mark, by its own proxy
    labels = [label.text for _sample, label in view.legend.items]
    assert labels[1:] == ["p = 1: median", "p = 2: mean", "chosen p"]
    # moving p moves the chosen mark only
    curve_calls = []
    monkeypatch.setattr(view.curve, "setData", lambda *a, **k: curve_calls.append(a))
    view.show(done, 5.5)
    assert curve_calls == []
    assert list(view.marks.data["x"]) == [1.0, 2.0, 5.5]
    # the y axis (log10 units) shows the whole curve, with room for the marks
    logs = np.log10(done.lp_var)
    lo, hi = view.plot.getViewBox().viewRange()[1]
    span = logs.max() - logs.min()
    assert (lo, hi) == pytest.approx((logs.min() - MARKS_PAD * span, logs.max() + MARKS_PAD * span))
    figure.close()


def test_lp_axis_stays_while_pass_two_streams(qapp, snapshots):
    figure = ViewFigure(LpView)
    view = figure.view
    box = view.plot.getViewBox()
    streaming = [mc for mc in snapshots if 2 <= mc.lp_done < mc.total]
    assert len(streaming) > 10
    shown = []
    for mc in streaming:
        view.show(mc, PARAMS.p)
        lo, hi = box.viewRange()[1]
        logs = np.log10(mc.lp_var)
        assert lo <= logs.min() and logs.max() <= hi
        shown.append((lo, hi))
    assert len(set(shown)) <= len(streaming) / 4
    figure.close()


def test_the_tab_streams_the_lp_view_and_ends_exact(qtbot, window):
    tab = window.tabs["likelihood"]
    window.tabs_widget.setCurrentWidget(tab)
    tab.views.setCurrentIndex(3)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=30_000)
    *_, mc = monte_carlo(tab.params())
    view = tab.figures[3].view
    logs = np.log10(mc.lp_var)
    span = logs.max() - logs.min()
    lo, hi = view.plot.getViewBox().viewRange()[1]
    assert (lo, hi) == pytest.approx((logs.min() - MARKS_PAD * span, logs.max() + MARKS_PAD * span))
    assert list(view.marks.data["x"]) == [1.0, 2.0, tab.params().p]


def test_histograms_are_not_set_again_while_pass_two_streams(qapp, snapshots, monkeypatch):
    figure = ViewFigure(MonteCarloView)
    view = figure.view
    calls = []
    original = view.mean.setData
    monkeypatch.setattr(view.mean, "setData", lambda *a, **k: calls.append(1) or original(*a, **k))
    pass_two = [mc for mc in snapshots if mc.done == mc.total]
    assert len(pass_two) > 10
    for mc in pass_two:
        view.show(mc, PARAMS.mu)
    assert len(calls) == 2  # the first snapshot of pass 2, and the finished one (exact axes)
    _x, counts = view.mean.getData()
    assert np.array_equal(counts, snapshots[-1].mean_counts)
    view.show(pass_two[-1], 0.5)  # another true μ moves the dashed line
    assert view.truth.value() == 0.5
    figure.close()


def test_an_unchanged_explanation_is_not_laid_out_again(qtbot, window, monkeypatch):
    tab = window.tabs["likelihood"]
    window.tabs_widget.setCurrentWidget(tab)
    tab.views.setCurrentIndex(3)
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=30_000)
    panel = tab.explanations[3]
    before = panel.toPlainText()
    calls = []
    monkeypatch.setattr(panel, "set_html", lambda html: calls.append(html))
    tab._stale.add(3)
    tab._draw_view(3)  # the same finished Monte Carlo drawn again: the same sentences
    assert calls == [] and panel.toPlainText() == before
    assert 3 not in tab._stale
