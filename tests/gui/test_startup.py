"""Start-up: the window shows before scikit-learn loads; only the tab on screen is built
(and computes) at start, the others when first shown or asked for by name."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from l1l2gui.gui.app import EXIT_AFTER_SHOW, SHOWN_LINE
from l1l2gui.gui.main_window import MainWindow

WAIT_MS = 20_000

# Shows the window, waits until its figure has painted and the first run is drawn, then
# says which heavy libraries are loaded by then.
SHOWN_AND_RUN = """
import sys
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from l1l2gui.gui.app import application
app = application()
from l1l2gui.gui.main_window import MainWindow
window = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
tab = window.current_tab()
seen = {"painted": False, "run": False}

def check():
    if seen["painted"] and seen["run"]:
        print(tab.name, *(name in sys.modules for name in ("sklearn", "scipy")))
        window.close()
        app.quit()

class Painted(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            seen["painted"] = True
            QTimer.singleShot(0, check)
        return False

def finished(_request):
    seen["run"] = True
    check()

painted = Painted()
tab.figure.viewport().installEventFilter(painted)
tab.runFinished.connect(finished)
QTimer.singleShot(60_000, app.quit)
window.show()
app.exec()
"""


def _env(tmp_path, **extra: str) -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path), **extra)


def test_the_shown_window_and_its_first_run_need_neither_scikit_learn_nor_scipy(tmp_path):
    out = subprocess.run(
        [sys.executable, "-c", SHOWN_AND_RUN, str(tmp_path / "s.ini")],
        capture_output=True,
        text=True,
        check=True,
        env=_env(tmp_path),
        timeout=120,
    )
    assert out.stdout.split() == ["training", "False", "False"], out.stderr


def test_the_app_reports_its_painted_window_and_quits(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "l1l2gui"],
        capture_output=True,
        text=True,
        env=_env(tmp_path, **{EXIT_AFTER_SHOW: "1"}),
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == [SHOWN_LINE]
    assert out.stderr == ""


@pytest.fixture
def fresh(qtbot, settings):
    """A shown window, not waited on, closed in teardown; more can be opened in turn."""
    opened: list[MainWindow] = []

    def make() -> MainWindow:
        win = MainWindow(settings)
        opened.append(win)
        win.show()
        return win

    yield make
    for win in opened:
        win.close()
        assert not win.worker._thread.isRunning()


def test_only_the_tab_on_screen_is_built_and_computes(fresh):
    win = fresh()
    assert list(win.tabs) == ["training", "regularization", "outliers", "likelihood"]
    assert list(win.tabs.built()) == ["training"]
    assert win.current_tab() is win.tabs_widget.currentWidget()
    for channel in ("regularization/geometry", "regularization/mc", "outliers/edit"):
        assert win.worker.latest_id(channel) < 0, f"{channel} was asked for at start-up"
    # the menu lists every tab without building one
    assert [a.text().replace("&", "")[2:] for a in win.tab_actions] == [
        "Training", "Regularization", "Outliers", "Likelihood"
    ]  # fmt: skip
    assert list(win.tabs.built()) == ["training"]


def test_a_tab_is_built_when_first_shown_in_its_own_place(qtbot, fresh):
    win = fresh()
    win.tabs_widget.setCurrentIndex(2)
    assert list(win.tabs.built()) == ["training", "outliers"]
    outliers = win.tabs["outliers"]
    assert win.tabs_widget.widget(2) is outliers
    assert win.current_tab() is outliers and win.tabs_widget.currentIndex() == 2
    assert win.tabs_widget.tabText(2) == "Outliers" and win.tabs_widget.count() == 4
    qtbot.waitUntil(lambda: outliers.finished_run is not None, timeout=WAIT_MS)
    # asked for by name (CLI, self-test, sessions): built at once, the screen stays put
    likelihood = win.tabs["likelihood"]
    assert win.tabs_widget.widget(3) is likelihood
    assert win.current_tab() is outliers
    win.tab_actions[1].trigger()
    assert win.current_tab() is win.tabs["regularization"]
    assert win.tabs_widget.widget(1) is win.tabs["regularization"]


def test_a_tab_never_opened_keeps_its_saved_state(qtbot, fresh, settings):
    first = fresh()
    outliers = first.tabs["outliers"]
    outliers.form.set_values({"outlier_x": 1.0})
    outliers.recompute()
    saved = outliers.state()
    first.close()
    assert json.loads(settings.value("tabs/outliers"))["params"]["outlier_x"] == 1.0

    second = fresh()  # opens on Training: Outliers is not built, its state stays saved
    assert "outliers" not in second.tabs.built()
    second.close()
    assert json.loads(settings.value("tabs/outliers")) == saved

    third = fresh()
    assert third.tabs["outliers"].state() == saved


def test_a_bad_saved_state_of_a_tab_not_shown_is_reported_at_start(fresh, settings):
    settings.setValue("tabs/outliers", json.dumps({"params": {"n_estimators": 0}}))
    settings.setValue("tabs/likelihood", "{not json")
    win = fresh()
    assert "outliers" not in win.tabs.built()
    message = win.notice.text()
    assert not win.notice.isHidden()
    assert "saved Outliers settings ignored (n_estimators=0" in message
    assert "saved Likelihood settings ignored" in message
    assert win.tabs["outliers"].state()["params"]["n_estimators"] != 0
    win.close()
    assert settings.value("tabs/likelihood") is None  # not written back: defaults next time


def test_the_tab_saved_as_current_is_the_one_built(fresh, settings):
    settings.setValue("window/tab", "likelihood")
    win = fresh()
    assert list(win.tabs.built()) == ["likelihood"]
    assert win.current_tab() is win.tabs["likelihood"]
    assert win.tabs_widget.currentIndex() == 3
