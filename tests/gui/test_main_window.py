"""The main window: menus, about text, figure and data export, settings, reset and shutdown."""

from __future__ import annotations

import csv
import io
import json
import math
import time
import xml.etree.ElementTree as ET
from importlib.metadata import version

import numpy as np
import pytest
from PySide6.QtCore import qVersion

from l1l2gui.gui.main_window import MainWindow
from l1l2gui.gui.palette import KIND_COLORS

WAIT_MS = 20_000
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def open_window(qtbot, settings):
    """Builds shown main windows on the test's settings file; closes them all in teardown."""
    opened: list[MainWindow] = []

    def make(wait_for_run: bool = True) -> MainWindow:
        win = MainWindow(settings)
        opened.append(win)
        win.show()
        if wait_for_run:
            tab = win.tabs["training"]
            qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=WAIT_MS)
        return win

    yield make
    for win in opened:
        win.close()
        assert not win.worker._thread.isRunning()


def _no_constants(token: str):
    raise AssertionError(f"non-JSON constant {token} in the export")


def menu_texts(window: MainWindow) -> dict[str, list[str]]:
    out = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        out[top.text().replace("&", "")] = [
            a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()
        ]
    return out


def test_menus_hold_the_actions(window):
    menus = menu_texts(window)
    assert menus["File"] == [
        "Save session…",
        "Open session…",
        "Open recent",
        "Export figure…",
        "Export data…",
        "Quit",
    ]
    assert menus["Edit"] == ["Reset tab to defaults"]
    assert menus["View"][: len(window.tabs)] == [
        f"{i} {tab.title}" for i, tab in enumerate(window.tabs.values(), start=1)
    ]
    assert menus["View"][-3:] == ["Fit view", "Appearance", "Presentation"]
    assert menus["Help"][0] == "Explanation of this tab"
    assert menus["Help"][-1].startswith("About")
    assert window.export_figure_action.shortcut().toString() == "Ctrl+E"
    assert window.reset_action.text().replace("&", "") == "Reset tab to defaults"


def test_about_names_the_library_versions(window):
    text = window.about_text()
    assert f"Qt {qVersion()}" in text
    assert f"NumPy {np.__version__}" in text
    assert f"scikit-learn {version('scikit-learn')}" in text
    assert f"pyqtgraph {version('pyqtgraph')}" in text
    assert "0.1.0" in text


def test_export_figure_png(window, tmp_path):
    path = tmp_path / "figure.png"
    assert window.export_figure(str(path))
    data = path.read_bytes()
    assert data.startswith(PNG_MAGIC)
    assert len(data) > 20_000
    assert str(path) in window.statusBar().currentMessage()
    assert [p.name for p in tmp_path.iterdir()] == ["figure.png"], "a temporary file was left"


def _stroked_shapes(root: ET.Element, colour: str) -> list[ET.Element]:
    """path/polyline elements drawn with ``colour``, their own stroke or an inherited one."""
    found = []

    def walk(el: ET.Element, stroke: str | None) -> None:
        stroke = el.get("stroke", stroke)
        if el.tag in (f"{SVG_NS}path", f"{SVG_NS}polyline") and (stroke or "").lower() == colour:
            found.append(el)
        for child in el:
            walk(child, stroke)

    walk(root, None)
    return found


def _point_count(shape: ET.Element) -> int:
    text = shape.get("points") or shape.get("d") or ""
    return len([p for p in text.replace("M", " ").replace("L", " ").split() if p.strip()])


def test_export_figure_svg_holds_the_l2_curves(window, tmp_path):
    path = tmp_path / "figure.svg"
    assert window.export_figure(str(path))
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG_NS}svg"
    l2 = _stroked_shapes(root, KIND_COLORS["l2"].lower())
    assert l2, "no path or polyline is stroked with the L2 colour"
    # the w and loss curves have 1001 points each (the legend sample has 2)
    assert max(_point_count(s) for s in l2) >= 100
    assert _stroked_shapes(root, KIND_COLORS["abs_l1"].lower())
    assert not _stroked_shapes(root, KIND_COLORS["huber"].lower()), "huber is not trained"


def test_export_data_json(window, tmp_path):
    path = tmp_path / "data.json"
    assert window.export_data(str(path))
    doc = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constants)
    assert doc["tab"] == "training"
    assert doc["preset"] == "one-weight"
    assert doc["params"]["lr"] == 0.01
    series = doc["series"]
    for key in ("w/signed_l1", "w/abs_l1", "w/l2", "loss/l2", "lr"):
        assert key in series
    assert series["w/l2"]["x"][:3] == [0, 1, 2]
    assert len(series["w/l2"]["y"]) == 1001
    assert len(series["lr"]["y"]) == 1000
    metrics = doc["metrics"]
    assert metrics["final_w/l2"] == pytest.approx(1.0, abs=1e-6)
    assert metrics["diverged/l2"] == 0
    assert metrics["steps"] == 1000
    assert str(path) in window.statusBar().currentMessage()


def test_export_data_json_after_divergence_has_no_nan(qtbot, window, training, tmp_path):
    training.form.editor("lr").setValue(1.0)
    qtbot.waitUntil(
        lambda: training.finished_run is not None and training.finished_run.params.lr == 1.0,
        timeout=WAIT_MS,
    )
    path = tmp_path / "diverged.json"
    assert window.export_data(str(path))
    text = path.read_text(encoding="utf-8")
    doc = json.loads(text, parse_constant=_no_constants)
    assert "NaN" not in text and "Infinity" not in text
    assert doc["preset"] is None
    assert doc["metrics"]["diverged/l2"] == 1
    assert doc["metrics"]["final_w/l2"] is None
    assert len(doc["series"]["w/l2"]["y"]) == 130
    assert all(v is not None and math.isfinite(v) for v in doc["series"]["w/l2"]["y"])


def test_export_data_csv(window, tmp_path):
    path = tmp_path / "data.csv"
    assert window.export_data(str(path))
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    w_l2 = [r for r in rows if r["series"] == "w/l2"]
    lr = [r for r in rows if r["series"] == "lr"]
    assert len(w_l2) == 1001 and len(lr) == 1000, "there is no learning rate after the last step"
    assert (w_l2[0]["x"], float(w_l2[0]["y"])) == ("0", 20.0)
    assert w_l2[-1]["x"] == "1000"
    assert rows[0]["series"] == "w/signed_l1"
    assert float(w_l2[-1]["y"]) == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize(
    ("method", "name"),
    [("export_data", "data.txt"), ("export_figure", "figure.jpg"), ("export_data", "data.png")],
)
def test_export_to_a_bad_suffix_fails_and_writes_nothing(
    window, tmp_path, warnings_shown, method, name
):
    path = tmp_path / name
    assert getattr(window, method)(str(path)) is False
    assert list(tmp_path.iterdir()) == []
    assert window.statusBar().currentMessage().startswith(f"Could not save {path}")
    assert len(warnings_shown) == 1
    assert warnings_shown[0][0] == "Export failed"
    assert str(path) in warnings_shown[0][1]


def test_export_to_a_missing_folder_fails(window, tmp_path, warnings_shown):
    path = tmp_path / "missing" / "data.json"
    assert window.export_data(str(path)) is False
    assert not path.parent.exists()
    assert len(warnings_shown) == 1


def test_settings_round_trip(qtbot, open_window, settings):
    first = open_window()
    tab = first.tabs["training"]
    tab.form.editor("lr").setValue(0.02)
    tab.form.check_box("kinds", "huber").setChecked(True)
    qtbot.waitUntil(
        lambda: tab.finished_run.params.lr == 0.02 and "huber" in tab.finished_run.traces,
        timeout=WAIT_MS,
    )
    first.close()
    assert not first.worker._thread.isRunning()
    assert settings.value("window/tab") == "training"
    assert json.loads(settings.value("tabs/training"))["params"]["lr"] == 0.02

    second = open_window()
    again = second.tabs["training"]
    assert again.form.values()["lr"] == 0.02
    assert again.form.values()["kinds"] == ("signed_l1", "abs_l1", "l2", "huber")
    assert again.finished_run.params.lr == 0.02
    assert again.preset is None
    assert second.current_tab() is again
    assert second.tabs_widget.currentIndex() == 0


def test_a_saved_preset_is_restored_by_name(qtbot, open_window):
    first = open_window()
    tab = first.tabs["training"]
    tab.apply_preset("one-weight-noise-0.05")
    qtbot.waitUntil(lambda: tab.finished_run.params.noise_sigma == 0.05, timeout=WAIT_MS)
    first.close()
    second = open_window()
    assert second.tabs["training"].preset == "one-weight-noise-0.05"
    assert second.tabs["training"].preset_box.currentText() == "one-weight-noise-0.05"


@pytest.mark.parametrize(
    "saved",
    ["{not json", "[1, 2]", '{"params": {"lr": 50}}', '{"params": {"bogus": 1}}'],
)
def test_corrupt_settings_open_with_defaults(open_window, settings, saved):
    settings.setValue("tabs/training", saved)
    settings.sync()
    win = open_window(wait_for_run=False)
    tab = win.tabs["training"]
    assert tab.form.values()["lr"] == 0.01
    assert tab.form.values()["kinds"] == ("signed_l1", "abs_l1", "l2")
    assert tab.preset == "one-weight"


@pytest.mark.parametrize(
    ("saved", "named"),
    [("{not json", "Expecting property name"), ('{"params": {"lr": 50}}', "lr=50")],
)
def test_corrupt_settings_are_reported_in_the_status_bar(open_window, settings, saved, named):
    settings.setValue("tabs/training", saved)
    settings.sync()
    win = open_window()  # waits for the first run: its own status message must not hide this
    message = win.notice.text()
    assert not win.notice.isHidden()
    assert "saved Training settings ignored" in message, f"notice says {message!r}"
    assert named in message


def test_corrupt_settings_still_produce_a_default_run(qtbot, open_window, settings):
    settings.setValue("tabs/training", "{not json")
    win = open_window()
    tab = win.tabs["training"]
    assert tab.finished_run.params == tab.model.params(preset="one-weight")


def test_reset_action_restores_defaults(qtbot, window, training):
    training.form.editor("lr").setValue(0.5)
    training.log_loss.setChecked(False)
    qtbot.waitUntil(lambda: training.finished_run.params.lr == 0.5, timeout=WAIT_MS)
    assert training.preset is None
    window.reset_action.trigger()
    assert training.form.values()["lr"] == 0.01
    assert training.preset == "one-weight"
    qtbot.waitUntil(lambda: training.finished_run.params.lr == 0.01, timeout=WAIT_MS)
    assert training.finished_run.params == training.model.params(preset="one-weight")


def test_closing_during_a_long_run_does_not_hang(qtbot, open_window):
    win = open_window()
    tab = win.tabs["training"]
    tab.form.editor("epochs").setValue(50_000)  # 500 000 steps: several seconds of work
    qtbot.waitUntil(
        lambda: tab.run is not None and tab.run.params.epochs == 50_000 and tab.run.steps_done > 0,
        timeout=WAIT_MS,
    )
    assert not tab.run.finished
    assert win.worker.is_busy("training")
    t0 = time.monotonic()
    win.close()
    elapsed = time.monotonic() - t0
    assert elapsed < 3.0, f"closing took {elapsed:.1f} s"
    assert not win.worker._thread.isRunning()
    assert not win.worker.is_busy("training")
    assert tab.finished_run.params.epochs == 100, "the long run never finished"


def test_only_the_tab_on_screen_writes_the_status_bar(window):
    names = list(window.tabs)
    window.tabs_widget.setCurrentWidget(window.tabs[names[0]])
    window.statusBar().showMessage("on screen")
    for other in names[1:]:
        window.tabs[other].statusMessage.emit(f"{other} computed in the background")
    assert window.statusBar().currentMessage() == "on screen"
    window.tabs[names[0]].statusMessage.emit("the visible tab speaks")
    assert window.statusBar().currentMessage() == "the visible tab speaks"
    window.tabs_widget.setCurrentWidget(window.tabs[names[-1]])
    assert window.statusBar().currentMessage() == f"{names[-1]} computed in the background"
