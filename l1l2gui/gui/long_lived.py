"""The window's own objects are left out of Python's cyclic garbage collection.

A full collection walks every object Python tracks: with the four tabs built that is
about 180,000 objects (plot items, widgets' wrappers, fields, texts) and ~140 ms on the
2-core machine the benchmarks run on. Python starts one whenever enough objects have
survived earlier collections, in whichever thread allocates, and holds the GIL while it
runs: the GUI thread then stops for 140 ms wherever it is, in a drag or a stream.

Those objects live as long as the window. ``gc.freeze()`` moves every object that exists
to a permanent generation the collector never walks, so a later collection walks only
what came after (results, texts of one run): a millisecond, not a frame's hundred. The
window freezes after each tab is built (the first as the window shows), collecting the
garbage of that moment first, so only live objects are kept out.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class LongLived(QObject):
    """Freezes what exists, in the event loop's next turn after :meth:`soon`."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.freezes = 0
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._freeze)

    def soon(self) -> None:
        """Freeze after the current turn (a tab just built has drawn its first frame)."""
        self._timer.start()

    def _freeze(self) -> None:
        gc.collect()  # what is garbage now is not kept
        gc.freeze()
        self.freezes += 1
