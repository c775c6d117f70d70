"""`l1l2gui export training --set seeds_repeat=R`: the verdict over seeds in the JSON export,
equal to one run per seed; and the figure export is unchanged by it."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from l1l2gui.cli import main
from l1l2gui.core.descent import train
from l1l2gui.core.tabs import tab_model

MODEL = tab_model("training")


def test_seeds_repeat_20_exports_the_verdict_of_20_plain_runs(tmp_path, capsys):
    out = tmp_path / "x.json"
    argv = ["export", "training", "--set", "seeds_repeat=20", "--set", "noise_sigma=2"]
    argv += ["--set", "seed=5", "--out", str(out)]
    assert main(argv) == 0
    assert capsys.readouterr().err == ""
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["params"]["seeds_repeat"] == 20
    params = MODEL.params(values={"seeds_repeat": 20, "noise_sigma": 2.0, "seed": 5})
    kinds = params.kinds
    finals = {k: [] for k in kinds}
    for seed in range(5, 25):
        run = train(replace(params, seed=seed, seeds_repeat=0))
        for k in kinds:
            finals[k].append(float(run.traces[k].w[-1]))
    errors = {k: np.abs(np.array(v) - params.true_w) for k, v in finals.items()}
    for k in kinds:
        series = doc["series"][f"over_seeds/final_w/{k}"]
        assert series["x"] == list(range(5, 25))  # x = seed
        assert series["y"] == finals[k]
        median = doc["metrics"][f"over_seeds/median_abs_error/{k}"]
        assert median == pytest.approx(float(np.median(errors[k])), rel=1e-12)
        others = np.stack([errors[o] for o in kinds if o != k])
        strictly = float(np.mean(np.all(errors[k] < others, axis=0)))  # ties count for neither
        assert doc["metrics"][f"over_seeds/closest_fraction/{k}"] == strictly
    # signed and abs L1 end at the same w in these runs (a tie in every seed): neither counts
    assert finals["signed_l1"] == finals["abs_l1"]
    assert doc["metrics"]["over_seeds/closest_fraction/abs_l1"] == 0.0
    assert doc["metrics"]["over_seeds/closest_fraction/l2"] == 1.0
    # the run itself is still the first seed's
    assert doc["metrics"]["final_w/l2"] == finals["l2"][0]


def test_without_seeds_repeat_no_over_seeds_keys(tmp_path):
    out = tmp_path / "off.json"
    assert main(["export", "training", "--out", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["params"]["seeds_repeat"] == 0
    assert not [k for k in doc["metrics"] if k.startswith("over_seeds")]
    assert not [k for k in doc["series"] if k.startswith("over_seeds")]


@pytest.mark.parametrize(
    ("view", "extra"),
    [("run", []), ("landscape", []), ("seeds", ["--set", "seeds_repeat=5"])],
)
def test_each_view_exports_a_png(tmp_path, view, extra):
    out = tmp_path / f"{view}.png"
    argv = ["export", "training", "--preset", "one-weight-noise-5", *extra]
    assert main([*argv, "--view", view, "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def test_the_landscape_exports_as_svg(tmp_path):
    out = tmp_path / "landscape.svg"
    argv = ["export", "training", "--preset", "one-weight-noise-5", "--view", "landscape"]
    assert main([*argv, "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "<svg" in text and "loss landscape" in text


def test_the_seeds_view_needs_seeds_repeat(tmp_path, capsys):
    out = tmp_path / "seeds.png"
    with pytest.raises(SystemExit) as exc:
        main(["export", "training", "--view", "seeds", "--out", str(out)])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "seeds_repeat=0" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []
