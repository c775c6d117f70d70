"""Every control says what it does (tooltips) and Tab walks the controls in visual order."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QScrollArea,
    QScrollBar,
    QTabBar,
    QTableView,
    QWidget,
)

from l1l2gui.gui.widgets.explanation import ExplanationPanel
from l1l2gui.gui.widgets.param_form import ParamForm

INTERACTIVE = (QAbstractButton, QAbstractSpinBox, QComboBox, QAbstractSlider, QLineEdit)
# Qt's own parts of a control: a spin box's or combo box's line edit, a tab bar's scroll
# arrows, a table's corner button. Their parent's tooltip is the one Qt shows.
QT_PARTS = ("qt_", "ScrollLeftButton", "ScrollRightButton")


def _is_qt_part(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    return (
        widget.objectName().startswith(QT_PARTS)
        or isinstance(widget, QScrollBar)
        or isinstance(parent, (QAbstractSpinBox, QComboBox))
    )


def _describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QAbstractButton, QLineEdit)) else ""
    return f"{type(widget).__name__}(name={widget.objectName()!r}, text={text!r})"


def _untipped(root: QWidget) -> list[str]:
    missing = []
    for widget in root.findChildren(QWidget):
        if isinstance(widget, INTERACTIVE) and not _is_qt_part(widget) and not widget.toolTip():
            missing.append(_describe(widget))
        if isinstance(widget, QTabBar):
            missing += [
                f"tab {widget.tabText(i)!r}"
                for i in range(widget.count())
                if not widget.tabToolTip(i)
            ]
        if isinstance(widget, QTableView):  # its column headers, where it has them
            model, header = widget.model(), widget.horizontalHeader()
            across, tip = Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
            if model is not None and not header.isHidden():
                missing += [
                    f"column {model.headerData(c, across)!r} of a table"
                    for c in range(model.columnCount())
                    if not model.headerData(c, across, tip)
                ]
    return missing


def test_every_control_of_every_tab_has_a_tooltip(window):
    missing = {name: _untipped(tab) for name, tab in window.tabs.items()}
    tab_bar = window.tabs_widget.tabBar()
    missing["main window"] = [
        f"tab {tab_bar.tabText(i)!r}" for i in range(tab_bar.count()) if not tab_bar.tabToolTip(i)
    ]
    missing = {name: found for name, found in missing.items() if found}
    assert not missing, f"controls without a tooltip: {missing}"


def test_a_parameter_tooltip_gives_the_fields_help_and_range(window):
    training = window.tabs["training"]
    lr = next(f for f in training.model.fields if f.name == "lr")
    tip = training.form.editor("lr").toolTip()
    assert lr.help in tip and lr.range_text() in tip
    kinds = next(f for f in training.model.fields if f.name == "kinds")
    box = training.form.check_box("kinds", "l2")
    assert box.text() in box.toolTip() and kinds.range_text() in box.toolTip()


def test_the_probe_finds_a_control_without_a_tooltip(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    QComboBox(root).setObjectName("bare")
    QAbstractSpinBox(root).setToolTip("has one")
    assert _untipped(root) == ["QComboBox(name='bare', text='')"]


# ---------------------------------------------------------------- tab order
def _views(tab):
    return getattr(tab, "views", None) or tab.view_bar


def _control(widget: QWidget) -> QWidget:
    parent = widget.parentWidget()
    return parent if isinstance(parent, QAbstractSpinBox) else widget


def _tab_walk(window, tab) -> list[QWidget]:
    """The widgets Tab gives the keyboard to, from the preset box until it leaves ``tab``."""
    tab.preset_box.setFocus()
    walked: list[QWidget] = []
    for _ in range(80):
        focus = QApplication.focusWidget()
        assert focus is not None, "nothing has the keyboard"
        focus = _control(focus)
        if not tab.isAncestorOf(focus) or focus in walked:
            break
        walked.append(focus)
        window.focusNextChild()
    return walked


def _reachable(widget: QWidget) -> bool:
    tab_focus = Qt.FocusPolicy.TabFocus
    return widget.isVisible() and widget.isEnabled() and bool(widget.focusPolicy() & tab_focus)


@pytest.mark.parametrize("name", ["training", "regularization", "outliers", "likelihood"])
def test_tab_walks_the_controls_in_visual_order(qtbot, window, name):
    tab = window.tabs[name]
    window.show_tab(tab)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5_000)
    column = tab.preset_box
    while not isinstance(column, QScrollArea):
        column = column.parentWidget()
    views = _views(tab)
    for index in range(views.count()):
        views.setCurrentIndex(index)
        # an explanation is greyed (so not a Tab stop) while its numbers are being recomputed
        panels = [p for p in tab.findChildren(ExplanationPanel) if p.isVisible()]
        qtbot.waitUntil(lambda ps=panels: all(p.isEnabled() for p in ps), timeout=30_000)
        walked = _tab_walk(window, tab)
        where = f"{name}, view {index}: "
        in_column = [column.isAncestorOf(w) for w in walked]
        # the control column first, then the figure side: never back into the column
        n = in_column.count(True)
        assert in_column == [True] * n + [False] * (len(walked) - n), where + str(walked)
        assert walked[:2] == [tab.preset_box, tab.defaults_button], where + str(walked[:2])
        # the forms' fields in the forms' order, with nothing between them
        forms = sorted(
            (f for f in column.findChildren(ParamForm) if f.isVisible()),
            key=lambda f: f.mapTo(tab, QPoint(0, 0)).y(),
        )
        expected = [c for form in forms for c in form.controls() if _reachable(c)]
        start = walked.index(expected[0])
        assert walked[start : start + len(expected)] == expected, where + "form order"
        # the whole column top to bottom, left to right within a row
        spots = [w.mapTo(tab, QPoint(0, w.height() // 2)) for w in walked[:n]]
        rows = [(p.y(), p.x()) for p in spots]
        for (y0, x0), (y1, x1), w in zip(rows, rows[1:], walked[1:n], strict=False):
            same_row = abs(y1 - y0) <= 12
            assert (x1 > x0) if same_row else (y1 > y0), where + _describe(w)
        # the explanation is the last stop in the tab
        assert isinstance(walked[-1], ExplanationPanel), where + _describe(walked[-1])
