"""A real mouse drag of the Outliers tab's outlier, the app's way and a naive way, in one run.

    python benchmarks/drag.py --json drag.json

Drives the offscreen window: press on the outlier, 120 moves over 2 s (by wall
clock: a move that falls due while the GUI thread is busy is skipped, as a real
mouse's are coalesced), release. n_estimators = 100. Two ways:

- ``app``: the tab as shipped (throttled submits on ``outliers/drag``, fits grown
  in chunks in the worker thread, stale requests abandoned);
- ``naive``: the same tab with its drag handler replaced by a synchronous complete
  refit in the GUI thread on every move (fits without the outlier cached as well).

Reports per way, as medians over ``--repeat`` drags: ``max_stall_ms`` (largest
gap between 2 ms GUI-thread timer ticks from press to the final fit drawn),
``fits_drawn``, ``first_fit_latency_ms`` (last move → first fit of that position
drawn, partial or not), ``final_fit_latency_ms`` (last move → its complete fit
drawn), ``stale_fits_drawn`` (a fit drawn for a position other than the newest
requested; summed), ``moves_sent``; and ``fit_ms``, one complete L1 + L2 fit pair
with its grid prediction, measured alone (median of 5). The machine's own noise
is measured too: the largest gap with nothing to do, and the load average.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import statistics
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from l1l2gui.core.outliers import fit_grid, single_fit, stream_fits, without_key

MOVES, DURATION_S, TREES = 120, 2.0, 100
START, END = (-3.0, 10.0), (13.0, 10.0)  # the source's sweep: left of the data to right of it
TARGETS = {"max_stall_ms": 16.0, "first_fit_latency_ms": 50.0, "final_fit_extra_ms": 20.0}


def fit_pair_ms(params) -> float:
    grid = fit_grid(params)[:, None]
    times = []
    for _ in range(5):
        start = time.perf_counter()
        for loss in ("l1", "l2"):
            single_fit(params, loss, True).predict(grid)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def wait_until(app, predicate, timeout_s: float = 30.0) -> bool:
    end = time.perf_counter() + timeout_s
    while time.perf_counter() < end:
        app.processEvents()
        if predicate():
            return True
        time.sleep(0.001)
    return False


def idle_stall_ms(seconds: float = 2.0) -> float:
    """Largest gap between 2 ms ticks with nothing to do: the machine's own noise."""
    from PySide6.QtCore import QEventLoop, QTimer

    gaps, last = [], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000)
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(2)
    ticker.timeout.connect(tick)
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    ticker.start()
    last[0] = time.perf_counter()
    loop.exec()
    ticker.stop()
    return round(max(gaps), 1)


def drag(app, tab, way: str) -> dict:
    from PySide6.QtCore import QEventLoop, QPointF, Qt, QTimer
    from PySide6.QtTest import QTest

    tab.apply_values({"outlier_x": START[0], "outlier_y": START[1]})
    assert wait_until(app, lambda: tab.finished_run is not None and tab.finished_run is tab.run)
    figure, target = tab.figure, tab.figure.target
    viewport = figure.viewport()
    box = figure.plot.getViewBox()

    def to_view(x: float, y: float):
        return figure.mapFromScene(box.mapViewToScene(QPointF(x, y)))

    renders: list[tuple[float, tuple[float, float], bool, bool]] = []  # t, position, done, stale

    def on_rendered(run) -> None:
        pos = (run.params.outlier_x, run.params.outlier_y)
        stale = tab._params is not None and run.params != tab._params
        renders.append((time.perf_counter(), pos, run.finished, stale))

    naive_params = {}

    def naive_moved(item) -> None:
        p = item.pos()
        params = dataclasses.replace(tab._params, outlier_x=float(p.x()), outlier_y=float(p.y()))
        tab._params = params
        # one tree, then all the rest in a single fit() call: a plain refit
        run = deque(stream_fits(params, naive_params["without"], 1e9), maxlen=1)[0]
        tab.figure.show_run(run)
        on_rendered(run)

    if way == "naive":
        naive_params["without"] = tab.finished_run.without_fits()
        assert without_key(tab.finished_run.params) == without_key(tab._params)
        target.sigPositionChanged.disconnect(tab._on_target_moved)
        target.sigPositionChanged.connect(naive_moved)
    else:
        tab.rendered.connect(on_rendered)

    gaps: list[float] = []
    big: list[tuple[float, float]] = []
    last_tick = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last_tick[0]) * 1000)
        if gaps[-1] > 30:
            big.append((round(now - began, 3), round(gaps[-1], 1)))
        last_tick[0] = now

    ticker = QTimer()
    ticker.setInterval(2)
    ticker.timeout.connect(tick)
    path = [
        to_view(START[0] + (END[0] - START[0]) * i / MOVES, START[1]) for i in range(MOVES + 1)
    ]
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, path[0])
    # everything below runs from Qt timers inside one event loop, as in the app: a Python
    # polling loop would hold the GIL and slow the compute thread it is measuring
    state = {"sent": 0, "last_move": 0.0, "index": 0, "final": None}
    loop = QEventLoop()

    def final_drawn() -> bool:
        return any(r[1] == state["final"] and r[2] for r in renders)

    def check_done(*_args) -> None:
        if state["final"] is not None and final_drawn():
            loop.quit()

    def move() -> None:
        due = min(MOVES, int((time.perf_counter() - began) / DURATION_S * MOVES))
        if due <= state["index"]:
            return
        state["index"] = due
        state["last_move"] = time.perf_counter()  # before: the naive way draws inside the call
        QTest.mouseMove(viewport, path[due])
        state["sent"] += 1
        if due == MOVES:
            mover.stop()
            if way == "naive":  # the newest position the handler was given
                state["final"] = (tab._params.outlier_x, tab._params.outlier_y)
            else:  # the form follows the target at once; the request follows within a frame
                values = tab.form.values()
                state["final"] = (values["outlier_x"], values["outlier_y"])
            QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier, path[-1])  # fmt: skip
            check_done()

    mover = QTimer()
    mover.setTimerType(Qt.TimerType.PreciseTimer)
    mover.setInterval(1)
    mover.timeout.connect(move)
    tab.rendered.connect(check_done)
    QTimer.singleShot(60_000, loop.quit)
    began = time.perf_counter()
    ticker.start()
    last_tick[0] = time.perf_counter()
    mover.start()
    loop.exec()
    tab.rendered.disconnect(check_done)
    done = final_drawn()
    final, last_move, sent = state["final"], state["last_move"], state["sent"]
    ticker.stop()
    if way == "naive":
        target.sigPositionChanged.disconnect(naive_moved)
        target.sigPositionChanged.connect(tab._on_target_moved)
    else:
        tab.rendered.disconnect(on_rendered)
    first = next((t for t, pos, _, _ in renders if pos == final and t >= last_move), None)
    last = next((t for t, pos, fin, _ in renders if pos == final and fin), None)
    return {
        "max_stall_ms": round(max(gaps), 1),
        "p95_stall_ms": round(statistics.quantiles(gaps, n=20)[-1], 1),
        "fits_drawn": len(renders),
        "complete_fits_drawn": sum(1 for r in renders if r[2]),
        "first_fit_latency_ms": None if first is None else round((first - last_move) * 1000, 1),
        "final_fit_latency_ms": None if last is None else round((last - last_move) * 1000, 1),
        "stale_fits_drawn": sum(1 for r in renders if r[3]),
        "moves_sent": sent,
        "drag_s": round(last_move - began, 2),
        "finished": done,
        "stalls_over_30ms_at_s": big[:20],
    }


def medians(runs: list[dict]) -> dict:
    """Per key, the median over runs (None where a run had no value); stale fits summed."""
    out = {}
    for key in runs[0]:
        values = [r[key] for r in runs if isinstance(r[key], int | float) and r[key] is not None]
        if key == "stale_fits_drawn":
            out[key] = sum(values)
        elif values and not isinstance(runs[0][key], bool):
            out[key] = round(statistics.median(values), 1)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="write the results here")
    parser.add_argument("--repeat", type=int, default=3, help="drags per way (medians reported)")
    args = parser.parse_args()

    from PySide6.QtCore import QSettings

    from l1l2gui.gui.app import application
    from l1l2gui.gui.main_window import MainWindow

    app = application()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "drag.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, freeze_gc=True)  # as the app opens it
    window.resize(1320, 820)
    window.show()
    tab = window.tabs["outliers"]
    window.tabs_widget.setCurrentWidget(tab)
    tab.apply_values({"n_estimators": TREES})
    run = lambda: tab.finished_run  # noqa: E731
    assert wait_until(app, lambda: run() is not None and run().params.n_estimators == TREES)
    fit_ms = fit_pair_ms(tab.finished_run.params)
    results = {
        "n_estimators": TREES,
        "moves": MOVES,
        "duration_s": DURATION_S,
        "fit_ms": round(fit_ms, 1),
        "idle_max_stall_ms": idle_stall_ms(),
        "load_average": os.getloadavg()[0],
        "targets": TARGETS,
        "repeat": args.repeat,
        "runs": {"app": [], "naive": []},
    }
    for _ in range(args.repeat):  # alternate, so both ways see the same machine load
        for way in ("app", "naive"):
            results["runs"][way].append(drag(app, tab, way))
    results["load_average_after"] = os.getloadavg()[0]
    results["ways"] = {way: medians(runs) for way, runs in results["runs"].items()}
    window.close()
    print(f"one complete fit pair (L1 + L2, {TREES} trees), measured alone: {fit_ms:.0f} ms")
    print(f"largest GUI gap with nothing to do (machine noise): {results['idle_max_stall_ms']} ms,"
          f" load average {results['load_average']:.1f}")
    keys = ("max_stall_ms", "fits_drawn", "first_fit_latency_ms", "final_fit_latency_ms",
            "stale_fits_drawn", "moves_sent")  # fmt: skip
    print(f"medians of {args.repeat} drags per way (stale fits: total)")
    print(f"{'':>22}" + "".join(f"{way:>12}" for way in results["ways"]))
    for key in keys:
        print(f"{key:>22}" + "".join(f"{r.get(key)!s:>12}" for r in results["ways"].values()))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
