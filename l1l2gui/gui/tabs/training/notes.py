"""The sentences of the Training tab's explanation, one function per paragraph part.

Each takes the parameters, the closed-form facts and (where it speaks of "this
run") the facts read at the shown step; :mod:`.text` puts them into the template.
"""

from __future__ import annotations

from html import escape

from ....core.descent import TrainingParams
from ....core.descent_facts import DescentFacts, KindAtStep, StepFacts
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


def l2_verdict(params: TrainingParams, facts: DescentFacts) -> str:
    """Where lr₀ sits against L2's bounds, and what that does to the distance per step."""
    lr, bound, fastest = params.lr, facts.l2_lr_bound, facts.l2_lr_fastest
    factor = f"the distance is multiplied by {num(facts.l2_factor)} each step"
    regime = facts.l2_regime
    if regime == "two-cycle":
        return (
            f'<span class="warn">lr₀ = {num(lr)} is exactly the bound: the factor is −1, so L2 '
            "swings between two values forever, neither converging nor diverging.</span>"
        )
    if regime == "grows-then-settles":
        k = facts.l2_settles_from
        return (
            f'<span class="warn">lr₀ = {num(lr)} ≥ {num(bound)}, but lr decays: L2 grows while '
            f"lr<sub>k</sub> is at or above the bound, until step {k}; from step {k} on "
            "it converges.</span>"
        )
    if regime == "diverges":
        return f'<span class="warn">lr₀ = {num(lr)} > {num(bound)}: {factor}; L2 diverges.</span>'
    if regime == "overshoots":
        return (
            f'<span class="ok">lr₀ = {num(lr)} is between {num(fastest)} and {num(bound)}: '
            f"L2 overshoots and oscillates; {factor}.</span>"
        )
    return (
        f'<span class="ok">lr₀ = {num(lr)} ≤ {num(fastest)}: L2 approaches from one side; '
        f"{factor}.</span>"
    )


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


def signed_note(params: TrainingParams, facts: DescentFacts) -> str:
    total = f"Over {plural(params.steps, 'step')} that is {num(facts.signed_l1_total)}"
    end = f"(to w = {num(params.init_w - facts.signed_l1_total)})"
    if getattr(params, "signed_l1_gradient", "batch") == "dataset":
        return (
            f"As published, its gradient sums x over all N = {facts.n} samples, "
            f"x·N = {num(params.x_value * facts.n)}, so each step lowers w by "
            f"{num(facts.signed_step)}: {num(facts.source_step_ratio)}× the batch gradient's "
            f"step. {total} {end}."
        )
    short = " (less on the short last batch)" if facts.last_batch != facts.batch else ""
    return f"Each step lowers w by lr·x·|B| = {num(facts.signed_step)}{short}. {total} {end}."


def arrival_note(facts: DescentFacts, sf: StepFacts, noisy: bool) -> str:
    if facts.steps_to_median is None:
        need = "takes more than 4 million steps"
    else:
        need = f"takes at least {plural(facts.steps_to_median, 'step')}"
        if facts.steps_to_median > sf.steps:
            need += f", more than this run's {sf.steps}"
    median = f'<span class="f">median(y)/x = {num(facts.w_median)}</span>'
    text = f"From w₀ to the median {median} {need}"
    if noisy:
        text += " (a batch with residuals of both signs moves w less, or not at all)"
    if sf.abs_l1_arrived is not None:
        return text + f"; this run arrived at step {sf.abs_l1_arrived}."
    if "abs_l1" in sf.kinds:
        return text + f"; by step {sf.step} this run has not arrived."
    return text + "."


def band_note(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    low, high = facts.w_median_low, facts.w_median_high
    if high - low > 1e-12:
        text = (
            f"N is even, so every w from {num(low)} to {num(high)} minimises Σ|ŷ−y|: near it abs "
            f"L1 wanders that whole flat interval plus about one step (±{num(facts.step_l1)})."
        )
    else:
        text = (
            "Near the optimum abs L1 cannot settle: it hovers within a step "
            f"(±{num(facts.step_l1)})."
        )
    if sf.abs_l1_range is not None:
        lo, hi = sf.abs_l1_range
        text += f" In this run, from its arrival to step {sf.step}, w spans {num(lo)}…{num(hi)}."
    return text


def l2_noise_note(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    if params.noise_sigma <= 0 or facts.batch == facts.n:
        return ""
    text = (
        "With noise each batch has its own optimum: L2 does not settle at the mean but keeps "
        "jumping toward each batch's optimum."
    )
    if sf.l2_range is not None and sf.kinds["l2"].w is not None:
        lo, hi = sf.l2_range
        text += f" Over steps {sf.step // 2}…{sf.step} of this run, w spans {num(lo)}…{num(hi)}."
    return text


def huber_verdict(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
    if params.lr >= facts.huber_lr_bound:
        text = f"Here lr₀ = {num(params.lr)} is not below that bound: inside δ it does not settle."
    elif params.lr >= facts.l2_lr_bound:
        text = f"Here lr₀ = {num(params.lr)} is past L2's bound but below Huber's: Huber converges."
    else:
        text = f"Here lr₀ = {num(params.lr)} is below both bounds."
    if sf.huber_quadratic_share is not None:
        text += (
            f" At step {sf.step}, {num(100 * sf.huber_quadratic_share)} % of the residuals are "
            "within δ (the quadratic zone); the rest pull with a capped gradient."
        )
    return text


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
