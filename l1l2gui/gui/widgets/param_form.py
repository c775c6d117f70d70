"""A parameter form built from core :class:`~l1l2gui.core.fields.Field` descriptions.

Each numeric field gets a spin box with the field's range; a choice field gets
one check box per choice. The form only collects values: the tab validates
them with the core and shows the core's message inline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.fields import Field
from ..palette import ERROR_COLOR
from .spin_notes import IntSpinBox, NotingSpinMixin

_NICE = (1.0, 2.0, 5.0)


class FloatSpinBox(NotingSpinMixin, QDoubleSpinBox):
    """A double spin box that shows ``%g`` text, accepts ``1e-4``, and steps 1–2–5 on log fields."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._log = field.log_scale
        self.setDecimals(10)
        self.setRange(field.minimum, field.maximum)
        self.setKeyboardTracking(False)
        if not self._log:
            self.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)

    def textFromValue(self, value: float) -> str:
        return f"{value:.6g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def stepBy(self, steps: int) -> None:
        if not self._log:
            super().stepBy(steps)
            return
        value = self.value()
        for _ in range(abs(steps)):
            value = _nice_step(value, up=steps > 0, floor=self.minimum())
        self.setValue(min(max(value, self.minimum()), self.maximum()))


def _nice_step(value: float, up: bool, floor: float) -> float:
    """The next number of the 1–2–5 sequence above (or below) ``value``."""
    if value <= 0:
        return floor if floor > 0 else 1e-4
    exp = math.floor(math.log10(value))
    candidates = [m * 10.0**e for e in (exp - 1, exp, exp + 1) for m in _NICE]
    if up:
        return min(c for c in candidates if c > value * (1 + 1e-9))
    below = [c for c in candidates if c < value * (1 - 1e-9)]
    return max(below) if below else value


def swatch(color: str, size: int = 12) -> QPixmap:
    pix = QPixmap(size, size)
    pix.fill(QColor(color))
    return pix


class ParamForm(QWidget):
    """Spin boxes and check boxes for a tuple of fields; emits :attr:`edited` on any change."""

    edited = Signal()

    def __init__(
        self,
        fields: tuple[Field, ...],
        choice_labels: Mapping[str, str] | None = None,
        choice_colors: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._fields = {f.name: f for f in fields}
        self._editors: dict[str, QWidget] = {}
        self._checks: dict[str, dict[str, QCheckBox]] = {}
        self._combos: dict[str, QComboBox] = {}
        self._notes: dict[str, QLabel] = {}
        self._texts: dict[str, QLineEdit] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)
        for f in fields:
            what = f"{f.label}: {f.help}" if f.help else f.label
            tip = f"{what}\n{f.name}: {f.range_text()}"
            if f.kind is tuple:
                box = QWidget()
                col = QVBoxLayout(box)
                col.setContentsMargins(0, 0, 0, 0)
                col.setSpacing(2)
                self._checks[f.name] = {}
                for choice in f.choices:
                    row = QHBoxLayout()
                    if choice_colors and choice in choice_colors:
                        icon = QLabel()
                        icon.setPixmap(swatch(choice_colors[choice]))
                        row.addWidget(icon)
                    check = QCheckBox((choice_labels or {}).get(choice, choice))
                    check.setObjectName(f"{f.name}:{choice}")
                    check.setToolTip(f"{check.text()}: tick to include it.\n{tip}")
                    check.toggled.connect(self.edited)
                    row.addWidget(check, 1)
                    col.addLayout(row)
                    self._checks[f.name][choice] = check
                box.setToolTip(tip)
                form.addRow(f.label, box)
                continue
            if f.kind is str and not f.choices:
                text = QLineEdit()
                text.setObjectName(f.name)
                text.setToolTip(tip)
                text.editingFinished.connect(self.edited)
                self._texts[f.name] = text
                form.addRow(f.label, text)
                continue
            if f.kind is str:
                combo = QComboBox()
                for choice in f.choices:
                    combo.addItem((choice_labels or {}).get(choice, choice), choice)
                combo.setObjectName(f.name)
                combo.setToolTip(tip)
                combo.currentIndexChanged.connect(self.edited)
                self._combos[f.name] = combo
                form.addRow(f.label, combo)
                continue
            if f.kind is int:
                spin: QAbstractSpinBox = IntSpinBox()
                spin.setRange(int(f.minimum), int(min(f.maximum, 2**31 - 1)))
                spin.setKeyboardTracking(False)
                spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
            else:
                spin = FloatSpinBox(f)
            spin.setObjectName(f.name)
            spin.setToolTip(tip)
            spin.valueChanged.connect(self.edited)
            self._editors[f.name] = spin
            form.addRow(f.label, spin)
            # what happened to typing the box could not take, said under the box
            note = QLabel()
            note.setWordWrap(True)
            note.setObjectName(f"{f.name}:note")
            note.setStyleSheet(f"color: {ERROR_COLOR};")
            note.hide()
            form.addRow(note)
            self._notes[f.name] = note
            spin.on_refused = lambda text, n=note: (n.setText(text), n.show())
            spin.valueChanged.connect(note.hide)
            spin.lineEdit().textEdited.connect(note.hide)  # new typing: the refusal is past
        self._error = QLabel()
        self._error.setWordWrap(True)
        self._error.setStyleSheet(f"color: {ERROR_COLOR};")
        self._error.hide()
        outer.addWidget(self._error)

    def editor(self, name: str) -> QWidget:
        for editors in (self._editors, self._combos, self._texts):
            if name in editors:
                return editors[name]
        raise KeyError(name)

    def note_text(self, name: str) -> str:
        """The sentence under ``name``'s box about input it refused ('' if none is shown)."""
        note = self._notes[name]
        return "" if note.isHidden() else note.text()

    def set_maximum(self, name: str, maximum: float, why: str = "") -> None:
        """Cap ``name``'s box at ``maximum``; ``why`` names where the cap comes from."""
        spin = self._editors[name]
        spin.setMaximum(maximum)
        spin.why_max = why

    def check_box(self, name: str, choice: str) -> QCheckBox:
        return self._checks[name][choice]

    def controls(self) -> list[QWidget]:
        """Every input widget of the form in field order (check boxes in choice order)."""
        out: list[QWidget] = []
        for name in self._fields:
            if name in self._checks:
                out.extend(self._checks[name].values())
            else:
                out.append(self.editor(name))
        return out

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: spin.value() for name, spin in self._editors.items()}
        for name, checks in self._checks.items():
            out[name] = tuple(c for c, box in checks.items() if box.isChecked())
        for name, combo in self._combos.items():
            out[name] = combo.currentData()
        for name, text in self._texts.items():
            out[name] = text.text()
        return out

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` without emitting :attr:`edited` once per field."""
        self.blockSignals(True)
        try:
            for name, value in values.items():
                if name in self._editors:
                    spin = self._editors[name]
                    spin.blockSignals(True)
                    spin.setValue(value)
                    spin.blockSignals(False)
                elif name in self._combos:
                    combo = self._combos[name]
                    combo.blockSignals(True)
                    combo.setCurrentIndex(max(combo.findData(value), 0))
                    combo.blockSignals(False)
                elif name in self._texts:
                    text = self._texts[name]
                    text.blockSignals(True)
                    text.setText(str(value))
                    text.blockSignals(False)
                elif name in self._checks:
                    for choice, box in self._checks[name].items():
                        box.blockSignals(True)
                        box.setChecked(choice in value)
                        box.blockSignals(False)
        finally:
            self.blockSignals(False)

    def show_error(self, message: str) -> None:
        self._error.setText(message)
        self._error.setVisible(bool(message))

    def error_text(self) -> str:
        return "" if self._error.isHidden() else self._error.text()
