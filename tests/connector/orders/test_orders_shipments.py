"""Shipments and cancels: every rule of the form, partial shipments, OpenCart following Jet, sent once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import (
    JetConfiguration,
    JetListing,
    JetOrder,
    JetShipment,
    OutboxMessage,
    ShipmentState,
)
from jetcart.connector.orders import ship
from jetcart.connector.orders.acknowledge import acknowledge_orders
from jetcart.connector.orders.directed_cancel import confirm_directed_cancel
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.orders.ship import ShipmentInput, ShipmentInvalid, ShipmentLineInput
from tests.fakes.orders import FakeJet, FakeJetClient, jet_order, product
from tests.fakes.store import FakeStore

pytestmark = pytest.mark.django_db
DAY = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


@pytest.fixture
def acknowledged():
    """An order of 3 × A and 2 × B, created in OpenCart and acknowledged."""
    jet, store = FakeJet(), FakeStore()
    store.products = {1: product(1, quantity=10), 2: product(2, quantity=10)}
    JetListing.objects.create(merchant_sku="A", product_id=1, combination_key="")
    JetListing.objects.create(merchant_sku="B", product_id=2, combination_key="")
    client = FakeJetClient(jet)
    moid = jet.add(jet_order(items=[("A", 3, 10.0), ("B", 2, 5.0)]))
    with override_gateways(jet=client, store=store):
        fetch_orders(client=client, gateway=store)
        acknowledge_orders(orders=[JetOrder.objects.get(merchant_order_id=moid)], client=client)
        order = JetOrder.objects.get(merchant_order_id=moid)
        assert order.jet_status == "acknowledged"
        yield jet, store, client, order


def shipment(order: JetOrder, units: dict[str, tuple[int, int]], **overrides) -> ShipmentInput:
    lines = {ln.merchant_sku: ln for ln in order.lines.all()}
    data = ShipmentInput(
        tracking_number="1Z999AA10123456784", shipment_date=DAY, shipment_method="UPS Ground",
        expected_delivery_date=DAY + timedelta(days=3), ship_from_zip_code="84047",
        carrier_pick_up_date=DAY, carrier="UPS",
        lines=[ShipmentLineInput(line_id=lines[sku].pk, shipped=s, cancelled=c) for sku, (s, c) in units.items()],
    )
    for name, value in overrides.items():
        setattr(data, name, value)
    return data


def errors_of(order, data) -> dict:
    with pytest.raises(ShipmentInvalid) as caught:
        ship.record_shipment(order, data, alt_shipment_id="S-bad")
    return caught.value.errors


@pytest.mark.parametrize("zip_code", ["8404", "840471", "8404a", "ABCDE"])
def test_should_refuse_a_ship_from_zip_that_is_not_5_digits(acknowledged, zip_code):
    *_, order = acknowledged
    errors = errors_of(order, shipment(order, {"A": (1, 0)}, ship_from_zip_code=zip_code))
    assert errors == {"ship_from_zip_code": [ship.ZIP_INVALID]}
    assert not JetShipment.objects.exists() and not OutboxMessage.objects.filter(kind="ship").exists()


@pytest.mark.parametrize("field", ["tracking_number", "shipment_date", "shipment_method", "expected_delivery_date",
                                   "ship_from_zip_code", "carrier_pick_up_date", "carrier"])
def test_should_require_every_shipping_field_when_units_ship(acknowledged, field):
    *_, order = acknowledged
    blank = None if field.endswith("date") else ""
    assert errors_of(order, shipment(order, {"A": (1, 0)}, **{field: blank})) == {field: [ship.REQUIRED]}


def test_should_refuse_unknown_carrier_method_and_inverted_dates(acknowledged):
    *_, order = acknowledged
    errors = errors_of(order, shipment(order, {"A": (1, 0)}, carrier="Pony Express", shipment_method="Teleport",
                                       expected_delivery_date=DAY - timedelta(days=1)))
    assert errors["carrier"] == [ship.CARRIER_UNKNOWN]
    assert errors["shipment_method"] == [ship.METHOD_UNKNOWN]
    assert errors["expected_delivery_date"] == [ship.DELIVERY_BEFORE_SHIPMENT]
    assert errors["carrier_pick_up_date"] == [ship.PICKUP_AFTER_DELIVERY]


def test_should_refuse_more_units_than_requested_and_nothing_at_all(acknowledged):
    *_, order = acknowledged
    line_a = order.lines.get(merchant_sku="A")
    errors = errors_of(order, shipment(order, {"A": (2, 2)}))
    assert errors == {f"line-{line_a.pk}-shipped": [ship.TOO_MANY_UNITS.format(given=4, open=3, requested=3)]}
    assert errors_of(order, shipment(order, {"A": (0, 0)})) == {"__all__": [ship.NOTHING_TO_REPORT]}


def test_should_ask_for_rma_and_days_when_a_return_location_is_given(acknowledged):
    *_, order = acknowledged
    line_a = order.lines.get(merchant_sku="A")
    data = shipment(order, {"A": (1, 0)})
    data.lines[0].return_location = True
    errors = errors_of(order, data)
    assert errors[f"line-{line_a.pk}-rma_number"] == [ship.RMA_REQUIRED]
    assert errors[f"line-{line_a.pk}-days_to_return"] == [ship.DAYS_REQUIRED]
    assert errors[f"line-{line_a.pk}-return_location"] == [ship.RETURN_ADDRESS_MISSING]


def test_should_ship_partially_then_complete_and_follow_in_opencart(acknowledged):
    jet, store, client, order = acknowledged
    config = JetConfiguration.load()
    config.return_address1, config.return_city, config.return_state, config.return_postcode = (
        "1 Main St", "Midvale", "UT", "84047")
    config.save()
    first = shipment(order, {"A": (2, 0)})
    first.lines[0].return_location, first.lines[0].rma_number, first.lines[0].days_to_return = True, "RMA-1", 30
    s1 = ship.ship_order(order=order, data=first, alt_shipment_id="S-1", client=client)
    assert s1.state == ShipmentState.CONFIRMED
    order.refresh_from_db()
    assert order.jet_status == "inprogress" and jet.orders[order.merchant_order_id]["status"] == "inprogress"
    sent = jet.orders[order.merchant_order_id]["shipments"][0]
    assert sent["ship_from_zip_code"] == "84047" and sent["carrier"] == "UPS"
    assert sent["shipment_items"][0]["RMA_number"] == "RMA-1"
    assert sent["shipment_items"][0]["return_location"]["zip_code"] == "84047"
    history = store.orders[order.store_order_id]["history"]
    assert store.orders[order.store_order_id]["status"] == config.order_status_new
    assert "1Z999AA10123456784" in history[-1][1]
    # the rest: 1 A shipped, 1 A … and B cancelled
    s2 = ship.ship_order(order=order, data=shipment(order, {"A": (1, 0), "B": (0, 2)}, tracking_number="TRK-2"),
                         alt_shipment_id="S-2", client=client)
    assert s2.state == ShipmentState.CONFIRMED
    order.refresh_from_db()
    assert order.jet_status == "complete"
    assert store.orders[order.store_order_id]["status"] == config.order_status_shipped
    assert "TRK-2" in store.orders[order.store_order_id]["history"][-1][1]
    assert jet.count("shipped") == 2
    # the same form submitted again: nothing new is sent
    ship.ship_order(order=order, data=shipment(order, {"A": (1, 0)}), alt_shipment_id="S-2", client=client)
    assert jet.count("shipped") == 2


def test_should_cancel_a_line_then_the_order_and_cancel_it_in_opencart(acknowledged):
    jet, store, client, order = acknowledged
    ship.ship_order(order=order, data=ShipmentInput(lines=[ShipmentLineInput(
        line_id=order.lines.get(merchant_sku="B").pk, cancelled=2)]), alt_shipment_id="C-1", client=client)
    order.refresh_from_db()
    assert order.jet_status == "inprogress"
    body = next(b for m, _, b in jet.calls if m == "shipped")["shipments"][0]
    assert "shipment_tracking_number" not in body and body["shipment_items"][0]["response_shipment_cancel_qty"] == 2
    ship.cancel_order(order=order, alt_shipment_id="C-2", client=client)
    order.refresh_from_db()
    assert order.jet_status == "complete"
    assert store.orders[order.store_order_id]["status"] == JetConfiguration.load().order_status_cancelled


@pytest.mark.parametrize("applied", [False, True], ids=["lost-before-jet", "lost-after-jet"])
def test_should_never_send_a_shipment_twice_when_the_answer_is_lost(acknowledged, applied):
    jet, store, client, order = acknowledged
    jet.fail[("shipped", applied)] = 1
    first = ship.ship_order(order=order, data=shipment(order, {"A": (3, 0), "B": (2, 0)}), alt_shipment_id="S-1",
                            client=client)
    assert first.state == ShipmentState.SENDING
    # While the outcome is unknown its units count as used: a second shipment of them is refused.
    with pytest.raises(ShipmentInvalid):
        ship.record_shipment(order, shipment(order, {"A": (1, 0)}), alt_shipment_id="S-2")
    fetch_orders(client=client, gateway=store)  # the next run reads Jet back and finishes the job
    assert JetShipment.objects.get(alt_shipment_id="S-1").state == ShipmentState.CONFIRMED
    assert jet.count("shipped") == (1 if applied else 2)
    assert len(jet.orders[order.merchant_order_id]["shipments"]) == 1
    assert store.orders[order.store_order_id]["status"] == JetConfiguration.load().order_status_shipped


def test_should_confirm_a_directed_cancel_once_and_apply_it(acknowledged):
    jet, store, client, order = acknowledged
    document = jet.orders[order.merchant_order_id]
    for item in document["order_items"]:
        item["request_order_cancel_qty"] = item["request_order_quantity"]
    summary = fetch_orders(client=client, gateway=store)
    fetch_orders(client=client, gateway=store)
    assert summary.cancelled == 1 and jet.count("shipped") == 1
    order.refresh_from_db()
    assert order.jet_status == "complete"
    assert store.orders[order.store_order_id]["status"] == JetConfiguration.load().order_status_cancelled
    assert confirm_directed_cancel(order, client=client) is None
