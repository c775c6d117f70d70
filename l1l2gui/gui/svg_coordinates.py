"""Rewrite QSvgGenerator output so every cosmetic stroke is in device coordinates.

QSvgGenerator writes a plot's curves in data coordinates under the view's transform
(e.g. ``matrix(0.86,0,0,-11494,…)``) and keeps their pens thin with
``vector-effect="non-scaling-stroke"``. Qt honours that attribute; librsvg and
ImageMagick do not, and scale the 1-pixel stroke by 11494 into a solid block. Here
each such shape gets its points mapped through the group's transform (the idea of
pyqtgraph's ``SVGExporter.correctCoordinates``), so the file needs no vector-effect
support to draw as Qt draws it. Shapes with scaling pens, text and images keep the
transform, on a group of their own.

QSvgGenerator also drops the plots' clipping: a curve running off its plot would be
drawn over the axes and the legend. The caller passes each plot's data transform and
its rectangle (device coordinates); lines and fills drawn with that transform are cut
to the rectangle (svg_clip).
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from .svg_clip import clipped_path

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_MATRIX = re.compile(r"^\s*matrix\(([^)]*)\)\s*$")
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PATH_TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_PAIR_COMMANDS = set("MLCSQT")  # absolute commands whose arguments are all (x, y) pairs
_KAPPA = 0.5522847498  # cubic Bézier control distance for a quarter ellipse
NON_SCALING = "non-scaling-stroke"

Matrix = tuple[float, float, float, float, float, float]
Rect = tuple[float, float, float, float]  # x, y, width, height
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _tag(element: ET.Element) -> str:
    return element.tag.rpartition("}")[2]


def parse_matrix(text: str | None) -> Matrix | None:
    """``matrix(a,b,c,d,e,f)`` as a tuple, or None for anything else."""
    match = _MATRIX.match(text or "")
    if match is None:
        return None
    values = [float(v) for v in _NUMBER.findall(match.group(1))]
    return tuple(values) if len(values) == 6 else None  # type: ignore[return-value]


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _fmt(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".") if math.isfinite(v) else "0"


def _points(m: Matrix, values: list[float]) -> str:
    pairs = (_apply(m, x, y) for x, y in zip(values[::2], values[1::2], strict=True))
    return " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in pairs)


def _map_path(m: Matrix, d: str) -> str | None:
    """``d`` mapped through ``m``, or None if it uses commands other than absolute pairs."""
    out: list[str] = []
    args: list[float] = []

    def flush() -> None:
        if len(args) % 2:
            raise ValueError("odd coordinate count")
        if args:
            out.append(_points(m, args))
        args.clear()

    try:
        for token in _PATH_TOKEN.findall(d):
            if token.isalpha():
                if token.upper() != "Z" and token not in _PAIR_COMMANDS:
                    return None
                flush()
                out.append(token)
            else:
                args.append(float(token))
        flush()
    except ValueError:
        return None
    return " ".join(out)


def _ellipse_path(cx: float, cy: float, rx: float, ry: float) -> str:
    kx, ky = rx * _KAPPA, ry * _KAPPA
    return (
        f"M{cx + rx},{cy} C{cx + rx},{cy + ky} {cx + kx},{cy + ry} {cx},{cy + ry} "
        f"C{cx - kx},{cy + ry} {cx - rx},{cy + ky} {cx - rx},{cy} "
        f"C{cx - rx},{cy - ky} {cx - kx},{cy - ry} {cx},{cy - ry} "
        f"C{cx + kx},{cy - ry} {cx + rx},{cy - ky} {cx + rx},{cy} Z"
    )


def _shape_as_path(element: ET.Element) -> str | None:
    """The outline of a rect, ellipse or circle as path data (in its own coordinates)."""
    get = element.get
    tag = _tag(element)
    try:
        if tag == "rect" and not get("rx") and not get("ry"):
            x, y = float(get("x", 0)), float(get("y", 0))
            w, h = float(get("width", 0)), float(get("height", 0))
            return f"M{x},{y} L{x + w},{y} L{x + w},{y + h} L{x},{y + h} Z"
        if tag == "ellipse":
            cx, cy = float(get("cx", 0)), float(get("cy", 0))
            return _ellipse_path(cx, cy, float(get("rx", 0)), float(get("ry", 0)))
        if tag == "circle":
            r = float(get("r", 0))
            return _ellipse_path(float(get("cx", 0)), float(get("cy", 0)), r, r)
    except ValueError:
        return None
    return None


def _to_device(element: ET.Element, m: Matrix) -> bool:
    """Map a non-scaling-stroke shape's geometry through ``m`` in place; False if unknown."""
    tag = _tag(element)
    if tag in ("polyline", "polygon"):
        # written as a path: ImageMagick 6.9 refuses a <polyline> with wide round caps
        try:
            values = [float(v) for v in _NUMBER.findall(element.get("points", ""))]
        except ValueError:
            return False
        if len(values) % 2 or not values:
            return False
        del element.attrib["points"]
        element.tag = f"{{{SVG_NS}}}path"
        close = " Z" if tag == "polygon" else ""
        rest = f" L{_points(m, values[2:])}" if len(values) > 2 else ""
        element.set("d", f"M{_points(m, values[:2])}{rest}{close}")
        return True
    if tag == "line":
        try:
            x1, y1, x2, y2 = (float(element.get(k, 0)) for k in ("x1", "y1", "x2", "y2"))
        except ValueError:
            return False
        (x1, y1), (x2, y2) = _apply(m, x1, y1), _apply(m, x2, y2)
        for key, v in zip(("x1", "y1", "x2", "y2"), (x1, y1, x2, y2), strict=True):
            element.set(key, _fmt(v))
        return True
    d = element.get("d") if tag == "path" else _shape_as_path(element)
    mapped = None if d is None else _map_path(m, d)
    if mapped is None:
        return False
    if tag != "path":  # a rect under a rotation is no longer a rect: write it as a path
        keep = {
            k: v
            for k, v in element.attrib.items()
            if k not in ("x", "y", "width", "height", "cx", "cy", "rx", "ry", "r")
        }
        element.clear()
        element.tag = f"{{{SVG_NS}}}path"
        element.attrib.update(keep)
    element.set("d", mapped)
    return True


def _is_identity(m: Matrix) -> bool:
    return all(abs(v - w) < 1e-12 for v, w in zip(m, IDENTITY, strict=True))


def _same(m: Matrix, n: Matrix) -> bool:
    """The same transform, as far as QSvgGenerator's six significant digits tell."""
    pairs = zip(m[:4], n[:4], strict=True)
    scale = all(abs(p - q) <= 1e-4 * max(abs(p), abs(q)) + 1e-9 for p, q in pairs)
    return scale and abs(m[4] - n[4]) < 0.05 and abs(m[5] - n[5]) < 0.05


def _clip_rect(m: Matrix, clips: Sequence[tuple[Matrix, Rect]]) -> Rect | None:
    """The rectangle of the plot that draws with ``m``, if one does."""
    return next((rect for n, rect in clips if _same(m, n)), None)


def _cut(group: ET.Element, child: ET.Element, rect: Rect) -> None:
    """Cut a device-coordinate path to ``rect``; drop it if nothing is inside."""
    fill = child.get("fill") or group.get("fill") or "black"
    stroke = child.get("stroke") or group.get("stroke") or "none"
    filled, stroked = fill != "none", stroke != "none"
    if filled and stroked:
        return  # an outline cut as a fill would be stroked along the plot's edge
    d = clipped_path(child.get("d", ""), rect, filled, _fmt)
    if d == "":
        group.remove(child)
    elif d is not None:
        child.set("d", d)


def device_coordinates(
    svg: bytes, clips: Sequence[tuple[Matrix, Rect]] = (), size: tuple[int, int] | None = None
) -> bytes:
    """``svg`` (QSvgGenerator's output) with cosmetic strokes in device coordinates.

    ``clips``: each plot's data-to-device transform and its rectangle on the device;
    the lines and fills drawn with that transform are cut to the rectangle. ``size``:
    the width and height written in pixels (QSvgGenerator writes millimetres, which
    librsvg rounds up to one pixel more than the view box).
    """
    root = ET.fromstring(svg)
    if size is not None:
        root.set("width", f"{size[0]}px")
        root.set("height", f"{size[1]}px")
    for group in list(root.iter(f"{{{SVG_NS}}}g")):
        m = parse_matrix(group.get("transform"))
        if m is None or _is_identity(m):
            for child in group:
                if _tag(child) in ("polyline", "polygon"):
                    _to_device(child, IDENTITY)
            continue
        matrix = group.attrib.pop("transform")
        rect = _clip_rect(m, clips)
        for index, child in enumerate(list(group)):
            cosmetic = child.get("vector-effect") == NON_SCALING
            if cosmetic and _to_device(child, m):
                if rect is not None:
                    _cut(group, child, rect)
            else:
                # text, images and scaling pens keep the transform, on a group of their own
                # in the same place (ImageMagick ignores a transform on a <text> element)
                wrapper = ET.Element(f"{{{SVG_NS}}}g", {"transform": matrix})
                group.remove(child)
                wrapper.append(child)
                group.insert(index, wrapper)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
