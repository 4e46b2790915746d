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

from jetcart.jet.models.orders import Acknowledgement, DatedShipNotice
from jetcart.jet.models.vocabulary import (
    SHIPPING_METHODS,
    AckStatus,
    ExceptionState,
    OrderStatus,
    match_folded,
)
from jetcart.jet.timestamps import jet_utc, parse_wire_datetime
from jetcart.sandbox import ids
from jetcart.sandbox import messages as m
from jetcart.sandbox.bodies import check_body, fail_if, jet_problems
from jetcart.sandbox.config import tunable
from jetcart.sandbox.lookups import Lookup
from jetcart.sandbox.models import Merchant, Order
from jetcart.sandbox.transport.errors import BadRequest, NotFound

LIST_LIMIT = 1000
LIST_DAYS = 90
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
            order.document["order_ready_date"] = jet_utc(due)
            window = timedelta(seconds=float(tunable(order.merchant, "ack_window")))
            order.next_transition_at = due + window if tunable(order.merchant, "auto_cancel") else None
        elif order.status == "ready" and tunable(order.merchant, "auto_cancel"):
            _cancel_everything(order, ExceptionState.JET_MANUAL_CANCELED.value)
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


def acknowledge(order: Order, body: dict, now: datetime) -> None:
    """The body's field rules are the jet model's (`Acknowledgement`); the sandbox checks the lines against the
    order: each must be one of its items, and an acceptance must list every one."""
    if order.status != "ready":
        raise BadRequest(m.ORDER_NOT_READY.format(order_id=order.merchant_order_id, status=order.status))
    check_body(Acknowledgement, body)
    status = body["acknowledgement_status"]
    items = {i["order_item_id"]: i for i in order.document["order_items"]}
    errors = []
    for index, entry in enumerate(body["order_items"]):
        if entry["order_item_id"] not in items:
            errors.append(m.ORDER_ITEM_UNKNOWN.format(field=f"order_items[{index}].order_item_id",
                                                      item_id=entry["order_item_id"]))
    answered = {entry["order_item_id"]: entry for entry in body["order_items"]}
    if status == AckStatus.ACCEPTED and not errors:
        errors.extend(m.ORDER_ITEM_MISSING.format(item_id=item_id) for item_id in items if item_id not in answered)
    fail_if(errors)
    document = order.document
    document["acknowledgement_status"] = status
    document["order_acknowledge_date"] = jet_utc(now)
    if body.get("alt_order_id") is not None:
        document["alt_order_id"] = body["alt_order_id"]
    for item_id, entry in answered.items():
        items[item_id]["order_item_acknowledgement_status"] = entry["order_item_acknowledgement_status"]
        if entry.get("alt_order_item_id") is not None:
            items[item_id]["alt_order_item_id"] = entry["alt_order_item_id"]
    order.next_transition_at = None
    if status == AckStatus.ACCEPTED:
        _set_status(order, "acknowledged")
    else:
        _cancel_everything(order, ExceptionState.ORDER_REJECTED.value)


SHIPMENT_KEYS = ("alt_shipment_id", "shipment_tracking_number", "response_shipment_date", "response_shipment_method",
                 "expected_delivery_date", "ship_from_zip_code", "carrier_pick_up_date", "carrier",
                 "redirect_notification")
SHIPMENT_DATES = ("response_shipment_date", "expected_delivery_date", "carrier_pick_up_date")
ITEM_KEYS = ("alt_shipment_item_id", "shipment_item_id", "RMA_number", "days_to_return", "return_location")


def _shipping_method(method: str | None, path: str, lenient: bool) -> tuple[str | None, list[str]]:
    """Methods are matched case-insensitively against §2.12's list, `_` read as a space (§4.6: Jet's own
    example wrote `UPS_ground`); the lenient setting takes any string."""
    if method is None or not method.strip() or lenient:
        return method, []
    found = match_folded(method.replace("_", " "), SHIPPING_METHODS)
    if found is None:
        return None, [m.NOT_ONE_OF.format(field=f"{path}.response_shipment_method",
                                          choices=", ".join(sorted(SHIPPING_METHODS)))]
    return found, []


def _stored_item(entry: dict) -> dict:
    """A shipment line as Jet echoes it: every §4.5 key present (null when not sent, cancel quantity 0)."""
    stored = {key: entry.get(key) for key in ITEM_KEYS}
    if stored["RMA_number"] is None:
        stored["RMA_number"] = entry.get("rma_number")
    stored.update({"merchant_sku": entry["merchant_sku"],
                   "response_shipment_sku_quantity": entry["response_shipment_sku_quantity"],
                   "response_shipment_cancel_qty": entry.get("response_shipment_cancel_qty") or 0})
    return stored


def _stored_shipment(shipment: dict, method: str | None) -> dict:
    """A shipment as Jet echoes it: every §4.5 key present, each date-time in Jet's 7-digit style (UTC)."""
    stored = {key: shipment.get(key) for key in SHIPMENT_KEYS}
    for key in SHIPMENT_DATES:
        if stored[key] is not None:
            stored[key] = jet_utc(parse_wire_datetime(stored[key]))
    stored["response_shipment_method"] = stored["response_shipping_method"] = method
    stored["shipment_items"] = [_stored_item(entry) for entry in shipment["shipment_items"]]
    return stored


def ship(order: Order, body: dict, now: datetime) -> None:
    """Records shipments and cancels; every problem in the body is reported at once and nothing changes.

    The body's field rules are the jet model's (`DatedShipNotice`); the sandbox checks it against the order: its
    SKUs, its state and the units left to ship or cancel."""
    if order.status not in {"ready", "acknowledged", "inprogress"}:
        message = m.ORDER_CLOSED if order.status == "complete" else m.ORDER_NOT_SHIPPABLE
        raise BadRequest(message.format(order_id=order.merchant_order_id, status=order.status))
    records = _checked_shipments(order, body)
    allocation = _allocate_units(order, body["shipments"])
    state = order.document["_sandbox"]
    for item, ship_here, cancel_here in allocation:
        item_id = item["order_item_id"]
        state["shipped"][item_id] = state["shipped"].get(item_id, 0) + ship_here
        state["cancelled"][item_id] = state["cancelled"].get(item_id, 0) + cancel_here
    for record in records:
        record["shipment_id"] = ids.jet_id()
        order.document["shipments"].append(record)
    if body.get("alt_order_id") is not None:
        order.document["alt_order_id"] = body["alt_order_id"]
    _after_shipment(order)


def _checked_shipments(order: Order, body: dict) -> list[dict]:
    """The shipments as they will be stored, once the body passes the jet model and the shipping methods."""
    errors = jet_problems(DatedShipNotice, body)
    lenient = bool(tunable(order.merchant, "lenient_shipping_methods"))
    shipments = body.get("shipments") if isinstance(body, dict) else None
    records = []
    for index, shipment in enumerate(shipments if isinstance(shipments, list) else []):
        method = shipment.get("response_shipment_method") if isinstance(shipment, dict) else None
        method, method_errors = _shipping_method(method if isinstance(method, str) else None,
                                                 f"shipments[{index}]", lenient)
        errors.extend(method_errors)
        if not errors:
            records.append(_stored_shipment(shipment, method))
    fail_if(errors)
    return records


def _units_asked(order: Order, shipments: list[dict], lines_by_sku: dict[str, list[dict]],
                 errors: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Units to ship and to cancel per SKU; unknown SKUs and units shipped before acknowledgement are errors."""
    shipped_now: dict[str, int] = defaultdict(int)
    cancelled_now: dict[str, int] = defaultdict(int)
    for index, shipment in enumerate(shipments):
        units_shipped = 0
        for position, entry in enumerate(shipment["shipment_items"]):
            sku = entry["merchant_sku"]
            if sku not in lines_by_sku:
                errors.append(m.ORDER_SKU_UNKNOWN.format(
                    field=f"shipments[{index}].shipment_items[{position}].merchant_sku", sku=sku))
                continue
            shipped_now[sku] += entry["response_shipment_sku_quantity"]
            cancelled_now[sku] += entry.get("response_shipment_cancel_qty") or 0
            units_shipped += entry["response_shipment_sku_quantity"]
        if units_shipped and order.status == "ready":
            errors.append(m.ORDER_NOT_SHIPPABLE.format(order_id=order.merchant_order_id, status=order.status))
    return shipped_now, cancelled_now


def _allocate_units(order: Order, shipments: list[dict]) -> list[tuple[dict, int, int]]:
    """Spreads each SKU's shipped and cancelled units over its order lines; refuses more than is left."""
    lines_by_sku: dict[str, list[dict]] = defaultdict(list)
    for item in order.document["order_items"]:
        lines_by_sku[item["merchant_sku"]].append(item)
    errors: list[str] = []
    shipped_now, cancelled_now = _units_asked(order, shipments, lines_by_sku, errors)
    state = order.document["_sandbox"]
    allocation: list[tuple[dict, int, int]] = []
    for sku, lines in lines_by_sku.items():
        want_ship, want_cancel = shipped_now.get(sku, 0), cancelled_now.get(sku, 0)
        ordered = sum(line_units(i) for i in lines)
        done = sum(state["shipped"].get(i["order_item_id"], 0) + state["cancelled"].get(i["order_item_id"], 0)
                   for i in lines)
        if done + want_ship + want_cancel > ordered:
            errors.append(m.TOO_MANY_UNITS.format(field="shipments", sku=sku, total=done + want_ship + want_cancel,
                                                  ordered=ordered))
            continue
        for item in lines:
            item_id = item["order_item_id"]
            room = line_units(item) - state["shipped"].get(item_id, 0) - state["cancelled"].get(item_id, 0)
            ship_here = min(room, want_ship)
            cancel_here = min(room - ship_here, want_cancel)
            want_ship, want_cancel = want_ship - ship_here, want_cancel - cancel_here
            allocation.append((item, ship_here, cancel_here))
    fail_if(errors)
    return allocation


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
    found = match_folded(text, OrderStatus)
    if found is None:
        raise BadRequest(m.STATUS_UNKNOWN.format(status=text, kind="order", choices=", ".join(OrderStatus)))
    return str(found)
