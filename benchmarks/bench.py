"""Speed and responsiveness of l1l2gui, measured (``make bench``; ``--json FILE`` too).

Reports medians over repeated runs:

1. core: one training run per preset, and the descent core against a plain
   per-step loop (``core_speed.py``);
2. time from launch to the window shown and painted, fresh process (budget 1.5 s);
3. memory growth over 100 training runs through the window (budget 20 MB);
4. GUI-thread stalls in every tab's heavy scenarios (``responsiveness.py``;
   budget 16 ms);
5. what a computation running Python beside it costs a GUI frame, with the
   worker's GUI-first rule and without (``gil_contention.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parent))

import core_speed
import responsiveness

from l1l2gui.core.presets import presets_for
from l1l2gui.core.tabs import tab_model
from l1l2gui.gui.app import EXIT_AFTER_SHOW, SHOWN_LINE


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_core() -> None:
    model = tab_model("training")
    print("core: one training run (median)")
    for preset in presets_for("training"):
        params = model.params(preset.name)
        t = median_time(lambda p=params: model.compute(p), 5)
        print(f"  {preset.name:<24} {params.steps:>7} steps  {t * 1000:8.1f} ms")
    params = model.params("one-weight-lr-1e-4", {"kinds": "signed_l1,abs_l1,l2,huber"})
    t = median_time(lambda: model.compute(params), 3)
    print(f"  {'lr-1e-4, all four kinds':<24} {params.steps:>7} steps  {t * 1000:8.1f} ms")


def bench_regularization() -> None:
    """Monte Carlo of the Regularization tab: exact L1 and L2 ball optima, vectorized."""
    import numpy as np

    from l1l2gui.core.regularization import l1_ball_optimum, l2_ball_optimum, quadratic_matrix
    from l1l2gui.core.regularization_mc import FAMILIES, draw_problems, run_monte_carlo

    model = tab_model("regularization")
    print("core: Monte Carlo, 10,000 trials per family (median of 7)")
    for family in FAMILIES:
        p = draw_problems(family, 10_000, 1.0, 0)
        A = quadratic_matrix(p.axis_ratio, p.angle_deg)
        t1 = median_time(lambda c=p.c, A=A: l1_ball_optimum(c, A, 1.0), 7)
        t2 = median_time(lambda c=p.c, A=A: l2_ball_optimum(c, A, 1.0), 7)
        print(f"  {family:<16} L1 diamond {t1 * 1000:6.1f} ms   L2 circle {t2 * 1000:6.1f} ms")
    for trials in (10_000, 100_000):
        params = model.params(values={"trials": trials})
        gaps: list[float] = []

        def stream(params=params, gaps=gaps) -> None:
            last = time.perf_counter()
            for _ in run_monte_carlo(params):
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        repeat = 7 if trials == 10_000 else 3
        t = median_time(stream, repeat)
        print(
            f"  all three families, {trials} trials each, streamed: {t * 1000:6.1f} ms "
            f"({len(gaps) // repeat} yields, longest gap {max(gaps) * 1000:.1f} ms, "
            f"median {np.median(gaps) * 1000:.1f} ms)"
        )


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_memory() -> None:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from l1l2gui.gui.app import application
    from l1l2gui.gui.main_window import MainWindow

    application()
    tmp = tempfile.mkdtemp()
    settings = QSettings(str(Path(tmp) / "b.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, freeze_gc=True)  # as the app opens it
    window.show()
    tab = window.tabs["training"]

    def wait_finished() -> None:
        loop = QEventLoop()
        tab.runFinished.connect(loop.quit)
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
        tab.runFinished.disconnect(loop.quit)

    wait_finished()

    tab.apply_preset("one-weight")
    wait_finished()
    before = rss_mb()
    for i in range(100):
        tab.form.editor("seed").setValue(i + 1)
        tab.recompute()
        wait_finished()
    after = rss_mb()
    print(
        f"memory: RSS {before:.0f} MB → {after:.0f} MB over 100 runs "
        f"(growth {after - before:+.1f} MB, budget 20 MB)"
    )
    window.close()


def seconds_to_shown(env: dict[str, str]) -> float:
    """Launch ``python -m l1l2gui`` and time until it says its window is shown and painted."""
    start = time.perf_counter()
    command = [sys.executable, "-m", "l1l2gui"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as proc:
        for line in proc.stdout:
            if line.strip() == SHOWN_LINE:
                shown = time.perf_counter() - start
                break
        else:
            raise RuntimeError("l1l2gui quit without showing its window")
        proc.wait(timeout=60)
    return shown


def bench_startup(runs: int = 5) -> dict[str, float]:
    """Launch to the window shown and its figure painted: a fresh process and fresh
    settings each run. Python's bytecode is cached as after the first launch (an
    installed app has it); the same is timed with every module compiled each launch."""

    def env(**extra: str) -> dict[str, str]:
        out = dict(os.environ, **extra)
        out.update({EXIT_AFTER_SHOW: "1", "XDG_CONFIG_HOME": tempfile.mkdtemp()})
        return out

    cache = tempfile.mkdtemp(prefix="l1l2gui-pycache-")
    cached = {
        k: v for k, v in env(PYTHONPYCACHEPREFIX=cache).items() if k != "PYTHONDONTWRITEBYTECODE"
    }
    seconds_to_shown(cached)  # writes the bytecode
    warm, cold = [], []
    for _ in range(runs):  # alternating: a busy machine slows both alike
        warm.append(seconds_to_shown({**cached, "XDG_CONFIG_HOME": tempfile.mkdtemp()}))
        cold.append(seconds_to_shown(env(PYTHONDONTWRITEBYTECODE="1")))
    bare = median_time(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 3)
    result = {
        "shown_s": statistics.median(warm),
        "shown_min_s": min(warm),
        "shown_max_s": max(warm),
        "shown_compiling_s": statistics.median(cold),
        "interpreter_s": bare,
    }
    print("startup: launch to the window shown and painted, fresh process (budget 1.5 s)")
    print(
        f"  median {result['shown_s']:.2f} s (min {min(warm):.2f}, max {max(warm):.2f}, "
        f"{runs} runs; bytecode cached, as after the first launch)"
    )
    print(
        f"  median {result['shown_compiling_s']:.2f} s compiling every module each launch; "
        f"bare interpreter {bare:.2f} s"
    )
    return result


def bench_first_show() -> dict[str, float]:
    """What start-up no longer pays: a tab is built the first time it is shown. Time
    (GUI thread) from the click to the tab built and painted, each tab once, after the
    previous tab's first run has finished."""
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from l1l2gui.gui.app import application
    from l1l2gui.gui.main_window import MainWindow

    application()
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "b.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings, freeze_gc=True)  # as the app opens it
    window.show()

    def wait_first_run(tab) -> None:
        loop = QEventLoop()
        tab.runFinished.connect(loop.quit)
        QTimer.singleShot(120_000, loop.quit)
        if tab.finished_run is None:
            loop.exec()
        tab.runFinished.disconnect(loop.quit)

    wait_first_run(window.current_tab())
    out = {}
    for index, name in enumerate(window.tabs):
        if name in window.tabs.built():
            continue
        start = time.perf_counter()
        window.tabs_widget.setCurrentIndex(index)
        window.repaint()
        out[name] = time.perf_counter() - start
        wait_first_run(window.tabs[name])  # scikit-learn's import must not outlast close()
    window.close()
    shown = ", ".join(f"{name} {t * 1000:.0f} ms" for name, t in out.items())
    print(f"  first show of each other tab (built then; GUI thread): {shown}")
    return out


def bench_contention() -> dict:
    """gil_contention.py in a fresh process (it needs a window of its own)."""
    import gil_contention

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "gil.json"
        script = Path(__file__).resolve().parent / "gil_contention.py"
        subprocess.run([sys.executable, str(script), "--json", str(out)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        results = json.loads(out.read_text(encoding="utf-8"))
    print(gil_contention.table(results))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description="l1l2gui benchmarks")
    parser.add_argument("--json", metavar="FILE", help="write every result as one JSON file")
    args = parser.parse_args()
    bench_core()
    speed = core_speed.measure()
    print(core_speed.table(speed))
    bench_regularization()
    startup = bench_startup()
    startup["first_show_s"] = bench_first_show()
    bench_memory()
    stalls = responsiveness.run(list(responsiveness.SCENARIOS), runs=3)
    print(responsiveness.table(stalls))
    contention = bench_contention()
    if args.json:
        results = {
            "core_speed": speed,
            "startup": startup,
            "responsiveness": stalls,
            "gil_contention": contention,
        }
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
