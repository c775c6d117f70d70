"""PNG and SVG of a figure, drawn by Qt from the plot scene.

SVG goes through QtSvg's ``QSvgGenerator`` rather than pyqtgraph's
``SVGExporter``, which raises on PySide6 ≥ 6.11 (pyqtgraph#3485).

A figure is one plot view (a ``QGraphicsView``) or a widget holding several laid
out side by side (the run beside its loss landscape): each visible view in it is
drawn where it sits, so the file shows what the screen shows.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QPoint,
    QRect,
    QRectF,
    QSize,
)
from PySide6.QtGui import QColor, QImage, QPainter, QTransform
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

from ..core.export import FIGURE_SUFFIXES, write_atomically
from .look import restyle_view
from .svg_coordinates import device_coordinates
from .theme import PLOT_DARK, Look, current

PNG_SCALE = 2.0  # PNG pixels per on-screen pixel: crisp on slides
THEMES = ("light", "dark")  # exported figures are light (slides) unless asked for dark


def _paper(theme: str) -> QColor:
    if theme not in THEMES:
        raise ValueError(f"theme={theme!r}: must be one of {', '.join(THEMES)}")
    return QColor(PLOT_DARK if theme == "dark" else "white")


def _parts(figure: QWidget) -> list[tuple[QGraphicsView, QRect]]:
    """The plot views to draw and where each sits in the figure (figure coordinates)."""
    if isinstance(figure, QGraphicsView):
        return [(figure, figure.viewport().rect())]
    parts = []
    for view in figure.findChildren(QGraphicsView):
        port = view.viewport()
        if view.isVisibleTo(figure) and port.width() > 0 and port.height() > 0:
            parts.append((view, QRect(port.mapTo(figure, QPoint(0, 0)), port.size())))
    if not parts:
        raise ValueError("the figure holds no plot to export")
    return parts


def figure_size(figure: QWidget) -> QSize:
    """The on-screen size of what :func:`png_bytes` and :func:`svg_bytes` draw of ``figure``."""
    box = QRect()
    for _view, rect in _parts(figure):
        box = box.united(rect)
    return QSize(box.right() + 1, box.bottom() + 1)


def _render(figure: QWidget, painter: QPainter, scale: float, theme: str) -> None:
    for view, rect in _parts(figure):
        target = QRectF(rect.x() * scale, rect.y() * scale, rect.width() * scale,
                        rect.height() * scale)  # fmt: skip
        # a figure may draw differently for export (e.g. wider lines than on screen); the
        # export's colours go over that, and the app's look comes back after both
        style = getattr(view, "export_style", None)
        try:
            with style(scale) if style is not None else contextlib.nullcontext():
                restyle_view(view, Look(dark=theme == "dark"))
                # fonts back to normal size from presentation mode: lay the plots out again
                QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
                source = view.mapToScene(view.viewport().rect()).boundingRect()
                view.scene().render(painter, target, source)
        finally:
            restyle_view(view, current())
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _scene_to_target(view: QGraphicsView, rect: QRect, scale: float) -> QTransform:
    """The painter transform ``QGraphicsScene.render`` uses for ``view`` drawn into ``rect``."""
    source = view.mapToScene(view.viewport().rect()).boundingRect()
    ratio = scale * min(rect.width() / source.width(), rect.height() / source.height())
    return (
        QTransform.fromTranslate(-source.x(), -source.y())
        * QTransform.fromScale(ratio, ratio)
        * QTransform.fromTranslate(rect.x() * scale, rect.y() * scale)
    )


def _plot_clips(figure: QWidget, scale: float = 1.0) -> list[tuple[tuple, tuple]]:
    """Each visible plot's data-to-device transform and its rectangle on the device."""
    clips = []
    for view, rect in _parts(figure):
        to_target = _scene_to_target(view, rect, scale)
        for item in view.scene().items():
            clipping = item.flags() & QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape
            if not (isinstance(item, pg.ViewBox) and clipping and item.isVisible()):
                continue
            t = item.childGroup.sceneTransform() * to_target
            box = to_target.mapRect(item.sceneBoundingRect())
            clips.append(
                (
                    (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy()),
                    (box.x(), box.y(), box.width(), box.height()),
                )
            )
    return clips


def png_bytes(figure: QWidget, scale: float = PNG_SCALE, theme: str = "light") -> bytes:
    """The figure as PNG, ``scale`` times its on-screen size (crisp on slides)."""
    paper = _paper(theme)
    size = figure_size(figure)
    image = QImage(
        QSize(int(size.width() * scale), int(size.height() * scale)), QImage.Format.Format_ARGB32
    )
    image.fill(paper)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    _render(figure, painter, scale, theme)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def svg_bytes(figure: QWidget, title: str = "l1l2gui figure", theme: str = "light") -> bytes:
    """The figure as SVG (vector curves and text), with the PNG's geometry at scale 1."""
    paper = _paper(theme)
    size = figure_size(figure)
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
    generator.setResolution(figure.logicalDpiX())
    painter = QPainter(generator)
    painter.fillRect(QRectF(0, 0, size.width(), size.height()), paper)
    _render(figure, painter, 1.0, theme)
    painter.end()
    buffer.close()
    # cosmetic pens come out in data coordinates with vector-effect, which librsvg and
    # ImageMagick ignore (1-px lines scaled into solid blocks): map them to the device;
    # the plots' clipping is lost too: clip what each plot draws to its rectangle
    return device_coordinates(
        bytes(data.data()), _plot_clips(figure), (size.width(), size.height())
    )


def save_figure(figure: QWidget, path: str | os.PathLike[str], theme: str = "light") -> None:
    """Write ``figure`` to ``path`` as PNG or SVG (by suffix), atomically; light (for
    slides) whatever the window shows, unless ``theme`` is "dark"."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".png":
        data = png_bytes(figure, theme=theme)
    elif suffix == ".svg":
        data = svg_bytes(figure, theme=theme)
    else:
        raise ValueError(f"out={path}: figures must end in {' or '.join(FIGURE_SUFFIXES)}")
    write_atomically(path, data)
