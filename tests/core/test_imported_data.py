"""Imported points by content: kept for their path, carried by a session, refused when malformed."""

from __future__ import annotations

import contextlib
import hashlib
import json

import pytest

from l1l2gui.core import imported_data, outliers
from l1l2gui.core.csv_points import load_points
from l1l2gui.core.imported_data import (
    adopt_state,
    adopted,
    data_entry,
    entry_points,
    import_file,
)
from l1l2gui.core.outliers import base_data, compute
from l1l2gui.core.session import SessionKeyError, tab_error
from l1l2gui.core.tabs import tab_model

TEXT = "\ufeffx,y\r\n0,1\r\n2,5\r\n4,4\r\n"  # a byte-order mark and CRLF: kept byte for byte


@pytest.fixture(autouse=True)
def fresh(monkeypatch):
    """Nothing adopted or cached from another test: as in a process that just started."""
    monkeypatch.setattr(imported_data, "_ADOPTED", {})
    monkeypatch.setattr(outliers, "_BY_HASH", {})


def _file(tmp_path, text: str = TEXT, name: str = "points.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _state(points) -> dict:
    """The outliers tab's session entry for ``points``, through JSON as a file holds it."""
    state = {"params": {"data_file": points.path, "outlier_x": 1.0}, "data": data_entry(points)}
    return json.loads(json.dumps(state))


def test_the_entry_holds_the_file_byte_for_byte_and_gives_its_points_back(tmp_path):
    path = _file(tmp_path)
    points = load_points(path)
    state = _state(points)
    assert state["data"]["text"] == TEXT
    assert state["data"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    back = entry_points(state["data"], str(path))
    assert (back.path, back.sha256) == (points.path, points.sha256)
    assert back.x.tolist() == [0, 2, 4] and back.y.tolist() == [1, 5, 4]


@pytest.mark.parametrize("what", ["deleted", "moved", "changed"])
def test_a_session_gives_its_points_whatever_became_of_the_file(tmp_path, what):
    path = _file(tmp_path)
    state = _state(load_points(path))
    if what == "deleted":
        path.unlink()
    elif what == "moved":
        path.rename(tmp_path / "elsewhere.csv")
    else:
        path.write_text("0,9\n1,9\n2,9\n3,9\n")
    model = tab_model("outliers")
    if what != "changed":
        with pytest.raises(ValueError, match="No such file"):
            model.params(values=state["params"])  # the file alone: gone
    adopt_state(state)
    params = model.params(values=state["params"])
    assert params.data_sha256 == state["data"]["sha256"]
    x, y = base_data(params)
    assert x.tolist() == [0, 2, 4] and y.tolist() == [1, 5, 4]
    run = compute(params)
    assert run.finished and run.x.tolist() == [0, 2, 4]


def test_importing_the_path_again_reads_the_file_again(tmp_path):
    path = _file(tmp_path, "0,1\n2,5\n")
    first = import_file(str(path))
    path.write_text("0,1\n2,6\n3,3\n")
    model = tab_model("outliers")
    kept = model.params(values={"data_file": str(path), "outlier_x": 1.0})
    assert kept.data_sha256 == first.sha256 and base_data(kept)[1].tolist() == [1, 5]
    import_file(str(path))
    again = model.params(values={"data_file": str(path), "outlier_x": 1.0})
    assert base_data(again)[1].tolist() == [1, 6, 3]


def _bad(entry_changes: dict, points) -> dict:
    entry = data_entry(points) | entry_changes
    return {k: v for k, v in entry.items() if v is not None}


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        ({"text": "x,y\n0,1\n2,oops\n"}, "data.text", r"line 3: y 'oops' is not a number"),
        ({"text": "0,1\n"}, "data.text", "only one point"),
        ({"text": 12}, "data.text", r"must be a string \(found int\)"),
        ({"text": None}, "data.text", r"must be a string \(found nothing\)"),
        ({"text": "\ud800"}, "data.text", "not UTF-8 text"),
        ({"sha256": "0" * 64}, "data.sha256", "does not match data.text"),
        ({"sha256": "xyz"}, "data.sha256", "64 lower-case hexadecimal"),
        ({"path": "points.csv"}, "data.path", "must be an absolute path"),
        ({"path": "/elsewhere/other.csv"}, "data.path", "is not the tab's params.data_file"),
        ({"rows": 3}, "data.rows", "unknown key"),
    ],
)
def test_a_malformed_entry_is_refused_naming_the_key_and_nothing_is_adopted(
    tmp_path, change, key, message
):
    path = _file(tmp_path)
    current = import_file(str(path))  # the points in use, for the same path
    entry = _bad(change, load_points(path))
    if "text" in change and isinstance(change["text"], str) and "sha256" not in change:
        # the hash of the new text, so that the text itself is what is refused
        with contextlib.suppress(UnicodeEncodeError):
            entry["sha256"] = hashlib.sha256(change["text"].encode("utf-8")).hexdigest()
    state = {"params": {"data_file": str(path)}, "data": entry}
    with pytest.raises(SessionKeyError, match=f"^{key}: .*{message}") as info:
        adopt_state(state)
    assert info.value.key == key
    assert tab_error("outliers", info.value).startswith(f"tabs.outliers.{key}: ")
    assert adopted(str(path)) is current


def test_an_entry_that_is_not_an_object_or_has_no_data_file_is_refused(tmp_path):
    points = load_points(_file(tmp_path))
    with pytest.raises(SessionKeyError, match=r"^data: must be an object"):
        adopt_state({"params": {"data_file": points.path}, "data": [1, 2]})
    with pytest.raises(SessionKeyError, match=r"^data\.path: .* not the tab's params.data_file"):
        adopt_state({"params": {}, "data": data_entry(points)})
    adopt_state({"params": {}})  # no entry: generated data, or an older session
    assert adopted(points.path) is None
    assert tab_error("outliers", ValueError("view='x': bad")) == "tabs.outliers: view='x': bad"
