"""``l1l2gui --selftest`` from source: every tab passes; a broken export fails naming its tab."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSize

from l1l2gui import selftest as selftest_module
from l1l2gui.gui import main_window
from l1l2gui.gui.tabs import TAB_CLASSES
from l1l2gui.selftest import check_png, check_svg, selftest

TAB_NAMES = [cls.name for cls in TAB_CLASSES]


def test_cli_selftest_passes_every_tab():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "l1l2gui", "--selftest"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    for name in [*TAB_NAMES, selftest_module.SCIENCE, selftest_module.ICON]:
        assert any(line.startswith(f"selftest: {name}: ok") for line in lines), done.stdout
    count = f"{len(TAB_NAMES)} tab{'s' if len(TAB_NAMES) != 1 else ''}"
    assert lines[-1] == f"selftest: passed ({count}: {', '.join(TAB_NAMES)})"
    assert done.stderr == ""


@pytest.mark.parametrize("broken", TAB_NAMES)
def test_an_empty_export_fails_and_names_the_tab(broken, monkeypatch, capsys):
    real_save = main_window.save_figure

    def save(view, path, theme="light"):
        if Path(path).stem == broken and Path(path).suffix == ".png":
            Path(path).write_bytes(b"")  # "saved", but nothing in it
        else:
            real_save(view, path, theme)

    monkeypatch.setattr(main_window, "save_figure", save)
    assert selftest() == 1
    lines = capsys.readouterr().out.splitlines()
    assert f"selftest: {broken}: FAILED: PNG file is empty" in lines
    for name in TAB_NAMES:
        if name != broken:
            assert any(line.startswith(f"selftest: {name}: ok") for line in lines)
    assert lines[-1] == f"selftest: FAILED: {broken}"


def test_an_export_that_raises_fails_the_tab_not_the_run(monkeypatch, capsys):
    def save(view, path, theme="light"):
        raise RuntimeError("no painter")

    monkeypatch.setattr(main_window, "save_figure", save)
    assert selftest() == 1
    out = capsys.readouterr().out
    for name in TAB_NAMES:
        assert f"selftest: {name}: FAILED: RuntimeError: no painter" in out
    assert out.splitlines()[-1] == f"selftest: FAILED: {', '.join(TAB_NAMES)}"


def test_a_missing_estimator_fails_the_science_check(monkeypatch, capsys):
    monkeypatch.setattr(selftest_module, "check_science", lambda: "ImportError: no sklearn")
    assert selftest() == 1
    out = capsys.readouterr().out
    assert "selftest: scikit-learn/scipy: FAILED: ImportError: no sklearn" in out
    assert out.splitlines()[-1] == "selftest: FAILED: scikit-learn/scipy"


def test_png_check_catches_wrong_size_and_flat_images(tmp_path, qapp):
    from PySide6.QtGui import QColor, QImage

    path = tmp_path / "x.png"
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    image.save(str(path))
    assert check_png(path, QSize(40, 30)) == "PNG is one flat colour"
    image.setPixelColor(3, 4, QColor("#0072B2"))
    image.save(str(path))
    assert check_png(path, QSize(40, 30)) is None
    assert check_png(path, QSize(80, 60)) == "PNG is 40×30, expected 80×60"
    path.write_bytes(b"not a png")
    assert check_png(path, QSize(40, 30)) == "PNG does not load"


def test_svg_check_catches_broken_and_resized_files(tmp_path, qapp):
    path = tmp_path / "x.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" viewBox="0 0 40 30">'
        '<rect width="40" height="30" fill="#009E73"/></svg>'
    )
    assert check_svg(path, QSize(40, 30)) is None
    assert check_svg(path, QSize(80, 60)) == "SVG view box is 40×30, expected 80×60"
    path.write_text("<svg")
    assert check_svg(path, QSize(40, 30)).startswith("SVG is not well-formed XML")
    path.write_text("")
    assert check_svg(path, QSize(40, 30)) == "SVG file is empty"
