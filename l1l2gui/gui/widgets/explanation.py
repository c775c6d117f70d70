"""The explanation panel: short HTML beside the plots, filled with the current numbers.

Laying out the HTML costs several milliseconds, as much as drawing a frame's
plots: :meth:`ExplanationPanel.set_html` lays it out in the event loop's next
turn, so a frame that also changes the text is never one long turn. Reading the
text (``toPlainText``, ``toHtml``) lays out what is pending first.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QTextBrowser, QWidget

_CSS = """
body { font-size: 10.5pt; }
h3 { margin: 10px 0 2px 0; }
p { margin: 2px 0 6px 0; }
.f { font-family: 'DejaVu Serif', 'Cambria Math', serif; font-style: italic; }
.num { font-weight: 600; }
.warn { color: #B00020; font-weight: 600; }
.ok { color: #1B5E20; }
"""


class ExplanationPanel(QTextBrowser):
    """Read-only rich text; keeps its scroll position when the numbers change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenExternalLinks(False)
        self.document().setDefaultStyleSheet(_CSS)
        self.setMinimumWidth(280)
        self._pending: str | None = None
        self._turn = QTimer(self)
        self._turn.setSingleShot(True)
        self._turn.setInterval(0)
        self._turn.timeout.connect(self._apply)

    def set_html(self, html: str) -> None:
        """Show ``html`` from the next turn of the event loop (the newest text wins)."""
        self._pending = html
        self._turn.start()

    def _apply(self) -> None:
        if self._pending is None:
            return
        html, self._pending = self._pending, None
        bar = self.verticalScrollBar()
        pos = bar.value()
        self.setHtml(html)
        bar.setValue(pos)

    def toPlainText(self) -> str:
        self._apply()
        return super().toPlainText()

    def toHtml(self) -> str:
        self._apply()
        return super().toHtml()
