"""The API-activation sequence CedCommerce's integrations ran against Jet's test keys (jet-api.md §9.2),
sent literally as those tools sent it, with a plain httpx client: the sandbox must accept all of it."""

from __future__ import annotations

import httpx

TEST_PRODUCT = {
    "product_title": "Test Product for API activation", "jet_browse_node_id": 4000188, "brand": "Test Brand",
    "standard_product_codes": [{"standard_product_code": "012345678905", "standard_product_code_type": "UPC"}],
    "multipack_quantity": 1, "product_description": "Activation test product",
    "main_image_url": "https://example.com/test_product.jpg",
}


def _delivery_date(order: dict) -> str:
    return order["order_detail"]["request_delivery_by"][:19] + ".0000000-07:00"


def _shipment(order: dict, *, ship: bool) -> dict:
    line = order["order_items"][0]
    return {"shipments": [{
        "alt_shipment_id": "ALT-" + order["merchant_order_id"][:8],
        "shipment_tracking_number": "1Z9999999999999999",
        "response_shipment_date": _delivery_date(order), "response_shipment_method": "",
        "expected_delivery_date": _delivery_date(order), "ship_from_zip_code": "07030",
        "carrier_pick_up_date": _delivery_date(order), "carrier": order["order_detail"]["request_shipping_carrier"],
        "shipment_items": [{
            "merchant_sku": line["merchant_sku"],
            "response_shipment_sku_quantity": line["request_order_quantity"] if ship else 0,
            "response_shipment_cancel_qty": 0 if ship else line["request_order_cancel_qty"],
            "RMA_number": "RMA-1", "days_to_return": 30,
            "return_location": {"address1": "100 Demo Street", "address2": "", "city": "Hoboken", "state": "NJ",
                                "zip_code": "07030"}}]}]}


def test_should_accept_cedcommerce_activation_sequence(sandbox_server, jet_merchant):
    http = httpx.Client(base_url=sandbox_server.base_url, timeout=30)
    token = http.post("/token/", json={"user": jet_merchant.user, "pass": jet_merchant.secret}).json()
    http.headers["Authorization"] = f"{token['token_type']} {token['id_token']}"
    node = jet_merchant.fulfillment_node_id

    assert http.put("/merchant-skus/test_product", json=TEST_PRODUCT).content == b""
    assert http.put("/merchant-skus/test_product/price", json={
        "price": 38.0, "fulfillment_nodes": [{"fulfillment_node_id": node, "fulfillment_node_price": 38.0}]}).is_success
    assert http.put("/merchant-skus/test_product/inventory", json={
        "fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 20}]}).is_success
    assert "errors" not in http.get("/merchant-skus/test_product").json()

    # cancel test: generate with a cancel quantity, ship 0 and cancel what the order asks
    urls = http.post("/orders/generate/1", json={"fulfillment_node": node, "items": [
        {"sku": "test_product", "order_quantity": 0, "order_cancel_quantity": 1}]}).json()["order_urls"]
    cancel_order = http.get(urls[0]).json()
    assert http.put(f"/orders/{cancel_order['merchant_order_id']}/shipped", json=_shipment(cancel_order, ship=False)).is_success

    # ship test: generate, acknowledge at once, ship what was ordered
    urls = http.post("/orders/generate/1", json={"fulfillment_node": node, "items": [
        {"sku": "test_product", "order_quantity": 1, "order_cancel_quantity": 0}]}).json()["order_urls"]
    order = http.get(urls[0]).json()
    order_id = order["merchant_order_id"]
    ack = {"acknowledgement_status": "accepted", "order_items": [
        {"order_item_acknowledgement_status": "fulfillable", "order_item_id": order["order_items"][0]["order_item_id"]}]}
    assert http.put(f"/orders/{order_id}/acknowledge", json=ack).is_success
    assert http.put(f"/orders/{order_id}/shipped", json=_shipment(order, ship=True)).is_success

    # return test: generate a return of the shipped order and complete it
    url = http.get(f"/returns/generate/{order_id}").json()["url"]
    ret = http.get(url).json()
    line = ret["return_merchant_SKUs"][0]
    amount = dict(line["requested_refund_amount"], tax=0)
    complete = {"merchant_order_id": order_id, "agree_to_return_charge": True, "items": [{
        "order_item_id": line["order_item_id"], "total_quantity_returned": line["return_quantity"],
        "order_return_refund_qty": line["return_quantity"], "return_refund_feedback": "item damaged",
        "refund_amount": amount}]}
    assert http.put(f"/returns/{ret['merchant_return_authorization_id']}/complete", json=complete).is_success
    status = http.get("/portal/merchantsetupstatus/").json()
    assert status["products"] and status["orders"] and status["cancel"] and status["returns"]
