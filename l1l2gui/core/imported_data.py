"""Imported points by content: what a tab uses for a data file, and how a session holds it.

An import reads the file once; from then on the points of that path are the ones
read (or the ones a session brought), not whatever the disk holds later. So a file
moved, deleted or edited after the import still gives the picture the user saw,
and a session saved then opens with the same points anywhere. Importing the same
path again reads it again.

A session's tab entry holds them as ``"data": {"path", "sha256", "text"}``: the
file's text, and its SHA-256 to show it arrived whole.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any

from .csv_points import CsvPoints, load_points, points_from_text
from .session import SessionKeyError

_SHA256 = re.compile(r"[0-9a-f]{64}")

# absolute path → the points the tabs use for it (written by the GUI thread; a
# worker only reads, and a dict lookup is atomic)
_ADOPTED: dict[str, CsvPoints] = {}


def data_path(path: str) -> str:
    """``path`` as the points are known by: absolute, ``~`` expanded."""
    return os.path.abspath(os.path.expanduser(path))


def adopt(points: CsvPoints) -> None:
    """Use ``points`` for their path from now on, whatever the file holds later."""
    _ADOPTED[data_path(points.path)] = points


def adopted(path: str) -> CsvPoints | None:
    """The points in use for ``path``, or None when none were adopted."""
    return _ADOPTED.get(data_path(path))


def import_file(path: str) -> CsvPoints:
    """Read the file at ``path`` afresh and adopt its points (raises ``ValueError``)."""
    points = load_points(path)
    adopt(points)
    return points


def data_entry(points: CsvPoints) -> dict[str, str]:
    """The session entry holding ``points`` by content."""
    return {"path": points.path, "sha256": points.sha256, "text": points.text}


def entry_points(entry: Any, data_file: Any) -> CsvPoints:
    """The points of a session's ``data`` entry for the tab's ``data_file``.

    Raises :class:`~.session.SessionKeyError` naming the key (``data.text``,
    ``data.sha256``, …) of a malformed entry; nothing is adopted.
    """
    if not isinstance(entry, Mapping):
        raise SessionKeyError("data", "must be an object with path, sha256 and text")
    for key in ("path", "sha256", "text"):
        if not isinstance(entry.get(key), str):
            found = type(entry.get(key)).__name__ if key in entry else "nothing"
            raise SessionKeyError(f"data.{key}", f"must be a string (found {found})")
    extra = sorted(set(entry) - {"path", "sha256", "text"})
    if extra:
        raise SessionKeyError(f"data.{extra[0]}", "unknown key (known: path, sha256, text)")
    path = entry["path"]
    if not path or not os.path.isabs(path):
        raise SessionKeyError("data.path", f"must be an absolute path (found {path!r})")
    if not (isinstance(data_file, str) and data_file and data_path(data_file) == path):
        raise SessionKeyError(
            "data.path", f"{path} is not the tab's params.data_file ({data_file!r})"
        )
    if not _SHA256.fullmatch(entry["sha256"]):
        raise SessionKeyError("data.sha256", "must be 64 lower-case hexadecimal digits")
    try:
        points = points_from_text(path, entry["text"])
    except ValueError as exc:
        raise SessionKeyError("data.text", str(exc)) from None
    if points.sha256 != entry["sha256"]:
        raise SessionKeyError(
            "data.sha256", "does not match data.text (the text was changed after it was saved)"
        )
    return points


def state_points(state: Mapping[str, Any]) -> CsvPoints | None:
    """The points a tab's session ``state`` holds (None without a ``data`` entry)."""
    if "data" not in state:
        return None
    params = state.get("params", {})
    return entry_points(state["data"], params.get("data_file", "") if params else "")


def adopt_state(state: Mapping[str, Any]) -> None:
    """Check the ``data`` entry of a tab's session state and adopt its points (the CLI)."""
    points = state_points(state)
    if points is not None:
        adopt(points)
