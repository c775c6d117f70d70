"""The Training explanation's sentences about signed and abs L1.

Each takes the parameters, the closed-form facts and the facts read at the shown step;
what they say about "this run" is measured on it (see :mod:`...core.descent_facts`).
"""

from __future__ import annotations

from ....core.descent import TrainingParams, learning_rates
from ....core.descent_facts import DescentFacts, StepFacts, batch_sizes
from .notes import num, plural, shown_lr


def _at_shown_step(params: TrainingParams, sf: StepFacts, per_lr: float, short: float) -> str:
    # "0.04 at step 0, shrinking with the learning rate to 0.0381 at step 100"
    k, label = shown_lr(params, sf)
    size = short if batch_sizes(params)[k] != batch_sizes(params)[0] else per_lr
    amount = float(learning_rates(params, k + 1)[k]) * size
    return (
        f"{num(params.lr * per_lr)} at step 0, shrinking with the learning rate to "
        f"{num(amount)} at {label}"
    )


def signed_note(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    total = f"Over {plural(params.steps, 'step')} that is {num(facts.signed_l1_total)}"
    end = f"(to w = {num(params.init_w - facts.signed_l1_total)})"
    decays = params.decay > 0 and params.steps > 1
    x = params.x_value
    if getattr(params, "signed_l1_gradient", "batch") == "dataset":
        if decays:
            lowers = f"lr<sub>k</sub>·x·N: {_at_shown_step(params, sf, x * facts.n, x * facts.n)}"
        else:
            lowers = f"{num(facts.signed_step)}"
        return (
            f"As published, its gradient sums x over all N = {facts.n} samples, "
            f"x·N = {num(x * facts.n)}, so each step lowers w by {lowers}: "
            f"{num(facts.source_step_ratio)}× the batch gradient's step. {total} {end}."
        )
    short = " (less on the short last batch)" if facts.last_batch != facts.batch else ""
    if decays:
        amounts = _at_shown_step(params, sf, x * facts.batch, x * facts.last_batch)
        return f"Each step lowers w by lr<sub>k</sub>·x·|B|{short}: {amounts}. {total} {end}."
    return f"Each step lowers w by lr·x·|B| = {num(facts.signed_step)}{short}. {total} {end}."


def abs_move(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    """How far abs L1 moves in a step whose batch is all on one side."""
    short = " (less on the short last batch)" if facts.last_batch != facts.batch else ""
    if params.decay > 0 and params.steps > 1:
        x = params.x_value
        amounts = _at_shown_step(params, sf, x * facts.batch, x * facts.last_batch)
        return f"lr<sub>k</sub>·x·|B| per step{short}: {amounts}"
    return f"lr·x·|B| = {num(facts.step_l1)} per step{short}"


def _why_at_least(params: TrainingParams, facts: DescentFacts) -> str:
    # why the bound may not be reached; only reasons that can happen with these parameters
    if params.noise_sigma <= 0 or facts.n == 1:
        return ""
    if facts.batch == 1:
        return " (with noise, a sample whose target lies on the other side of w moves it back)"
    never_zero = facts.batch % 2 == 1 and facts.last_batch % 2 == 1
    return (
        " (a batch with residuals of both signs moves w less"
        + ("" if never_zero else ", or not at all")
        + ")"
    )


def arrival_note(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    low, high = facts.w_median_low, facts.w_median_high
    if high - low > 1e-12:
        target = f"the median interval {num(low)}…{num(high)}"
    else:
        target = f'the median <span class="f">median(y)/x = {num(facts.w_median)}</span>'
    if facts.steps_to_median is None:
        need = "takes more than 4 million steps"
    else:
        need = f"takes at least {plural(facts.steps_to_median, 'step')}"
        if facts.steps_to_median > sf.steps:
            need += f", more than this run's {sf.steps}"
    if facts.steps_to_median == 0:
        return f"w₀ = {num(params.init_w)} is already within half a step of {target}."
    text = f"Getting from w₀ to within half a step of {target} {need}{_why_at_least(params, facts)}"
    if sf.abs_l1_arrived is not None:
        return text + f"; this run got there at step {sf.abs_l1_arrived}."
    if "abs_l1" in sf.kinds:
        return text + f"; by step {sf.step} this run has not got there."
    return text + "."


def overlap_note(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    """Whether signed and abs L1's curves overlap, read from the run when there is one."""
    if not {"signed_l1", "abs_l1"} <= set(params.kinds):
        return ""
    dataset = getattr(params, "signed_l1_gradient", "batch") == "dataset" and facts.n != facts.batch
    if dataset:
        text = (
            f"Signed L1's steps, x·N, are {num(facts.source_step_ratio)}× abs L1's here, so "
            "their curves part from the first step."
        )
    else:
        text = (
            "While every prediction in a batch is above its target, signed and abs L1 take the "
            "same steps and their curves overlap."
        )
    if not sf.kinds or "signed_l1" not in sf.kinds or dataset:
        return text
    if sf.l1_parted is None:
        return text + f" In this run they overlap up to step {sf.step}."
    if sf.l1_parted == 1:
        return text + " In this run they part at the first step."
    return (
        text + f" In this run they overlap up to step {sf.l1_parted - 1} and part at step "
        f"{sf.l1_parted}."
    )


def band_note(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    low, high = facts.w_median_low, facts.w_median_high
    interval = high - low > 1e-12
    if interval:
        text = (
            f"N is even, so every w from {num(low)} to {num(high)} minimises Σ|ŷ−y|; near it a "
            f"batch can still move w by up to a step (±{num(facts.step_l1)})."
        )
    else:
        text = (
            "Near the optimum a batch can still move w by up to a step "
            f"(±{num(facts.step_l1)}), so abs L1 may hover around it instead of settling."
        )
    if sf.abs_l1_range is None:
        return text
    lo, hi = sf.abs_l1_range
    where = "the interval" if interval else "the optimum"
    beyond = max(low - lo, hi - high)
    tol = 1e-12 * max(1.0, abs(low), abs(high))
    step = sf.abs_l1_step
    text += (
        f" In this run, from its arrival (step {sf.abs_l1_arrived}) to step {sf.step}, w spans "
        f"{num(lo)}…{num(hi)}"
    )
    if beyond <= tol:
        if interval:
            return text + ": it stays inside the interval."
        return text + ": it sits on the optimum." if lo == hi else text + "."
    if interval and lo <= low + tol and hi >= high - tol:
        text += f": the whole interval and up to {num(beyond)} beyond it"
    elif interval:
        text += f": only part of the interval, straying up to {num(beyond)} beyond it"
    else:
        text += f": up to {num(beyond)} from the optimum"
    if step is not None and beyond <= step * (1 + 1e-9):
        extra = ", its step at arrival" if params.decay > 0 else ""
        return text + f"; it stays within one step (±{num(step)}{extra}) of {where}."
    return text + "."
