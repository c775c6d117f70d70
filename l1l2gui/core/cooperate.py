"""Pause points: where a long computation lets a waiting interface go first.

The core runs in a worker thread beside the GUI thread, and both need Python's GIL. While
both are runnable Python hands the GIL back and forth every switch interval, so a frame
drawn during a computation's step runs at about half speed until the step ends. The app's
worker lets a step *start* only while the GUI thread sleeps; a loop that calls
:func:`pause_point` about every millisecond also lets a step under way wait there while
the GUI thread is awake. Outside a registered thread (the command line, tests, a script)
a pause point does nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

_PAUSES: dict[int, Callable[[], None]] = {}


def register(pause: Callable[[], None]) -> None:
    """Call ``pause`` at every pause point reached by the calling thread (until unregistered)."""
    _PAUSES[threading.get_ident()] = pause


def unregister() -> None:
    _PAUSES.pop(threading.get_ident(), None)


def pause_point() -> None:
    """Let the registered pause of this thread wait, if it must; else return at once."""
    pause = _PAUSES.get(threading.get_ident())
    if pause is not None:
        pause()
