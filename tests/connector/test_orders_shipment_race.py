"""Two shipments of the same units submitted at the same moment (two tabs, two clicks): only one is recorded."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections

from jetcart.connector.gateways import override_gateways
from jetcart.connector.models import JetConfiguration, JetOrder, JetShipment
from jetcart.connector.orders import ship
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.orders.ship import ShipmentInput, ShipmentInvalid, ShipmentLineInput
from tests.connector.orders_live import build_live_world
from tests.connector.returns_live import DAY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live(sandbox_server, jet_merchant, tmp_path):
    world = build_live_world(sandbox_server, jet_merchant, tmp_path / "store.sqlite3")
    with override_gateways(jet=world.client, store=world.gateway):
        yield world
    world.close()


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
    real_method_name = ship._method_name
    arrivals = threading.Condition()
    arrived = [0]

    def method_name_after_both_validated(*args, **kwargs):
        with arrivals:  # the first waits (briefly) for the second: without a lock both get past validation
            arrived[0] += 1
            arrivals.notify_all()
            arrivals.wait_for(lambda: arrived[0] >= 2, timeout=1.5)
        return real_method_name(*args, **kwargs)

    monkeypatch.setattr(ship, "_method_name", method_name_after_both_validated)
    outcomes: dict[str, object] = {}

    def submit(alt: str) -> None:
        try:
            outcomes[alt] = ship.record_shipment(order, data, alt_shipment_id=alt)
        except ShipmentInvalid as exc:
            outcomes[alt] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(alt,)) for alt in ("S-RACE-1", "S-RACE-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert JetShipment.objects.filter(order=order).count() == 1, outcomes
    assert sorted(type(v).__name__ for v in outcomes.values()) == ["JetShipment", "ShipmentInvalid"]
