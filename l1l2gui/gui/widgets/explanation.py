"""The explanation panel: short HTML beside the plots, filled with the current numbers.

Laying out the HTML costs several milliseconds, as much as drawing a frame's
plots: :meth:`ExplanationPanel.set_html` lays it out in the event loop's next
turn, so a frame that also changes the text is never one long turn. Reading the
text (``toPlainText``, ``toHtml``) lays out what is pending first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import QTextBrowser, QWidget

from ..theme import APP_FONT_SCALE, Look, current, map_text

FONT_PT = 10.5

_CSS = """
body {{ font-size: {size:g}pt; }}
h3 {{ margin: 10px 0 2px 0; }}
p {{ margin: 2px 0 6px 0; }}
.f {{ font-family: 'DejaVu Serif', 'Cambria Math', serif; font-style: italic; }}
.num {{ font-weight: 600; }}
.warn {{ color: #B00020; font-weight: 600; }}
.ok {{ color: #1B5E20; }}
"""


class ExplanationPanel(QTextBrowser):
    """Read-only rich text; keeps its scroll position when the numbers change.

    The HTML is written in light colours; the panel shows it in the app's look
    (dark ink swapped, larger type in presentation mode) and redraws it when the
    look changes (:meth:`restyle`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        # never inside a word: a narrow table (presentation mode's type) scrolls sideways
        # rather than showing "sym / metri / c"
        self.setWordWrapMode(QTextOption.WrapMode.WordWrap)
        self._html = ""
        self._pending: str | None = None
        self._look: Look | None = None
        self._set_css(current())
        self.setMinimumWidth(280)
        # the scroll bar stays: one that came and went with the text's length re-laid out
        # the window, moving and repainting every widget beside it, in that frame
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._apply)

    def _set_css(self, look: Look) -> None:
        self._look = look
        css = _CSS.format(size=FONT_PT * (APP_FONT_SCALE if look.scale != 1.0 else 1.0))
        self.document().setDefaultStyleSheet(map_text(css, look.dark))

    def set_html(self, html: str) -> None:
        """Show ``html`` from the next turn of the event loop (the newest text wins)."""
        self._html = self._pending = html
        self._turn.start()

    def _apply(self) -> None:
        if self._pending is None:
            return
        html, self._pending = self._pending, None
        bar = self.verticalScrollBar()
        pos = bar.value()
        self.setHtml(map_text(html, self._look.dark))
        bar.setValue(pos)

    def toPlainText(self) -> str:
        self._apply()
        return super().toPlainText()

    def toHtml(self) -> str:
        self._apply()
        return super().toHtml()

    def source_html(self) -> str:
        """The HTML as written (light colours), whatever the look."""
        return self._html

    def restyle(self, look: Look) -> None:
        if look != self._look:
            self._set_css(look)
            self._pending = self._html
            self._apply()
