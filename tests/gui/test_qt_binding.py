"""The installed Qt binding must not corrupt reference counts while painting.

PySide6 6.12.0 drops a reference to ``None`` on every void ``QPainter`` call under
CPython 3.11, so a window that repaints long enough aborts with "deallocating
None". pyproject excludes it; this test catches any binding with the same fault.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QImage, QPainter


def test_painting_keeps_the_reference_count_of_none(qapp):
    image = QImage(32, 32, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        before = sys.getrefcount(None)
        for _ in range(500):
            painter.setPen(Qt.GlobalColor.red)
            painter.drawLine(QLineF(0, 0, 10, 10))
            painter.drawRect(QRectF(1, 1, 5, 5))
        drift = sys.getrefcount(None) - before
    finally:
        painter.end()
    assert abs(drift) < 100, f"None lost {-drift} references in 1500 QPainter calls"
