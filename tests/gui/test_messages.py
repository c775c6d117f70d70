"""Core messages in the window's words."""

from __future__ import annotations

import pytest

from l1l2gui.core.descent import TRAINING_FIELDS, TrainingParams, validate_training
from l1l2gui.gui.widgets.messages import plain_words


def message_for(**changes) -> str:
    with pytest.raises(ValueError) as exc:
        validate_training(TrainingParams(**changes))
    return plain_words(str(exc.value), TRAINING_FIELDS)


def test_no_loss_chosen_asks_for_one() -> None:
    assert message_for(kinds=()) == "Choose at least one of the losses."


def test_keys_become_labels() -> None:
    text = message_for(batch_size=50)
    assert text == "Batch size 50: must be between 1 and samples N (20)."
    assert "n_samples" not in text and "batch_size" not in text
    assert message_for(lr=50.0) == "Learning rate 50.0: must be between 1e-07 and 10."


def test_unknown_messages_pass_through() -> None:
    assert plain_words("something else", TRAINING_FIELDS) == "something else"
