"""The app's window keeps its own objects out of Python's cyclic collector."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QSettings

from l1l2gui.gui.main_window import MainWindow


@pytest.fixture
def frozen_window(qtbot, tmp_path):
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), True)
    qtbot.addWidget(window)
    yield window
    window.worker.shutdown()
    gc.unfreeze()  # the test process opens many windows: give these back to the collector


def _tracked(obj) -> bool:
    return any(o is obj for o in gc.get_objects())  # the permanent generation is not listed


def test_each_built_tab_is_frozen_once_it_has_shown(qtbot, frozen_window) -> None:
    window = frozen_window
    window.show()
    tab = window.tabs["training"]  # the tab on screen, built as the window shows
    qtbot.waitUntil(lambda: window.long_lived.freezes >= 1)
    assert not _tracked(tab) and not _tracked(tab.figure)
    other = window.tabs["likelihood"]  # built when asked for: frozen in the next turn
    assert _tracked(other)
    qtbot.waitUntil(lambda: window.long_lived.freezes >= 2)
    assert not _tracked(other)
    garbage: list = []
    garbage.append(garbage)  # a cycle made now is collected as usual
    assert _tracked(garbage)


def test_windows_of_tests_are_not_frozen(qtbot, tmp_path) -> None:
    window = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    assert window.long_lived is None and _tracked(window.tabs["training"])
    window.worker.shutdown()
