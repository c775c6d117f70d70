"""GUI fixtures: a main window with its own settings file, closed (and its thread joined)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from l1l2gui.gui.app import application
from l1l2gui.gui.main_window import MainWindow


@pytest.fixture(scope="session")
def qapp():
    """The app's own QApplication (its names decide where QSettings() would write)."""
    return application()


@pytest.fixture
def settings(tmp_path):
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    """A shown main window whose first run has finished; closed in teardown.

    Held here (not by qtbot.addWidget, which keeps only a weak reference) because
    it owns the compute thread.
    """
    win = MainWindow(settings)
    win.show()
    tab = win.tabs["training"]
    qtbot.waitUntil(lambda: tab.finished_run is not None, timeout=10_000)
    yield win
    win.close()
    assert not win.worker._thread.isRunning()


@pytest.fixture
def training(window):
    return window.tabs["training"]


@pytest.fixture
def warnings_shown(monkeypatch):
    """QMessageBox.warning is modal: record its calls instead of blocking the test."""
    calls: list[tuple[str, str]] = []

    def fake(_parent, title, text, *args, **kwargs):
        calls.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(fake))
    return calls
