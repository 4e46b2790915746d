"""The outbox lease while a call to Jet is in flight: renewed, so a second sender never sends the same change again;
and an outcome is written only by the sender that still holds the row."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from jetcart.connector import outbox
from jetcart.connector.models import OutboxMessage, OutboxState

pytestmark = pytest.mark.django_db(transaction=True)


class SlowRemote:
    """A remote whose state-changing call takes `seconds` (a slow answer, or 429 Retry-After waits in the client);
    the change is applied at the end of the call, as Jet would apply it when the request finally gets through."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.applied: list[str] = []
        self.sends = 0
        self.confirmed: list[str] = []
        self.in_flight = threading.Event()
        self.while_in_flight = None

    def send(self, client, message):
        self.sends += 1
        self.in_flight.set()
        deadline = time.monotonic() + self.seconds
        while time.monotonic() < deadline:
            time.sleep(0.05)
        self.applied.append(message.payload["id"])

    def is_applied(self, client, message):
        return message.payload["id"] in self.applied


REMOTE = SlowRemote(0)
HANDLER = outbox.OutboxHandler(send=lambda c, m: REMOTE.send(c, m), is_applied=lambda c, m: REMOTE.is_applied(c, m),
                               on_confirmed=lambda m: REMOTE.confirmed.append(m.key))


@pytest.fixture
def slow_kind(monkeypatch):
    global REMOTE
    REMOTE = SlowRemote(seconds=2.5)
    monkeypatch.setitem(outbox.HANDLERS, "slow", f"{__name__}:HANDLER")
    monkeypatch.setattr(outbox, "LEASE", timedelta(seconds=1))  # the call lasts well beyond the lease
    return REMOTE


def deliver_in_thread(key: str) -> tuple[threading.Thread, dict]:
    result: dict = {}

    def run():
        try:
            result["state"] = outbox.deliver(OutboxMessage.objects.get(key=key), client=None).state
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, result


def test_should_not_let_a_second_sender_repeat_a_call_still_in_flight_past_the_lease(slow_kind):
    outbox.enqueue(key="slow:1", kind="slow", subject="1", payload={"id": "slow:1"})
    first, result = deliver_in_thread("slow:1")
    assert slow_kind.in_flight.wait(10)
    time.sleep(1.6)  # the first lease would have expired by now
    second = outbox.deliver(OutboxMessage.objects.get(key="slow:1"), client=None)
    assert second.state == OutboxState.SENT and slow_kind.sends == 1  # held by the first sender: left alone
    first.join(timeout=30)
    assert result["state"] == OutboxState.CONFIRMED
    message = OutboxMessage.objects.get(key="slow:1")
    assert message.state == OutboxState.CONFIRMED and message.lease_until is None and message.attempts == 1
    assert slow_kind.sends == 1 and slow_kind.applied == ["slow:1"] and slow_kind.confirmed == ["slow:1"]


def test_should_write_nothing_when_the_lease_was_lost_while_sending(slow_kind):
    outbox.enqueue(key="slow:2", kind="slow", subject="1", payload={"id": "slow:2"})
    first, result = deliver_in_thread("slow:2")
    assert slow_kind.in_flight.wait(10)
    taken = timezone.now() + timedelta(minutes=5)  # another sender's lease (say, after this one stalled)
    OutboxMessage.objects.filter(key="slow:2").update(lease_until=taken)
    first.join(timeout=30)
    message = OutboxMessage.objects.get(key="slow:2")
    assert message.state == OutboxState.SENT and message.lease_until == taken  # the other holder decides
    assert result["state"] == OutboxState.SENT and slow_kind.confirmed == []
