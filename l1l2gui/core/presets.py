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
        "2·w = y, no noise: signed L1 runs away, abs L1 walks, L2 glides in",
    ),
    Preset(
        "one-weight-noise-0.05",
        "training",
        "a little noise (σ = 0.05): L2 settles, abs L1 still walks at constant speed",
        (("noise_sigma", 0.05),),
    ),
    Preset(
        "one-weight-noise-5",
        "training",
        "heavy noise (σ = 5) with lr 0.001: every path is slow and wobbly",
        (("noise_sigma", 5.0), ("lr", 0.001)),
    ),
    Preset(
        "one-weight-lr-1e-4",
        "training",
        "heavy noise, lr 1e-4 and 10000 epochs: abs L1 reaches the median, L2 the mean",
        (("noise_sigma", 5.0), ("lr", 1e-4), ("epochs", 10000)),
    ),
    Preset(
        "one-weight-decay",
        "training",
        "heavy noise, lr₀ 0.01 decaying as 1/(1 + k/2000): the abs L1 band narrows",
        (("noise_sigma", 5.0), ("lr", 0.01), ("decay", 1 / 2000), ("epochs", 200)),
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
