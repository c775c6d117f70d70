"""The scrubber: a slider over the run's steps, for the Training tab's transport.

Dragging moves the shown step live (the tab redraws cursors, markers and readout
per move); :attr:`Scrubber.released` tells the tab the drag ended, so it can do
what is too slow per move (the explanation's full text).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSlider, QWidget


class Scrubber(QWidget):
    """A slider over steps 0 … steps; ``moved(step)`` only for the user's own moves."""

    moved = Signal(int)
    released = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, 0)
        self.slider.setToolTip("Drag to show any step of the run (← → step by one)")
        self.label = QLabel("step")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label)
        row.addWidget(self.slider, 1)
        self.slider.valueChanged.connect(self._on_value)
        self.slider.sliderReleased.connect(self.released)

    def set_range(self, steps: int) -> None:
        if self.slider.maximum() != steps:
            self.slider.blockSignals(True)
            self.slider.setRange(0, steps)
            self.slider.setPageStep(max(1, steps // 20))
            self.slider.blockSignals(False)

    def set_step(self, step: int) -> None:
        """Follow the shown step (playing, stepping) without emitting ``moved``."""
        if self.slider.value() != step:
            self.slider.blockSignals(True)
            self.slider.setValue(step)
            self.slider.blockSignals(False)

    @property
    def dragging(self) -> bool:
        return self.slider.isSliderDown()

    def _on_value(self, value: int) -> None:
        self.moved.emit(value)
        if not self.slider.isSliderDown():  # keys, clicks on the groove: no release follows
            self.released.emit()
