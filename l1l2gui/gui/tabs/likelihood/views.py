"""The Likelihood tab's view switch: four pages, each a figure beside its explanation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSlider,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...widgets.explanation import ExplanationPanel
from ...widgets.live_widgets import LiveLabel
from .figure import LpView, MonteCarloView, NoiseView, SampleView, ViewFigure

VIEW_TITLES = ("1 Noise → loss", "2 One sample", "3 Which estimator wins?", "4 Why not higher p?")
VIEW_TIPS = (
    "The noise's negative log-likelihood over the L2 parabola and the L1 V",
    "One sample's total L2, L1 and Huber loss and where each is smallest",
    "Monte Carlo: the mean (L2) against the median (L1) over many samples",
    "The variance of the L_p estimator for p from 1 to 6",
)
VIEW_TYPES = (NoiseView, SampleView, MonteCarloView, LpView)
LP_VIEW = 3


class ViewSwitch(QTabWidget):
    """One page per view; the L_p page has the p slider above its figure.

    ``on_link`` receives the href of a "try this" link clicked in any explanation.
    """

    def __init__(self, on_link: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.figures: list[ViewFigure] = []
        self.explanations: list[ExplanationPanel] = []
        self.p_slider = QSlider(Qt.Orientation.Horizontal)
        self.p_slider.setRange(4, 24)  # p = value / 4: 1 … 6 in steps of 0.25
        self.p_slider.setToolTip("the power p of Σ|y − c|ᵖ marked on the curve")
        self.p_label = LiveLabel()  # follows the slider every frame
        for i, (title, view_type) in enumerate(zip(VIEW_TITLES, VIEW_TYPES, strict=True)):
            figure = ViewFigure(view_type)
            panel = ExplanationPanel()
            panel.setOpenLinks(False)  # links set parameters; they never navigate away
            panel.anchorClicked.connect(lambda url: on_link(url.toString()))
            page = QWidget()
            col = QVBoxLayout(page)
            col.setContentsMargins(0, 0, 0, 0)
            if i == LP_VIEW:
                row = QHBoxLayout()
                row.addWidget(QLabel("p"))
                row.addWidget(self.p_slider, 1)
                row.addWidget(self.p_label)
                col.addLayout(row)
            split = QSplitter(Qt.Orientation.Horizontal)
            split.addWidget(figure)
            split.addWidget(panel)
            split.setStretchFactor(0, 1)
            split.setSizes([640, 340])
            col.addWidget(split, 1)
            self.setTabToolTip(self.addTab(page, title), VIEW_TIPS[i])
            self.figures.append(figure)
            self.explanations.append(panel)
