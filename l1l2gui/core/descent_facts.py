"""Numbers the Training tab's explanation quotes, computed from the parameters."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .descent import TrainingParams, learning_rates, training_targets


@dataclass(frozen=True)
class DescentFacts:
    """Closed-form facts about one-weight descent for the current parameters."""

    batch: int  # the largest batch |B|
    lr_first: float
    lr_last: float
    step_l1: float  # how far abs / signed L1 move w per step at lr₀: lr·x·|B|
    step_l1_last: float  # the same at the last step's lr
    signed_l1_total: float  # how far signed L1 falls over the whole run
    l2_lr_bound: float  # L2 is stable iff lr < 1 / (x²·|B|)
    l2_lr_fastest: float  # one step lands on the batch optimum: lr = 1 / (2·x²·|B|)
    l2_factor: float  # distance to the batch optimum is multiplied by this each step (at lr₀)
    w_mean: float  # the L2 optimum over all data: mean(y) / x
    w_median: float  # the middle of the abs L1 optima over all data: median(y) / x
    w_median_low: float  # for even N every w in [low, high] minimises Σ|ŷ−y|
    w_median_high: float
    steps_to_median: int  # abs L1 steps from init_w to the median at lr₀
    source_step_ratio: float  # N / |B|: how much larger the whole-data Σx gradient would be


def descent_facts(params: TrainingParams) -> DescentFacts:
    """Compute :class:`DescentFacts`; cheap (no training), so the GUI may call it per change."""
    x, b = params.x_value, params.batch_size
    y = training_targets(params)
    lr = learning_rates(params, params.steps)
    sizes = np.full(params.batches_per_epoch, b)
    sizes[-1] = params.n_samples - b * (params.batches_per_epoch - 1)
    per_step = np.tile(sizes, params.epochs)
    w_median = float(np.median(y)) / x
    ordered = np.sort(y) / x
    low, high = ordered[(params.n_samples - 1) // 2], ordered[params.n_samples // 2]
    step_l1 = params.lr * x * b
    return DescentFacts(
        batch=b,
        lr_first=float(lr[0]),
        lr_last=float(lr[-1]),
        step_l1=step_l1,
        step_l1_last=float(lr[-1]) * x * b,
        signed_l1_total=float(x * np.sum(lr * per_step)),
        l2_lr_bound=1.0 / (x * x * b),
        l2_lr_fastest=1.0 / (2.0 * x * x * b),
        l2_factor=abs(1.0 - 2.0 * params.lr * x * x * b),
        w_mean=float(np.mean(y)) / x,
        w_median=w_median,
        w_median_low=float(min(low, high)),
        w_median_high=float(max(low, high)),
        steps_to_median=int(np.ceil(abs(params.init_w - w_median) / step_l1)),
        source_step_ratio=params.n_samples / b,
    )
