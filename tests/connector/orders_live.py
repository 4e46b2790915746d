"""A real order world for tests: the sandbox over HTTP, the real Jet client, the demo store through the gateway."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import httpx
from sqlalchemy import text

from jetcart.connector.models import JetConfiguration, JetListing, ListingKind
from jetcart.jet.client import JetClient
from jetcart.store.demo import ensure_demo_store
from jetcart.store.gateway import StoreGateway
from tests.sandbox.helpers import product_body

# merchant SKU → (OpenCart product id, option value ids); the demo store's products (store/demo_catalog.py)
LISTED = {
    "HTC-TOUCH": (28, []),  # 939 in stock
    "CANON-RED": (30, [15]),  # Canon EOS 5D, Red: 2 in stock
    "CANON-BLUE": (30, [16]),
    "GALAXY-TAB": (49, []),  # 0 in stock
}
NOT_LISTED = "SOMEONE-ELSES"  # on Jet, but no jetcart listing


class WireRecorder(httpx.BaseTransport):
    """Every request that reached the sandbox and its status; can lose the answer of the next matching call."""

    def __init__(self):
        self.inner = httpx.HTTPTransport()
        self.calls: list[tuple[str, str, int]] = []
        self.lose_answer: Counter = Counter()  # (method, last path segment) → answers to lose after delivery

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        action = request.url.path.rstrip("/").rsplit("/", 1)[-1]
        self.calls.append((request.method, request.url.path, response.status_code))
        if self.lose_answer[(request.method, action)] > 0:
            self.lose_answer[(request.method, action)] -= 1
            raise httpx.ReadError("test: the answer was lost after the sandbox handled the call", request=request)
        return response

    def puts(self, action: str, merchant_order_id: str | None = None) -> list[int]:
        """Statuses of the PUT /orders/{id}/<action> calls that reached the sandbox."""
        return [status for method, path, status in self.calls
                if method == "PUT" and path.endswith("/" + action)
                and (merchant_order_id is None or f"/orders/{merchant_order_id}/" in path)]

    def close(self) -> None:
        self.inner.close()


@dataclass
class LiveWorld:
    server: object
    merchant: object
    client: JetClient
    gateway: StoreGateway
    store_url: str
    wire: WireRecorder
    generated: list[str] = field(default_factory=list)

    def generate(self, items: dict[str, int], *, cancel: dict[str, int] | None = None, count: int = 1) -> list[str]:
        body = {"fulfillment_node": self.merchant.fulfillment_node_id,
                "items": [{"sku": sku, "order_quantity": qty, **({"order_cancel_quantity": cancel[sku]}
                                                                 if cancel and sku in cancel else {})}
                          for sku, qty in items.items()]}
        ids = self.client.orders.generate(count, body)
        self.generated.extend(ids)
        return ids

    def sql(self, query: str, **params) -> list:
        with self.gateway.engine.connect() as conn:
            return list(conn.execute(text(query), params))

    def store_orders(self) -> list:
        return self.sql("SELECT order_id, order_status_id, total FROM oc_order ORDER BY order_id")

    def product_quantity(self, product_id: int) -> int:
        return int(self.sql("SELECT quantity FROM oc_product WHERE product_id = :p", p=product_id)[0][0])

    def close(self) -> None:
        self.client.close()
        self.gateway.close()


def build_live_world(server, merchant, store_path=None, *, store_url: str | None = None) -> LiveWorld:
    """A demo store in `store_path` (SQLite) or at `store_url` (e.g. an empty MariaDB database)."""
    store_url = store_url or f"sqlite:///{store_path}"
    ensure_demo_store(store_url, "oc_")
    gateway = StoreGateway.connect(store_url, "oc_", lease=timedelta(0))  # a dead worker's claim expires at once
    wire = WireRecorder()
    client = JetClient(server.base_url, merchant.user, merchant.secret, transport=wire, max_retries=4,
                       sleep=lambda seconds: time.sleep(min(seconds, 0.05)))
    node = merchant.fulfillment_node_id
    for sku in [*LISTED, NOT_LISTED]:
        client.products.put(sku, product_body(product_title=f"Item {sku}"))
        client.products.put_price(sku, {"price": 25.0})
        client.products.patch_inventory(sku, {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 50}]})
    for sku, (product_id, values) in LISTED.items():
        JetListing.objects.update_or_create(
            merchant_sku=sku, defaults={"product_id": product_id, "option_value_ids": values,
                                        "kind": ListingKind.CHILD if values else ListingKind.SIMPLE,
                                        "combination_key": "-".join(map(str, values))})
    config = JetConfiguration.load()
    config.api_url, config.api_user = server.base_url, merchant.user
    config.api_secret = merchant.secret
    config.fulfillment_node_id = node
    config.return_address1, config.return_city, config.return_state, config.return_postcode = (
        "1 Main St", "Midvale", "UT", "84047")
    config.save()
    wire.calls.clear()
    return LiveWorld(server, merchant, client, gateway, store_url, wire)
