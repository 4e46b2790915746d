"""The whole seller life cycle over HTTP with a plain httpx client against the subprocess sandbox."""

from __future__ import annotations

import gzip
import time

import httpx
import orjson


def wait_for_file(http: httpx.Client, file_id: str) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        status = http.get(f"/files/{file_id}").json()
        if status["status"].startswith("Processed"):
            return status
        time.sleep(0.1)
    raise AssertionError(f"file {file_id} still {status['status']}")


def test_should_take_a_seller_from_token_to_accepted_refund(sandbox_server, jet_merchant):
    base, node = sandbox_server.base_url, jet_merchant.fulfillment_node_id
    sandbox_server.set_controls(jet_merchant, review_delay=60)
    http = httpx.Client(base_url=base, timeout=30)

    token = http.post("/token", json={"user": jet_merchant.user, "pass": jet_merchant.secret})
    assert token.status_code == 200
    assert token.json()["token_type"] == "Bearer"
    http.headers["Authorization"] = f"Bearer {token.json()['id_token']}"

    # upload two SKUs by bulk file
    skus = {
        f"BOTTLE-{n}": {
            "product_title": f"Stainless Water Bottle {n}", "jet_browse_node_id": 4000188,
            "standard_product_codes": [{"standard_product_code": "012345678905", "standard_product_code_type": "UPC"}],
            "multipack_quantity": 1, "brand": "Acme", "main_image_url": "https://example.com/b.jpg",
            "shipping_weight_pounds": 1.0,
        } for n in (1, 2)
    }
    upload = http.get("/files/uploadToken").json()
    blob = httpx.put(upload["url"], content=gzip.compress(orjson.dumps(skus)),
                     headers={"x-ms-blob-type": "BlockBlob"})
    assert blob.status_code == 201
    submitted = http.post("/files/uploaded", json={"url": upload["url"], "file_type": "MerchantSKUs",
                                                   "file_name": "skus.json.gz"})
    assert submitted.json()["status"] == "Acknowledged"
    done = wait_for_file(http, upload["jet_file_id"])
    assert done["status"] == "Processed successfully", done
    assert http.get("/merchant-skus/BOTTLE-1").json()["status"] == "Under Jet Review"
    sandbox_server.advance_clock(jet_merchant, 61)
    reviewed = http.get("/merchant-skus/BOTTLE-1").json()
    assert (reviewed["status"], reviewed["sub_status"]) == ("Missing Listing Data", ["Missing price"])

    # price and inventory start a new review, which ends with the SKU on sale
    assert http.put("/merchant-skus/BOTTLE-1/price", json={"price": 12.5}).status_code == 204
    inventory = {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 5}]}
    assert http.patch("/merchant-skus/BOTTLE-1/inventory", json=inventory).status_code == 204
    assert http.get("/merchant-skus/BOTTLE-1").json()["status"] == "Under Jet Review"
    sandbox_server.advance_clock(jet_merchant, 61)
    assert http.get("/merchant-skus/BOTTLE-1").json()["status"] == "Available for Purchase"

    # an order, acknowledged, shipped in two parts
    generated = http.post("/orders/generate/1", json={
        "fulfillment_node": node, "items": [{"sku": "BOTTLE-1", "order_quantity": 2, "order_cancel_quantity": 0}]})
    order_url = generated.json()["order_urls"][0]
    order = http.get(order_url).json()
    order_id, item_id = order["merchant_order_id"], order["order_items"][0]["order_item_id"]
    assert order["status"] == "ready"
    assert order_id in " ".join(http.get("/orders/ready").json()["order_urls"])
    ack = http.put(f"/orders/{order_id}/acknowledge", json={
        "acknowledgement_status": "accepted", "alt_order_id": "SO-1",
        "order_items": [{"order_item_id": item_id, "order_item_acknowledgement_status": "fulfillable"}]})
    assert ack.status_code == 201
    shipment = {
        "alt_shipment_id": "S1", "shipment_tracking_number": "1Z1", "response_shipment_date": "2016-01-01T12:00:00Z",
        "response_shipment_method": "UPS Ground", "expected_delivery_date": "2016-01-04T12:00:00Z",
        "ship_from_zip_code": "07030", "carrier_pick_up_date": "2016-01-01T12:00:00Z", "carrier": "UPS",
        "shipment_items": [{"merchant_sku": "BOTTLE-1", "response_shipment_sku_quantity": 1}],
    }
    assert http.put(f"/orders/{order_id}/shipped", json={"shipments": [shipment]}).status_code in (201, 204)
    assert http.get(order_url).json()["status"] == "inprogress"
    shipment["alt_shipment_id"] = "S2"
    assert http.put(f"/orders/{order_id}/shipped", json={"shipments": [shipment]}).status_code in (201, 204)
    assert http.get(order_url).json()["status"] == "complete"

    # a return, completed by the merchant
    return_url = http.get(f"/returns/generate/{order_id}").json()["url"]
    ret = http.get(return_url).json()
    assert ret["return_status"] == "created"
    line = ret["return_merchant_SKUs"][0]
    complete = http.put(f"/returns/{ret['merchant_return_authorization_id']}/complete", json={
        "merchant_order_id": order_id, "agree_to_return_charge": True,
        "items": [{"order_item_id": line["order_item_id"], "total_quantity_returned": line["return_quantity"],
                   "order_return_refund_qty": line["return_quantity"],
                   "refund_amount": line["requested_refund_amount"]}]})
    assert complete.status_code == 201, complete.text
    assert http.get(return_url).json()["return_status"] == "completed by merchant"

    # a refund, accepted
    refund = http.post(f"/refunds/{order_id}/R-1", json={"items": [{
        "order_item_id": item_id, "total_quantity_returned": 0, "order_return_refund_qty": 1,
        "refund_reason": "better price available", "refund_feedback": "other",
        "refund_amount": {"principal": 5.0, "tax": 0, "shipping_cost": 0, "shipping_tax": 0}}]})
    assert refund.status_code == 201
    assert refund.json()["refund_status"] == "created"
    state = http.get(f"/refunds/state/{refund.json()['refund_authorization_id']}").json()
    assert state["refund_status"] == "accepted"
    assert any(refund.json()["refund_authorization_id"] in u for u in http.get("/refunds/accepted").json()["refund_urls"])
