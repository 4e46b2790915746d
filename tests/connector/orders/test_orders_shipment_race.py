"""Two shipments of the same units submitted at the same moment (two tabs, two clicks): only one is recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest

from jetcart.connector.models import JetConfiguration, JetOrder, JetShipment
from jetcart.connector.orders import ship
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.orders.ship import ShipmentInput, ShipmentInvalid, ShipmentLineInput
from tests.fixtures.races import Rendezvous, run_at_once
from tests.fixtures.returns_world import DAY

pytestmark = pytest.mark.django_db(transaction=True)


def test_should_not_let_two_shipments_submitted_at_once_take_the_same_unit(live, monkeypatch):
    config = JetConfiguration.load()
    config.auto_acknowledge = True
    config.save()
    [moid] = live.generate({"HTC-TOUCH": 1})
    fetch_orders()
    order = JetOrder.objects.get(merchant_order_id=moid)
    line = order.lines.get()
    data = ShipmentInput(tracking_number="1Z999AA10123456784", shipment_date=DAY, shipment_method="UPS Ground",
                         expected_delivery_date=DAY + timedelta(days=3), ship_from_zip_code="84047",
                         carrier_pick_up_date=DAY, carrier="UPS", lines=[ShipmentLineInput(line_id=line.pk, shipped=1)])
    monkeypatch.setattr(ship, "_method_name", Rendezvous().after(ship._method_name))
    outcomes = run_at_once({alt: (lambda alt=alt: ship.record_shipment(order, data, alt_shipment_id=alt))
                            for alt in ("S-RACE-1", "S-RACE-2")}, (ShipmentInvalid,))
    assert JetShipment.objects.filter(order=order).count() == 1, outcomes
    assert sorted(type(v).__name__ for v in outcomes.values()) == ["JetShipment", "ShipmentInvalid"]
