"""Refund rules and progression [G]: created → processing → accepted, or rejected when the amount exceeds
what the buyer paid for the refunded units ("rejected - refund conflicts with returns policy")."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from jetcart.sandbox import ids, vocab
from jetcart.sandbox import messages as m
from jetcart.sandbox.config import tunable
from jetcart.sandbox.lifecycle import note_due
from jetcart.sandbox.models import Merchant, Order, Refund
from jetcart.sandbox.returns.state import _amount
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.validate import Checker, canonical, money


def get_refund(merchant: Merchant, refund_id: str) -> Refund:
    found = (Refund.objects.filter(merchant=merchant, refund_authorization_id=refund_id.lower()).first()
             or Refund.objects.filter(merchant=merchant, alt_refund_id=refund_id).first())
    if found is None:
        raise NotFound(m.REFUND_NOT_FOUND.format(refund_id=refund_id))
    return found


def refund_json(refund: Refund) -> dict:
    shown = dict(refund.document)
    shown["refund_status"] = refund.status
    return shown


def _refunded_so_far(order: Order) -> dict[str, int]:
    totals: dict[str, int] = {}
    for document, status in order.refunds.values_list("document", "status"):
        if status.startswith("rejected"):
            continue
        for item in document["items"]:
            totals[item["order_item_id"]] = totals.get(item["order_item_id"], 0) + item["order_return_refund_qty"]
    return totals


def create_refund(merchant: Merchant, order: Order, alt_refund_id: str, body: dict, now: datetime) -> Refund:
    existing = Refund.objects.filter(merchant=merchant, alt_refund_id=alt_refund_id).first()
    if existing is not None:
        return existing
    shipped = order.document["_sandbox"]["shipped"]
    if not any(shipped.values()):
        raise BadRequest(m.REFUND_NOTHING_SHIPPED.format(order_id=order.merchant_order_id))
    items = {i["order_item_id"]: i for i in order.document["order_items"]}
    already = _refunded_so_far(order)
    c = Checker()
    clean, over_paid = [], False
    for path, entry in c.objects(body, "items", required=True, non_empty=True):
        item_id = c.string(entry, "order_item_id", field=f"{path}.order_item_id", required=True)
        alt_item = c.string(entry, "alt_order_item_id", field=f"{path}.alt_order_item_id")
        returned = c.integer(entry, "total_quantity_returned", field=f"{path}.total_quantity_returned",
                             required=True, minimum=0)
        quantity = c.integer(entry, "order_return_refund_qty", field=f"{path}.order_return_refund_qty",
                             required=True, minimum=0)
        reason = c.choice(entry, "refund_reason", vocab.REFUND_REASONS, field=f"{path}.refund_reason", required=True)
        feedback = c.choice(entry, "refund_feedback", vocab.REFUND_FEEDBACK, field=f"{path}.refund_feedback")
        notes = c.string(entry, "notes", field=f"{path}.notes")
        amount = _amount(c, entry, path)
        item = items.get(item_id or "")
        if item_id is not None and item is None:
            c.fail(m.ORDER_ITEM_UNKNOWN.format(field=f"{path}.order_item_id", item_id=item_id))
        if item is not None and quantity is not None:
            total = already.get(item_id, 0) + quantity
            if total > shipped.get(item_id, 0):
                c.fail(m.REFUND_TOO_MANY_UNITS.format(field=f"{path}.order_return_refund_qty", item_id=item_id,
                                                      total=total, shipped=shipped.get(item_id, 0)))
            already[item_id] = total
            if amount is not None and amount["principal"] > Decimal(str(item["item_price"]["base_price"])) * quantity:
                over_paid = True
        clean.append({"order_item_id": item_id, "alt_order_item_id": alt_item, "total_quantity_returned": returned,
                      "order_return_refund_qty": quantity, "refund_reason": reason, "refund_feedback": feedback,
                      "notes": notes, "refund_amount": {k: money(v) for k, v in (amount or {}).items()}})
    c.raise_if_failed()
    outcome = merchant.controls.get("refund_outcome") or (vocab.REFUND_REJECTIONS[1] if over_paid
                                                          else vocab.REFUND_ACCEPTED)
    refund_id = ids.jet_id()
    document = {
        "refund_authorization_id": refund_id, "alt_refund_id": alt_refund_id, "refund_status": "created",
        "merchant_order_id": order.merchant_order_id, "reference_order_id": order.document["reference_order_id"],
        "reference_merchant_order_id": order.document["reference_order_id"],
        "alt_order_id": order.document.get("alt_order_id"), "items": clean,
    }
    delay = timedelta(seconds=float(tunable(merchant, "refund_delay")))
    refund = Refund.objects.create(merchant=merchant, refund_authorization_id=refund_id, alt_refund_id=alt_refund_id,
                                   order=order, status="created", outcome=outcome, document=document,
                                   created_at=now, next_transition_at=now + delay)
    note_due(merchant, refund.next_transition_at)
    return refund


def advance_refund(refund: Refund, now: datetime) -> None:
    delay = timedelta(seconds=float(tunable(refund.merchant, "refund_delay")))
    while refund.next_transition_at is not None and refund.next_transition_at <= now:
        if refund.status == "created":
            refund.status = "processing"
            refund.next_transition_at = refund.next_transition_at + delay
        else:
            refund.status = refund.outcome
            refund.next_transition_at = None
    refund.document["refund_status"] = refund.status


def refund_status(text: str) -> str:
    found = canonical(text, vocab.REFUND_STATUSES)
    if found is None:
        raise BadRequest(m.STATUS_UNKNOWN.format(status=text, kind="refund", choices=", ".join(vocab.REFUND_STATUSES)))
    return found
