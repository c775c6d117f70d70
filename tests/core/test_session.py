"""Session documents: written, read back, and refused with the bad key named."""

from __future__ import annotations

import json

import pytest

from l1l2gui import __version__
from l1l2gui.core.session import SESSION_FORMAT, parse_session, session_text

TABS = ["training", "regularization"]


def doc(**changes) -> str:
    base = json.loads(session_text("training", {"training": {"params": {"lr": 0.02}}}))
    base.update(changes)
    return json.dumps(base)


def test_round_trip() -> None:
    text = session_text("training", {"training": {"params": {"lr": 0.02}, "speed": 100}})
    document = json.loads(text)
    assert document["app"] == "l1l2gui" and document["format"] == SESSION_FORMAT
    assert document["version"] == __version__
    session = parse_session(text, TABS)
    assert session.current_tab == "training"
    assert session.states == {"training": {"params": {"lr": 0.02}, "speed": 100}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON: .* at line 1, column 2"),
        ("[1, 2]", "holds no JSON object"),
        (doc(app="other"), "key 'app': not an l1l2gui session"),
        (
            doc(format=SESSION_FORMAT + 1),
            f"key 'format': {SESSION_FORMAT + 1} was written by a newer",
        ),
        (doc(format="1"), "key 'format': must be a whole number"),
        (doc(tabs=[]), "key 'tabs': must be an object"),
        (doc(tabs={}), "key 'tabs': must be an object with at least one tab"),
        (doc(tabs={"painting": {}}), "key 'tabs.painting': unknown tab"),
        (doc(tabs={"training": 3}), "key 'tabs.training': must be an object"),
        (doc(tabs={"training": {"params": [1]}}), "key 'tabs.training.params': must be an object"),
        (doc(current_tab="painting"), "key 'current_tab': unknown tab 'painting'"),
    ],
)
def test_a_bad_session_is_refused_naming_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_session(text, TABS)
