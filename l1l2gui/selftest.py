"""``l1l2gui --selftest``: build every tab offscreen, run one job each, report, exit 0 or 1."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

RUN_TIMEOUT_MS = 60_000


def selftest() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from .gui.app import application
    from .gui.main_window import MainWindow

    app = application()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "selftest.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.show()
        for name, tab in window.tabs.items():
            window.tabs_widget.setCurrentWidget(tab)
            loop = QEventLoop()
            tab.runFinished.connect(loop.quit)
            QTimer.singleShot(RUN_TIMEOUT_MS, loop.quit)
            tab.reset_defaults()
            loop.exec()
            run = tab.finished_run
            figure = Path(tmp) / f"{name}.png"
            ok = run is not None and window.export_figure(str(figure)) and figure.stat().st_size
            print(f"selftest: {name}: {'ok' if ok else 'FAILED'}")
            failures += not ok
        window.close()
    app.processEvents()
    print("selftest: passed" if not failures else f"selftest: {failures} tab(s) failed")
    return 1 if failures else 0
