"""Facts about the λ paths that the Regularization tab's explanation states.

Computed from the exact paths of :mod:`l1l2gui.core.regularization`, so each
sentence the tab shows about "this" picture is true of it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .regularization import Geometry


@dataclass(frozen=True)
class PathFacts:
    """Where the lasso path meets an axis and 0, and where the ridge path crosses an axis."""

    l1_axis_lam: float | None  # λ where the lasso path first has one weight exactly 0
    l1_axis: int | None  # which weight (0: w1, 1: w2) is 0 from there on, if one
    l1_stays: bool  # from there to λ₀ the path keeps a weight exactly 0
    l1_zero_lam: float  # λ₀ = 2‖Ac‖∞: from here on w = 0
    ridge_crossings: tuple[tuple[float, int], ...]  # (λ > 0, weight) where w(λ) crosses 0
    ridge_zero: tuple[int, ...] = ()  # weights exactly 0 all along the ridge path


def ridge_crossings(c: np.ndarray, A: np.ndarray) -> tuple[tuple[float, int], ...]:
    """Every λ > 0 where a weight of ``(A + λI)⁻¹Ac`` is 0 (it passes through, not stays).

    With b = Ac, ``w1 ∝ (a22 + λ)b1 − a12·b2`` and ``w2 ∝ (a11 + λ)b2 − a12·b1``.
    """
    b = A @ c
    out = []
    for i, j in ((0, 1), (1, 0)):
        if b[i] != 0.0:
            lam = A[0, 1] * b[j] / b[i] - A[j, j]
            if lam > 0:
                out.append((float(lam), i))
    return tuple(sorted(out))


def path_facts(geo: Geometry) -> PathFacts:
    """The :class:`PathFacts` of ``geo``'s exact lasso path (every kink is on its λ grid)."""
    lam, w = geo.path_l1_lam, geo.path_l1
    zero_lam = float(lam[-1])
    crossings = ridge_crossings(geo.params.center, geo.A)
    # (A + λI)⁻¹Ac keeps wᵢ ≡ 0 only if cᵢ = 0 and A is aligned with the axes (a12 = 0)
    ridge_zero = tuple(int(i) for i in range(2) if np.all(geo.path_l2[:, i] == 0.0))
    nonzero = np.any(w != 0.0, axis=1)
    on_axis = np.any(w == 0.0, axis=1) & nonzero
    if not on_axis.any():
        # both weights reach 0 together: the path never runs along an axis
        return PathFacts(None, None, False, zero_lam, crossings, ridge_zero)
    first = int(np.argmax(on_axis))
    axis = int(np.flatnonzero(w[first] == 0.0)[0])
    # the kink is on the grid: at the point before, the weight may be 0 up to rounding
    scale = float(np.max(np.abs(geo.params.center)))
    at = first - 1 if first > 0 and abs(w[first - 1, axis]) <= 1e-12 * scale else first
    stays = bool(np.all(w[first:, axis] == 0.0))
    return PathFacts(float(lam[at]), axis, stays, zero_lam, crossings, ridge_zero)
