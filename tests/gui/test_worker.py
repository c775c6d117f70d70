"""ComputeWorker: newest request wins, cancellation, failures, fairness, coalescing, shutdown.

Every wait is on a worker signal (emitted on the GUI thread by the delivery
timer) or on ``qtbot.waitUntil``; jobs block on ``threading.Event`` with a
timeout, so nothing here can hang.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from l1l2gui.gui.worker import ComputeWorker

WAIT_MS = 10_000
EVENT_TIMEOUT_S = 10.0  # a job never blocks longer than this, even if the test fails


@pytest.fixture
def worker(qtbot):
    w = ComputeWorker(None)
    yield w
    assert w.shutdown(), "the compute thread did not stop"
    assert not w._thread.isRunning()


class Recorder:
    """Everything a worker delivered, in order, per signal."""

    def __init__(self, worker: ComputeWorker) -> None:
        self.results: list[tuple[str, int, object]] = []
        self.finished: list[tuple[str, int]] = []
        self.failed: list[tuple[str, int, str]] = []
        self.busy: list[tuple[str, bool]] = []
        worker.resultReady.connect(lambda c, i, r: self.results.append((c, i, r)))
        worker.jobFinished.connect(lambda c, i: self.finished.append((c, i)))
        worker.jobFailed.connect(lambda c, i, m: self.failed.append((c, i, m)))
        worker.busyChanged.connect(lambda c, b: self.busy.append((c, b)))

    def results_of(self, channel: str) -> list[tuple[int, object]]:
        return [(i, r) for c, i, r in self.results if c == channel]


def counting(n: int, tag: object = None) -> Callable[[Callable[[], bool]], Iterator[object]]:
    def make(_is_cancelled):
        for i in range(n):
            yield (tag, i)

    return make


def endless(
    started: threading.Event | None = None,
    closed: threading.Event | None = None,
    release: threading.Event | None = None,
    log: list[str] | None = None,
):
    """Yields 0, 1, 2, … until ``release`` is set (or a huge bound); records how it ended."""

    def make(_is_cancelled):
        i = 0
        try:
            while release is None or not release.is_set():
                yield i
                i += 1
                if started is not None:
                    started.set()
                if i > 50_000_000:  # a bound, so a broken worker cannot spin forever
                    return
        except GeneratorExit:
            if log is not None:
                log.append("closed early")
            raise
        finally:
            if closed is not None:
                closed.set()

    return make


def test_a_simple_job_delivers_its_last_result_then_finishes(qtbot, worker):
    rec = Recorder(worker)
    with qtbot.waitSignal(worker.jobFinished, timeout=WAIT_MS) as blocker:
        request = worker.submit("a", counting(5, "x"))
    assert blocker.args == ["a", request]
    assert request > 0
    assert rec.results_of("a")[-1] == (request, ("x", 4))
    assert rec.failed == []
    assert rec.busy == [("a", True), ("a", False)]
    assert not worker.is_busy("a")
    assert worker.latest_id("a") == request


def test_fifty_rapid_requests_deliver_only_the_newest(qtbot, worker):
    rec = Recorder(worker)
    ids = [worker.submit("train", counting(20, k)) for k in range(50)]
    assert ids == sorted(set(ids)), "request ids must increase"
    last = ids[-1]
    assert worker.latest_id("train") == last
    qtbot.waitUntil(lambda: ("train", last) in rec.finished, timeout=WAIT_MS)
    delivered = [i for i, _ in rec.results_of("train")]
    assert delivered, "the newest request delivered nothing"
    assert set(delivered) == {last}
    assert rec.results_of("train")[-1] == (last, (49, 19))
    assert [r for _, r in rec.results_of("train")] == sorted(r for _, r in rec.results_of("train"))
    assert rec.finished == [("train", last)]
    assert rec.failed == []
    assert not worker.is_busy("train")


def test_a_newer_request_cancels_a_running_job_that_polls_is_cancelled(qtbot, worker):
    rec = Recorder(worker)
    saw_cancel = threading.Event()
    inside = threading.Event()

    def polling(is_cancelled):
        yield "first"
        inside.set()
        deadline = time.monotonic() + EVENT_TIMEOUT_S
        while not is_cancelled() and time.monotonic() < deadline:
            saw_cancel.wait(0.001)
        if is_cancelled():
            saw_cancel.set()
        yield "after cancel: must never be delivered"

    with qtbot.waitSignal(worker.resultReady, timeout=WAIT_MS):
        old = worker.submit("c", polling)
    qtbot.waitUntil(inside.is_set, timeout=WAIT_MS)
    with qtbot.waitSignal(worker.jobFinished, timeout=WAIT_MS) as blocker:
        new = worker.submit("c", counting(3, "new"))
    assert blocker.args == ["c", new]
    assert saw_cancel.is_set(), "the old job's is_cancelled() never turned true"
    assert (old, "first") in rec.results_of("c")
    assert all(r != "after cancel: must never be delivered" for _, r in rec.results_of("c"))
    assert rec.results_of("c")[-1] == (new, ("new", 2))
    assert rec.finished == [("c", new)]


def test_cancel_mid_run_stops_delivery_and_closes_the_generator(qtbot, worker):
    rec = Recorder(worker)
    started, closed, log = threading.Event(), threading.Event(), []
    with qtbot.waitSignal(worker.resultReady, timeout=WAIT_MS):
        request = worker.submit("long", endless(started, closed, log=log))
    assert worker.is_busy("long")
    with qtbot.waitSignal(worker.busyChanged, timeout=WAIT_MS) as blocker:
        worker.cancel("long")
    assert blocker.args == ["long", False]
    assert not worker.is_busy("long")
    qtbot.waitUntil(closed.is_set, timeout=WAIT_MS)
    assert log == ["closed early"], "the generator was not closed (its finally did not run)"
    seen = len(rec.results_of("long"))
    assert seen >= 1
    assert all(i == request for i, _ in rec.results_of("long"))
    # a job on another channel finishing proves the timer delivered after the cancel
    with qtbot.waitSignal(worker.jobFinished, timeout=WAIT_MS) as marker:
        other = worker.submit("marker", counting(3))
    assert marker.args == ["marker", other]
    assert len(rec.results_of("long")) == seen, "results arrived after cancel()"
    assert ("long", request) not in rec.finished
    assert all(c != "long" for c, _, _ in rec.failed)
    assert worker.latest_id("long") == -1


def test_a_failing_job_reports_its_message_and_the_channel_still_works(qtbot, worker):
    rec = Recorder(worker)

    def failing(_is_cancelled):
        yield 1
        raise ValueError("lr=5: must be between 1e-07 and 10")

    with qtbot.waitSignal(worker.jobFailed, timeout=WAIT_MS) as blocker:
        bad = worker.submit("t", failing)
    assert blocker.args == ["t", bad, "lr=5: must be between 1e-07 and 10"]
    assert ("t", bad) not in rec.finished
    assert not worker.is_busy("t")

    with qtbot.waitSignal(worker.jobFinished, timeout=WAIT_MS) as blocker:
        good = worker.submit("t", counting(4, "ok"))
    assert blocker.args == ["t", good]
    assert rec.results_of("t")[-1] == (good, ("ok", 3))
    assert rec.failed == [("t", bad, "lr=5: must be between 1e-07 and 10")]


def test_other_exceptions_name_their_type_and_a_failing_factory_is_reported(qtbot, worker):
    def broken(_is_cancelled):
        yield 1
        raise KeyError("boom")

    def bad_factory(_is_cancelled):
        raise RuntimeError("no generator for you")

    with qtbot.waitSignal(worker.jobFailed, timeout=WAIT_MS) as blocker:
        first = worker.submit("k", broken)
    assert blocker.args == ["k", first, "KeyError: 'boom'"]
    with qtbot.waitSignal(worker.jobFailed, timeout=WAIT_MS) as blocker:
        second = worker.submit("k", bad_factory)
    assert blocker.args == ["k", second, "RuntimeError: no generator for you"]


def test_a_long_job_on_one_channel_does_not_block_another(qtbot, worker):
    rec = Recorder(worker)
    started, release = threading.Event(), threading.Event()
    try:
        long_id = worker.submit("A", endless(started, release=release))
        qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
        with qtbot.waitSignal(worker.jobFinished, timeout=WAIT_MS) as blocker:
            short_id = worker.submit("B", counting(200, "b"))
        assert blocker.args == ["B", short_id]
        assert rec.results_of("B")[-1] == (short_id, ("b", 199))
        assert worker.is_busy("A"), "A's long job should still be running"
        assert ("A", long_id) not in rec.finished
        qtbot.waitUntil(lambda: len(rec.results_of("A")) >= 1, timeout=WAIT_MS)
    finally:
        release.set()
    qtbot.waitUntil(lambda: ("A", long_id) in rec.finished, timeout=WAIT_MS)
    assert rec.finished == [("B", short_id), ("A", long_id)]
    assert not worker.is_busy("A")


def test_fast_results_are_coalesced_but_the_last_one_arrives(qtbot, worker):
    rec = Recorder(worker)
    n = 10_000

    def many(_is_cancelled):
        yield from range(n)

    with qtbot.waitSignal(worker.jobFinished, timeout=WAIT_MS):
        request = worker.submit("fast", many)
    values = [r for i, r in rec.results_of("fast") if i == request]
    assert values[-1] == n - 1
    assert len(values) < n // 10, f"{len(values)} deliveries for {n} results: not coalesced"
    assert values == sorted(values)
    assert len(set(values)) == len(values), "a result was delivered twice"


def test_shutdown_during_a_running_job_stops_the_thread_promptly(qtbot, worker):
    started, closed, log = threading.Event(), threading.Event(), []
    rec = Recorder(worker)
    with qtbot.waitSignal(worker.resultReady, timeout=WAIT_MS):
        worker.submit("run", endless(started, closed, log=log))
    t0 = time.monotonic()
    stopped = worker.shutdown(timeout_ms=3000)
    elapsed = time.monotonic() - t0
    assert stopped
    assert elapsed < 3.0
    assert not worker._thread.isRunning()
    assert closed.is_set() and log == ["closed early"]
    assert ("run", False) in rec.busy
    assert not worker.is_busy("run")
    assert worker.submit("run", counting(1)) == -1, "nothing may run after shutdown"


def _busy_steps(count: list[int], seconds: float = 0.008):
    """A long background job: each step computes for ``seconds``, then yields."""

    def make(is_cancelled):
        while not is_cancelled():
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                pass
            count[0] += 1
            yield count[0]

    return make


def test_an_interactive_channel_is_not_queued_behind_a_long_job(qtbot, worker):
    """A drag's request runs after at most the step the long job is in and one more:
    the thread takes the channels in turn, one step each."""
    rec = Recorder(worker)
    sweep_steps = [0]
    worker.submit("sweep", _busy_steps(sweep_steps))
    qtbot.waitUntil(lambda: sweep_steps[0] >= 3, timeout=WAIT_MS)
    seen: list[int] = []

    def drag(_is_cancelled):
        seen.append(sweep_steps[0])  # how far the sweep got before the drag ran
        yield "fit"

    at_submit = sweep_steps[0]
    request = worker.submit("drag", drag)
    qtbot.waitUntil(lambda: ("drag", request, "fit") in rec.results, timeout=WAIT_MS)
    assert seen and seen[0] - at_submit <= 2
    assert worker.is_busy("sweep")  # and the sweep goes on
    worker.cancel("sweep")


def test_a_newer_request_replaces_a_long_job_after_its_current_step(qtbot, worker):
    rec = Recorder(worker)
    steps = [0]
    worker.submit("training", _busy_steps(steps))
    qtbot.waitUntil(lambda: steps[0] >= 3, timeout=WAIT_MS)
    at_submit = steps[0]
    request = worker.submit("training", counting(1, "new"))
    qtbot.waitUntil(lambda: ("training", request, ("new", 0)) in rec.results, timeout=WAIT_MS)
    assert steps[0] - at_submit <= 1  # the old job never took another step


def _gui_busy_for(qtbot, seconds: float) -> tuple[float, float]:
    """Keep the GUI thread at work for ``seconds`` from its event loop; (begin, end)."""
    from PySide6.QtCore import QTimer

    busy: list[tuple[float, float]] = []

    def gui_work() -> None:
        begin = time.perf_counter()
        while time.perf_counter() - begin < seconds:
            pass
        busy.append((begin, time.perf_counter()))

    QTimer.singleShot(0, gui_work)
    qtbot.waitUntil(lambda: bool(busy), timeout=WAIT_MS)
    return busy[0]


def test_jobs_step_only_while_the_gui_thread_sleeps(qtbot, worker):
    """GUI first: while the GUI thread works (a frame, a drag, a wheel), a job takes no new
    step; it goes on once the GUI thread sleeps in its event loop again."""

    starts: list[float] = []

    def make(_is_cancelled):
        while True:
            starts.append(time.perf_counter())
            deadline = time.perf_counter() + 0.001
            while time.perf_counter() < deadline:  # Python work holding the GIL
                pass
            yield len(starts)

    worker.submit("spin", make)
    qtbot.waitUntil(lambda: len(starts) > 20, timeout=WAIT_MS)
    begin, end = _gui_busy_for(qtbot, 0.03)  # less than DRAW_TURN_MAX_S
    count = len(starts)
    qtbot.waitUntil(lambda: len(starts) > count + 5, timeout=WAIT_MS)  # it goes on after
    during = [t for t in starts if begin < t < end]
    assert len(during) <= 1  # at most the step that was under way when the work began
    worker.cancel("spin")


def test_a_long_step_waits_at_its_pause_points_while_the_gui_thread_works(qtbot, worker):
    """Inside one long step, a loop's pause points hold it while the GUI thread is awake,
    so the step does not share the GIL with a frame (see core.cooperate)."""

    from l1l2gui.core.cooperate import pause_point

    ticks: list[float] = []

    def make(_is_cancelled):
        while True:  # one step lasts 200 ms: 1 ms of Python work between pause points
            for _ in range(200):
                deadline = time.perf_counter() + 0.001
                while time.perf_counter() < deadline:
                    pass
                ticks.append(time.perf_counter())
                pause_point()
            yield len(ticks)

    worker.submit("long", make)
    qtbot.waitUntil(lambda: len(ticks) > 20, timeout=WAIT_MS)
    begin, end = _gui_busy_for(qtbot, 0.03)  # in the middle of a step
    count = len(ticks)
    qtbot.waitUntil(lambda: len(ticks) > count + 5, timeout=WAIT_MS)  # it goes on after
    during = [t for t in ticks if begin + 0.002 < t < end]
    assert len(during) <= 2  # without pause points: ~15 (half of 30 ms, sharing the GIL)
    worker.cancel("long")


def test_a_pause_point_calls_only_its_own_thread_s_pause() -> None:
    from l1l2gui.core import cooperate

    calls: list[int] = []
    cooperate.pause_point()  # nothing registered for this thread: nothing happens
    cooperate.register(lambda: calls.append(1))
    try:
        cooperate.pause_point()
        cooperate.pause_point()
    finally:
        cooperate.unregister()
    cooperate.pause_point()
    assert calls == [1, 1]


def test_gui_first_can_be_turned_off_for_comparison(qtbot, worker):
    worker.set_gui_first(False)
    assert not worker._hooked and worker._may_compute.is_set()
    with qtbot.waitSignal(worker.jobFinished, timeout=WAIT_MS):
        worker.submit("n", counting(3))
    worker.set_gui_first(True)
    assert worker._hooked


def test_a_delivery_in_a_busy_pass_of_the_loop_waits_for_the_next(qtbot, worker, monkeypatch):
    """A result that would follow other GUI work in the same pass (a wheel notch, a drag's
    redraw) is delivered in the next pass: the timers and input of the loop come between."""
    got: list[object] = []
    worker.resultReady.connect(lambda _c, _r, result: got.append(result))
    worker._timer.stop()  # this test delivers by hand
    with worker._cond:
        worker._latest["c"] = 7
        worker._mail["c"] = _mail_with(7, "frame")
    monkeypatch.setattr(worker._waking, "awake_s", lambda: 0.010)  # 10 ms of work this pass
    worker._deliver()
    assert got == [] and worker._next_pass.isActive()
    qtbot.waitUntil(lambda: got == ["frame"], timeout=WAIT_MS)  # the next pass delivers it
    with worker._cond:
        worker._mail["c"] = _mail_with(7, "next")
    monkeypatch.setattr(worker._waking, "awake_s", lambda: 0.0)  # first in its pass
    worker._deliver()
    assert got == ["frame", "next"]


def _mail_with(request_id: int, result: object):
    from l1l2gui.gui.worker import _Mail

    mail = _Mail(request_id)
    mail.result, mail.has_result = result, True
    return mail


def test_a_replaced_job_does_not_pause_on_its_way_out(qtbot, worker):
    """A newer request waits for the step under way to end: that step's pause points
    no longer hold it while the GUI thread is awake."""
    from PySide6.QtCore import QTimer

    from l1l2gui.core.cooperate import pause_point

    ticks: list[float] = []
    started = threading.Event()

    def old(_is_cancelled):
        started.set()
        for _ in range(3000):  # one long step: 3000 pause points 0.1 ms apart
            deadline = time.perf_counter() + 0.0001
            while time.perf_counter() < deadline:
                pass
            ticks.append(time.perf_counter())
            pause_point()
        yield "old"

    worker.submit("c", old)
    qtbot.waitUntil(started.is_set, timeout=WAIT_MS)
    busy: list[tuple[float, float]] = []

    def replace_then_work() -> None:
        worker.submit("c", counting(1, "new"))  # the old step is now stale
        begin = time.perf_counter()
        while time.perf_counter() - begin < 0.03:  # the GUI thread stays awake
            pass
        busy.append((begin, time.perf_counter()))

    QTimer.singleShot(0, replace_then_work)
    qtbot.waitUntil(lambda: bool(busy), timeout=WAIT_MS)
    begin, end = busy[0]
    during = [t for t in ticks if begin < t < end]
    assert len(during) > 20  # it ran on through the GUI's work (held, it makes ~1)


def test_mail_after_a_quiet_frame_goes_out_at_once_and_the_next_waits_a_frame(
    qtbot, monkeypatch
):
    """A drag's first fit of a new position does not wait for the frame clock; results
    still reach the GUI at most once a frame. (The frame is made 2 s long here, so
    neither can pass by chance.)"""
    from l1l2gui.gui import worker as worker_module

    monkeypatch.setattr(worker_module, "FRAME_MS", 2_000)
    w = ComputeWorker(None)
    try:
        second = threading.Event()
        times: list[tuple[object, float]] = []
        w.resultReady.connect(lambda _c, _i, r: times.append((r, time.perf_counter())))

        def two(_is_cancelled):
            yield "first"
            second.wait(EVENT_TIMEOUT_S)  # the first is delivered before the second exists
            yield "second"

        start = time.perf_counter()
        w.submit("drag", two)
        qtbot.waitUntil(lambda: len(times) == 1, timeout=WAIT_MS)
        assert times[0][0] == "first" and times[0][1] - start < 1.0  # not a 2 s frame later
        second.set()
        qtbot.waitUntil(lambda: len(times) == 2, timeout=WAIT_MS)
        # a frame apart, not at once (Qt's coarse timers may fire a few % early)
        assert times[1][0] == "second" and times[1][1] - times[0][1] >= 1.5
    finally:
        assert w.shutdown()


def test_a_replaced_request_s_mail_is_dropped_at_once(qtbot, worker):
    """The old request's result waiting in the mailbox is never delivered: it must not
    take the frame the new request's first result needs."""
    worker._timer.stop()
    with worker._cond:
        worker._latest["c"] = 7
        worker._mail["c"] = _mail_with(7, "old")
    rec = Recorder(worker)
    with qtbot.waitSignal(worker.jobFinished, timeout=WAIT_MS):
        request = worker.submit("c", counting(1))
        with worker._cond:  # at once: before the new job has run
            mail = worker._mail.get("c")
            assert mail is None or mail.request_id == request
    assert rec.results_of("c") == [(request, (None, 0))]
