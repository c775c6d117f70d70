"""The Training tab's explanation, readout and status line, for the step on screen.

Every function takes the run and the shown step: while a run streams or plays,
the words describe what the plot shows, not the end of a run still to come.
"""

from __future__ import annotations

from functools import lru_cache

from ....core.descent import TrainingParams, TrainingRun, learning_rates
from ....core.descent_facts import (
    DescentFacts,
    RunMarks,
    StepFacts,
    kind_at_step,
    step_facts,
)
from ...resources import read_text
from .l1_notes import abs_move, arrival_note, band_note, overlap_note, signed_note
from .notes import (
    batch_note,
    coloured_name,
    display_name,
    gradient_note,
    huber_verdict,
    kind_text,
    l2_noise_note,
    l2_verdict,
    num,
    plural,
)


@lru_cache(maxsize=1)
def _template() -> str:
    return read_text("explanations", "training.html")


def explanation_html(
    params: TrainingParams,
    facts: DescentFacts,
    run: TrainingRun | None = None,
    step: int | None = None,
    live: str | None = None,
    marks: RunMarks | None = None,
) -> str:
    """The explanation panel's HTML for ``params``, describing ``run`` at the shown ``step``.

    ``step`` defaults to the last computed step of ``run``. With ``live`` ("playing" or
    "computing") the text speaks of no step: the shown step changes every frame and the
    readout under the plot follows it (rebuilding this text per frame would cost frames).
    """
    if live is not None:
        sf = StepFacts(0, params.steps, 0, {}, None, None, None, None, None)
        shown = "This run"
        step_note = (
            "Playing: the readout under the plot follows each step; this text describes the "
            "step where you pause."
            if live == "playing"
            else f"Computing {plural(params.steps, 'step')}: the readout under the plot follows "
            "them; this text describes the run when it is computed."
        )
    elif run is not None:
        sf = step_facts(run, facts, run.steps_done if step is None else step, marks)
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
        "batch_note": batch_note(params, facts),
        "step_note": step_note,
        "shown": shown,
        "signed_note": signed_note(params, facts, sf),
        "grad_l1": num(x * facts.batch),
        "abs_move": abs_move(params, facts, sf),
        "arrival_note": arrival_note(params, facts, sf),
        "band_note": band_note(params, facts, sf),
        "overlap_note": overlap_note(params, facts, sf),
        "decay_note": decay_note,
        "mean": num(facts.w_mean),
        "bound": num(facts.l2_lr_bound),
        "fastest": num(facts.l2_lr_fastest),
        "l2_verdict": l2_verdict(params, facts, sf),
        "l2_noise_note": l2_noise_note(params, facts, sf),
        "delta": num(params.huber_delta),
        "huber_step": num(facts.lr_first * x * facts.batch * params.huber_delta),
        "huber_factor": num(facts.huber_factor) + (" at lr₀" if params.decay > 0 else ""),
        "huber_bound": num(facts.huber_lr_bound),
        "huber_verdict": huber_verdict(params, facts, sf),
        "gradient_note": gradient_note(params, facts),
        "signed_l1": coloured_name("signed_l1"),
        "abs_l1": coloured_name("abs_l1"),
        "l2": coloured_name("l2"),
        "huber": coloured_name("huber"),
    }
    for kind in ("signed_l1", "abs_l1", "l2", "huber"):
        if live is not None and kind in params.kinds:
            values[f"final_{kind}"] = "see the readout under the plot"
        else:
            values[f"final_{kind}"] = kind_text(sf.kinds.get(kind))
    return _template().format(**values)


# the loss column keeps clear of the w column: "1 3.55e-29" must not read as one number
_PAD = "<td align='right' style='padding-left:14px'>"


def readout_html(run: TrainingRun, step: int, facts: DescentFacts | None = None) -> str:
    """A small table: for the shown step, w and loss of each kind, or where it diverged."""
    params = run.params
    rows = [
        f"<tr><td><b>step {step}</b> of {params.steps}</td>"
        f"<td align='right'><i>w</i></td>{_PAD}loss</td></tr>"
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
            cells = f"<td align='right'>{num(state.w)}</td>{_PAD}{num(state.loss)}</td>"
        rows.append(f"<tr><td>{coloured_name(kind)}</td>{cells}</tr>")
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


def status_text(run: TrainingRun, step: int, live: str | None = None) -> str:
    """The status line for the shown step: what is computed, what is shown, what diverged.

    With ``live`` "playing" the shown step changes every frame and the status line is not
    rewritten per frame, so it names no step (the readout under the plot follows it).
    """
    params = run.params
    if not run.finished:
        return f"Computing {plural(params.steps, 'step')}…"
    text = f"Computed {plural(params.steps, 'step')}"
    if live == "playing":
        text += "; playing (the readout under the plot shows the step)"
    elif step < params.steps:
        text += f"; showing step {step}"
    note = divergence_summary(run)
    return text + (f". {note}." if note else ".")
