"""An uncaught exception becomes a dialog with its traceback and a Copy button.

The app keeps running (the failed action is simply not done); the traceback is
printed to stderr once, for a terminal or a log, and shown once per kind of
failure so a repeating error cannot bury the window in dialogs.
"""

from __future__ import annotations

import sys
import traceback
from types import TracebackType

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, __version__


class CrashDialog(QDialog):
    """The traceback, read-only and selectable, with Copy and Close."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}: something went wrong")
        self.text = text
        intro = QLabel(
            "An unexpected error stopped the last action. The window keeps working; "
            "what you had is still there. If you report it, please include the text below."
        )
        intro.setWordWrap(True)
        self.details = QPlainTextEdit(text)
        self.details.setReadOnly(True)
        self.details.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.details.setMinimumSize(560, 240)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton("&Copy")
        self.copy_button.setToolTip("Copy the error report to the clipboard")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text)
        self.copy_button.setText("Copied")


def report_text(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> str:
    lines = traceback.format_exception(kind, value, tb)
    return f"{APP_NAME} {__version__}, Python {sys.version.split()[0]}\n\n" + "".join(lines)


class CrashHandler:
    """``sys.excepthook`` for the GUI: print once, show the dialog once per error kind."""

    def __init__(self) -> None:
        self.shown: set[tuple[str, str]] = set()
        self.dialog: CrashDialog | None = None

    def __call__(
        self, kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        text = report_text(kind, value, tb)
        print(text, file=sys.stderr, end="")
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        key = (kind.__name__, str(value))
        app = QApplication.instance()
        if app is None or key in self.shown or (self.dialog and self.dialog.isVisible()):
            return
        self.shown.add(key)
        self.dialog = CrashDialog(text, app.activeWindow())
        self.dialog.open()  # window-modal, not a nested event loop inside the failing slot


def install() -> CrashHandler:
    handler = CrashHandler()
    sys.excepthook = handler
    return handler
