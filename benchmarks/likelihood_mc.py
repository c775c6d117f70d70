"""Speed of the Likelihood tab's Monte Carlo (``python benchmarks/likelihood_mc.py --json F``).

Reports medians over repeated runs of R = 10,000 samples of n = 101:

1. pass 1 (mean and median of every sample, histograms, variances);
2. the whole Monte Carlo (pass 1 and the L_p estimators on 11 + 1 powers);
3. one L_p solve (p = 4, and p = 1.5) over all 10,000 × 101;
4. the longest gap between two snapshots of the stream (the worker's yield budget ~10 ms).

The GUI thread while the tab streams is measured by ``benchmarks/responsiveness.py
--only likelihood``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np

from l1l2gui.core.estimators import lp_locations
from l1l2gui.core.montecarlo import run_monte_carlo
from l1l2gui.core.noise import Noise

R, N = 10_000, 101


def timed_stream(noise: Noise) -> tuple[float, float, float]:
    """(pass-1 seconds, total seconds, longest gap between snapshots in seconds)."""
    start = last = time.perf_counter()
    pass1 = gap = 0.0
    for mc in run_monte_carlo(noise, 0.0, N, R, 0, 4.0):
        now = time.perf_counter()
        gap, last = max(gap, now - last), now
        if not pass1 and mc.done == R:
            pass1 = now - start
    return pass1, time.perf_counter() - start, gap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="also write the numbers to this file")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    out: dict[str, dict[str, float]] = {}
    for kind in ("gaussian", "laplace", "student_t", "uniform", "contaminated"):
        runs = [timed_stream(Noise(kind)) for _ in range(args.repeat)]
        out[kind] = {
            "pass1_ms": 1000 * statistics.median(r[0] for r in runs),
            "total_ms": 1000 * statistics.median(r[1] for r in runs),
            "max_gap_ms": 1000 * max(r[2] for r in runs),
        }
        print(
            f"{kind:<13} mean+median {out[kind]['pass1_ms']:7.1f} ms   with L_p "
            f"{out[kind]['total_ms']:7.1f} ms   longest gap {out[kind]['max_gap_ms']:5.1f} ms"
        )
    y = Noise("student_t").sample(np.random.default_rng(0), (R, N))
    for p in (4.0, 1.5):
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            lp_locations(y, p)
            times.append(time.perf_counter() - t)
        out[f"lp_solve_p{p:g}"] = {"median_ms": 1000 * statistics.median(times)}
        print(f"one L_p solve, p = {p:g}: {1000 * statistics.median(times):.1f} ms")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"samples": R, "n": N, "results": out}, f, indent=1)


if __name__ == "__main__":
    main()
