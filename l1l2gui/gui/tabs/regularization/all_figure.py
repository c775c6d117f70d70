"""The Regularization views for the CLI's figure export: the four two by two, or one alone."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from ....core.coef_paths import PathsCV
from ....core.regularization_mc import RegularizationResult
from ...palette import apply_plot_style
from .figure import GeometryPlots, GeometryView, MonteCarloView
from .mc_figure import MonteCarloPlots
from .paths_view import PathsFigure, PathsPlots
from .walkthrough_view import WalkthroughFigure, WalkthroughPlots

# ``export regularization --view NAME``: the views as the tab orders them (after "all")
VIEWS = ("all", "geometry", "monte-carlo", "walkthrough", "paths")


class AllViewsFigure(pg.GraphicsLayoutWidget):
    """Weight plane and Monte Carlo above; one weight step by step and the diabetes paths below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        self.geometry_parts = GeometryPlots(self.ci.addLayout(row=0, col=0))
        self.mc_parts = MonteCarloPlots(self.ci.addLayout(row=0, col=1))
        self.walk_parts = WalkthroughPlots(self.ci.addLayout(row=1, col=0))
        self.paths_parts = PathsPlots(self.ci.addLayout(row=1, col=1))
        for k in (0, 1):
            self.ci.layout.setColumnStretchFactor(k, 1)
            self.ci.layout.setRowStretchFactor(k, 1)
        self.geometry_parts.target.movable = False
        self.walk_parts.fit_legend(700)

    def show_result(self, result: RegularizationResult) -> None:
        """Draw a complete result (every part present)."""
        self.geometry_parts.show(result.geometry)
        self.geometry_parts.frame(result.params.center, result.params.radius)
        self.mc_parts.show(result.monte_carlo)
        if result.walkthrough is not None:
            self.walk_parts.draw(result.walkthrough)
        _show_paths(self.paths_parts, result)

    @contextlib.contextmanager
    def export_style(self, scale: float) -> Iterator[None]:
        with self.geometry_parts.clipped():
            yield


def _show_paths(parts: PathsPlots, result: RegularizationResult) -> None:
    paths = result.paths
    if paths is not None:
        parts.show_paths(PathsCV(paths.paths, paths.cv, paths.lasso_at_best))
        parts.set_alpha(paths.at.alpha)
    for line in parts.lines:
        line.setMovable(False)


def view_figure(result: RegularizationResult, view: str, width: int, height: int):
    """One view of a complete result as the tab draws it, or all four (``view="all"``)."""
    if view not in VIEWS:
        raise ValueError(f"--view {view}: the regularization tab's views are {', '.join(VIEWS)}")
    if view == "walkthrough" and result.walkthrough is None:
        raise ValueError("--view walkthrough: this result holds no walkthrough")
    if view == "paths" and result.paths is None:
        raise ValueError("--view paths: this result holds no coefficient paths")
    if view == "all":
        figure = AllViewsFigure()
        figure.resize(width, height)
        figure.show_result(result)
        return figure
    figure = {
        "geometry": GeometryView,
        "monte-carlo": MonteCarloView,
        "walkthrough": WalkthroughFigure,
        "paths": PathsFigure,
    }[view]()
    figure.resize(width, height)
    if view == "geometry":
        figure.parts.target.movable = False
        figure.parts.show(result.geometry)
        figure.parts.frame(result.params.center, result.params.radius)
    elif view == "monte-carlo":
        figure.parts.show(result.monte_carlo)
    elif view == "walkthrough":
        figure.parts.draw(result.walkthrough)
    else:
        _show_paths(figure.parts, result)
    return figure
