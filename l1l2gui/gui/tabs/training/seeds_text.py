"""The verdict over many seeds, in words: which loss ends closest, how often, how far.

Every number comes from :class:`~l1l2gui.core.descent_seeds.SeedsVerdict`; the last
sentence says whether the one seed of the run on screen tells the same story.
"""

from __future__ import annotations

import math

from ....core.descent_seeds import SeedsResult, SeedsVerdict
from .notes import coloured_name, display_name, num, plural


def percent(fraction: float) -> str:
    """0.645 → '64.5 %', 1.0 → '100 %'."""
    return f"{100 * fraction:.3g} %"


def verdict_html(verdict: SeedsVerdict) -> str:
    """The verdict paragraph: closest fractions, median errors, the shown seed's picture."""
    count, first = verdict.count, verdict.first_seed
    span = f"{first}" if count == 1 else f"{first} … {first + count - 1}"
    seeds = f"{plural(count, 'seed')} ({span})"
    kinds = sorted(verdict.closest_fraction, key=lambda k: -verdict.closest_fraction[k])
    shares = ", ".join(
        f"{coloured_name(k)} in {percent(verdict.closest_fraction[k])}" for k in kinds
    )
    if count == 1:
        closest = verdict.single_best
        head = f"With {seeds}, " + (
            f"{coloured_name(closest)} ends closest to the true w"
            if closest is not None
            else "no loss ends strictly closest to the true w (a tie, or every run diverged)"
        )
    elif verdict.best is not None:
        head = (
            f"Over {seeds}, {coloured_name(verdict.best)} ends closest to the true w most "
            f"often: {shares} of the seeds"
        )
    else:
        head = f"Over {seeds}, no loss ends closest most often: {shares} of the seeds"
    if verdict.tie_fraction > 0 and count > 1:
        head += f"; in {percent(verdict.tie_fraction)} no loss is strictly closest (a tie)"
    medians = ", ".join(
        f"{coloured_name(k)} {_median(verdict.median_abs_error[k])}"
        for k in sorted(verdict.median_abs_error, key=verdict.median_abs_error.get)
    )
    label = "|w − true w| at the end" if count == 1 else "Median |w − true w| at the end"
    parts = [head + ".", f"{label}: {medians}."]
    if count == 1:
        parts.append(
            "With one seed this is the run on screen itself: repeat over more seeds to "
            "judge the losses beyond one draw of the noise."
        )
    elif verdict.single_best is None:
        parts.append(f"In seed {first}, the run on screen, no loss ends strictly closest.")
    elif verdict.disagrees:
        parts.append(
            f"<b>The single-seed picture disagrees:</b> in seed {first}, the run on screen, "
            f"{display_name(verdict.single_best)} ends closest; over the seeds "
            f"{display_name(verdict.best)} does more often."
        )
    elif verdict.best is not None:
        parts.append(
            f"The run on screen (seed {first}) agrees: {display_name(verdict.single_best)} "
            "ends closest there too."
        )
    else:
        parts.append(
            f"In seed {first}, the run on screen, {display_name(verdict.single_best)} ends "
            "closest; over the seeds no loss does so most often."
        )
    return " ".join(parts)


def _median(value: float) -> str:
    """A median error, or why there is none (a run that diverged has no final w)."""
    return num(value) if math.isfinite(value) else "none (diverged in half the seeds or more)"


def progress_text(result: SeedsResult) -> str:
    """'Repeating over 200 seeds: step 41,000 of 100,000'."""
    return (
        f"Repeating over {plural(int(result.seeds.size), 'seed')}: step "
        f"{result.steps_done:,} of {result.params.steps:,}"
    )
