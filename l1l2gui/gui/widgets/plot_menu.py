"""Route pyqtgraph's right-click "Export…" to the app's own export.

pyqtgraph's export dialog offers an SVG exporter that raises on Qt ≥ 6.11 and a
Matplotlib exporter for a package the app does not ship: a click there printed
a traceback and wrote nothing. Every tab's plots call :func:`route_export` so the
menu entry opens the same dialog as File → Export figure.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QGraphicsView

EXPORT_TEXT = "Export figure…"


def route_export(view: QGraphicsView, export: Callable[[], None] | None) -> QAction:
    """Make the scene's context-menu export call ``export``; with ``None`` the entry is removed.

    Returns the action that now stands in the menu (or the removed one).
    """
    scene = view.scene()
    old = scene.contextMenu[0]
    if export is None:
        scene.contextMenu = [a for a in scene.contextMenu if a is not old]
        return old
    action = QAction(EXPORT_TEXT, scene)
    action.triggered.connect(lambda _checked=False: export())
    scene.contextMenu = [action if a is old else a for a in scene.contextMenu]
    return action
