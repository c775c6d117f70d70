"""Sessions through the window: saved, opened, refused without losing anything; shortcuts."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from l1l2gui.core import imported_data
from l1l2gui.core.fields import as_dict
from l1l2gui.core.imported_data import adopted
from l1l2gui.core.session import session_text
from l1l2gui.gui.widgets.param_form import ParamForm

WAIT_MS = 60_000


def _edit(tab, name: str, value) -> None:
    """Change one parameter as a user would: through its box in whichever form holds it."""
    for form in tab.findChildren(ParamForm):
        try:
            editor = form.editor(name)
        except KeyError:
            continue
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        else:
            editor.setValue(value)
        return
    raise KeyError(name)


def _change_every_tab(window, csv_path) -> None:
    """Several parameters and the view of each tab, and imported points for Outliers."""
    training = window.tabs["training"]
    _edit(training, "lr", 0.02)
    _edit(training, "epochs", 7)
    _edit(training, "noise_sigma", 0.5)
    training.form.check_box("kinds", "huber").setChecked(False)
    training.log_loss.setChecked(True)
    training.speed_box.setCurrentIndex(training.speed_box.findData(20))
    training.views.setCurrentIndex(1)
    reg = window.tabs["regularization"]
    _edit(reg, "center_w1", 0.3)
    _edit(reg, "angle_deg", 60.0)
    _edit(reg, "trials", 500)
    _edit(reg, "lam", 0.8)
    _edit(reg, "cv_folds", 3)
    reg.views.setCurrentIndex(2)
    outliers = window.tabs["outliers"]
    assert outliers.set_data_file(str(csv_path))
    _edit(outliers, "outlier_y", -4.0)
    _edit(outliers, "n_estimators", 8)
    outliers.form.check_box("losses", "huber").setChecked(True)
    outliers.view_bar.setCurrentIndex(1)
    likelihood = window.tabs["likelihood"]
    _edit(likelihood, "noise", "laplace")
    _edit(likelihood, "n", 15)
    _edit(likelihood, "replicates", 500)
    likelihood.views.setCurrentIndex(2)


def _states(window) -> dict:
    return {name: tab.state() for name, tab in window.tabs.items()}


def _computed_with(tab, state) -> bool:
    """Whether the tab's last complete result was computed from ``state``'s parameters."""
    run = tab.finished_run
    if run is None:
        return False
    used = as_dict(run.params)
    return all(used[key] == value for key, value in state["params"].items())


def test_a_session_round_trip_restores_every_tab(qtbot, window, tmp_path):
    csv_path = tmp_path / "points.csv"
    csv_path.write_text("x,y\n0,1\n2,3\n4,2\n6,8\n")
    _change_every_tab(window, csv_path)
    window.show_tab(window.tabs["outliers"])
    saved = _states(window)
    assert saved["outliers"]["params"]["data_file"] == str(csv_path)
    assert (saved["regularization"]["view"], saved["likelihood"]["view"]) == (2, 2)
    assert saved["outliers"]["view"] == "grid"
    assert saved["training"]["view"] == "seeds"
    path = tmp_path / "lesson.l1l2.json"
    assert window.sessions.save(str(path))
    document = json.loads(path.read_text())
    assert set(document["tabs"]) == set(window.tabs) and document["current_tab"] == "outliers"

    window.show_tab(window.tabs["training"])
    for tab in window.tabs.values():
        tab.reset_defaults()
    window.tabs["training"].views.setCurrentIndex(0)  # a preset keeps the view: change it
    reset = _states(window)
    assert all(reset[name] != saved[name] for name in window.tabs), "a reset changed nothing"
    assert window.sessions.open(str(path))
    assert _states(window) == saved
    assert window.current_tab() is window.tabs["outliers"]
    for name, tab in window.tabs.items():
        window.show_tab(tab)  # some views compute only while shown
        qtbot.waitUntil(lambda t=tab, n=name: _computed_with(t, saved[n]), timeout=WAIT_MS)
    assert window.tabs["outliers"].finished_run.x.tolist() == [0, 2, 4, 6]
    assert window.sessions.recent()[0] == str(path.resolve())


# per tab: a key it does not have, a value out of its range, a view (or speed) it lacks
BAD_ENTRIES = {
    "training": [
        ({"params": {"learning_rate": 0.1}}, "learning_rate"),
        ({"params": {"lr": 50}}, "lr"),
        ({"speed": 3}, "speed"),
        ({"view": "landscape"}, "view"),
    ],
    "regularization": [
        ({"params": {"lr": 0.1}}, "lr"),
        ({"params": {"trials": 5}}, "trials"),
        ({"view": 9}, "view"),
    ],
    "outliers": [
        ({"params": {"radius": 1}}, "radius"),
        ({"params": {"n_estimators": 0}}, "n_estimators"),
        ({"view": "sideways"}, "view"),
    ],
    "likelihood": [
        ({"params": {"outlier_x": 1}}, "outlier_x"),
        ({"params": {"n": 1}}, "n"),
        ({"view": 7}, "view"),
    ],
}


@pytest.mark.parametrize("name", list(BAD_ENTRIES))
def test_a_refused_session_changes_nothing_in_any_tab(
    qtbot, window, tmp_path, warnings_shown, name
):
    csv_path = tmp_path / "points.csv"
    csv_path.write_text("0,1\n3,4\n6,5\n")
    _change_every_tab(window, csv_path)
    before = _states(window)
    for entry, key in BAD_ENTRIES[name]:
        # every other tab's entry is good and differs from what is shown: the tabs
        # before the bad one are changed first, so they must be put back
        entries = {tab: {"params": {}} for tab in window.tabs}
        entries[name] = entry
        path = tmp_path / "bad.json"
        path.write_text(session_text("training", entries))
        assert not window.sessions.open(str(path))
        assert _states(window) == before, key
        title, text = warnings_shown[-1]
        assert title == "Session not opened"
        assert f"tabs.{name}: " in text and key in text, text
    assert window.sessions.recent() == []  # a refused file is not remembered


def _shows_points(tab, x: list) -> bool:
    run = tab.finished_run
    return run is not None and run.x.tolist() == x and run.params == tab.params()


def test_a_session_keeps_imported_points_by_content_after_the_file_is_gone(
    qtbot, window, tmp_path, monkeypatch
):
    csv_path = tmp_path / "points.csv"
    text = "x,y\n0,1\n2,3\n4,2\n6,8\n"
    csv_path.write_text(text)
    outliers = window.tabs["outliers"]
    window.show_tab(outliers)
    assert outliers.set_data_file(str(csv_path))
    saved = outliers.state()
    assert saved["data"]["path"] == str(csv_path) and saved["data"]["text"] == text
    path = tmp_path / "lesson.l1l2.json"
    assert window.sessions.save(str(path))
    # the file changes and is imported again (the tab follows it), then it is deleted
    csv_path.write_text("0,5\n1,5\n")
    assert outliers.set_data_file(str(csv_path))
    qtbot.waitUntil(lambda: _shows_points(outliers, [0, 1]), timeout=WAIT_MS)
    csv_path.unlink()
    monkeypatch.setattr(imported_data, "_ADOPTED", {})  # as in a window opened afresh
    outliers.reset_defaults()
    assert window.sessions.open(str(path))
    assert outliers.state() == saved
    qtbot.waitUntil(lambda: _shows_points(outliers, [0, 2, 4, 6]), timeout=WAIT_MS)
    assert outliers.finished_run.y.tolist() == [1, 3, 2, 8]


def test_a_refused_data_entry_keeps_the_points_on_screen_for_the_same_path(
    qtbot, window, tmp_path, warnings_shown
):
    csv_path = tmp_path / "points.csv"
    csv_path.write_text("0,1\n3,4\n6,5\n")
    _change_every_tab(window, csv_path)
    outliers = window.tabs["outliers"]
    window.show_tab(outliers)
    before = _states(window)
    in_use = adopted(str(csv_path))
    other = {"params": {"data_file": str(csv_path), "outlier_x": 2.0}, "data": None}
    good_text = "0,7\n1,7\n2,7\n"
    good = imported_data.data_entry(imported_data.points_from_text(str(csv_path), good_text))
    bad_cases = [  # (the outliers entry, the likelihood entry, the key named)
        ({**good, "text": "0,7\n1,7\n2,x\n"}, {"params": {}}, "tabs.outliers.data.text: line 3"),
        ({**good, "sha256": "1" * 64}, {"params": {}}, "tabs.outliers.data.sha256: does not"),
        ({**good, "text": 3}, {"params": {}}, "tabs.outliers.data.text: must be a string"),
        # a good entry for the same path, refused by a tab opened after it: put back
        (good, {"view": 7}, "tabs.likelihood: view"),
    ]
    for data, likelihood, key in bad_cases:
        entries = {tab: {"params": {}} for tab in window.tabs}
        entries["outliers"] = {**other, "data": data}
        entries["likelihood"] = likelihood
        path = tmp_path / "bad.json"
        path.write_text(session_text("outliers", entries))
        assert not window.sessions.open(str(path))
        assert key in warnings_shown[-1][1], warnings_shown[-1][1]
        assert _states(window) == before, key
        assert adopted(str(csv_path)).sha256 == in_use.sha256
    qtbot.waitUntil(lambda: _shows_points(outliers, [0, 3, 6]), timeout=WAIT_MS)
    assert outliers.finished_run.params.outlier_y == -4.0


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
