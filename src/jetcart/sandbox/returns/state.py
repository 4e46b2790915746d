"""Return state machine [G]: created → (merchant completes) → inprogress → completed by merchant (after a delay)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from jetcart.jet.models.returns import RefundWithoutReturnComplete, ReturnComplete
from jetcart.jet.models.vocabulary import RETURN_REASONS, RETURN_STATUS_SPELLINGS, ReturnStatus
from jetcart.jet.timestamps import jet_utc
from jetcart.sandbox import ids
from jetcart.sandbox import messages as m
from jetcart.sandbox.bodies import check_body, fail_if
from jetcart.sandbox.config import tunable
from jetcart.sandbox.models import Merchant, Order, Return
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.validate import money

AMOUNT_KEYS = ("principal", "tax", "shipping_cost", "shipping_tax")


def get_return(merchant: Merchant, return_id: str, *, lock: bool = False) -> Return:
    query = Return.objects.select_for_update() if lock else Return.objects
    found = query.filter(merchant=merchant, return_id=return_id.lower()).first()
    if found is None:
        raise NotFound(m.RETURN_NOT_FOUND.format(return_id=return_id))
    return found


def return_json(ret: Return) -> dict:
    shown = dict(ret.document)
    shown["return_status"] = ret.status
    return shown


def generate_return(merchant: Merchant, order: Order, now: datetime, *, without_return: bool = False,
                    sku: str | None = None, most: int | None = None, reason: str | None = None) -> Return:
    """A customer return of the shipped units not yet returned (optionally of one SKU, at most `most`
    units per line, with a given reason; by default all of them with a random reason)."""
    state = order.document["_sandbox"]
    returned = state.setdefault("returned", {})
    rng = random.Random()
    lines = []
    for item in order.document["order_items"]:
        item_id = item["order_item_id"]
        quantity = state["shipped"].get(item_id, 0) - returned.get(item_id, 0)
        if sku is not None and item["merchant_sku"] != sku:
            continue
        if most is not None:
            quantity = min(quantity, most)
        if quantity <= 0:
            continue
        returned[item_id] = returned.get(item_id, 0) + quantity
        price = item["item_price"]
        amount = {
            "principal": money(Decimal(str(price["base_price"])) * quantity),
            "tax": money(Decimal(str(price["item_tax"])) * quantity),
            "shipping_cost": money(Decimal(str(price["item_shipping_cost"])) * quantity),
            "shipping_tax": money(Decimal(str(price["item_shipping_tax"])) * quantity),
        }
        lines.append({"order_item_id": item_id, "alt_order_item_id": item.get("alt_order_item_id"),
                      "merchant_sku": item["merchant_sku"], "merchant_sku_title": item["product_title"],
                      "return_quantity": quantity, "reason": reason or rng.choice(RETURN_REASONS),
                      "requested_refund_amount": amount})
    if not lines:
        raise BadRequest(m.GENERATE_NOTHING_SHIPPED.format(order_id=order.merchant_order_id))
    count = Return.objects.filter(order=order).count() + 1
    locations = [loc.address() for loc in merchant.return_locations.order_by("id")]
    return_id = ids.jet_id()
    document = {
        "merchant_return_authorization_id": return_id,
        "reference_return_authorization_id": f"{order.document['reference_order_id']}-{count:02d}",
        "alt_return_authorization_id": None,
        "merchant_order_id": order.merchant_order_id,
        "reference_order_id": order.document["reference_order_id"],
        "alt_order_id": order.document.get("alt_order_id"),
        "return_status": "created", "refund_without_return": without_return,
        "return_date": jet_utc(now), "shipping_carrier": "UPS",
        "tracking_number": "1Z" + ids.jet_id()[:16].upper(),
        "merchant_return_charge": 0.0, "return_location": locations,
        "return_merchant_SKUs": lines,
    }
    return Return.objects.create(merchant=merchant, return_id=return_id, order=order, status="created",
                                 document=document, created_at=now)


def with_amounts_defaulted(body: Any) -> Any:
    """The body with each line's absent `tax`, `shipping_cost` and `shipping_tax` set to 0 [G]: Jet's .NET
    server read a missing decimal as 0, and the sandbox always accepted a `refund_amount` holding only
    `principal` (the client's model still sends all four)."""
    items = body.get("items") if isinstance(body, dict) else None
    if not isinstance(items, list):
        return body
    lines = []
    for entry in items:
        amount = entry.get("refund_amount") if isinstance(entry, dict) else None
        if isinstance(amount, dict) and "principal" in amount:
            entry = {**entry, "refund_amount": {key: 0 for key in AMOUNT_KEYS[1:]} | amount}
        lines.append(entry)
    return {**body, "items": lines}


def amounts(entry: dict) -> dict[str, Decimal]:
    """The four refund amounts of a checked line; one left out is 0 [G]."""
    given = entry["refund_amount"]
    return {key: Decimal(str(given.get(key) or 0)) for key in AMOUNT_KEYS}


def complete(ret: Return, body: dict, now: datetime) -> None:
    """The body's field rules are the jet model's (`ReturnComplete`, or `RefundWithoutReturnComplete` for a
    return refunded without the item coming back); the sandbox checks it against the return: its order, its
    lines and quantities, and feedback when less than the requested refund is given."""
    if ret.status != "created":
        raise BadRequest(m.RETURN_ALREADY_COMPLETED.format(return_id=ret.return_id))
    without_return = bool(ret.document["refund_without_return"])
    body = check_body(RefundWithoutReturnComplete if without_return else ReturnComplete,
                      with_amounts_defaulted(body))
    errors = []
    if body["merchant_order_id"].lower() != ret.order.merchant_order_id:
        errors.append(m.RETURN_ORDER_MISMATCH.format(order_id=body["merchant_order_id"]))
    lines = {line["order_item_id"]: line for line in ret.document["return_merchant_SKUs"]}
    for index, entry in enumerate(body["items"]):
        path = f"items[{index}]"
        line = lines.get(entry["order_item_id"])
        if line is None:
            errors.append(m.RETURN_ITEM_UNKNOWN.format(field=f"{path}.order_item_id", item_id=entry["order_item_id"]))
            continue
        if entry["total_quantity_returned"] > line["return_quantity"]:
            errors.append(m.RETURNED_TOO_MANY.format(field=f"{path}.total_quantity_returned",
                                                     maximum=line["return_quantity"]))
        if not entry.get("return_refund_feedback"):
            requested = sum(Decimal(str(line["requested_refund_amount"][k])) for k in AMOUNT_KEYS)
            if entry["order_return_refund_qty"] < line["return_quantity"] or sum(amounts(entry).values()) < requested:
                errors.append(m.FEEDBACK_NEEDED.format(field=f"{path}.return_refund_feedback"))
    fail_if(errors)
    document = ret.document
    document.update({"agree_to_return_charge": body["agree_to_return_charge"], "items": body["items"]})
    if body.get("return_charge_feedback") is not None:
        document["return_charge_feedback"] = body["return_charge_feedback"]
    if body.get("alt_order_id"):
        document["alt_order_id"] = body["alt_order_id"]
    ret.status = document["return_status"] = ReturnStatus.IN_PROGRESS.value
    ret.next_transition_at = now + timedelta(seconds=float(tunable(ret.merchant, "return_delay")))


def advance_return(ret: Return, now: datetime) -> None:
    if ret.status == "inprogress":
        ret.status = ret.document["return_status"] = ReturnStatus.COMPLETED_BY_MERCHANT.value
        ret.document["completed_date"] = jet_utc(ret.next_transition_at)
    ret.next_transition_at = None


def return_status(text: str) -> str:
    """The status a list path names, in any spelling Jet used (§5.1)."""
    folded = " ".join(text.split()).casefold()
    found = RETURN_STATUS_SPELLINGS.get(folded) or RETURN_STATUS_SPELLINGS.get(folded.replace(" ", ""))
    if found is None:
        raise BadRequest(m.STATUS_UNKNOWN.format(status=text, kind="return", choices=", ".join(ReturnStatus)))
    return str(found)
