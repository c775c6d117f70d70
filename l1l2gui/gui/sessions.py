"""File → Save session / Open session / Open recent: every tab's settings in one file.

Opening is all or nothing: each tab checks its part before anything changes, and
if one refuses, the tabs already changed are put back as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from ..core.export import write_atomically
from ..core.session import SESSION_SUFFIX, parse_session, session_text, tab_error

if TYPE_CHECKING:
    from .main_window import MainWindow

MAX_RECENT = 8
FILTER = f"l1l2gui session (*{SESSION_SUFFIX} *.json)"


class SessionActions:
    """The session entries of the File menu, acting on ``window``'s tabs."""

    def __init__(self, window: MainWindow, menu: QMenu) -> None:
        self.window = window
        self.save_action = self._add(menu, "&Save session…", self.save_dialog, "Ctrl+S")
        self.open_action = self._add(menu, "&Open session…", self.open_dialog, "Ctrl+O")
        self.recent_menu = menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._fill_recent()

    def _add(self, menu: QMenu, text: str, slot, shortcut: str) -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    # ------------------------------------------------------------- recent
    def recent(self) -> list[str]:
        value = self.window.settings.value("sessions/recent", [])
        paths = [value] if isinstance(value, str) else list(value or [])
        return [p for p in paths if isinstance(p, str)][:MAX_RECENT]

    def _remember(self, path: str) -> None:
        path = str(Path(path).resolve())
        paths = [path, *(p for p in self.recent() if p != path)][:MAX_RECENT]
        self.window.settings.setValue("sessions/recent", paths)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = self.recent()
        for path in paths:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda _=False, p=path: self.open(p))
        if not paths:
            empty = self.recent_menu.addAction("No sessions yet")
            empty.setEnabled(False)

    # ------------------------------------------------------------- dialogs
    def _start_folder(self) -> str:
        folder = Path(str(self.window.settings.value("sessions/folder", str(Path.home()))))
        return str(folder if folder.is_dir() else Path.home())

    def save_dialog(self) -> None:
        default = str(Path(self._start_folder()) / f"session{SESSION_SUFFIX}")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save session", default, FILTER)
        if path:
            if not path.endswith(".json"):
                path += SESSION_SUFFIX
            self.save(path)

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open session", self._start_folder(), FILTER
        )
        if path:
            self.open(path)

    # ------------------------------------------------------------- actions
    def save(self, path: str) -> bool:
        """Write every tab's state to ``path``; report in the status bar."""
        window = self.window
        states = {name: tab.state() for name, tab in window.tabs.items()}
        try:
            write_atomically(path, session_text(window.current_tab().name, states))
        except (OSError, ValueError) as exc:
            return self._failed("Could not save the session", path, exc)
        self._remember(path)
        window.settings.setValue("sessions/folder", str(Path(path).parent))
        window.statusBar().showMessage(f"Session saved to {path}", 10_000)
        return True

    def open(self, path: str) -> bool:
        """Apply the session in ``path`` to every tab it names, or change nothing."""
        window = self.window
        try:
            text = Path(path).read_text(encoding="utf-8")
            session = parse_session(text, list(window.tabs))
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            return self._failed("Session not opened", path, exc)
        before = {name: window.tabs[name].state() for name in session.states}
        done: list[str] = []
        try:
            for name, state in session.states.items():
                window.tabs[name].restore(dict(state))
                done.append(name)
        except (ValueError, TypeError, AttributeError) as exc:
            for name in done:  # put back what had already changed
                window.tabs[name].restore(before[name])
            failed = next(n for n in session.states if n not in done)
            return self._failed("Session not opened", path, tab_error(failed, exc))
        if session.current_tab is not None:
            window.tabs_widget.setCurrentWidget(window.tabs[session.current_tab])
        self._remember(path)
        window.settings.setValue("sessions/folder", str(Path(path).parent))
        window.statusBar().showMessage(f"Session opened from {path}", 10_000)
        return True

    def _failed(self, what: str, path: str, exc: object) -> bool:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        message = f"{what}: {path}: {reason}"
        self.window.statusBar().showMessage(message, 15_000)
        if self.window.isVisible():
            QMessageBox.warning(self.window, what, message)
        return False
