"""Presets are valid and unique; the tab table finds tabs, builds parameters and exports."""

from __future__ import annotations

import math

import numpy as np
import pytest

from l1l2gui.core.descent import TrainingParams
from l1l2gui.core.fields import validate
from l1l2gui.core.presets import PRESETS, find_preset, presets_for
from l1l2gui.core.tabs import TAB_MODELS, tab_model


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.name)
def test_every_preset_validates(preset):
    model = tab_model(preset.tab)
    params = model.params(preset=preset.name)
    validate(params, model.fields)
    for key, value in preset.values:
        assert getattr(params, key) == value, key
    assert preset.description


def test_preset_names_are_unique():
    names = [p.name for p in PRESETS]
    assert len(names) == len(set(names))
    assert len(presets_for("training")) == 5
    assert all(p.tab in TAB_MODELS for p in PRESETS)


def test_find_preset_names_the_known_ones():
    assert find_preset("one-weight").tab == "training"
    with pytest.raises(ValueError, match="unknown preset 'nope'") as exc:
        find_preset("nope", "training")
    for p in presets_for("training"):
        assert p.name in str(exc.value)
    with pytest.raises(ValueError, match="for tab 'other'"):
        find_preset("one-weight", "other")


def test_tab_model_names_the_known_tabs():
    assert tab_model("training").name == "training"
    with pytest.raises(ValueError, match=r"unknown tab 'nope'.*training"):
        tab_model("nope")


def test_params_layer_defaults_preset_and_values():
    model = tab_model("training")
    assert model.params() == TrainingParams()
    params = model.params("one-weight-noise-5", {"seed": "4", "kinds": "l2,huber"})
    assert params.noise_sigma == 5.0
    assert params.lr == 0.001
    assert params.seed == 4
    assert params.kinds == ("l2", "huber")
    with pytest.raises(ValueError, match="unknown key 'nope'"):
        model.params(values={"nope": 1})
    with pytest.raises(ValueError, match=r"lr=50: must be between 1e-07 and 10"):
        model.params(values={"lr": 50})


def test_series_and_metrics_of_a_diverged_run():
    model = tab_model("training")
    run = model.compute(model.params(values={"lr": 1.0}))
    assert run.finished
    series = model.series(run)
    assert list(series) == [
        "w/signed_l1",
        "w/abs_l1",
        "w/l2",
        "loss/signed_l1",
        "loss/abs_l1",
        "loss/l2",
        "lr",
    ]
    x, y = series["w/l2"]
    assert np.array_equal(x, np.arange(130))
    assert np.all(np.isfinite(y))
    metrics = model.metrics(run)
    assert math.isnan(metrics["final_w/l2"])
    assert metrics["diverged/l2"] == 1.0
    assert metrics["diverged/abs_l1"] == 0.0
    assert metrics["final_w/abs_l1"] == run.traces["abs_l1"].w[-1]
    assert metrics["steps"] == 200.0
