"""Refund rules and progression [G]: created → processing → accepted, or rejected when the amount exceeds
what the buyer paid for the refunded units ("rejected - refund conflicts with returns policy")."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from jetcart.jet.models.returns import RefundCreate
from jetcart.jet.models.vocabulary import REFUND_REJECTIONS, RefundStatus, match_folded
from jetcart.sandbox import ids
from jetcart.sandbox import messages as m
from jetcart.sandbox.bodies import check_body, fail_if
from jetcart.sandbox.config import tunable
from jetcart.sandbox.lifecycle import note_due
from jetcart.sandbox.models import Merchant, Order, Refund
from jetcart.sandbox.returns.state import amounts, with_amounts_defaulted
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.validate import money


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
    body = check_body(RefundCreate, with_amounts_defaulted(body))
    items = {i["order_item_id"]: i for i in order.document["order_items"]}
    already = _refunded_so_far(order)
    errors, clean, over_paid = [], [], False
    for index, entry in enumerate(body["items"]):
        path, item_id = f"items[{index}]", entry["order_item_id"]
        item, quantity, amount = items.get(item_id), entry["order_return_refund_qty"], amounts(entry)
        if item is None:
            errors.append(m.ORDER_ITEM_UNKNOWN.format(field=f"{path}.order_item_id", item_id=item_id))
        else:
            total = already.get(item_id, 0) + quantity
            if total > shipped.get(item_id, 0):
                errors.append(m.REFUND_TOO_MANY_UNITS.format(field=f"{path}.order_return_refund_qty",
                                                             item_id=item_id, total=total,
                                                             shipped=shipped.get(item_id, 0)))
            already[item_id] = total
            if amount["principal"] > Decimal(str(item["item_price"]["base_price"])) * quantity:
                over_paid = True
        clean.append({"order_item_id": item_id, "alt_order_item_id": entry.get("alt_order_item_id"),
                      "total_quantity_returned": entry["total_quantity_returned"],
                      "order_return_refund_qty": quantity, "refund_reason": entry["refund_reason"],
                      "refund_feedback": entry.get("refund_feedback") or None, "notes": entry.get("notes"),
                      "refund_amount": {k: money(v) for k, v in amount.items()}})
    fail_if(errors)
    outcome = merchant.controls.get("refund_outcome") or (REFUND_REJECTIONS[1] if over_paid
                                                          else RefundStatus.ACCEPTED.value)
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
    found = match_folded(text, RefundStatus)
    if found is None:
        raise BadRequest(m.STATUS_UNKNOWN.format(status=text, kind="refund", choices=", ".join(RefundStatus)))
    return str(found)
