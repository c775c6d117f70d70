"""Export formats: long CSV (series,x,y) with blanks, JSON with null for non-finite
numbers, atomic writes."""

from __future__ import annotations

import csv
import io
import json
import os
import stat

import numpy as np
import pytest

from l1l2gui import APP_NAME, __version__
from l1l2gui.core.descent import TrainingParams
from l1l2gui.core.export import csv_text, export_document, json_text, write_atomically, write_data
from l1l2gui.core.tabs import TAB_MODELS


def _no_constants(token: str):
    raise AssertionError(f"non-JSON constant {token}")


RAGGED = {
    "long": (np.arange(4), np.array([1.0, 2.0, 3.0, 4.0])),
    "short": (np.arange(2), np.array([10.0, 20.0])),
    "gappy": (np.array([0, 3]), np.array([np.nan, 7.5])),
}


def test_csv_text_is_long_one_row_per_point_in_series_order():
    lines = csv_text(RAGGED).splitlines()
    assert lines == [
        "series,x,y",
        "long,0,1.0",
        "long,1,2.0",
        "long,2,3.0",
        "long,3,4.0",
        "short,0,10.0",
        "short,1,20.0",
        "gappy,0,",
        "gappy,3,7.5",
    ]


def test_csv_text_keeps_series_that_share_an_x_apart():
    # the same x in two series (λ = 0, trial 0, step 0; e = 1 and p = 1) are two rows
    series = {"a": (np.array([1.0, 0.5]), np.array([2.0, 1.0])), "b": (np.array([1.0]), [9.0])}
    rows = list(csv.reader(io.StringIO(csv_text(series))))
    assert rows == [["series", "x", "y"], ["a", "1", "2.0"], ["a", "0.5", "1.0"], ["b", "1", "9.0"]]


def test_csv_text_writes_blanks_for_infinities():
    series = {"a": (np.arange(3), np.array([np.inf, -np.inf, 1.5]))}
    assert csv_text(series).splitlines() == ["series,x,y", "a,0,", "a,1,", "a,2,1.5"]


def test_csv_of_every_tab_round_trips_to_the_json_series():
    for name, model in TAB_MODELS.items():
        params = model.params(values={"replicates": 50} if name == "likelihood" else {})
        if name == "regularization":
            continue  # its paths and cross-validation take seconds; the same code writes it
        series = model.series(model.compute(params))
        rows = list(csv.DictReader(io.StringIO(csv_text(series))))
        assert len(rows) == sum(len(x) for x, _ in series.values()), name
        for key, (x, y) in series.items():
            mine = [r for r in rows if r["series"] == key]
            assert [float(r["x"]) for r in mine] == pytest.approx(np.asarray(x, float)), key
            got = [float(r["y"]) if r["y"] else np.nan for r in mine]
            np.testing.assert_allclose(
                got, np.where(np.isfinite(y), y, np.nan), equal_nan=True, err_msg=key
            )


def test_export_document_writes_null_for_nan_and_inf():
    series = {"w/l2": (np.arange(4), np.array([1.0, np.nan, np.inf, -np.inf]))}
    metrics = {"final_w/l2": float("nan"), "big": float("inf"), "steps": 3.0}
    doc = export_document("training", None, TrainingParams(), series, metrics)
    assert doc["app"] == APP_NAME
    assert doc["version"] == __version__
    assert doc["preset"] is None
    assert doc["params"]["kinds"] == ["signed_l1", "abs_l1", "l2"]
    assert doc["series"]["w/l2"] == {"x": [0, 1, 2, 3], "y": [1.0, None, None, None]}
    assert doc["metrics"] == {"final_w/l2": None, "big": None, "steps": 3.0}
    assert all(type(x) is int for x in doc["series"]["w/l2"]["x"])
    text = json_text(doc)
    assert "NaN" not in text and "Infinity" not in text
    assert json.loads(text, parse_constant=_no_constants) == doc


def test_json_text_refuses_nan_that_slipped_through():
    with pytest.raises(ValueError):
        json_text({"x": float("nan")})


def test_write_atomically_writes_text_and_bytes(tmp_path):
    write_atomically(tmp_path / "a.txt", "héllo\n")
    write_atomically(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "héllo\n"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o666 & ~mask


def test_write_atomically_leaves_no_temp_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old content", encoding="utf-8")
    with pytest.raises(TypeError):
        write_atomically(target, 12345)  # neither str nor bytes: the write raises
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
    assert target.read_text(encoding="utf-8") == "old content"


def test_write_atomically_leaves_no_temp_file_when_the_rename_fails(tmp_path):
    target = tmp_path / "taken"
    target.mkdir()
    (target / "inside").write_text("x", encoding="utf-8")
    with pytest.raises(OSError):
        write_atomically(target, "data")
    assert [p.name for p in tmp_path.iterdir()] == ["taken"]
    assert [p.name for p in target.iterdir()] == ["inside"]


def test_write_data_picks_the_format_by_suffix_and_refuses_others(tmp_path):
    series = {"lr": (np.arange(2), np.array([0.1, 0.2]))}
    doc = export_document("training", "one-weight", TrainingParams(), series, {"steps": 2.0})
    write_data(tmp_path / "d.JSON", doc, series)
    write_data(tmp_path / "d.csv", doc, series)
    assert json.loads((tmp_path / "d.JSON").read_text(encoding="utf-8"))["preset"] == "one-weight"
    assert (tmp_path / "d.csv").read_text(encoding="utf-8") == "series,x,y\nlr,0,0.1\nlr,1,0.2\n"
    with pytest.raises(ValueError, match=r"\.json or \.csv"):
        write_data(tmp_path / "d.txt", doc, series)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.JSON", "d.csv"]
