"""Order state machine (jet-api.md §4.3): created → ready → acknowledged → inprogress → complete.

Guesses [G]: a rejected order closes as `complete` with exception "exception - order rejected"; an order
not acknowledged within the ack window is cancelled by Jet (`complete`, every unit cancelled, exception
"exception - jet manual canceled to complete state"); a cancel-only shipment is accepted while `ready`
(CedCommerce's activation cancel test shipped a generated order without acknowledging it); too many
units shipped/cancelled is a 400 that leaves the order unchanged.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from jetcart.sandbox import ids, vocab
from jetcart.sandbox import messages as m
from jetcart.sandbox.config import tunable
from jetcart.sandbox.lookups import Lookup
from jetcart.sandbox.models import Merchant, Order
from jetcart.sandbox.timefmt import jet_time
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.validate import Checker, canonical

LIST_LIMIT = 1000
LIST_DAYS = 90
ZIP_LENGTH = 5
ORDER_BY_ID = Lookup(Order, "merchant_id", "merchant_order_id")
LOCKED_ORDER_BY_ID = Lookup(Order, "merchant_id", "merchant_order_id", lock=True)


def line_units(item: dict) -> int:
    """Units a line can account for by shipping or cancelling [G]: its requested quantity, or the
    requested cancel quantity when that is larger (a generated cancel-test line: quantity 0, cancel 1)."""
    return max(item["request_order_quantity"], item.get("request_order_cancel_qty") or 0)


def get_order(merchant: Merchant, order_id: str, *, lock: bool = False) -> Order:
    order = (LOCKED_ORDER_BY_ID if lock else ORDER_BY_ID).first(merchant.pk, order_id.lower())
    if order is None:
        raise NotFound(m.ORDER_NOT_FOUND.format(order_id=order_id))
    return order


def order_json(order: Order) -> dict:
    shown = {k: v for k, v in order.document.items() if k != "_sandbox"}
    shown["status"] = order.status
    return shown


def _set_status(order: Order, status: str) -> None:
    order.status = status
    order.document["status"] = status


def advance_order(order: Order, now: datetime) -> None:
    """Applies the due timer: created → ready (fraud check over), ready → cancelled (not acknowledged)."""
    while order.next_transition_at is not None and order.next_transition_at <= now:
        due = order.next_transition_at
        if order.status == "created":
            _set_status(order, "ready")
            order.document["order_ready_date"] = jet_time(due)
            window = timedelta(seconds=float(tunable(order.merchant, "ack_window")))
            order.next_transition_at = due + window if tunable(order.merchant, "auto_cancel") else None
        elif order.status == "ready" and tunable(order.merchant, "auto_cancel"):
            _cancel_everything(order, vocab.EXCEPTION_JET_CANCELLED)
        else:
            order.next_transition_at = None


def _cancel_everything(order: Order, exception: str) -> None:
    _set_status(order, "complete")
    order.document["exception_state"] = exception
    cancelled = order.document["_sandbox"]["cancelled"]
    for item in order.document["order_items"]:
        cancelled[item["order_item_id"]] = line_units(item)
    order.is_cancelled = True
    order.directed_cancel_open = False
    order.next_transition_at = None


def acknowledge(order: Order, body: dict, now: datetime) -> None:  # noqa: C901 — Jet's acknowledgement rules, moving to jet.models on the sandbox branch
    if order.status != "ready":
        raise BadRequest(m.ORDER_NOT_READY.format(order_id=order.merchant_order_id, status=order.status))
    c = Checker()
    status = c.choice(body, "acknowledgement_status", vocab.ACK_STATUSES, required=True)
    alt_order_id = c.string(body, "alt_order_id")
    items = {i["order_item_id"]: i for i in order.document["order_items"]}
    answers: dict[str, tuple[str | None, str | None]] = {}
    for path, entry in c.objects(body, "order_items", required=status == vocab.ACK_ACCEPTED):
        item_id = c.string(entry, "order_item_id", field=f"{path}.order_item_id", required=True)
        item_status = c.choice(entry, "order_item_acknowledgement_status", vocab.ITEM_ACK_STATUSES,
                               field=f"{path}.order_item_acknowledgement_status", required=True)
        alt_item = c.string(entry, "alt_order_item_id", field=f"{path}.alt_order_item_id")
        if item_id is None:
            continue
        if item_id not in items:
            c.fail(m.ORDER_ITEM_UNKNOWN.format(field=f"{path}.order_item_id", item_id=item_id))
        elif item_id in answers:
            c.fail(m.ORDER_ITEM_TWICE.format(field=f"{path}.order_item_id", item_id=item_id))
        else:
            answers[item_id] = (item_status, alt_item)
    if status == vocab.ACK_ACCEPTED and not c.errors:
        for item_id in items:
            if item_id not in answers:
                c.fail(m.ORDER_ITEM_MISSING.format(item_id=item_id))
        if any(s != vocab.ITEM_FULFILLABLE for s, _a in answers.values()):
            c.fail(m.ACCEPTED_WITH_UNFULFILLABLE)
    c.raise_if_failed()
    document = order.document
    document["acknowledgement_status"] = status
    document["order_acknowledge_date"] = jet_time(now)
    if alt_order_id is not None:
        document["alt_order_id"] = alt_order_id
    for item_id, (item_status, alt_item) in answers.items():
        items[item_id]["order_item_acknowledgement_status"] = item_status
        if alt_item is not None:
            items[item_id]["alt_order_item_id"] = alt_item
    order.next_transition_at = None
    if status == vocab.ACK_ACCEPTED:
        _set_status(order, "acknowledged")
    else:
        _cancel_everything(order, vocab.EXCEPTION_REJECTED)


def _check_return_location(c: Checker, path: str, entry: dict) -> None:
    value = entry.get("return_location")
    if value is None:
        return
    places = value if isinstance(value, list) else [value]
    for index, place in enumerate(places):
        where = f"{path}.return_location" + (f"[{index}]" if isinstance(value, list) else "")
        if not isinstance(place, dict):
            c.fail(m.NOT_OBJECT.format(field=where))
            continue
        for key in ("address1", "city", "state", "zip_code"):
            c.string(place, key, field=f"{where}.{key}", required=True)
        c.string(place, "address2", field=f"{where}.address2")


def _shipping_method(c: Checker, shipment: dict, path: str, lenient: bool) -> str | None:
    method = c.string(shipment, "response_shipment_method", field=f"{path}.response_shipment_method")
    if method is None or not method.strip() or lenient:
        return method
    found = canonical(method.replace("_", " "), vocab.SHIPPING_METHODS)
    if found is None:
        c.fail(m.NOT_ONE_OF.format(field=f"{path}.response_shipment_method", choices=", ".join(vocab.SHIPPING_METHODS)))
    return found


def ship(order: Order, body: dict, now: datetime) -> None:  # noqa: C901 — Jet's shipment rules, moving to jet.models on the sandbox branch
    """Records shipments and cancels; every problem in the body is reported at once and nothing changes."""
    if order.status not in {"ready", "acknowledged", "inprogress"}:
        message = m.ORDER_CLOSED if order.status == "complete" else m.ORDER_NOT_SHIPPABLE
        raise BadRequest(message.format(order_id=order.merchant_order_id, status=order.status))
    c = Checker()
    lenient = bool(tunable(order.merchant, "lenient_shipping_methods"))
    alt_order_id = c.string(body, "alt_order_id")
    lines_by_sku: dict[str, list[dict]] = defaultdict(list)
    for item in order.document["order_items"]:
        lines_by_sku[item["merchant_sku"]].append(item)
    shipped_now: dict[str, int] = defaultdict(int)
    cancelled_now: dict[str, int] = defaultdict(int)
    records = []
    for path, shipment in c.objects(body, "shipments", required=True, non_empty=True):
        units_shipped = 0
        for ipath, entry in c.objects(shipment, "shipment_items", field=f"{path}.shipment_items", required=True,
                                      non_empty=True):
            sku = c.string(entry, "merchant_sku", field=f"{ipath}.merchant_sku", required=True)
            quantity = c.integer(entry, "response_shipment_sku_quantity",
                                 field=f"{ipath}.response_shipment_sku_quantity", required=True, minimum=0)
            cancel = c.integer(entry, "response_shipment_cancel_qty", field=f"{ipath}.response_shipment_cancel_qty",
                               minimum=0)
            c.string(entry, "alt_shipment_item_id", field=f"{ipath}.alt_shipment_item_id")
            c.string(entry, "shipment_item_id", field=f"{ipath}.shipment_item_id")
            c.string(entry, "RMA_number", field=f"{ipath}.RMA_number")
            c.integer(entry, "days_to_return", field=f"{ipath}.days_to_return", minimum=0)
            _check_return_location(c, ipath, entry)
            if sku is None:
                continue
            if sku not in lines_by_sku:
                c.fail(m.ORDER_SKU_UNKNOWN.format(field=f"{ipath}.merchant_sku", sku=sku))
                continue
            shipped_now[sku] += quantity or 0
            cancelled_now[sku] += cancel or 0
            units_shipped += quantity or 0
        c.string(shipment, "alt_shipment_id", field=f"{path}.alt_shipment_id", required=units_shipped == 0)
        shipping = units_shipped > 0
        c.string(shipment, "shipment_tracking_number", field=f"{path}.shipment_tracking_number",
                 required=shipping, non_empty=shipping)
        shipped_at = c.moment(shipment, "response_shipment_date", field=f"{path}.response_shipment_date",
                              required=shipping)
        expected = c.moment(shipment, "expected_delivery_date", field=f"{path}.expected_delivery_date",
                            required=shipping)
        c.moment(shipment, "carrier_pick_up_date", field=f"{path}.carrier_pick_up_date", required=shipping)
        zip_code = c.string(shipment, "ship_from_zip_code", field=f"{path}.ship_from_zip_code", required=shipping)
        if zip_code is not None and not (len(zip_code) == ZIP_LENGTH and zip_code.isascii() and zip_code.isdigit()):
            c.fail(m.ZIP_FORMAT.format(field=f"{path}.ship_from_zip_code"))
        c.choice(shipment, "carrier", vocab.CARRIERS, field=f"{path}.carrier", required=shipping)
        method = _shipping_method(c, shipment, path, lenient)
        if shipped_at is not None and expected is not None and expected < shipped_at:
            c.fail(m.DATE_ORDER.format(field=f"{path}.expected_delivery_date"))
        redirect = c.object(shipment, "redirect_notification", field=f"{path}.redirect_notification")
        if redirect is not None:
            c.string(redirect, "redirect_node", field=f"{path}.redirect_notification.redirect_node")
            c.boolean(redirect, "is_redirect_for_zero_inventory",
                      field=f"{path}.redirect_notification.is_redirect_for_zero_inventory")
        if units_shipped and order.status == "ready":
            c.fail(m.ORDER_NOT_SHIPPABLE.format(order_id=order.merchant_order_id, status=order.status))
        record = dict(shipment)
        if method is not None:
            record["response_shipment_method"] = method
            record["response_shipping_method"] = method
        records.append(record)
    state = order.document["_sandbox"]
    allocation: list[tuple[dict, int, int]] = []
    for sku, lines in lines_by_sku.items():
        want_ship, want_cancel = shipped_now.get(sku, 0), cancelled_now.get(sku, 0)
        ordered = sum(line_units(i) for i in lines)
        done = sum(state["shipped"].get(i["order_item_id"], 0) + state["cancelled"].get(i["order_item_id"], 0)
                   for i in lines)
        if done + want_ship + want_cancel > ordered:
            c.fail(m.TOO_MANY_UNITS.format(field="shipments", sku=sku, total=done + want_ship + want_cancel,
                                           ordered=ordered))
            continue
        for item in lines:
            item_id = item["order_item_id"]
            room = line_units(item) - state["shipped"].get(item_id, 0) - state["cancelled"].get(item_id, 0)
            ship_here = min(room, want_ship)
            cancel_here = min(room - ship_here, want_cancel)
            want_ship, want_cancel = want_ship - ship_here, want_cancel - cancel_here
            allocation.append((item, ship_here, cancel_here))
    c.raise_if_failed()
    for item, ship_here, cancel_here in allocation:
        item_id = item["order_item_id"]
        state["shipped"][item_id] = state["shipped"].get(item_id, 0) + ship_here
        state["cancelled"][item_id] = state["cancelled"].get(item_id, 0) + cancel_here
    for record in records:
        record["shipment_id"] = ids.jet_id()
        order.document["shipments"].append(record)
    if alt_order_id is not None:
        order.document["alt_order_id"] = alt_order_id
    _after_shipment(order)


def _after_shipment(order: Order) -> None:
    state = order.document["_sandbox"]
    items = order.document["order_items"]
    accounted = all(state["shipped"].get(i["order_item_id"], 0) + state["cancelled"].get(i["order_item_id"], 0)
                    >= line_units(i) for i in items)
    order.directed_cancel_open = any(
        state["cancelled"].get(i["order_item_id"], 0) < (i.get("request_order_cancel_qty") or 0) for i in items)
    order.next_transition_at = None
    if accounted:
        _set_status(order, "complete")
        order.is_cancelled = not any(state["shipped"].values())
    else:
        _set_status(order, "inprogress")


def list_orders(merchant: Merchant, status: str, now: datetime, *, cancelled: bool | None = None,
                node: str | None = None, tag: str | None = None, tagged: bool | None = None) -> list[str]:
    query = Order.objects.filter(merchant=merchant, status=status, created_at__gte=now - timedelta(days=LIST_DAYS))
    if cancelled is not None:
        query = query.filter(is_cancelled=cancelled)
    if node:
        query = query.filter(fulfillment_node=node)
    if tag is not None:
        query = query.filter(tag=tag) if tagged else query.exclude(tag=tag)
    found = query.order_by("created_at", "id").values_list("merchant_order_id", flat=True)[:LIST_LIMIT]
    return [f"/orders/withoutShipmentDetail/{order_id}" for order_id in found]


def order_status(text: str) -> str:
    found = canonical(text, vocab.ORDER_STATUSES)
    if found is None:
        raise BadRequest(m.STATUS_UNKNOWN.format(status=text, kind="order", choices=", ".join(vocab.ORDER_STATUSES)))
    return found
