"""``l1l2gui --selftest``: prove every tab works here, from source or frozen.

For each tab that exists (whatever :data:`~l1l2gui.gui.tabs.TAB_CLASSES` holds) it
resets the tab to its defaults, waits for the run to come back through the real
worker, exports the figure as PNG and SVG through the window's own export and
checks both files. It also runs the scikit-learn and SciPy pieces the tabs use
(imports that a frozen build could miss) and loads the app icon. Exit status 0,
or 1 with every failing part named on its own ``FAILED`` line.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

RUN_TIMEOUT_MS = 60_000
SCIENCE = "scikit-learn/scipy"
ICON = "icon"


def check_science() -> str | None:
    """None if the estimators the tabs use import and fit, else what went wrong."""
    try:
        import scipy.optimize  # noqa: F401
        from sklearn.datasets import load_diabetes
        from sklearn.ensemble import GradientBoostingRegressor
        from sklearn.linear_model import (
            HuberRegressor,
            LassoCV,
            QuantileRegressor,
            RidgeCV,
            lasso_path,
        )

        x, y = load_diabetes(return_X_y=True)  # a data file inside the package
        x, y = x[:80, :3], y[:80]
        # Whether they converge on this tiny fit is not the question: only that they run.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            GradientBoostingRegressor(n_estimators=5, loss="absolute_error").fit(x, y).predict(x)
            QuantileRegressor(quantile=0.5, alpha=0.0, solver="highs").fit(x, y)
            HuberRegressor().fit(x, y)
            lasso_path(x, y, alphas=5)
            LassoCV(alphas=5, cv=3).fit(x, y)
            RidgeCV(alphas=(0.1, 1.0, 10.0)).fit(x, y)
    except Exception as exc:  # any failure here is the report, not a crash
        return f"{type(exc).__name__}: {exc}"
    return None


def check_png(path: Path, expected) -> str | None:
    """None if ``path`` is a non-empty PNG of size ``expected`` with some drawing on it."""
    import numpy as np
    from PySide6.QtGui import QImage

    if not path.is_file() or path.stat().st_size == 0:
        return "PNG file is empty"
    image = QImage(str(path))
    if image.isNull():
        return "PNG does not load"
    if image.size() != expected:
        return (
            f"PNG is {image.width()}×{image.height()}, expected "
            f"{expected.width()}×{expected.height()}"
        )
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32)
    if pixels.min() == pixels.max():
        return "PNG is one flat colour"
    return None


def check_svg(path: Path, expected) -> str | None:
    """None if ``path`` is well-formed XML that QtSvg renders, with a view box of ``expected``."""
    from PySide6.QtSvg import QSvgRenderer

    if not path.is_file() or path.stat().st_size == 0:
        return "SVG file is empty"
    try:
        ET.parse(path)
    except ET.ParseError as exc:
        return f"SVG is not well-formed XML ({exc})"
    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        return "SVG does not parse in QtSvg"
    box = renderer.viewBox()  # user units are the view's pixels
    if (box.width(), box.height()) != (expected.width(), expected.height()):
        return (
            f"SVG view box is {box.width()}×{box.height()}, expected "
            f"{expected.width()}×{expected.height()}"
        )
    return None


def check_tab(window, tab, folder: Path) -> str | None:
    """Run ``tab`` from its defaults, export PNG and SVG, check them; None if all is well."""
    from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, QTimer

    from .gui.figure_export import PNG_SCALE, figure_size

    window.tabs_widget.setCurrentWidget(tab)
    finished: list[int] = []
    loop = QEventLoop()

    def on_finished(request_id: int) -> None:
        finished.append(request_id)
        loop.quit()

    tab.runFinished.connect(on_finished)
    try:
        tab.reset_defaults()
        if not finished:
            QTimer.singleShot(RUN_TIMEOUT_MS, loop.quit)
            loop.exec()
    finally:
        tab.runFinished.disconnect(on_finished)
    if not finished:
        return f"no run finished within {RUN_TIMEOUT_MS // 1000} s"
    if tab.finished_run is None:
        return "runFinished was emitted but finished_run is None"
    QCoreApplication.processEvents()
    view = figure_size(getattr(tab, "figure_widget", tab.figure))
    checks = (  # sizes as figure_export makes them
        (".png", check_png, QSize(int(view.width() * PNG_SCALE), int(view.height() * PNG_SCALE))),
        (".svg", check_svg, view),
    )
    for suffix, check, expected in checks:
        path = folder / f"{tab.name}{suffix}"
        if not window.export_figure(str(path)):
            return f"{suffix} export failed: {window.statusBar().currentMessage()}"
        problem = check(path, expected)
        if problem:
            return problem
    return None


def _report(name: str, problem: str | None, seconds: float) -> bool:
    if problem:
        print(f"selftest: {name}: FAILED: {problem}", flush=True)
    else:
        print(f"selftest: {name}: ok ({seconds:.1f} s)", flush=True)
    return problem is None


def selftest() -> int:
    """Check every tab, the science stack and the icon; print one line each; 0 or 1."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QIcon

    from . import APP_NAME, __version__
    from .gui.app import application
    from .gui.main_window import MainWindow
    from .gui.resources import resource_path

    where = "frozen" if getattr(sys, "frozen", False) else "from source"
    print(f"selftest: {APP_NAME} {__version__} ({where})", flush=True)
    app = application()
    failed: list[str] = []

    start = time.perf_counter()
    problem = check_science()
    if not _report(SCIENCE, problem, time.perf_counter() - start):
        failed.append(SCIENCE)
    icon = QIcon(str(resource_path("icons", "l1l2gui.svg")))
    if not _report(ICON, "app icon does not load" if icon.pixmap(64, 64).isNull() else None, 0):
        failed.append(ICON)

    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "selftest.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings)
        window.show()
        try:
            for name, tab in window.tabs.items():
                start = time.perf_counter()
                try:
                    problem = check_tab(window, tab, Path(tmp))
                except Exception as exc:  # one broken tab must not hide the others
                    problem = f"{type(exc).__name__}: {exc}"
                if not _report(name, problem, time.perf_counter() - start):
                    failed.append(name)
        finally:
            window.close()
            app.processEvents()
    tabs = ", ".join(window.tabs)
    if failed:
        print(f"selftest: FAILED: {', '.join(failed)}", flush=True)
        return 1
    count = f"{len(window.tabs)} tab{'s' if len(window.tabs) != 1 else ''}"
    print(f"selftest: passed ({count}: {tabs})", flush=True)
    return 0
