"""GUI-thread responsiveness: the largest gap between 2 ms timer ticks while the app works.

Drives the real main window offscreen through scenarios (a long run streaming,
playing, zooming while streaming, …). For each scenario and run it records
every gap between ticks of a 2 ms QTimer on the GUI thread; a gap longer than
a frame (16 ms) is a frame the user would have seen missed.

    python benchmarks/responsiveness.py [--json FILE] [--runs 3] [--only PREFIX]

Writes ``{"<tab>/<scenario>": {"max_stall_ms": median over runs of the largest gap,
"p95_stall_ms": median of the 95th percentiles, "runs": [largest gap per run]}}``.

A tab adds its heavy scenarios with the :func:`scenario` decorator: a function
that gets the :class:`Bench` and calls :meth:`Bench.measure` once.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUDGET_MS = 16.0
TICK_MS = 2
TIMEOUT_MS = 120_000

Scenario = Callable[["Bench"], list[float]]
SCENARIOS: dict[str, Scenario] = {}


def scenario(name: str) -> Callable[[Scenario], Scenario]:
    """Register a scenario under ``"<tab>/<what it does>"``."""

    def register(fn: Scenario) -> Scenario:
        SCENARIOS[name] = fn
        return fn

    return register


class Bench:
    """The shown main window (1320×820, its own settings file) and the tick clock."""

    def __init__(self) -> None:
        from PySide6.QtCore import QSettings

        from l1l2gui.gui.app import application
        from l1l2gui.gui.main_window import MainWindow

        self.app = application()
        self._tmp = tempfile.TemporaryDirectory()
        settings = QSettings(str(Path(self._tmp.name) / "b.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(settings, freeze_gc=True)  # as the app opens it
        self.window.resize(1320, 820)
        self.window.show()
        self.settle()

    def settle(self) -> None:
        """Wait until no tab computes (the start-up work of every tab is done)."""
        worker = self.window.worker
        self.wait(lambda: not worker._busy)

    def tab(self, name: str):
        built = name in self.window.tabs.built()
        tab = self.window.tabs[name]
        self.window.tabs_widget.setCurrentWidget(tab)
        if not built:  # a tab is built when first shown: its first run is start-up work
            self.wait(lambda: tab.finished_run is not None)
        return tab

    def wait(self, done: Callable[[], bool], timeout_ms: int = TIMEOUT_MS) -> None:
        """Run the event loop until ``done()`` (polled every 5 ms) or the timeout."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: done() and loop.quit())
        poll.start(5)
        QTimer.singleShot(timeout_ms, loop.quit)
        if not done():
            loop.exec()
        poll.stop()
        if not done():
            raise TimeoutError("scenario did not finish in time")

    def measure(
        self,
        start: Callable[[], None],
        done: Callable[[], bool],
        during: Callable[[], None] | None = None,
        every_ms: int = 16,
    ) -> list[float]:
        """Gaps (ms) between 2 ms ticks from ``start()`` until ``done()``.

        ``during`` is called every ``every_ms`` meanwhile (a user's wheel or drag).
        """
        from PySide6.QtCore import QElapsedTimer, QTimer

        gaps: list[float] = []
        clock = QElapsedTimer()
        ticker = QTimer()
        ticker.setInterval(TICK_MS)
        ticker.timeout.connect(lambda: gaps.append(clock.nsecsElapsed() / 1e6) or clock.restart())
        user = QTimer()
        if during is not None:
            user.setInterval(every_ms)
            user.timeout.connect(during)
        clock.start()
        ticker.start()
        start()
        if during is not None:
            user.start()
        try:
            self.wait(done)
        finally:
            ticker.stop()
            user.stop()
        return gaps

    def close(self) -> None:
        self.window.close()
        self.app.processEvents()
        self._tmp.cleanup()


# ------------------------------------------------------------------ training


def _run_and_wait(bench: Bench, values: dict, during: Callable[[], None] | None = None):
    """Start a Training run with ``values`` and measure until its last snapshot is drawn."""
    tab = bench.tab("training")
    finished: list[int] = []
    tab.runFinished.connect(finished.append)

    def start() -> None:
        tab.apply_preset("one-weight")
        tab.form.set_values(values)
        tab.recompute()

    try:
        return bench.measure(start, lambda: bool(finished) and finished[-1] == tab._request, during)
    finally:
        tab.runFinished.disconnect(finished.append)


LR_1E4 = {"noise_sigma": 5.0, "lr": 1e-4, "epochs": 10_000}


@scenario("training/stream-100k")
def training_stream_100k(bench: Bench) -> list[float]:
    """The 100,000-step preset one-weight-lr-1e-4 computed and drawn from scratch."""
    return _run_and_wait(bench, LR_1E4)


@scenario("training/stream-400k")
def training_stream_400k(bench: Bench) -> list[float]:
    """40,000 epochs: 400,000 steps streamed."""
    return _run_and_wait(bench, LR_1E4 | {"epochs": 40_000})


@scenario("training/zoom")
def training_zoom(bench: Bench) -> list[float]:
    """Wheel-zooming the w plot (in, then out) every 16 ms while 400,000 steps stream."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    tab = bench.tab("training")
    view = tab.figure
    turns = [0]

    def wheel() -> None:
        rect = tab.figure.w_plot.getViewBox().sceneBoundingRect()
        pos = QPointF(view.mapFromScene(rect.center()))
        turns[0] += 1
        delta = 120 if (turns[0] // 15) % 2 == 0 else -120  # 15 notches in, 15 out, …
        event = QWheelEvent(
            pos,
            QPointF(view.mapToGlobal(pos.toPoint())),
            QPoint(0, 0),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(view.viewport(), event)

    try:
        return _run_and_wait(bench, LR_1E4 | {"epochs": 40_000}, during=wheel)
    finally:
        tab.figure.loss_plot.setXRange(0, tab.run.params.steps, padding=0.02)


@scenario("training/play")
def training_play(bench: Bench) -> list[float]:
    """Playing the 100,000-step run's first 1,000 steps at 500 steps/s (2 s)."""
    tab = bench.tab("training")
    _run_and_wait(bench, LR_1E4)
    tab.speed_box.setCurrentIndex(tab.speed_box.findData(500))
    tab.rewind()
    return bench.measure(lambda: tab.set_playing(True), lambda: tab.cursor >= 1_000)


def _scrub(tab, moves: int = 120):
    """A drag of the scrubber: the handle down, one step further every call, then let go."""
    slider = tab.scrubber.slider
    state = {"n": 0}

    def move() -> None:
        if state["n"] == 0:
            slider.setSliderDown(True)
        state["n"] += 1
        # back and forth over the run, in uneven strides as a hand drags
        slider.setValue(int(slider.maximum() * (0.5 + 0.45 * ((state["n"] * 7) % 40 - 20) / 20)))
        if state["n"] == moves:
            slider.setSliderDown(False)  # sliderReleased: the explanation's full text

    return move, lambda: state["n"] >= moves


@scenario("training/scrub")
def training_scrub(bench: Bench) -> list[float]:
    """Dragging the scrubber over the 100,000-step run (120 moves, one every 16 ms)."""
    tab = bench.tab("training")
    _run_and_wait(bench, LR_1E4)
    tab.views.setCurrentIndex(0)
    _frames(bench, 3)
    move, done = _scrub(tab)
    return bench.measure(lambda: None, done, during=move)


def _seeds_200(bench: Bench, view: int, during=None) -> list[float]:
    """R = 200 seeds of the 100,000-step preset, from the button until the verdict is drawn."""
    tab = bench.tab("training")
    _run_and_wait(bench, LR_1E4)
    tab.form.set_values({"seeds_repeat": 0})  # off first: the same R again is a fresh job
    tab.recompute()
    tab.views.setCurrentIndex(view)
    _frames(bench, 3)  # the view's first paint after the switch is not this scenario's
    verdicts: list[object] = []
    tab.seeds.finished.connect(verdicts.append)
    try:
        return bench.measure(tab.seeds_view.start_button.click, lambda: bool(verdicts), during)
    finally:
        tab.seeds.finished.disconnect(verdicts.append)
        tab.form.set_values({"seeds_repeat": 0})  # later scenarios run without the seeds
        tab.recompute()


@scenario("training/seeds-200")
def training_seeds_200(bench: Bench) -> list[float]:
    """The seeds view streaming R = 200 repeats of the 100,000-step preset, with progress."""
    return _seeds_200(bench, 1)


@scenario("training/scrub-during-seeds")
def training_scrub_during_seeds(bench: Bench) -> list[float]:
    """Dragging the scrubber over the run while R = 200 seeds stream in the background."""
    tab = bench.tab("training")
    move, _done = _scrub(tab, moves=10**9)  # until the seeds are done
    try:
        return _seeds_200(bench, 0, during=move)
    finally:
        tab.scrubber.slider.setSliderDown(False)


# ---------------------------------------------------------------- likelihood


def _likelihood_mc(bench: Bench, view: int, link: str, during=None) -> list[float]:
    """Show ``view`` and stream the Monte Carlo that ``link`` asks for, until it is drawn."""
    tab = bench.tab("likelihood")
    tab.views.setCurrentIndex(view)
    started: list[object] = []

    def start() -> None:
        tab.apply_link(link)
        started.append(tab.params())

    def done() -> bool:  # the Monte Carlo of these parameters is complete and on screen
        mc = tab.monte_carlo
        return bool(started) and mc is not None and mc.finished and tab._mc_request >= 0

    return bench.measure(start, done, during)


@scenario("likelihood/mc-histograms")
def likelihood_mc_histograms(bench: Bench) -> list[float]:
    """20,000 samples of n = 101 streamed onto the histograms (view 3), L_p pass included."""
    seed = bench.window.tabs["likelihood"].params().seed + 1  # a new run every time
    return _likelihood_mc(bench, 2, f"set:noise=laplace&replicates=20000&n=101&seed={seed}")


@scenario("likelihood/mc-lp-curve")
def likelihood_mc_lp_curve(bench: Bench) -> list[float]:
    """The same Monte Carlo (Student t) watched on the L_p variance curve (view 4)."""
    seed = bench.window.tabs["likelihood"].params().seed + 1
    link = f"set:noise=student_t&nu=3&replicates=20000&n=101&seed={seed}"
    return _likelihood_mc(bench, 3, link)


@scenario("likelihood/p-slider")
def likelihood_p_slider(bench: Bench) -> list[float]:
    """Moving the p slider every 16 ms (p on the grid: no new Monte Carlo) while one streams."""
    tab = bench.window.tabs["likelihood"]
    steps = [0]

    def slide() -> None:
        steps[0] += 1
        tab.p_slider.setValue(4 + 2 * (steps[0] % 11))  # p = 1, 1.5, …, 6

    seed = tab.params().seed + 1
    return _likelihood_mc(bench, 3, f"set:replicates=20000&n=101&seed={seed}", slide)


# ------------------------------------------------------------ regularization

_MC_SEED = [1000]  # each run draws fresh trials, so a finished earlier run never counts


def _monte_carlo(bench: Bench, trials: int, during: Callable[[], None] | None = None):
    """Start a Monte Carlo of ``trials`` per family and measure until its last count is drawn."""
    tab = bench.tab("regularization")
    _MC_SEED[0] += 1
    seed = _MC_SEED[0]

    def start() -> None:
        tab.mc_form.set_values({"trials": trials, "seed": seed})
        tab.recompute()

    def done() -> bool:
        mc = tab.monte_carlo
        return mc is not None and mc.finished and mc.params.seed == seed and mc.done == trials

    return bench.measure(start, done, during)


def _drag_c(bench: Bench):
    """Press the mouse on c; returns (move, release, moves): each move() drags c further."""
    import math

    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    tab = bench.tab("regularization")
    tab.views.setCurrentIndex(0)
    tab.apply_preset("diamond-vs-circle")
    bench.wait(
        lambda: tab.geometry_result is not None and tab.geometry_result.params.center_w1 == 1.5
    )
    bench.settle()  # the preset's recompute of the other views is not part of the drag
    view = tab.geometry_view
    vb = view.parts.plot.vb

    def at(x: float, y: float):
        return view.mapFromScene(vb.mapViewToScene(QPointF(x, y)))

    no = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, no, at(1.5, 0.8))
    moves = [0]

    def move() -> None:  # c circles around the balls
        moves[0] += 1
        a = moves[0] * 0.05
        QTest.mouseMove(view.viewport(), at(1.5 * math.cos(a), 0.8 + 1.2 * math.sin(a)))

    def release() -> None:
        QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, no, at(0.0, 0.0))

    return move, release, moves


@scenario("regularization/mc-100k")
def regularization_mc_100k(bench: Bench) -> list[float]:
    """Monte Carlo view on screen: 100,000 trials per family streamed and drawn."""
    bench.tab("regularization").views.setCurrentIndex(1)
    _frames(bench, 3)  # the view's first paint after the switch is not this scenario's
    return _monte_carlo(bench, 100_000)


@scenario("regularization/drag")
def regularization_drag(bench: Bench) -> list[float]:
    """Dragging c with the mouse every 16 ms, 150 moves: optima, paths, contours follow."""
    move, release, moves = _drag_c(bench)
    try:
        return bench.measure(lambda: None, lambda: moves[0] >= 150, during=move)
    finally:
        release()


@scenario("regularization/drag-during-mc")
def regularization_drag_during_mc(bench: Bench) -> list[float]:
    """Dragging c while 100,000 Monte Carlo trials per family stream on their own channel."""
    move, release, _ = _drag_c(bench)
    try:
        return _monte_carlo(bench, 100_000, during=move)
    finally:
        release()


# ------------------------------------------------- regularization, views 3 and 4

_CV_SEED = [5000]  # a fresh fold seed each run: its folds are not cached yet


def _paths_cv(bench: Bench, during: Callable[[], None] | None = None):
    """Start the diabetes cross-validation with fresh folds; measure until it is drawn."""
    tab = bench.tab("regularization")
    view = tab.paths_view
    # the paths themselves (and scikit-learn's import) are cached after the first run
    bench.wait(lambda: view.part is not None and view.part.finished)
    _frames(bench, 3)  # a view just switched to paints first: not this scenario's work
    _CV_SEED[0] += 1
    seed = _CV_SEED[0]

    def start() -> None:
        view.form.set_values({"cv_seed": seed})
        tab.recompute()

    def done() -> bool:
        part = view.part
        return part is not None and part.finished and part.cv.seed == seed

    return bench.measure(start, done, during)


def _drag_alpha(bench: Bench):
    """Press the mouse on the α line; returns (move, release, moves)."""
    import math

    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    tab = bench.tab("regularization")
    tab.views.setCurrentIndex(3)
    view = tab.paths_view
    bench.wait(lambda: view.part is not None and view.part.finished and view.at is not None)
    tab.set_values({"path_alpha": 1.0})
    bench.wait(lambda: view.at.alpha == 1.0)
    figure = view.figure
    plot = figure.parts.lasso
    # the view just came on screen: its axes take their widths and its y range its data
    # in the next frames; a press mapped before that missed the line and panned the plot
    last: list = [None]

    def settled() -> bool:
        now = (plot.vb.sceneBoundingRect(), plot.viewRange())
        same, last[0] = now == last[0], now
        return same

    bench.wait(settled)
    (_, _), (y0, y1) = plot.viewRange()

    def at(alpha: float):
        scene = plot.vb.mapViewToScene(QPointF(math.log10(alpha), (y0 + y1) / 2))
        return figure.mapFromScene(scene)

    no = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(figure.viewport(), Qt.MouseButton.LeftButton, no, at(1.0))
    moves = [0]
    grabbed: list[bool] = []

    def move() -> None:  # the line sweeps 0.01 … 30 and back
        moves[0] += 1
        u = math.sin(moves[0] * 0.06)
        QTest.mouseMove(figure.viewport(), at(10 ** (-0.5 + 1.5 * u)))
        grabbed.append(figure.parts.lines[0].moving)

    def release() -> None:
        QTest.mouseRelease(figure.viewport(), Qt.MouseButton.LeftButton, no, at(1.0))
        if not any(grabbed):  # a run that panned the plot measured something else
            raise RuntimeError("the press missed the α line: the plot was panned, not the line")

    return move, release, moves


@scenario("regularization/paths-cv")
def regularization_paths_cv(bench: Bench) -> list[float]:
    """Paths view on screen: a 5-fold CV of lasso and ridge (100 α each) streamed and drawn."""
    bench.tab("regularization").views.setCurrentIndex(3)
    return _paths_cv(bench)


@scenario("regularization/drag-alpha")
def regularization_drag_alpha(bench: Bench) -> list[float]:
    """Dragging the α line every 16 ms, 150 moves: the lasso refitted there, the list follows."""
    move, release, moves = _drag_alpha(bench)
    try:
        return bench.measure(lambda: None, lambda: moves[0] >= 150, during=move)
    finally:
        release()


@scenario("regularization/drag-alpha-during-cv")
def regularization_drag_alpha_during_cv(bench: Bench) -> list[float]:
    """Dragging the α line while a fresh CV streams on its own channel."""
    move, release, _ = _drag_alpha(bench)
    try:
        return _paths_cv(bench, during=move)
    finally:
        release()


_W0 = [0.0]


def _frames(bench: Bench, n: int) -> None:
    """Run the event loop for ``n`` polls (a pending paint of what was just shown runs)."""
    polls = [0]

    def counted() -> bool:
        polls[0] += 1
        return polls[0] > n

    bench.wait(counted)


@scenario("regularization/walkthrough-500")
def regularization_walkthrough_500(bench: Bench) -> list[float]:
    """Step-by-step view on screen: 500 steps of four methods, table and plots redrawn."""
    tab = bench.tab("regularization")
    tab.views.setCurrentIndex(2)
    view = tab.walk_view
    _frames(bench, 3)  # the view's first paint after the switch is not this scenario's

    _W0[0] -= 0.01  # a new start each run, so the result is new
    w0 = round(_W0[0], 2)

    def start() -> None:
        tab.set_values({"steps": 500, "w0": w0})

    def done() -> bool:
        walk = view.result
        return walk is not None and walk.params.steps == 500 and walk.params.w0 == w0

    return bench.measure(start, done)


# ------------------------------------------------------------------ outliers

DRAG_LOG: list[dict] = []  # per run: the drag's final-fit latency while the sweep ran


@scenario("outliers/drag-while-sweep")
def outliers_drag_while_sweep(bench: Bench) -> list[float]:
    """A 3 s mouse drag of the outlier (100 trees) while the influence sweep streams."""
    return _outliers_drag(bench, sweep=True)


@scenario("outliers/drag-no-sweep")
def outliers_drag_no_sweep(bench: Bench) -> list[float]:
    """The same drag with the sweep cancelled first: the baseline."""
    return _outliers_drag(bench, sweep=False)


def _outliers_drag(bench: Bench, sweep: bool) -> list[float]:
    """A 3 s mouse drag of the outlier (100 trees) while a 31-position influence sweep streams.

    Measured from the sweep's start until the drag's final fit is drawn; the sweep is
    still running then (it takes far longer), so every frame measured shares the
    worker with it.
    """
    import time

    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    tab = bench.tab("outliers")
    tab.view_bar.setCurrentIndex(0)
    y0 = 10.0 + len(DRAG_LOG)  # a new outlier y each run: a new sweep each run
    tab.apply_preset("stability-grid")
    tab.apply_values({"n_estimators": 100, "sweep_points": 31, "outlier_x": 1.0, "outlier_y": y0})
    # the fits for the start position complete (not the previous run's, which is also
    # finished and shown until the new one arrives): the drag starts from a still picture
    bench.wait(lambda: tab.run is not None and tab.run.params == tab._params and tab.run.finished)
    if not sweep:
        tab.background.forget()
    figure = tab.drag_figure
    box, viewport = figure.plot.getViewBox(), figure.viewport()

    def at(x: float):
        return figure.mapFromScene(box.mapViewToScene(QPointF(x, y0)))

    moves, state = 180, {"i": 0, "released": None, "final": None}

    def start() -> None:
        assert (tab.background._key["outliers/influence"] is not None) == sweep
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         at(1.0))  # fmt: skip

    def drag() -> None:
        i = state["i"] = state["i"] + 1
        if i <= moves:
            QTest.mouseMove(viewport, at(1.0 + 7.0 * i / moves))
        elif state["released"] is None:
            values = tab.form.values()
            state["final"] = (values["outlier_x"], values["outlier_y"])
            QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier, at(8.0))  # fmt: skip
            state["released"] = time.perf_counter()

    def done() -> bool:  # released, and the newest request's fits are complete on screen
        run = tab.run
        return (
            state["released"] is not None
            and run is not None
            and run is tab.finished_run
            and run.params == tab._params
        )

    gaps = bench.measure(start, done, drag, every_ms=16)
    sweep_busy = bench.window.worker.is_busy("outliers/influence")
    DRAG_LOG.append(
        {
            "sweep": sweep,
            "final_fit_ms_after_release": round((time.perf_counter() - state["released"]) * 1e3),
            "sweep_still_running": sweep_busy,
        }
    )
    print(f"    outliers drag: {DRAG_LOG[-1]}", file=sys.stderr)
    return gaps


# ------------------------------------------------------------------ driver


def run(names: list[str], runs: int) -> dict[str, dict]:
    bench = Bench()
    out: dict[str, dict] = {}
    try:
        bench.wait(lambda: bench.window.tabs["training"].finished_run is not None)
        for name in names:
            stalls, p95s = [], []
            for _ in range(runs):
                gaps = SCENARIOS[name](bench)
                bench.window.tabs["training"].set_playing(False)
                stalls.append(round(max(gaps), 1))
                p95s.append(statistics.quantiles(gaps, n=20)[-1] if len(gaps) > 1 else gaps[0])
            out[name] = {
                "max_stall_ms": statistics.median(stalls),
                "p95_stall_ms": round(statistics.median(p95s), 1),
                "runs": stalls,
            }
    finally:
        bench.close()
    return out


def table(results: dict[str, dict]) -> str:
    lines = [
        f"GUI-thread stalls (median of runs; budget {BUDGET_MS:.0f} ms)",
        f"  {'scenario':<28} {'max stall':>10} {'p95':>7}  runs",
    ]
    for name, r in results.items():
        flag = "" if r["max_stall_ms"] <= BUDGET_MS else "  OVER BUDGET"
        lines.append(
            f"  {name:<28} {r['max_stall_ms']:>7.1f} ms {r['p95_stall_ms']:>4.1f} ms"
            f"  {r['runs']}{flag}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    parser.add_argument("--runs", type=int, default=3, help="runs per scenario (default 3)")
    parser.add_argument("--only", default="", help="scenarios whose name starts with this")
    args = parser.parse_args(argv)
    names = [n for n in SCENARIOS if n.startswith(args.only)]
    results = run(names, args.runs)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
