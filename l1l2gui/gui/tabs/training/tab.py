"""The Training tab: gradient descent on ŷ = w·x with signed L1, abs L1, L2 and Huber losses.

A run is computed in the worker and streamed here in snapshots; the tab only
draws. Play / step / reset move a cursor over the computed steps, so the
same run can be watched at any speed or seen at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import QSignalThrottler

from ....core.descent import TrainingRun
from ....core.descent_display import RunPyramids
from ....core.descent_facts import DescentFacts, descent_facts
from ....core.fields import as_dict
from ....core.losses import LOSS_LABELS
from ....core.presets import presets_for
from ....core.tabs import tab_model
from ...palette import KIND_COLORS
from ...widgets.explanation import ExplanationPanel
from ...widgets.param_form import ParamForm
from ...worker import ComputeWorker
from .figure import TrainingFigure
from .text import divergence_summary, explanation_html, readout_html

SPEEDS = (1, 5, 20, 100, 500, 2000, 10000)  # steps per second when playing
FRAME_MS = 33
CUSTOM = "(custom)"


def _training_job(params):
    """Runs in the worker thread: the facts once, then the streamed run with what is drawn
    of it (min/max pyramids grown with every snapshot)."""

    def make(_is_cancelled):
        facts = descent_facts(params)
        pyramids = RunPyramids(params.steps)
        for run in tab_model("training").stream(params):
            yield run, facts, pyramids.update(run)

    return make


class TrainingTab(QWidget):
    """Parameters left; plots, transport and readout in the middle; explanation right."""

    name = "training"
    title = "Training"
    statusMessage = Signal(str)
    rendered = Signal(int)  # the step drawn
    runFinished = Signal(int)  # request id whose final snapshot has been drawn

    def __init__(self, worker: ComputeWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = tab_model(self.name)
        self._worker = worker
        self._request = -1
        self._explained = -1  # the request whose parameters the explanation describes
        self._run: TrainingRun | None = None
        self._facts: DescentFacts | None = None
        self._pyramids: RunPyramids | None = None
        self._finished: TrainingRun | None = None
        self._cursor = 0.0
        self._follow_end = True
        self._preset: str | None = None

        self.form = ParamForm(self.model.fields, LOSS_LABELS, KIND_COLORS)
        self.preset_box = QComboBox()
        self.preset_box.addItem(CUSTOM)
        for preset in presets_for(self.name):
            self.preset_box.addItem(preset.name)
            self.preset_box.setItemData(
                self.preset_box.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        self.defaults_button = QPushButton("Defaults")
        self.log_loss = QCheckBox("log loss axis")
        self.log_loss.setToolTip("signed L1 is negative and drops out of a log axis")

        self.figure = TrainingFigure()
        icon = self.style().standardIcon
        pix = QStyle.StandardPixmap
        self.reset_button = QPushButton(icon(pix.SP_MediaSkipBackward), "Reset")
        self.step_button = QPushButton(icon(pix.SP_MediaSeekForward), "Step")
        self.play_button = QPushButton(icon(pix.SP_MediaPlay), "Play")
        self.play_button.setCheckable(True)
        self.end_button = QPushButton(icon(pix.SP_MediaSkipForward), "Run to end")
        self.reset_button.setToolTip("Back to step 0 (the initial w)")
        self.step_button.setToolTip("Show one more step")
        self.play_button.setToolTip("Watch the run step by step at the chosen speed")
        self.end_button.setToolTip("Show the whole run at once")
        self.speed_box = QComboBox()
        for speed in SPEEDS:
            self.speed_box.addItem(f"{speed} steps/s", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(100))
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFormat("computing… %p%")
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.readout = QLabel()
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.explanation = ExplanationPanel()

        self._layout()
        self._throttler = QSignalThrottler(parent=self)
        self._throttler.setTimeout(40)
        self._throttler.triggered.connect(self.recompute)
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(FRAME_MS)
        self._play_timer.timeout.connect(self._tick)

        self.form.edited.connect(self._on_edited)
        self.preset_box.activated.connect(lambda i: self.apply_preset(self.preset_box.itemText(i)))
        self.defaults_button.clicked.connect(self.reset_defaults)
        self.log_loss.toggled.connect(self.figure.set_log_loss)
        self.reset_button.clicked.connect(self.rewind)
        self.step_button.clicked.connect(self.step_once)
        self.play_button.toggled.connect(self.set_playing)
        self.end_button.clicked.connect(self.run_to_end)
        worker.resultReady.connect(self._on_result)
        worker.jobFailed.connect(self._on_failed)
        worker.busyChanged.connect(self._on_busy)

        self.apply_preset("one-weight")

    def _layout(self) -> None:
        left = QWidget()
        col = QVBoxLayout(left)
        row = QHBoxLayout()
        row.addWidget(QLabel("Preset"))
        row.addWidget(self.preset_box, 1)
        col.addLayout(row)
        col.addWidget(self.defaults_button)
        col.addWidget(self.form)
        col.addWidget(self.log_loss)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(250)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        for w in (self.reset_button, self.step_button, self.play_button, self.end_button):
            bar.addWidget(w)
        bar.addWidget(self.speed_box)
        bar.addStretch(1)
        bar.addWidget(self.progress)
        mid.addLayout(bar)
        mid.addWidget(self.figure, 1)
        mid.addWidget(self.readout)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(middle)
        split.addWidget(self.explanation)
        split.setStretchFactor(1, 1)
        split.setSizes([260, 700, 340])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(split)

    @staticmethod
    def export_figure(run: TrainingRun, width: int = 1000, height: int = 820) -> TrainingFigure:
        """A stand-alone figure of a finished run, drawn as the tab draws it (for the CLI)."""
        figure = TrainingFigure()
        figure.resize(width, height)
        figure.show_run(run, run.steps_done, descent_facts(run.params))
        return figure

    # ---------------------------------------------------------------- state
    def params(self) -> Any:
        """The form's parameters, validated by the core (raises ``ValueError``)."""
        return self.model.params(values=self.form.values())

    @property
    def run(self) -> TrainingRun | None:
        return self._run

    @property
    def finished_run(self) -> TrainingRun | None:
        return self._finished

    @property
    def preset(self) -> str | None:
        return self._preset

    @property
    def cursor(self) -> int:
        return int(self._cursor)

    def state(self) -> dict[str, Any]:
        """What the settings keep for this tab."""
        return {
            "params": as_dict(self.model.params_type(**self.form.values())),
            "preset": self._preset,
            "log_loss": self.log_loss.isChecked(),
            "speed": self.speed_box.currentData(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Apply saved state; raises ``ValueError`` naming a bad key, changing nothing."""
        params = self.model.params(values=state.get("params", {}))
        self._show_params(params)
        self.log_loss.setChecked(bool(state.get("log_loss", False)))
        speed = state.get("speed")
        if speed in SPEEDS:
            self.speed_box.setCurrentIndex(SPEEDS.index(speed))
        preset = state.get("preset")
        self._set_preset_label(preset if self._matches_preset(preset, params) else None)
        self.recompute()

    def apply_preset(self, name: str) -> None:
        if name == CUSTOM:
            return
        params = self.model.params(preset=name)
        self._show_params(params)
        self._set_preset_label(name)
        self._follow_end = True
        self.recompute()

    def reset_defaults(self) -> None:
        self.log_loss.setChecked(False)
        self.apply_preset("one-weight")

    def _show_params(self, params: Any) -> None:
        # the batch-size box is capped at N: raise the cap first or a larger batch is clamped
        self.form.editor("batch_size").setMaximum(params.n_samples)
        self.form.set_values(as_dict(params))

    def _matches_preset(self, name: str | None, params: Any) -> bool:
        try:
            return name is not None and self.model.params(preset=name) == params
        except ValueError:
            return False

    def _set_preset_label(self, name: str | None) -> None:
        self._preset = name
        index = self.preset_box.findText(name) if name else 0
        self.preset_box.setCurrentIndex(max(index, 0))

    # -------------------------------------------------------------- compute
    def _on_edited(self) -> None:
        self._set_preset_label(None)
        self._throttler.throttle()

    def recompute(self) -> None:
        """Validate the form and ask the worker for a fresh run (the newest request wins)."""
        values = self.form.values()
        self.form.editor("batch_size").setMaximum(int(values["n_samples"]))
        try:
            params = self.params()
        except ValueError as exc:
            # the running job is for parameters the user has left: stop it, keep the picture
            self._worker.cancel(self.name)
            self._request = -1
            self.form.show_error(str(exc))
            self.statusMessage.emit(str(exc))
            return
        self.form.show_error("")
        if self._preset and not self._matches_preset(self._preset, params):
            self._set_preset_label(None)
        self._request = self._worker.submit(self.name, _training_job(params))

    def _on_result(self, channel: str, request: int, result: Any) -> None:
        if channel != self.name or request != self._request:
            return
        first = self._run is None or self._run.params != result[0].params
        self._run, self._facts, self._pyramids = result
        done = self._run.steps_done
        self.progress.setVisible(not self._run.finished)
        self.progress.setValue(int(100 * self._run.progress))  # whole percents: fewer repaints
        if self._follow_end:
            self._cursor = float(done)
        self._cursor = min(self._cursor, float(self._run.params.steps))
        self._render(full=first or self._run.finished)
        if self._run.finished or request != self._explained:
            # new parameters: explain them at once; the run's outcome follows when it ends
            self._explained = request
            self.explanation.set_html(explanation_html(self._run.params, self._facts, self._run))
        if self._run.finished:
            self._finished = self._run
            note = divergence_summary(self._run)
            self.statusMessage.emit(note or f"Computed {done} steps.")
            self.runFinished.emit(request)

    def _on_busy(self, channel: str, busy: bool) -> None:
        if channel == self.name and not busy:
            self.progress.hide()  # finished, failed or cancelled

    def _on_failed(self, channel: str, request: int, message: str) -> None:
        if channel != self.name or request != self._request:
            return
        self.form.show_error(message)
        self.statusMessage.emit(message)

    # ------------------------------------------------------------ transport
    def _render(self, full: bool = True) -> None:
        """Draw the step under the cursor; ``full`` false for frames of a stream or of
        playing, which redraw one plot's curves in turn (see TrainingFigure.show_run)."""
        if self._run is None:
            return
        step = min(int(self._cursor), self._run.steps_done)
        self.figure.show_run(self._run, step, self._facts, self._pyramids, full=full)
        self.readout.setText(readout_html(self._run, step))
        self.rendered.emit(step)

    def set_playing(self, on: bool) -> None:
        if self.play_button.isChecked() != on:
            self.play_button.setChecked(on)  # re-enters through toggled
            return
        pix = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(pix))
        self.play_button.setText("Pause" if on else "Play")
        if on:
            if self._run is not None and self.cursor >= self._run.params.steps:
                self._cursor = 0.0
            self._follow_end = False
            self._play_timer.start()
        else:
            self._play_timer.stop()

    def toggle_play(self) -> None:
        """Space in the window: play if paused, pause if playing."""
        self.set_playing(not self.play_button.isChecked())

    def _tick(self) -> None:
        if self._run is None:
            return
        self._cursor += self.speed_box.currentData() * FRAME_MS / 1000.0
        self._cursor = min(self._cursor, float(self._run.steps_done))
        end = self._cursor >= self._run.params.steps
        if end:
            self._follow_end = True
            self.set_playing(False)
        self._render(full=end)

    def step_once(self) -> None:
        self.set_playing(False)
        if self._run is not None:
            self._cursor = min(float(self.cursor + 1), float(self._run.steps_done))
            self._follow_end = self._cursor >= self._run.params.steps
            self._render()

    def rewind(self) -> None:
        self.set_playing(False)
        self._cursor = 0.0
        self._follow_end = False
        self._render()

    def run_to_end(self) -> None:
        self.set_playing(False)
        self._follow_end = True
        if self._run is not None:
            self._cursor = float(self._run.steps_done)
            self._render()

    def stop(self) -> None:
        """Stop playing and cancel the computation (the window is closing)."""
        self.set_playing(False)
        self._throttler.cancel()
        self._worker.cancel(self.name)
