"""Order contract: generator, every state transition, acknowledge and shipped rules, tags, directed cancels."""

from __future__ import annotations

import pytest

from jetcart.jet.models import vocabulary as vocab
from jetcart.sandbox import messages
from tests.sandbox.helpers import errors_of, has_error, shipment_body


def ids_in(response) -> list[str]:
    return [url.rsplit("/", 1)[-1] for url in response.json()["order_urls"]]


def test_should_refuse_to_generate_without_priced_stock(jet):
    assert errors_of(jet.post("/orders/generate/1", {})) == [messages.GENERATE_NO_SKUS]


def test_should_generate_realistic_ready_orders_from_priced_stock(jet):
    jet.listed_sku("S", price=12.5, quantity=4)
    response = jet.post("/orders/generate/3")
    assert response.status_code == 200
    urls = response.json()["order_urls"]
    assert len(urls) == 3 and all(u.startswith("/orders/withoutShipmentDetail/") for u in urls)
    order = jet.get(urls[0]).json()
    assert order["status"] == "ready" and order["fulfillment_node"] == jet.node
    assert len(order["merchant_order_id"]) == 32 and order["hash_email"].endswith("@customer.jet.com")
    item = order["order_items"][0]
    assert item["merchant_sku"] == "S" and item["item_price"]["base_price"] == 12.5
    quantity = item["request_order_quantity"]
    assert order["order_totals"]["item_price"]["base_price"] == 12.5 * quantity
    assert order["order_detail"]["request_shipping_carrier"] in vocab.CARRIERS
    assert order["buyer"]["name"] and order["shipping_to"]["address"]["zip_code"]


def test_should_generate_scripted_orders(jet):
    jet.listed_sku("S", price=40.0)
    order = jet.order([{"sku": "S", "order_quantity": 2, "order_cancel_quantity": 1}],
                      buyer={"name": "Ada Lovelace", "phone_number": "5550100"}, shipping_carrier="FedEx",
                      shipping_method="FedEx Ground", service_level="Next Day")
    item = order["order_items"][0]
    assert (item["request_order_quantity"], item["request_order_cancel_qty"]) == (2, 1)
    assert order["jet_request_directed_cancel"] is True
    assert order["buyer"]["name"] == "Ada Lovelace"
    assert order["order_detail"]["request_shipping_carrier"] == "FedEx"
    assert order["order_detail"]["request_service_level"] == "Next Day"


@pytest.mark.parametrize(("body", "field"), [
    ({"items": [{"sku": "GHOST"}]}, "items[0].sku"),
    ({"items": [{"sku": "S", "order_quantity": -1}]}, "items[0].order_quantity"),
    ({"items": [{"sku": "S", "order_quantity": 0}]}, "items[0].order_quantity"),
    ({"fulfillment_node": "elsewhere"}, "fulfillment_node"),
    ({"shipping_carrier": "Pigeon"}, "shipping_carrier"),
    ({"start_status": "complete"}, "start_status"),
])
def test_should_refuse_bad_generator_bodies(jet, body, field):
    jet.listed_sku("S")
    assert has_error(jet.post("/orders/generate/1", body), field)


def test_should_refuse_an_order_count_out_of_range(jet):
    jet.listed_sku("S")
    assert errors_of(jet.post("/orders/generate/0", {})) == [messages.GENERATE_COUNT.format(maximum=100)]
    assert errors_of(jet.post("/orders/generate/many", {}))


def test_should_move_created_orders_to_ready_after_the_fraud_delay(sandbox_server, jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}], start_status="created")
    assert order["status"] == "created"
    assert order["merchant_order_id"] in ids_in(jet.get("/orders/created"))
    assert errors_of(jet.acknowledge(order)) == [messages.ORDER_NOT_READY.format(
        order_id=order["merchant_order_id"], status="created")]
    sandbox_server.advance_clock(jet.merchant, 1801)
    ready = jet.refreshed(order)
    assert ready["status"] == "ready" and ready["order_ready_date"]
    assert order["merchant_order_id"] in ids_in(jet.get("/orders/ready"))


def test_should_cancel_orders_not_acknowledged_within_15_minutes(sandbox_server, jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    sandbox_server.advance_clock(jet.merchant, 14 * 60)
    assert jet.refreshed(order)["status"] == "ready"
    sandbox_server.advance_clock(jet.merchant, 2 * 60)
    closed = jet.refreshed(order)
    assert (closed["status"], closed["exception_state"]) == ("complete", vocab.ExceptionState.JET_MANUAL_CANCELED)
    assert order["merchant_order_id"] in ids_in(jet.get("/orders/complete?isCancelled=true"))
    assert order["merchant_order_id"] not in ids_in(jet.get("/orders/complete?isCancelled=false"))


def test_should_keep_ready_orders_when_auto_cancel_is_off(sandbox_server, jet):
    sandbox_server.set_controls(jet.merchant, auto_cancel=False)
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    sandbox_server.advance_clock(jet.merchant, 3600)
    assert jet.refreshed(order)["status"] == "ready"


def test_should_acknowledge_ready_orders(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    item = order["order_items"][0]
    response = jet.put(f"/orders/{order['merchant_order_id']}/acknowledge", {
        "acknowledgement_status": "accepted", "alt_order_id": "SO-9",
        "order_items": [{"order_item_id": item["order_item_id"], "order_item_acknowledgement_status": "fulfillable",
                         "alt_order_item_id": "L1"}]})
    assert response.status_code == 201 and response.content == b""
    acked = jet.refreshed(order)
    assert acked["status"] == "acknowledged" and acked["alt_order_id"] == "SO-9"
    assert acked["order_items"][0]["alt_order_item_id"] == "L1"
    assert acked["order_acknowledge_date"] and acked["acknowledgement_status"] == "accepted"
    assert order["merchant_order_id"] in ids_in(jet.get("/orders/acknowledged"))
    assert errors_of(jet.acknowledge(order)) == [messages.ORDER_NOT_READY.format(
        order_id=order["merchant_order_id"], status="acknowledged")]


@pytest.mark.parametrize(("change", "field"), [
    (lambda b, i: b.update(acknowledgement_status="maybe"), "acknowledgement_status"),
    (lambda b, i: b.pop("acknowledgement_status"), "acknowledgement_status"),
    (lambda b, i: b["order_items"][0].update(order_item_id="f" * 32), "order_items[0].order_item_id"),
    (lambda b, i: b["order_items"][0].update(order_item_acknowledgement_status="sure"),
     "order_items[0].order_item_acknowledgement_status"),
    (lambda b, i: b["order_items"].append(dict(b["order_items"][0])), "order_items[1].order_item_id"),
    (lambda b, i: b.update(order_items=[]), "order_items"),
    (lambda b, i: b.update(alt_order_id=7), "alt_order_id"),
    (lambda b, i: b["order_items"][0].update(alt_order_item_id=7), "order_items[0].alt_order_item_id"),
    (lambda b, i: b["order_items"][0].update(order_item_acknowledgement_status="nonfulfillable - no inventory"),
     "acknowledgement_status"),
])
def test_should_refuse_bad_acknowledgements(jet, change, field):
    jet.listed_sku("S")
    jet.listed_sku("T")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    item = order["order_items"][0]
    body = {"acknowledgement_status": "accepted",
            "order_items": [{"order_item_id": item["order_item_id"], "order_item_acknowledgement_status": "fulfillable"}]}
    change(body, item)
    response = jet.put(f"/orders/{order['merchant_order_id']}/acknowledge", body)
    assert has_error(response, field) or has_error(response, "order_items"), response.json()
    assert jet.refreshed(order)["status"] == "ready"


def test_should_require_every_item_when_accepting(jet):
    jet.listed_sku("S")
    jet.listed_sku("T")
    order = jet.order([{"sku": "S", "order_quantity": 1}, {"sku": "T", "order_quantity": 1}])
    first, second = order["order_items"]
    body = {"acknowledgement_status": "accepted",
            "order_items": [{"order_item_id": first["order_item_id"], "order_item_acknowledgement_status": "fulfillable"}]}
    assert errors_of(jet.put(f"/orders/{order['merchant_order_id']}/acknowledge", body)) == [
        messages.ORDER_ITEM_MISSING.format(item_id=second["order_item_id"])]


def test_should_close_rejected_orders(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    item = order["order_items"][0]
    body = {"acknowledgement_status": "rejected - item level error", "order_items": [
        {"order_item_id": item["order_item_id"], "order_item_acknowledgement_status": "nonfulfillable - no inventory"}]}
    assert jet.put(f"/orders/{order['merchant_order_id']}/acknowledge", body).status_code == 201
    closed = jet.refreshed(order)
    assert (closed["status"], closed["exception_state"]) == ("complete", vocab.ExceptionState.ORDER_REJECTED)


def test_should_ship_partially_then_completely(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 3}])
    jet.acknowledge(order)
    assert jet.ship(order, "S", 1).status_code == 201
    shipped = jet.refreshed(order)
    assert shipped["status"] == "inprogress"
    assert shipped["shipments"][0]["shipment_tracking_number"] == "1Z999AA10123456784"
    assert shipped["shipments"][0]["response_shipping_method"] == "UPS Ground"
    assert order["merchant_order_id"] in ids_in(jet.get("/orders/inprogress"))
    assert jet.ship(order, "S", 1, 1).status_code == 201
    done = jet.refreshed(order)
    assert done["status"] == "complete" and len(done["shipments"]) == 2
    assert errors_of(jet.ship(order, "S", 1)) == [messages.ORDER_CLOSED.format(
        order_id=order["merchant_order_id"], status="complete")]


def test_should_answer_204_for_shipped_in_strict_mode(sandbox_server, jet):
    sandbox_server.set_controls(jet.merchant, strict_204_shipped=True)
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    jet.acknowledge(order)
    assert jet.ship(order, "S", 1).status_code == 204


def test_should_refuse_more_units_than_ordered(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 2}])
    jet.acknowledge(order)
    assert errors_of(jet.ship(order, "S", 2, 1)) == [messages.TOO_MANY_UNITS.format(
        field="shipments", sku="S", total=3, ordered=2)]
    assert jet.refreshed(order)["status"] == "acknowledged"


@pytest.mark.parametrize(("overrides", "field"), [
    ({"ship_from_zip_code": "8404"}, "shipments[0].ship_from_zip_code"),
    ({"ship_from_zip_code": "ABCDE"}, "shipments[0].ship_from_zip_code"),
    ({"carrier": "Pigeon Post"}, "shipments[0].carrier"),
    ({"carrier": None}, "shipments[0].carrier"),
    ({"response_shipment_method": "Teleport"}, "shipments[0].response_shipment_method"),
    ({"shipment_tracking_number": None}, "shipments[0].shipment_tracking_number"),
    ({"response_shipment_date": "yesterday"}, "shipments[0].response_shipment_date"),
    ({"expected_delivery_date": "2015-12-01T00:00:00Z"}, "shipments[0].expected_delivery_date"),
    ({"carrier_pick_up_date": None}, "shipments[0].carrier_pick_up_date"),
    ({"shipment_items": []}, "shipments[0].shipment_items"),
    ({"redirect_notification": {"redirect_node": 5}}, "shipments[0].redirect_notification.redirect_node"),
    ({"redirect_notification": {"is_redirect_for_zero_inventory": "no"}},
     "shipments[0].redirect_notification.is_redirect_for_zero_inventory"),
])
def test_should_refuse_bad_shipments(jet, overrides, field):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    jet.acknowledge(order)
    assert has_error(jet.ship(order, "S", 1, **overrides), field)
    assert jet.refreshed(order)["status"] == "acknowledged"


@pytest.mark.parametrize(("item", "field"), [
    ({"merchant_sku": "OTHER"}, "shipments[0].shipment_items[0].merchant_sku"),
    ({"response_shipment_sku_quantity": "1"}, "shipments[0].shipment_items[0].response_shipment_sku_quantity"),
    ({"response_shipment_cancel_qty": -1}, "shipments[0].shipment_items[0].response_shipment_cancel_qty"),
    ({"return_location": {"address1": "x"}}, "shipments[0].shipment_items[0].return_location.city"),
    ({"days_to_return": "30"}, "shipments[0].shipment_items[0].days_to_return"),
])
def test_should_refuse_bad_shipment_items(jet, item, field):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    jet.acknowledge(order)
    body = shipment_body("S", 1)
    body["shipment_items"][0].update(item)
    assert has_error(jet.put(f"/orders/{order['merchant_order_id']}/shipped", {"shipments": [body]}), field)


def test_should_accept_a_return_location_list_and_lenient_method_spellings(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    jet.acknowledge(order)
    body = shipment_body("S", 1, response_shipment_method="ups_ground")
    body["shipment_items"][0]["return_location"] = [body["shipment_items"][0]["return_location"]]
    assert jet.put(f"/orders/{order['merchant_order_id']}/shipped", {"shipments": [body]}).status_code == 201
    assert jet.refreshed(order)["shipments"][0]["response_shipment_method"] == "UPS Ground"


def test_should_cancel_a_ready_order_without_acknowledging(jet):
    """CedCommerce's activation cancel test: generate with a cancel quantity, ship 0 and cancel 1."""
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 0, "order_cancel_quantity": 1}])
    line = order["order_items"][0]
    assert (line["request_order_quantity"], line["request_order_cancel_qty"]) == (0, 1)
    assert order["merchant_order_id"] in ids_in(jet.get("/orders/directedCancel"))
    # the tools sent the order's own numbers back: ship request_order_quantity, cancel request_order_cancel_qty
    body = {"shipments": [{"alt_shipment_id": "C1", "shipment_items": [
        {"merchant_sku": "S", "response_shipment_sku_quantity": line["request_order_quantity"],
         "response_shipment_cancel_qty": line["request_order_cancel_qty"]}]}]}
    assert jet.put(f"/orders/{order['merchant_order_id']}/shipped", body).status_code == 201
    closed = jet.refreshed(order)
    assert closed["status"] == "complete"
    assert order["merchant_order_id"] not in ids_in(jet.get("/orders/directedCancel"))
    assert order["merchant_order_id"] in ids_in(jet.get("/orders/complete?isCancelled=true"))


def test_should_refuse_shipping_units_of_an_unacknowledged_order(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    assert has_error(jet.ship(order, "S", 1), messages.ORDER_NOT_SHIPPABLE.format(
        order_id=order["merchant_order_id"], status="ready"))


def test_should_require_an_alt_shipment_id_for_cancel_only_shipments(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    body = {"shipments": [{"shipment_items": [
        {"merchant_sku": "S", "response_shipment_sku_quantity": 0, "response_shipment_cancel_qty": 1}]}]}
    assert has_error(jet.put(f"/orders/{order['merchant_order_id']}/shipped", body), "shipments[0].alt_shipment_id")


def test_should_list_directed_cancels_requested_by_jet(sandbox_server, jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 2}])
    jet.acknowledge(order)
    item_id = order["order_items"][0]["order_item_id"]
    sandbox_server.directed_cancel(jet.merchant, order["merchant_order_id"], {item_id: 1})
    assert order["merchant_order_id"] in ids_in(jet.get("/orders/directedCancel"))
    flagged = jet.refreshed(order)
    assert flagged["jet_request_directed_cancel"] is True
    assert flagged["order_items"][0]["request_order_cancel_qty"] == 1
    assert jet.ship(order, "S", 1, 1).status_code == 201
    assert jet.get("/orders/directedCancel").json() == {"order_urls": []}


def test_should_tag_orders_and_list_by_tag(jet):
    jet.listed_sku("S")
    tagged = jet.order([{"sku": "S", "order_quantity": 1}])
    other = jet.order([{"sku": "S", "order_quantity": 1}])
    assert jet.put(f"/orders/{tagged['merchant_order_id']}/tag", {"tag": "batch-1"}).status_code == 204
    assert ids_in(jet.get("/orders/ready/batch-1/true")) == [tagged["merchant_order_id"]]
    assert ids_in(jet.get("/orders/ready/batch-1/false")) == [other["merchant_order_id"]]
    assert has_error(jet.put(f"/orders/{tagged['merchant_order_id']}/tag", {"tag": 5}), "tag")
    assert has_error(jet.get("/orders/ready/batch-1/maybe"), "include")


def test_should_filter_lists_by_node_and_refuse_unknown_statuses(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    assert ids_in(jet.get(f"/orders/ready?fulfillment_node={jet.node}")) == [order["merchant_order_id"]]
    assert ids_in(jet.get("/orders/ready?fulfillment_node=elsewhere")) == []
    assert ids_in(jet.get("/orders/READY")) == [order["merchant_order_id"]]
    assert errors_of(jet.get("/orders/shipped"))
    assert has_error(jet.get("/orders/ready?isCancelled=perhaps"), "isCancelled")


def test_should_answer_404_for_unknown_orders(jet):
    missing = "0" * 32
    assert errors_of(jet.get(f"/orders/withoutShipmentDetail/{missing}"), 404) == [
        messages.ORDER_NOT_FOUND.format(order_id=missing)]
    assert errors_of(jet.put(f"/orders/{missing}/acknowledge", {"acknowledgement_status": "accepted"}), 404)
    assert errors_of(jet.put(f"/orders/{missing}/shipped", {"shipments": []}), 404)
