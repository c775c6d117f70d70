"""Restyle what is already on screen for a :class:`~.theme.Look`: every plot item of every
view, style sheets, rich-text labels and tables, found by walking the widgets.

Figures are built in light colours at normal size and keep doing so (their code knows
nothing of the look). A walk swaps ink colours (:data:`.theme.DARK_INK`) and scales fonts
and line widths. What the figure's code set is remembered on the item with what the walk
put there; when the walk meets a value it did not put there, the code has changed it since,
and that becomes the new original. So a walk back to the light, normal look restores
exactly what the code drew, and a new view needs no code of its own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractGraphicsShapeItem,
    QApplication,
    QGraphicsItem,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTextEdit,
    QWidget,
)

from .theme import LIGHT, Look, base_font, current, ink_color, map_text

CURVE_MIN = 2.5  # px: a one-pixel curve on a projector


def _same(a, b) -> bool:
    if isinstance(a, (list, tuple, np.ndarray)) or isinstance(b, (list, tuple, np.ndarray)):
        return a is b
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


_LOOK = "_l1l2_look"  # per item: {property: (original, what the walk set, for which look)}


def _swap(obj, key: str, get: Callable, put: Callable, make: Callable) -> None:
    """``put(make(original))``, where original is what the code last set (see module doc)."""
    records = obj.__dict__.setdefault(_LOOK, {})
    look = records.get("look")
    current = get()
    record = records.get(key)
    ours = record is not None and _same(current, record[1])
    if ours and record[2] == look:
        return  # already drawn in this look (a walk on a tab switch is mostly this)
    base = record[0] if ours else current
    value = make(base)
    if (value is not None or base is None) and not _same(value, current):
        put(value)
    records[key] = (base, get(), look)


# ------------------------------------------------------------- pens, brushes, fonts
def _pen(base, look: Look, widen: str = "") -> QPen | None:
    if base is None or isinstance(base, (list, np.ndarray)):
        return None  # no line, or one pen per point (data colours): left as drawn
    pen = QPen(pg.mkPen(base))
    pen.setColor(ink_color(pen.color(), look.dark))
    if look.scale != 1.0 and widen:
        width = pen.widthF() or 1.0
        width *= look.scale
        pen.setWidthF(max(CURVE_MIN, width) if widen == "curve" else width)
    return pen


def _brush(base, look: Look) -> QBrush | None:
    if base is None or isinstance(base, (list, np.ndarray)):
        return None
    brush = QBrush(pg.mkBrush(base))
    brush.setColor(ink_color(brush.color(), look.dark))
    return brush


def _color(base, look: Look, default: str = "#222222") -> QColor:
    """The colour of a text (a label, a text item): data colours are lightened in the dark."""
    return ink_color(pg.mkColor(base if base is not None else default), look.dark, text=True)


_SIZE = re.compile(r"^\s*([0-9.]+)\s*(pt|px)\s*$")


def _size(base: str | None, look: Look) -> str | None:
    match = _SIZE.match(base or "")
    if match is None or look.scale == 1.0:
        return base
    return f"{float(match.group(1)) * look.scale:g}{match.group(2)}"


def _font(base: QFont, look: Look) -> QFont:
    font = QFont(base)
    if look.scale != 1.0 and base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * look.scale)
    return font


# ------------------------------------------------------------------- item kinds
def _set_antialias(item: pg.PlotDataItem, on: bool) -> None:
    item.opts["antialias"] = on
    item.updateItems(styleUpdate=True)


def _data_item(item: pg.PlotDataItem, look: Look) -> None:
    o = item.opts
    # a wide antialiased pen goes through Qt's general stroker: 20–200× slower than a
    # one-pixel line on a dense curve (a frame of a 100,000-step run then takes ~1 s);
    # drawn aliased, wide curves cost about what thin ones do
    _swap(
        item, "aa", lambda: o["antialias"], lambda v: _set_antialias(item, v),
        lambda b: b if look.scale == 1.0 else False,
    )  # fmt: skip
    _swap(item, "pen", lambda: o["pen"], item.setPen, lambda b: _pen(b, look, "curve"))
    _swap(item, "shadow", lambda: o["shadowPen"], item.setShadowPen, lambda b: _pen(b, look))
    _swap(item, "spen", lambda: o["symbolPen"], item.setSymbolPen, lambda b: _pen(b, look))
    _swap(item, "sbrush", lambda: o["symbolBrush"], item.setSymbolBrush, lambda b: _brush(b, look))
    _swap(item, "fill", lambda: o["fillBrush"], item.setFillBrush, lambda b: _brush(b, look))


def _curve(item: pg.PlotCurveItem, look: Look) -> None:
    if isinstance(item.parentItem(), pg.PlotDataItem):
        return  # drawn from its PlotDataItem's options
    o = item.opts
    _swap(item, "pen", lambda: o["pen"], item.setPen, lambda b: _pen(b, look, "curve"))
    _swap(item, "brush", lambda: o["brush"], item.setBrush, lambda b: _brush(b, look))


def _scatter(item: pg.ScatterPlotItem, look: Look) -> None:
    if isinstance(item.parentItem(), pg.PlotDataItem):
        return
    o = item.opts
    _swap(item, "pen", lambda: o["pen"], item.setPen, lambda b: _pen(b, look))
    _swap(item, "brush", lambda: o["brush"], item.setBrush, lambda b: _brush(b, look))


def _bars(item: pg.BarGraphItem, look: Look) -> None:
    o = item.opts
    _swap(item, "pen", lambda: o.get("pen"), lambda v: item.setOpts(pen=v), lambda b: _pen(b, look))
    _swap(
        item, "brush", lambda: o.get("brush"), lambda v: item.setOpts(brush=v),
        lambda b: _brush(b, look),
    )  # fmt: skip


def _line(item: pg.InfiniteLine, look: Look) -> None:
    _swap(item, "pen", lambda: item.pen, item.setPen, lambda b: _pen(b, look, "line"))
    _swap(item, "hover", lambda: item.hoverPen, item.setHoverPen, lambda b: _pen(b, look, "line"))


def _region(item: pg.LinearRegionItem, look: Look) -> None:
    _swap(item, "brush", lambda: item.brush, item.setBrush, lambda b: _brush(b, look))
    _swap(item, "hover", lambda: item.hoverBrush, item.setHoverBrush, lambda b: _brush(b, look))


def _target(item: pg.TargetItem, look: Look) -> None:
    _swap(item, "pen", lambda: item.pen, item.setPen, lambda b: _pen(b, look, "line"))
    _swap(item, "hpen", lambda: item.hoverPen, item.setHoverPen, lambda b: _pen(b, look, "line"))
    _swap(item, "brush", lambda: item.brush, item.setBrush, lambda b: _brush(b, look))
    _swap(item, "hbrush", lambda: item.hoverBrush, item.setHoverBrush, lambda b: _brush(b, look))


def _set_fill(item: pg.TextItem, brush: QBrush) -> None:
    item.fill = brush
    item.update()


def _text(item: pg.TextItem, look: Look) -> None:
    _swap(item, "color", lambda: item.color, item.setColor, lambda b: _color(b, look))
    _swap(item, "fill", lambda: item.fill, lambda v: _set_fill(item, v), lambda b: _brush(b, look))
    font = item.textItem.font
    _swap(item, "font", font, item.setFont, lambda b: _font(b, look))


def _label(item: pg.LabelItem, look: Look) -> None:
    def put(key: str, value) -> None:
        if value is None and key == "size":  # no size: the scene's font
            item.opts.pop(key, None)
        else:
            item.opts[key] = value
        item.setText(item.text)

    def make_color(base):
        if not look.dark and base is None:
            return base  # as the code left it (pyqtgraph's foreground)
        if not look.dark and isinstance(base, str):
            # the code's own spelling, unless a data colour as text darkens (LIGHT_TEXT)
            shown = _color(base, look).name()
            return base if shown == pg.mkColor(base).name() else shown
        return _color(base, look).name()

    color = lambda: item.opts.get("color")  # noqa: E731
    _swap(item, "color", color, lambda v: put("color", v), make_color)
    # a title written as HTML carries its own colours (the paths' "Lasso (L1)" in blue)
    _swap(
        item, "text", lambda: item.text, item.setText,
        lambda b: map_text(b, look.dark) if isinstance(b, str) and "#" in b else b,
    )  # fmt: skip
    size = lambda: item.opts.get("size")  # noqa: E731
    _swap(item, "size", size, lambda v: put("size", v), lambda b: _size(b, look))


def _legend(item: pg.LegendItem, look: Look) -> None:
    # a legend makes labels as entries are added (often after this walk): they are styled
    # as they come; its samples draw from items that are often not in the scene (proxies)
    if "addItem" not in item.__dict__:
        add = item.addItem

        def add_styled(sample_of, name, _add=add, _legend=item) -> None:
            _add(sample_of, name)
            _sample, label = _legend.items[-1]
            look = current()
            restyle_item(label, look)  # in light too: a label in a data colour darkens
            if look != LIGHT:
                _samples(_legend, look)

        item.addItem = add_styled
    _samples(item, look)


def _samples(item: pg.LegendItem, look: Look) -> None:
    for sample, _label_item in item.items:
        target = getattr(sample, "item", None)
        if isinstance(target, QGraphicsItem) and target.scene() is None:
            restyle_item(target, look)
        sample.update()


def _axis(item: pg.AxisItem, look: Look) -> None:
    _swap(item, "pen", lambda: item._pen, item.setPen, lambda b: _pen(b or "#222222", look))
    _swap(
        item, "text", lambda: item._textPen, item.setTextPen,
        lambda b: _pen(b or "#222222", look),
    )  # fmt: skip
    # tick numbers follow the scene's font (the application's, larger in presentation
    # mode) unless given one: set it, so an export from presentation mode is normal size
    for key, setter in (("fixedWidth", item.setWidth), ("fixedHeight", item.setHeight)):
        _swap(
            item, key, lambda k=key: getattr(item, k), setter,
            lambda b: None if b is None else b * look.scale,
        )  # fmt: skip
    # hideOverlappingLabels: True, False or a margin in pixels a label may reach past the end
    _swap(
        item, "overlap", lambda: item.style["hideOverlappingLabels"],
        lambda v: item.setStyle(hideOverlappingLabels=v),
        lambda b: b if isinstance(b, bool) else b * look.scale,
    )  # fmt: skip
    font = _font(base_font(), look)
    if item.style["tickFont"] != font:
        item.setStyle(tickFont=font)
    if item.label.font() != font:
        item.label.setFont(font)
        item._updateLabel()


def _layout(item: pg.GraphicsLayout, look: Look) -> None:
    # margins kept for labels that reach past a plot's end grow with the type
    layout = item.layout
    _swap(
        item, "margins", layout.getContentsMargins, lambda v: layout.setContentsMargins(*v),
        lambda b: tuple(m * look.scale for m in b),
    )  # fmt: skip


def _shape(item: QAbstractGraphicsShapeItem, look: Look) -> None:
    _swap(item, "pen", item.pen, item.setPen, lambda b: _pen(b, look, "line"))
    _swap(item, "brush", item.brush, item.setBrush, lambda b: _brush(b, look))


_KINDS: tuple[tuple[type, Callable[[QGraphicsItem, Look], None]], ...] = (
    (pg.PlotDataItem, _data_item),
    (pg.PlotCurveItem, _curve),
    (pg.ScatterPlotItem, _scatter),
    (pg.BarGraphItem, _bars),
    (pg.InfiniteLine, _line),
    (pg.LinearRegionItem, _region),
    (pg.TargetItem, _target),
    (pg.TextItem, _text),
    (pg.LabelItem, _label),
    (pg.LegendItem, _legend),
    (pg.AxisItem, _axis),
    (pg.GraphicsLayout, _layout),
    (QAbstractGraphicsShapeItem, _shape),
)


def restyle_item(item: QGraphicsItem, look: Look) -> None:
    for kind, restyle in _KINDS:
        if isinstance(item, kind):
            item.__dict__.setdefault(_LOOK, {})["look"] = look
            restyle(item, look)
            return


def restyle_view(view: pg.GraphicsView, look: Look = LIGHT) -> None:
    """Every item of ``view``'s scene, and its background, in ``look``."""
    view.__dict__.setdefault(_LOOK, {})["look"] = look
    _swap(
        view, "background", lambda: view.backgroundBrush().color(), view.setBackground,
        lambda b: ink_color(b, look.dark),
    )  # fmt: skip
    for item in view.scene().items():
        restyle_item(item, look)


# ----------------------------------------------------------------------- widgets
def _widget(widget: QWidget, look: Look) -> None:
    sheet = widget.styleSheet()
    if "#" in sheet:
        mapped = map_text(sheet, look.dark)
        if mapped != sheet:  # a style sheet set again polishes the widget again
            widget.setStyleSheet(mapped)
    if isinstance(widget, QLabel) and "#" in widget.text():
        text = widget.text()
        mapped = map_text(text, look.dark)
        if mapped != text:
            widget.setText(mapped)
    if isinstance(widget, QTableWidget):
        for row in range(widget.rowCount()):
            for col in range(widget.columnCount()):
                cell = widget.item(row, col)
                if cell is not None and cell.foreground().style() != 0:
                    color = cell.foreground().color()
                    cell.setForeground(ink_color(color, look.dark, text=True))
    restyle = getattr(widget, "restyle", None)  # e.g. the explanation panels
    if callable(restyle):
        restyle(look)


def pane_need(pane: QWidget) -> int | None:
    """The width a splitter pane holding a scrolled form needs to show it uncut, or None.

    A text pane needs more than it has only when something in it cannot wrap (a table
    whose words are wider than the pane).
    """
    if isinstance(pane, QTextEdit):
        text = math.ceil(pane.document().size().width())
        if text <= pane.viewport().width():
            return None
        return text + pane.verticalScrollBar().sizeHint().width() + 2 * pane.frameWidth()
    area = pane if isinstance(pane, QScrollArea) else pane.findChild(QScrollArea)
    if area is None or area.widget() is None:
        return None
    content = area.widget()
    need = max(content.sizeHint().width(), content.minimumSizeHint().width())
    need += area.verticalScrollBar().sizeHint().width()
    return need + 2 * area.frameWidth() + pane.width() - area.width()


def fit_panes(root: QWidget, minimums: dict[QWidget, int] | None = None) -> dict:
    """Widen splitter panes whose scrolled content got wider (presentation mode's type),
    taking the room from the widest pane; returns the sizes before, to put back.

    With ``minimums``, such a pane's minimum width is raised to what it needs (its
    minimum before is recorded there, to put back), so no later resize squeezes it:
    the window's minimum size then grows with it instead.
    """
    before = {}
    for splitter in root.findChildren(QSplitter):
        if splitter.orientation() != Qt.Orientation.Horizontal:
            continue
        sizes = splitter.sizes()
        if not sum(sizes):
            continue  # not laid out yet
        new = list(sizes)
        for i in range(splitter.count()):
            pane = splitter.widget(i)
            need = pane_need(pane)
            if need is None:
                continue
            if minimums is not None and pane.minimumWidth() < need:
                minimums.setdefault(pane, pane.minimumWidth())
                pane.setMinimumWidth(need)
            if new[i] < need:
                widest = max((k for k in range(len(new)) if k != i), key=lambda k: new[k])
                give = min(need - new[i], max(0, new[widest] - 200))
                new[i] += give
                new[widest] -= give
        if new != sizes:
            before[splitter] = sizes
            splitter.setSizes(new)
    return before


def views_in(root: QWidget) -> Iterable[pg.GraphicsView]:
    views = root.findChildren(pg.GraphicsView)
    return [root, *views] if isinstance(root, pg.GraphicsView) else views


def restyle_tree(root: QWidget, look: Look) -> None:
    """``root`` and everything in it: plots, style sheets, labels, tables, explanations."""
    for widget in [root, *root.findChildren(QWidget)]:
        _widget(widget, look)
    for view in views_in(root):
        changed = view.__dict__.get(_LOOK, {}).get("look") != look
        restyle_view(view, look)
        if changed:
            # a figure fits its legend's columns to its width on a resize: the entries'
            # widths have changed with the type, so it is told its (unchanged) size again
            QApplication.sendEvent(view, QResizeEvent(view.size(), view.size()))
