"""The Training tab's explanation, readout and status line, for the step on screen.

Every function takes the run and the shown step: while a run streams or plays,
the words describe what the plot shows, not the end of a run still to come.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from ....core.descent import TrainingParams, TrainingRun, learning_rates
from ....core.descent_facts import (
    DescentFacts,
    KindAtStep,
    StepFacts,
    kind_at_step,
    step_facts,
)
from ....core.losses import LOSS_LABELS
from ...palette import KIND_COLORS
from ...resources import read_text


@lru_cache(maxsize=1)
def _template() -> str:
    return read_text("explanations", "training.html")


def num(x: float) -> str:
    """Short, readable number: 0.04, 1.2e-05, 28880."""
    return f"{x:.4g}"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 step', '2 steps', '3 batches' (``many`` when adding an s is wrong)."""
    return f"{count} {noun}" if count == 1 else f"{count} {many or noun + 's'}"


def display_name(kind: str) -> str:
    """'signed L1', 'abs L1', 'L2', 'Huber': the legend's name without its formula."""
    return LOSS_LABELS[kind].split("  ")[0]


def _name(kind: str) -> str:
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


def _batch_note(params: TrainingParams, facts: DescentFacts) -> str:
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


def _signed_note(params: TrainingParams, facts: DescentFacts) -> str:
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


def _arrival_note(facts: DescentFacts, sf: StepFacts, noisy: bool) -> str:
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


def _band_note(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
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


def _l2_noise_note(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
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


def _huber_verdict(params: TrainingParams, facts: DescentFacts, sf: StepFacts) -> str:
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


def _gradient_note(params: TrainingParams, facts: DescentFacts) -> str:
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


def explanation_html(
    params: TrainingParams,
    facts: DescentFacts,
    run: TrainingRun | None = None,
    step: int | None = None,
) -> str:
    """The explanation panel's HTML for ``params``, describing ``run`` at the shown ``step``.

    ``step`` defaults to the last computed step of ``run``.
    """
    noisy = params.noise_sigma > 0
    if run is not None:
        sf = step_facts(run, facts, run.steps_done if step is None else step)
        if sf.step >= params.steps:
            shown, step_note = "This run, at its end", f"Shown: the end of the run, step {sf.step}."
        else:
            shown = f"This run at step {sf.step}"
            step_note = f"Shown: step {sf.step} of {params.steps}."
    else:
        sf = StepFacts(0, params.steps, 0, {}, None, None, None, None, None)
        shown, step_note = "This run", "The run is being computed."
    decay_note = (
        f"Here lr decays from {num(facts.lr_first)} to {num(facts.lr_last)}, so the band "
        f"narrows from ±{num(facts.step_l1)} to ±{num(facts.step_l1_last)}."
        if params.decay > 0
        else "A smaller lr narrows the band but walks more slowly; a decaying lr does both."
    )
    x = params.x_value
    values = {
        "x": num(x),
        "b": facts.batch,
        "n": facts.n,
        "lr": num(params.lr),
        "batch_note": _batch_note(params, facts),
        "step_note": step_note,
        "shown": shown,
        "signed_note": _signed_note(params, facts),
        "grad_l1": num(x * facts.batch),
        "step_l1": num(facts.step_l1),
        "arrival_note": _arrival_note(facts, sf, noisy),
        "band_note": _band_note(params, facts, sf),
        "overlap_note": (
            f"Signed L1's steps, x·N, are {num(facts.source_step_ratio)}× abs L1's here, so "
            "their curves part from the first step."
            if getattr(params, "signed_l1_gradient", "batch") == "dataset"
            else "While every prediction is above its target, signed and abs L1 take the same "
            "steps and their curves overlap."
        ),
        "decay_note": decay_note,
        "mean": num(facts.w_mean),
        "bound": num(facts.l2_lr_bound),
        "fastest": num(facts.l2_lr_fastest),
        "l2_verdict": l2_verdict(params, facts),
        "l2_noise_note": _l2_noise_note(params, facts, sf),
        "delta": num(params.huber_delta),
        "huber_step": num(facts.lr_first * x * facts.batch * params.huber_delta),
        "huber_factor": num(facts.huber_factor),
        "huber_bound": num(facts.huber_lr_bound),
        "huber_verdict": _huber_verdict(params, facts, sf),
        "gradient_note": _gradient_note(params, facts),
        "signed_l1": _name("signed_l1"),
        "abs_l1": _name("abs_l1"),
        "l2": _name("l2"),
        "huber": _name("huber"),
    }
    for kind in ("signed_l1", "abs_l1", "l2", "huber"):
        values[f"final_{kind}"] = kind_text(sf.kinds.get(kind))
    return _template().format(**values)


def readout_html(run: TrainingRun, step: int, facts: DescentFacts | None = None) -> str:
    """A small table: for the shown step, w and loss of each kind, or where it diverged."""
    params = run.params
    rows = [
        f"<tr><td><b>step {step}</b> of {params.steps}</td>"
        f"<td align='right'><i>w</i></td><td align='right'>loss</td></tr>"
    ]
    for kind in run.traces:
        state = kind_at_step(run, kind, step)
        if state.diverged_at is not None:
            cells = (
                f"<td colspan='2' style='color:#B00020'>diverged at step {state.diverged_at}</td>"
            )
        elif not state.computed:
            cells = "<td colspan='2'>computing…</td>"
        else:
            cells = f"<td align='right'>{num(state.w)}</td><td align='right'>{num(state.loss)}</td>"
        rows.append(f"<tr><td>{_name(kind)}</td>{cells}</tr>")
    if step < params.steps:
        lr_text = f"lr<sub>{step}</sub> = {num(float(learning_rates(params, step + 1)[step]))}"
    else:
        lr_text = "end of run"
    rows.append(f"<tr><td colspan='3' style='color:#555555'>{lr_text}</td></tr>")
    return "<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"


def divergence_summary(run: TrainingRun) -> str:
    """'L2 diverged at step 130' for each diverged kind, or the empty string."""
    return "; ".join(
        f"{display_name(kind)} diverged at step {t.diverged_at}"
        for kind, t in run.traces.items()
        if t.diverged_at is not None
    )


def status_text(run: TrainingRun, step: int) -> str:
    """The status line for the shown step: what is computed, what is shown, what diverged."""
    params = run.params
    if not run.finished:
        text = f"Computing: {run.steps_done} of {plural(params.steps, 'step')}"
        if step < run.steps_done:
            text += f"; showing step {step}"
        return text + "."
    text = f"Computed {plural(params.steps, 'step')}"
    if step < params.steps:
        text += f"; showing step {step}"
    note = divergence_summary(run)
    return text + (f". {note}." if note else ".")
