"""Every sentence of the verdict over many seeds, in each of its branches: a clear winner
that the shown seed agrees or disagrees with, no winner, ties, a diverged median, and R = 1;
and the seeds view's strip labels."""

from __future__ import annotations

import re

import numpy as np
import pytest

from l1l2gui.core.descent import TrainingParams
from l1l2gui.core.descent_seeds import SeedsResult, seeds_verdict
from l1l2gui.gui.tabs.training.seeds_text import percent, progress_text, verdict_html
from l1l2gui.gui.tabs.training.seeds_view import SeedsView


def _result(final: dict[str, list[float]], first: int = 0, done: int | None = None):
    params = TrainingParams(true_w=1.0, kinds=tuple(final), epochs=1, seed=first)
    n = len(next(iter(final.values())))
    return SeedsResult(
        params,
        first + np.arange(n),
        {k: np.array(v, dtype=float) for k, v in final.items()},
        params.steps if done is None else done,
    )


def _text(final: dict[str, list[float]], first: int = 0) -> str:
    """The verdict as plain text (tags removed)."""
    return re.sub(r"<[^>]+>", "", verdict_html(seeds_verdict(_result(final, first))))


def test_a_winner_the_shown_seed_disagrees_with_and_a_tie():
    # errors: abs L1 0.1, 1, 2, 0.5, 0.2; L2 0.3, 0.2, 0.1, 0.1, 0.2 (seed 4: a tie)
    text = _text({"abs_l1": [1.1, 2.0, 3.0, 1.5, 1.2], "l2": [1.3, 1.2, 0.9, 1.1, 0.8]}, 40)
    assert text == (
        "Over 5 seeds (40 … 44), L2 ends closest to the true w most often: L2 in 60 %, "
        "abs L1 in 20 % of the seeds; in 20 % no loss is strictly closest (a tie). "
        "Median |w − true w| at the end: L2 0.2, abs L1 0.5. "
        "The single-seed picture disagrees: in seed 40, the run on screen, abs L1 ends "
        "closest; over the seeds L2 does more often."
    )


def test_a_winner_the_shown_seed_agrees_with():
    # errors: abs L1 0.1, 0.3, 0.2; L2 0.5, 0.4, 0.5
    text = _text({"abs_l1": [1.1, 1.3, 0.8], "l2": [1.5, 1.4, 0.5]})
    assert text == (
        "Over 3 seeds (0 … 2), abs L1 ends closest to the true w most often: abs L1 in 100 %, "
        "L2 in 0 % of the seeds. Median |w − true w| at the end: abs L1 0.2, L2 0.5. "
        "The run on screen (seed 0) agrees: abs L1 ends closest there too."
    )
    assert "disagrees" not in text and "tie" not in text


def test_no_winner_but_the_shown_seed_has_one():
    text = _text({"abs_l1": [1.0, 1.5], "l2": [1.2, 1.1]})  # one seed each
    assert text.startswith(
        "Over 2 seeds (0 … 1), no loss ends closest most often: abs L1 in 50 %, L2 in 50 % "
        "of the seeds. "
    )
    assert text.endswith(
        "In seed 0, the run on screen, abs L1 ends closest; over the seeds no loss does so "
        "most often."
    )


def test_a_tie_in_the_shown_seed_and_a_median_that_diverged():
    # signed and abs L1 end at the same w in both seeds; L2 diverged in seed 0
    text = _text({"signed_l1": [3.0, 3.0], "abs_l1": [3.0, 3.0], "l2": [np.nan, 2.0]})
    assert text.startswith(
        "Over 2 seeds (0 … 1), L2 ends closest to the true w most often: L2 in 50 %, "
        "signed L1 in 0 %, abs L1 in 0 % of the seeds; in 50 % no loss is strictly closest "
        "(a tie). "
    )
    assert "Median |w − true w| at the end: signed L1 2, abs L1 2, " in text
    assert "L2 none (diverged in half the seeds or more)." in text
    assert text.endswith("In seed 0, the run on screen, no loss ends strictly closest.")


def test_every_seed_a_tie():
    text = _text({"signed_l1": [3.0, 2.0], "abs_l1": [3.0, 2.0]})
    assert text.startswith(
        "Over 2 seeds (0 … 1), no loss ends closest most often: signed L1 in 0 %, abs L1 in "
        "0 % of the seeds; in 100 % no loss is strictly closest (a tie)."
    )
    assert text.endswith("In seed 0, the run on screen, no loss ends strictly closest.")


def test_one_seed_is_the_run_on_screen():
    text = _text({"abs_l1": [1.1], "l2": [1.3]}, first=7)
    assert text == (
        "With 1 seed (7), abs L1 ends closest to the true w. "
        "|w − true w| at the end: abs L1 0.1, L2 0.3. "
        "With one seed this is the run on screen itself: repeat over more seeds to judge "
        "the losses beyond one draw of the noise."
    )
    tie = _text({"abs_l1": [1.2], "l2": [0.8]})  # both 0.2 away
    assert tie.startswith(
        "With 1 seed (0), no loss ends strictly closest to the true w (a tie, or every run "
        "diverged). "
    )
    assert "most often" not in tie and "agrees" not in tie


@pytest.mark.parametrize(
    ("fraction", "text"), [(0.645, "64.5 %"), (1 / 3, "33.3 %"), (1.0, "100 %"), (0.0, "0 %")]
)
def test_percent(fraction, text):
    assert percent(fraction) == text


def test_progress_text():
    result = _result({"l2": [1.0, 1.0, 1.0]}, done=4)
    assert progress_text(result) == "Repeating over 3 seeds: step 4 of 10"


def test_the_strips_name_each_loss_its_share_and_its_diverged_seeds(qtbot):
    view = SeedsView()
    qtbot.addWidget(view)
    result = _result({"abs_l1": [1.1, 1.3, 0.8], "l2": [np.nan, 1.4, 1.0]})
    view.show_result(result, seeds_verdict(result))
    ticks = [label for _, label in view.plot.getAxis("bottom")._tickLevels[0]]
    assert ticks == ["abs L1\nclosest 66.7 %", "L2\nclosest 33.3 %\n1 diverged"]
    x, y = view.dots["l2"].getOriginalDataset()
    assert len(x) == 2 and np.allclose(y, [0.4, 1e-15])  # an exact hit is drawn at the floor
    assert view.status.text() == "Done: the run repeated for 3 seeds."
    assert view.verdict.text().endswith("Bars: medians.")
    view.show_off()
    assert view.dots["l2"].getOriginalDataset()[0] is None or not len(
        view.dots["l2"].getOriginalDataset()[0]
    )
