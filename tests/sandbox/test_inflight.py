"""Bulk-file writes give way to the API requests in flight in the same process, and still advance under steady
traffic."""

from __future__ import annotations

import threading
import time

from jetcart.sandbox.transport.inflight import give_way, serving


def test_background_work_waits_until_the_request_in_flight_is_answered():
    answered, entered = threading.Event(), threading.Event()
    waited: list[float] = []

    def request():
        with serving():
            entered.set()
            answered.wait(5)

    def background():
        started = time.monotonic()
        give_way(at_most=5)
        waited.append(time.monotonic() - started)

    serving_thread = threading.Thread(target=request)
    serving_thread.start()
    entered.wait(5)
    worker = threading.Thread(target=background)
    worker.start()
    time.sleep(0.2)
    assert not waited  # still waiting: the request is not answered yet
    answered.set()
    worker.join(5)
    serving_thread.join(5)
    assert waited and 0.2 <= waited[0] < 2


def test_background_work_advances_under_steady_traffic():
    with serving():
        started = time.monotonic()
        give_way(at_most=0.05)
        assert 0.05 <= time.monotonic() - started < 1


def test_no_request_no_wait():
    started = time.monotonic()
    give_way(at_most=5)
    assert time.monotonic() - started < 0.5
