"""A one-point symbol that moves by its position, not by new data.

The Training tab's markers follow the shown step: seven of them move in every frame of
playing or scrubbing. ``ScatterPlotItem.setData`` rebuilds the item's spot table each
time (about 0.13 ms each); moving the item is a transform change of a few microseconds.

Its bounding rectangle (the spot at the origin, padded by the symbol's size in pixels)
is kept until the view's scale or the symbol changes: pyqtgraph's scatter recomputes it
from the device transform on every call, and a zoom of the Training figure asks the
markers for it a few hundred times (about 1.2 s of a 10 s zoom scenario).
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
        self._bounds: object | None = None  # the cached bounding rectangle (a QRectF)
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
        self._bounds = None
        super().setData(*args, **kwargs)

    def boundingRect(self):
        if self._bounds is None:
            self._bounds = super().boundingRect()
        return self._bounds

    # whatever changes the spot's size in the item's coordinates forgets the rectangle
    def prepareGeometryChange(self) -> None:
        self._bounds = None
        super().prepareGeometryChange()

    def viewTransformChanged(self) -> None:
        self._bounds = None
        super().viewTransformChanged()

    def updateSpots(self, dataSet=None) -> None:
        self._bounds = None
        super().updateSpots(dataSet)

    def invalidate(self) -> None:
        self._bounds = None
        super().invalidate()

    def getData(self) -> tuple[np.ndarray, np.ndarray]:
        if self._point is not None:
            return np.array([self._point[0]]), np.array([self._point[1]])
        return super().getData()
