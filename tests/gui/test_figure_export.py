"""Figures export at the right scale, the plots' context menu reaches the app's export, and
export failures read plainly."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QByteArray, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QFileDialog

from l1l2gui.core.descent import TrainingParams, train
from l1l2gui.gui.figure_export import png_bytes, svg_bytes
from l1l2gui.gui.palette import KIND_COLORS, LR_COLOR
from l1l2gui.gui.tabs.training.tab import TrainingTab
from l1l2gui.gui.widgets.plot_menu import EXPORT_TEXT


def _gray(image: QImage, size: tuple[int, int]) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8).scaled(*size)
    ptr = image.constBits()
    rows = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width()].astype(float)


def test_svg_renders_like_the_png_of_the_same_figure(qtbot) -> None:
    figure = TrainingTab.export_figure(train(TrainingParams()), 800, 600)
    qtbot.addWidget(figure)
    figure.show()
    qtbot.waitExposed(figure)
    png = QImage.fromData(png_bytes(figure, scale=1.0))
    renderer = QSvgRenderer(QByteArray(svg_bytes(figure)))
    assert renderer.isValid()
    svg = QImage(png.size(), QImage.Format.Format_ARGB32)
    svg.fill(QColor("white"))
    painter = QPainter(svg)
    renderer.render(painter, QRectF(0, 0, svg.width(), svg.height()))
    painter.end()
    a = _gray(png, (200, 150))
    b = _gray(svg, (200, 150))
    # dark pixels (text, axes, curves) in the same places: at 0.75 scale the axis text and
    # the tick labels shrink towards the top-left and the two images part
    dark_a, dark_b = a < 160, b < 160
    overlap = (dark_a & dark_b).sum() / max(dark_a.sum(), dark_b.sum())
    assert overlap > 0.8, f"only {overlap:.0%} of dark pixels coincide"
    assert np.abs(a - b).mean() < 6


def test_context_menu_export_opens_the_apps_export(window, tmp_path, monkeypatch) -> None:
    figure = window.tabs["training"].figure
    actions = figure.scene().contextMenu
    assert [a.text() for a in actions] == [EXPORT_TEXT]
    target = tmp_path / "menu.png"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "PNG image (*.png)")
    )
    actions[0].trigger()
    assert target.stat().st_size > 1000


def test_export_error_names_no_temporary_file(window, tmp_path, warnings_shown) -> None:
    path = tmp_path / "figure.png"
    path.mkdir()  # replacing a folder fails after the temporary file is written
    assert window.export_figure(str(path)) is False
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Could not save {path}: ")
    assert ".figure.png." not in message and "->" not in message


def test_a_failed_export_does_not_remember_a_missing_folder(window, tmp_path, warnings_shown):
    window.settings.setValue("export/folder", str(tmp_path))
    missing = tmp_path / "gone" / "data.json"
    assert window.export_data(str(missing)) is False
    assert "does not exist" in window.statusBar().currentMessage()
    assert window.settings.value("export/folder") == str(tmp_path)
    good = tmp_path / "sub"
    good.mkdir()
    assert window.export_data(str(good / "data.json"))
    assert window.settings.value("export/folder") == str(good)


def test_the_learning_rate_colour_is_far_from_every_loss_colour() -> None:
    def rgb(c: str) -> np.ndarray:
        return np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)], float)

    for kind, colour in KIND_COLORS.items():
        assert np.linalg.norm(rgb(LR_COLOR) - rgb(colour)) > 150, kind


def test_an_exported_figure_notes_the_divergence(tmp_path) -> None:
    from l1l2gui.cli import main

    out = tmp_path / "diverged.svg"
    assert main(["export", "training", "--set", "lr=1", "--out", str(out)]) == 0
    assert "L2 diverged at step 130" in out.read_text(encoding="utf-8")
    clean = tmp_path / "clean.svg"
    assert main(["export", "training", "--out", str(clean)]) == 0
    assert "diverged" not in clean.read_text(encoding="utf-8")


def test_a_diverged_figure_renders_from_svg_without_refused_shapes(qtbot) -> None:
    # QtSvg warns (and the suite fails on warnings) if a path reaches 1e35 off the view
    figure = TrainingTab.export_figure(train(TrainingParams(lr=1.0)), 800, 600)
    qtbot.addWidget(figure)
    figure.show()
    qtbot.waitExposed(figure)
    renderer = QSvgRenderer(QByteArray(svg_bytes(figure)))
    image = QImage(800, 600, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    lo, hi = figure.figure.w_plot.viewRange()[1]  # the run's plots (the landscape beside)
    _, y = figure.figure.w_curves["l2"].getData()
    assert y.min() >= lo - (hi - lo) and y.max() <= hi + (hi - lo)
