"""Directed cancels: units Jet asks the merchant to cancel, confirmed to Jet once and applied in OpenCart."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from jetcart.connector.models import JetOrder, JetShipment
from jetcart.connector.orders.ship import (
    ShipmentInput,
    ShipmentLineInput,
    open_units,
    record_shipment,
    send_shipment,
)

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient


def directed_cancel_id(order: JetOrder, wanted: dict[str, int]) -> str:
    """A deterministic alt_shipment_id for confirming these cancel quantities (the same request → the same id)."""
    text = order.merchant_order_id + "|" + "|".join(f"{k}={v}" for k, v in sorted(wanted.items()))
    return "DC-" + hashlib.sha1(text.encode()).hexdigest()[:16]


def confirm_directed_cancel(order: JetOrder, *, client: JetClient) -> JetShipment | None:
    """Cancels the units Jet asked for that are still open; None when there is nothing left to confirm."""
    lines = list(order.lines.all())
    available = open_units(order)
    wanted = {}
    inputs = []
    for line in lines:
        still = max(line.cancel_requested - line.cancelled, 0)
        units = min(still, available[line.pk])
        if units:
            wanted[line.order_item_id] = line.cancel_requested
            inputs.append(ShipmentLineInput(line_id=line.pk, cancelled=units))
    if not inputs:
        return None
    shipment = record_shipment(order, ShipmentInput(lines=inputs), alt_shipment_id=directed_cancel_id(order, wanted),
                               is_directed_cancel=True)
    return send_shipment(shipment, client=client)
