"""The sentences of the Training tab's explanation, one function per paragraph part.

Each takes the parameters, the closed-form facts and (where it speaks of "this
run") the facts read at the shown step; :mod:`.text` puts them into the template.
"""

from __future__ import annotations

from html import escape

import numpy as np

from ....core.descent import TrainingParams, TrainingRun, learning_rates
from ....core.descent_facts import EXACT, DescentFacts, KindAtStep, StepFacts
from ....core.losses import LOSS_LABELS
from ...palette import KIND_COLORS


def num(x: float) -> str:
    """Short, readable number: 0.04, 1.2e-05, 28880."""
    return f"{x:.4g}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 step', '2 steps', '3 batches' (``many`` when adding an s is wrong)."""
    return f"{count} {noun}" if count == 1 else f"{count} {many or noun + 's'}"


def display_name(kind: str) -> str:
    """'signed L1', 'abs L1', 'L2', 'Huber': the legend's name without its formula."""
    return LOSS_LABELS[kind].split("  ")[0]


def coloured_name(kind: str) -> str:
    """The loss's display name in bold, in its colour."""
    return f'<b style="color:{KIND_COLORS[kind]}">{escape(display_name(kind))}</b>'


def diverged_text(at: int) -> str:
    return f"diverged at step {at} (w or the summed loss stopped being a finite float)"


def kind_text(state: KindAtStep | None) -> str:
    """One kind at the shown step: w, where it diverged, or that it is not trained."""
    if state is None:
        return "not trained"
    if state.diverged_at is not None:
        return diverged_text(state.diverged_at)
    if not state.computed:
        return "not computed yet"
    text = f"w = {num(state.w)}"
    if state.huge:
        text += " — astronomically large, yet still a finite float, so not marked diverged"
    return text


def shown_lr(params: TrainingParams, sf: StepFacts) -> tuple[int, str]:
    """The step whose lr the text quotes besides lr₀: the shown step, else the last one."""
    k = sf.step if sf.kinds and 0 < sf.step < params.steps else params.steps - 1
    label = f"step {k}" if sf.kinds and 0 < sf.step < params.steps else f"the last step, {k}"
    return k, label


def _l2_factor(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    x2 = params.x_value**2
    short = ""
    if facts.last_batch != facts.batch:
        f_short = 1.0 - 2.0 * params.lr * x2 * facts.last_batch
        short = f" ({num(f_short)} on the short last batch)"
    if params.decay == 0 or params.steps == 1:
        return f"the distance is multiplied by {num(facts.l2_factor)} each step{short}"
    k, label = shown_lr(params, sf)
    lr_k = float(learning_rates(params, k + 1)[k])
    return (
        f"at step 0 the distance is multiplied by {num(facts.l2_factor)}{short}; lr decays, so "
        f"the factor changes: {num(1.0 - 2.0 * lr_k * x2 * facts.batch)} at {label}"
    )


def l2_verdict(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    """Where lr₀ sits against L2's bounds, and what that does to the distance per step."""
    lr, bound, fastest = params.lr, facts.l2_lr_bound, facts.l2_lr_fastest
    factor = _l2_factor(params, facts, sf)
    regime = facts.l2_regime
    # with noise and batches smaller than N each batch has its own optimum: "one side" and
    # "overshoots" describe each step against its batch's optimum, not the path around the mean
    exact = params.noise_sigma == 0 or facts.batch == facts.n
    one_side = (
        "approaches from one side"
        if exact
        else "moves toward its batch's optimum without passing it"
    )
    overshoots = "overshoots and oscillates" if exact else "passes its batch's optimum each step"
    if regime == "two-cycle":
        return (
            f'<span class="warn">lr₀ = {num(lr)} is exactly the bound: the factor is −1, so L2 '
            "swings between two values forever, neither converging nor diverging.</span>"
        )
    if regime == "grows-then-settles":
        k = facts.l2_settles_from
        then = "converges" if exact else "shrinks back toward the batch optima"
        return (
            f'<span class="warn">lr₀ = {num(lr)} ≥ {num(bound)}, but lr decays: L2 does not '
            f"converge while lr<sub>k</sub> is at or above the bound, until step {k}; from step "
            f"{k} on it {then}.</span>"
        )
    if regime == "diverges":
        return f'<span class="warn">lr₀ = {num(lr)} > {num(bound)}: {factor}; L2 diverges.</span>'
    lr_all = learning_rates(params, params.steps)
    one_sided = np.flatnonzero(lr_all <= fastest * (1 + EXACT))
    later = ""
    if params.decay > 0 and one_sided.size and one_sided[0] > 0:
        later = f"; from step {int(one_sided[0])} on it {one_side}"
    if regime == "overshoots":
        return (
            f'<span class="ok">lr₀ = {num(lr)} is between {num(fastest)} and {num(bound)}: '
            f"L2 {overshoots}; {factor}{later}.</span>"
        )
    if lr >= fastest * (1 - EXACT):
        lands = (
            "lands on the optimum in one step"
            if exact
            else "lands on its batch's optimum in each step"
        )
        if facts.last_batch != facts.batch:
            lands = "lands on its batch's optimum in each full batch's step"
        text = (
            f'<span class="ok">lr₀ = {num(lr)} = 1/(2x²·|B|) exactly: the factor is 0, so L2 '
            f"{lands}"
        )
        if params.decay > 0 and params.steps > 1:
            text += f". After step 0 lr is smaller: it {one_side}; {factor}"
        return text + ".</span>"
    return f'<span class="ok">lr₀ = {num(lr)} &lt; {num(fastest)}: L2 {one_side}; {factor}.</span>'


def batch_note(params: TrainingParams, facts: DescentFacts) -> str:
    if facts.batch == facts.n:
        return "Every step uses all N samples (|B| = N): the batch and whole-data gradients agree."
    per_epoch = plural(params.batches_per_epoch, "batch", "batches")
    if facts.last_batch != facts.batch:
        return (
            f"N = {facts.n} is not a multiple of |B| = {facts.batch}: each epoch has "
            f"{per_epoch} and ends with a short batch of {plural(facts.last_batch, 'sample')}, "
            "whose step is smaller, so the step is not constant."
        )
    return f"Each epoch has {per_epoch}."


def l2_noise_note(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    if params.noise_sigma <= 0 or facts.batch == facts.n:
        return ""
    if facts.l2_regime in ("diverges", "two-cycle"):
        return ""
    lo_o, hi_o = facts.batch_optima
    text = (
        "With noise each batch has its own optimum (here every batch's optimum lies between "
        f"{num(lo_o)} and {num(hi_o)}), so L2 does not settle at the mean."
    )
    state = sf.kinds.get("l2")
    if sf.l2_range is None or state is None or state.w is None:
        return text
    lo, hi = sf.l2_range
    if sf.l2_near is None:
        start = facts.l2_settles_from or 0
        if sf.step < start:
            return text
        return text + (
            f" By step {sf.step} it has not yet reached the mean {num(facts.w_mean)}: it is "
            f"still approaching (over steps {sf.step // 2}…{sf.step} w spans "
            f"{num(lo)}…{num(hi)})."
        )
    first = max(sf.l2_near, sf.step // 2)
    k, _ = shown_lr(params, sf)
    lr_k = float(learning_rates(params, k + 1)[k])
    over = " and past" if lr_k > facts.l2_lr_fastest * (1 + EXACT) else ""
    return text + (
        f" By step {sf.l2_near} it has crossed the mean and lies among the batch optima; from "
        f"there it keeps jumping toward{over} each batch's optimum. Over steps {first}…"
        f"{sf.step} of this run, w spans {num(lo)}…{num(hi)}."
    )


def huber_verdict(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    if params.lr >= facts.huber_lr_bound:
        below = np.flatnonzero(learning_rates(params, params.steps) < facts.huber_lr_bound)
        if params.decay > 0 and below.size:
            text = (
                f"Here lr₀ = {num(params.lr)} is not below that bound, but lr decays: inside δ it "
                f"does not settle until step {int(below[0])}, where lr<sub>k</sub> falls below it."
            )
        else:
            text = (
                f"Here lr₀ = {num(params.lr)} is not below that bound: inside δ it does not settle."
            )
    elif params.lr >= facts.l2_lr_bound:
        text = (
            f"Here lr₀ = {num(params.lr)} is past L2's bound but below Huber's: inside δ its "
            f"factor, {num(facts.huber_factor)}, lies between −1 and 1, so Huber does not run away."
        )
    else:
        text = f"Here lr₀ = {num(params.lr)} is below both bounds."
    if sf.huber_quadratic_share is not None:
        text += (
            f" At step {sf.step}, {num(100 * sf.huber_quadratic_share)} % of the residuals are "
            "within δ (the quadratic zone); the rest pull with a capped gradient."
        )
    return text


def log_axis_note(run: TrainingRun, step: int) -> str:
    """For a log loss axis: which losses up to ``step`` are ≤ 0 and so are not drawn."""
    parts = []
    for kind, trace in run.traces.items():
        loss = trace.loss[: step + 1]
        negative = np.flatnonzero(loss < 0)
        zero = np.flatnonzero(loss == 0)
        if negative.size:  # Σ(ŷ−y) falls with w: once negative, it stays negative
            parts.append(f"{display_name(kind)} from step {int(negative[0])} (< 0)")
        elif zero.size:
            parts.append(f"{display_name(kind)} at step {int(zero[0])} (= 0)")
    return "not on the log axis: " + "; ".join(parts) if parts else ""


def gradient_note(params: TrainingParams, facts: DescentFacts) -> str:
    if getattr(params, "signed_l1_gradient", "batch") == "dataset":
        return (
            f"This run reproduces the published code: signed L1's gradient is x summed over the "
            f"whole data set (x·N = {num(params.x_value * facts.n)}) at every step, "
            f"{num(facts.source_step_ratio)}× its batch's x·|B|, so its line falls "
            f"{num(facts.source_step_ratio)}× too fast. Choose 'batch' for the correct gradient."
        )
    if facts.batch == facts.n:
        return (
            "Every step here uses the gradient of the whole data set (|B| = N), which is also what "
            "the original experiment's code used for its L1 gradient."
        )
    return (
        "Every step here uses the gradient of its own batch. The original experiment's code used "
        '<span class="f">Σx</span> over the whole data set in its L1 gradient, a step '
        f"N/|B| = {num(facts.source_step_ratio)}× too large for a batch of {facts.batch} out of "
        f"N = {facts.n} (choose 'dataset' to see it)."
    )
