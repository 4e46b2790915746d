"""Return state machine [G]: created → (merchant completes) → inprogress → completed by merchant (after a delay)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from jetcart.sandbox import ids, vocab
from jetcart.sandbox import messages as m
from jetcart.sandbox.config import tunable
from jetcart.sandbox.models import Merchant, Order, Return
from jetcart.sandbox.timefmt import jet_time
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.validate import Checker, canonical, money

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
                      "return_quantity": quantity, "reason": reason or rng.choice(vocab.RETURN_REASONS),
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
        "return_date": jet_time(now), "shipping_carrier": "UPS",
        "tracking_number": "1Z" + ids.jet_id()[:16].upper(),
        "merchant_return_charge": 0.0, "return_location": locations,
        "return_merchant_SKUs": lines,
    }
    return Return.objects.create(merchant=merchant, return_id=return_id, order=order, status="created",
                                 document=document, created_at=now)


def _amount(c: Checker, entry: dict, path: str) -> dict | None:
    amount = c.object(entry, "refund_amount", field=f"{path}.refund_amount", required=True)
    if amount is None:
        return None
    values = {}
    for key in AMOUNT_KEYS:
        value = c.number(amount, key, field=f"{path}.refund_amount.{key}", required=key == "principal",
                         minimum=0, cents=True)
        values[key] = value if value is not None else Decimal(0)
    return values


def complete(ret: Return, body: dict, now: datetime) -> None:
    if ret.status != "created":
        raise BadRequest(m.RETURN_ALREADY_COMPLETED.format(return_id=ret.return_id))
    c = Checker()
    order_id = c.string(body, "merchant_order_id", required=True)
    if order_id is not None and order_id.lower() != ret.order.merchant_order_id:
        c.fail(m.RETURN_ORDER_MISMATCH.format(order_id=order_id))
    c.string(body, "alt_order_id")
    agree = c.boolean(body, "agree_to_return_charge", required=True)
    feedback = c.choice(body, "return_charge_feedback", vocab.RETURN_CHARGE_FEEDBACK)
    if agree is False and feedback is None and "return_charge_feedback" not in body:
        c.fail(m.CHARGE_FEEDBACK_NEEDED)
    lines = {line["order_item_id"]: line for line in ret.document["return_merchant_SKUs"]}
    items = []
    for path, entry in c.objects(body, "items", required=True, non_empty=True):
        item_id = c.string(entry, "order_item_id", field=f"{path}.order_item_id", required=True)
        c.string(entry, "alt_order_item_id", field=f"{path}.alt_order_item_id")
        line = lines.get(item_id or "")
        if item_id is not None and line is None:
            c.fail(m.RETURN_ITEM_UNKNOWN.format(field=f"{path}.order_item_id", item_id=item_id))
        maximum = line["return_quantity"] if line else None
        returned = c.integer(entry, "total_quantity_returned", field=f"{path}.total_quantity_returned",
                             required=True, minimum=0)
        if returned is not None and maximum is not None and returned > maximum:
            c.fail(m.RETURNED_TOO_MANY.format(field=f"{path}.total_quantity_returned", maximum=maximum))
        refunded = c.integer(entry, "order_return_refund_qty", field=f"{path}.order_return_refund_qty",
                             required=True, minimum=0)
        if refunded is not None and returned is not None and refunded > returned \
                and not ret.document["refund_without_return"]:
            c.fail(m.REFUNDED_MORE_THAN_RETURNED.format(field=f"{path}.order_return_refund_qty"))
        refund_feedback = c.choice(entry, "return_refund_feedback", vocab.REFUND_FEEDBACK,
                                   field=f"{path}.return_refund_feedback")
        c.string(entry, "notes", field=f"{path}.notes")
        amount = _amount(c, entry, path)
        if line and amount is not None and refunded is not None and refund_feedback is None:
            requested = sum(Decimal(str(line["requested_refund_amount"][k])) for k in AMOUNT_KEYS)
            if refunded < line["return_quantity"] or sum(amount.values()) < requested:
                c.fail(m.FEEDBACK_NEEDED.format(field=f"{path}.return_refund_feedback"))
        items.append(entry)
    c.raise_if_failed()
    document = ret.document
    document.update({"agree_to_return_charge": agree, "items": items})
    if feedback is not None:
        document["return_charge_feedback"] = feedback
    if body.get("alt_order_id"):
        document["alt_order_id"] = body["alt_order_id"]
    ret.status = document["return_status"] = "inprogress"
    ret.next_transition_at = now + timedelta(seconds=float(tunable(ret.merchant, "return_delay")))


def advance_return(ret: Return, now: datetime) -> None:
    if ret.status == "inprogress":
        ret.status = ret.document["return_status"] = "completed by merchant"
        ret.document["completed_date"] = jet_time(ret.next_transition_at)
    ret.next_transition_at = None


def return_status(text: str) -> str:
    folded = " ".join(text.split()).casefold()
    found = vocab.RETURN_STATUS_ALIASES.get(folded) or vocab.RETURN_STATUS_ALIASES.get(folded.replace(" ", ""))
    found = found or canonical(text, vocab.RETURN_STATUSES)
    if found is None:
        raise BadRequest(m.STATUS_UNKNOWN.format(status=text, kind="return", choices=", ".join(vocab.RETURN_STATUSES)))
    return found
