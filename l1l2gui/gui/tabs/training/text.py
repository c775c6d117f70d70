"""The Training tab's explanation and readout, with the current numbers filled in."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from ....core.descent import TrainingParams, TrainingRun
from ....core.descent_facts import DescentFacts
from ....core.losses import LOSS_LABELS
from ...palette import KIND_COLORS
from ...resources import read_text


@lru_cache(maxsize=1)
def _template() -> str:
    return read_text("explanations", "training.html")


def num(x: float) -> str:
    """Short, readable number: 0.04, 1.2e-05, 28880."""
    return f"{x:.4g}"


def _name(kind: str) -> str:
    color = KIND_COLORS[kind]
    return f'<b style="color:{color}">{escape(LOSS_LABELS[kind].split("  ")[0])}</b>'


def l2_verdict(params: TrainingParams, facts: DescentFacts) -> str:
    """Where lr₀ sits against L2's bounds, and what that does to the distance per step."""
    lr, bound, fastest = params.lr, facts.l2_lr_bound, facts.l2_lr_fastest
    factor = f"the distance is multiplied by {num(facts.l2_factor)} each step"
    if lr >= bound:
        return f'<span class="warn">lr₀ = {num(lr)} ≥ {num(bound)}: {factor}; L2 diverges.</span>'
    if lr > fastest:
        return (
            f'<span class="ok">lr₀ = {num(lr)} is between {num(fastest)} and {num(bound)}: '
            f"L2 overshoots and oscillates; {factor}.</span>"
        )
    return (
        f'<span class="ok">lr₀ = {num(lr)} ≤ {num(fastest)}: L2 approaches from one side; '
        f"{factor}.</span>"
    )


def explanation_html(params: TrainingParams, facts: DescentFacts, run: TrainingRun | None) -> str:
    """The explanation panel's HTML for ``params`` (and the run, once there is one)."""
    x, b = params.x_value, facts.batch
    final = {}
    if run is not None:
        for kind, trace in run.traces.items():
            final[kind] = (
                f"diverged at step {trace.diverged_at}"
                if trace.diverged_at is not None
                else f"w = {num(trace.w[-1])} after step {trace.w.size - 1}"
            )
    decay_note = (
        f"Here lr decays from {num(facts.lr_first)} to {num(facts.lr_last)}, so the band "
        f"narrows from ±{num(facts.step_l1)} to ±{num(facts.step_l1_last)}."
        if params.decay > 0
        else "A smaller lr narrows the band but walks more slowly; a decaying lr does both."
    )
    optima_note = (
        f" (every w from {num(facts.w_median_low)} to {num(facts.w_median_high)} minimises "
        "Σ|ŷ−y|: N is even, so the median is an interval)"
        if facts.w_median_high - facts.w_median_low > 1e-12
        else ""
    )
    values = {
        "optima_note": optima_note,
        "x": num(x),
        "b": b,
        "n": params.n_samples,
        "lr": num(params.lr),
        "grad_l1": num(x * b),
        "step_l1": num(facts.step_l1),
        "signed_total": num(facts.signed_l1_total),
        "signed_end": num(params.init_w - facts.signed_l1_total),
        "steps": params.steps,
        "init_w": num(params.init_w),
        "median": num(facts.w_median),
        "mean": num(facts.w_mean),
        "steps_to_median": facts.steps_to_median,
        "decay_note": decay_note,
        "bound": num(facts.l2_lr_bound),
        "fastest": num(facts.l2_lr_fastest),
        "l2_verdict": l2_verdict(params, facts),
        "delta": num(params.huber_delta),
        "huber_step": num(facts.lr_first * x * b * params.huber_delta),
        "ratio": num(facts.source_step_ratio),
        "signed_l1": _name("signed_l1"),
        "abs_l1": _name("abs_l1"),
        "l2": _name("l2"),
        "huber": _name("huber"),
        "final_signed_l1": final.get("signed_l1", "not trained"),
        "final_abs_l1": final.get("abs_l1", "not trained"),
        "final_l2": final.get("l2", "not trained"),
        "final_huber": final.get("huber", "not trained"),
    }
    return _template().format(**values)


def readout_html(run: TrainingRun, step: int) -> str:
    """A small table: for the shown step, w and loss of each kind, or where it diverged."""
    rows = [
        f"<tr><td><b>step {step}</b> of {run.params.steps}</td>"
        f"<td align='right'><i>w</i></td><td align='right'>loss</td></tr>"
    ]
    for kind, trace in run.traces.items():
        if trace.diverged_at is not None and step >= trace.diverged_at:
            cells = (
                f"<td colspan='2' style='color:#B00020'>diverged at step {trace.diverged_at}</td>"
            )
        elif step < trace.w.size:
            cells = f"<td align='right'>{num(trace.w[step])}</td>"
            cells += f"<td align='right'>{num(trace.loss[step])}</td>"
        else:
            cells = "<td colspan='2'>computing…</td>"
        rows.append(f"<tr><td>{_name(kind)}</td>{cells}</tr>")
    lr = run.lr[step] if step < run.lr.size else None
    lr_text = f"lr<sub>{step}</sub> = {num(lr)}" if lr is not None else "end of run"
    rows.append(f"<tr><td colspan='3' style='color:#8a5a00'>{lr_text}</td></tr>")
    return "<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"


def divergence_summary(run: TrainingRun) -> str:
    """'l2 diverged at step 130' for each diverged kind, or the empty string."""
    return "; ".join(
        f"{kind} diverged at step {t.diverged_at}"
        for kind, t in run.traces.items()
        if t.diverged_at is not None
    )
