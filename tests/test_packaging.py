"""What the frozen build relies on: one resource helper, the version from metadata, the icons."""

from __future__ import annotations

import struct
import sys
import tomllib
from pathlib import Path

import l1l2gui
from l1l2gui.gui.resources import resource_path

ROOT = Path(__file__).resolve().parent.parent


def test_resource_path_from_source_finds_the_bundled_files():
    assert resource_path("icons", "l1l2gui.svg").is_file()
    assert resource_path("explanations", "training.html").is_file()


def test_resource_path_when_frozen_looks_in_the_unpack_folder(monkeypatch, tmp_path):
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert resource_path("icons", "x.svg") == tmp_path / "l1l2gui" / "resources" / "icons" / "x.svg"


def test_version_is_the_installed_metadata_of_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert l1l2gui.__version__ == project["version"]


def test_runtime_icon_is_the_resources_svg():
    runtime = resource_path("icons", "l1l2gui.svg").read_bytes()
    assert runtime == (ROOT / "resources" / "l1l2gui.svg").read_bytes()


def test_ico_and_icns_hold_pngs_of_the_promised_sizes():
    ico = (ROOT / "resources" / "l1l2gui.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind) == (0, 1)
    sizes = set()
    for i in range(count):
        entry = ico[6 + 16 * i : 22 + 16 * i]
        width, _, _, _, _, _, length, offset = struct.unpack("<BBBBHHII", entry)
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert offset + length <= len(ico)
        sizes.add(width or 256)
    assert sizes == {16, 24, 32, 48, 64, 128, 256}
    icns = (ROOT / "resources" / "l1l2gui.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    kinds, at = [], 8
    while at < len(icns):
        kinds.append(icns[at : at + 4])
        (length,) = struct.unpack(">I", icns[at + 4 : at + 8])
        assert icns[at + 8 : at + 16] == b"\x89PNG\r\n\x1a\n"
        at += length
    assert at == len(icns) and b"ic10" in kinds and b"icp4" in kinds


def test_desktop_entry_names_the_executable_and_icon():
    lines = (ROOT / "resources" / "l1l2gui.desktop").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    entry = dict(line.split("=", 1) for line in lines[1:] if "=" in line)
    assert (entry["Exec"], entry["Icon"], entry["Type"]) == ("l1l2gui", "l1l2gui", "Application")
