"""Location estimators as minimizers of a total loss Σ ρ(y_i − c), exact and vectorized.

- L2 (ρ = e²): the mean.
- L1 (ρ = |e|): the median. With an even n every c between the two middle
  values minimizes Σ|y_i − c| (the "flat bottom"); :func:`median_interval`
  returns that interval and its midpoint is reported as *the* median.
- Huber (ρ = e²/2 inside ±δ, δ|e| − δ²/2 outside): solved exactly.
- L_p (ρ = |e|^p, 1 ≤ p ≤ 6): bracketed Newton on many samples at once.
"""

from __future__ import annotations

import numpy as np


def total_l2(y: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Σ_i (y_i − c)² for each candidate c."""
    d = np.asarray(c, dtype=float)[:, None] - np.asarray(y, dtype=float)[None, :]
    return (d * d).sum(axis=1)


def total_l1(y: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Σ_i |y_i − c| for each candidate c."""
    d = np.asarray(c, dtype=float)[:, None] - np.asarray(y, dtype=float)[None, :]
    return np.abs(d).sum(axis=1)


def huber_rho(e: np.ndarray, delta: float) -> np.ndarray:
    """Huber's loss: e²/2 for |e| ≤ δ, δ·|e| − δ²/2 beyond (continuous slope at ±δ)."""
    a = np.abs(e)
    return np.where(a <= delta, 0.5 * a * a, delta * a - 0.5 * delta * delta)


def total_huber(y: np.ndarray, c: np.ndarray, delta: float) -> np.ndarray:
    """Σ_i ρ_δ(y_i − c) for each candidate c."""
    d = np.asarray(c, dtype=float)[:, None] - np.asarray(y, dtype=float)[None, :]
    return huber_rho(d, delta).sum(axis=1)


def median_interval(y: np.ndarray) -> tuple[float, float]:
    """The set of minimizers of Σ|y_i − c|: [y_(k), y_(k+1)] for n = 2k, one point for odd n."""
    s = np.sort(np.asarray(y, dtype=float))
    n = s.size
    if n % 2:
        return float(s[n // 2]), float(s[n // 2])
    return float(s[n // 2 - 1]), float(s[n // 2])


def huber_location(y: np.ndarray, delta: float) -> float:
    """The exact minimizer of Σ ρ_δ(y_i − c).

    ψ(c) = Σ clip(c − y_i, −δ, δ) is increasing and piecewise linear with kinks
    at y_i ± δ. Bisection over the sorted kinks finds the piece where ψ changes
    sign; on that piece ψ is linear and its root is solved in closed form.
    (When ψ is 0 on a whole piece, every point of it is a minimizer; its
    midpoint is returned.)
    """
    y = np.sort(np.asarray(y, dtype=float))
    knots = np.sort(np.concatenate([y - delta, y + delta]))

    def psi(c: float) -> float:
        return float(np.clip(c - y, -delta, delta).sum())

    lo, hi = 0, knots.size - 1  # psi(knots[0]) = −nδ < 0 < psi(knots[-1]) = nδ
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if psi(knots[mid]) < 0:
            lo = mid
        else:
            hi = mid
    a, b = knots[lo], knots[hi]
    # on (a, b) the same points are inside ±δ: ψ(c) = m·c − Σ_inside y + δ·(below − above)
    probe = 0.5 * (a + b)
    d = probe - y
    inside = np.abs(d) < delta
    m = int(inside.sum())
    rest = delta * (int((d >= delta).sum()) - int((d <= -delta).sum()))
    if m == 0:
        return float(probe)
    c = (float(y[inside].sum()) - rest) / m
    return float(min(max(c, a), b))


def medians(samples: np.ndarray) -> np.ndarray:
    """Row medians (the midpoint of the flat bottom for an even row length)."""
    return np.median(samples, axis=1)


def _powers(a: np.ndarray, q: float) -> np.ndarray:
    """a**q for a ≥ 0 and q ≥ 0. A float power costs ~25 ns an element; for q a multiple
    of 1/4 (the p grid) products of a and its square roots give the same to an ulp
    or two in a tenth of the time."""
    quarters = q * 4
    if quarters != round(quarters):
        return a**q
    whole, rest = divmod(round(quarters), 4)
    out = None
    if rest:
        root = np.sqrt(a)
        out = {1: np.sqrt(root), 2: root, 3: root * np.sqrt(root)}[rest]
    if whole:
        power = a
        for _ in range(whole - 1):
            power = power * a
        out = power if out is None else out * power
    return np.ones_like(a) if out is None else out


def lp_locations(samples: np.ndarray, p: float, rtol: float = 1e-14) -> np.ndarray:
    """Minimizer of Σ_i |y_i − c|^p for each row of ``samples`` (shape (rows, n)).

    p = 1 gives the median (the midpoint for even n) and p = 2 the mean,
    exactly. Otherwise the objective is strictly convex and its derivative
    g(c) = Σ sign(c − y_i)·|c − y_i|^(p−1) is increasing: Newton steps on g
    inside a bracket [lo, hi] with g(lo) ≤ 0 ≤ g(hi), falling back to
    bisection when a step leaves the bracket (or lands on a data point when
    p < 2, where g' is infinite). The bracket test is inclusive: a converged
    Newton step lands on the bracket's end. A step longer than half the bracket
    bisects too: for p < 2, g has a vertical tangent at each data point and plain
    Newton cycles around a root next to one. Iterates only unconverged rows.
    """
    y = np.asarray(samples, dtype=float)
    if p == 1.0:
        return medians(y)
    if p == 2.0:
        return y.mean(axis=1)
    c = y.mean(axis=1)
    lo, hi = y.min(axis=1), y.max(axis=1)
    # relative to the spread, but never below a few ulps of c (a far-off μ)
    tol = np.maximum(rtol * (hi - lo), 4 * np.finfo(float).eps * np.abs(c))
    tol = np.maximum(tol, np.finfo(float).tiny)
    active = np.arange(y.shape[0])

    def slope(ya: np.ndarray, ca: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        d = ca[:, None] - ya
        a = np.abs(d)
        ap1 = _powers(a, p - 1.0)
        g = (np.sign(d) * ap1).sum(axis=1)
        if p < 2:  # |d|^(p−2) is infinite at a data point: NaN here, caught below
            h = (p - 1.0) * (ap1 / a).sum(axis=1)
        else:
            h = (p - 1.0) * _powers(a, p - 2.0).sum(axis=1)
        return g, h

    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(400):
            if active.size == 0:
                break
            ya, ca, ta = y[active], c[active], tol[active]
            g, h = slope(ya, ca)
            la = np.where(g <= 0, ca, lo[active])
            ha = np.where(g >= 0, ca, hi[active])
            new = ca - g / h
            # bisect when the step leaves the bracket (also NaN: h = inf at a data point)
            # or is longer than half of it: near a cusp of g (p < 2) Newton cycles
            bad = ~((new >= la) & (new <= ha) & (np.abs(new - ca) <= 0.5 * (ha - la)))
            new = np.where(bad, 0.5 * (la + ha), new)
            # a tiny step is not convergence when p < 2 (g' is huge near a data point):
            # accept only if g changes sign within tol beyond the step, else bisect
            small = (np.abs(new - ca) <= ta) & (g != 0)
            if small.any():
                beyond = new[small] - np.sign(g[small]) * ta[small]
                gb, _ = slope(ya[small], beyond)
                confirmed = np.sign(gb) != np.sign(g[small])
                fallback = np.where(confirmed, new[small], 0.5 * (la[small] + ha[small]))
                new[small] = fallback
                small[small] = confirmed
            done = (g == 0) | small | (ha - la <= ta)
            lo[active], hi[active] = la, ha
            c[active] = np.where(g == 0, ca, new)
            active = active[~done]
    return c
