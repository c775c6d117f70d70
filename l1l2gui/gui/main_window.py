"""The main window: tabs, menus, status bar, settings, export and orderly shutdown."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QSettings, QTimer, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from .. import APP_NAME, __version__
from ..core.export import export_document, write_data
from .figure_export import save_figure
from .palette import ERROR_COLOR
from .resources import resource_path
from .sessions import SessionActions
from .tabs import TAB_CLASSES
from .widgets.plot_menu import route_export
from .worker import ComputeWorker

NOTICE_MS = 30_000
MIN_WIDTH, MIN_HEIGHT = 1000, 650
TAB_TIPS = {  # what each tab teaches, in one line (Ctrl+1 … Ctrl+4)
    "training": "L1, L2 and Huber as training losses: how gradient descent walks with each",
    "regularization": "L1 and L2 as penalties: why L1 sets weights exactly to zero",
    "outliers": "How far one outlier drags an L1 fit and an L2 fit",
    "likelihood": "L2 is the Gaussian likelihood, L1 the Laplace one: when each wins",
}


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


class MainWindow(QMainWindow):
    """Holds one tab per lesson and the single compute worker they share."""

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle(f"{APP_NAME} — L1 vs L2, seen")
        self.setWindowIcon(QIcon(str(resource_path("icons", "l1l2gui.svg"))))
        self.settings = settings if settings is not None else QSettings()
        self.worker = ComputeWorker(self)
        self.tabs_widget = QTabWidget()
        self.tabs_widget.setDocumentMode(True)
        self.setCentralWidget(self.tabs_widget)
        self.tabs: dict[str, QWidget] = {}
        self._last_status: dict[str, str] = {}
        for cls in TAB_CLASSES:
            tab = cls(self.worker)
            tab.statusMessage.connect(lambda msg, t=tab: self._tab_status(t, msg))
            self.tabs[tab.name] = tab
            index = self.tabs_widget.addTab(tab, tab.title)
            self.tabs_widget.setTabToolTip(index, TAB_TIPS[tab.name])
            # right-click → Export… on a plot opens the app's own export, not pyqtgraph's
            route_export(tab.figure, self.export_figure_dialog)
        self._build_menus()
        self.tabs_widget.currentChanged.connect(self._on_tab_changed)
        self.notice = QLabel()  # problems found at start-up stay visible until read
        self.notice.setStyleSheet(f"color: {ERROR_COLOR};")
        self.notice.hide()
        self.statusBar().addPermanentWidget(self.notice)
        # from this size up every pane keeps its minimum: no cut buttons, plots or text
        hint = self.minimumSizeHint()
        self.setMinimumSize(max(MIN_WIDTH, hint.width()), max(MIN_HEIGHT, hint.height()))
        self.resize(1320, 820)
        self._restore_settings()

    def _tab_status(self, tab: QWidget, message: str) -> None:
        # a tab computing in the background must not talk over the one on screen;
        # its latest message is shown when the user turns to it
        self._last_status[tab.name] = message
        if tab is self.tabs_widget.currentWidget():
            self.statusBar().showMessage(message, 10_000)

    def _on_tab_changed(self) -> None:
        self.statusBar().showMessage(self._last_status.get(self.current_tab().name, ""), 10_000)

    def current_tab(self) -> QWidget:
        return self.tabs_widget.currentWidget()

    # ---------------------------------------------------------------- menus
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.sessions = SessionActions(self, file_menu)
        file_menu.addSeparator()
        self.export_figure_action = self._action(
            file_menu, "Export &figure…", self.export_figure_dialog, "Ctrl+E"
        )
        self.export_data_action = self._action(
            file_menu, "Export &data…", self.export_data_dialog, "Ctrl+Shift+E"
        )
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        self.reset_action = self._action(
            edit_menu,
            "&Reset tab to defaults",
            lambda: self.current_tab().reset_defaults(),
            "Ctrl+Shift+R",
        )
        view_menu = self.menuBar().addMenu("&View")
        self.tab_actions = []
        for i, tab in enumerate(self.tabs.values(), start=1):
            action = self._action(
                view_menu, f"&{i} {tab.title}", lambda _=False, t=tab: self.show_tab(t), f"Ctrl+{i}"
            )
            self.tab_actions.append(action)
        view_menu.addSeparator()
        self.play_action = self._action(view_menu, "&Play / pause", self.play_pause, "Space")
        self.fit_action = self._action(view_menu, "&Fit view", self.fit_view, "Ctrl+0")
        help_menu = self.menuBar().addMenu("&Help")
        self.explain_action = self._action(
            help_menu, "&Explanation of this tab", self.show_explanation, "F1"
        )
        self._action(help_menu, "&About l1l2gui", self.show_about)

    def _action(self, menu, text, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def show_tab(self, tab: QWidget) -> None:
        self.tabs_widget.setCurrentWidget(tab)

    def play_pause(self) -> None:
        """Space: play or pause the current tab; on a focused button or list, Space keeps
        its usual meaning (press, open)."""
        focus = QApplication.focusWidget()
        if isinstance(focus, QAbstractButton) and focus.isEnabled():
            focus.animateClick()
            return
        if isinstance(focus, QComboBox):
            focus.showPopup()
            return
        toggle = getattr(self.current_tab(), "toggle_play", None)
        if toggle is not None:
            toggle()

    def fit_view(self) -> None:
        """Fit the current tab's plots to what they show (Ctrl+0)."""
        fit = getattr(self.current_tab(), "fit_view", None)
        if fit is not None:
            fit()

    def show_explanation(self) -> None:
        """Bring the current tab's explanation into view and give it the keyboard (F1)."""
        tab = self.current_tab()
        show = getattr(tab, "show_explanation", None)
        if show is not None:
            show()
            return
        panel = getattr(tab, "explanation", None)
        if panel is not None:
            panel.show()
            panel.setFocus()

    def about_text(self) -> str:
        return (
            f"<h3>{APP_NAME} {__version__}</h3>"
            "<p>See why L1 and L2 behave differently, as losses and as regularizers.</p>"
            f"<p>Qt {qVersion()} · PySide6 {_version('PySide6-Essentials')} · "
            f"pyqtgraph {_version('pyqtgraph')} · NumPy {np.__version__} · "
            f"scikit-learn {_version('scikit-learn')}</p>"
        )

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}", self.about_text())

    # --------------------------------------------------------------- export
    def _ask_path(self, title: str, filters: str, default: str) -> str | None:
        start = Path(str(self.settings.value("export/folder", str(Path.home()))))
        if not start.is_dir():  # a folder deleted since: start at home instead
            start = Path.home()
        path, chosen = QFileDialog.getSaveFileName(self, title, str(start / default), filters)
        if not path:
            return None
        if not Path(path).suffix:
            path += "." + chosen.split("*.")[-1].rstrip(")")
        return path

    def _remember_folder(self, path: str) -> None:
        # only after a successful save: a failed one must not send the next dialog nowhere
        self.settings.setValue("export/folder", str(Path(path).parent))

    def export_figure_dialog(self) -> None:
        tab = self.current_tab()
        path = self._ask_path(
            "Export figure", "PNG image (*.png);;SVG drawing (*.svg)", f"{tab.name}.png"
        )
        if path:
            self.export_figure(path)

    def export_data_dialog(self) -> None:
        tab = self.current_tab()
        path = self._ask_path("Export data", "JSON (*.json);;CSV (*.csv)", f"{tab.name}.json")
        if path:
            self.export_data(path)

    def export_figure(self, path: str) -> bool:
        """Save the current tab's figure as shown; report the outcome in the status bar."""
        try:
            save_figure(self.current_tab().figure, path)
        except (OSError, ValueError) as exc:
            return self._export_failed(path, exc)
        self._remember_folder(path)
        self.statusBar().showMessage(f"Figure saved to {path}", 10_000)
        return True

    def export_data(self, path: str) -> bool:
        """Save the current tab's last complete result as JSON or CSV."""
        tab = self.current_tab()
        # a tab whose views finish apart from its main run exports them all together
        run = getattr(tab, "export_result", tab.finished_run)
        if run is None:
            self.statusBar().showMessage("Nothing to export yet: the run is still computing.")
            return False
        model = tab.model
        series = model.series(run)
        document = export_document(tab.name, tab.preset, run.params, series, model.metrics(run))
        try:
            write_data(path, document, series)
        except (OSError, ValueError) as exc:
            return self._export_failed(path, exc)
        self._remember_folder(path)
        self.statusBar().showMessage(f"Data saved to {path}", 10_000)
        return True

    def _export_failed(self, path: str, exc: Exception) -> bool:
        # an OSError's str() names the temporary file written first: say only what went wrong
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        if isinstance(exc, OSError) and not Path(path).parent.is_dir():
            reason = f"the folder {Path(path).parent} does not exist"
        message = f"Could not save {path}: {reason}"
        self.statusBar().showMessage(message, 10_000)
        if self.isVisible():
            QMessageBox.warning(self, "Export failed", message)
        return False

    # ------------------------------------------------------------- settings
    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        problems = []
        for name, tab in self.tabs.items():
            text = self.settings.value(f"tabs/{name}")
            if not text:
                continue
            try:
                state = json.loads(text)
                if not isinstance(state, dict):
                    raise ValueError("not a JSON object")
                tab.restore(state)
            except (ValueError, TypeError, AttributeError) as exc:
                problems.append(f"saved {tab.title} settings ignored ({exc})")
        current = self.settings.value("window/tab")
        names = list(self.tabs)
        if current in names:
            self.tabs_widget.setCurrentIndex(names.index(current))
        if problems:
            self.notice.setText("; ".join(problems))
            self.notice.show()
            QTimer.singleShot(NOTICE_MS, self.notice.hide)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", self.current_tab().name)
        for name, tab in self.tabs.items():
            self.settings.setValue(f"tabs/{name}", json.dumps(tab.state()))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        for tab in self.tabs.values():
            tab.stop()
        self.worker.shutdown()
        super().closeEvent(event)
