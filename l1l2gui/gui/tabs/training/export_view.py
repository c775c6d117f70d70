"""The Training tab's figures for the CLI: the run beside its loss landscape, or the
verdict over many seeds (``export training --view run|seeds``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter

from ....core.descent import TrainingRun
from ....core.descent_facts import descent_facts
from ....core.descent_landscape import landscape
from ....core.descent_seeds import seeds_verdict
from .figure import TrainingFigure
from .landscape import LandscapeView
from .seeds_view import SeedsView

VIEWS = ("run", "seeds")
RUN_STRETCH = (3, 2)  # the run and the landscape share the width as in the tab


def run_view(run: TrainingRun, width: int, height: int) -> QSplitter:
    """The run's plots with the landscape beside them, at the run's last step."""
    split = QSplitter(Qt.Orientation.Horizontal)
    figure = TrainingFigure()
    figure.show_run(run, run.steps_done, descent_facts(run.params))
    side = LandscapeView()
    side.set_landscape(landscape(run.params, run))
    side.show_step(run, run.steps_done)
    split.addWidget(figure)
    split.addWidget(side)
    split.resize(width, height)
    total = sum(RUN_STRETCH)
    split.setSizes([width * RUN_STRETCH[0] // total, width * RUN_STRETCH[1] // total])
    split.figure, split.landscape = figure, side  # the parts, for callers and tests
    return split


def seeds_figure(run: TrainingRun, width: int, height: int):
    """The strip plot over seeds of a run computed with ``seeds_repeat`` > 0."""
    seeds = run.over_seeds
    if seeds is None:
        raise ValueError("--view seeds: nothing to draw with seeds_repeat=0 (set it above 0)")
    view = SeedsView()
    view.show_result(seeds, seeds_verdict(seeds))
    figure = view.plot
    figure.setParent(None)  # a window of its own; the buttons and sentences stay behind
    figure._view = view  # keeps the Python side of the dots alive with the figure
    figure.resize(width, height)
    return figure


def export_view(run: TrainingRun, width: int, height: int, view: str):
    if view not in VIEWS:
        raise ValueError(f"--view {view}: the training tab's views are {', '.join(VIEWS)}")
    return run_view(run, width, height) if view == "run" else seeds_figure(run, width, height)
