"""The Monte Carlo view's scatters: filled one per turn, the newest run's trials only."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from l1l2gui.core.regularization import RegularizationParams
from l1l2gui.core.regularization_mc import run_monte_carlo
from l1l2gui.gui.tabs.regularization.figure import MonteCarloView
from l1l2gui.gui.tabs.regularization.mc_figure import SCATTER_MAX, SCATTER_STEP

WAIT_MS = 60_000


def _last(params):
    *_, mc = run_monte_carlo(params)
    return mc


@pytest.fixture
def view(qtbot):
    v = MonteCarloView()
    qtbot.addWidget(v)
    return v


def _points(item) -> np.ndarray:
    x, y = item.getData()
    return np.column_stack([x, y])


def _counts(parts) -> list[int]:
    return [len(item.getData()[0]) for item in parts.scatter.values()]


def test_scatters_filled_one_per_call_with_the_first_trials(view):
    mc = _last(RegularizationParams(trials=1500, seed=3))
    parts = view.parts
    calls = 1
    while not parts.show(mc, SCATTER_STEP):
        assert sorted(_counts(parts)) == sorted([SCATTER_MAX] * calls + [0] * (6 - calls))
        calls += 1
    assert calls == len(parts.scatter) == 6
    for key, item in parts.scatter.items():
        np.testing.assert_array_equal(_points(item), mc.solutions[key][:SCATTER_MAX])
    assert parts.show(mc, SCATTER_STEP)  # nothing left to draw


def test_a_new_run_never_shows_the_old_runs_points(view):
    parts = view.parts
    first = _last(RegularizationParams(trials=300, seed=1))
    assert parts.show(first)  # all at once (an export)
    assert _counts(parts) == [300] * 6
    second = _last(dataclasses.replace(first.params, seed=2))
    assert not parts.show(second, 1)
    assert sorted(_counts(parts)) == [0] * 5 + [300]  # one filled, the others cleared
    assert parts.show(second)
    for key, item in parts.scatter.items():
        np.testing.assert_array_equal(_points(item), second.solutions[key])
    # a run that grows: a scatter drawn at 300 trials is drawn again at more
    last = _last(RegularizationParams(trials=3000, seed=4))
    early = dataclasses.replace(
        last, done=300, solutions={k: v[:300] for k, v in last.solutions.items()}
    )  # as a stream's first chunk
    assert parts.show(early) and _counts(parts) == [300] * 6
    assert parts.show(last) and _counts(parts) == [SCATTER_MAX] * 6


def test_tab_scatters_catch_up_after_the_run(window, qtbot):
    tab = window.tabs["regularization"]
    window.tabs_widget.setCurrentWidget(tab)
    tab.views.setCurrentIndex(1)
    tab.mc_form.set_values({"trials": 2000, "seed": 11})
    tab.recompute()
    qtbot.waitUntil(
        lambda: tab.monte_carlo is not None
        and tab.monte_carlo.params.seed == 11
        and tab.monte_carlo.finished,
        timeout=WAIT_MS,
    )
    mc, parts = tab.monte_carlo, tab.mc_view.parts
    qtbot.waitUntil(lambda: _counts(parts) == [SCATTER_MAX] * 6, timeout=WAIT_MS)
    for key, item in parts.scatter.items():
        np.testing.assert_array_equal(_points(item), mc.solutions[key][:SCATTER_MAX])
