"""Check-before-repeat, the concurrency helper and the rate limiter, without a server."""

import threading

import pytest

from jetcart.jet.concurrency import run_concurrently
from jetcart.jet.errors import JetOutcomeUnknown, JetServerError, RequestInfo
from jetcart.jet.ratelimit import RateLimiter
from jetcart.jet.reconcile import Applied, send_once

INFO = RequestInfo("PUT", "/orders/x/acknowledge", idempotent=False)


def unknown():
    cause = JetServerError("502", request=INFO, status_code=502)
    return JetOutcomeUnknown("unknown", request=INFO, cause=cause)


def test_already_applied_sends_nothing():
    sent = []
    assert send_once(lambda: True, lambda: sent.append(1)) is Applied.ALREADY
    assert sent == []


def test_unknown_outcome_that_landed_is_not_sent_again():
    state = {"applied": False, "sends": 0}

    def send():
        state["sends"] += 1
        state["applied"] = True
        raise unknown()

    assert send_once(lambda: state["applied"], send) is Applied.SENT
    assert state["sends"] == 1


def test_unknown_outcome_that_did_not_land_is_sent_again_up_to_the_limit():
    sends = []

    def send():
        sends.append(1)
        raise unknown()

    with pytest.raises(JetOutcomeUnknown):
        send_once(lambda: False, send, attempts=3)
    assert len(sends) == 3


def test_run_concurrently_bounds_work_in_flight_and_reports_each_item():
    in_flight, peak, lock = [0], [0], threading.Lock()
    consumed = []

    def items():
        for n in range(200):
            consumed.append(n)
            yield n

    def call(n):
        with lock:
            in_flight[0] += 1
            peak[0] = max(peak[0], in_flight[0])
        try:
            if n % 50 == 0:
                raise ValueError(n)
            return n * 2
        finally:
            with lock:
                in_flight[0] -= 1

    stream = run_concurrently(call, items(), max_workers=4, max_pending=8)
    first = next(stream)
    assert len(consumed) <= 9  # lazily consumed: not the whole iterator up front
    outcomes = [first, *stream]
    assert len(outcomes) == 200 and peak[0] <= 4
    assert sorted(o.item for o in outcomes if not o.ok) == [0, 50, 100, 150]
    assert all(o.result == o.item * 2 for o in outcomes if o.ok)


def test_rate_limiter_spaces_requests_per_group():
    now, slept = [0.0], []

    def sleep(seconds):
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter({"orders": (2.0, 2.0)}, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        limiter.acquire("orders")
    assert slept == [0.5, 0.5]
    assert limiter.acquire("products") == 0.0  # no limit for that group
