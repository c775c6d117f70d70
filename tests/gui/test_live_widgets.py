"""The widgets that change every frame: no window layout per text, no synchronous repaint."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from l1l2gui.gui.widgets.live_widgets import LiveLabel, LiveProgressBar


class _Count(QObject):
    def __init__(self, kind: QEvent.Type) -> None:
        super().__init__()
        self.kind, self.n = kind, 0

    def eventFilter(self, obj, event) -> bool:
        if event.type() == self.kind:
            self.n += 1
        return False


@pytest.fixture
def page(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel("above"))
    qtbot.addWidget(window)
    return window, layout


def _layouts_after(qtbot, window, change) -> int:
    count = _Count(QEvent.Type.LayoutRequest)
    window.installEventFilter(count)
    change()
    QCoreApplication.sendPostedEvents()  # the layout requests and repaints it posted
    window.removeEventFilter(count)
    return count.n


def test_a_new_text_that_fits_does_not_lay_the_window_out_again(qtbot, page):
    window, layout = page
    label = LiveLabel()
    layout.addWidget(label)
    window.show()
    label.setText("<b>step 1000</b> w = 1.234")
    QCoreApplication.sendPostedEvents()
    assert _layouts_after(qtbot, window, lambda: label.setText("<b>step 1001</b> w = 1.235")) == 0
    assert label.text() == "<b>step 1001</b> w = 1.235"
    assert label.toPlainText() == "step 1001 w = 1.235"
    # more room needed (a longer line, a second line): the layout runs, the label grows
    width, height = label.sizeHint().width(), label.sizeHint().height()
    assert _layouts_after(qtbot, window, lambda: label.setText("x" * 80 + "<br>second")) >= 1
    assert label.sizeHint().width() > width and label.sizeHint().height() > height
    # a plain QLabel lays the window out for every text, which is what LiveLabel avoids
    plain = QLabel("step 1")
    layout.addWidget(plain)
    QCoreApplication.sendPostedEvents()
    assert _layouts_after(qtbot, window, lambda: plain.setText("step 2")) >= 1


def test_a_longer_text_within_the_room_given_asks_for_no_layout(qtbot, page):
    window, layout = page
    label = LiveLabel()
    layout.addWidget(label)  # stretched across the window: wider than its text
    window.resize(600, 200)
    window.show()
    label.setText("w = 1.5")
    qtbot.waitUntil(lambda: label.width() > 300)
    hint = label.sizeHint().width()
    assert _layouts_after(qtbot, window, lambda: label.setText("w = 1.523456789012")) == 0
    assert label.sizeHint().width() > hint  # the hint still follows, for the next layout
    assert label.toPlainText() == "w = 1.523456789012"


def test_a_shorter_text_keeps_the_width_and_a_wrapped_label_fits_its_width(qtbot, page):
    window, layout = page
    label = LiveLabel(wrap=True)
    layout.addWidget(label)
    window.resize(200, 300)
    window.show()
    label.setText("word " * 60)
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    one_line = label.fontMetrics().lineSpacing()
    assert label.hasHeightForWidth()
    assert label.heightForWidth(label.width()) > 3 * one_line  # wrapped into many lines
    assert label.heightForWidth(2000) < label.heightForWidth(label.width())
    wide = label.sizeHint().width()
    label.setText("short")
    assert label.sizeHint().width() == wide  # width only grows: no layout on shorter digits


def test_progress_bar_repaints_with_the_frame_not_inside_set_value(qtbot):
    bar = LiveProgressBar()
    bar.setRange(0, 100)
    qtbot.addWidget(bar)
    bar.show()
    qtbot.waitExposed(bar)
    paints = _Count(QEvent.Type.Paint)
    bar.installEventFilter(paints)
    bar.setValue(40)
    assert bar.value() == 40 and paints.n == 0
    qtbot.waitUntil(lambda: paints.n >= 1)  # the next frame paints it
    painted = paints.n
    bar.setValue(40)  # unchanged: nothing to draw, not even later
    bar.setValue(41)
    assert paints.n == painted and bar.updatesEnabled()
    qtbot.waitUntil(lambda: paints.n > painted)


def test_explanation_lays_out_in_the_next_turn_and_reading_it_is_never_stale(qtbot):
    from l1l2gui.gui.widgets.explanation import ExplanationPanel

    panel = ExplanationPanel()
    qtbot.addWidget(panel)
    panel.resize(300, 120)
    panel.show()
    panel.set_html("<p>" + "line<br>" * 80 + "</p>")
    qtbot.waitUntil(lambda: panel.document().toPlainText().startswith("line"))
    bar = panel.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    panel.set_html("<p>first</p>")
    panel.set_html("<p>" + "newest<br>" * 80 + "</p>")
    assert panel.document().toPlainText().startswith("line")  # not laid out in this turn
    qtbot.waitUntil(lambda: panel.document().toPlainText().startswith("newest"))
    assert bar.value() == kept  # the reader keeps their place when the numbers change
    panel.set_html("<p>read at once</p>")
    assert panel.toPlainText() == "read at once"  # reading lays out what is pending


def test_a_wrapped_label_paints_at_its_own_width_after_height_for_width(qtbot, page):
    """The layout asks heightForWidth at other widths; the text still wraps at the label's."""
    window, layout = page
    label = LiveLabel(wrap=True)
    layout.addWidget(label)
    window.resize(220, 200)
    window.show()
    qtbot.waitExposed(window)
    label.setText("after 20 steps: " + " · ".join(f"method {k} ends at 1.7{k}" for k in range(6)))
    label.heightForWidth(2000)  # as a layout pass does with the size hint's width
    label.grab()
    assert label._doc.textWidth() == label.width() < 2000
    assert label._doc.size().width() <= label.width()


def test_a_wrapped_label_draws_at_its_own_width_whatever_width_the_layout_asks_about(qtbot):
    label = LiveLabel(wrap=True)
    qtbot.addWidget(label)
    label.resize(200, 100)
    label.setText("one word after another " * 20)
    tall = label.heightForWidth(120)
    short = label.heightForWidth(2000)
    assert tall > short
    # the layout's questions leave the text wrapped at the label's width (a line ran
    # past the label's right edge when the last question was about a wider one)
    assert label._doc.textWidth() == 200
