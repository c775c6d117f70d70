"""What tells L1 from L2 in a figure besides colour: line styles, symbols, fill patterns."""

from __future__ import annotations

from collections import defaultdict

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsView

from l1l2gui.gui.palette import L1_COLOR, L2_COLOR

COLORS = {L1_COLOR.lower(): "L1", L2_COLOR.lower(): "L2"}


def _dash(pen) -> tuple:
    if pen.style() == Qt.PenStyle.CustomDashLine:
        return ("custom", tuple(pen.dashPattern()))
    return (pen.style().name,)


def _pen_sig(pen) -> tuple[str | None, tuple]:
    if pen is None or isinstance(pen, list):
        return None, ()
    pen = pg.mkPen(pen)
    if pen.style() == Qt.PenStyle.NoPen:
        return None, ()
    # a line twice as wide reads apart in grey too
    return COLORS.get(pen.color().name().lower()), (*_dash(pen), round(pen.widthF() or 1.0))


def _brush_sig(brush) -> tuple[str | None, tuple]:
    if brush is None or isinstance(brush, list):
        return None, ()
    brush = pg.mkBrush(brush)
    if brush.style() == Qt.BrushStyle.NoBrush:
        return None, ()
    return COLORS.get(brush.color().name().lower()), (brush.style().name,)


def signatures(item) -> list[tuple[str, str, tuple]]:
    """(L1 or L2, what kind of mark, how it is drawn apart from colour) for ``item``."""
    out = []
    if isinstance(item, pg.PlotDataItem):
        o = item.opts
        who, how = _pen_sig(o["pen"])
        if who:
            out.append((who, "line", how))
        if o["symbol"] is not None:
            who, _ = _brush_sig(o["symbolBrush"])
            if who is None:
                who, _ = _pen_sig(o["symbolPen"])
            if who:
                out.append((who, "marker", (str(o["symbol"]),)))
    elif isinstance(item, pg.ScatterPlotItem) and not isinstance(
        item.parentItem(), pg.PlotDataItem
    ):
        data = item.data
        brushes = [b for b in data["brush"]] if len(data) else []
        symbols = [s for s in data["symbol"]] if len(data) else []
        for i, brush in enumerate(brushes or [None]):
            b = brush if brush is not None else item.opts["brush"]
            s = symbols[i] if symbols and symbols[i] is not None else item.opts["symbol"]
            who, _ = _brush_sig(b)
            if who:
                out.append((who, "marker", (str(s),)))
        if not brushes:
            who, _ = _brush_sig(item.opts["brush"])
            if who:
                out.append((who, "marker", (str(item.opts["symbol"]),)))
    elif isinstance(item, pg.InfiniteLine):
        who, how = _pen_sig(item.pen)
        if who:
            out.append((who, "line", how))
    elif isinstance(item, pg.BarGraphItem):
        who, how = _brush_sig(item.opts.get("brush"))
        if who:
            out.append((who, "bar", how + _pen_sig(item.opts.get("pen"))[1]))
    return out


def legend_items(view: pg.GraphicsView):
    for item in view.scene().items():
        if isinstance(item, pg.LegendItem):
            for sample, _label in item.items:
                if getattr(sample, "item", None) is not None:
                    yield item, sample.item


def hue_only(view) -> list[str]:
    """Marks of ``view`` where an L1 and an L2 one differ in colour alone (per plot, legend).

    L1 is a mark in ``L1_COLOR``, L2 one in ``L2_COLOR``; within one plot (and within one
    legend) no line style (with its width), marker symbol or bar fill may be used by both.
    A figure of several plot views (the run beside its landscape) is checked view by view.
    """
    if not isinstance(view, QGraphicsView):
        return [p for part in view.findChildren(QGraphicsView) for p in hue_only(part)]
    groups: dict[object, dict[str, dict[str, set]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(set))
    )
    for item in view.scene().items():
        # hidden items too: other parameters show them
        box = item.getViewBox() if hasattr(item, "getViewBox") else None
        for who, kind, how in signatures(item):
            groups[id(box)][kind][who].add(how)
    for legend, item in legend_items(view):
        for who, kind, how in signatures(item):
            groups[("legend", id(legend))][kind][who].add(how)
    problems = []
    for key, kinds in groups.items():
        for kind, by in kinds.items():
            common = by["L1"] & by["L2"]
            if common:
                problems.append(
                    f"{type(view).__name__} {'legend' if isinstance(key, tuple) else 'plot'}: "
                    f"L1 and L2 {kind}s both drawn {sorted(common)}"
                )
    return problems
