"""The Outliers tab: drag one outlier; boosted trees with L1 and L2 loss refit as you drag.

Dragging submits on the ``outliers/drag`` channel at most once per frame (the
newest position wins: the worker cancels the previous fit between chunks of
trees, and only the newest request's snapshots are drawn). Each fit grows on
screen chunk by chunk. Fits without the outlier depend only on the data and the
model settings, so they are kept and reused while only the outlier moves.

A view switch shows the drag view (with the influence curve under it), the
source's 3×3 figure, or the claim over many seeds; those run on channels of
their own (:mod:`.background`), only while shown (held while the tab is hidden:
another tab's frames are not shared with a picture nobody sees), and are asked
for when the settings change or a drag ends, never on every move.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTabBar,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import QSignalThrottler

from ....core.csv_points import CsvPoints, load_points
from ....core.fields import as_dict, with_values
from ....core.imported_data import adopt, adopted, data_entry, data_path, state_points
from ....core.outliers import (
    CHUNK_SECONDS,
    LOSS_LABELS,
    REQUIRED_LOSSES,
    Fit,
    OutlierParams,
    OutlierRun,
    resolve_data,
    validate_outliers,
    without_key,
)
from ....core.outliers_facts import outlier_facts
from ....core.outliers_views import VIEWS, OutlierViews
from ....core.presets import find_preset, presets_for
from ....core.tabs import tab_model
from ...theme import ink
from ...widgets.explanation import ExplanationPanel
from ...widgets.live_widgets import LiveLabel
from ...widgets.param_form import ParamForm
from ...widgets.tips import PRESET_TIP, defaults_tip
from ...worker import ComputeWorker
from .background import GRID_CHANNEL, INFLUENCE_CHANNEL, SEEDS_CHANNEL, BackgroundViews
from .figure import LOSS_COLORS, OutliersFigure
from .grid_view import GridFigureView
from .influence_view import InfluenceView
from .jobs import DRAG_CHUNK_SECONDS, FINAL_CHUNK_SECONDS, Explained, fits_job
from .readout import ReadoutTable
from .seeds_view import SeedsView
from .text import explanation_html, readout_table

DRAG_CHANNEL = "outliers/drag"
EDIT_CHANNEL = "outliers"
CUSTOM = "(custom)"
DEFAULT_PRESET = "stability-grid"
# short: each fits beside the progress text in the middle pane at the minimum window size
HINT = "Drag the orange outlier, or type its position."
VIEW_TITLES = {"drag": "Drag and influence", "grid": "3×3 figure", "seeds": "Over seeds"}
VIEW_CHANNELS = {"drag": INFLUENCE_CHANNEL, "grid": GRID_CHANNEL, "seeds": SEEDS_CHANNEL}
VIEW_HINTS = {
    "drag": HINT,
    "grid": "Outlier x: one step left of the data to one right.",
    "seeds": "The post's claim over many noise draws.",
}
FAMILY_LABELS = {"boosting": "boosted trees", "linear": "linear models"}
VIEW_TIPS = {
    "drag": "Drag the outlier and watch the fits; under it, each loss's shift against outlier x",
    "grid": "The source's figure: nine outlier positions, four fits each",
    "seeds": 'The claim "L1 changes more" over many noise seeds',
}


class OutliersTab(QWidget):
    """Parameters left; the figure and readout in the middle; explanation right."""

    name = "outliers"
    title = "Outliers"
    statusMessage = Signal(str)
    runFinished = Signal(int)  # request id whose complete fits have been drawn
    rendered = Signal(object)  # the OutlierRun just drawn (partial or complete)

    def __init__(self, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = tab_model(self.name)
        self._worker = worker
        self._request = -1
        self._params: OutlierParams | None = None  # the newest request's parameters
        self._run: OutlierRun | None = None
        self._finished: OutlierRun | None = None
        self._without: dict[OutlierParams, dict[str, Fit]] = {}
        self._preset: str | None = None
        self._dragging = False
        self._views_after_drag = False
        self._views_on_show = False
        self._frame_pending = True
        # set while the mouse drags the outlier; read by the drag's job in the worker thread
        self._mouse_down = threading.Event()

        self.form = ParamForm(self.model.fields, LOSS_LABELS | FAMILY_LABELS, LOSS_COLORS)
        data_line = self.form.editor("data_file")
        data_line.setReadOnly(True)  # set by Import CSV…: a file is read whole or refused
        data_line.setPlaceholderText("generated (n_points, slope, …)")
        self.import_button = QPushButton("Import CSV…")
        self.import_button.setToolTip("Read the base points from a CSV file (x,y rows)")
        self.generated_button = QPushButton("Generated data")
        self.generated_button.setToolTip("Base points from n_points, slope, … again (not the file)")
        self.data_message = QLabel()
        self.data_message.setWordWrap(True)
        self.data_message.setStyleSheet("color: #B00020;")
        self.data_message.hide()
        for loss in REQUIRED_LOSSES:
            box = self.form.check_box("losses", loss)
            box.setEnabled(False)
            box.setToolTip("always fitted: this tab compares L1 with L2")
        self.preset_box = QComboBox()
        self.preset_box.setToolTip(PRESET_TIP)
        self.preset_box.addItem(CUSTOM)
        for preset in presets_for(self.name):
            self.preset_box.addItem(preset.name)
            self.preset_box.setItemData(
                self.preset_box.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        self.defaults_button = QPushButton("Defaults")
        self.defaults_button.setToolTip(defaults_tip(DEFAULT_PRESET))
        self.drag_figure = OutliersFigure()
        self.influence_view = InfluenceView()
        self.grid_view = GridFigureView()
        self.seeds_view = SeedsView()
        self.view_bar = QTabBar()
        for view in VIEWS:
            self.view_bar.setTabToolTip(self.view_bar.addTab(VIEW_TITLES[view]), VIEW_TIPS[view])
        self.pages = QStackedWidget()
        self.background = BackgroundViews(
            worker, self.influence_view, self.grid_view, self.seeds_view, self
        )
        self.hint = LiveLabel()  # the views' progress: every frame of a sweep
        # its width is never a minimum: a long message (a failed sweep) would widen the
        # middle pane past the window's minimum size and cut the plots off on the right
        self.hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        self.hint.setText(HINT)
        # progress as text: QProgressBar.setValue repaints synchronously, ~9 ms a frame
        self.progress = LiveLabel()
        self.progress.setStyleSheet("color: #555555;")
        self.readout = ReadoutTable()  # every frame of a drag
        self.explanation = ExplanationPanel()
        self.explanation.setOpenLinks(False)  # "try this" links set parameters
        self._layout()

        self._edit_throttler = QSignalThrottler(parent=self)
        self._edit_throttler.setTimeout(40)
        self._edit_throttler.triggered.connect(lambda: self.recompute(EDIT_CHANNEL))
        self._drag_throttler = QSignalThrottler(parent=self)
        self._drag_throttler.setTimeout(16)  # one request per frame; the last move always sent
        self._drag_throttler.triggered.connect(lambda: self.recompute(DRAG_CHANNEL))

        self.form.edited.connect(self._on_edited)
        self.preset_box.activated.connect(lambda i: self.apply_preset(self.preset_box.itemText(i)))
        self.defaults_button.clicked.connect(self.reset_defaults)
        self.explanation.anchorClicked.connect(self._on_link)
        self.drag_figure.target.sigPositionChanged.connect(self._on_target_moved)
        self.drag_figure.target.sigPositionChangeFinished.connect(self._on_drag_finished)
        self.import_button.clicked.connect(self._import_dialog)
        self.generated_button.clicked.connect(lambda: self.set_data_file(""))
        self.view_bar.currentChanged.connect(self._on_view_changed)
        self.background.progress.connect(self._on_background_progress)
        worker.resultReady.connect(self._on_result)
        worker.jobFailed.connect(self._on_failed)
        worker.busyChanged.connect(self._on_busy)

        self.apply_preset(DEFAULT_PRESET)

    def _layout(self) -> None:
        left = QWidget()
        col = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(QLabel("Preset"))
        row.addWidget(self.preset_box, 1)
        col.addLayout(row)
        col.addWidget(self.defaults_button)
        col.addWidget(self.form)
        data_row = QHBoxLayout()
        data_row.addWidget(self.import_button)
        data_row.addWidget(self.generated_button)
        col.addLayout(data_row)
        col.addWidget(self.data_message)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(left.sizeHint().width() + 20)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(self.hint, 1)
        bar.addWidget(self.progress)
        mid.addWidget(self.view_bar)
        mid.addLayout(bar)
        drag_page = QSplitter(Qt.Orientation.Vertical)
        drag_page.addWidget(self.drag_figure)
        drag_page.addWidget(self.influence_view)
        drag_page.setStretchFactor(0, 3)
        drag_page.setStretchFactor(1, 1)
        drag_page.setSizes([420, 210])
        self.pages.addWidget(drag_page)
        self.pages.addWidget(self.grid_view)
        self.pages.addWidget(self.seeds_view)
        mid.addWidget(self.pages, 1)
        mid.addWidget(self.readout)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(middle)
        split.addWidget(self.explanation)
        split.setStretchFactor(1, 1)
        # the side panes keep these widths as the window shrinks: at the minimum window
        # size the middle pane is what is left (~450 px), and all of it must fit there
        split.setSizes([265, 715, 320])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(split)

    @property
    def figure(self):
        """The view on screen (File → Export figure saves it); the drag view's fits at first."""
        view = self.current_view()
        if view == "grid":
            return self.grid_view
        if view == "seeds":
            return self.seeds_view.figure
        return self.drag_figure

    def current_view(self) -> str:
        return VIEWS[max(self.view_bar.currentIndex(), 0)]

    @staticmethod
    def export_figure(
        result: OutlierRun | OutlierViews, width: int = 1000, height: int = 700, view: str = "drag"
    ):
        """A stand-alone figure of ``view`` of a complete result, as the tab draws it (the CLI)."""
        views = result if isinstance(result, OutlierViews) else OutlierViews(result)
        if view == "grid" and views.grid is not None:
            figure = GridFigureView()
            figure.resize(max(width, 1100), max(height, 820))
            figure.show_figure(views.grid)
            return figure
        if view == "seeds" and views.claim is not None:
            seeds = SeedsView()
            seeds.figure.resize(width, height)
            seeds.show_claim(views.claim)
            figure = seeds.figure
            figure.setParent(None)  # a window of its own; the sentences stay in the tab
            figure._view = seeds  # keeps the Python side of the bars alive with the figure
            return figure
        if view != "drag":
            raise ValueError(f"--view {view}: nothing to draw with seeds_repeat=0 (set it above 0)")
        figure = OutliersFigure(movable=False)
        figure.resize(width, height)
        figure.show_run(views.run)
        figure.frame(views.params, views.run)
        return figure

    # ---------------------------------------------------------------- state
    def params(self) -> OutlierParams:
        """The form's parameters, validated by the core (raises ``ValueError``)."""
        params = self.model.params(values=self.form.values())
        validate_outliers(params)
        return params

    @property
    def run(self) -> OutlierRun | None:
        return self._run

    @property
    def finished_run(self) -> OutlierRun | None:
        return self._finished

    @property
    def export_result(self) -> OutlierViews | None:
        """The last complete drag run with the background views complete for its settings."""
        if self._finished is None:
            return None
        p = self._finished.params
        current = {
            channel: self.background.results[channel]
            if self.background.is_current(channel, p)
            else None
            for channel in VIEW_CHANNELS.values()
        }
        return OutlierViews(
            self._finished,
            current[INFLUENCE_CHANNEL],
            current[GRID_CHANNEL],
            current[SEEDS_CHANNEL],
        )

    @property
    def preset(self) -> str | None:
        return self._preset

    def state(self) -> dict[str, Any]:
        """Parameters, preset and view; imported points by content (``data``)."""
        params = as_dict(self.model.params_type(**self.form.values()))
        del params["data_sha256"]  # the hash of the points in ``data``
        state = {"params": params, "preset": self._preset, "view": self.current_view()}
        points = adopted(data_path(params["data_file"])) if params["data_file"] else None
        if points is not None:
            state["data"] = data_entry(points)
        return state

    def restore(self, state: dict[str, Any]) -> None:
        """Apply saved state; raises ``ValueError`` naming a bad key, changing nothing.

        The points of ``data`` are used for ``params.data_file``, whatever the disk
        holds now; a state without them (an older session) reads the file.
        """
        points = state_points(state)
        values = state.get("params", {})
        params = with_values(self.model.params_type(), self.model.fields, values)
        if points is None and params.data_file:
            points = load_points(params.data_file)
        params = resolve_data(params, points)
        view = state.get("view", VIEWS[0])
        if view not in VIEWS:
            raise ValueError(f"view={view!r}: must be one of {', '.join(VIEWS)}")
        if points is not None:
            adopt(points)
        self.form.set_values(as_dict(params))
        self.view_bar.setCurrentIndex(VIEWS.index(view))
        preset = state.get("preset")
        self._set_preset_label(preset if self._matches_preset(preset, params) else None)
        self._frame_pending = True
        self.recompute(EDIT_CHANNEL)

    def apply_preset(self, name: str) -> None:
        if name == CUSTOM:
            return
        self.form.set_values(as_dict(self.model.params(preset=name)))
        self._set_preset_label(name)
        if dict(find_preset(name, self.name).values).get("seeds_repeat"):
            self.view_bar.setCurrentIndex(VIEWS.index("seeds"))  # the view the preset is for
        self._frame_pending = True
        self.recompute(EDIT_CHANNEL)

    def apply_values(self, values: dict[str, Any]) -> None:
        """Set some parameters (a "try this" link); the rest keep their values."""
        params = self.model.params(values={**self.form.values(), **values})
        self.form.set_values(as_dict(params))
        self._frame_pending = True
        self.recompute(EDIT_CHANNEL)

    def reset_defaults(self) -> None:
        self.apply_preset(DEFAULT_PRESET)

    def _matches_preset(self, name: str | None, params: Any) -> bool:
        try:
            return name is not None and self.model.params(preset=name) == params
        except ValueError:
            return False

    def _set_preset_label(self, name: str | None) -> None:
        self._preset = name
        index = self.preset_box.findText(name) if name else 0
        self.preset_box.setCurrentIndex(max(index, 0))

    # ------------------------------------------------------------- dragging
    def _on_target_moved(self, target) -> None:
        pos = target.pos()
        x, y = float(pos.x()), float(pos.y())
        values = self.form.values()
        if self._params is not None:
            lo, hi = self._params.x_range  # the data's range (generated or from a file)
        else:
            lo, hi = self.model.params_type(
                n_points=int(values["n_points"]), x_step=values["x_step"]
            ).x_range
        if not lo <= x <= hi:  # the fits only exist over the plotted range: stop at its edge
            x = min(max(x, lo), hi)
            self.drag_figure.set_outlier(x, y)
        if not self._dragging:
            self.background.pause()  # the drag's fits get the worker to themselves
        self._dragging = True
        self._mouse_down.set()
        self.form.set_values({"outlier_x": x, "outlier_y": y})
        self._drag_throttler.throttle()

    def _on_drag_finished(self, _target) -> None:
        self._dragging = False
        self._mouse_down.clear()  # the final fit goes on in full chunks
        # the last position goes to the worker now, not at the end of the throttler's frame
        self._drag_throttler.flush()
        self._frame_pending = True
        self._views_after_drag = True  # once the final fit is complete (see _on_result)
        run = self._run
        if run is not None and run.finished and run.params == self._params:
            self._views_after(run)
        if self._run is not None and self._run.params == self._params:
            self._frame(self._run)

    def _frame(self, run: OutlierRun) -> None:
        self.drag_figure.frame(run.params, run)
        if run.finished:
            self._frame_pending = False

    # -------------------------------------------------------------- compute
    def _on_edited(self) -> None:
        self._frame_pending = True
        self._edit_throttler.throttle()

    def _on_link(self, url: QUrl) -> None:
        kind, _, rest = url.toString().partition(":")
        try:
            if kind == "preset":
                self.apply_preset(rest)
            elif kind == "set":
                values = dict(item.split("=", 1) for item in rest.split(";"))
                self.apply_values(values)
                if "seeds_repeat" in values:  # the link is about the view that shows them
                    self.view_bar.setCurrentIndex(VIEWS.index("seeds"))
        except ValueError as exc:
            self.form.show_error(str(exc))

    def recompute(self, channel: str = EDIT_CHANNEL) -> None:
        """Validate the form and ask for fresh fits on ``channel`` (the newest request wins)."""
        try:
            params = self.params()
        except ValueError as exc:
            # the running job is for parameters the user has left: stop it, keep the picture
            self._worker.cancel(DRAG_CHANNEL)
            self._worker.cancel(EDIT_CHANNEL)
            self.background.forget()
            self._request = -1
            self.form.show_error(str(exc))
            self.statusMessage.emit(str(exc))
            return
        self.form.show_error("")
        if not self._matches_preset(self._preset, params):
            self._set_preset_label(None)
        self.drag_figure.show_data(params)
        self._worker.cancel(EDIT_CHANNEL if channel == DRAG_CHANNEL else DRAG_CHANNEL)
        self._params = params
        self.influence_view.set_position(params.outlier_x)
        if channel == EDIT_CHANNEL and not self._dragging:
            self._resume_views()
            self._request_view(params)
        without = self._without.get(without_key(params))
        chunk = self._drag_chunks() if channel == DRAG_CHANNEL else CHUNK_SECONDS
        self._request = self._worker.submit(channel, fits_job(params, without, chunk))

    def _drag_chunks(self) -> Callable[[], float]:
        """Chunk seconds for one drag job's fits, asked by the worker thread before each
        chunk: short for the first chunk and while the button is down, then full, then
        long once the position has held for two chunks (the final fit: fewer fixed costs,
        fewer frames to draw)."""
        held = [-1]  # the first chunk is short whatever the button: the first picture soon

        def chunk() -> float:
            if self._mouse_down.is_set() or held[0] < 0:
                held[0] = 0
                return DRAG_CHUNK_SECONDS
            held[0] += 1
            return CHUNK_SECONDS if held[0] <= 1 else FINAL_CHUNK_SECONDS

        return chunk

    def _on_result(self, channel: str, request: int, result: Any) -> None:
        if channel not in (DRAG_CHANNEL, EDIT_CHANNEL) or request != self._request:
            return  # a position the user has already left: never drawn
        explained = result if isinstance(result, Explained) else None
        run = explained.run if explained is not None else result
        self._run = run
        self.drag_figure.show_run(run)
        if self._frame_pending and not self._dragging:
            self._frame(run)
        self.readout.set_table(readout_table(run))
        self.progress.setText("" if run.finished else f"growing trees… {run.progress:.0%}")
        without = run.without_fits()
        if len(without) == len(run.params.losses):
            self._without = {without_key(run.params): without}
        if self.explanation.isEnabled() != run.finished:
            # greyed while the fits on screen are still growing: its numbers are those
            # of the last complete fit, possibly for a position the outlier has left
            self.explanation.setEnabled(run.finished)
        self.rendered.emit(run)
        if run.finished and self._views_after_drag and not self._dragging:
            self._views_after(run)
        if run.finished:
            self._finished = run
            if explained is None:  # a run delivered without them: computed here
                facts = outlier_facts(run)
                html = explanation_html(run, facts)
            else:
                facts, html = explained.facts, explained.html
            if html != self.explanation.source_html():  # unchanged: not laid out again
                self.explanation.set_html(html)
            self.statusMessage.emit(
                f"Shift L1 {facts.shift['l1']:.4g}, L2 {facts.shift['l2']:.4g} "
                f"(outlier at x = {run.params.outlier_x:.4g})."
            )
            self.runFinished.emit(request)

    def _on_busy(self, channel: str, busy: bool) -> None:
        if channel in (DRAG_CHANNEL, EDIT_CHANNEL) and not busy:
            self.progress.setText("")

    def _on_failed(self, channel: str, request: int, message: str) -> None:
        if channel not in (DRAG_CHANNEL, EDIT_CHANNEL) or request != self._request:
            return
        self.form.show_error(message)
        self.statusMessage.emit(message)

    # ------------------------------------------------------ background views
    def _request_view(self, params: OutlierParams) -> None:
        """Ask for the view on screen (the influence curve on the drag view).

        Not while the tab is hidden: a sweep would share the worker with another
        tab's run for a picture nobody sees; :meth:`showEvent` asks then.
        """
        if not self.isVisible():
            self._views_on_show = True
            return
        self.background.request(VIEW_CHANNELS[self.current_view()], params)

    def _resume_views(self) -> None:
        """Let the views compute again, unless the tab is hidden (see :meth:`hideEvent`)."""
        if self.isVisible():
            self.background.resume()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._dragging and not self._views_after_drag:
            self._resume_views()
        if self._views_on_show and self._params is not None and not self._dragging:
            self._views_on_show = False
            self._request_view(self._params)

    def hideEvent(self, event) -> None:
        # a sweep nobody sees would take the worker's turns (and the GUI thread's time to
        # draw it on a hidden page) from the tab on screen: it waits where it is
        super().hideEvent(event)
        self.background.pause()

    def _views_after(self, run: OutlierRun) -> None:
        """The drag's final fit is complete: the views continue, or restart for the new y."""
        self._views_after_drag = False
        self._resume_views()
        self._request_view(run.params)

    def _on_view_changed(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self.hint.setText(VIEW_HINTS[self.current_view()])
        if self._params is not None and not self._dragging:
            self._request_view(self._params)

    def _on_background_progress(self, text: str) -> None:
        self.hint.setText(text or VIEW_HINTS[self.current_view()])

    # ------------------------------------------------------------- data file
    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import base points", "", "CSV files (*.csv *.txt);;All files (*)"
        )
        if path:
            self.set_data_file(path)

    def set_data_file(self, path: str) -> bool:
        """Use the points of the CSV file at ``path`` ("" for generated points).

        A malformed file is refused with a message naming the line, and the
        current data stay. Returns whether the file was taken.
        """
        values: dict[str, Any] = {"data_file": path}
        notes = []
        points: CsvPoints | None = None
        try:
            if path:
                points = load_points(path)  # read again, even when the path is in use
                values["data_file"] = points.path
                notes.append(f"{points.x.size} points from {points.path}.")
                if self.form.values()["seeds_repeat"]:
                    values["seeds_repeat"] = 0  # the claim over seeds redraws generated noise
                    notes.append("Seeds set to 0: the claim over seeds needs generated data.")
            params = with_values(
                self.model.params_type(), self.model.fields, {**self.form.values(), **values}
            )
            lo, hi = resolve_data(params, points).x_range
        except ValueError as exc:
            self._show_data_message(f"Not imported: {exc}", error=True)
            self.statusMessage.emit(f"Not imported: {exc}")
            return False
        if points is not None:
            adopt(points)  # these points from now on, whatever the file holds later
        x = self.form.values()["outlier_x"]
        if not lo <= x <= hi:  # keep the outlier on the new plot, and say so
            values["outlier_x"] = (lo + hi) / 2
            notes.append(f"The outlier moved to x = {values['outlier_x']:.4g} to stay on the plot.")
        self._show_data_message(" ".join(notes), error=False)
        self.form.set_values(values)
        self._frame_pending = True
        self.recompute(EDIT_CHANNEL)
        return True

    def _show_data_message(self, text: str, error: bool) -> None:
        self.data_message.setText(text)
        self.data_message.setStyleSheet(f"color: {ink('#B00020' if error else '#555555')};")
        self.data_message.setVisible(bool(text))

    def stop(self) -> None:
        """Cancel the computation (the window is closing)."""
        self.background.stop()
        self._edit_throttler.cancel()
        self._drag_throttler.cancel()
        self._worker.cancel(DRAG_CHANNEL)
        self._worker.cancel(EDIT_CHANNEL)
