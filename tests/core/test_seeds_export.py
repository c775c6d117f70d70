"""seeds_repeat in the Training tab model: the export's over-seeds series, metrics and verdict."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from l1l2gui.core.descent import TrainingParams, train, validate_training
from l1l2gui.core.descent_seeds import SeedsResult, seeds_verdict
from l1l2gui.core.tabs import tab_model

MODEL = tab_model("training")


def test_export_equals_a_plain_loop_over_seeds():
    params = MODEL.params(values={"noise_sigma": 3.0, "epochs": 6, "seed": 7, "seeds_repeat": 5})
    result = MODEL.compute(params)
    series, metrics = MODEL.series(result), MODEL.metrics(result)
    finals = {k: [] for k in params.kinds}
    for s in range(7, 12):
        run = train(replace(params, seed=s, seeds_repeat=0))
        for k in params.kinds:
            finals[k].append(float(run.traces[k].w[-1]))
    errors = {k: np.abs(np.array(v) - params.true_w) for k, v in finals.items()}
    for k in params.kinds:
        x, w = series[f"over_seeds/final_w/{k}"]
        assert x.tolist() == [7, 8, 9, 10, 11]
        assert w.tolist() == finals[k]  # bit-identical
        assert metrics[f"over_seeds/median_abs_error/{k}"] == np.median(errors[k])
        others = np.stack([errors[o] for o in params.kinds if o != k])
        closest = np.mean(np.all(errors[k] < others, axis=0))
        assert metrics[f"over_seeds/closest_fraction/{k}"] == closest
    # the run itself is the first seed's
    assert result.traces["l2"].w[-1] == finals["l2"][0]


def test_off_by_default_no_over_seeds_keys():
    result = MODEL.compute(MODEL.params(values={"epochs": 2}))
    assert result.over_seeds is None
    assert not any(k.startswith("over_seeds") for k in MODEL.series(result))
    assert not any(k.startswith("over_seeds") for k in MODEL.metrics(result))


@pytest.mark.parametrize("values", [{"seeds_repeat": -1}, {"seeds_repeat": 1001}])
def test_seeds_repeat_range(values):
    with pytest.raises(ValueError, match="seeds_repeat"):
        MODEL.params(values=values)


def test_seeds_past_the_last_seed_are_refused():
    with pytest.raises(ValueError, match="seeds_repeat=2"):
        validate_training(TrainingParams(seed=2**31 - 1, seeds_repeat=2))
    validate_training(TrainingParams(seed=2**31 - 1, seeds_repeat=1))


def _result(final: dict[str, list[float]], true_w: float = 1.0) -> SeedsResult:
    params = TrainingParams(true_w=true_w, kinds=tuple(final), epochs=1)
    n = len(next(iter(final.values())))
    return SeedsResult(
        params, np.arange(n), {k: np.array(v) for k, v in final.items()}, params.steps
    )


def test_verdict_counts_and_disagreement():
    # seed 0: abs L1 closer; seeds 1–3: L2 closer; seed 4: a tie
    r = _result({"abs_l1": [1.1, 2.0, 3.0, 1.5, 1.2], "l2": [1.3, 1.2, 0.9, 1.1, 0.8]})
    v = seeds_verdict(r)
    assert v.closest_fraction == {"abs_l1": 0.2, "l2": 0.6}
    assert v.tie_fraction == pytest.approx(0.2)
    assert v.best == "l2" and v.single_best == "abs_l1" and v.disagrees
    assert v.median_abs_error["abs_l1"] == pytest.approx(0.5)
    assert v.median_abs_error["l2"] == pytest.approx(0.2)


def test_verdict_agrees_and_ties():
    v = seeds_verdict(_result({"abs_l1": [1.0, 1.5], "l2": [1.2, 1.1]}))
    assert v.best is None  # one seed each: no kind is closest most often
    assert v.single_best == "abs_l1" and not v.disagrees
    v = seeds_verdict(_result({"signed_l1": [3.0, 3.0], "abs_l1": [3.0, 3.0], "l2": [np.nan, 2.0]}))
    assert v.single_best is None  # signed and abs tie in seed 0; L2 diverged there
    assert v.best == "l2" and v.closest_fraction["l2"] == 0.5 and not v.disagrees
