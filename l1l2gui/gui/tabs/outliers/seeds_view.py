"""The claim over many seeds: how often L1's shift exceeds L2's, at the middle and the ends.

Bars per position: the share of seeds where L1 moved more (blue), where L2 moved
more (green, hatched), and ties (grey). Below, sentences computed from the counts.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ....core.seed_claim import CLAIM_POSITIONS, SeedClaim
from ...palette import L1_COLOR, L2_COLOR, REFERENCE_COLOR, apply_plot_style
from ...theme import themed
from .legend import fit_columns, set_entries

WIDTH = 0.26
OFFSETS = {"l1": -WIDTH, "l2": 0.0, "tie": WIDTH}
LABELS = {"l1": "L1 moved more", "l2": "L2 moved more", "tie": "tie (≤ 0.1 %)"}


def _brush(kind: str) -> pg.QtGui.QBrush:
    if kind == "l2":  # hatched as well as green: not hue alone
        return QBrush(QColor(L2_COLOR), Qt.BrushStyle.BDiagPattern)  # mkBrush drops a style
    return pg.mkBrush({"l1": L1_COLOR, "tie": "#BBBBBB"}[kind])


def counts(claim: SeedClaim) -> dict[str, dict[str, int]]:
    """Per position: seeds where L1 moved more, L2 moved more, and ties (of ``claim.done``)."""
    out = {}
    for pos in CLAIM_POSITIONS:
        l1, l2 = claim.l1_wins(pos), claim.l2_wins(pos)
        out[pos] = {"l1": l1, "l2": l2, "tie": claim.done - l1 - l2}
    return out


def claim_html(claim: SeedClaim) -> str:
    """What holds and what does not, from the counts of the seeds completed so far."""
    if claim.done == 0:
        return "<p>Fitting the first seed…</p>"
    c = counts(claim)
    n = claim.done
    x = claim.positions
    first, last = int(claim.seeds[0]), int(claim.seeds[n - 1])
    where = {
        "middle": f"in the middle of the data (x = {x['middle']:.3g})",
        "left": f"at the left end (x = {x['left']:.3g})",
        "right": f"at the right end (x = {x['right']:.3g})",
    }
    seeds = f"seed {first}" if n == 1 else f"seeds {first}–{last}"
    same = ""
    if claim.params.noise == 0:  # every seed scales the same zero: one picture n times
        same = "With noise 0 every seed draws the same points: each draw gives the same verdict. "
    parts = [
        f"<p>{same}Over {n} noise draw{'s' if n != 1 else ''} ({seeds}), L1's shift exceeds L2's "
        + ", ".join(f"in {c[pos]['l1']} of {n} {where[pos]}" for pos in ("middle", "left", "right"))
        + ".</p>"
    ]
    mid = claim.fraction("middle")
    ends = max(claim.fraction("left"), claim.fraction("right"))
    holds = 2 * c["middle"]["l1"] > n  # "most draws": more than half, ties counted
    parts.append(
        "<p>The post's “L1 changes more when the outlier is in the middle”: "
        + (
            f'<span class="ok">L1 moves more in most draws with the outlier in the middle '
            f"({mid:.0%})</span>"
            if holds
            else f'<span class="warn">not in most draws: L1 moves more in only {mid:.0%} '
            f"with the outlier in the middle, L2 in {c['middle']['l2'] / n:.0%}</span>"
        )
    )
    if mid > ends:
        parts.append(", and more often than at either end.</p>")
    elif mid == ends:
        parts.append(", as often as at the end where L1 moves more most often.</p>")
    else:
        parts.append(
            f"; but L1 moves more at an end more often ({ends:.0%}) than in the "
            "middle: “most of all in the middle” does not hold.</p>"
        )
    if not claim.finished:
        parts.append(f"<p style='color:#555555'>{n} of {claim.seeds.size} seeds so far…</p>")
    return "".join(parts)


class SeedsView(QWidget):
    """The bar chart (``figure``, exportable) and the computed sentences under it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        apply_plot_style()
        super().__init__(parent)
        self.figure = pg.GraphicsLayoutWidget()
        self.figure.setBackground("w")
        self.legend = pg.LegendItem(colCount=3, labelTextSize="9pt", verSpacing=-4)
        # a legend ignores transformations by default: in a 2× PNG its text came out half size
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.figure.addItem(self.legend, row=0, col=0)
        self.plot = self.figure.addPlot(row=1, col=0)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.plot.getViewBox().setMouseEnabled(x=False, y=False)
        self.plot.setLabel("left", "share of seeds")
        self.plot.setYRange(0, 1.05, padding=0)
        self.plot.setXRange(-0.6, 2.6, padding=0)
        self.bars: dict[str, pg.BarGraphItem] = {}
        entries = []
        for kind in OFFSETS:
            bar = pg.BarGraphItem(
                x=np.zeros(3), height=np.zeros(3), width=WIDTH * 0.9,
                brush=_brush(kind), pen=pg.mkPen(REFERENCE_COLOR if kind == "tie" else
                                                 {"l1": L1_COLOR, "l2": L2_COLOR}[kind]),
            )  # fmt: skip
            self.plot.addItem(bar)
            self.bars[kind] = bar
            sample = pg.BarGraphItem(x=[0], height=[0], width=1, brush=_brush(kind))
            entries.append((sample, LABELS[kind]))
        set_entries(self.legend, entries)
        dotted = pg.mkPen(REFERENCE_COLOR, width=1, style=Qt.PenStyle.DotLine)
        half = pg.InfiniteLine(pos=0.5, angle=0, pen=dotted)
        self.plot.addItem(half)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setStyleSheet("QLabel { padding: 4px; }")
        col = QVBoxLayout(self)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.figure, 1)
        col.addWidget(self.text)
        self.claim: SeedClaim | None = None
        self.show_message("Set “seeds” above 0 on the left to repeat the claim over noise draws.")

    def resizeEvent(self, event) -> None:
        # before the figure is resized with it: it is laid out with the legend's new width
        if not self.figure.closed:  # a closed figure's legend is deleted
            fit_columns(self.legend, event.size().width() - 16, most=3)
        super().resizeEvent(event)

    def show_message(self, text: str) -> None:
        self.text.setText(f"<p>{text}</p>")
        for bar in self.bars.values():
            bar.setOpts(height=np.zeros(3))

    def show_claim(self, claim: SeedClaim) -> None:
        self.claim = claim
        x = claim.positions
        ticks = [(i, f"{pos} (x = {x[pos]:.3g})") for i, pos in enumerate(CLAIM_POSITIONS)]
        self.plot.getAxis("bottom").setTicks([ticks])
        c = counts(claim)
        n = max(claim.done, 1)
        for kind, bar in self.bars.items():
            heights = np.array([c[pos][kind] / n for pos in CLAIM_POSITIONS])
            bar.setOpts(
                x=np.arange(3) + OFFSETS[kind], height=heights if claim.done else heights * 0
            )
        self.plot.setTitle(
            f"which loss's fit moved more, over {claim.done} of {claim.seeds.size} seeds",
            size="10pt",
        )
        style = "<style>.ok{color:#1B5E20}.warn{color:#B00020}</style>"
        self.text.setText(themed(style + claim_html(claim)))
