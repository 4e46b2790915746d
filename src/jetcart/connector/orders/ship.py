"""Shipping and cancelling units of a Jet order: validate, record, send once through the outbox, follow in OpenCart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.models import (
    JetConfiguration,
    JetOrder,
    JetOrderLine,
    JetShipment,
    OutboxMessage,
    ShipmentState,
)
from jetcart.connector.orders import jet_orders, store_orders
from jetcart.connector.outbox import OutboxHandler, deliver, enqueue
from jetcart.connector.outcomes import FieldErrors, InputInvalid
from jetcart.jet.models.vocabulary import CARRIERS, SHIPPING_METHODS
from jetcart.jet.timestamps import format_jet_datetime

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.store.gateway import StoreGateway

ZIP_RE = re.compile(r"^\d{5}$")
SHIPPABLE_STATUSES = ("acknowledged", "inprogress")

# Messages shown next to the form's fields (tests import them).
REQUIRED = "Required when any unit ships."
ZIP_INVALID = "Enter exactly 5 digits, e.g. 84047."
METHOD_UNKNOWN = "Choose one of Jet's shipment methods."
CARRIER_UNKNOWN = "Choose one of Jet's carriers."
DELIVERY_BEFORE_SHIPMENT = "Expected delivery cannot be before the shipment date."
PICKUP_AFTER_DELIVERY = "Carrier pick-up cannot be after the expected delivery date."
TOO_MANY_UNITS = "Shipped + cancelled ({given}) is more than the {open} unit(s) still open of {requested} requested."
NEGATIVE = "Enter 0 or more."
NOTHING_TO_REPORT = "Ship or cancel at least one unit."
RMA_REQUIRED = "Enter the RMA number when a return location is given."
DAYS_REQUIRED = "Enter the days to return (1 or more) when a return location is given."
RETURN_ADDRESS_MISSING = "Fill in the return address on the configuration page first."


@dataclass
class ShipmentLineInput:
    line_id: int
    shipped: int = 0
    cancelled: int = 0
    return_location: bool = False
    rma_number: str = ""
    days_to_return: int | None = None


@dataclass
class ShipmentInput:
    tracking_number: str = ""
    shipment_date: datetime | None = None
    shipment_method: str = ""
    expected_delivery_date: datetime | None = None
    ship_from_zip_code: str = ""
    carrier_pick_up_date: datetime | None = None
    carrier: str = ""
    lines: list[ShipmentLineInput] = field(default_factory=list)


class ShipmentInvalid(InputInvalid):
    """The shipment breaks a rule (fields: `line-<id>-shipped` for lines)."""


def pending_units(order: JetOrder) -> dict[int, int]:
    """Units per line in shipments sent but not yet confirmed (they count against what is still open)."""
    units: dict[int, int] = {}
    for shipment in order.shipments.filter(state=ShipmentState.SENDING):
        for item in shipment.lines:
            units[item.line_id] = units.get(item.line_id, 0) + item.shipped + item.cancelled
    return units


def open_units(order: JetOrder) -> dict[int, int]:
    """Units per line that may still be shipped or cancelled."""
    pending = pending_units(order)
    return {line.pk: max(line.open_quantity - pending.get(line.pk, 0), 0) for line in order.lines.all()}


def _method_name(value: str) -> str | None:
    by_lower = {m.lower(): m for m in SHIPPING_METHODS}
    return by_lower.get(value.strip().lower())


def validate_shipment(order: JetOrder, data: ShipmentInput, *, config: JetConfiguration) -> dict[str, list[str]]:
    """Every rule of Jet's shipment (§4.5) and the manual's form; errors keyed by form field."""
    errors = FieldErrors()
    total_shipped, total_reported = _check_lines(errors, order, data, config)
    if total_reported == 0 and "__all__" not in errors:
        errors.add("__all__", NOTHING_TO_REPORT)
    _check_vocabulary(errors, data)
    if total_shipped:
        _require_shipping_fields(errors, data)
    _check_dates(errors, data)
    return errors


def _check_lines(errors: FieldErrors, order: JetOrder, data: ShipmentInput,
                 config: JetConfiguration) -> tuple[int, int]:
    """Each line's units and return details; (units shipped, units shipped or cancelled) over the lines."""
    lines = {line.pk: line for line in order.lines.all()}
    available = open_units(order)
    total_shipped = total_reported = 0
    for item in data.lines:
        line = lines.get(item.line_id)
        if line is None:
            errors.add("__all__", f"Line {item.line_id} is not part of this order.")
            continue
        total_reported += _check_line_units(errors, item, line, available[line.pk])
        total_shipped += max(item.shipped, 0)
        if item.return_location and item.shipped > 0:
            _check_return_details(errors, item, f"line-{line.pk}", config)
    return total_shipped, total_reported


def _check_line_units(errors: FieldErrors, item: ShipmentLineInput, line: JetOrderLine, open_count: int) -> int:
    """No negative counts, no more units than the line has open; the units the line reports."""
    prefix = f"line-{line.pk}"
    if item.shipped < 0:
        errors.add(f"{prefix}-shipped", NEGATIVE)
    if item.cancelled < 0:
        errors.add(f"{prefix}-cancelled", NEGATIVE)
    given = max(item.shipped, 0) + max(item.cancelled, 0)
    if given > open_count:
        errors.add(f"{prefix}-shipped", TOO_MANY_UNITS.format(given=given, open=open_count, requested=line.quantity))
    return given


def _check_return_details(errors: FieldErrors, item: ShipmentLineInput, prefix: str,
                          config: JetConfiguration) -> None:
    """A line shipped with a return location needs an RMA number, return days and the configured address."""
    if not item.rma_number.strip():
        errors.add(f"{prefix}-rma_number", RMA_REQUIRED)
    if not item.days_to_return or item.days_to_return < 1:
        errors.add(f"{prefix}-days_to_return", DAYS_REQUIRED)
    if not (config.return_address1 and config.return_city and config.return_state and config.return_postcode):
        errors.add(f"{prefix}-return_location", RETURN_ADDRESS_MISSING)


def _check_vocabulary(errors: FieldErrors, data: ShipmentInput) -> None:
    """The ZIP code's form, and a shipping method and carrier Jet knows."""
    if data.ship_from_zip_code and not ZIP_RE.match(data.ship_from_zip_code.strip()):
        errors.add("ship_from_zip_code", ZIP_INVALID)
    if data.shipment_method and _method_name(data.shipment_method) is None:
        errors.add("shipment_method", METHOD_UNKNOWN)
    if data.carrier and data.carrier not in CARRIERS:
        errors.add("carrier", CARRIER_UNKNOWN)


def _require_shipping_fields(errors: FieldErrors, data: ShipmentInput) -> None:
    """Units that ship need every shipping field (the requirement is listed first for its field)."""
    for name in ("tracking_number", "shipment_date", "shipment_method", "expected_delivery_date",
                 "ship_from_zip_code", "carrier_pick_up_date", "carrier"):
        value = getattr(data, name)
        if value in (None, "") or (isinstance(value, str) and not value.strip()):
            errors.setdefault(name, []).insert(0, REQUIRED)


def _check_dates(errors: FieldErrors, data: ShipmentInput) -> None:
    """Delivery not before the shipment, pick-up not after the delivery."""
    if data.shipment_date and data.expected_delivery_date and data.expected_delivery_date < data.shipment_date:
        errors.add("expected_delivery_date", DELIVERY_BEFORE_SHIPMENT)
    if (data.carrier_pick_up_date and data.expected_delivery_date
            and data.carrier_pick_up_date > data.expected_delivery_date):
        errors.add("carrier_pick_up_date", PICKUP_AFTER_DELIVERY)


def _return_location(config: JetConfiguration) -> dict:
    return {"address1": config.return_address1, "address2": config.return_address2, "city": config.return_city,
            "state": config.return_state, "zip_code": config.return_postcode}


def shipment_body(order: JetOrder, shipment: JetShipment) -> dict:
    """The body of PUT /orders/{id}/shipped for one shipment (§4.5); a cancel-only one omits the shipping fields."""
    config = JetConfiguration.load()
    items = []
    for item in shipment.lines:
        entry: dict[str, Any] = {"alt_shipment_item_id": str(item.line_id), "merchant_sku": item.merchant_sku,
                                 "response_shipment_sku_quantity": item.shipped,
                                 "response_shipment_cancel_qty": item.cancelled}
        if item.return_location:
            entry.update({"RMA_number": item.rma_number, "days_to_return": item.days_to_return,
                          "return_location": _return_location(config)})
        items.append(entry)
    body: dict[str, Any] = {"alt_shipment_id": shipment.alt_shipment_id, "shipment_items": items}
    if shipment.tracking_number:
        body.update({
            "shipment_tracking_number": shipment.tracking_number,
            "response_shipment_date": format_jet_datetime(shipment.shipment_date),
            "response_shipment_method": shipment.shipment_method,
            "expected_delivery_date": format_jet_datetime(shipment.expected_delivery_date),
            "ship_from_zip_code": shipment.ship_from_zip_code,
            "carrier_pick_up_date": format_jet_datetime(shipment.carrier_pick_up_date),
            "carrier": shipment.carrier,
        })
    result: dict[str, Any] = {"shipments": [body]}
    if order.store_order_id:
        result["alt_order_id"] = str(order.store_order_id)
    return result


def record_shipment(order: JetOrder, data: ShipmentInput, *, alt_shipment_id: str,
                    is_directed_cancel: bool = False) -> JetShipment:
    """Validates and records the shipment and its outbox message in one transaction (once per alt_shipment_id).

    The order's row is locked (`select_for_update`; on SQLite the write transaction itself, begun IMMEDIATE)
    before the open units are read, so two shipments submitted at the same time cannot both take the same units."""
    try:
        with transaction.atomic():
            locked = JetOrder.objects.select_for_update().get(pk=order.pk)
            existing = JetShipment.objects.filter(alt_shipment_id=alt_shipment_id).first()
            if existing:
                return existing
            cancel_only = not any(i.shipped for i in data.lines)
            if locked.jet_status not in SHIPPABLE_STATUSES and not (cancel_only and locked.jet_status == "ready"):
                raise ShipmentInvalid({"__all__": [
                    f"The order is {locked.jet_status or 'unknown'} on Jet; only acknowledged "
                    "or in-progress orders can be shipped or cancelled."]})
            errors = validate_shipment(locked, data, config=JetConfiguration.load())
            if errors:
                raise ShipmentInvalid(errors)
            lines = {line.pk: line for line in locked.lines.all()}
            items = [
                {"line_id": i.line_id, "order_item_id": lines[i.line_id].order_item_id,
                 "merchant_sku": lines[i.line_id].merchant_sku, "shipped": i.shipped, "cancelled": i.cancelled,
                 "return_location": i.return_location and i.shipped > 0, "rma_number": i.rma_number.strip(),
                 "days_to_return": i.days_to_return}
                for i in data.lines if i.shipped or i.cancelled
            ]
            shipping = any(i["shipped"] for i in items)
            method = _method_name(data.shipment_method) if shipping else ""
            shipment = JetShipment.objects.create(
                order=locked, alt_shipment_id=alt_shipment_id, items=items, is_directed_cancel=is_directed_cancel,
                tracking_number=data.tracking_number.strip() if shipping else "",
                shipment_date=data.shipment_date if shipping else None, shipment_method=method or "",
                expected_delivery_date=data.expected_delivery_date if shipping else None,
                ship_from_zip_code=data.ship_from_zip_code.strip() if shipping else "",
                carrier_pick_up_date=data.carrier_pick_up_date if shipping else None,
                carrier=data.carrier if shipping else "",
            )
            enqueue(key=shipment.outbox_key, kind="ship", subject=locked.merchant_order_id,
                    payload=shipment_body(locked, shipment))
    except IntegrityError:
        return JetShipment.objects.get(alt_shipment_id=alt_shipment_id)
    return shipment


def send_shipment(shipment: JetShipment, *, client: JetClient | None = None) -> JetShipment:
    """Delivers the shipment's outbox message; returns the shipment with its resulting state."""
    if client is None:
        from jetcart.connector.jet_and_store import jet_client

        client = jet_client()
    message = deliver(OutboxMessage.objects.get(key=shipment.outbox_key), client=client)
    shipment.refresh_from_db()
    shipment.closed_now = message.closed_now  # Jet's answer was written by this call (not an earlier or other one)
    return shipment


def ship_order(*, order: JetOrder, data: ShipmentInput, alt_shipment_id: str, client: JetClient | None = None) -> JetShipment:
    """Records and sends a shipment (units shipped and/or cancelled); raises ShipmentInvalid listing every rule."""
    return send_shipment(record_shipment(order, data, alt_shipment_id=alt_shipment_id), client=client)


def cancel_order(*, order: JetOrder, alt_shipment_id: str, client: JetClient | None = None) -> JetShipment:
    """Cancels every unit still open (a cancel-only shipment)."""
    available = open_units(order)
    data = ShipmentInput(lines=[ShipmentLineInput(line_id=pk, cancelled=n) for pk, n in available.items() if n])
    return ship_order(order=order, data=data, alt_shipment_id=alt_shipment_id, client=client)


# ---- OpenCart follows Jet ----------------------------------------------------------------------------------


def follow_in_store(order: JetOrder, *, gateway: StoreGateway) -> None:
    """Brings the OpenCart order in line with what Jet confirmed: a history entry per shipment, then the
    shipped status once every unit is accounted for, or the cancelled status (restocked) if none shipped."""
    order.refresh_from_db()
    if not order.store_order_id:
        return
    config = JetConfiguration.load()
    lines = list(order.lines.all())
    done = all(line.open_quantity == 0 for line in lines)
    any_shipped = any(line.shipped for line in lines)
    for shipment in order.shipments.filter(state=ShipmentState.CONFIRMED, store_noted=False).order_by("id"):
        shipped, cancelled = shipment.units()
        if done and shipment == order.shipments.filter(state=ShipmentState.CONFIRMED).order_by("id").last():
            break  # the final shipment's note goes with the status change below
        if shipped:
            comment = (f"Jet shipment {shipment.alt_shipment_id}: {shipped} unit(s) shipped by {shipment.carrier}, "
                       f"tracking number {shipment.tracking_number}")
        else:
            comment = f"Jet shipment {shipment.alt_shipment_id}: {cancelled} unit(s) cancelled"
        if cancelled and shipped:
            comment += f", {cancelled} unit(s) cancelled"
        store_orders.change_store_order_status(
            gateway, marketplace_order_id=order.merchant_order_id, order_id=order.store_order_id,
            status_id=order.store_status_id or config.order_status_new, comment=comment + ".")
        JetShipment.objects.filter(pk=shipment.pk).update(store_noted=True)
    if not done:
        return
    target = config.order_status_shipped if any_shipped else config.order_status_cancelled
    if order.store_status_id == target:
        order.shipments.filter(state=ShipmentState.CONFIRMED).update(store_noted=True)
        return
    last = order.shipments.filter(state=ShipmentState.CONFIRMED).order_by("id").last()
    if any_shipped:
        tracking = ", ".join(s.tracking_number for s in order.shipments.filter(state=ShipmentState.CONFIRMED)
                             if s.tracking_number)
        comment = f"Shipped on Jet; tracking number {tracking}."
    else:
        comment = "Cancelled on Jet."
    store_orders.change_store_order_status(
        gateway, marketplace_order_id=order.merchant_order_id, order_id=order.store_order_id, status_id=target,
        comment=comment)
    JetOrder.objects.filter(pk=order.pk).update(store_status_id=target, updated_at=timezone.now())
    if last:
        JetShipment.objects.filter(pk=last.pk).update(store_noted=True)


# ---- outbox handler ---------------------------------------------------------------------------------------


def _alt_shipment_id(message: OutboxMessage) -> str:
    return message.payload["shipments"][0]["alt_shipment_id"]


def _send(client: JetClient, message: OutboxMessage) -> None:
    jet_orders.send_shipment(client, message.subject, message.payload)


def _is_applied(client: JetClient, message: OutboxMessage) -> bool:
    order = jet_orders.get_order(client, message.subject)
    wanted = _alt_shipment_id(message)
    return any(shipment.alt_shipment_id == wanted for shipment in order.shipments)


def _on_confirmed(message: OutboxMessage) -> None:
    from jetcart.connector.jet_and_store import store_gateway

    shipment = JetShipment.objects.select_related("order").get(alt_shipment_id=_alt_shipment_id(message))
    with transaction.atomic():
        if JetShipment.objects.filter(pk=shipment.pk, state=ShipmentState.SENDING).update(
                state=ShipmentState.CONFIRMED, last_error=""):
            for item in shipment.lines:
                line = JetOrderLine.objects.select_for_update().get(pk=item.line_id)
                line.shipped += item.shipped
                line.cancelled += item.cancelled
                line.save(update_fields=["shipped", "cancelled"])
            order = shipment.order
            lines = list(order.lines.all())
            status = "complete" if all(ln.open_quantity == 0 for ln in lines) else "inprogress"
            JetOrder.objects.filter(pk=order.pk).update(jet_status=status, updated_at=timezone.now())
            if not shipment.is_directed_cancel:  # a directed cancel is logged by the fetch that confirms it
                activity.record("order", _shipment_summary(shipment), merchant_order_id=message.subject,
                                alt_shipment_id=shipment.alt_shipment_id)
    follow_in_store(shipment.order, gateway=store_gateway())


def _shipment_summary(shipment: JetShipment) -> str:
    shipped, cancelled = shipment.units()
    done = []
    if shipped:
        done.append(f"{shipped} unit(s) shipped" + (f" ({shipment.carrier} {shipment.tracking_number})".replace(" )", ")")
                                                   if shipment.tracking_number else ""))
    if cancelled:
        done.append(f"{cancelled} unit(s) cancelled")
    return f"Jet order {shipment.order}: {' and '.join(done) or 'nothing'} (shipment {shipment.alt_shipment_id})"


def _on_failed(message: OutboxMessage) -> None:
    JetShipment.objects.filter(alt_shipment_id=_alt_shipment_id(message)).update(
        state=ShipmentState.FAILED, last_error=message.last_error)
    activity.record("order", f"Jet refused shipment {_alt_shipment_id(message)} of order {message.subject}: "
                    f"{message.last_error}", level="ERROR", merchant_order_id=message.subject)


SHIP_HANDLER = OutboxHandler(send=_send, is_applied=_is_applied, on_confirmed=_on_confirmed, on_failed=_on_failed)
