"""Exact L1 and L2 constrained optima of a 2-D quadratic loss, their penalties and paths.

The loss is ``L(w) = (w − c)ᵀ A (w − c)`` with ``A = R(θ)·diag(1, r²)·R(θ)ᵀ``: elliptic
contours around the unconstrained optimum c, semi-axes in the ratio r : 1.

- Constrained: minimise L over the L1 ball ``|w1| + |w2| ≤ t`` (the diamond) or the
  L2 ball ``‖w‖ ≤ t`` (the circle). The diamond is solved on its four edges, each
  clipped to its ends, so a vertex comes out with an exactly zero coordinate; the
  circle by eigen-decomposition and Newton's method on the secular equation.
- Penalized: minimise ``L(w) + λ‖w‖₁`` (lasso) or ``L(w) + λ‖w‖²`` (ridge). The λ that
  gives the constrained solution follows from the optimality (KKT) conditions.

Every solver is vectorized over many problems: arrays of shape (N, 2) and (N, 2, 2).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .coef_paths import PATHS_FIELDS, PathsParams
from .fields import Field, validate
from .walkthrough import WALKTHROUGH_FIELDS, WalkthroughParams

MAX_TRIALS = 100_000


@dataclass(frozen=True)
class RegularizationParams:
    """The loss's optimum and shape, the ball's size, and the Monte Carlo's settings."""

    center_w1: float = 1.5
    center_w2: float = 0.8
    axis_ratio: float = 0.5
    angle_deg: float = 30.0
    radius: float = 1.0
    trials: int = 10_000
    seed: int = 0
    tolerance: float = 0.01
    # view 3, one weight step by step (defaults: the note's numbers)
    x: float = 1.0
    y: float = 2.0
    lam: float = 0.5
    alpha: float = 0.1
    w0: float = -0.1
    steps: int = 20
    # view 4, coefficient paths on the diabetes data
    path_alpha: float = 1.0
    cv_folds: int = 5
    cv_seed: int = 0

    @property
    def center(self) -> np.ndarray:
        return np.array([self.center_w1, self.center_w2])

    @property
    def walkthrough(self) -> WalkthroughParams:
        return WalkthroughParams(**{f.name: getattr(self, f.name) for f in WALKTHROUGH_FIELDS})

    @property
    def paths(self) -> PathsParams:
        return PathsParams(**{f.name: getattr(self, f.name) for f in PATHS_FIELDS})


REGULARIZATION_FIELDS: tuple[Field, ...] = (
    Field("center_w1", "optimum c₁", float, -5.0, 5.0, help="unconstrained optimum, w1"),
    Field("center_w2", "optimum c₂", float, -5.0, 5.0, help="unconstrained optimum, w2"),
    Field(
        "axis_ratio",
        "axis ratio r",
        float,
        0.05,
        20.0,
        log_scale=True,
        help="curvature along the second axis is r² times the first (1 = circles)",
    ),
    Field("angle_deg", "angle θ (°)", float, -180.0, 180.0, help="rotation of the contours"),
    Field("radius", "ball size t", float, 0.05, 5.0, help="|w1|+|w2| ≤ t and ‖w‖ ≤ t"),
    Field("trials", "trials", int, 100, MAX_TRIALS, help="Monte Carlo problems per family"),
    Field("seed", "seed", int, 0, 2**31 - 1, help="seed of the Monte Carlo draws"),
    Field(
        "tolerance",
        "near-zero tolerance",
        float,
        1e-12,
        0.5,
        log_scale=True,
        help="a coordinate with |w| below this counts as near zero",
    ),
    *WALKTHROUGH_FIELDS,
    *PATHS_FIELDS,
)


def validate_regularization(params: RegularizationParams) -> None:
    """Raise ``ValueError`` naming the parameter that is out of range."""
    validate(params, REGULARIZATION_FIELDS)


# ------------------------------------------------------------------- the loss
def quadratic_matrix(axis_ratio, angle_deg) -> np.ndarray:
    """``A = R(θ)·diag(1, r²)·R(θ)ᵀ`` for scalars (2, 2) or arrays of shape (N,) (N, 2, 2)."""
    r = np.asarray(axis_ratio, dtype=float)
    th = np.deg2rad(np.asarray(angle_deg, dtype=float))
    cos, sin, r2 = np.cos(th), np.sin(th), r * r
    a11 = cos * cos + r2 * sin * sin
    a22 = sin * sin + r2 * cos * cos
    a12 = (1.0 - r2) * cos * sin
    return np.stack([np.stack([a11, a12], -1), np.stack([a12, a22], -1)], -2)


def loss(w: np.ndarray, c: np.ndarray, A: np.ndarray) -> np.ndarray:
    """``(w − c)ᵀ A (w − c)`` over the last axis (broadcasts over leading axes)."""
    d = np.asarray(w, dtype=float) - c
    return np.einsum("...i,...ij,...j->...", d, A, d)


# ---------------------------------------------------------- constrained optima
_VERTICES = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])


def l1_ball_optimum(c: np.ndarray, A: np.ndarray, t) -> np.ndarray:
    """Exact minimiser of L over the diamond ``|w1| + |w2| ≤ t``, for each problem.

    Parameters
    ----------
    c : (N, 2) unconstrained optima; A : (N, 2, 2) positive definite; t : scalar or (N,).

    Returns
    -------
    (N, 2) solutions. If c is inside the diamond the solution is c; otherwise it lies
    on an edge: each edge's 1-D minimiser is clipped to the edge's ends, written
    ``(1 − s)·p + s·q`` so an end is the vertex itself (one coordinate exactly 0.0),
    and the edge with the smallest loss wins (the problem is convex).
    """
    c = np.atleast_2d(np.asarray(c, dtype=float))
    A = np.asarray(A, dtype=float).reshape(-1, 2, 2)
    t = np.broadcast_to(np.asarray(t, dtype=float), c.shape[:1])[:, None]
    best = np.empty_like(c)
    best_loss = np.full(c.shape[0], np.inf)
    for k in range(4):
        p = _VERTICES[k] * t
        q = _VERTICES[(k + 1) % 4] * t
        d = q - p
        Ad = np.einsum("nij,nj->ni", A, d)
        s = np.einsum("ni,ni->n", Ad, c - p) / np.einsum("ni,ni->n", Ad, d)
        s = np.clip(s, 0.0, 1.0)[:, None]
        w = (1.0 - s) * p + s * q
        value = loss(w, c, A)
        better = value < best_loss
        best[better] = w[better]
        best_loss[better] = value[better]
    inside = np.abs(c).sum(axis=1) <= t[:, 0]
    best[inside] = c[inside]
    return best


def l2_ball_optimum(
    c: np.ndarray, A: np.ndarray, t, iterations: int = 60
) -> tuple[np.ndarray, np.ndarray]:
    """Exact minimiser of L over the circle ``‖w‖ ≤ t`` and its ridge penalty λ.

    Outside the circle the solution is ``w(λ) = (A + λI)⁻¹ A c`` with ``‖w(λ)‖ = t``.
    With ``A = Q·diag(a)·Qᵀ`` and ``b = Qᵀc``, ``‖w(λ)‖² = Σ (aᵢbᵢ / (aᵢ + λ))²``; Newton's
    method on ``1/‖w(λ)‖ − 1/t`` (nearly linear in λ) from λ = 0 increases λ monotonically
    to machine precision.

    Returns
    -------
    (w, lam): (N, 2) solutions and (N,) penalties (0 where c is inside the circle).
    """
    c = np.atleast_2d(np.asarray(c, dtype=float))
    A = np.asarray(A, dtype=float).reshape(-1, 2, 2)
    t = np.broadcast_to(np.asarray(t, dtype=float), c.shape[:1])
    a, Q = np.linalg.eigh(A)
    ab = a * np.einsum("nji,nj->ni", Q, c)  # aᵢbᵢ
    outside = np.hypot(c[:, 0], c[:, 1]) > t
    lam = np.zeros(c.shape[0])
    active = outside.copy()  # each problem stops on its own, so a batch's size changes nothing
    for _ in range(iterations):
        if not active.any():
            break
        u = ab / (a + lam[:, None])
        n2 = np.einsum("ni,ni->n", u, u)
        dn2 = -2.0 * np.einsum("ni,ni->n", u * u, 1.0 / (a + lam[:, None]))
        norm = np.sqrt(n2)
        psi = 1.0 / norm - 1.0 / t
        dpsi = -0.5 * dn2 / (n2 * norm)
        step = np.where(active, -psi / dpsi, 0.0)
        lam = lam + step
        # convergence is quadratic: after a step this small, λ is exact to rounding
        active &= np.abs(step) > 1e-10 * (1.0 + lam)
    w = np.einsum("nij,nj->ni", Q, ab / (a + lam[:, None]))
    w[~outside] = c[~outside]
    return w, lam


def l1_penalty_for(w: np.ndarray, c: np.ndarray, A: np.ndarray) -> np.ndarray:
    """The λ for which ``w`` (an L1-ball optimum) also minimises ``L(w) + λ‖w‖₁``.

    KKT: ``2A(w − c) + λg = 0`` with g a subgradient of ‖w‖₁ (``gᵢ = sign wᵢ`` where
    wᵢ ≠ 0). Read off the largest coordinate, which is never zero on the boundary;
    λ = 0 where w = c (inside the diamond, no penalty needed).
    """
    w = np.atleast_2d(w)
    grad = 2.0 * np.einsum("nij,nj->ni", np.asarray(A).reshape(-1, 2, 2), w - np.atleast_2d(c))
    k = np.argmax(np.abs(w), axis=1)
    rows = np.arange(w.shape[0])
    lam = -grad[rows, k] * np.sign(w[rows, k])
    return np.where(np.all(w == np.atleast_2d(c), axis=1), 0.0, np.maximum(lam, 0.0))


# -------------------------------------------------------------- penalized paths
def lasso_2d(c: np.ndarray, A: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Exact minimiser of ``L(w) + λ‖w‖₁`` for one (c, A) and each λ in ``lam`` → (M, 2).

    The minimiser is one of seven candidates: 0; one axis, where the problem is a 1-D
    soft threshold; or both coordinates non-zero with signs s, ``w = c − (λ/2)A⁻¹s``
    (kept only if its signs are s). The objective is strictly convex, so the candidate
    with the smallest objective is the solution; axis candidates have an exact 0.0.
    """
    c = np.asarray(c, dtype=float)
    lam = np.asarray(lam, dtype=float)
    a11, a12, a22 = A[0, 0], A[0, 1], A[1, 1]
    z1 = c[0] + a12 * c[1] / a11  # minimiser of L along w1 with w2 = 0
    z2 = c[1] + a12 * c[0] / a22
    zero = np.zeros_like(lam)
    cands = [
        np.stack([zero, zero], -1),
        np.stack([np.sign(z1) * np.maximum(abs(z1) - lam / (2 * a11), 0.0), zero], -1),
        np.stack([zero, np.sign(z2) * np.maximum(abs(z2) - lam / (2 * a22), 0.0)], -1),
    ]
    inv = np.linalg.inv(A)
    for s in ((1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)):
        s = np.array(s)
        w = c - 0.5 * lam[:, None] * (inv @ s)
        ok = np.all(np.sign(w) == s, axis=1)
        cands.append(np.where(ok[:, None], w, np.nan))
    stack = np.stack(cands)  # (7, M, 2)
    value = loss(stack, c, A) + lam * np.abs(stack).sum(-1)
    value = np.where(np.isnan(value), np.inf, value)
    w = stack[np.argmin(value, axis=0), np.arange(lam.size)]
    # KKT at 0 (|2(Ac)ᵢ| ≤ λ) decides exactly, where a soft threshold could round to 1e-16
    w[lam >= 2.0 * np.max(np.abs(A @ c))] = 0.0
    return w


def lasso_breakpoints(c: np.ndarray, A: np.ndarray) -> np.ndarray:
    """Every λ > 0 where the lasso's active set can change (a superset of the kinks)."""
    a11, a12, a22 = A[0, 0], A[0, 1], A[1, 1]
    inv = np.linalg.inv(A)
    out = [2 * abs(c[0] * a11 + c[1] * a12), 2 * abs(c[1] * a22 + c[0] * a12)]
    with np.errstate(divide="ignore", invalid="ignore"):
        for s in ((1.0, 1.0), (1.0, -1.0), (-1.0, 1.0), (-1.0, -1.0)):
            out.extend(2 * c / (inv @ np.array(s)))
        # on an axis, the zero coordinate's gradient is α + βλ; where |α + βλ| = λ it may
        # leave the axis (i: the zero coordinate, j: the other, z: j's 1-D minimiser)
        z1 = c[0] + a12 * c[1] / a11
        z2 = c[1] + a12 * c[0] / a22
        for i, j, z in ((0, 1, z2), (1, 0, z1)):
            alpha = 2 * (-A[i, i] * c[i] + A[i, j] * (z - c[j]))
            beta = -A[i, j] * np.sign(z) / A[j, j]
            out.extend([alpha / (1 - beta), -alpha / (1 + beta)])
    out = np.asarray(out, dtype=float)
    return np.unique(out[np.isfinite(out) & (out > 0)])


def l1_path(c: np.ndarray, A: np.ndarray, points: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """The lasso path from λ = 0 to λ₀ = 2‖Ac‖∞ (where w reaches 0 and stays), exactly.

    Returns (lam, w): a λ grid that contains every kink, so the polyline through
    the points *is* the path (it is linear in λ between kinks).
    """
    lam_zero = 2.0 * float(np.max(np.abs(A @ c)))
    grid = np.linspace(0.0, lam_zero, points)
    kinks = lasso_breakpoints(c, A)
    lam = np.unique(np.concatenate([grid, kinks[kinks < lam_zero]]))
    return lam, lasso_2d(c, A, lam)


def ridge_path(c: np.ndarray, A: np.ndarray, points: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """``w(λ) = (A + λI)⁻¹ A c`` for λ from 0 to 199·max eig(A) (w shrinks to 0.5 % of c)."""
    top = float(np.linalg.eigvalsh(A)[-1])
    u = np.linspace(0.0, 0.995, points)
    lam = top * u / (1.0 - u)
    rhs = np.broadcast_to((A @ c)[:, None], (points, 2, 1))
    w = np.linalg.solve(A[None] + lam[:, None, None] * np.eye(2), rhs)[..., 0]
    w[0] = c  # λ = 0: the unconstrained optimum itself, not A⁻¹(Ac) rounded
    return lam, w
