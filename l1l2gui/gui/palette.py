"""Colours and plot style shared by every tab, so L1 is the same blue everywhere.

Okabe–Ito colours: distinguishable with the common colour-vision deficiencies
and in grey-scale print.
"""

from __future__ import annotations

import pyqtgraph as pg

from . import axis_room

KIND_COLORS: dict[str, str] = {
    "signed_l1": "#D55E00",  # vermillion: the pitfall
    "abs_l1": "#0072B2",  # blue: L1 everywhere in the app
    "l2": "#009E73",  # bluish green: L2 everywhere in the app
    "huber": "#CC79A7",  # reddish purple
}
L1_COLOR = KIND_COLORS["abs_l1"]  # every tab: L1 (absolute error, lasso, Laplace, median)
L2_COLOR = KIND_COLORS["l2"]  # every tab: L2 (squared error, ridge, Gaussian, mean)
HUBER_COLOR = KIND_COLORS["huber"]
QUANTILE_COLOR = "#56B4E9"  # sky blue: a relative of L1 (the 0.5 quantile is the median)
REFERENCE_COLOR = "#555555"  # true values, optima
LR_COLOR = "#000000"  # black: the amber it replaced sat too close to signed L1's vermilion
ERROR_COLOR = "#B00020"


# L1 and L2 never differ by hue alone (grey-scale print, colour-vision deficiencies):
# L2 solid, abs L1 dashed, signed L1 dotted (drawn over abs L1, which shows between its dots)
KIND_DASHES: dict[str, list[float] | None] = {
    "signed_l1": [1.5, 2.0],
    "abs_l1": [5.0, 3.0],
    "l2": None,
    "huber": None,
}


def kind_pen(kind: str, width: float = 2.0, dashed: bool = False) -> pg.QtGui.QPen:
    """The pen of a loss kind: its colour and its line style (``dashed`` for a kind
    drawn solid gives it the abs L1 dashes)."""
    pen = pg.mkPen(KIND_COLORS[kind], width=width)
    dashes = KIND_DASHES[kind] or (KIND_DASHES["abs_l1"] if dashed else None)
    if dashes:
        pen.setDashPattern(dashes)
    return pen


def apply_plot_style() -> None:
    """White background and dark text: figures go straight onto slides; every axis keeps
    room for its tick labels (:mod:`.axis_room`)."""
    pg.setConfigOptions(background="w", foreground="#222222", antialias=True)
    axis_room.install()
