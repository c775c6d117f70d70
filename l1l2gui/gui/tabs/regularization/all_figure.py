"""The four Regularization views in one figure, two by two: what the CLI's figure export draws."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pyqtgraph as pg
from PySide6.QtWidgets import QWidget

from ....core.coef_paths import PathsCV
from ....core.regularization_mc import RegularizationResult
from ...palette import apply_plot_style
from .figure import GeometryPlots
from .mc_figure import MonteCarloPlots
from .paths_view import PathsPlots
from .walkthrough_view import WalkthroughPlots


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
        for line in self.paths_parts.lines:
            line.setMovable(False)

    def show_result(self, result: RegularizationResult) -> None:
        """Draw a complete result (every part present)."""
        self.geometry_parts.show(result.geometry)
        self.geometry_parts.frame(result.params.center, result.params.radius)
        self.mc_parts.show(result.monte_carlo)
        if result.walkthrough is not None:
            self.walk_parts.draw(result.walkthrough)
        paths = result.paths
        if paths is not None:
            self.paths_parts.show_paths(PathsCV(paths.paths, paths.cv, paths.lasso_at_best))
            self.paths_parts.set_alpha(paths.at.alpha)

    @contextlib.contextmanager
    def export_style(self, scale: float) -> Iterator[None]:
        with self.geometry_parts.clipped():
            yield
