"""The activity log tells the merchant's order day: each acknowledgement, shipment, cancellation and refund
Jet confirmed gets an entry, and a rejected order's entry says why it was rejected."""

from __future__ import annotations

import pytest

from jetcart.connector.models import ActivityEvent, JetConfiguration, JetOrder, RefundState, ShipmentState
from jetcart.connector.orders import ship
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.refunds import create as refunding
from tests.connector.orders.test_orders_sandbox import shipment
from tests.connector.refunds.test_refunds_sandbox import one_unit
from tests.fixtures.live_world import NOT_LISTED

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def log_of(merchant_order_id: str) -> list[str]:
    return list(ActivityEvent.objects.filter(refs__merchant_order_id=merchant_order_id).order_by("id")
                .values_list("message", flat=True))


def test_acknowledge_ship_cancel_and_refund_each_leave_an_entry(live):
    config = JetConfiguration.load()
    config.auto_acknowledge = True
    config.save()
    [moid] = live.generate({"HTC-TOUCH": 2, "CANON-RED": 1})
    fetch_orders()
    order = JetOrder.objects.get(merchant_order_id=moid)
    shipped = ship.ship_order(order=order, data=shipment(order, {"HTC-TOUCH": (2, 0), "CANON-RED": (0, 1)}),
                              alt_shipment_id="S-1")
    assert shipped.state == ShipmentState.CONFIRMED
    refund = refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-1")
    assert refund.state == RefundState.CREATED
    entries = log_of(moid)
    assert any("acknowledged (accepted)" in e for e in entries), entries
    assert any("2 unit(s) shipped (UPS 1Z999AA10123456784)" in e and "1 unit(s) cancelled" in e
               for e in entries), entries
    assert any("Jet refund R-1" in e for e in entries), entries


def test_a_rejected_order_entry_carries_the_reason(live):
    [moid] = live.generate({"HTC-TOUCH": 1, NOT_LISTED: 1})
    fetch_orders()
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert order.rejection_reason
    rejected = [e for e in log_of(moid) if "rejected on Jet" in e]
    assert len(rejected) == 1 and order.rejection_reason in rejected[0], log_of(moid)
