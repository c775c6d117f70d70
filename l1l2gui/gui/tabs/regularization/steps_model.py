"""The step-by-step view's table: one method's iterates, served row by row to a QTableView."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QColor

from ....core.walkthrough import COLUMNS
from ...palette import ERROR_COLOR
from ...theme import ink
from .walkthrough_text import num


class StepsModel(QAbstractTableModel):
    """The rows of one method's trace; the note's printed values beside the ones it got wrong."""

    HEADERS = ("step", "w", "MSE grad", "penalty grad", "full grad", "new w")
    HEADER_TIPS = (
        "the step number",
        "w before the step",
        "the gradient of the squared error (y − x·w)² at w",
        "what the penalty adds to the gradient (for proximal and clipped steps: the\n"
        "gradient that gives the step they take)",
        "MSE grad + penalty grad",
        "w after the step: w − α · full grad",
    )

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows = np.empty((0, len(COLUMNS)))
        self._notes: dict[tuple[int, int], float] = {}

    def show(self, rows: np.ndarray, notes: dict[tuple[int, int], float]) -> None:
        self.beginResetModel()
        self._rows, self._notes = rows, notes
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._rows.shape[0]

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        r, c = index.row(), index.column()
        note = self._notes.get((r, c - 1))
        if role == Qt.ItemDataRole.DisplayRole:
            if c == 0:
                return str(r + 1)
            text = num(float(self._rows[r, c - 1]))
            return f"{text}  (note: {num(note)})" if note is not None else text
        if role == Qt.ItemDataRole.ForegroundRole and note is not None:
            return QColor(ink(ERROR_COLOR))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
