"""The one background-compute mechanism: core generators run on a single QThread.

- A job is a factory ``make(is_cancelled) -> iterable`` submitted on a *channel*
  (a tab's name). Submitting on a channel cancels whatever that channel was
  running or had queued: the latest request wins.
- The thread advances every active job by one ``next()`` in turn, so a long
  job on one channel never starves another; cancellation takes effect at the
  job's next ``yield`` (or sooner, if the job polls ``is_cancelled``).
- GUI first: a job steps only while the GUI thread sleeps in its event loop (see
  :meth:`ComputeWorker.set_gui_first`), so drawing, dragging and zooming never wait
  for the GIL behind a computation (``benchmarks/gil_contention.py``).
- Results go into a mailbox that the GUI thread empties at most once per frame: at
  most one result per channel per frame reaches the tab, intermediate ones are
  dropped, and only the newest request id of a channel is ever delivered. Mail in
  an empty mailbox a frame or more after the last delivery goes out at once (a
  drag's first fit of a new position does not wait for the frame clock).
- A job that raises delivers its message through :attr:`ComputeWorker.jobFailed`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractEventDispatcher,
    QCoreApplication,
    QObject,
    Qt,
    QThread,
    QTimer,
    Signal,
)

from ..core import cooperate

JobFactory = Callable[[Callable[[], bool]], Iterable[Any]]
FRAME_MS = 16
# The GUI thread goes first. While it is awake (drawing results, handling a drag, a
# wheel, a tick of playing) the compute thread waits between job steps with the GIL
# released; it computes while the GUI thread sleeps in its event loop. Without this,
# a frame that costs 11 ms of the GUI thread's time took 240 ms beside a thread
# running Python: painting hands the GIL to Qt and back dozens of times, and each
# time the GUI thread waited for the other to give it up (benchmarks/gil_contention.py).
# Bounded, so a GUI thread that never sleeps cannot stop the computation. (A step
# already under way shares the GIL unless its loop reaches pause points, see
# core.cooperate; app.py shortens Python's switch interval for the rest.)
DRAW_TURN_MAX_S = 0.05
# A delivery that finds the GUI thread already this long at work in the same pass of the
# event loop (a drag's redraw, a wheel notch) waits for the next pass: the two frames'
# work then has the loop's timers and input between them instead of adding up. The
# Training tab's drawing owed for later (a frame's second half, a zoom's other plots)
# follows the same rule (pass_busy). Measured with make bench's scenarios: 3 ms left a
# wheel notch (1-2 ms) and a frame's second half in one pass (training/zoom 17.7 ms);
# 1 ms brought it to 15.5 ms, every other scenario unchanged or better.
SHARE_PASS_MAX_S = 0.001


@dataclass
class _Job:
    channel: str
    request_id: int
    make: JobFactory
    cancelled: threading.Event = field(default_factory=threading.Event)
    iterator: Iterator[Any] | None = None


@dataclass
class _Mail:
    request_id: int
    result: Any = None
    has_result: bool = False
    outcome: str | None = None  # "finished" or "failed"
    message: str = ""


class _Thread(QThread):
    def __init__(self, worker: ComputeWorker) -> None:
        super().__init__()
        self.setObjectName("l1l2gui-compute")
        self._worker = worker

    def run(self) -> None:
        self._worker._serve()


class ComputeWorker(QObject):
    """Runs core generators off the GUI thread; see the module docstring for the rules."""

    resultReady = Signal(str, int, object)  # channel, request id, result
    jobFinished = Signal(str, int)  # channel, request id
    jobFailed = Signal(str, int, str)  # channel, request id, message
    busyChanged = Signal(str, bool)  # channel, running
    _mailed = Signal()  # from the compute thread: mail in an empty mailbox

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cond = threading.Condition()
        self._pending: dict[str, _Job] = {}
        self._running: dict[
            str, _Job
        ] = {}  # guarded by _cond; iterators touched by the thread only
        self._mail: dict[str, _Mail] = {}
        self._latest: dict[str, int] = {}
        self._next_id = 0
        self._stopping = False
        self._busy: set[str] = set()
        self._may_compute = threading.Event()  # cleared while the GUI thread is awake
        self._may_compute.set()
        self._hooks: list = []
        self._hooked = False
        self._waking: _Waking | None = None
        self._stepping: _Job | None = None  # the job whose step runs (worker thread only)
        self.set_gui_first(True)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._deliver)
        self._delivered_at = 0.0  # perf_counter of the last delivery of mail
        self._mailed.connect(self._on_mailed, Qt.ConnectionType.QueuedConnection)
        self._next_pass = QTimer(self, singleShot=True, interval=0)
        self._next_pass.timeout.connect(lambda: self._deliver(waited=True))
        self._thread = _Thread(self)
        self._thread.start()

    # ------------------------------------------------------------ GUI thread
    def submit(self, channel: str, make: JobFactory) -> int:
        """Queue ``make`` on ``channel``, cancelling the channel's previous job; return its id.

        After :meth:`shutdown` nothing runs and the id is -1.
        """
        with self._cond:
            if self._stopping:
                return -1
            self._next_id += 1
            job = _Job(channel, self._next_id, make)
            for old in (self._pending.get(channel), self._running.get(channel)):
                if old is not None:
                    old.cancelled.set()
            self._mail.pop(channel, None)  # never delivered now: it must not take a frame
            self._pending[channel] = job
            self._latest[channel] = job.request_id
            self._cond.notify_all()
        self._set_busy(channel, True)
        self._timer.start()
        return job.request_id

    def cancel(self, channel: str) -> None:
        """Stop ``channel``'s job at its next yield; nothing more of it is delivered."""
        with self._cond:
            for job in (self._pending.pop(channel, None), self._running.get(channel)):
                if job is not None:
                    job.cancelled.set()
            self._latest[channel] = -1
            self._mail.pop(channel, None)
            self._cond.notify_all()
        self._set_busy(channel, False)

    def is_busy(self, channel: str) -> bool:
        return channel in self._busy

    def pass_busy(self) -> bool:
        """Whether the GUI thread has already worked a while in this pass of the event loop
        (:data:`SHARE_PASS_MAX_S`): drawing that can wait a pass should (see _deliver)."""
        waking = self._waking
        return waking is not None and waking.awake_s() > SHARE_PASS_MAX_S

    def latest_id(self, channel: str) -> int:
        return self._latest.get(channel, -1)

    def shutdown(self, timeout_ms: int = 5000) -> bool:
        """Cancel every job and stop the thread; True if it stopped within ``timeout_ms``."""
        with self._cond:
            self._stopping = True
            for job in (*self._pending.values(), *self._running.values()):
                job.cancelled.set()
            self._pending.clear()
            self._mail.clear()
            self._cond.notify_all()
        self._timer.stop()
        self._next_pass.stop()
        self._unhook()  # the thread ends without waiting for this one to sleep
        stopped = self._thread.wait(timeout_ms)
        for channel in list(self._busy):
            self._set_busy(channel, False)
        return bool(stopped)

    def set_gui_first(self, on: bool) -> None:
        """Let the computation run only while the GUI thread sleeps (on by default).

        The event dispatcher says when the GUI thread is about to sleep (``aboutToBlock``);
        the first event it handles after waking (a timer, input, a posted call) reaches
        :class:`_Waking`, an application event filter, which stops the computation at its
        next step. (The dispatcher's own ``awake`` comes too late: the glib dispatcher
        emits it after the iteration has handled its events.)

        Off: it runs beside the GUI thread, pausing only while delivered results are
        drawn (for benchmarks to compare).
        """
        self._unhook()
        app = QCoreApplication.instance()
        dispatcher = QAbstractEventDispatcher.instance(self.thread())
        if on and app is not None and dispatcher is not None:
            self._waking = _Waking(app, self._may_compute)
            self._hooks = [
                dispatcher.aboutToBlock.connect(
                    self._waking.sleep, Qt.ConnectionType.DirectConnection
                )
            ]
            self._hooked = True

    def _unhook(self) -> None:
        for hook in self._hooks:
            QObject.disconnect(hook)
        if self._waking is not None:
            self._waking.stop()
            self._waking = None
        self._hooks, self._hooked = [], False
        self._may_compute.set()

    def _set_busy(self, channel: str, busy: bool) -> None:
        if busy != (channel in self._busy):
            (self._busy.add if busy else self._busy.discard)(channel)
            self.busyChanged.emit(channel, busy)

    def _on_mailed(self) -> None:
        """Mail arrived in an empty mailbox: deliver now if a frame has passed since the
        last delivery (else the frame clock, restarted by that delivery, brings it)."""
        if time.perf_counter() - self._delivered_at >= FRAME_MS / 1000:
            self._deliver()

    def _deliver(self, waited: bool = False) -> None:
        if not waited and self.pass_busy():
            with self._cond:
                has_mail = bool(self._mail)
            if has_mail:
                self._next_pass.start()
                return
        self._next_pass.stop()
        with self._cond:
            mail, self._mail = self._mail, {}
            idle = not self._pending and not self._running
        if mail:
            self._may_compute.clear()
            self._delivered_at = time.perf_counter()
            self._timer.start()  # the next delivery a whole frame after this one
        try:
            self._emit(mail)
            if mail:
                # draw now, inside the turn: the scene's updates and the repaint are posted events
                QCoreApplication.sendPostedEvents()
        finally:
            if not self._hooked:  # else the GUI thread's next sleep lets the computation go on
                self._may_compute.set()
        if idle:
            with self._cond:
                if not self._mail and not self._pending and not self._running:
                    self._timer.stop()

    def _emit(self, mail: dict[str, _Mail]) -> None:
        for channel, m in mail.items():
            if m.request_id != self._latest.get(channel):
                continue  # a newer request was made after this one was posted
            if m.has_result:
                self.resultReady.emit(channel, m.request_id, m.result)
            if m.outcome is not None:
                self._set_busy(channel, False)
                if m.outcome == "finished":
                    self.jobFinished.emit(channel, m.request_id)
                else:
                    self.jobFailed.emit(channel, m.request_id, m.message)

    # --------------------------------------------------------- worker thread
    def _serve(self) -> None:
        cooperate.register(self._pause_in_step)
        try:
            self._serve_jobs()
        finally:
            cooperate.unregister()

    def _pause_in_step(self) -> None:
        """A pause point of the job under way (see :mod:`..core.cooperate`): wait while
        the GUI thread is awake, as between steps."""
        job = self._stepping
        if job is not None and job.cancelled.is_set():
            return  # a newer request waits for this step's end: no pause on its way out
        if self._hooked and not self._may_compute.is_set():
            # a GUI thread awake for longer than a drawing turn (a loop of
            # processEvents that never sleeps) does not hold the computation any more
            waking = self._waking
            awake = waking.awake_s() if waking is not None else 0.0
            if awake < DRAW_TURN_MAX_S:
                self._may_compute.wait(DRAW_TURN_MAX_S - awake)

    def _serve_jobs(self) -> None:
        while True:
            with self._cond:
                while not (self._stopping or self._pending or self._running):
                    self._cond.wait()
                if self._stopping:
                    jobs = list(self._running.values())
                    self._running.clear()
                    break
                replaced = []
                for channel, job in self._pending.items():
                    if channel in self._running:
                        replaced.append(self._running[channel])
                    self._running[channel] = job
                self._pending.clear()
                turn = list(self._running.values())
            for job in replaced:
                self._close(job)
            for job in turn:
                if not job.cancelled.is_set():  # a cancelled job is only closed: no wait
                    self._give_way()
                self._advance(job)
        for job in jobs:
            self._close(job)

    def _give_way(self) -> None:
        """Wait while the GUI thread is awake (see DRAW_TURN_MAX_S)."""
        self._may_compute.wait(DRAW_TURN_MAX_S)

    def _advance(self, job: _Job) -> None:
        if job.cancelled.is_set():
            self._retire(job)
            return
        self._stepping = job
        try:
            if job.iterator is None:
                job.iterator = iter(job.make(job.cancelled.is_set))
            result = next(job.iterator)
        except StopIteration:
            self._retire(job, "finished")
        except Exception as exc:  # a job's failure is a message for its tab, not a crash
            self._retire(job, "failed", _message(exc))
        else:
            with self._cond:
                if not job.cancelled.is_set():
                    first = not self._mail
                    mail = self._mail.setdefault(job.channel, _Mail(job.request_id))
                    if mail.request_id != job.request_id:
                        mail = self._mail[job.channel] = _Mail(job.request_id)
                    mail.result, mail.has_result = result, True
                    if first:
                        self._mailed.emit()

    def _retire(self, job: _Job, outcome: str | None = None, message: str = "") -> None:
        self._close(job)
        with self._cond:
            if self._running.get(job.channel) is job:
                del self._running[job.channel]
            if outcome is not None and not job.cancelled.is_set():
                mail = self._mail.get(job.channel)
                first = not self._mail
                if mail is None or mail.request_id != job.request_id:
                    mail = self._mail[job.channel] = _Mail(job.request_id)
                mail.outcome, mail.message = outcome, message
                if first:
                    self._mailed.emit()

    @staticmethod
    def _close(job: _Job) -> None:
        close = getattr(job.iterator, "close", None)
        if close is not None:
            with contextlib.suppress(Exception):  # a failing close must not stop the thread
                close()
        job.iterator = None


class _Waking(QObject):
    """Clears ``may_compute`` at the first event the GUI thread handles after a sleep.

    Installed as an application event filter only between ``sleep()`` and that first
    event, so the GUI thread pays one Python call per wake, not one per event.
    """

    def __init__(self, app: QCoreApplication, may_compute: threading.Event) -> None:
        super().__init__()
        self._app, self._may_compute, self._installed = app, may_compute, False
        self._woke = time.perf_counter()

    def awake_s(self) -> float:
        """Seconds since the GUI thread took its first event of this pass of the loop."""
        return 0.0 if self._installed else time.perf_counter() - self._woke

    def sleep(self) -> None:
        self._may_compute.set()
        if not self._installed:
            self._app.installEventFilter(self)
            self._installed = True

    def eventFilter(self, _obj, _event) -> bool:
        self._woke = time.perf_counter()
        self._may_compute.clear()
        self._app.removeEventFilter(self)
        self._installed = False
        return False

    def stop(self) -> None:
        if self._installed:
            self._app.removeEventFilter(self)
            self._installed = False


def _message(exc: BaseException) -> str:
    if isinstance(exc, ValueError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
