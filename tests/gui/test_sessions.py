"""Sessions through the window: saved, opened, refused without losing anything; shortcuts."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt

from l1l2gui.core.session import session_text


def test_a_session_round_trip_restores_every_tab(qtbot, window, tmp_path):
    training = window.tabs["training"]
    training.form.editor("lr").setValue(0.02)
    training.form.editor("epochs").setValue(7)
    saved = {name: tab.state() for name, tab in window.tabs.items()}
    path = tmp_path / "lesson.l1l2.json"
    assert window.sessions.save(str(path))
    document = json.loads(path.read_text())
    assert set(document["tabs"]) == set(window.tabs)

    training.form.editor("lr").setValue(0.05)
    training.form.editor("epochs").setValue(3)
    assert window.sessions.open(str(path))
    assert {name: tab.state() for name, tab in window.tabs.items()} == saved
    qtbot.waitUntil(
        lambda: training.finished_run is not None and training.finished_run.params.epochs == 7,
        timeout=10_000,
    )
    assert window.sessions.recent()[0] == str(path.resolve())


def test_a_refused_session_changes_nothing(qtbot, window, tmp_path, warnings_shown):
    training = window.tabs["training"]
    training.form.editor("lr").setValue(0.02)
    before = {name: tab.state() for name, tab in window.tabs.items()}
    bad = tmp_path / "bad.json"
    bad.write_text(session_text("training", {"training": {"params": {"lr": 50}}}))
    assert not window.sessions.open(str(bad))
    assert {name: tab.state() for name, tab in window.tabs.items()} == before
    title, text = warnings_shown[-1]
    assert title == "Session not opened"
    assert "tabs.training" in text and "lr" in text
    assert window.sessions.recent() == []  # a refused file is not remembered


def test_a_file_that_is_not_a_session_names_the_problem(window, tmp_path, warnings_shown):
    path = tmp_path / "notes.json"
    path.write_text('{"app": "something else"}')
    assert not window.sessions.open(str(path))
    assert "key 'app'" in warnings_shown[-1][1]
    assert not window.sessions.open(str(tmp_path / "missing.json"))
    assert "No such file" in warnings_shown[-1][1]


def test_keyboard_reaches_every_tab_the_explanation_and_fit(qtbot, window):
    for i, tab in enumerate(window.tabs.values(), start=1):
        assert window.tab_actions[i - 1].shortcut().toString() == f"Ctrl+{i}"
        window.tab_actions[i - 1].trigger()
        assert window.current_tab() is tab
    window.show_tab(window.tabs["training"])
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.tabs["training"].explanation.hasFocus()
    assert window.fit_action.shortcut().toString() == "Ctrl+0"
    assert window.explain_action.shortcut().toString() == "F1"


def test_space_plays_and_pauses_but_still_presses_a_focused_button(qtbot, window):
    training = window.tabs["training"]
    window.show_tab(training)
    training.explanation.setFocus()
    window.play_action.trigger()
    assert training.play_button.isChecked()
    window.play_action.trigger()
    assert not training.play_button.isChecked()
    # a focused check box is toggled by Space as ever, and nothing plays
    box = training.log_loss
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=2_000)
    before = box.isChecked()
    window.play_action.trigger()
    qtbot.waitUntil(lambda: box.isChecked() != before, timeout=2_000)
    assert not training.play_button.isChecked()
