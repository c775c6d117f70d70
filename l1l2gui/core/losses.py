"""The four losses of the one-weight experiment, as functions of the residual r = ŷ − y.

Each loss is written with its derivative with respect to r, so the gradient
with respect to w for ŷ = w·x is ``x · Σ dloss(r)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LOSS_KINDS: tuple[str, ...] = ("signed_l1", "abs_l1", "l2", "huber")

LOSS_LABELS: dict[str, str] = {
    "signed_l1": "signed L1  Σ(ŷ−y)",
    "abs_l1": "abs L1  Σ|ŷ−y|",
    "l2": "L2  Σ(ŷ−y)²",
    "huber": "Huber  Σ h_δ(ŷ−y)",
}


@dataclass(frozen=True)
class Loss:
    """A loss of the residual: its value and its derivative, elementwise."""

    kind: str
    value: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray], np.ndarray]


def loss_for(kind: str, huber_delta: float = 1.0) -> Loss:
    """Return the :class:`Loss` named ``kind``.

    Parameters
    ----------
    kind
        One of :data:`LOSS_KINDS`.
    huber_delta
        δ of the Huber loss: ½r² for |r| ≤ δ, δ(|r| − ½δ) beyond.
    """
    if kind == "signed_l1":
        # Not a loss at all: it rewards under-prediction without limit.
        return Loss(kind, lambda r: np.asarray(r, dtype=float), np.ones_like)
    if kind == "abs_l1":
        return Loss(kind, np.abs, np.sign)
    if kind == "l2":
        return Loss(kind, np.square, lambda r: 2.0 * r)
    if kind == "huber":
        d = float(huber_delta)

        def huber(r: np.ndarray) -> np.ndarray:
            a = np.abs(r)
            return np.where(a <= d, 0.5 * np.square(r), d * (a - 0.5 * d))

        return Loss(kind, huber, lambda r: np.clip(r, -d, d))
    raise ValueError(f"kind={kind!r}: must be one of {', '.join(LOSS_KINDS)}")
