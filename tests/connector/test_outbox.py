"""The generic outbox with a kind of its own: written once per key, sent at most once in effect, read back first."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from jetcart.connector import outbox
from jetcart.connector.models import OutboxMessage, OutboxState
from jetcart.jet.errors import (
    JetBadRequest,
    JetOutcomeUnknown,
    JetServerError,
    JetValidationError,
    Problem,
    RequestInfo,
)

pytestmark = pytest.mark.django_db
REQUEST = RequestInfo("PUT", "/things/1", idempotent=False)


class FakeRemote:
    """A remote counter: `send` adds the payload's id to `applied`; faults are queued per call."""

    def __init__(self):
        self.applied: list[str] = []
        self.sends = 0
        self.faults: list[str] = []  # "before" (lost, not applied), "after" (applied, answer lost), "refuse", "invalid"
        self.confirmed: list[str] = []
        self.failed: list[str] = []
        self.follow_up_faults = 0  # the next follow-ups to raise (a crash right after Jet's answer)

    def follow_up(self, done: list[str], message) -> None:
        if self.follow_up_faults:
            self.follow_up_faults -= 1
            raise RuntimeError("killed inside the follow-up")
        done.append(message.key)

    def send(self, client, message):
        self.sends += 1
        fault = self.faults.pop(0) if self.faults else ""
        if fault == "invalid":
            raise JetValidationError([Problem("thing", "is wrong")], model="Thing")
        if fault == "refuse":
            raise JetBadRequest("400", request=REQUEST, status_code=400, errors=["thing: refused"])
        if fault == "before":
            raise JetOutcomeUnknown("lost", request=REQUEST, cause=JetServerError("503", request=REQUEST,
                                                                                  status_code=503))
        self.applied.append(message.payload["id"])
        if fault == "after":
            raise JetOutcomeUnknown("lost", request=REQUEST, cause=JetServerError("503", request=REQUEST,
                                                                                  status_code=503))

    def is_applied(self, client, message):
        return message.payload["id"] in self.applied


REMOTE = FakeRemote()
HANDLER = outbox.OutboxHandler(
    send=lambda c, m: REMOTE.send(c, m), is_applied=lambda c, m: REMOTE.is_applied(c, m),
    on_confirmed=lambda m: REMOTE.follow_up(REMOTE.confirmed, m),
    on_failed=lambda m: REMOTE.follow_up(REMOTE.failed, m))


@pytest.fixture(autouse=True)
def thing_kind(monkeypatch):
    global REMOTE
    REMOTE = FakeRemote()
    monkeypatch.setitem(outbox.HANDLERS, "thing", f"{__name__}:HANDLER")
    yield REMOTE


def thing(key="thing:1") -> OutboxMessage:
    message, _ = outbox.enqueue(key=key, kind="thing", subject="1", payload={"id": key})
    return message


def test_should_keep_one_row_per_key_and_refuse_unknown_kinds():
    first, created = outbox.enqueue(key="thing:1", kind="thing", subject="1", payload={"id": "thing:1"})
    again, created_again = outbox.enqueue(key="thing:1", kind="thing", subject="1", payload={"id": "other"})
    assert (created, created_again) == (True, False) and again.pk == first.pk and again.payload == {"id": "thing:1"}
    with pytest.raises(outbox.OutboxError, match="no outbox handler for kind 'nope'"):
        outbox.enqueue(key="x", kind="nope", subject="1", payload={})


def test_should_send_once_and_confirm(thing_kind):
    message = outbox.deliver(thing(), client=None)
    outbox.deliver(message, client=None)
    assert message.state == OutboxState.CONFIRMED and thing_kind.sends == 1 and thing_kind.applied == ["thing:1"]
    assert thing_kind.confirmed == ["thing:1"]  # the follow-up ran once and is recorded done
    assert message.followed_up_at is not None and message.lease_until is None and message.closed_now is False


@pytest.mark.parametrize("fault, sends", [("before", 2), ("after", 1)])
def test_should_read_back_before_sending_again_after_an_unknown_outcome(thing_kind, fault, sends):
    thing_kind.faults = [fault]
    message = outbox.deliver(thing(), client=None)
    assert message.state == OutboxState.SENT and message.attempts == 1 and "lost" in message.last_error
    message = outbox.deliver(message, client=None)
    assert message.state == OutboxState.CONFIRMED
    assert thing_kind.sends == sends and thing_kind.applied == ["thing:1"]


def test_should_fail_a_refused_call_that_jet_does_not_show(thing_kind):
    thing_kind.faults = ["refuse"]
    message = outbox.deliver(thing(), client=None)
    assert message.state == OutboxState.FAILED and message.last_error == "thing: refused"
    assert thing_kind.failed == ["thing:1"]
    assert outbox.deliver(message, client=None).state == OutboxState.FAILED and thing_kind.sends == 1


def test_should_fail_at_once_what_the_client_refuses_to_send(thing_kind):
    thing_kind.faults = ["invalid"]
    assert outbox.deliver(thing(), client=None).state == OutboxState.FAILED


def test_should_leave_a_message_alone_while_another_sender_holds_it(thing_kind):
    message = thing()
    OutboxMessage.objects.filter(pk=message.pk).update(lease_until=timezone.now() + timedelta(minutes=1))
    assert outbox.deliver(message, client=None).state == OutboxState.PENDING and thing_kind.sends == 0
    OutboxMessage.objects.filter(pk=message.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert outbox.deliver(message, client=None).state == OutboxState.CONFIRMED


def test_should_deliver_every_open_message_oldest_first(thing_kind):
    for n in range(3):
        thing(f"thing:{n}")
    thing_kind.faults = ["before"]
    assert outbox.deliver_open_messages(client=None, kinds=["thing"]) == {"sent": 1, "confirmed": 2}
    assert outbox.deliver_open_messages(client=None) == {"confirmed": 1}
    assert sorted(thing_kind.applied) == ["thing:0", "thing:1", "thing:2"]


@pytest.mark.parametrize("fault, state, follow_ups", [("", OutboxState.CONFIRMED, "confirmed"),
                                                     ("refuse", OutboxState.FAILED, "failed")])
def test_should_finish_a_follow_up_cut_short_after_jets_answer_without_calling_jet_again(thing_kind, fault, state,
                                                                                         follow_ups):
    thing_kind.faults, thing_kind.follow_up_faults = [fault], 1
    message = outbox.deliver(thing(), client=None)
    assert message.state == state and message.followed_up_at is None and message.lease_until is None
    assert "follow-up not finished: killed inside the follow-up" in message.last_error
    assert getattr(thing_kind, follow_ups) == [] and thing_kind.sends == 1

    assert outbox.deliver_open_messages(client=None) == {state: 1}
    message.refresh_from_db()
    assert getattr(thing_kind, follow_ups) == ["thing:1"] and thing_kind.sends == 1  # no second call to Jet
    assert message.followed_up_at is not None and message.lease_until is None
    assert message.last_error == ("thing: refused" if fault else "")  # Jet's refusal kept, the crash forgotten
    assert outbox.deliver_open_messages(client=None) == {}  # finished: nothing left to deliver
    assert getattr(thing_kind, follow_ups) == ["thing:1"]


def test_should_leave_a_follow_up_to_the_sender_that_holds_the_row(thing_kind):
    thing_kind.follow_up_faults = 1
    message = outbox.deliver(thing(), client=None)
    OutboxMessage.objects.filter(pk=message.pk).update(lease_until=timezone.now() + timedelta(minutes=1))
    assert outbox.deliver_open_messages(client=None) == {OutboxState.CONFIRMED: 1} and thing_kind.confirmed == []
    OutboxMessage.objects.filter(pk=message.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    outbox.deliver_open_messages(client=None)
    assert thing_kind.confirmed == ["thing:1"]


def test_should_count_as_closed_now_only_in_the_delivery_that_wrote_jets_answer(thing_kind):
    first = outbox.deliver(thing(), client=None)
    again = outbox.deliver(OutboxMessage.objects.get(pk=first.pk), client=None)
    assert (first.closed_now, again.closed_now) == (True, False) and thing_kind.sends == 1


def test_should_hold_a_claimed_row_for_the_documented_lease_not_twice_as_long(thing_kind, monkeypatch):
    seen = []

    def send(client, message):  # the lease as written just before Jet is called
        seen.append(OutboxMessage.objects.get(pk=message.pk).lease_until - timezone.now())
        raise JetOutcomeUnknown("lost", request=REQUEST, cause=JetServerError("503", request=REQUEST, status_code=503))

    monkeypatch.setattr(thing_kind, "send", send)
    outbox.deliver(thing(), client=None)
    assert outbox.LEASE - timedelta(seconds=5) < seen[0] <= outbox.LEASE


def test_should_mark_on_upgrade_only_the_follow_ups_whose_records_show_them_done():
    import importlib

    from django.apps import apps

    from jetcart.connector.models import AckState, JetOrder

    upgrade = importlib.import_module("jetcart.connector.migrations.0015_rel_orders_outbox_follow_up")
    for moid, ack_state in (("done-1", AckState.DONE), ("stuck-1", AckState.SENDING)):
        JetOrder.objects.create(merchant_order_id=moid, jet_status="acknowledged", payload={}, ack_state=ack_state)
        OutboxMessage.objects.create(key=f"ack:{moid}", kind="ack", subject=moid, payload={},
                                     state=OutboxState.CONFIRMED)
    upgrade.mark_finished_follow_ups(apps, None)
    followed = dict(OutboxMessage.objects.values_list("subject", "followed_up_at"))
    assert followed["done-1"] is not None and followed["stuck-1"] is None  # the stuck one is finished by delivery
