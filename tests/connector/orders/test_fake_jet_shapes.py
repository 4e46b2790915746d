"""The order tests' FakeJetClient answers as the real Jet client does over HTTP: the same scenario runs against both."""

from __future__ import annotations

import pytest

from jetcart.jet.errors import JetValidationError
from jetcart.jet.models.orders import Order
from tests.fakes.orders import FakeJet, FakeJetClient, jet_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture(params=["fake", "sandbox over HTTP"])
def orders(request):
    """(client.orders, a function placing a ready order of these SKU quantities and returning its id)."""
    if request.param == "fake":
        jet = FakeJet()
        yield FakeJetClient(jet).orders, lambda items: jet.add(jet_order(items=[(s, q, 20.0) for s, q in items.items()]))
        return
    live = request.getfixturevalue("live")
    yield live.client.orders, lambda items: live.generate(items)[0]


def _ship_one_each(order: Order) -> dict:
    return {"shipments": [{
        "alt_shipment_id": "S-1", "shipment_tracking_number": "1Z999AA10123456784", "carrier": "UPS",
        "response_shipment_date": "2026-11-27T15:00:00.0000000-07:00", "ship_from_zip_code": "84047",
        "expected_delivery_date": "2026-11-30T15:00:00.0000000-07:00",
        "carrier_pick_up_date": "2026-11-27T15:00:00.0000000-07:00",
        "shipment_items": [{"merchant_sku": line.merchant_sku, "response_shipment_sku_quantity":
                            line.request_order_quantity} for line in order.order_items]}]}


def test_an_order_is_listed_by_id_read_as_an_order_acknowledged_and_shipped(orders):
    api, place = orders
    moid = place({"HTC-TOUCH": 1})
    listed = api.list("ready")
    assert isinstance(listed, list) and all(isinstance(i, str) for i in listed) and moid in listed
    order = api.get(moid)
    assert isinstance(order, Order) and order.merchant_order_id == moid and order.status == "ready"
    [line] = order.order_items
    assert (line.merchant_sku, line.request_order_quantity, line.request_order_cancel_qty) == ("HTC-TOUCH", 1, 0)
    assert order.shipments == [] and order.item(line.order_item_id) == line
    assert isinstance(api.directed_cancel(), list)

    with pytest.raises(JetValidationError):  # refused before anything is sent, the order stays ready
        api.acknowledge(moid, {"acknowledgement_status": "ok", "order_items": []})
    assert api.get(moid).status == "ready"
    api.acknowledge(moid, {"acknowledgement_status": "accepted", "order_items": [
        {"order_item_id": line.order_item_id, "order_item_acknowledgement_status": "fulfillable"}]})
    acknowledged = api.get(moid)
    assert (acknowledged.status, acknowledged.acknowledgement_status) == ("acknowledged", "accepted")
    assert not acknowledged.exception_state and moid not in api.list("ready")

    api.shipped(moid, _ship_one_each(acknowledged))
    shipped = api.get(moid)
    assert shipped.status == "complete" and [s.alt_shipment_id for s in shipped.shipments] == ["S-1"]
    assert shipped.units_accounted() == {"HTC-TOUCH": 1}
