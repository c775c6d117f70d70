"""The documented export formats: JSON (the stable schema) and CSV (series only, long format).

JSON::

    {"app": "l1l2gui", "version": "0.1.0", "tab": "training", "preset": "one-weight",
     "params": {...}, "series": {"NAME": {"x": [...], "y": [...]}}, "metrics": {"NAME": 1.0}}

CSV: a header ``series,x,y`` and one row per point of every series.

Non-finite numbers are written as ``null`` (JSON) or left blank (CSV). Files are
written to a temporary name and renamed, so a failed export never leaves a partial file.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .. import APP_NAME, __version__
from .fields import as_dict
from .tabs import Series

DATA_SUFFIXES = (".json", ".csv")
FIGURE_SUFFIXES = (".png", ".svg")  # drawn by the GUI's figure of the tab


def _number(v: float) -> float | None:
    v = float(v)
    return v if math.isfinite(v) else None


def _index(v: float) -> float | int | None:
    """x values that are whole numbers (step indices) are written as integers."""
    n = _number(v)
    return int(n) if n is not None and n.is_integer() and abs(n) < 2**53 else n


def export_document(
    tab: str, preset: str | None, params: Any, series: Series, metrics: Mapping[str, float]
) -> dict[str, Any]:
    """The JSON-ready export document of one computed tab."""
    return {
        "app": APP_NAME,
        "version": __version__,
        "tab": tab,
        "preset": preset,
        "params": as_dict(params),
        "series": {
            name: {"x": [_index(v) for v in x], "y": [_number(v) for v in y]}
            for name, (x, y) in series.items()
        },
        "metrics": {name: _number(v) for name, v in metrics.items()},
    }


def json_text(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=1, allow_nan=False) + "\n"


def csv_text(series: Series) -> str:
    """Long format: one row per point, ``series,x,y``, series in the JSON's order and names.

    Series do not share x (steps, λ, trials and errors would merge into one column), so
    each point names its own series; a non-finite y is left blank.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["series", "x", "y"])
    for name, (x, y) in series.items():
        for xv, yv in zip(np.asarray(x), np.asarray(y), strict=True):
            xn, yn = _index(xv), _number(yv)
            writer.writerow([name, "" if xn is None else repr(xn), "" if yn is None else repr(yn)])
    return out.getvalue()


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder."""
    path = Path(path)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    try:
        with os.fdopen(fd, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; exports are ordinary files
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_data(path: str | os.PathLike[str], document: Mapping[str, Any], series: Series) -> None:
    """Write ``document`` as JSON or ``series`` as CSV, chosen by the suffix of ``path``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        write_atomically(path, json_text(document))
    elif suffix == ".csv":
        write_atomically(path, csv_text(series))
    else:
        raise ValueError(f"out={path}: data files must end in {' or '.join(DATA_SUFFIXES)}")
