"""The command line: presets, export in every format, and one-line errors with exit status 2."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from l1l2gui import APP_NAME, __version__
from l1l2gui.cli import main
from l1l2gui.core.fields import as_dict
from l1l2gui.core.presets import presets_for
from l1l2gui.core.tabs import TAB_MODELS, tab_model

TRAINING_PRESETS = [p.name for p in presets_for("training")]
PARAM_KEYS = {
    "x_value",
    "n_samples",
    "true_w",
    "noise_sigma",
    "seed",
    "init_w",
    "epochs",
    "batch_size",
    "lr",
    "decay",
    "kinds",
    "huber_delta",
    "signed_l1_gradient",
    "seeds_repeat",
}


def _no_constants(token: str):
    raise AssertionError(f"non-JSON constant {token} in the export")


def load(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constants)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "l1l2gui", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def test_presets_lists_every_training_preset(capsys):
    assert main(["presets"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert all(len(line.split()) > 2 for line in lines), "every preset has a tab and description"
    lines = [line for line in lines if line.split()[1] == "training"]  # other tabs add theirs
    assert len(TRAINING_PRESETS) == 6
    assert [line.split()[0] for line in lines] == TRAINING_PRESETS
    for line in lines:
        assert line.split()[1] in TAB_MODELS
        assert len(line.split()) > 2, "every preset has a description"


@pytest.mark.parametrize("preset", TRAINING_PRESETS)
def test_export_json_for_each_preset_follows_the_schema(tmp_path, capsys, preset):
    out = tmp_path / f"{preset}.json"
    assert main(["export", "training", "--preset", preset, "--out", str(out)]) == 0
    doc = load(out)
    params = tab_model("training").params(preset=preset)
    assert set(doc) == {"app", "version", "tab", "preset", "params", "series", "metrics"}
    assert doc["app"] == APP_NAME
    assert doc["version"] == __version__
    assert doc["tab"] == "training"
    assert doc["preset"] == preset
    assert set(doc["params"]) == PARAM_KEYS
    assert doc["params"] == as_dict(params)
    kinds = params.kinds
    assert set(doc["series"]) == {f"w/{k}" for k in kinds} | {f"loss/{k}" for k in kinds} | {"lr"}
    for name, s in doc["series"].items():
        assert set(s) == {"x", "y"}, name
        assert s["x"][0] == 0, name
        assert s["x"] == list(range(len(s["x"]))), name
        assert len(s["y"]) == len(s["x"]), name
    assert len(doc["series"]["lr"]["y"]) == params.steps
    assert set(doc["metrics"]) == (
        {f"final_w/{k}" for k in kinds} | {f"diverged/{k}" for k in kinds} | {"steps"}
    )
    assert doc["metrics"]["steps"] == params.steps
    for k in kinds:
        assert doc["metrics"][f"diverged/{k}"] in (0, 1)
        if doc["metrics"][f"diverged/{k}"] == 0:
            assert doc["metrics"][f"final_w/{k}"] == doc["series"][f"w/{k}"]["y"][-1]
            assert len(doc["series"][f"w/{k}"]["y"]) == params.steps + 1
    assert capsys.readouterr().err == ""


def test_export_defaults_without_a_preset(tmp_path):
    out = tmp_path / "plain.json"
    assert main(["export", "training", "--out", str(out)]) == 0
    doc = load(out)
    assert doc["preset"] is None
    assert doc["params"]["lr"] == 0.01
    assert doc["metrics"]["final_w/l2"] == pytest.approx(1.0, abs=1e-6)
    assert doc["metrics"]["diverged/l2"] == 0
    assert doc["metrics"]["steps"] == 200


def test_set_lr_1_makes_l2_diverge(tmp_path):
    out = tmp_path / "diverged.json"
    assert main(["export", "training", "--set", "lr=1", "--out", str(out)]) == 0
    doc = load(out)
    assert doc["params"]["lr"] == 1.0
    assert doc["metrics"]["diverged/l2"] == 1
    assert doc["metrics"]["final_w/l2"] is None
    assert doc["metrics"]["diverged/abs_l1"] == 0
    assert len(doc["series"]["w/l2"]["y"]) == 130
    assert None not in doc["series"]["w/l2"]["y"]


def test_set_overrides_a_preset_and_kinds_take_a_list(tmp_path):
    out = tmp_path / "mixed.json"
    argv = ["export", "training", "--preset", "one-weight-noise-0.05"]
    argv += ["--set", "seed=3", "--set", "kinds=l2,huber", "--out", str(out)]
    assert main(argv) == 0
    doc = load(out)
    assert doc["params"]["noise_sigma"] == 0.05
    assert doc["params"]["seed"] == 3
    assert doc["params"]["kinds"] == ["l2", "huber"]
    assert set(doc["series"]) == {"w/l2", "w/huber", "loss/l2", "loss/huber", "lr"}


def test_export_csv(tmp_path):
    out = tmp_path / "data.csv"
    assert main(["export", "training", "--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "series,x,y"
    names = ["w/signed_l1", "w/abs_l1", "w/l2", "loss/signed_l1", "loss/abs_l1", "loss/l2"]
    assert len(lines) == 1 + 6 * 201 + 200  # every point of every series, lr has 200 steps
    assert [line.rpartition(",")[0].rpartition(",")[0] for line in lines[1::201]][:6] == names
    assert lines[1] == "w/signed_l1,0,20.0"
    assert lines[-1].startswith("lr,199,")


def test_export_png(tmp_path):
    out = tmp_path / "figure.png"
    assert main(["export", "training", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 20_000


@pytest.mark.parametrize(
    ("tab", "view", "fast"),
    [
        ("regularization", "geometry", ["--set", "trials=100"]),
        ("regularization", "paths", ["--set", "trials=100"]),
        ("likelihood", "lp", ["--set", "replicates=100"]),
    ],
)
def test_export_one_view_of_a_tab_with_several(tmp_path, tab, view, fast):
    from PySide6.QtGui import QImage

    out = tmp_path / f"{view}.png"
    assert main(["export", tab, *fast, "--view", view, "--out", str(out)]) == 0
    image = QImage(str(out))
    # one view at about the size of one on screen (2× for the PNG), not the 2×2 overview
    assert 1600 <= image.width() <= 2000 and 1200 <= image.height() <= 1520
    with pytest.raises(SystemExit) as exc:
        main(["export", tab, "--view", "sideways", "--out", str(tmp_path / "x.png")])
    assert exc.value.code == 2
    assert not (tmp_path / "x.png").exists()


def test_export_svg(tmp_path):
    out = tmp_path / "figure.svg"
    assert main(["export", "training", "--preset", "one-weight-noise-0.05", "--out", str(out)]) == 0
    root = ET.parse(out).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    text = out.read_text(encoding="utf-8").lower()
    assert 'stroke="#009e73"' in text
    assert "<polyline" in text or "<path" in text


ERROR_CASES = [
    pytest.param(["export", "nope"], "out.json", ["'nope'", "training"], id="unknown-tab"),
    pytest.param(
        ["export", "training", "--preset", "nope"],
        "out.json",
        ["'nope'", "one-weight"],
        id="unknown-preset",
    ),
    pytest.param(
        ["export", "training", "--set", "bogus=1"], "out.json", ["'bogus'", "lr"], id="unknown-key"
    ),
    pytest.param(
        ["export", "training", "--set", "lr=50"],
        "out.json",
        ["lr=50", "between 1e-07 and 10"],
        id="lr-out-of-range",
    ),
    pytest.param(
        ["export", "training", "--set", "n_samples=0"],
        "out.json",
        ["n_samples=0", "between 1 and 10000"],
        id="n-out-of-range",
    ),
    pytest.param(
        ["export", "training", "--set", "epochs=2.5"],
        "out.json",
        ["epochs=2.5", "whole number"],
        id="not-whole",
    ),
    pytest.param(
        ["export", "training", "--set", "lr=abc"], "out.json", ["lr='abc'"], id="not-a-number"
    ),
    pytest.param(
        ["export", "training", "--set", "batch_size=30"],
        "out.json",
        ["batch_size=30", "n_samples (20)"],
        id="batch-bigger-than-n",
    ),
    pytest.param(
        ["export", "training", "--set", "epochs=100000"],
        "out.json",
        ["epochs=100000", "500000"],
        id="too-many-steps",
    ),
    pytest.param(["export", "training", "--set", "lr"], "out.json", ["KEY=VALUE"], id="no-equals"),
    pytest.param(["export", "training"], "out.txt", ["out.txt", ".json"], id="bad-suffix"),
    pytest.param(["export", "training"], "missing/out.json", ["does not exist"], id="no-folder"),
]


@pytest.mark.parametrize(("argv", "name", "named"), ERROR_CASES)
def test_errors_exit_2_with_one_line_and_no_file(tmp_path, capsys, argv, name, named):
    out = tmp_path / name
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--out", str(out)])
    assert exc.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"{APP_NAME}: error: ")
    assert captured.err.count("\n") == 1 and captured.err.endswith("\n"), captured.err
    for word in named:
        assert word in captured.err
    assert list(tmp_path.iterdir()) == []


def test_missing_out_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "training"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--out" in err


def test_version_in_a_subprocess():
    done = run_cli("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"{APP_NAME} {__version__}"


def test_error_in_a_subprocess(tmp_path):
    out = tmp_path / "out.json"
    done = run_cli("export", "training", "--set", "lr=50", "--out", str(out))
    assert done.returncode == 2
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"{APP_NAME}: error: lr=50")
    assert not out.exists()


def test_export_help_lists_every_key_with_its_range_and_default(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "training", "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for field in tab_model("training").fields:
        assert f"  {field.name} " in out, field.name
    assert "between 1e-07 and 10; default 0.01" in out
    assert "between 0 and 2147483647; default 0" in out
    assert "one of batch, dataset; default batch" in out
    assert (
        "a comma-separated subset of signed_l1, abs_l1, l2, huber; default signed_l1,abs_l1,l2"
        in out
    )


@pytest.mark.parametrize("tab", list(TAB_MODELS))
def test_export_tab_help_lists_that_tabs_keys_and_views_only(tab, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", tab, "--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    model = tab_model(tab)
    keys = re.findall(r"^  (\w+)  ", out.split(f"keys for {tab}")[1], flags=re.MULTILINE)
    names = [f.name for f in model.fields]
    assert keys[: len(names)] == names
    assert [k for k in keys[len(names) :]] == [v for v in model.views if v.isidentifier()]
    assert "keys for" in out and all(f"keys for {t}" not in out for t in TAB_MODELS if t != tab)
    assert f"(--view NAME, for .png and .svg; default {model.views[0]})" in out
    for view, title in zip(model.views, model.view_titles, strict=True):
        assert re.search(rf"^  {re.escape(view)} +{re.escape(title)}$", out, re.MULTILINE)


def test_export_help_without_a_tab_names_the_tabs(capsys):
    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    assert f"tabs: {', '.join(TAB_MODELS)}" in out and "keys for" not in out


@pytest.mark.parametrize(
    ("tab", "view", "extra"),
    [
        ("training", "seeds", ["--set", "seeds_repeat=3"]),
        ("likelihood", "estimators", ["--set", "replicates=50"]),
        ("likelihood", "lp", ["--set", "replicates=50"]),
    ],
)
def test_export_a_named_view(tmp_path, tab, view, extra):
    out = tmp_path / "v.png"
    assert main(["export", tab, *extra, "--view", view, "--out", str(out)]) == 0
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_export_unknown_view_lists_the_tabs_views(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["export", "regularization", "--view", "nope", "--out", str(tmp_path / "x.png")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "views are all, geometry, monte-carlo, walkthrough, paths" in err
    with pytest.raises(SystemExit):
        main(["export", "training", "--view", "seeds", "--out", str(tmp_path / "s.png")])
    assert "seeds_repeat=0" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_export_from_a_saved_session(tmp_path, capsys):
    from l1l2gui.core.session import session_text

    session = tmp_path / "s.l1l2.json"
    session.write_text(
        session_text("training", {"training": {"params": {"lr": 0.02, "epochs": 3}}})
    )
    out = tmp_path / "run.json"
    assert main(["export", "training", "--session", str(session), "--out", str(out)]) == 0
    params = json.loads(out.read_text())["params"]
    assert params["lr"] == 0.02 and params["epochs"] == 3
    # --set still overrides the session's values
    main(["export", "training", "--session", str(session), "--set", "epochs=4", "--out", str(out)])
    assert json.loads(out.read_text())["params"]["epochs"] == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "--session .*: not JSON"),
        ('{"app": "l1l2gui", "format": 9, "tabs": {"training": {}}}', "key 'format': 9"),
        (
            '{"app": "l1l2gui", "format": 1, "tabs": {"training": {"params": {"lr": 50}}}}',
            r"tabs.training.params: lr=50: must be between",
        ),
    ],
)
def test_a_bad_session_exits_2_naming_the_key(tmp_path, capsys, content, message):
    session = tmp_path / "bad.json"
    session.write_text(content)
    out = tmp_path / "x.json"
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "training", "--session", str(session), "--out", str(out)])
    assert exit_info.value.code == 2
    assert re.search(message, capsys.readouterr().err)
    assert not out.exists()


def test_session_and_preset_together_are_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["export", "training", "--preset", "one-weight", "--session", "x", "--out", "y.json"])
    assert "choose one" in capsys.readouterr().err


def _outliers_session(tmp_path, text: str):
    """A session whose Outliers tab imported ``text`` from a file, and that file."""
    from l1l2gui.core.csv_points import load_points
    from l1l2gui.core.imported_data import data_entry
    from l1l2gui.core.session import session_text

    csv = tmp_path / "points.csv"
    csv.write_text(text)
    entry = data_entry(load_points(csv))
    state = {"params": {"data_file": str(csv), "outlier_x": 3.0, "n_estimators": 3}, "data": entry}
    session = tmp_path / "s.l1l2.json"
    session.write_text(session_text("outliers", {"outliers": state}))
    return session, csv


def test_export_from_a_session_gives_its_imported_points_after_the_file_is_deleted(
    tmp_path, monkeypatch
):
    from l1l2gui.core import imported_data

    monkeypatch.setattr(imported_data, "_ADOPTED", {})
    session, csv = _outliers_session(tmp_path, "x,y\n0,1\n2,5\n4,4\n6,7\n")
    before, after = tmp_path / "before.json", tmp_path / "after.json"
    assert main(["export", "outliers", "--session", str(session), "--out", str(before)]) == 0
    csv.unlink()
    monkeypatch.setattr(imported_data, "_ADOPTED", {})  # as a new process would start
    assert main(["export", "outliers", "--session", str(session), "--out", str(after)]) == 0
    points = json.loads(after.read_text())["series"]["points"]
    assert points == json.loads(before.read_text())["series"]["points"]
    assert points == {"x": [0, 2, 4, 6], "y": [1, 5, 4, 7]}


def test_a_session_with_malformed_imported_points_exits_2_naming_the_key(
    tmp_path, capsys, monkeypatch
):
    from l1l2gui.core import imported_data

    monkeypatch.setattr(imported_data, "_ADOPTED", {})
    session, _csv = _outliers_session(tmp_path, "x,y\n0,1\n2,5\n")
    document = json.loads(session.read_text())
    document["tabs"]["outliers"]["data"]["text"] = "x,y\n0,1\n2,five\n"
    session.write_text(json.dumps(document))
    out = tmp_path / "x.json"
    with pytest.raises(SystemExit) as exit_info:
        main(["export", "outliers", "--session", str(session), "--out", str(out)])
    assert exit_info.value.code == 2
    assert "tabs.outliers.data.text: line 3: y 'five' is not a number" in capsys.readouterr().err
    assert not out.exists() and imported_data._ADOPTED == {}
