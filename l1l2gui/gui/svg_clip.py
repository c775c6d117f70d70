"""Cut path data (device coordinates, ``M``/``L``/``Z`` only) to a plot's rectangle.

QSvgGenerator drops a plot's clipping, and a ``clip-path`` is drawn inside out by
ImageMagick 6.9's own SVG renderer, so the geometry itself is cut: a stroked line
segment by segment (Liang–Barsky), a filled outline as a polygon (Sutherland–Hodgman).
"""

from __future__ import annotations

import itertools
import re

Point = tuple[float, float]
Rect = tuple[float, float, float, float]  # x, y, width, height

_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def subpaths(d: str) -> list[tuple[list[Point], bool]] | None:
    """``d`` as (points, closed) per subpath; None if it holds curves or relative commands."""
    out: list[tuple[list[Point], bool]] = []
    numbers: list[float] = []
    current: list[Point] = []
    closed = False

    def take() -> None:
        if len(numbers) % 2:
            raise ValueError("odd coordinate count")
        current.extend(zip(numbers[::2], numbers[1::2], strict=True))
        numbers.clear()

    try:
        for token in _TOKEN.findall(d):
            if not token.isalpha():
                numbers.append(float(token))
                continue
            take()
            if token == "M":
                if current:
                    out.append((current, closed))
                current, closed = [], False
            elif token == "Z":
                closed = True
            elif token != "L":
                return None
        take()
    except ValueError:
        return None
    if current:
        out.append((current, closed))
    return out


def _segment(p: Point, q: Point, rect: Rect) -> tuple[Point, Point] | None:
    """The part of segment p→q inside ``rect`` (Liang–Barsky), or None."""
    x0, y0, w, h = rect
    dx, dy = q[0] - p[0], q[1] - p[1]
    t0, t1 = 0.0, 1.0
    for num, den in (
        (p[0] - x0, -dx),
        (x0 + w - p[0], dx),
        (p[1] - y0, -dy),
        (y0 + h - p[1], dy),
    ):
        if den == 0:
            if num < 0:
                return None
            continue
        t = num / den
        if den < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return None
    return (p[0] + t0 * dx, p[1] + t0 * dy), (p[0] + t1 * dx, p[1] + t1 * dy)


def clip_lines(parts: list[tuple[list[Point], bool]], rect: Rect) -> list[list[Point]]:
    """Stroked polylines cut to ``rect``: a new piece wherever a line leaves and comes back."""
    pieces: list[list[Point]] = []
    for points, closed in parts:
        pts = [*points, points[0]] if closed and len(points) > 1 else points
        if len(pts) == 1:
            x, y = pts[0]
            if rect[0] <= x <= rect[0] + rect[2] and rect[1] <= y <= rect[1] + rect[3]:
                pieces.append([pts[0]])
            continue
        piece: list[Point] = []
        for p, q in itertools.pairwise(pts):
            cut = _segment(p, q, rect)
            if cut is None:
                if piece:
                    pieces.append(piece)
                piece = []
                continue
            a, b = cut
            if piece and piece[-1] == a:
                piece.append(b)
            else:
                if piece:
                    pieces.append(piece)
                piece = [a, b]
            if b != q:  # the line leaves here
                pieces.append(piece)
                piece = []
        if piece:
            pieces.append(piece)
    return pieces


def clip_polygon(points: list[Point], rect: Rect) -> list[Point]:
    """A filled outline cut to ``rect`` (Sutherland–Hodgman; the outline is closed)."""
    x0, y0, w, h = rect
    edges = (
        (lambda p: p[0] >= x0, lambda p, q: _at_x(p, q, x0)),
        (lambda p: p[0] <= x0 + w, lambda p, q: _at_x(p, q, x0 + w)),
        (lambda p: p[1] >= y0, lambda p, q: _at_y(p, q, y0)),
        (lambda p: p[1] <= y0 + h, lambda p, q: _at_y(p, q, y0 + h)),
    )
    out = points
    for inside, cross in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
    return out


def _at_x(p: Point, q: Point, x: float) -> Point:
    t = (x - p[0]) / (q[0] - p[0])
    return x, p[1] + t * (q[1] - p[1])


def _at_y(p: Point, q: Point, y: float) -> Point:
    t = (y - p[1]) / (q[1] - p[1])
    return p[0] + t * (q[0] - p[0]), y


def clipped_path(d: str, rect: Rect, filled: bool, fmt) -> str | None:
    """``d`` cut to ``rect`` (as a fill if ``filled``, else as lines); None if not cuttable.

    An empty string means nothing of the path is inside.
    """
    parts = subpaths(d)
    if parts is None:
        return None
    if filled:
        polys = [clip_polygon(points, rect) for points, _closed in parts]
        pieces = [(p, True) for p in polys if len(p) > 2]
    else:
        pieces = [(p, False) for p in clip_lines(parts, rect)]
    out = []
    for points, closed in pieces:
        head, rest = points[0], points[1:]
        text = f"M{fmt(head[0])},{fmt(head[1])}"
        if rest:
            text += " L" + " ".join(f"{fmt(x)},{fmt(y)}" for x, y in rest)
        out.append(text + (" Z" if closed else ""))
    return " ".join(out)
