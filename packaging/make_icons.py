"""Render ``resources/l1l2gui.svg`` with QtSvg and pack ``l1l2gui.ico`` and ``l1l2gui.icns``.

Both containers hold plain PNGs, which every reader since Windows Vista and
macOS 10.7 accepts, so no image library beyond Qt is needed::

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

It also copies the SVG to ``l1l2gui/resources/icons/`` (the copy the running app
loads). Run it after editing the SVG and commit the outputs.
"""

from __future__ import annotations

import os
import shutil
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "l1l2gui.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, by pixel size (the @2x types share sizes).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
    (b"ic11", 32),
    (b"ic12", 64),
    (b"ic13", 256),
    (b"ic14", 512),
)


def png(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn on a transparent ``size``×``size`` square, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon: ICONDIR, one ICONDIRENTRY per size, then the PNGs."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in the one-byte field
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        blobs += data
        offset += len(data)
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon: ``icns`` + total length, then (type, length, PNG) elements."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"{SVG}: not a valid SVG", file=sys.stderr)
        return 1
    sizes = sorted(set(ICO_SIZES) | {size for _, size in ICNS_TYPES})
    pngs = {size: png(renderer, size) for size in sizes}
    (ROOT / "resources" / "l1l2gui.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (ROOT / "resources" / "l1l2gui.icns").write_bytes(icns(pngs))
    (ROOT / "resources" / "l1l2gui-256.png").write_bytes(pngs[256])
    shutil.copyfile(SVG, ROOT / "l1l2gui" / "resources" / "icons" / "l1l2gui.svg")
    print("wrote resources/l1l2gui.ico, l1l2gui.icns, l1l2gui-256.png and the runtime SVG")
    return 0


if __name__ == "__main__":
    sys.exit(main())
