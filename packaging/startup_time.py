"""Time from process start to the main window shown and painted, frozen and from source.

    python packaging/startup_time.py [--runs 5] [--platform offscreen|xcb]

Each run starts a fresh process with ``L1L2GUI_EXIT_AFTER_SHOW=1`` (the app prints
one line once the window is shown and its figure painted, then quits) and takes the
time that line arrives. The two commands alternate so that a busy machine slows both
alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHOWN = "l1l2gui: window shown"  # l1l2gui.gui.app.SHOWN_LINE


def seconds_to_shown(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as proc:
        for line in proc.stdout:
            if line.strip() == SHOWN:
                shown = time.perf_counter() - start
                break
        else:
            raise RuntimeError(f"{command[0]} quit without showing its window")
        proc.wait(timeout=60)
    return shown


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default="offscreen")
    args = parser.parse_args()
    env = dict(
        os.environ,
        L1L2GUI_EXIT_AFTER_SHOW="1",
        QT_QPA_PLATFORM=args.platform,
        XDG_CONFIG_HOME=tempfile.mkdtemp(prefix="l1l2gui-startup-"),  # fresh settings
    )
    commands = {
        "frozen": [str(ROOT / "dist" / "l1l2gui" / "l1l2gui")],
        "source": [sys.executable, "-m", "l1l2gui"],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(seconds_to_shown(command, env))
    for name, values in times.items():
        print(
            f"{name}: median {statistics.median(values):.2f} s to window shown "
            f"(min {min(values):.2f}, max {max(values):.2f}, {args.runs} runs, {args.platform})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
