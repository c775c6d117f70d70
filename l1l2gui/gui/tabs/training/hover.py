"""Hover read-outs: what lies under the pointer, in a small box beside it.

:func:`place_hover` positions a TextItem so it stays inside the plot (left of the
pointer in the right half); :class:`RunHover` reads step, w and loss of every kind
off the run figure's plots at the step under the pointer.
"""

from __future__ import annotations

import math

import pyqtgraph as pg

from ....core.descent import TrainingRun
from .notes import display_name, num


def hover_item(plot: pg.PlotItem) -> pg.TextItem:
    """A hidden read-out box added to ``plot`` (outside its auto-range)."""
    item = pg.TextItem(color="#222222", fill=pg.mkBrush(255, 255, 255, 225), anchor=(0, 1))
    item.setZValue(50)
    item.hide()
    plot.addItem(item, ignoreBounds=True)
    return item


def place_hover(item: pg.TextItem, box: pg.ViewBox, x: float, y: float, text: str) -> None:
    """Show ``text`` at (x, y), on the side of the pointer with room for it.

    A box wider (or taller) than the room on either side is pushed against the
    plot's edge instead, so no line is cut off.
    """
    item.setText(text)
    size = item.textItem.boundingRect()
    rect = box.sceneBoundingRect()
    at = box.mapViewToScene(pg.Point(x, y))
    width, height = size.width() + 4, size.height() + 4
    # horizontally: right of the pointer if it fits, else left, else from the plot's edge
    if at.x() + width <= rect.right():
        left = at.x()
    elif at.x() - width >= rect.left():
        left = at.x() - width
    else:
        left = max(rect.left(), rect.right() - width)
    # vertically: above the pointer if it fits, else below, else from the top
    if at.y() - height >= rect.top():
        top = at.y() - height
    elif at.y() + height <= rect.bottom():
        top = at.y()
    else:
        top = rect.top()
    item.setAnchor((0, 0))
    item.setPos(box.mapSceneToView(pg.Point(left, top)))
    item.show()


def run_hover_text(run: TrainingRun, step: int, plot: str) -> str:
    """Step, and per kind w and loss at ``step`` (``plot`` "lr": the learning rate)."""
    lines = [f"step {step:,}"]
    if plot == "lr":
        if step < run.lr.size:
            lines.append(f"lr = {num(float(run.lr[step]))}")
        return "\n".join(lines)
    for kind, trace in run.traces.items():
        if step < trace.w.size and math.isfinite(float(trace.w[step])):
            w, loss = float(trace.w[step]), float(trace.loss[step])
            lines.append(f"{display_name(kind)}: w = {num(w)}, loss = {num(loss)}")
        elif trace.diverged_at is not None and step >= trace.diverged_at:
            lines.append(f"{display_name(kind)}: diverged at step {trace.diverged_at}")
    return "\n".join(lines)


class RunHover:
    """Read-outs on the run figure's three plots (loss, w, learning rate)."""

    def __init__(self, figure) -> None:
        self.figure = figure
        self.items = {
            name: hover_item(plot)
            for name, plot in (
                ("loss", figure.loss_plot),
                ("w", figure.w_plot),
                ("lr", figure.lr_plot),
            )
        }
        self.text = ""
        figure.scene().sigMouseMoved.connect(self.on_move)

    def on_move(self, pos) -> None:
        figure = self.figure
        shown = getattr(figure, "_shown", None)
        plots = (("loss", figure.loss_plot), ("w", figure.w_plot), ("lr", figure.lr_plot))
        for name, plot in plots:
            item, box = self.items[name], plot.getViewBox()
            if shown is None or not box.sceneBoundingRect().contains(pos):
                item.hide()
                continue
            run = shown[0]
            p = box.mapSceneToView(pos)
            step = round(p.x())
            if not 0 <= step <= run.steps_done:
                item.hide()
                continue
            self.text = run_hover_text(run, step, name)
            place_hover(item, box, p.x(), p.y(), self.text)
