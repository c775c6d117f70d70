"""Spin boxes keep what is typed and say, next to the box, what they refused."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from l1l2gui.core.descent import TRAINING_FIELDS
from l1l2gui.gui.widgets.param_form import ParamForm


@pytest.fixture
def form(qtbot):
    form = ParamForm(TRAINING_FIELDS)
    qtbot.addWidget(form)
    form.set_values({"batch_size": 2, "epochs": 100, "lr": 0.01, "n_samples": 20})
    form.set_maximum("batch_size", 20, "samples N")
    form.show()
    return form


def type_into(qtbot, box, text: str) -> None:
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), text)
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    box.clearFocus()


@pytest.mark.parametrize(
    ("name", "typed", "kept", "said"),
    [
        ("batch_size", "50", 2, "50 is above the largest allowed, 20 (samples N): kept 2"),
        ("epochs", "-5", 100, "-5 is below the smallest allowed, 1: kept 100"),
        ("lr", "50", 0.01, "50 is above the largest allowed, 10: kept 0.01"),
        ("lr", "0", 0.01, "0 is below the smallest allowed, 1e-07: kept 0.01"),
    ],
)
def test_refused_input_is_named_next_to_the_box(qtbot, form, name, typed, kept, said):
    box = form.editor(name)
    type_into(qtbot, box, typed)
    assert box.value() == pytest.approx(kept)
    assert form.note_text(name) == said
    type_into(qtbot, box, str(kept * 2 if name != "lr" else 0.02))
    assert form.note_text(name) == "", "a value the box takes clears the note"


def test_typing_again_the_kept_value_clears_the_note(qtbot, form):
    box = form.editor("epochs")
    type_into(qtbot, box, "-5")
    assert form.note_text("epochs").startswith("-5 is below")
    type_into(qtbot, box, "100")  # the value kept: nothing changes, the note is past
    assert box.value() == 100 and form.note_text("epochs") == ""


def test_typing_keeps_every_digit_while_typing(qtbot, form):
    box = form.editor("batch_size")
    box.setFocus()
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "50")
    assert box.lineEdit().text() == "50", "Qt used to drop the 0 of 50 when the maximum is 20"
