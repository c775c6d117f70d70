"""The Training tab: gradient descent on ŷ = w·x with signed L1, abs L1, L2 and Huber losses.

A run is computed in the worker and streamed here in snapshots; the tab only
draws. Play / step / reset move a cursor over the computed steps, so the
same run can be watched at any speed or seen at once.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import QSignalThrottler

from ....core.descent import TrainingRun, run_descent
from ....core.descent_display import RunPyramids
from ....core.descent_facts import DescentFacts, RunMarks, descent_facts, run_marks
from ....core.descent_landscape import landscape
from ....core.fields import as_dict
from ....core.losses import LOSS_LABELS
from ....core.presets import presets_for
from ....core.tabs import tab_model
from ...palette import KIND_COLORS
from ...widgets.explanation import ExplanationPanel
from ...widgets.live_widgets import LiveLabel, LiveProgressBar, keep_room
from ...widgets.messages import plain_words
from ...widgets.param_form import ParamForm
from ...widgets.tips import PRESET_TIP
from ...worker import ComputeWorker
from .export_view import export_view
from .figure import TrainingFigure
from .hover import RunHover
from .landscape import LandscapeView
from .scrubber import Scrubber
from .seeds_text import verdict_html
from .seeds_view import DEFAULT_SEEDS, SeedsChannel, SeedsView
from .text import explanation_html, plural, readout_html, status_text

SPEEDS = (1, 5, 20, 100, 500, 2000, 10000)  # steps per second when playing
FRAME_MS = 33
CUSTOM = "(custom)"
# the explanation's setHtml costs 20–50 ms: while the scrubber is dragged it is rebuilt at
# most this often (and once on release); cursors, markers and readout follow every move
SCRUB_EXPLAIN_MS = 150
PROGRESS_MIN_WIDTH = 50  # px: "computing… 42%" shrinks to "42%" in the smallest window


def _training_job(params):
    """Runs in the worker thread: the facts once, then the streamed run with what is drawn
    of it (min/max pyramids grown with every snapshot), and with the last snapshot the
    loss landscape over the range the run covered (its curves, computed once per run).
    The repeated runs over seeds have their own channel (SeedsChannel)."""

    def make(_is_cancelled):
        facts = descent_facts(params)
        pyramids = RunPyramids(params.steps)
        for run in run_descent(params):
            ls = landscape(params, run) if run.finished else None
            marks = run_marks(run, facts) if run.finished else None
            yield run, facts, pyramids.update(run), ls, marks

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
        self._marks: RunMarks | None = None  # of the finished run: its facts at any step, fast
        self._pyramids: RunPyramids | None = None
        self._submitted = None  # the run parameters last asked of the worker
        self._finished: TrainingRun | None = None
        self._cursor = 0.0
        self._follow_end = True
        self._preset: str | None = None

        self.form = ParamForm(self.model.fields, LOSS_LABELS, KIND_COLORS)
        self.preset_box = QComboBox()
        self.preset_box.setToolTip(PRESET_TIP)
        self.preset_box.addItem(CUSTOM)
        for preset in presets_for(self.name):
            self.preset_box.addItem(preset.name)
            self.preset_box.setItemData(
                self.preset_box.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        # what the chosen preset shows and what to look for, in words, under its name
        self.preset_note = QLabel()
        self.preset_note.setWordWrap(True)
        self.preset_note.setObjectName("preset_note")
        self.preset_note.setStyleSheet("color: #333333;")
        self.defaults_button = QPushButton("Defaults")
        self.defaults_button.setToolTip(
            "All parameters back to the one-weight preset (Edit → Reset tab to defaults)"
        )
        self.log_loss = QCheckBox("log loss axis")
        self.log_loss.setToolTip("signed L1 is negative and drops out of a log axis")

        self.figure = TrainingFigure()
        self.figure_hover = RunHover(self.figure)
        self.landscape = LandscapeView()
        self.own_height = QCheckBox("own height per loss")
        self.own_height.setChecked(True)
        self.own_height.setToolTip(
            "Scale each summed loss to the plot's height, so every shape shows (L2's sum "
            "dwarfs the others); off: one Σ loss axis for all. Hover for the values"
        )
        self.batch_loss = QCheckBox("batch loss (dotted)")
        self.batch_loss.setChecked(True)
        self.batch_loss.setToolTip(
            "Draw the loss of this step's batch, the one the shown step descends: the "
            "function the step actually follows (the solid curves sum over all N)"
        )
        self.scrubber = Scrubber()
        self.seeds_view = SeedsView()
        self.seeds = SeedsChannel(worker, self.seeds_view, self)
        self.views = QTabWidget()
        icon = self.style().standardIcon
        pix = QStyle.StandardPixmap
        self.reset_button = QPushButton(icon(pix.SP_MediaSkipBackward), "Rewind")
        # back and forward one step: icons only, so the transport fits the minimum window width
        self.step_button = QPushButton(icon(pix.SP_MediaSeekForward), "")
        self.back_button = QPushButton(icon(pix.SP_MediaSeekBackward), "")
        self.back_button.setToolTip("Show one step back")
        self.back_button.setAccessibleName("Step back")
        self.step_button.setAccessibleName("Step forward")
        self.play_button = QPushButton(icon(pix.SP_MediaPlay), "Play")
        self.play_button.setCheckable(True)
        self.end_button = QPushButton(icon(pix.SP_MediaSkipForward), "Run to end")
        self.reset_button.setToolTip("Show step 0 again (the initial w); the parameters stay")
        self.step_button.setToolTip("Show one step more")
        self.play_button.setToolTip("Watch the run step by step at the chosen speed")
        self.end_button.setToolTip("Show the whole run at once")
        self.fit_button = QPushButton("Fit view")
        self.fit_button.setToolTip("Show the whole run again after zooming or panning")
        self.speed_box = QComboBox()
        self.speed_box.setToolTip("How many steps a second Play shows")
        for speed in SPEEDS:
            self.speed_box.addItem(f"{plural(speed, 'step')}/s", speed)
        self.speed_box.setCurrentIndex(SPEEDS.index(100))
        self.progress = LiveProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setFormat("computing… %p%", "%p%")
        self.progress.setMaximumWidth(220)
        # its room is kept while hidden (its coming and going with every run re-laid out and
        # repainted the whole window in the run's first and last frames); narrow at the
        # least, so the room it keeps never widens the window's minimum
        self.progress.setMinimumWidth(PROGRESS_MIN_WIDTH)
        policy = self.progress.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)  # shares the row's room
        self.progress.setSizePolicy(policy)
        keep_room(self.progress)
        self.progress.hide()
        self.readout = LiveLabel()  # its text changes every frame
        self.explanation = ExplanationPanel()
        self.explanation.setMinimumWidth(240)

        self._layout()
        self._throttler = QSignalThrottler(parent=self)
        self._throttler.setTimeout(40)
        self._throttler.triggered.connect(self.recompute)
        self._play_timer = QTimer(self)
        self._play_timer.setInterval(FRAME_MS)
        self._play_timer.timeout.connect(self._tick)
        self._explain_timer = QTimer(self)
        self._explain_timer.setSingleShot(True)
        self._explain_timer.setInterval(0)
        self._explain_timer.timeout.connect(self._explain_pending)
        self._pending_explain: tuple[str | None, int | None] = (None, None)
        # a finished run's landscape is drawn in a turn of its own (see _pay)
        self._pay_timer = QTimer(self, singleShot=True, interval=0)
        self._pay_timer.timeout.connect(self._pay)
        self._landscape_owed: tuple | None = None  # (landscape or None,) to set in _pay
        self.figure.pass_busy = worker.pass_busy  # its owed cuts wait for a fresh pass
        # a streamed frame draws the figure in the delivery's turn and the landscape,
        # scrubber, progress and readout in the next (see _render)
        self._side_timer = QTimer(self, singleShot=True, interval=0)
        self._side_timer.timeout.connect(self._side_due)
        self._side_next = QTimer(self, singleShot=True, interval=0)
        self._side_next.timeout.connect(self._draw_side)
        self._scrub_throttler = QSignalThrottler(parent=self)
        self._scrub_throttler.setTimeout(SCRUB_EXPLAIN_MS)
        self._scrub_throttler.triggered.connect(self._explain)
        self.scrubber.moved.connect(self._on_scrub)
        self.scrubber.released.connect(self._on_scrub_released)
        self.back_button.clicked.connect(self.step_back)
        self.seeds_view.startRequested.connect(self._start_seeds)
        self.seeds_view.cancelRequested.connect(self.seeds.cancel)
        # the verdict joins the text in a turn of its own: the view has just drawn the seeds
        self.seeds.finished.connect(lambda _v: self._explain_next_turn(None))

        self.form.edited.connect(self._on_edited)
        self.preset_box.activated.connect(lambda i: self.apply_preset(self.preset_box.itemText(i)))
        self.defaults_button.clicked.connect(self.reset_defaults)
        self.log_loss.toggled.connect(self.figure.set_log_loss)
        self.batch_loss.toggled.connect(self._on_batch_loss)
        self.own_height.toggled.connect(self._on_own_height)
        self.reset_button.clicked.connect(self.rewind)
        self.step_button.clicked.connect(self.step_once)
        self.play_button.toggled.connect(self.set_playing)
        self.end_button.clicked.connect(self.run_to_end)
        self.fit_button.clicked.connect(self.figure.fit_view)
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
        col.addWidget(self.preset_note)
        col.addWidget(self.defaults_button)
        col.addWidget(self.form)
        view_row = QHBoxLayout()
        view_row.addWidget(self.log_loss)
        view_row.addWidget(self.fit_button)
        col.addLayout(view_row)
        col.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        # wide enough for the widest row: no horizontal scroll bar, nothing cut on the right
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        bar_width = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(left.minimumSizeHint().width() + bar_width + 4)

        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        buttons = (self.reset_button, self.back_button, self.step_button, self.play_button)
        for w in (*buttons, self.end_button):
            bar.addWidget(w)
        bar.addWidget(self.speed_box)
        bar.addStretch(1)
        bar.addWidget(self.progress, 4)  # most of the room, up to its 220 px; narrow if none
        mid.addLayout(bar)
        self.run_view = run_view = QSplitter(Qt.Orientation.Horizontal)
        run_view.addWidget(self.figure)
        run_view.addWidget(self.landscape)
        run_view.setChildrenCollapsible(False)
        run_view.setStretchFactor(0, 3)
        run_view.setStretchFactor(1, 2)
        self.figure.setMinimumWidth(300)
        self.landscape.setMinimumWidth(150)
        self.views.addTab(run_view, "Run and loss landscape")
        self.views.addTab(self.seeds_view, "Over many seeds")
        self.views.setTabToolTip(0, "The run: w and loss per step, beside each loss's landscape")
        self.views.setTabToolTip(1, "The same run repeated over many noise seeds: which loss wins")
        mid.addWidget(self.views, 1)
        mid.addWidget(self.scrubber)
        # the landscape's switches beside the readout: the pane beside the run stays narrow
        under = QHBoxLayout()
        under.addWidget(self.readout)
        under.addStretch(1)
        switches = QVBoxLayout()
        switches.addWidget(QLabel("Loss landscape:"))
        switches.addWidget(self.own_height)
        switches.addWidget(self.batch_loss)
        switches.addStretch(1)
        under.addLayout(switches)
        mid.addLayout(under)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(scroll)
        split.addWidget(middle)
        split.addWidget(self.explanation)
        split.setChildrenCollapsible(False)  # a pane squeezed below its minimum is cut off
        split.setStretchFactor(1, 1)
        split.setSizes([310, 660, 330])
        outer = QHBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(split)

    @staticmethod
    def export_figure(run: TrainingRun, width: int = 1300, height: int = 820, view: str = "run"):
        """A stand-alone figure of a finished run, drawn as the tab draws it (for the CLI):
        the run beside its loss landscape (``view="run"``) or the verdict over seeds."""
        return export_view(run, width, height, view)

    @property
    def figure_widget(self):
        """What File → Export figure saves: the run with its landscape, or the seeds' plot."""
        return self.run_view if self.views.currentIndex() == 0 else self.seeds_view.plot

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
            "batch_loss": self.batch_loss.isChecked(),
            "own_height": self.own_height.isChecked(),
            "speed": self.speed_box.currentData(),
            "view": self.model.views[max(self.views.currentIndex(), 0)],
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Apply saved state; raises ``ValueError`` naming a bad key, changing nothing."""
        params = self.model.params(values=state.get("params", {}))
        speed = state.get("speed")
        if speed is not None and speed not in SPEEDS:
            raise ValueError(f"speed={speed!r}: must be one of {', '.join(map(str, SPEEDS))}")
        view = state.get("view", self.model.views[0])
        if view not in self.model.views:
            raise ValueError(f"view={view!r}: must be one of {', '.join(self.model.views)}")
        self._show_params(params)
        self.views.setCurrentIndex(self.model.views.index(view))
        self.log_loss.setChecked(bool(state.get("log_loss", False)))
        self.batch_loss.setChecked(bool(state.get("batch_loss", True)))
        self.own_height.setChecked(bool(state.get("own_height", True)))
        if speed is not None:
            self.speed_box.setCurrentIndex(SPEEDS.index(speed))
        preset = state.get("preset")
        self._set_preset_label(preset if self._matches_preset(preset, params) else None)
        self.recompute()

    def apply_preset(self, name: str) -> None:
        if name == CUSTOM:
            return
        # a preset is other settings for the same question: the seeds view stays as it was
        repeat = {"seeds_repeat": int(self.form.values().get("seeds_repeat", 0))}
        params = self.model.params(preset=name, values=repeat)
        self._show_params(params)
        self._set_preset_label(name)
        self._follow_end = True
        if self.figure.user_view:  # else the new run's first frame fits the steps itself
            self.figure.fit_view(later=True)
        self.recompute()

    def reset_defaults(self) -> None:
        self.log_loss.setChecked(False)
        self.batch_loss.setChecked(True)
        self.own_height.setChecked(True)
        self.apply_preset("one-weight")

    def _show_params(self, params: Any) -> None:
        # the batch-size box is capped at N: raise the cap first or a larger batch is clamped
        self.form.set_maximum("batch_size", params.n_samples, "samples N")
        self.form.set_values(as_dict(params))

    def _matches_preset(self, name: str | None, params: Any) -> bool:
        try:
            repeat = {"seeds_repeat": params.seeds_repeat}  # not a setting of any preset
            return name is not None and self.model.params(preset=name, values=repeat) == params
        except ValueError:
            return False

    def _set_preset_label(self, name: str | None) -> None:
        self._preset = name
        index = self.preset_box.findText(name) if name else 0
        self.preset_box.setCurrentIndex(max(index, 0))
        described = {p.name: p.description for p in presets_for(self.name)}
        self.preset_note.setText(
            described.get(
                name or "", "Custom parameters: choose a preset to see a claim of the source."
            )
        )

    def _on_batch_loss(self, on: bool) -> None:
        self.landscape.set_show_batch(on)
        if self._run is not None:
            self.landscape.show_step(self._run, self.shown_step)

    def _on_own_height(self, on: bool) -> None:
        self.landscape.set_own_height(on)
        if self._run is not None:
            self.landscape.show_step(self._run, self.shown_step)

    # -------------------------------------------------------------- compute
    def _on_edited(self) -> None:
        self._set_preset_label(None)
        self._throttler.throttle()

    def recompute(self) -> None:
        """Validate the form and ask the worker for a fresh run (the newest request wins)."""
        values = self.form.values()
        self.form.set_maximum("batch_size", int(values["n_samples"]), "samples N")
        try:
            params = self.params()
        except ValueError as exc:
            # the running job is for parameters the user has left: stop it, keep the picture
            self._worker.cancel(self.name)
            self._request = -1
            message = plain_words(str(exc), self.model.fields)
            self.form.show_error(message)
            self.statusMessage.emit(message)
            return
        self.form.show_error("")
        if self._preset and not self._matches_preset(self._preset, params):
            self._set_preset_label(None)
        self.seeds.submit(params)
        run_params = replace(params, seeds_repeat=0)  # the run on screen is the first seed's
        if run_params == self._submitted and self._request >= 0:
            return  # only the number of seeds changed: the run stays
        self._submitted = run_params
        self._request = self._worker.submit(self.name, _training_job(run_params))
        self.figure.prepare(tuple(params.kinds), params.noise_sigma > 0)

    def _start_seeds(self) -> None:
        """The seeds view's button: R = 200 if it was off, else the same R again."""
        if int(self.form.values()["seeds_repeat"]) == 0:
            self.form.set_values({"seeds_repeat": DEFAULT_SEEDS})
        self.recompute()

    def _on_result(self, channel: str, request: int, result: Any) -> None:
        if channel != self.name or request != self._request:
            return
        first = self._run is None or self._run.params != result[0].params
        self._run, self._facts, self._pyramids, ls, self._marks = result
        # drawn in a turn of its own (_pay): a new run's cleared view, a finished run's curves
        self._landscape_owed = (ls,) if first or ls is not None else None
        self.scrubber.set_range(self._run.params.steps)
        done = self._run.steps_done
        self.progress.setVisible(not self._run.finished)
        if self._follow_end:
            self._cursor = float(done)
        self._cursor = min(self._cursor, float(self._run.params.steps))
        full = first or self._run.finished
        self._render(full=full, split=True, side_later=not full)
        if self._landscape_owed is not None:
            self._pay_timer.start()
        if self._run.finished:
            self._explained = request
            self._explain_next_turn(None, request)
        elif request != self._explained:
            # new parameters: the text says what is computed; the numbers come at the end
            self._explained = request
            self._explain_next_turn("computing")

    def _explain_next_turn(self, live: str | None, finished: int | None = None) -> None:
        """Write the explanation in the event loop's next turn, not in this frame's.

        Laying out the explanation's HTML (and, at the end of a run, reading the run
        for its numbers) costs as much as drawing the frame itself; in a turn of its
        own it never doubles a frame. ``finished``: the request whose run is complete;
        it becomes ``finished_run`` (and runFinished is emitted) once explained too.
        """
        if finished is None and self._explain_timer.isActive():
            finished = self._pending_explain[1]  # a finished run still waits to be announced
        self._pending_explain = (live, finished)
        self._explain_timer.start()

    def _pay(self) -> None:
        """Draw the landscape of a finished run in a turn of its own."""
        if self._landscape_owed is not None and self._run is not None:
            (ls,), self._landscape_owed = self._landscape_owed, None
            self.landscape.set_landscape(ls)
            self.landscape.show_step(self._run, self.shown_step)

    def _explain_pending(self) -> None:
        live, finished = self._pending_explain
        if self._run is None:
            return
        if self.figure.owed() or self._landscape_owed is not None or self._side_owed():
            self._explain_timer.start()  # after the rest of the frame is drawn
            return
        if live is None and self._play_timer.isActive():
            live = "playing"
        self._explain(live=live)
        if finished is not None and finished == self._request:
            self._finished = self._run  # complete: drawn and explained
            self.runFinished.emit(finished)

    def _on_busy(self, channel: str, busy: bool) -> None:
        if channel == self.name and not busy:
            self.progress.hide()  # finished, failed or cancelled

    def _on_failed(self, channel: str, request: int, message: str) -> None:
        if channel != self.name or request != self._request:
            return
        message = plain_words(message, self.model.fields)
        self.form.show_error(message)
        self.statusMessage.emit(message)

    # ------------------------------------------------------------ transport
    @property
    def shown_step(self) -> int:
        """The step on screen: the cursor, within what is computed."""
        return 0 if self._run is None else min(int(self._cursor), self._run.steps_done)

    def _explain(self, live: str | None = None) -> None:
        """The explanation and status for the step on screen (``live``: it moves every frame)."""
        if self._run is None:
            return
        run, facts, step = self._run, self._facts, self.shown_step
        html = explanation_html(run.params, facts, run, step, live, self._marks)
        verdict = self.seeds.verdict_for(run.params)
        if verdict is not None:
            # inside the body, or the paragraph loses the body's font
            section = f"<h3>Over many seeds</h3><p>{verdict_html(verdict)}</p></body>"
            html = html.replace("</body>", section) if "</body>" in html else html + section
        self.explanation.set_html(html)
        self.statusMessage.emit(status_text(run, step, live))

    def _render(self, full: bool = True, split: bool = False, side_later: bool = False) -> None:
        """Draw the step under the cursor; ``full`` false for frames of a stream or of
        playing, which redraw one plot's curves in turn; ``split`` spreads a full frame
        over turns (see TrainingFigure.show_run).

        ``side_later`` (a streamed frame): the figure now, the landscape, scrubber,
        progress and readout in the event loop's next turn. Together they cost about
        12 ms, a frame's worth; apart, input and timers run between the halves.
        """
        if self._run is None:
            return
        step = self.shown_step
        self.figure.show_run(self._run, step, self._facts, self._pyramids, full=full, split=split)
        if side_later:
            self._side_timer.start()
        else:
            self._draw_side()

    def _side_owed(self) -> bool:
        return self._side_timer.isActive() or self._side_next.isActive()

    def _side_due(self) -> None:
        # a wheel notch or a delivery has already worked in this pass of the event loop:
        # the next pass, with the loop's timers and input between the two
        if self._worker.pass_busy():
            self._side_next.start()
        else:
            self._draw_side()

    def _draw_side(self) -> None:
        """The landscape's markers, the scrubber, the progress and the readout at the step
        on screen; ``rendered`` says the whole frame is drawn."""
        self._side_timer.stop()
        self._side_next.stop()
        if self._run is None:
            return
        step = self.shown_step
        self.landscape.show_step(self._run, step)
        self.scrubber.set_step(step)
        self.progress.setValue(int(100 * self._run.progress))  # whole percents: fewer repaints
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
            self._explain(live="playing")
        elif self._play_timer.isActive():
            self._play_timer.stop()
            self._explain()

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
            self._moved()

    def step_back(self) -> None:
        self.set_playing(False)
        if self._run is not None:
            self._cursor = max(float(self.cursor - 1), 0.0)
            self._follow_end = False
            self._moved()

    def scrub_to(self, step: int) -> None:
        """Show ``step`` as a drag of the scrubber does (the explanation follows throttled)."""
        self._on_scrub(step)

    def _on_scrub(self, step: int) -> None:
        if self._run is None:
            return
        if self._play_timer.isActive():
            self.set_playing(False)
        self._cursor = float(min(step, self._run.steps_done))
        self._follow_end = self._cursor >= self._run.params.steps
        self._render(full=False)  # one plot's curves per move, as playing does
        self._scrub_throttler.throttle()

    def _on_scrub_released(self) -> None:
        # the last move has just drawn this step: the other plots and the text follow
        # in turns of their own
        self._scrub_throttler.cancel()
        self._render(split=True)
        self._explain_next_turn(None)

    def rewind(self) -> None:
        self.set_playing(False)
        self._cursor = 0.0
        self._follow_end = False
        self._moved()

    def run_to_end(self) -> None:
        self.set_playing(False)
        self._follow_end = True
        if self._run is not None:
            self._cursor = float(self._run.steps_done)
            self._moved()

    def _moved(self) -> None:
        # the user moved the cursor: picture, readout, explanation and status all follow
        if self._run is None:
            return
        self._render()
        self._explain()

    def stop(self) -> None:
        """Stop playing and cancel the computation (the window is closing)."""
        self.set_playing(False)
        self._throttler.cancel()
        self._scrub_throttler.cancel()
        self._explain_timer.stop()
        self._pay_timer.stop()
        self._side_timer.stop()
        self._side_next.stop()
        self._worker.cancel(self.name)
        self.seeds.cancel()
