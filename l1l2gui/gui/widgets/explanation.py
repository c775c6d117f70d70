"""The explanation panel: short HTML beside the plots, filled with the current numbers."""

from __future__ import annotations

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

    def set_html(self, html: str) -> None:
        bar = self.verticalScrollBar()
        pos = bar.value()
        self.setHtml(html)
        bar.setValue(pos)
