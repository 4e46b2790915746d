"""Helpers for the sandbox contract tests: a plain httpx session with a token, and valid bodies."""

from __future__ import annotations

import gzip

import httpx
import orjson

TEST_NODE = 4000188  # "Turbocharger", the node CedCommerce's activation test product used
VALID_UPC = "012345678905"


class JetSession:
    """A merchant's authenticated httpx client against the sandbox under test."""

    def __init__(self, server, merchant, *, live: bool = False):
        self.server, self.merchant = server, merchant
        self.http = httpx.Client(base_url=server.base_url, timeout=30)
        self.http.headers["Authorization"] = "Bearer " + server.token(merchant, live=live)

    @property
    def node(self) -> str:
        return self.merchant.fulfillment_node_id

    def get(self, path, **kw):
        return self.http.get(path, **kw)

    def put(self, path, body=None, **kw):
        return self.http.put(path, json=body, **kw)

    def post(self, path, body=None, **kw):
        return self.http.post(path, json=body, **kw)

    def patch(self, path, body=None, **kw):
        return self.http.patch(path, json=body, **kw)

    def product(self, sku: str, **overrides) -> httpx.Response:
        return self.put(f"/merchant-skus/{sku}", product_body(**overrides))

    def listed_sku(self, sku: str, *, price: float = 20.0, quantity: int = 10) -> None:
        """A SKU with data, price and inventory (Available once the review delay passes)."""
        assert self.product(sku).status_code == 201
        assert self.put(f"/merchant-skus/{sku}/price", {"price": price}).status_code == 204
        body = {"fulfillment_nodes": [{"fulfillment_node_id": self.node, "quantity": quantity}]}
        assert self.patch(f"/merchant-skus/{sku}/inventory", body).status_code == 204

    def order(self, items: list[dict], **extra) -> dict:
        response = self.post("/orders/generate/1", {"fulfillment_node": self.node, "items": items, **extra})
        assert response.status_code == 200, response.text
        url = response.json()["order_urls"][0]
        return self.get(url).json()

    def acknowledge(self, order: dict) -> httpx.Response:
        items = [{"order_item_id": i["order_item_id"], "order_item_acknowledgement_status": "fulfillable"}
                 for i in order["order_items"]]
        return self.put(f"/orders/{order['merchant_order_id']}/acknowledge",
                        {"acknowledgement_status": "accepted", "order_items": items})

    def ship(self, order: dict, sku: str, quantity: int, cancel: int = 0, **shipment) -> httpx.Response:
        return self.put(f"/orders/{order['merchant_order_id']}/shipped",
                        {"shipments": [shipment_body(sku, quantity, cancel, **shipment)]})

    def refreshed(self, order: dict) -> dict:
        return self.get(f"/orders/withoutShipmentDetail/{order['merchant_order_id']}").json()

    def upload_file(self, file_type: str, content: dict | bytes, file_name: str = "file.json.gz") -> dict:
        token = self.get("/files/uploadToken").json()
        raw = content if isinstance(content, bytes) else gzip.compress(orjson.dumps(content))
        blob = httpx.put(token["url"], content=raw, headers={"x-ms-blob-type": "BlockBlob"}, timeout=60)
        assert blob.status_code == 201, blob.text
        response = self.post("/files/uploaded", {"url": token["url"], "file_type": file_type, "file_name": file_name})
        assert response.status_code == 200, response.text
        return response.json()

    def close(self) -> None:
        self.http.close()


def product_body(**overrides) -> dict:
    body = {
        "product_title": "Stainless Water Bottle 750ml",
        "jet_browse_node_id": TEST_NODE,
        "standard_product_codes": [{"standard_product_code": VALID_UPC, "standard_product_code_type": "UPC"}],
        "multipack_quantity": 1,
        "brand": "Acme",
        "main_image_url": "https://example.com/img/bottle.jpg",
        "shipping_weight_pounds": 1.25,
        "product_description": "Keeps water cold.",
    }
    for key, value in overrides.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def shipment_body(sku: str, quantity: int, cancel: int = 0, **overrides) -> dict:
    body = {
        "alt_shipment_id": "SHP-1",
        "shipment_tracking_number": "1Z999AA10123456784",
        "response_shipment_date": "2016-01-01T12:00:00.0000000-07:00",
        "response_shipment_method": "UPS Ground",
        "expected_delivery_date": "2016-01-05T12:00:00.0000000-07:00",
        "ship_from_zip_code": "84047",
        "carrier_pick_up_date": "2016-01-01T12:00:00.0000000-07:00",
        "carrier": "UPS",
        "shipment_items": [{"merchant_sku": sku, "response_shipment_sku_quantity": quantity,
                            "response_shipment_cancel_qty": cancel, "RMA_number": "RMA-1", "days_to_return": 30,
                            "return_location": {"address1": "1 Main St", "city": "Midvale", "state": "UT",
                                                "zip_code": "84047"}}],
    }
    for key, value in overrides.items():
        if value is None:
            body.pop(key, None)
        else:
            body[key] = value
    return body


def errors_of(response: httpx.Response, status: int = 400) -> list[str]:
    """The `errors` list of an error response, after checking its status."""
    assert response.status_code == status, (response.status_code, response.text)
    return response.json()["errors"]


def has_error(response: httpx.Response, field: str, status: int = 400) -> bool:
    """True when the response is an error naming `field` (messages start with the field path)."""
    return any(message.startswith(field) for message in errors_of(response, status))
