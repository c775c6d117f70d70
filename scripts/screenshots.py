"""Regenerate every picture of the README: ``make screenshots``.

Each picture is one ``l1l2gui export TAB --preset NAME --view VIEW --out docs/….png``
run (a fresh process, offscreen, as a user would type it), then scaled down to at
most ``MAX_WIDTH`` pixels wide so the repository stays small. The presets fix every
seed, so the pictures come out the same each time.
``python scripts/screenshots.py NAME.png …`` remakes only the pictures named.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
MAX_WIDTH = 1200

# file name (in docs/) → the export's arguments
SHOTS: dict[str, list[str]] = {
    "training-run.png": ["training", "--preset", "one-weight"],
    "training-noise.png": ["training", "--preset", "one-weight-noise-5"],
    "training-seeds.png": [
        "training", "--preset", "one-weight-noise-5", "--set", "seeds_repeat=50", "--view", "seeds",
    ],
    "regularization-geometry.png": [
        "regularization", "--preset", "diamond-vs-circle", "--view", "geometry",
    ],
    "regularization-montecarlo.png": [
        "regularization", "--preset", "useless-feature", "--view", "monte-carlo",
    ],
    "regularization-walkthrough.png": [
        "regularization", "--preset", "worked-example", "--view", "walkthrough",
    ],
    "regularization-paths.png": [
        "regularization", "--preset", "diamond-vs-circle", "--view", "paths",
    ],
    "outliers-drag.png": ["outliers", "--preset", "stability-grid", "--view", "drag"],
    "outliers-grid.png": ["outliers", "--preset", "stability-grid", "--view", "grid"],
    "outliers-seeds.png": ["outliers", "--preset", "claim-over-seeds", "--view", "seeds"],
    "outliers-linear.png": ["outliers", "--preset", "linear-counterparts", "--view", "drag"],
    "likelihood-noise.png": ["likelihood", "--preset", "laplace-noise", "--view", "noise"],
    "likelihood-sample.png": ["likelihood", "--preset", "many-medians", "--view", "sample"],
    "likelihood-montecarlo.png": [
        "likelihood", "--preset", "laplace-noise", "--view", "estimators",
    ],
    "likelihood-lp.png": ["likelihood", "--preset", "uniform-noise", "--view", "lp"],
}  # fmt: skip


def shrink(path: Path, max_width: int = MAX_WIDTH) -> tuple[int, int]:
    """Scale the PNG at ``path`` down to ``max_width`` (smoothly), opaque; return its size."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise SystemExit(f"{path}: not a PNG the export should have written")
    if image.width() > max_width:
        image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
    image = image.convertToFormat(QImage.Format.Format_RGB888)  # no alpha: a third smaller
    if not image.save(str(path), "PNG", 9):
        raise SystemExit(f"{path}: could not write")
    return image.width(), image.height()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="only these files (default: every one)")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in SHOTS]
    if unknown:
        parser.error(f"unknown {', '.join(unknown)}; known: {', '.join(SHOTS)}")
    DOCS.mkdir(exist_ok=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for name in args.names or SHOTS:
        out = DOCS / name
        command = [sys.executable, "-m", "l1l2gui", "export", *SHOTS[name], "--out", str(out)]
        print("l1l2gui export", " ".join(SHOTS[name]), "--out", f"docs/{name}", flush=True)
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env, cwd=ROOT)
        width, height = shrink(out)
        kib = out.stat().st_size / 1024
        print(f"  {width}×{height}, {kib:.0f} KiB, {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
