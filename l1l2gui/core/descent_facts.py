"""Numbers the Training tab's explanation quotes, computed from the parameters and the run.

:func:`descent_facts` needs only the parameters (closed forms, no training);
:func:`step_facts` reads a run at the step on screen, so every sentence about
"this run" describes what the plot shows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from .descent import (
    TrainingParams,
    TrainingRun,
    learning_rate_at,
    learning_rates,
    training_targets,
)

HUGE_W = 1e15  # |w| beyond this is finite but "astronomically large" for a weight near 1
_LOOK_AHEAD = 4_000_000
EXACT = 1e-12  # relative tolerance for "lr is exactly at the bound"
_EXACT = EXACT


@dataclass(frozen=True)
class DescentFacts:
    """Closed-form facts about one-weight descent for the current parameters."""

    batch: int  # the largest batch |B|
    last_batch: int  # each epoch's last batch: smaller than |B| when |B| does not divide N
    n: int
    lr_first: float
    lr_last: float
    step_l1: float  # the most abs L1 moves w in one step at lr₀: lr·x·|B|
    step_l1_last: float  # the same at the last step's lr
    signed_step: float  # how far signed L1 moves per full step at lr₀ (x·|B|, or x·N as published)
    signed_l1_total: float  # how far signed L1 falls over the whole run
    l2_lr_bound: float  # L2 converges iff lr < 1 / (x²·|B|)
    l2_lr_fastest: float  # one step lands on the batch optimum: lr = 1 / (2·x²·|B|)
    l2_factor: float  # 1 − 2·lr₀·x²·|B|: the distance to the batch optimum is multiplied by it
    l2_regime: str  # "one-sided", "overshoots", "two-cycle", "diverges" or "grows-then-settles"
    l2_settles_from: int | None  # with decay: the first step whose lr_k is below the bound
    huber_lr_bound: float  # Huber's quadratic zone converges iff lr < 2 / (x²·|B|)
    huber_factor: float  # 1 − lr₀·x²·|B|: Huber's factor inside δ
    w_mean: float  # the L2 optimum over all data: mean(y) / x
    w_median: float  # the middle of the abs L1 optima over all data: median(y) / x
    w_median_low: float  # for even N every w in [low, high] minimises Σ|ŷ−y|
    w_median_high: float
    # the fewest abs L1 steps that can bring w within half a step of the median interval
    # (the same criterion as :attr:`StepFacts.abs_l1_arrived`, so it is a lower bound of it)
    steps_to_median: int | None
    source_step_ratio: float  # N / |B|: how much larger the whole-data Σx gradient is
    batch_optima: tuple[float, float] = (0.0, 0.0)  # every batch's mean(y_B)/x lies in here


def batch_sizes(params: TrainingParams) -> np.ndarray:
    """|B_k| for every step k: the last batch of each epoch holds what is left of N."""
    sizes = np.full(params.batches_per_epoch, params.batch_size)
    sizes[-1] = params.n_samples - params.batch_size * (params.batches_per_epoch - 1)
    return np.tile(sizes, params.epochs)


def signed_gradient_size(params: TrainingParams) -> int:
    """How many x's signed L1's gradient sums: the batch's, or all N as the source published."""
    dataset = getattr(params, "signed_l1_gradient", "batch") == "dataset"
    return params.n_samples if dataset else params.batch_size


def _l2_regime(params: TrainingParams, lr: np.ndarray, bound: float) -> tuple[str, int | None]:
    fastest = bound / 2
    if params.lr < bound * (1 - _EXACT):
        return ("overshoots" if params.lr > fastest * (1 + _EXACT) else "one-sided"), None
    if params.decay > 0:
        below = np.flatnonzero(lr < bound * (1 - _EXACT))
        if below.size:
            return "grows-then-settles", int(below[0])
    if params.lr <= bound * (1 + _EXACT):
        return "two-cycle", None
    return "diverges", None


def _steps_to_arrive(params: TrainingParams, distance: float) -> int | None:
    # abs L1 arrives at step k when w_k is within half a step (½·lr_k·x·|B|) of the median
    # interval; its first k steps move w at most reach_k = Σ_{j<k} lr_j·x·|B_j|, so it cannot
    # arrive before reach_k + ½·lr_k·x·|B| ≥ distance. Looks past the run's end if needed
    # (up to 4 million steps; None beyond).
    epoch = batch_sizes(replace(params, epochs=1))
    n = max(params.steps, 1)
    while True:
        lr = learning_rates(params, n + 1)
        reach = np.concatenate(([0.0], np.cumsum(lr[:n] * params.x_value * np.resize(epoch, n))))
        half = 0.5 * lr * params.x_value * params.batch_size * (1 + 1e-9)
        k = int(np.argmax(reach + half >= distance * (1 - 1e-12)))
        if reach[k] + half[k] >= distance * (1 - 1e-12):
            return k
        if n >= _LOOK_AHEAD:
            return None
        n = min(4 * n, _LOOK_AHEAD)


def _batch_optima(params: TrainingParams, y: np.ndarray, last: int) -> tuple[float, float]:
    # a batch's optimum mean(y_B)/x is smallest for the |B| smallest targets (largest for
    # the largest); the short last batch of an epoch may reach further
    ordered = np.sort(y) / params.x_value
    sizes = {params.batch_size, last}
    return min(ordered[:m].mean() for m in sizes), max(ordered[-m:].mean() for m in sizes)


def descent_facts(params: TrainingParams) -> DescentFacts:
    """Compute :class:`DescentFacts`; cheap (no training), so the GUI may call it per change."""
    x, b = params.x_value, params.batch_size
    y = training_targets(params)
    lr = learning_rates(params, params.steps)
    sizes = batch_sizes(params)
    ordered = np.sort(y) / x
    low, high = ordered[(params.n_samples - 1) // 2], ordered[params.n_samples // 2]
    bound, fastest = 1.0 / (x * x * b), 1.0 / (2.0 * x * x * b)
    regime, settles = _l2_regime(params, lr, bound)
    nearest = min(max(params.init_w, low), high)
    signed = signed_gradient_size(params)
    signed_per_step = sizes if signed == b else np.full(sizes.size, signed)
    return DescentFacts(
        batch=b,
        last_batch=int(sizes[params.batches_per_epoch - 1]),
        n=params.n_samples,
        lr_first=float(lr[0]),
        lr_last=float(lr[-1]),
        step_l1=params.lr * x * b,
        step_l1_last=float(lr[-1]) * x * b,
        signed_step=params.lr * x * signed,
        signed_l1_total=float(x * np.sum(lr * signed_per_step)),
        l2_lr_bound=bound,
        l2_lr_fastest=fastest,
        l2_factor=1.0 - 2.0 * params.lr * x * x * b,
        l2_regime=regime,
        l2_settles_from=settles,
        huber_lr_bound=2.0 * bound,
        huber_factor=1.0 - params.lr * x * x * b,
        w_mean=float(np.mean(y)) / x,
        w_median=float(np.median(y)) / x,
        w_median_low=float(low),
        w_median_high=float(high),
        steps_to_median=_steps_to_arrive(params, abs(params.init_w - nearest)),
        source_step_ratio=params.n_samples / b,
        batch_optima=_batch_optima(params, y, int(sizes[params.batches_per_epoch - 1])),
    )


@dataclass(frozen=True)
class KindAtStep:
    """One loss kind's state at the shown step."""

    kind: str
    step: int
    w: float | None  # None once diverged (or not computed yet)
    loss: float | None
    diverged_at: int | None  # set only when the shown step has reached the divergence
    computed: bool = True

    @property
    def huge(self) -> bool:
        """Finite, yet astronomically far from any data (|w| ≥ 1e15)."""
        return self.w is not None and abs(self.w) >= HUGE_W


@dataclass(frozen=True)
class StepFacts:
    """What the run shows at one step: each kind's state and the numbers the text quotes."""

    step: int
    steps: int  # the run's planned number of steps
    steps_done: int
    kinds: dict[str, KindAtStep]
    lr: float | None  # lr_step, the rate of the update step → step+1 (None at the end)
    abs_l1_arrived: int | None  # first step within half a step of the median interval
    abs_l1_range: tuple[float, float] | None  # abs L1's w from its arrival to the shown step
    # L2's w over steps max(l2_near, step//2)…step (step//2…step while still approaching)
    l2_range: tuple[float, float] | None
    huber_quadratic_share: float | None  # share of residuals within δ at Huber's shown w
    abs_l1_step: float | None = None  # abs L1's largest move after its arrival: lr_a·x·|B|
    l1_parted: int | None = None  # first step where signed and abs L1 differ (up to the shown)
    # first step (once lr is below L2's bound) where L2 has crossed the mean and lies among
    # the batch optima: from there it jumps around the mean; None while still approaching
    l2_near: int | None = None


def kind_at_step(run: TrainingRun, kind: str, step: int) -> KindAtStep:
    """``kind``'s w and loss at ``step``, or where it diverged, or "not computed yet"."""
    trace = run.traces[kind]
    if trace.diverged_at is not None and step >= trace.diverged_at:
        return KindAtStep(kind, step, None, None, trace.diverged_at)
    if step >= trace.w.size:
        return KindAtStep(kind, step, None, None, None, computed=False)
    return KindAtStep(kind, step, float(trace.w[step]), float(trace.loss[step]), None)


@dataclass(frozen=True)
class RunMarks:
    """The first steps of a run's events, each found once over the whole computed run.

    Each is the first step where a condition on that step's own values holds, so at
    any shown step the answer is the mark when it is at or before that step, else
    none: :func:`step_facts` then reads a step of a 400,000-step run in time that
    does not grow with the step (scrubbing, and the end-of-run text, stay in a frame).
    """

    steps_done: int
    abs_l1_arrived: int | None
    l1_parted: int | None
    l2_near: int | None


def run_marks(run: TrainingRun, facts: DescentFacts) -> RunMarks:
    """Find :class:`RunMarks` of ``run`` (computed in the worker, once per finished run)."""
    arrived = parted = near = None
    if "abs_l1" in run.traces:
        arrived = _arrival(np.asarray(run.traces["abs_l1"].w), run.params, facts)
    if "signed_l1" in run.traces and "abs_l1" in run.traces:
        a, b = run.traces["signed_l1"].w, run.traces["abs_l1"].w
        end = min(a.size, b.size)
        differ = np.flatnonzero(a[:end] != b[:end])
        parted = int(differ[0]) if differ.size else None
    if "l2" in run.traces:
        near = _l2_near(np.asarray(run.traces["l2"].w), facts)
    return RunMarks(run.steps_done, arrived, parted, near)


def _upto(mark: int | None, step: int) -> int | None:
    return mark if mark is not None and mark <= step else None


def step_facts(
    run: TrainingRun, facts: DescentFacts, step: int, marks: RunMarks | None = None
) -> StepFacts:
    """Read ``run`` at ``step`` (clipped to what is computed) for the explanation and readout.

    ``marks`` (from :func:`run_marks` for this run) spare the scans of every step up to
    ``step``; the result is the same.
    """
    params = run.params
    step = max(0, min(step, run.steps_done))
    if marks is not None and marks.steps_done != run.steps_done:
        marks = None  # found for another snapshot of the run
    kinds = {k: kind_at_step(run, k, step) for k in run.traces}
    lr = learning_rate_at(params, step) if step < params.steps else None
    arrived = abs_range = l2_range = share = abs_step = parted = near = None
    if "abs_l1" in run.traces and kinds["abs_l1"].w is not None:
        w = np.asarray(run.traces["abs_l1"].w[: step + 1])
        arrived = _arrival(w, params, facts) if marks is None else _upto(marks.abs_l1_arrived, step)
        if arrived is not None:
            abs_range = (float(w[arrived:].min()), float(w[arrived:].max()))
            abs_step = learning_rate_at(params, arrived) * params.x_value
            abs_step *= facts.batch
    if "signed_l1" in run.traces and "abs_l1" in run.traces:
        a, b = run.traces["signed_l1"].w, run.traces["abs_l1"].w
        end = min(step + 1, a.size, b.size)
        if marks is None:
            differ = np.flatnonzero(a[:end] != b[:end])
            parted = int(differ[0]) if differ.size else None
        else:
            parted = _upto(marks.l1_parted, end - 1)
    if "l2" in run.traces and kinds["l2"].w is not None and step >= 2:
        w = np.asarray(run.traces["l2"].w[: step + 1])
        near = _l2_near(w, facts) if marks is None else _upto(marks.l2_near, step)
        tail = w[max(step // 2, near if near is not None else 0) :]
        l2_range = (float(tail.min()), float(tail.max()))
    if "huber" in run.traces and kinds["huber"].w is not None:
        r = kinds["huber"].w * params.x_value - training_targets(params)
        with np.errstate(over="ignore", invalid="ignore"):
            share = float(np.mean(np.abs(r) <= params.huber_delta))
    return StepFacts(
        step,
        params.steps,
        run.steps_done,
        kinds,
        lr,
        arrived,
        abs_range,
        l2_range,
        share,
        abs_step,
        parted,
        near,
    )


def _l2_near(w: np.ndarray, facts: DescentFacts) -> int | None:
    # from the step where lr is below L2's bound, the first step by which w has crossed
    # (or met) the mean and lies within the range of the batch optima
    if facts.l2_regime in ("diverges", "two-cycle"):
        return None
    start = facts.l2_settles_from or 0
    if start >= w.size:
        return None
    d = w[start:] - facts.w_mean
    crossed = np.flatnonzero((d == 0) | (np.sign(d) != np.sign(d[0])))
    if not crossed.size:
        return None
    lo, hi = facts.batch_optima
    first = int(crossed[0])
    inside = np.flatnonzero((w[start + first :] >= lo) & (w[start + first :] <= hi))
    return start + first + int(inside[0]) if inside.size else None


def _arrival(w: np.ndarray, params: TrainingParams, facts: DescentFacts) -> int | None:
    lr = learning_rates(params, w.size)
    half_step = 0.5 * lr * params.x_value * facts.batch * (1 + 1e-9)
    with np.errstate(over="ignore", invalid="ignore"):
        gap = np.maximum(facts.w_median_low - w, w - facts.w_median_high)
        inside = np.flatnonzero(gap <= half_step)
    return int(inside[0]) if inside.size else None
