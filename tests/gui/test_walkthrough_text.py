"""Every claim of the step-by-step explanation, checked against the computed walkthrough."""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from l1l2gui.core.walkthrough import WalkthroughParams, sign_changes, walkthrough
from l1l2gui.gui.tabs.regularization.walkthrough_text import (
    l2_paragraph,
    method_sentence,
    minimizer_sentence,
    note_paragraph,
    num,
    walkthrough_html,
    walkthrough_readout,
)

NOTE = WalkthroughParams(x=1.0, y=2.0, lam=0.5, alpha=0.1, w0=-0.1, steps=20)
SPARSE = WalkthroughParams(x=1.0, y=0.2, lam=1.0, alpha=0.1, w0=0.5, steps=30)


def plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_num():
    assert num(0.0) == "0" and num(-3.26) == "−3.26" and num(1e-17) == "1e-17"
    assert num(float("inf")) == "∞" and num(float("nan")) == "NaN"


def test_note_mistake_is_said_with_computed_numbers():
    text = plain(note_paragraph(walkthrough(NOTE)))
    assert "mistake in step 2" in text
    assert "At w = 0.37 the MSE gradient is −2·1·(2 − 1·0.37) = −3.26, not 3.4" in text
    assert "full gradient is −2.76 (not 3.9)" in text and "becomes 0.646 (not −0.02)" in text
    assert "minimiser 1.75" in text and "y/x = 2" in text and "λ/(2x²) = 0.25" in text


def test_note_paragraph_other_cases():
    assert "at least 2 steps" in note_paragraph(walkthrough(dataclasses.replace(NOTE, steps=1)))
    assert note_paragraph(walkthrough(SPARSE)) == ""


def test_minimizer_sentences():
    assert "w* = sign(xy)·(|xy| − λ/2)/x² = 1.75" in plain(minimizer_sentence(walkthrough(NOTE)))
    text = plain(minimizer_sentence(walkthrough(SPARSE)))
    assert "exactly 0" in text and "|x·y| = 0.2 ≤ λ/2 = 0.5" in text


def test_sparse_methods():
    walk = walkthrough(SPARSE)
    sub = plain(method_sentence(walk, "subgradient"))
    flips = sign_changes(walk.traces["subgradient"], 10)
    w = walk.traces["subgradient"].w[-11:]
    assert f"changes sign {flips} times, between {num(w.min())} and {num(w.max())}" in sub
    assert "never settles" in sub
    assert "lands exactly on 0 at step 5" in plain(method_sentence(walk, "proximal"))
    assert "lands exactly on 0" in plain(method_sentence(walk, "clip"))
    l2 = plain(method_sentence(walk, "l2"))
    t = walk.traces["l2"]
    assert f"ends at w = {num(t.final)}, {num(abs(t.final - 0.1))} from its minimiser 0.1" in l2


def test_note_methods_and_l2_paragraph():
    walk = walkthrough(NOTE)
    clip = plain(method_sentence(walk, "clip"))
    assert "exactly 0 after 1 of the steps" in clip  # the first step stops at 0, then leaves
    text = plain(l2_paragraph(walk))
    rows = walk.traces["l2"].rows
    assert f"2λw: {num(rows[0, 2])} at the first step, {num(rows[-1, 2])} at the last" in text
    assert "xy/(x² + λ) = 1.333" in text and "none of its 20 iterates is exactly 0" in text
    assert np.all(walk.traces["l2"].w[1:] != 0)


def test_l2_iterates_exactly_zero_when_everything_is_zero():
    walk = walkthrough(WalkthroughParams(y=0.0, w0=0.0, steps=5))
    assert "5 of its 5 iterates are exactly 0" in plain(l2_paragraph(walk))


def test_divergence_sentences():
    walk = walkthrough(WalkthroughParams(x=2.0, y=1.0, lam=1.0, alpha=0.5, steps=500))
    sub = plain(method_sentence(walk, "subgradient"))
    assert "overshoots: α·x² = 2 > 1" in sub
    assert f"w = {num(walk.traces['subgradient'].final)}, farther from the minimiser 0.375" in sub
    assert "α·(x² + λ) = 2.5 > 1" in plain(method_sentence(walk, "l2"))
    huge = walkthrough(WalkthroughParams(x=5.0, y=10.0, alpha=2.0, steps=500))
    assert "w overflows" in plain(method_sentence(huge, "subgradient"))
    assert l2_paragraph(walk) == ""
    assert num(walk.traces["subgradient"].final) in walkthrough_readout(walk)
    # clipping at 0 keeps this one bounded, but it ends farther away than it started
    clip = walk.traces["clip"]
    assert abs(clip.final) < 10 and f"w = {num(clip.final)}" in method_sentence(walk, "clip")


def test_html_and_readout_list_every_method():
    html = walkthrough_html(walkthrough(NOTE))
    for name in ("L1 subgradient", "L1 proximal (ISTA)", "L1 clipped at 0", "L2 gradient"):
        assert name in html
    assert 'href="preset:sparse-example"' in html
    assert "L1 minimiser 1.75, L2 minimiser 1.333" in plain(walkthrough_readout(walkthrough(NOTE)))


def test_no_penalty_says_every_method_is_plain_descent():
    walk = walkthrough(dataclasses.replace(NOTE, lam=0.0))
    for m in ("subgradient", "proximal"):
        assert np.array_equal(walk.traces[m].w, walk.traces["l2"].w)
    text = plain(walkthrough_html(walk))
    assert "no penalty" in text and "w* = y/x = 2" in text
    assert "their iterates are identical" in text
    assert "±λ = ±0" not in text and "slows down near 0" not in text
    # the clipped rule still stops the first step (from −0.1 toward 2) at 0
    assert walk.traces["clip"].rows[0, 4] == 0.0 and "at step 1" in text
    zero = plain(walkthrough_html(walkthrough(dataclasses.replace(NOTE, lam=0.0, y=0.0))))
    assert "weaker than the penalty" not in zero and "w* = y/x = 0" in zero
    assert "clipped method takes the same steps too" in zero


def test_x_zero_edges():
    walk = walkthrough(dataclasses.replace(NOTE, x=0.0))
    assert "does not depend on w: only the penalty acts" in plain(minimizer_sentence(walk))
    flat = walkthrough(dataclasses.replace(NOTE, x=0.0, lam=0.0))
    for t in flat.traces.values():
        assert np.all(t.w == NOTE.w0)
    text = plain(walkthrough_html(flat))
    assert "every w is a minimiser" in text and "stays at w₀ = −0.1" in text
    assert "from its minimiser" not in text


def test_y_zero_is_not_a_contest_of_pulls():
    text = plain(minimizer_sentence(walkthrough(dataclasses.replace(NOTE, y=0.0))))
    assert "y = 0, so the data want w = 0 as well" in text and "weaker" not in text


def test_start_at_zero_with_nothing_pulling():
    walk = walkthrough(WalkthroughParams(y=0.0, w0=0.0, steps=5))
    assert "starts at 0 and never moves" in plain(method_sentence(walk, "proximal"))


def test_step_size_on_the_stability_bound_does_not_settle_and_blames_no_kick():
    walk = walkthrough(dataclasses.replace(NOTE, alpha=1 / 1.5))  # α·(x² + λ) = 1
    t = walk.traces["l2"]
    assert abs(t.final - walk.minimizer_l2) > 0.1  # it swings, it does not settle
    l2 = plain(method_sentence(walk, "l2"))
    assert "stability bound: α·(x² + λ) = 1" in l2 and "kick" not in l2
    assert l2_paragraph(walk) == ""
    bound = walkthrough(dataclasses.replace(NOTE, alpha=1.0))  # α·x² = 1
    sub = plain(method_sentence(bound, "subgradient"))
    assert "stability bound: α·x² = 1" in sub
    last = bound.traces["proximal"]
    assert last.final == 0.0 and "after the last step, 20" in plain(
        method_sentence(bound, "proximal")
    )
