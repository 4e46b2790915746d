"""Contract test: the PyPI client `jet-python` 0.2 (fulfilio, MIT), unmodified but for its base URL, runs a seller's
life cycle against the sandbox over real HTTP: token, products, price, inventory, nodes, orders, acknowledge,
ship, returns.

jet-python has no refund, variation, bulk-file or generator calls; the order and return generators (sandbox
only, §9) are called over plain HTTP. What in jet-python breaks against any server is shown by the last tests,
not patched (docs/sandbox.md, "Third-party clients").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import requests
from jet.jet import Shipment  # not in the package's __all__

from jet import Jet, JetAuthenticationError
from jetcart.jet.timestamps import parse_wire_datetime
from tests.sandbox.helpers import product_body


@pytest.fixture
def client(sandbox_server, jet_merchant, monkeypatch):
    """jet-python pointed at the sandbox: its class attribute `base_url` is the only thing changed."""
    monkeypatch.setattr(Jet, "base_url", sandbox_server.base_url)
    return Jet(jet_merchant.user, jet_merchant.secret, jet_merchant.merchant_id)


def listed(client, jet, sku: str, price: float = 19.99, quantity: int = 5) -> None:
    assert client.products.create(sku, product_body()) is True
    assert client.products.update_price(sku, price) is True
    assert client.products.update_inventory(sku, {jet.node: quantity}) is True


def test_should_log_in_and_refuse_a_wrong_secret(sandbox_server, jet_merchant, monkeypatch):
    monkeypatch.setattr(Jet, "base_url", sandbox_server.base_url)
    client = Jet(jet_merchant.user, jet_merchant.secret, jet_merchant.merchant_id)
    assert client.token and client.token_expires_on > datetime.now(UTC)
    with pytest.raises(JetAuthenticationError, match="Bad Request"):
        Jet(jet_merchant.user, "wrong", jet_merchant.merchant_id)


def test_should_run_the_product_calls(client, jet):
    listed(client, jet, "JP-1", price=19.99, quantity=5)
    listed(client, jet, "JP-2", price=5.0, quantity=0)
    sku = client.products.get_sku("JP-1")
    assert sku["merchant_sku"] == "JP-1" and sku["price"] == 19.99 and sku["product_title"]
    assert client.products.get_price("JP-1")["price"] == 19.99
    node = client.products.get_inventory("JP-1")["fulfillment_nodes"][0]
    assert (node["fulfillment_node_id"], node["quantity"]) == (jet.node, 5)
    assert [s["merchant_sku"] for s in client.products.get_skus(page=1, per_page=1)] == ["JP-1"]
    assert [s["merchant_sku"] for s in client.products.all_skus()] == ["JP-1", "JP-2"]
    nodes = client.fulfillment_nodes.all()
    assert [n["fulfillment_node_id"] for n in nodes] == [jet.node]


def generated_order(jet, sku: str, quantity: int) -> str:
    response = jet.post("/orders/generate/1", {"fulfillment_node": jet.node,
                                               "items": [{"sku": sku, "order_quantity": quantity}]})
    assert response.status_code == 200, response.text
    return response.json()["order_urls"][0].rsplit("/", 1)[-1]


def shipment(tracking: str, sku: str, quantity: int, cancel: int | None = None) -> Shipment:
    today = date.today()
    package = Shipment(f"SHP-{tracking}", tracking_number=tracking, ship_from_zip_code="84047",
                       shipment_date=today, expected_delivery_date=today + timedelta(days=3),
                       shipment_method="UPS Ground", carrier="UPS", pick_up_date=today)
    package.add_item(sku, quantity, cancel)
    return package


def test_should_run_the_order_calls_from_ready_to_complete(client, jet):
    listed(client, jet, "JP-1")
    order_id = generated_order(jet, "JP-1", 2)
    assert order_id in client.orders.get_recent_order_ids("ready")
    assert order_id in client.orders.get_recent_order_ids("ready", cancelled=False, fulfillment_node=jet.node)
    assert client.orders.get_recent_order_ids("ready", fulfillment_node="elsewhere") == []
    order = client.orders.get(order_id)
    item_id = order["order_items"][0]["order_item_id"]
    assert client.orders.acknowledge(order_id, {item_id: "fulfillable"}, alt_order_id="SO-7") is True
    assert order_id in client.orders.get_recent_order_ids("acknowledged")
    assert client.orders.ship(order_id, [shipment("1Z0001", "JP-1", 1)]) is True
    assert order_id in client.orders.get_recent_order_ids("inprogress")
    assert client.orders.ship(order_id, [shipment("1Z0002", "JP-1", 0, cancel=1)]) is True
    done = client.orders.get(order_id)
    assert done["status"] == "complete" and done["alt_order_id"] == "SO-7"
    first = done["shipments"][0]
    assert first["shipment_tracking_number"] == "1Z0001" and first["response_shipment_method"] == "UPS Ground"
    # jet-python sends "-00:00" offsets; the sandbox reads them back in Jet's own style
    shipped_at = parse_wire_datetime(first["response_shipment_date"])
    assert shipped_at.date() == date.today() and first["response_shipment_date"].endswith(".0000000+00:00")
    assert order_id in client.orders.get_recent_order_ids("complete", cancelled=False)


def test_should_run_the_return_calls(client, jet):
    listed(client, jet, "JP-1")
    order_id = generated_order(jet, "JP-1", 1)
    order = client.orders.get(order_id)
    client.orders.acknowledge(order_id, {order["order_items"][0]["order_item_id"]: "fulfillable"})
    client.orders.ship(order_id, [shipment("1Z0003", "JP-1", 1)])
    return_id = jet.get(f"/returns/generate/{order_id}").json()["url"].rsplit("/", 1)[-1]
    assert f"/returns/state/{return_id}" in client.returns.get_return_ids("created")["return_urls"]
    ret = client.returns.get(return_id)
    line = ret["return_merchant_SKUs"][0]
    items = [{"order_item_id": line["order_item_id"], "total_quantity_returned": 1, "order_return_refund_qty": 1,
              "refund_amount": line["requested_refund_amount"]}]
    assert client.returns.complete(return_id, order_id, items, agree_to_return_charge=True) is True
    assert client.returns.get(return_id)["return_status"] in ("inprogress", "completed by merchant")


def test_jet_python_drops_the_return_charge_feedback_so_declining_a_charge_cannot_work(client, jet):
    """jet-python's own bug: `Return.complete` takes `return_charge_feedback` but never sends it, so declining Jet's
    return charge (which §5.3 says needs the feedback) is refused by any server following the spec."""
    listed(client, jet, "JP-1")
    order_id = generated_order(jet, "JP-1", 1)
    order = client.orders.get(order_id)
    client.orders.acknowledge(order_id, {order["order_items"][0]["order_item_id"]: "fulfillable"})
    client.orders.ship(order_id, [shipment("1Z0004", "JP-1", 1)])
    return_id = jet.get(f"/returns/generate/{order_id}").json()["url"].rsplit("/", 1)[-1]
    line = client.returns.get(return_id)["return_merchant_SKUs"][0]
    items = [{"order_item_id": line["order_item_id"], "total_quantity_returned": 1, "order_return_refund_qty": 1,
              "refund_amount": line["requested_refund_amount"]}]
    with pytest.raises(requests.HTTPError) as refused:
        client.returns.complete(return_id, order_id, items, agree_to_return_charge=False,
                                return_charge_feedback="outsideMerchantPolicy")
    assert refused.value.response.status_code == 400
    assert any("return_charge_feedback" in e for e in refused.value.response.json()["errors"])


def test_jet_python_default_shipment_method_is_no_jet_method(client, jet):
    """jet-python's `Shipment` defaults `shipment_method` to "Other", a carrier word that is not in Jet's method
    list (§2.12); the sandbox refuses it (unless JETCART_SANDBOX_LENIENT_METHODS=1), so callers pass a method."""
    listed(client, jet, "JP-1")
    order_id = generated_order(jet, "JP-1", 1)
    order = client.orders.get(order_id)
    client.orders.acknowledge(order_id, {order["order_items"][0]["order_item_id"]: "fulfillable"})
    package = Shipment("SHP-D", tracking_number="1Z0005", ship_from_zip_code="84047", shipment_date=date.today(),
                       expected_delivery_date=date.today(), carrier="UPS", pick_up_date=date.today())
    package.add_item("JP-1", 1)
    with pytest.raises(requests.HTTPError) as refused:
        client.orders.ship(order_id, [package])
    assert any(e.startswith("shipments[0].response_shipment_method")
               for e in refused.value.response.json()["errors"])
