"""The weight-plane picture: exact optima, penalties, paths, contours, and what they show.

Built from the solvers of :mod:`l1l2gui.core.regularization`; the facts (where
the lasso path meets an axis, where the ridge path crosses one) are what the tab's
explanation states, so each sentence about "this" picture is true of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .regularization import (
    RegularizationParams,
    l1_ball_optimum,
    l1_path,
    l1_penalty_for,
    l2_ball_optimum,
    loss,
    quadratic_matrix,
    ridge_path,
    validate_regularization,
)


def ellipse(c: np.ndarray, axis_ratio: float, angle_deg: float, level: float, n: int = 181):
    """Points of the contour ``L(w) = level``: ``w = c + R(θ)·(√k cos φ, √k sin φ / r)``."""
    phi = np.linspace(0.0, 2 * math.pi, n)
    k = math.sqrt(max(level, 0.0))
    th = math.radians(angle_deg)
    u1, u2 = k * np.cos(phi), k * np.sin(phi) / axis_ratio
    cos, sin = math.cos(th), math.sin(th)
    return np.stack([c[0] + cos * u1 - sin * u2, c[1] + sin * u1 + cos * u2], -1)


@dataclass(frozen=True)
class Geometry:
    """Everything the weight-plane view draws for one set of parameters."""

    params: RegularizationParams
    A: np.ndarray
    l1: np.ndarray  # exact optimum on the diamond
    l2: np.ndarray  # exact optimum on the circle
    lam_l1: float  # the lasso penalty λ that gives ``l1``
    lam_l2: float  # the ridge penalty λ that gives ``l2``
    loss_l1: float
    loss_l2: float
    l1_where: str  # "inside", "vertex" or "edge"
    l2_inside: bool
    path_l1_lam: np.ndarray
    path_l1: np.ndarray  # (M, 2)
    path_l2_lam: np.ndarray
    path_l2: np.ndarray
    contour_l1: np.ndarray  # the contour through the L1 optimum, touching the diamond
    contour_l2: np.ndarray
    background: tuple[np.ndarray, ...]  # a few more contours, for the shape


def where_on_diamond(w: np.ndarray, c: np.ndarray) -> str:
    """'inside' if the solution is c itself, 'vertex' if a coordinate is exactly 0, else 'edge'."""
    if np.array_equal(w, c):
        return "inside"
    return "vertex" if np.any(w == 0.0) else "edge"


def geometry(params: RegularizationParams) -> Geometry:
    """Exact optima, matching penalties, paths and contours for ``params``.

    Raises ``ValueError`` naming the parameter that is out of range.
    """
    validate_regularization(params)
    c, t = params.center, params.radius
    A = quadratic_matrix(params.axis_ratio, params.angle_deg)
    l1 = l1_ball_optimum(c[None], A[None], t)[0]
    l2, lam2 = l2_ball_optimum(c[None], A[None], t)
    l2 = l2[0]
    lam1 = float(l1_penalty_for(l1[None], c[None], A[None])[0])
    loss1, loss2 = float(loss(l1, c, A)), float(loss(l2, c, A))
    p1_lam, p1 = l1_path(c, A)
    p2_lam, p2 = ridge_path(c, A)
    # grey contours spaced evenly in "distance" √L, out to beyond the origin
    far = math.sqrt(max(float(loss(np.zeros(2), c, A)), loss1, loss2, 1e-12))
    levels = (far * np.arange(1, 9) / 6.0) ** 2
    r, th = params.axis_ratio, params.angle_deg
    return Geometry(
        params=params,
        A=A,
        l1=l1,
        l2=l2,
        lam_l1=lam1,
        lam_l2=float(lam2[0]),
        loss_l1=loss1,
        loss_l2=loss2,
        l1_where=where_on_diamond(l1, c),
        l2_inside=bool(np.array_equal(l2, c)),
        path_l1_lam=p1_lam,
        path_l1=p1,
        path_l2_lam=p2_lam,
        path_l2=p2,
        contour_l1=ellipse(c, r, th, loss1),
        contour_l2=ellipse(c, r, th, loss2),
        background=tuple(ellipse(c, r, th, k) for k in levels),
    )


# ----------------------------------------------------------------- path facts
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
