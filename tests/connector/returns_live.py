"""Returns and refunds worlds on the real parts: an order imported, acknowledged and shipped through the connector,
then a return from the sandbox's generator; helpers to read the wire record and the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from jetcart.connector.models import JetConfiguration, JetOrder
from jetcart.connector.orders import ship
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.orders.ship import ShipmentInput, ShipmentLineInput

DAY = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def shipped_order(live, items: dict[str, int]) -> JetOrder:
    """A Jet order for `items` (SKU → units), created in OpenCart, acknowledged and shipped in full."""
    config = JetConfiguration.load()
    config.auto_acknowledge = True
    config.save()
    [moid] = live.generate(items)
    fetch_orders()
    order = JetOrder.objects.get(merchant_order_id=moid)
    data = ShipmentInput(tracking_number="1Z999AA10123456784", shipment_date=DAY, shipment_method="UPS Ground",
                         expected_delivery_date=DAY + timedelta(days=3), ship_from_zip_code="84047",
                         carrier_pick_up_date=DAY, carrier="UPS",
                         lines=[ShipmentLineInput(line_id=line.pk, shipped=line.quantity)
                                for line in order.lines.all()])
    shipment = ship.ship_order(order=order, data=data, alt_shipment_id=f"S-{moid[:8]}")
    assert shipment.state == "confirmed", shipment.last_error
    order.refresh_from_db()
    return order


def calls(live, method: str, fragment: str) -> list[int]:
    """Statuses of the calls that reached the sandbox with this method and path fragment."""
    return [status for m, path, status in live.wire.calls if m == method and fragment in path]
