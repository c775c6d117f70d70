"""Speed of the descent core against a plain per-step NumPy loop, in one run.

    python benchmarks/core_speed.py [--json FILE]

The plain loop is the straightforward implementation (one NumPy call per kind and
step on the batch's residuals); the core must give the same numbers, faster.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import deque
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from l1l2gui.core.descent import (
    TrainingParams,
    batch_ends,
    batch_order,
    learning_rates,
    run_descent,
    training_targets,
)
from l1l2gui.core.descent_seeds import run_over_seeds
from l1l2gui.core.losses import loss_for
from l1l2gui.core.tabs import tab_model


def plain_loop(params: TrainingParams) -> dict[str, np.ndarray]:
    """w per step for every kind: one NumPy evaluation of the batch gradient per step."""
    x, steps = params.x_value, params.steps
    y, order, ends = training_targets(params), batch_order(params), batch_ends(params)
    lr = learning_rates(params, steps)
    out = {}
    for kind in params.kinds:
        loss = loss_for(kind, params.huber_delta)
        w = np.empty(steps + 1)
        w[0] = params.init_w
        for k in range(steps):
            yb = y[order[(ends[k - 1] if k else 0) : ends[k]]]
            w[k + 1] = w[k] - lr[k] * x * float(loss.derivative(w[k] * x - yb).sum())
        out[kind] = w
    return out


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure(repeat: int = 3) -> dict[str, dict]:
    model = tab_model("training")
    cases = {
        "100k steps, 3 losses": model.params("one-weight-lr-1e-4"),
        "100k steps, 4 losses": model.params(
            "one-weight-lr-1e-4", {"kinds": "signed_l1,abs_l1,l2,huber"}
        ),
    }
    out = {}
    for name, params in cases.items():
        core = deque(run_descent(params), maxlen=1)[0]
        plain = plain_loop(params)
        same = all(np.array_equal(core.traces[k].w, plain[k]) for k in params.kinds)
        t_core = median_seconds(lambda p=params: deque(run_descent(p), maxlen=1), repeat)
        t_plain = median_seconds(lambda p=params: plain_loop(p), repeat)
        out[name] = {
            "core_s": round(t_core, 3),
            "plain_loop_s": round(t_plain, 3),
            "speedup": round(t_plain / t_core, 1),
            "identical_w": same,
        }
    return out


def measure_seeds(count: int = 200, repeat: int = 3) -> dict:
    """R = ``count`` seeds of the 100,000-step preset, all at once (the Training tab's
    seeds view), and whether its first seeds end where their own runs end."""
    params = tab_model("training").params("one-weight-lr-1e-4")
    final = deque(run_over_seeds(params, count), maxlen=1)[0]
    same = True
    for i in range(3):
        run = deque(run_descent(replace(params, seed=params.seed + i)), maxlen=1)[0]
        same &= all(run.traces[k].w[-1] == final.final_w[k][i] for k in params.kinds)
    t = median_seconds(lambda: deque(run_over_seeds(params, count), maxlen=1), repeat)
    return {"seeds": count, "steps": params.steps, "core_s": round(t, 3), "identical_w": same}


def table(results: dict[str, dict]) -> str:
    lines = ["descent core vs a plain per-step loop (median of 3, same process)"]
    for name, r in results.items():
        if name == "seeds":
            continue
        lines.append(
            f"  {name:<22} core {r['core_s']:6.3f} s   plain loop {r['plain_loop_s']:6.3f} s"
            f"   {r['speedup']:5.1f}x   identical w: {r['identical_w']}"
        )
    seeds = results.get("seeds")
    if seeds:
        lines.append(
            f"  {seeds['seeds']} seeds × {seeds['steps']:,} steps at once: {seeds['core_s']:.3f} s"
            f"   first 3 seeds identical to their own runs: {seeds['identical_w']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    args = parser.parse_args(argv)
    results = measure()
    results["seeds"] = measure_seeds()
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
