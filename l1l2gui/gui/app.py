"""Start the Qt application and the main window."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import (
    QCoreApplication,
    QEvent,
    QObject,
    QTimer,
    QtMsgType,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from .. import APP_NAME, __version__
from .resources import resource_path

# Set to 1, the app prints this line once the window is shown and the tab on screen
# has painted, then quits: start-up is timed this way from source and frozen alike
# (packaging/startup_time.py, benchmarks/bench.py).
EXIT_AFTER_SHOW = "L1L2GUI_EXIT_AFTER_SHOW"
SHOWN_LINE = "l1l2gui: window shown"

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
        app.setWindowIcon(QIcon(str(resource_path("icons", "l1l2gui.svg"))))
        app.setDesktopFileName(APP_NAME)  # Wayland matches the window to l1l2gui.desktop
    return app


def run_gui() -> int:
    """Open the window and run the event loop; returns the exit status."""
    app = application()
    from . import crash
    from .main_window import MainWindow  # after QApplication: pyqtgraph styles need it

    crash.install()
    window = MainWindow(freeze_gc=True)
    if os.environ.get(EXIT_AFTER_SHOW) == "1":
        _FirstPaint(window)
    window.show()
    return app.exec()


class _FirstPaint(QObject):
    """Prints :data:`SHOWN_LINE` once the figure on screen has painted, then closes the window.

    Waiting for the paint (not just ``show()``) counts what the user waits for: the
    layout, the fonts and the first drawing of the plots.
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self._window = window
        self._target = window.current_tab().figure.viewport()
        self._target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._target and event.type() == QEvent.Type.Paint:
            self._target.removeEventFilter(self)
            QTimer.singleShot(0, self._report)  # once this paint is done
        return False

    def _report(self) -> None:
        print(SHOWN_LINE, flush=True)
        self._window.close()
