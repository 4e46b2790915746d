"""Refunds on the real parts: the sandbox over HTTP (created → processing → accepted/rejected), the demo store."""

from __future__ import annotations

import contextlib
from decimal import Decimal

import pytest
from django.urls import reverse

from jetcart.connector.models import JetRefund, OutboxMessage, OutboxState, RefundState
from jetcart.connector.refunds import create as refunding
from jetcart.connector.refunds.create import RefundInput, RefundInvalid, RefundLineInput
from jetcart.connector.refunds.follow import follow_refunds
from tests.fixtures.returns_world import calls, shipped_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def one_unit(order, sku: str = "HTC-TOUCH", **overrides) -> RefundInput:
    line = order.lines.get(merchant_sku=sku)
    values = {"line_id": line.pk, "total_quantity_returned": 1, "order_return_refund_qty": 1,
              "refund_reason": "no longer need/want", "principal": line.unit_price, "tax": line.unit_tax,
              **overrides}
    return RefundInput(lines=[RefundLineInput(**values)])


def history(live, order) -> list[str]:
    return [r[0] for r in live.sql("SELECT comment FROM oc_order_history WHERE order_id = :o ORDER BY "
                                   "order_history_id", o=order.store_order_id)]


def test_should_create_a_refund_once_follow_it_to_accepted_and_note_it_on_the_order(live):
    order = shipped_order(live, {"HTC-TOUCH": 2})
    refund = refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-1")
    assert refund.state == RefundState.CREATED and refund.refund_authorization_id
    assert refund.amount == order.lines.get().unit_price + order.lines.get().unit_tax
    again = refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-1")  # a double submit
    assert again.pk == refund.pk and calls(live, "POST", "/refunds/") == [201]
    summary = follow_refunds()
    assert (summary.accepted, summary.rejected) == (1, 0), summary.line()
    refund.refresh_from_db()
    assert refund.state == RefundState.ACCEPTED and refund.jet_status == "accepted" and refund.store_noted
    notes = [c for c in history(live, order) if "Jet refund R-1" in c]
    assert notes == [f"Jet refund R-1 of ${refund.amount:.2f} (HTC-TOUCH × 1): accepted."]
    follow_refunds()
    assert len([c for c in history(live, order) if "Jet refund R-1" in c]) == 1


def test_the_refund_page_lists_each_line_as_sent(live, admin_client):
    order = shipped_order(live, {"HTC-TOUCH": 2})
    refund = refunding.create_refund(order=order, data=one_unit(order, notes="Scratched box"), alt_refund_id="R-9")
    line = order.lines.get()
    page = admin_client.get(reverse("admin:jet-refunds:detail", args=[refund.pk]))
    assert page.status_code == 200
    row = page.content.decode().split('id="refund-items"')[1].split("</table>")[0]
    for shown in ("HTC-TOUCH", line.order_item_id, "no longer need/want", "Scratched box",
                  f">{float(line.unit_price)}<", f">{float(line.unit_tax)}<"):  # the amounts as sent
        assert shown in row, shown


def test_should_follow_a_refund_jet_rejects(live, sandbox_server):
    order = shipped_order(live, {"HTC-TOUCH": 1})
    sandbox_server.set_controls(live.merchant, refund_outcome="rejected - customer card not valid")
    refund = refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-2")
    follow_refunds()
    refund.refresh_from_db()
    assert refund.state == RefundState.REJECTED and refund.jet_status == "rejected - customer card not valid"
    assert any("rejected - customer card not valid" in c for c in history(live, order))
    # a rejected refund gives nothing back: the unit may be refunded again
    sandbox_server.clear_controls(live.merchant)
    assert refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-3").state == "created"


def test_should_refuse_a_refund_above_what_was_charged_or_already_refunded(live):
    order = shipped_order(live, {"HTC-TOUCH": 2})
    line = order.lines.get()
    refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-4")
    prefix = f"line-{line.pk}"
    with pytest.raises(RefundInvalid) as caught:
        refunding.create_refund(order=order, alt_refund_id="R-5", data=one_unit(
            order, total_quantity_returned=3, order_return_refund_qty=2, principal=line.unit_price * 2,
            refund_reason="because", refund_feedback="nope", shipping_cost=Decimal("-1")))
    left = line.unit_price * 2 - line.unit_price
    assert caught.value.errors == {
        f"{prefix}-shipping_cost": [refunding.NEGATIVE],
        f"{prefix}-total_quantity_returned": [refunding.RETURNED_TOO_MANY.format(shipped=2)],
        f"{prefix}-order_return_refund_qty": [refunding.REFUND_TOO_MANY.format(left=1, shipped=2, done=1)],
        f"{prefix}-principal": [refunding.AMOUNT_TOO_HIGH.format(maximum=f"{left:.2f}")],
        f"{prefix}-refund_reason": [refunding.REASON_UNKNOWN],
        f"{prefix}-refund_feedback": [refunding.FEEDBACK_UNKNOWN],
    }
    with pytest.raises(RefundInvalid) as caught:
        refunding.create_refund(order=order, alt_refund_id="R-6", data=one_unit(
            order, principal=Decimal("1.00"), refund_reason=""))
    assert caught.value.errors == {f"{prefix}-refund_reason": [refunding.REASON_REQUIRED],
                                   f"{prefix}-refund_feedback": [refunding.FEEDBACK_REQUIRED]}
    with pytest.raises(RefundInvalid) as caught:
        refunding.create_refund(order=order, alt_refund_id="R-7", data=one_unit(
            order, total_quantity_returned=0, order_return_refund_qty=0, principal=Decimal(0), tax=Decimal(0)))
    assert caught.value.errors == {"__all__": [refunding.NOTHING_TO_REFUND]}
    assert calls(live, "POST", "/refunds/") == [201] and JetRefund.objects.count() == 1


def test_should_never_send_a_refund_twice_when_answers_are_lost_and_under_faults(live, sandbox_server):
    order = shipped_order(live, {"HTC-TOUCH": 2, "CANON-BLUE": 1})
    live.wire.lose_answer[("POST", "R-8")] = 1
    first = refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-8")
    assert first.state == RefundState.SENDING
    assert OutboxMessage.objects.get(key=first.outbox_key).state == OutboxState.SENT
    sandbox_server.set_controls(live.merchant, faults={"500": 0.3, "503": 0.2, "drop": 0.2}, fault_seed=5)
    for n in range(3):
        with contextlib.suppress(RefundInvalid):  # the unit is already being refunded by an earlier attempt
            refunding.create_refund(order=order, data=one_unit(order, "CANON-BLUE"), alt_refund_id=f"R-9{n}")
        refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-8")  # double submit
        follow_refunds()
    sandbox_server.clear_controls(live.merchant)
    assert any(status >= 500 for *_, status in live.wire.calls)  # the faults did happen
    follow_refunds()
    follow_refunds()
    made = JetRefund.objects.order_by("id")
    assert OutboxMessage.objects.filter(kind="refund").exclude(state=OutboxState.CONFIRMED).count() == 0
    assert [r.state for r in made] == [RefundState.ACCEPTED] * len(made)
    for refund in made:  # each refund reached Jet successfully exactly once
        assert calls(live, "POST", f"/{refund.alt_refund_id}").count(201) == 1, refund
    on_jet = set(live.client.refunds.list("accepted"))
    assert {r.refund_authorization_id for r in made} == on_jet and len(on_jet) == 2  # R-8 and one CANON-BLUE


def test_should_keep_following_a_refund_through_processing_until_jet_decides(live, sandbox_server):
    order = shipped_order(live, {"HTC-TOUCH": 1})
    sandbox_server.set_controls(live.merchant, refund_delay=600)
    refund = refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-10")
    seen = []
    for _ in range(3):
        summary = follow_refunds()
        refund.refresh_from_db()
        seen.append((refund.jet_status, summary.waiting, summary.accepted))
        sandbox_server.advance_clock(live.merchant, 600)
    assert seen == [("created", 1, 0), ("processing", 1, 0), ("accepted", 0, 1)]
    assert refund.state == RefundState.ACCEPTED and refund.finished_at and refund.store_noted
    assert follow_refunds().checked == 0  # nothing left to follow


def test_should_send_the_reason_item_is_missing_parts_from_the_form_through_the_client_to_the_sandbox(live):
    """The refund form offers every reason of the client's vocabulary; the sandbox accepts the same (issue 15)."""
    from jetcart.connector.ui.refunds.forms import RefundForm

    reason = "Item is missing parts / accessories"
    order = shipped_order(live, {"HTC-TOUCH": 1})
    line = order.lines.get()
    prefix = f"line-{line.pk}"
    form = RefundForm({"token": "t", f"{prefix}-total_quantity_returned": "0", f"{prefix}-order_return_refund_qty": "1",
                       f"{prefix}-refund_reason": reason, f"{prefix}-refund_feedback": "", f"{prefix}-notes": "",
                       f"{prefix}-principal": str(line.unit_price), f"{prefix}-tax": "0",
                       f"{prefix}-shipping_cost": "0", f"{prefix}-shipping_tax": "0"}, order=order)
    assert (reason, reason) in form.fields[f"{prefix}-refund_reason"].choices
    assert form.is_valid(), form.errors
    refund = refunding.create_refund(order=order, data=form.refund_input(), alt_refund_id="R-PARTS")
    assert refund.state == RefundState.CREATED and calls(live, "POST", "/R-PARTS") == [201]
    on_jet = live.client.refunds.get(refund.refund_authorization_id)
    assert on_jet.items[0].refund_reason == reason
    follow_refunds()
    refund.refresh_from_db()
    assert refund.state == RefundState.ACCEPTED
