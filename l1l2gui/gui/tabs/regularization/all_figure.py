"""The four Regularization views in one figure, two by two, or one of them: the CLI's figure."""

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

# the CLI's ``--view`` names: the four views together, or one of them
VIEWS = ("all", "geometry", "montecarlo", "walkthrough", "paths")


class AllViewsFigure(pg.GraphicsLayoutWidget):
    """Weight plane and Monte Carlo above; one weight step by step and the diabetes paths below.

    ``view`` other than "all" draws that view alone.
    """

    def __init__(self, parent: QWidget | None = None, view: str = "all") -> None:
        apply_plot_style()
        super().__init__(parent)
        self.setBackground("w")
        cells = {"geometry": (0, 0), "montecarlo": (0, 1), "walkthrough": (1, 0), "paths": (1, 1)}
        if view != "all":
            cells = {view: (0, 0)}

        def cell(name):
            return self.ci.addLayout(*cells[name]) if name in cells else None

        geometry, mc, walk, paths = (cell(name) for name in VIEWS[1:])
        self.geometry_parts = GeometryPlots(geometry) if geometry is not None else None
        self.mc_parts = MonteCarloPlots(mc) if mc is not None else None
        self.walk_parts = WalkthroughPlots(walk) if walk is not None else None
        self.paths_parts = PathsPlots(paths) if paths is not None else None
        for k in (0, 1) if view == "all" else ():
            self.ci.layout.setColumnStretchFactor(k, 1)
            self.ci.layout.setRowStretchFactor(k, 1)
        if self.geometry_parts is not None:
            self.geometry_parts.target.movable = False
        if self.walk_parts is not None:
            self.walk_parts.fit_legend(700)
        for line in self.paths_parts.lines if self.paths_parts is not None else ():
            line.setMovable(False)

    def show_result(self, result: RegularizationResult) -> None:
        """Draw a complete result (every part present)."""
        if self.geometry_parts is not None:
            self.geometry_parts.show(result.geometry)
            self.geometry_parts.frame(result.params.center, result.params.radius)
        if self.mc_parts is not None:
            self.mc_parts.show(result.monte_carlo)
        if result.walkthrough is not None and self.walk_parts is not None:
            self.walk_parts.draw(result.walkthrough)
        paths = result.paths
        if paths is not None and self.paths_parts is not None:
            self.paths_parts.show_paths(PathsCV(paths.paths, paths.cv, paths.lasso_at_best))
            self.paths_parts.set_alpha(paths.at.alpha)

    @contextlib.contextmanager
    def export_style(self, scale: float) -> Iterator[None]:
        parts = self.geometry_parts
        with parts.clipped() if parts is not None else contextlib.nullcontext():
            yield
