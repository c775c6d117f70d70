"""Named parameter sets that reproduce the source material's figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Preset:
    """A named set of parameter values for one tab; unnamed parameters keep their defaults."""

    name: str
    tab: str
    description: str
    values: tuple[tuple[str, Any], ...] = ()

    def as_mapping(self) -> dict[str, Any]:
        return dict(self.values)


PRESETS: tuple[Preset, ...] = (
    Preset(
        "one-weight",
        "training",
        "2·w = y, no noise, 100 epochs (1000 steps): abs L1 walks down 0.04 a step and reaches "
        "the true w = 1 at step 475; signed L1 walks on past it to w = −20 and would never stop; "
        "L2 glides in within about 50 steps",
        (("epochs", 100),),
    ),
    Preset(
        "one-weight-noise-0.05",
        "training",
        "a little noise (σ = 0.05), 100 epochs: L2 settles near the mean within about 50 steps; "
        "abs L1 takes 475 steps of 0.04 to come within half a step of the median 0.996, then "
        "hovers at 0.96…1.04, about a step either side of it",
        (("noise_sigma", 0.05), ("epochs", 100)),
    ),
    Preset(
        "one-weight-noise-5",
        "training",
        "heavy noise (σ = 5), lr 0.001, 20 epochs as in the source: L2's steps are large far "
        "away and it gets to w ≈ 1.3 (mean 0.54); abs L1's constant steps of 0.004 only get "
        "from 20 to 19.2, so at this budget L2's estimate is far better",
        (("noise_sigma", 5.0), ("lr", 0.001)),
    ),
    Preset(
        "one-weight-lr-1e-4",
        "training",
        "heavy noise, lr 1e-4, 10000 epochs: abs L1 walks 0.0004 a step, comes within half a "
        "step of the median interval 0.453…0.670 at step 64,591, then stays near its top "
        "(0.667…0.670, at most 0.0007 above it); L2 sits within 0.013 of the mean 0.542 over "
        "the second half",
        (("noise_sigma", 5.0), ("lr", 1e-4), ("epochs", 10000)),
    ),
    Preset(
        "one-weight-decay",
        "training",
        "heavy noise, lr₀ 0.01 decaying as 1/(1 + k/2000) over 2000 steps, started near the data "
        "(w₀ = 2) so the end is visible: abs L1 comes within half a step of the median "
        "interval 0.453…0.670 at step 169, then moves within 0.509…0.715 while its steps "
        "shrink from 0.04 to 0.02; L2 keeps jumping toward each batch's optimum (−0.1…1.1 "
        "over the second half)",
        (
            ("noise_sigma", 5.0),
            ("lr", 0.01),
            ("decay", 1 / 2000),
            ("epochs", 200),
            ("init_w", 2.0),
            ("kinds", ("abs_l1", "l2")),
        ),
    ),
    Preset(
        "one-weight-as-published",
        "training",
        "the source's settings (N 20, batch 2, 20 epochs, lr 0.01, w₀ 20, no noise) and its "
        "code's signed L1 gradient, x summed over the whole data set: signed L1 falls 0.4 a step, "
        "10× the batch gradient's, to w = −60; set 'signed L1 gradient' to batch for the "
        "corrected fall to w = 12",
        (("signed_l1_gradient", "dataset"), ("kinds", ("signed_l1", "l2"))),
    ),
    Preset(
        "diamond-vs-circle",
        "regularization",
        "the L1 optimum is the vertex (1, 0): w2 exactly 0; the L2 optimum has both weights",
    ),
    Preset(
        "l1-on-an-edge",
        "regularization",
        "contours tilted the other way: the L1 optimum lies on an edge, no weight is zero",
        (("center_w1", 1.4), ("center_w2", 1.0), ("axis_ratio", 2.0), ("angle_deg", 20.0)),
    ),
    Preset(
        "circular-contours",
        "regularization",
        "circles (r = 1): L1 lands on the vertex only when c lies in the corner's cone",
        (("center_w1", 2.0), ("center_w2", 0.5), ("axis_ratio", 1.0), ("angle_deg", 0.0)),
    ),
    Preset(
        "useless-feature",
        "regularization",
        "w2 barely matters (r = 0.2): L1 drops it exactly, L2 keeps a small w2",
        (("center_w1", 1.2), ("center_w2", 1.5), ("axis_ratio", 0.2), ("angle_deg", 0.0)),
    ),
    Preset(
        "stability-grid",
        "outliers",
        "the chioka.in setting: x = 0,3,6,9, y = 2x+5 ± 2, outlier y = 10, 5 trees",
        tuple(
            {
                "n_points": 4, "x_step": 3.0, "slope": 2.0, "intercept": 5.0, "noise": 2.0,
                "seed": 0, "outlier_x": 5.0, "outlier_y": 10.0,
                "n_estimators": 5, "learning_rate": 0.1, "max_depth": 3,
            }.items()
        ),
    ),
    Preset(
        "many-trees",
        "outliers",
        "the same data with 200 trees: a flexible model chases the outlier",
        (("n_estimators", 200), ("outlier_x", 5.0), ("outlier_y", 10.0)),
    ),
    Preset(
        "claim-over-seeds",
        "outliers",
        "the chioka.in setting over 50 noise draws: how often does L1 move more?",
        (("seeds_repeat", 50),),
    ),
    Preset(
        "linear-counterparts",
        "outliers",
        "straight lines instead of trees: least absolute deviation barely moves, L2 swings",
        (("model_family", "linear"), ("outlier_x", 5.0), ("outlier_y", 20.0)),
    ),
    Preset(
        "worked-example",
        "regularization",
        "the note's one weight: x = 1, y = 2, λ = 0.5, α = 0.1, w₀ = −0.1 (its step 2 is wrong)",
        (("x", 1.0), ("y", 2.0), ("lam", 0.5), ("alpha", 0.1), ("w0", -0.1), ("steps", 20)),
    ),
    Preset(
        "sparse-example",
        "regularization",
        "minimiser exactly 0: the subgradient chatters around 0, the proximal step lands on it",
        (("x", 1.0), ("y", 0.2), ("lam", 1.0), ("alpha", 0.1), ("w0", 0.5), ("steps", 30)),
    ),
    Preset(
        "gaussian-noise",
        "likelihood",
        "Gaussian noise: the NLL is L2, the mean wins (var ratio near π/2)",
    ),
    Preset(
        "laplace-noise",
        "likelihood",
        "Laplace noise: the NLL is L1, the median wins (var ratio toward 1/2)",
        (("noise", "laplace"), ("n", 21)),
    ),
    Preset(
        "heavy-tails",
        "likelihood",
        "Student t with ν = 3: finite variance, but the median and small p win",
        (("noise", "student_t"), ("nu", 3.0), ("n", 21)),
    ),
    Preset(
        "cauchy",
        "likelihood",
        "Student t with ν = 1 (Cauchy): the mean has no variance at all",
        (("noise", "student_t"), ("nu", 1.0), ("n", 21)),
    ),
    Preset(
        "uniform-noise",
        "likelihood",
        "uniform noise: the median loses (ratio 3n/(n+2)), large p wins",
        (("noise", "uniform"), ("n", 21)),
    ),
    Preset(
        "contaminated-noise",
        "likelihood",
        "10 % of the points from 10× wider noise: the outliers as a distribution",
        (("noise", "contaminated"), ("epsilon", 0.1), ("n", 21)),
    ),
    Preset(
        "many-medians",
        "likelihood",
        "Laplace, n = 6: the L1 total has a flat bottom, every c on it is a median",
        (("noise", "laplace"), ("n", 6), ("seed", 3)),
    ),
)


def find_preset(name: str, tab: str | None = None) -> Preset:
    """Return the preset called ``name`` (for ``tab`` if given) or raise ``ValueError``."""
    for preset in PRESETS:
        if preset.name == name and (tab is None or preset.tab == tab):
            return preset
    known = ", ".join(p.name for p in PRESETS if tab is None or p.tab == tab)
    where = f" for tab {tab!r}" if tab else ""
    raise ValueError(f"unknown preset {name!r}{where}: known presets are {known}")


def presets_for(tab: str) -> tuple[Preset, ...]:
    return tuple(p for p in PRESETS if p.tab == tab)
