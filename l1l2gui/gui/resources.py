"""Where bundled files live: in the package, or in PyInstaller's unpack folder."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_path(*parts: str) -> Path:
    """Path of a file under ``l1l2gui/resources``: from source, an installed wheel, or frozen.

    From source and from a wheel the folder sits beside this package; a frozen build
    (packaging/l1l2gui.spec) copies it to ``<sys._MEIPASS>/l1l2gui/resources``.
    """
    base = getattr(sys, "_MEIPASS", None)
    root = Path(base) / "l1l2gui" if base else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)


def read_text(*parts: str) -> str:
    return resource_path(*parts).read_text(encoding="utf-8")
