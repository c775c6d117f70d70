"""A one-point symbol that moves by its position, not by new data.

The Training tab's markers follow the shown step: seven of them move in every frame of
playing or scrubbing. ``ScatterPlotItem.setData`` rebuilds the item's spot table each
time (about 0.13 ms each); moving the item is a transform change of a few microseconds.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg


class PointMarker(pg.ScatterPlotItem):
    """``setData([x], [y])`` moves one spot to (x, y); any other data is set as usual."""

    def __init__(self, **opts) -> None:
        self._point: tuple[float, float] | None = None
        self._at_origin = False  # holds one spot at (0, 0), placed by the item's position
        super().__init__(**opts)

    def setData(self, *args, **kwargs) -> None:
        if len(args) == 2 and not kwargs and len(args[0]) == 1 and len(args[1]) == 1:
            x, y = float(args[0][0]), float(args[1][0])
            if math.isfinite(x) and math.isfinite(y):
                if not self._at_origin:
                    super().setData([0.0], [0.0])
                    self._at_origin = True
                self._point = (x, y)
                self.setPos(x, y)
                return
        self._point, self._at_origin = None, False
        self.setPos(0.0, 0.0)
        super().setData(*args, **kwargs)

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        if self._point is not None:
            return np.array([self._point[0]]), np.array([self._point[1]])
        return super().getData()
