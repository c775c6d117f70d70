"""The main window: tabs, menus, status bar, settings, export and orderly shutdown."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QEvent, QSettings, QTimer, qVersion
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabBar,
    QTabWidget,
    QWidget,
)

from .. import APP_NAME, __version__
from ..core.export import export_document, write_data
from ..core.tabs import tab_model
from .figure_export import save_figure
from .lazy_tabs import LazyTabs
from .long_lived import LongLived
from .look import fit_panes, restyle_tree
from .palette import ERROR_COLOR
from .resources import resource_path
from .sessions import SessionActions
from .tabs import TAB_CLASSES
from .theme import OVERRIDES, current, theme
from .widgets.plot_menu import route_export
from .worker import ComputeWorker

NOTICE_MS = 30_000
FIGURE_FILTERS = (
    "PNG image (*.png);;SVG drawing (*.svg);;"
    "PNG image, dark background (*.png);;SVG drawing, dark background (*.svg)"
)
FIT_PANES_MS = 300  # after a font change the widgets' size hints settle over a few events
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

    def __init__(self, settings: QSettings | None = None, freeze_gc: bool = False) -> None:
        """``freeze_gc``: keep the window's objects out of Python's cyclic collector
        (see :mod:`.long_lived`); the app does, tests that open many windows do not."""
        super().__init__()
        self.long_lived = LongLived(self) if freeze_gc else None
        self.setWindowTitle(f"{APP_NAME} — L1 vs L2, seen")
        self.setWindowIcon(QIcon(str(resource_path("icons", "l1l2gui.svg"))))
        self.settings = settings if settings is not None else QSettings()
        self._chosen_filter = ""  # the file type last chosen in a save dialog
        self.worker = ComputeWorker(self)
        self.tabs_widget = QTabWidget()
        self.tabs_widget.setDocumentMode(True)
        self.setCentralWidget(self.tabs_widget)
        # A tab is built when first asked for (on screen, or by name through self.tabs):
        # building all four with their plots, and starting their computations, took
        # seconds before the window showed. Until then its page is an empty stand-in.
        self.tabs = LazyTabs(TAB_CLASSES, self._build_tab)
        self._saved_states: dict[str, dict] = {}
        self._pane_sizes: dict = {}  # splitters' sizes before presentation mode widened panes
        self._pane_minimums: dict = {}  # and the minimum widths of the panes it widened
        self._last_status: dict[str, str] = {}
        for cls in TAB_CLASSES:
            index = self.tabs_widget.addTab(QWidget(), cls.title)
            self.tabs_widget.setTabToolTip(index, TAB_TIPS[cls.name])
        self._build_menus()
        theme().changed.connect(self._restyle)
        self.notice = QLabel()  # problems found at start-up stay visible until read
        self.notice.setStyleSheet(f"color: {ERROR_COLOR};")
        self.notice.hide()
        self.statusBar().addPermanentWidget(self.notice)
        self.resize(1320, 820)
        self._restore_settings()
        self._restore_look()
        self.tabs_widget.currentChanged.connect(self._on_tab_changed)
        self._on_tab_changed()  # builds the tab on screen

    def _build_tab(self, cls: type) -> QWidget:
        """Build a tab, put it in its stand-in's place, and give it its saved state."""
        tab = cls(self.worker)
        tab.statusMessage.connect(lambda msg, t=tab: self._tab_status(t, msg))
        # right-click → Export… on a plot opens the app's own export, not pyqtgraph's
        route_export(tab.figure, self.export_figure_dialog)
        # a view shown for the first time lays its panes out then: in presentation mode
        # they are fitted to the larger type once it has
        for bar in tab.findChildren(QTabBar):
            bar.currentChanged.connect(self._on_view_changed)
        index = list(self.tabs).index(tab.name)
        widget = self.tabs_widget
        stand_in, shown = widget.widget(index), widget.currentIndex()
        tip = widget.tabToolTip(index)
        blocked = widget.blockSignals(True)  # the same page stays on screen: no tab change
        widget.removeTab(index)
        widget.insertTab(index, tab, tab.title)
        widget.setTabToolTip(index, tip)
        widget.setCurrentIndex(shown)
        widget.blockSignals(blocked)
        stand_in.deleteLater()
        restyle_tree(tab, current())  # data colours as text take the look's (light too)
        self._hold_minimum()
        if self.long_lived is not None:
            self.long_lived.soon()
        state = self._saved_states.pop(tab.name, None)
        if state is not None:
            try:
                tab.restore(state)
            except (ValueError, TypeError, AttributeError) as exc:
                self._report_problems([f"saved {tab.title} settings ignored ({exc})"])
        return tab

    def _tab_status(self, tab: QWidget, message: str) -> None:
        # a tab computing in the background must not talk over the one on screen;
        # its latest message is shown when the user turns to it
        self._last_status[tab.name] = message
        if tab is self.tabs_widget.currentWidget():
            self.statusBar().showMessage(message, 10_000)

    def _on_tab_changed(self) -> None:
        tab = self.current_tab()
        # a tab built now, or items a tab added since the last restyle; in the light look
        # too, where data colours as text are darkened (theme.LIGHT_TEXT)
        restyle_tree(tab, current())
        if theme().presentation:
            QTimer.singleShot(FIT_PANES_MS, self._fit_panes)
        self.statusBar().showMessage(self._last_status.get(tab.name, ""), 10_000)

    def current_tab(self) -> QWidget:
        """The tab on screen (built now if it was not yet)."""
        return self.tabs[list(self.tabs)[self.tabs_widget.currentIndex()]]

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
        for i, (name, title) in enumerate(self.tabs.titles().items(), start=1):
            action = self._action(
                view_menu,
                f"&{i} {title}",
                lambda _=False, n=name: self.show_tab(self.tabs[n]),
                f"Ctrl+{i}",
            )
            self.tab_actions.append(action)
        view_menu.addSeparator()
        self.play_action = self._action(view_menu, "&Play / pause", self.play_pause, "Space")
        self.fit_action = self._action(view_menu, "&Fit view", self.fit_view, "Ctrl+0")
        view_menu.addSeparator()
        appearance = view_menu.addMenu("&Appearance")
        group = QActionGroup(self)
        self.appearance_actions: dict[str, QAction] = {}
        for name in OVERRIDES:
            action = self._action(
                appearance, f"&{name.title()}", lambda _=False, n=name: self.set_appearance(n)
            )
            action.setCheckable(True)
            group.addAction(action)
            self.appearance_actions[name] = action
        self.presentation_action = self._action(
            view_menu, "&Presentation", self.set_presentation, "F5"
        )
        self.presentation_action.setCheckable(True)
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

    # ----------------------------------------------------------- appearance
    def set_appearance(self, name: str) -> None:
        """System, light or dark (View → Appearance); remembered in the settings."""
        self.appearance_actions[name].setChecked(True)
        self.settings.setValue("view/appearance", name)
        theme().set_override(name)

    def set_presentation(self, on: bool) -> None:
        """Larger type and thicker lines for a projector (View → Presentation, F5)."""
        self.presentation_action.setChecked(on)
        self.settings.setValue("view/presentation", bool(on))
        was = theme().presentation
        if on and not was:  # every pane as it is: the larger type lays them all out again
            for tab in self.tabs.built().values():
                for splitter in tab.findChildren(QSplitter):
                    self._pane_sizes.setdefault(splitter, splitter.sizes())
        theme().set_presentation(on)
        if on and not was:
            # the controls' larger type needs wider panes: once laid out, widen them
            QTimer.singleShot(FIT_PANES_MS, self._fit_panes)
        elif was and not on:
            for pane, width in self._pane_minimums.items():
                pane.setMinimumWidth(width)
            self._pane_minimums = {}
            # once the normal type is laid out: the window may be as small as before
            QTimer.singleShot(FIT_PANES_MS, self._hold_minimum)
            for splitter, sizes in self._pane_sizes.items():
                splitter.setSizes(sizes)  # the panes as they were
            self._pane_sizes = {}

    def _on_view_changed(self, _index: int) -> None:
        if theme().presentation:
            QTimer.singleShot(FIT_PANES_MS, self._fit_panes)

    def _fit_panes(self) -> None:
        if theme().presentation:
            # the size hints of the larger type: the layouts' pending requests first
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            for tab in self.tabs.built().values():
                for splitter, sizes in fit_panes(tab, self._pane_minimums).items():
                    self._pane_sizes.setdefault(splitter, sizes)
            self._hold_minimum()
            # the panes' new minimums reach the window's size hint over a few events
            QTimer.singleShot(FIT_PANES_MS, self._hold_minimum)

    def _hold_minimum(self) -> None:
        """From this size up every pane keeps its minimum: no cut buttons, plots or text
        (presentation mode's larger type raises it; leaving it lowers it again)."""
        # the layouts' pending requests first: a hint read before them is the old type's
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        hint = self.minimumSizeHint()
        self.setMinimumSize(max(MIN_WIDTH, hint.width()), max(MIN_HEIGHT, hint.height()))

    def _restyle(self) -> None:
        restyle_tree(self, current())

    def _restore_look(self) -> None:
        name = str(self.settings.value("view/appearance", "system"))
        if name not in OVERRIDES:
            name = "system"
        on = str(self.settings.value("view/presentation", "false")).lower() == "true"
        self.appearance_actions[name].setChecked(True)
        self.presentation_action.setChecked(on)
        t = theme()
        t.override, t.presentation = name, on
        t.apply()
        if on:
            QTimer.singleShot(FIT_PANES_MS, self._fit_panes)

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
        self._chosen_filter = chosen
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
        path = self._ask_path("Export figure", FIGURE_FILTERS, f"{tab.name}.png")
        if path:  # light for slides, whatever the window shows, unless dark is chosen
            self.export_figure(path, "dark" if "dark" in self._chosen_filter else "light")

    def export_data_dialog(self) -> None:
        tab = self.current_tab()
        path = self._ask_path("Export data", "JSON (*.json);;CSV (*.csv)", f"{tab.name}.json")
        if path:
            self.export_data(path)

    def export_figure(self, path: str, theme: str = "light") -> bool:
        """Save the current tab's figure (light unless ``theme`` is "dark"); report the
        outcome in the status bar."""
        try:
            tab = self.current_tab()
            # a view with several plots (the run beside its landscape) is saved whole
            save_figure(getattr(tab, "figure_widget", tab.figure), path, theme)
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
        for name, title in self.tabs.titles().items():
            text = self.settings.value(f"tabs/{name}")
            if not text:
                continue
            # each tab's state is applied when the tab is built; its parameters are
            # checked now, so a bad saved value is reported at start-up
            try:
                state = json.loads(text)
                if not isinstance(state, dict):
                    raise ValueError("not a JSON object")
                tab_model(name).params(values=state.get("params", {}))
            except (ValueError, TypeError, AttributeError) as exc:
                problems.append(f"saved {title} settings ignored ({exc})")
                continue
            self._saved_states[name] = state
        current = self.settings.value("window/tab")
        names = list(self.tabs)
        if current in names:
            self.tabs_widget.setCurrentIndex(names.index(current))
        self._report_problems(problems)

    def _report_problems(self, problems: list[str]) -> None:
        if not problems:
            return
        if not self.notice.isHidden():  # a tab built later adds to what is shown
            problems = [self.notice.text(), *problems]
        self.notice.setText("; ".join(problems))
        self.notice.show()
        QTimer.singleShot(NOTICE_MS, self.notice.hide)

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/tab", self.current_tab().name)
        built = self.tabs.built()
        for name in self.tabs:
            if name in built:
                state = built[name].state()
            elif name in self._saved_states:  # never opened: its saved state stays as it was
                state = self._saved_states[name]
            else:  # never opened and nothing (usable) saved: it starts from its defaults
                self.settings.remove(f"tabs/{name}")
                continue
            self.settings.setValue(f"tabs/{name}", json.dumps(state))
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        theme().changed.disconnect(self._restyle)
        self.save_settings()
        for tab in self.tabs.built().values():
            tab.stop()
        self.worker.shutdown()
        super().closeEvent(event)
