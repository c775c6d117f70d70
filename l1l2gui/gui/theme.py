"""Light and dark, normal and presentation: the app's current look and how colours follow it.

The figures are written in light colours (white paper, dark ink), as they go on slides.
In dark mode the *ink* colours (black, greys, white, the error red) are swapped for
lighter or darker counterparts by :data:`DARK_INK`; the data colours (L1 blue, L2 green,
Huber, quantile…) stay as lines, and as text are lightened in the dark look
(:data:`DARK_TEXT`) and darkened in the light one (:data:`LIGHT_TEXT`) to stay readable.
No colour is spelt in two roles, so mapping a text twice, or mapping a text that already
holds the other look's colours, is harmless.

:class:`Theme` holds the user's choice (system / light / dark, presentation on or off),
follows the system's colour scheme, and emits :attr:`Theme.changed`; the main window then
restyles what it shows (:mod:`.look`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

OVERRIDES = ("system", "light", "dark")
# on a projector, seen from the back of a room: plot text and lines grow by the first,
# the controls' and explanations' text by the second (the window must still hold them)
PRESENTATION_SCALE = 1.4
APP_FONT_SCALE = 1.25

PLOT_DARK = "#1e1f22"  # the plots' background in dark mode (white in light)

# light → dark; every ink colour the figures, labels and explanations use
DARK_INK: dict[str, str] = {
    "#ffffff": PLOT_DARK,  # paper, and the white rims that set markers off from curves
    "#000000": "#f2f2f2",
    "#222222": "#dddddd",  # pyqtgraph's foreground: axes, titles, legend text
    "#333333": "#d3d3d3",
    "#444444": "#bdbdbd",
    "#555555": "#b0b0b0",  # REFERENCE_COLOR: true values, optima, notes
    "#7a4f00": "#e3a83c",  # the outlier's rim
    "#999999": "#7a7a7a",
    "#9a9a9a": "#787878",  # contours
    "#bbbbbb": "#6e6e6e",
    "#b00020": "#ff7a85",  # ERROR_COLOR: dark red is unreadable on dark grey
    "#1b5e20": "#7fd48a",
}
# light → dark for data colours used as *text* (explanations, readouts, plot titles and
# labels): drawn as lines they keep their colour (L1 blue is 3.2:1 on the dark plots,
# enough for a line), but as text they are lightened to at least 4.5:1 on both dark
# backgrounds (the panels' #2b2d30 and the plots' #1e1f22), keeping their hue
DARK_TEXT: dict[str, str] = {
    "#0072b2": "#45a2ec",  # L1 blue: 2.7:1 → 5.0:1 on the panels
    "#009e73": "#2ab78a",  # L2 green: 4.0:1 → 5.4:1
    "#d55e00": "#f5854a",  # signed L1 vermilion: 3.6:1 → 5.5:1
    "#cc79a7": "#dd8fbb",  # Huber purple: 4.5:1 → 5.7:1
    "#4e79a7": "#7ea6d6",  # the coefficient paths' labels (Tableau 10)
    "#e15759": "#f07f80",
    "#9c755f": "#c49a82",
    "#b07aa1": "#cc9bc0",
    "#59a14f": "#72b868",
}
# light → darker, for the same data colours as *text* in the light look: as lines they
# keep the Okabe–Ito and Tableau colours, but as text (on white plots and explanations and
# on the light panels' #efefef) several are too pale; darkened keeping hue and saturation
# to at least 4.5:1 on both. L1 blue (5.2:1 on white, 4.5:1 on the panels) stays.
LIGHT_TEXT: dict[str, str] = {
    "#009e73": "#007a59",  # L2 green: 3.4:1 → 5.3:1 on white (3.0 → 4.6 on the panels)
    "#d55e00": "#b14e00",  # signed L1 vermilion: 3.9:1 → 5.3:1
    "#cc79a7": "#96597b",  # Huber purple: 3.1:1 → 5.2:1
    "#56b4e9": "#367294",  # quantile sky blue: 2.3:1 → 5.3:1
    "#e69f00": "#8f6300",  # the outlier's orange: 2.3:1 → 5.3:1
    "#4e79a7": "#476f99",  # the coefficient paths' labels (Tableau 10)
    "#f28e2b": "#9d5c1c",
    "#e15759": "#b74748",
    "#76b7b2": "#4a7370",
    "#59a14f": "#42783b",
    "#edc948": "#7d6a26",
    "#b07aa1": "#885f7d",
    "#ff9da7": "#955c62",
    "#9c755f": "#866552",
}
# A data colour as text is one of three spellings: as written (the palette's), darkened
# (light look) or lightened (dark look). Each text table sends all three to its look's,
# so mapping twice, or mapping what the other look drew, is harmless, and light → dark →
# light comes back to the same text. Inks swap as lines do.
_DATA = DARK_TEXT.keys() | LIGHT_TEXT.keys()
DARK_TEXT_INK = DARK_INK | {
    spelling: DARK_TEXT.get(c, c) for c in _DATA for spelling in (c, LIGHT_TEXT.get(c, c))
}
LIGHT_INK = {dark: light for light, dark in DARK_INK.items()}
LIGHT_TEXT_INK = LIGHT_INK | {
    spelling: LIGHT_TEXT.get(c, c) for c in _DATA for spelling in (c, DARK_TEXT.get(c, c))
}
_SPELLINGS = [set(DARK_INK), set(DARK_INK.values()), set(DARK_TEXT.values()),
              set(LIGHT_TEXT.values()), set(_DATA)]  # fmt: skip
assert sum(map(len, _SPELLINGS)) == len(set().union(*_SPELLINGS)), "a colour spelt twice"
assert len(set(DARK_INK.values())) == len(DARK_INK), "two inks map to one"
for _table in (DARK_INK, LIGHT_INK, DARK_TEXT_INK, LIGHT_TEXT_INK):  # mapping twice is harmless
    assert all(_table.get(v, v) == v for v in _table.values()), "a table maps its own colour"

_TABLES = {
    (False, True): DARK_INK,
    (False, False): LIGHT_INK,
    (True, True): DARK_TEXT_INK,
    (True, False): LIGHT_TEXT_INK,
}
_HEX = re.compile(r"#[0-9a-fA-F]{6}\b")


@dataclass(frozen=True)
class Look:
    """How a figure is drawn: dark or light, and its font and line scale (1 or presentation)."""

    dark: bool = False
    scale: float = 1.0


LIGHT = Look()


def ink_name(name: str, dark: bool, text: bool = False) -> str:
    """``name`` (``#rrggbb``) as drawn in the dark (or light) look; other colours unchanged.

    ``text``: the colour of text, where data colours are lightened in the dark
    (:data:`DARK_TEXT`) and darkened in the light (:data:`LIGHT_TEXT`) too.
    """
    return _TABLES[text, dark].get(name.lower(), name)


def ink(name: str) -> str:
    """``name`` in the app's current look: for text and labels filled while the app runs."""
    return ink_name(name, current().dark, text=True)


def ink_color(color: QColor, dark: bool, text: bool = False) -> QColor:
    """A copy of ``color`` with its ink swapped for the look; alpha kept."""
    mapped = ink_name(color.name(), dark, text)
    out = QColor(mapped) if mapped != color.name() else QColor(color)
    out.setAlpha(color.alpha())
    return out


def map_text(text: str, dark: bool) -> str:
    """HTML or a style sheet (text) with every ink and data colour swapped for the look."""
    return _HEX.sub(lambda m: ink_name(m.group(0), dark, text=True), text)


def themed(html: str) -> str:
    """``html`` in the app's current look: for rich-text labels filled while the app runs
    (a change of look restyles what they show then, :mod:`.look`)."""
    return map_text(html, current().dark)


def _dark_palette() -> QPalette:
    p = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colors = {
        role.Window: "#2b2d30",
        role.WindowText: "#e6e6e6",
        role.Base: "#1e1f22",
        role.AlternateBase: "#2b2d30",
        role.ToolTipBase: "#3c3f41",
        role.ToolTipText: "#e6e6e6",
        role.PlaceholderText: "#8c8c8c",
        role.Text: "#e6e6e6",
        role.Button: "#3c3f41",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff7a85",
        role.Light: "#4a4d50",
        role.Midlight: "#3f4245",
        role.Mid: "#333538",
        role.Dark: "#1b1c1e",
        role.Shadow: "#101112",
        role.Highlight: "#2f65ca",
        role.HighlightedText: "#ffffff",
        role.Link: "#6cb6ff",
        role.LinkVisited: "#b58cff",
    }
    for r, c in colors.items():
        p.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor("#7f7f7f"))
    return p


class Theme(QObject):
    """The user's choice of look, and the system's colour scheme it may follow."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.override = "system"
        self.presentation = False
        self._app_style: str | None = None
        self._app_palette: QPalette | None = None
        self._app_font: QFont | None = None
        self._applied = LIGHT
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_changed)

    @staticmethod
    def system_dark() -> bool:
        """True when the desktop asks for dark (Unknown, as on offscreen and bare X, is light)."""
        return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark

    def look(self) -> Look:
        dark = self.override == "dark" or (self.override == "system" and self.system_dark())
        return Look(dark, PRESENTATION_SCALE if self.presentation else 1.0)

    def set_override(self, name: str) -> None:
        if name not in OVERRIDES:
            raise ValueError(f"appearance={name!r}: must be one of {', '.join(OVERRIDES)}")
        if name != self.override:
            self.override = name
            self._apply()

    def set_presentation(self, on: bool) -> None:
        if bool(on) != self.presentation:
            self.presentation = bool(on)
            self._apply()

    def apply(self) -> None:
        """Bring Qt's widgets to the chosen look and tell the figures (also when unchanged)."""
        self._apply(force=True)

    def _system_changed(self, *_args) -> None:
        if self.override == "system":
            self._apply()

    def _apply(self, force: bool = False) -> None:
        look = self.look()
        app = QApplication.instance()
        if app is not None:
            self._apply_app(app, look)
        if force or look != self._applied:
            self._applied = look
            self.changed.emit()

    def _apply_app(self, app: QApplication, look: Look) -> None:
        if self._app_font is None:
            self._app_style = app.style().name()
            self._app_palette = QPalette(app.palette())
            self._app_font = QFont(app.font())
        # the desktop's own dark palette is kept; a light one is replaced by Fusion's dark
        window = self._app_palette.color(QPalette.ColorRole.Window)
        if look.dark and window.lightness() > 128:
            if app.style().name().lower() != "fusion":
                app.setStyle(QStyleFactory.create("Fusion"))
            app.setPalette(_dark_palette())
        else:
            if app.style().name() != self._app_style:
                app.setStyle(QStyleFactory.create(self._app_style))
            app.setPalette(self._app_palette)
        font = QFont(self._app_font)
        scale = APP_FONT_SCALE if look.scale != 1.0 else 1.0
        size = self._app_font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * scale)
        else:
            font.setPixelSize(round(self._app_font.pixelSize() * scale))
        if app.font() != font:
            app.setFont(font)


_THEME: Theme | None = None


def theme() -> Theme:
    """The process's one :class:`Theme` (the look belongs to the QApplication)."""
    global _THEME
    if _THEME is None:
        _THEME = Theme(QApplication.instance())
    return _THEME


def base_font() -> QFont:
    """The application's font at normal size (before presentation mode enlarged it)."""
    if _THEME is not None and _THEME._app_font is not None:
        return QFont(_THEME._app_font)
    return QFont(QApplication.font())


def current() -> Look:
    """The look figures are drawn in now (light when no window has chosen one)."""
    return _THEME.look() if _THEME is not None else LIGHT
