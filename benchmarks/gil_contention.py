"""What a computation running Python beside it costs the GUI thread, the worker's way and not.

    python benchmarks/gil_contention.py [--json FILE] [--frames 60]

Drives the offscreen window: after the 100,000-step Training run is computed, a
16 ms timer redraws one frame of playing (cursor, markers, one plot's curves,
readout, landscape) and measures its wall-clock time and the GUI thread's own CPU
time. Three ways, in one process:

- ``alone``: nothing else runs;
- ``beside``: a worker job runs Python in 4 ms steps (like the descent core) with
  the worker's GUI-first rule off: it pauses only while delivered results are drawn;
- ``gui-first``: the same job with the rule on (the app's way): the job steps only
  while the GUI thread sleeps in its event loop.

Both with the app's switch interval (``gui/app.py``).

A frame's CPU time is about the same in all three; its wall time shows how long
the GUI thread waited for the GIL. Medians and maxima of the frames' wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

SPIN_CHANNEL = "bench/spin"


def _spin_job(_is_cancelled):
    """Python work in ~4 ms steps, forever (until cancelled), like a long descent."""
    x = 0
    while True:
        deadline = time.perf_counter() + 0.004
        while time.perf_counter() < deadline:
            for i in range(200):
                x += i * i
        yield x


def measure(frames: int = 60) -> dict[str, dict[str, float]]:
    import responsiveness
    from PySide6.QtCore import QCoreApplication, QTimer

    bench = responsiveness.Bench()
    tab = bench.tab("training")
    responsiveness._run_and_wait(bench, responsiveness.LR_1E4)
    bench.settle()
    worker = bench.window.worker
    results: dict[str, dict[str, float]] = {}
    try:
        for way in ("alone", "beside", "gui-first"):
            worker.set_gui_first(way != "beside")
            if way != "alone":
                worker.submit(SPIN_CHANNEL, _spin_job)
            walls: list[float] = []
            cpus: list[float] = []
            tab._cursor, tab._follow_end = 0.0, False

            def frame(walls=walls, cpus=cpus) -> None:
                wall, cpu = time.perf_counter(), time.thread_time()
                tab._cursor += 8
                tab._render(full=False)
                QCoreApplication.sendPostedEvents()
                walls.append((time.perf_counter() - wall) * 1e3)
                cpus.append((time.thread_time() - cpu) * 1e3)

            timer = QTimer()
            timer.setInterval(16)
            timer.timeout.connect(frame)
            timer.start()
            bench.wait(lambda walls=walls: len(walls) >= frames)
            timer.stop()
            worker.cancel(SPIN_CHANNEL)
            bench.wait(lambda: not worker.is_busy(SPIN_CHANNEL))
            results[way] = {
                "wall_median_ms": round(statistics.median(walls), 2),
                "wall_max_ms": round(max(walls), 2),
                "cpu_median_ms": round(statistics.median(cpus), 2),
            }
    finally:
        worker.set_gui_first(True)
        bench.close()
    return results


def table(results: dict[str, dict[str, float]]) -> str:
    lines = [
        "GUI frame beside a computation running Python (median / max wall, median CPU)",
        f"  {'way':<12}{'wall median':>13}{'wall max':>11}{'CPU median':>12}",
    ]
    for way, r in results.items():
        lines.append(
            f"  {way:<12}{r['wall_median_ms']:>10.1f} ms{r['wall_max_ms']:>8.1f} ms"
            f"{r['cpu_median_ms']:>9.1f} ms"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--frames", type=int, default=60)
    args = parser.parse_args(argv)
    results = measure(args.frames)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
