"""CSV import of base points: good files read, malformed ones refused naming the line."""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import pytest

from l1l2gui.core.csv_points import MAX_BYTES, MAX_POINTS, load_points, parse_points
from l1l2gui.core.outliers import OutlierParams, base_data, compute, resolve_data, validate_outliers
from l1l2gui.core.tabs import tab_model


def write(tmp_path, text: str, name: str = "points.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text",
    ["x,y\n0,1\n2,5\n", "0,1\n2,5\n", "\n0,1\n\n2, 5\n\n", "\ufeffx,y\r\n0,1\r\n2,5\r\n"],
)
def test_good_files_with_or_without_header(text: str) -> None:
    x, y = parse_points(text)
    assert x.tolist() == [0.0, 2.0] and y.tolist() == [1.0, 5.0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x,y\n0,1\n3,abc\n", r"^line 3: y 'abc' is not a number"),
        ("0,1\n1,2,3\n", r"^line 2: expected 2 columns x,y, found 3"),
        ("0;1\n", r"^line 1: expected 2 columns x,y, found 1"),
        ("x,y\n0,1\nnan,2\n", r"^line 3: x 'nan' is not a finite number"),
        ("0,1\n1,inf\n", r"^line 2: y 'inf' is not a finite number"),
        ("", r"^no point"),
        ("x,y\n", r"^no point"),
        ("x,y\n1,2\n", r"^only one point"),
        ("1,2\n1,3\n", r"same x"),
        ("x,y\nx,y\n", r"^line 2: x 'x' is not a number"),  # a header only on the first line
    ],
)
def test_malformed_text_is_refused_naming_the_line(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_points(text)


def test_too_many_points_names_the_line() -> None:
    text = "".join(f"{i},{i}\n" for i in range(MAX_POINTS + 5))
    with pytest.raises(ValueError, match=rf"^line {MAX_POINTS + 1}: more than {MAX_POINTS}"):
        parse_points(text)


def test_files_too_large_missing_or_binary_are_refused_naming_the_file(tmp_path) -> None:
    big = write(tmp_path, "0,1\n" * (MAX_BYTES // 4 + 1), "big.csv")
    with pytest.raises(ValueError, match=r"^data_file=.*big\.csv: larger than 1000 kB"):
        load_points(big)
    with pytest.raises(ValueError, match=r"^data_file=.*nothere\.csv: No such file"):
        load_points(tmp_path / "nothere.csv")
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValueError, match=r"not a text file"):
        load_points(binary)


def test_load_records_absolute_path_and_content_hash(tmp_path, monkeypatch) -> None:
    path = write(tmp_path, "x,y\n0,1\n2,5\n4,4\n")
    monkeypatch.chdir(tmp_path)
    points = load_points("points.csv")
    assert points.path == str(path)
    assert points.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert points.x_step == 2.0


def test_params_with_a_file_fit_its_points(tmp_path) -> None:
    path = write(tmp_path, "x,y\n0,1\n2,5\n4,4\n10,0\n")
    params = resolve_data(OutlierParams(data_file=str(path), outlier_x=3.0))
    x, y = base_data(params)
    assert x.tolist() == [0, 2, 4, 10] and y.tolist() == [1, 5, 4, 0]
    step = 10 / 3  # the mean spacing of x = 0, 2, 4, 10; the plot is padded by two of them
    assert params.x_range == pytest.approx((-2 * step, 10 + 2 * step))
    run = compute(params)
    assert run.x.tolist() == [0, 2, 4, 10]
    assert run.finished


def test_a_file_changed_after_import_keeps_the_imported_points_until_read_again(tmp_path):
    path = write(tmp_path, "0,1\n2,5\n")
    params = resolve_data(OutlierParams(data_file=str(path), outlier_x=1.0))
    path.write_text("0,1\n2,6\n3,3\n")
    assert base_data(params)[1].tolist() == [1, 5]  # what the picture on screen was made of
    again = resolve_data(params)
    assert again.data_sha256 != params.data_sha256 and base_data(again)[1].tolist() == [1, 6, 3]
    forged = dataclasses.replace(again, data_sha256="0" * 64)
    with pytest.raises(ValueError, match=r"^data_file=.*changed since it was read"):
        validate_outliers(forged)


def test_cli_model_refuses_a_bad_file_and_the_claim_over_seeds_with_a_file(tmp_path) -> None:
    model = tab_model("outliers")
    bad = write(tmp_path, "0,1\n2,x\n", "bad.csv")
    with pytest.raises(ValueError, match=r"^data_file=.*bad\.csv: line 2: y 'x'"):
        model.params(values={"data_file": str(bad)})
    good = write(tmp_path, "0,1\n2,5\n", "good.csv")
    params = model.params(values={"data_file": str(good), "outlier_x": 1.0, "seeds_repeat": 2})
    with pytest.raises(ValueError, match=r"^seeds_repeat=2: .*data file it must be 0"):
        validate_outliers(params)
    assert dataclasses.replace(params, data_file="").data_file == ""
    assert np.isfinite(params.x_range).all()


def test_cli_json_records_the_absolute_path_and_content_hash(tmp_path, monkeypatch):
    import json

    from l1l2gui.cli import main

    path = write(tmp_path, "x,y\n0,1\n2,5\n4,4\n")
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "o.json"
    args = ["export", "outliers", "--set", "data_file=points.csv", "--set", "outlier_x=1"]
    assert main([*args, "--set", "sweep_points=3", "--out", str(out)]) == 0
    params = json.loads(out.read_text())["params"]
    assert params["data_file"] == str(path)
    assert params["data_sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    series = json.loads(out.read_text())["series"]
    assert series["points"]["x"] == [0, 2, 4]
