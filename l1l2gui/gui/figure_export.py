"""PNG and SVG of a figure, drawn by Qt from the plot scene.

SVG goes through QtSvg's ``QSvgGenerator`` rather than pyqtgraph's
``SVGExporter``, which raises on PySide6 ≥ 6.11 (pyqtgraph#3485).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QEvent, QIODevice, QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView

from ..core.export import FIGURE_SUFFIXES, write_atomically
from .look import restyle_view
from .theme import PLOT_DARK, Look, current

PNG_SCALE = 2.0  # PNG pixels per on-screen pixel: crisp on slides
THEMES = ("light", "dark")  # exported figures are light (slides) unless asked for dark


def _paper(theme: str) -> QColor:
    return QColor(PLOT_DARK if theme == "dark" else "white")


def _render(
    view: QGraphicsView, painter: QPainter, target: QRectF, scale: float, theme: str
) -> None:
    if theme not in THEMES:
        raise ValueError(f"theme={theme!r}: must be one of {', '.join(THEMES)}")
    source = QRectF(view.viewport().rect())
    # a figure may draw differently for export (e.g. wider lines than on screen); the
    # export's colours go over that, and the app's look comes back after both
    style = getattr(view, "export_style", None)
    try:
        with style(scale) if style is not None else contextlib.nullcontext():
            restyle_view(view, Look(dark=theme == "dark"))
            # fonts back to normal size from presentation mode: lay the plots out again
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            view.scene().render(painter, target, view.mapToScene(source.toRect()).boundingRect())
    finally:
        restyle_view(view, current())
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def png_bytes(view: QGraphicsView, scale: float = PNG_SCALE, theme: str = "light") -> bytes:
    """The view's scene as PNG, ``scale`` times its on-screen size (crisp on slides)."""
    size = view.viewport().size()
    image = QImage(
        QSize(int(size.width() * scale), int(size.height() * scale)), QImage.Format.Format_ARGB32
    )
    image.fill(_paper(theme))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    _render(view, painter, QRectF(0, 0, image.width(), image.height()), scale, theme)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def svg_bytes(view: QGraphicsView, title: str = "l1l2gui figure", theme: str = "light") -> bytes:
    """The view's scene as SVG (vector curves and text)."""
    size = view.viewport().size()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    # QSvgGenerator assumes 72 dpi: the SVG's physical size would then be ~1.3× the view's
    generator.setViewBox(QRectF(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    # QSvgGenerator assumes 72 dpi; the scene's fonts and pens were laid out at the view's
    # dpi (96 on most screens), so text and axes would come out at 0.75 scale otherwise
    generator.setResolution(view.logicalDpiX())
    painter = QPainter(generator)
    painter.fillRect(QRectF(0, 0, size.width(), size.height()), _paper(theme))
    _render(view, painter, QRectF(0, 0, size.width(), size.height()), 1.0, theme)
    painter.end()
    buffer.close()
    return bytes(data.data())


def save_figure(view: QGraphicsView, path: str | os.PathLike[str], theme: str = "light") -> None:
    """Write ``view`` to ``path`` as PNG or SVG (by suffix), atomically; light (for
    slides) whatever the window shows, unless ``theme`` is "dark"."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        data = png_bytes(view, theme=theme)
    elif suffix == ".svg":
        data = svg_bytes(view, theme=theme)
    else:
        raise ValueError(f"out={path}: figures must end in {' or '.join(FIGURE_SUFFIXES)}")
    write_atomically(path, data)
