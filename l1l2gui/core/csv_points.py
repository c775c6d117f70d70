"""Base points read from a CSV file: two columns x,y, an optional header line.

A file is accepted whole or refused with a ``ValueError`` naming the line, so a
caller that keeps its current points until this returns never loses them.
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAX_POINTS = 1000  # boosted trees and the sweeps stay interactive below this
MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class CsvPoints:
    """Points read from ``path`` (absolute) whose bytes hash to ``sha256``.

    ``text`` is the file's content as read (a byte-order mark kept), so a session can
    hold the points themselves and give them back when the file is gone or changed.
    """

    path: str
    sha256: str
    x: np.ndarray
    y: np.ndarray
    text: str = field(default="", repr=False)

    @property
    def x_step(self) -> float:
        """The mean spacing of the sorted x values (the plot pads by two of these)."""
        return float((self.x.max() - self.x.min()) / (self.x.size - 1))


def _number(text: str, line: int, column: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"line {line}: {column} {text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"line {line}: {column} {text.strip()!r} is not a finite number")
    return value


def parse_points(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The (x, y) columns of CSV ``text``; raises ``ValueError`` naming the first bad line.

    Blank lines are skipped. The first non-blank line may be a header (it is one
    when its first cell is not a number). At least two points with different x.
    """
    xs: list[float] = []
    ys: list[float] = []
    header_allowed = True
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        cells = raw.split(",")
        if len(cells) != 2:
            raise ValueError(f"line {number}: expected 2 columns x,y, found {len(cells)}")
        if header_allowed:
            header_allowed = False
            try:
                float(cells[0])
            except ValueError:
                continue  # a header such as "x,y"
        xs.append(_number(cells[0], number, "x"))
        ys.append(_number(cells[1], number, "y"))
        if len(xs) > MAX_POINTS:
            raise ValueError(f"line {number}: more than {MAX_POINTS} points")
    if len(xs) < 2:
        raise ValueError(f"{'no' if not xs else 'only one'} point: at least 2 are needed")
    x = np.array(xs)
    if np.ptp(x) == 0:
        raise ValueError("every point has the same x: at least two different x are needed")
    return x, np.array(ys)


def load_points(path: str | os.PathLike[str]) -> CsvPoints:
    """Read and check the CSV file at ``path``.

    Raises ``ValueError`` starting with ``data_file=<path>:`` and naming the line
    (or the reason: missing, too large, not text).
    """
    p = Path(path).expanduser().absolute()
    where = f"data_file={p}"
    try:
        if p.stat().st_size > MAX_BYTES:
            raise ValueError(f"{where}: larger than {MAX_BYTES // 1000} kB")
        data = p.read_bytes()
    except OSError as exc:
        raise ValueError(f"{where}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")  # a byte-order mark is kept: the text hashes as the bytes
    except UnicodeDecodeError:
        raise ValueError(f"{where}: not a text file (UTF-8)") from None
    try:
        return points_from_text(str(p), text)
    except ValueError as exc:
        raise ValueError(f"{where}: {exc}") from None


def points_from_text(path: str, text: str) -> CsvPoints:
    """The points of CSV ``text`` once read from ``path``; its hash is that of its UTF-8 bytes.

    Raises ``ValueError`` naming the first bad line (or "not UTF-8 text").
    """
    if len(text) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES // 1000} kB")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("not UTF-8 text (it holds an unpaired surrogate)") from None
    if len(data) > MAX_BYTES:
        raise ValueError(f"larger than {MAX_BYTES // 1000} kB")
    x, y = parse_points(text.removeprefix("\ufeff"))
    x.flags.writeable = y.flags.writeable = False
    return CsvPoints(path, hashlib.sha256(data).hexdigest(), x, y, text)
