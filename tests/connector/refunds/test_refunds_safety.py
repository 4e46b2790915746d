"""Refund safety on the real parts (sandbox over HTTP, demo store): unknown Jet statuses, concurrent submits."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connections

from jetcart.connector.models import ActivityEvent, JetRefund, RefundState
from jetcart.connector.refunds import create as refunding
from jetcart.connector.refunds.create import RefundInput, RefundInvalid, RefundLineInput
from jetcart.connector.refunds.follow import follow_refunds
from tests.fixtures.races import Rendezvous, run_at_once
from tests.fixtures.returns_world import shipped_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def one_unit(order) -> RefundInput:
    line = order.lines.get(merchant_sku="HTC-TOUCH")
    return RefundInput(lines=[RefundLineInput(
        line_id=line.pk, total_quantity_returned=1, order_return_refund_qty=1, refund_reason="no longer need/want",
        principal=line.unit_price, tax=line.unit_tax)])


class RewrittenRefunds:
    """Jet's refund endpoints, except that `get` answers `refund_status` as `status` (a value Jet may add later)."""

    def __init__(self, refunds, status: str):
        self._refunds, self._status = refunds, status

    def __getattr__(self, name):
        return getattr(self._refunds, name)

    def get(self, refund_id):
        return self._refunds.get(refund_id).model_copy(update={"refund_status": self._status})


class StatusRewriting:
    """The real Jet client with `RewrittenRefunds`."""

    def __init__(self, client, status: str):
        self._client = client
        self.refunds = RewrittenRefunds(client.refunds, status)

    def __getattr__(self, name):
        return getattr(self._client, name)


@pytest.mark.parametrize("status", ["", "aproved", "on_hold"])
def test_should_report_an_unknown_refund_status_and_leave_the_refund_as_it_was(live, sandbox_server, status):
    order = shipped_order(live, {"HTC-TOUCH": 1})
    sandbox_server.set_controls(live.merchant, refund_delay=600)
    refund = refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-U1")
    assert refund.state == RefundState.CREATED
    summary = follow_refunds(client=StatusRewriting(live.client, status))
    refund.refresh_from_db()
    assert (summary.checked, summary.waiting, summary.accepted) == (1, 0, 0)
    assert len(summary.problems) == 1 and "refund_status" in summary.problems[0]
    assert repr(status) in summary.problems[0]
    assert refund.state == RefundState.CREATED and refund.jet_status == "created" and not refund.finished_at
    logged = ActivityEvent.objects.filter(kind="refund", message__contains="refund_status")
    assert [e.level for e in logged] == [30] and repr(status) in logged[0].message
    sandbox_server.advance_clock(live.merchant, 1200)  # Jet decides; the real status is followed again
    assert follow_refunds().accepted == 1


def test_should_not_let_two_refunds_submitted_at_once_take_the_same_unit(live, monkeypatch):
    order = shipped_order(live, {"HTC-TOUCH": 1})
    monkeypatch.setattr(refunding, "refund_items", Rendezvous().after(refunding.refund_items))
    outcomes = run_at_once({alt: (lambda alt=alt: refunding.record_refund(order, one_unit(order), alt_refund_id=alt))
                            for alt in ("R-C1", "R-C2")}, (RefundInvalid,))
    assert JetRefund.objects.count() == 1, outcomes
    assert sorted(type(v).__name__ for v in outcomes.values()) == ["JetRefund", "RefundInvalid"]


def test_should_not_send_a_refund_again_while_a_slow_answer_outlasts_the_lease(live, sandbox_server, monkeypatch):
    from datetime import timedelta

    from jetcart.connector import outbox
    from jetcart.connector.models import OutboxMessage, OutboxState
    from tests.fixtures.returns_world import calls

    order = shipped_order(live, {"HTC-TOUCH": 1})
    monkeypatch.setattr(outbox, "LEASE", timedelta(seconds=1))
    sandbox_server.set_controls(live.merchant, faults={"slow": 1.0}, slow_seconds=4)
    outcome: dict = {}

    def submit():
        try:
            outcome["refund"] = refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-S1")
        finally:
            connections.close_all()

    sender = threading.Thread(target=submit)
    sender.start()
    deadline = time.monotonic() + 20
    while not OutboxMessage.objects.filter(kind="refund", state=OutboxState.SENT).exists():
        assert time.monotonic() < deadline, "the refund was never sent"
        time.sleep(0.05)
    time.sleep(0.5)  # the POST has reached the sandbox, which holds it for 4 s before answering
    sandbox_server.clear_controls(live.merchant)  # later calls are answered at once
    time.sleep(1.2)  # the first sender's lease would have expired by now
    follow_refunds()  # the schedule comes by and re-delivers open refunds
    sender.join(timeout=60)
    assert calls(live, "POST", "/R-S1") == [201]  # Jet was asked once
    assert outcome["refund"].state == RefundState.CREATED


def test_should_not_let_a_refund_and_a_return_completion_at_once_give_back_the_same_money(live, monkeypatch):
    from jetcart.connector.models import JetReturn
    from jetcart.connector.returns import complete as completing
    from jetcart.connector.returns.complete import CompletionInput, CompletionInvalid, CompletionLineInput
    from jetcart.connector.returns.fetch import fetch_returns

    order = shipped_order(live, {"HTC-TOUCH": 1})
    return_id = live.client.returns.generate(order.merchant_order_id)
    assert fetch_returns().new == 1
    ret = JetReturn.objects.get(merchant_return_authorization_id=return_id)
    completion = CompletionInput(agree_to_return_charge=True, lines=[CompletionLineInput(
        line_id=line.pk, total_quantity_returned=line.return_quantity, order_return_refund_qty=line.return_quantity,
        principal=line.requested_principal, tax=line.requested_tax, shipping_cost=line.requested_shipping_cost,
        shipping_tax=line.requested_shipping_tax) for line in ret.lines.all()])
    rendezvous = Rendezvous()
    monkeypatch.setattr(refunding, "refund_items", rendezvous.after(refunding.refund_items))
    monkeypatch.setattr(completing, "completion_body", rendezvous.after(completing.completion_body))
    outcomes = run_at_once({
        "refund": lambda: refunding.record_refund(order, one_unit(order), alt_refund_id="R-RC"),
        "completion": lambda: completing.record_completion(ret, completion),
    }, (RefundInvalid, CompletionInvalid))
    refused = [name for name, value in outcomes.items() if isinstance(value, (RefundInvalid, CompletionInvalid))]
    assert len(refused) == 1, outcomes  # one of them gave the money back; the other was told it is gone
