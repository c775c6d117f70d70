"""Start the Qt application and the main window."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QtMsgType, qFormatLogMessage, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from .. import APP_NAME, __version__

# The offscreen platform (CLI export, self-test) says this on every show(); it is harmless.
_BENIGN = ("This plugin does not support propagateSizeHints",)


def _message_handler(kind: QtMsgType, context, message: str) -> None:
    if any(b in message for b in _BENIGN):
        return
    print(qFormatLogMessage(kind, context, message), file=sys.stderr)


def application(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication, created once with the app's names (settings live under them)."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName(APP_NAME)
        QCoreApplication.setApplicationName(APP_NAME)
        QCoreApplication.setApplicationVersion(__version__)
        # The compute thread runs Python loops; at the default 5 ms switch interval every
        # GIL hand-back to the GUI thread can wait 5 ms, and a repaint makes hundreds.
        # 0.1 ms keeps repaints smooth and costs the compute thread nothing measurable.
        sys.setswitchinterval(1e-4)
        qInstallMessageHandler(_message_handler)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    return app


def run_gui() -> int:
    """Open the window and run the event loop; returns the exit status."""
    app = application()
    from .main_window import MainWindow  # after QApplication: pyqtgraph styles need it

    window = MainWindow()
    window.show()
    return app.exec()
