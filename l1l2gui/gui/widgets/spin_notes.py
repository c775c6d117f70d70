"""Spin boxes that say what they did with a value they could not take.

Qt's spin boxes clamp or revert out-of-range input without a word (batch 50 became
5, epochs −5 became the previous value). These keep what is typed while it is
being typed, and when it cannot be taken they keep the last good value and hand a
plain sentence to ``on_refused``, which the form shows next to the box.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QSpinBox

_PARTIAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d*)?([eE][+-]?\d*)?")


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def typed_state(box: QAbstractSpinBox, text: str, whole: bool) -> QValidator.State:
    """Acceptable in range, Intermediate for anything that may still become a number."""
    t = text.strip()
    try:
        value = float(t)
    except ValueError:
        return QValidator.State.Intermediate if _PARTIAL.fullmatch(t) else QValidator.State.Invalid
    if whole and not value.is_integer():
        return QValidator.State.Intermediate
    if box.minimum() <= value <= box.maximum():
        return QValidator.State.Acceptable
    return QValidator.State.Intermediate


def refusal_text(box: QAbstractSpinBox, text: str, whole: bool, why_max: str = "") -> str:
    """What happened to ``text``: why it was not taken, and which value was kept."""
    kept = box.textFromValue(box.value())
    t = text.strip()
    try:
        value = float(t)
    except ValueError:
        return f"“{t}” is not a number: kept {kept}"
    if whole and not value.is_integer():
        return f"{t} is not a whole number: kept {kept}"
    if value > box.maximum():
        why = f" ({why_max})" if why_max else ""
        return f"{t} is above the largest allowed, {_fmt(box.maximum())}{why}: kept {kept}"
    return f"{t} is below the smallest allowed, {_fmt(box.minimum())}: kept {kept}"


class NotingSpinMixin:
    """For a QSpinBox / QDoubleSpinBox subclass: report refused input through ``on_refused``."""

    whole = False
    on_refused: Callable[[str], None] | None = None
    why_max = ""  # e.g. "samples N", when the maximum comes from another parameter

    def validate(self, text: str, pos: int) -> object:
        return typed_state(self, text, self.whole), text, pos

    def fixup(self, text: str) -> str:
        # called with text Qt is about to throw away: say so, then let Qt restore the value
        if self.on_refused is not None and text.strip():
            self.on_refused(refusal_text(self, text, self.whole, self.why_max))
        return text


class IntSpinBox(NotingSpinMixin, QSpinBox):
    """A whole-number spin box that keeps out-of-range typing and reports what it refused."""

    whole = True

    def valueFromText(self, text: str) -> int:
        try:
            return int(float(text))
        except ValueError:
            return self.value()
