"""The crash dialog: the traceback shown once with a Copy button, printed once."""

from __future__ import annotations

import sys

from PySide6.QtGui import QGuiApplication

from l1l2gui.gui.crash import CrashDialog, CrashHandler


def raise_and_catch(message: str):
    try:
        raise RuntimeError(message)
    except RuntimeError:
        return sys.exc_info()


def test_an_uncaught_error_shows_its_traceback_once_and_prints_it_once(qtbot, capsys):
    handler = CrashHandler()
    info = raise_and_catch("the slot failed")
    handler(*info)
    dialog = handler.dialog
    qtbot.addWidget(dialog)
    assert isinstance(dialog, CrashDialog) and dialog.isVisible()
    text = dialog.details.toPlainText()
    assert "RuntimeError: the slot failed" in text and "Traceback" in text
    err = capsys.readouterr().err
    assert err.count("RuntimeError: the slot failed") == 1
    dialog.close()
    handler(*info)  # the same error again: printed, not shown again
    assert not handler.dialog.isVisible()
    assert capsys.readouterr().err.count("RuntimeError: the slot failed") == 1


def test_copy_puts_the_report_on_the_clipboard(qtbot):
    dialog = CrashDialog("Traceback …\nValueError: x")
    qtbot.addWidget(dialog)
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == "Traceback …\nValueError: x"
    assert dialog.copy_button.text() == "Copied"
