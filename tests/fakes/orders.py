"""An in-memory stand-in for Jet's order endpoints, with fault injection, and store products for order tests
(the store itself is `tests.fakes.store.FakeStore`).

`FakeJetClient.orders` answers with what the real client returns (ids, typed `Order`s, None after a change);
`tests/connector/orders/test_fake_jet_shapes.py` holds it to that."""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import ValidationError

from jetcart.jet.errors import (
    JetBadRequest,
    JetOutcomeUnknown,
    JetResponseInvalid,
    JetServerError,
    RequestInfo,
)
from jetcart.jet.models.orders import Acknowledgement, Order, ShipNotice
from jetcart.jet.resources.base import as_body
from jetcart.store.models import OptionValue, Product, ProductOption

_ids = itertools.count(1)


def jet_order(*, items, status="ready", name="Jane Buyer", moid=None) -> dict:
    """A Jet order document (§4.2) with per-unit item prices; items = [(sku, qty, base_price), ...]."""
    moid = moid or f"{next(_ids):032x}"
    return {
        "merchant_order_id": moid, "reference_order_id": f"R{moid[-6:]}", "status": status,
        "order_placed_date": "2026-11-27T10:00:00.0000000-07:00", "hash_email": f"{moid[:8]}@customer.jet.com",
        "buyer": {"name": name, "phone_number": "555-0100"},
        "shipping_to": {"recipient": {"name": name, "phone_number": "555-0100"},
                        "address": {"address1": "1 Main St", "address2": "", "city": "Midvale", "state": "UT",
                                    "zip_code": "84047"}},
        "order_detail": {"request_shipping_method": "UPS Ground", "request_service_level": "Standard"},
        "order_items": [
            {"order_item_id": f"{moid[:24]}{n:08x}", "merchant_sku": sku, "product_title": f"Product {sku}",
             "request_order_quantity": qty, "request_order_cancel_qty": 0,
             "item_price": {"base_price": price, "item_tax": 1.5, "item_shipping_cost": 4.0, "item_shipping_tax": 0}}
            for n, (sku, qty, price) in enumerate(items)
        ],
        "shipments": [],
    }


def _parsed_order(document: dict) -> Order:
    """The document read as the real client reads an answer: a typed Order, or JetResponseInvalid naming the call."""
    try:
        return Order.model_validate(document)
    except ValidationError as exc:
        path = f"/orders/withoutShipmentDetail/{document.get('merchant_order_id')}"
        info = RequestInfo("GET", path, group="orders")
        raise JetResponseInvalid(f"{info}: unexpected answer for Order: {exc}", request=info, body=document) from exc


class _Orders:
    def __init__(self, jet: FakeJet):
        self.jet = jet

    def list(self, status) -> list[str]:
        self.jet.calls.append(("list", status, None))
        return [k for k, v in self.jet.orders.items() if v["status"] == status]

    def directed_cancel(self) -> list[str]:
        return [k for k, v in self.jet.orders.items()
                if any(i["request_order_cancel_qty"] > self.jet.cancelled.get(i["order_item_id"], 0)
                       for i in v["order_items"]) and v["status"] != "complete"]

    def get(self, moid) -> Order:
        self.jet.calls.append(("get", moid, None))
        self.jet._maybe_fail("get", applied=False)
        return _parsed_order(copy.deepcopy(self.jet.orders[moid]))

    def acknowledge(self, moid, body):
        body = as_body(Acknowledgement, body).resolve()  # the real client's check: JetValidationError, nothing sent
        self.jet.calls.append(("acknowledge", moid, copy.deepcopy(body)))
        self.jet._maybe_fail("acknowledge", applied=False)
        order = self.jet.orders[moid]
        if order["status"] != "ready":
            raise JetBadRequest("400", request=RequestInfo("PUT", f"/orders/{moid}/acknowledge"), status_code=400,
                                errors=[f"order is {order['status']}"])
        order["acknowledgement_status"] = body["acknowledgement_status"]
        order["status"] = "acknowledged" if body["acknowledgement_status"] == "accepted" else "complete"
        if order["status"] == "complete":
            order["exception_state"] = "exception - order rejected"
        self.jet._maybe_fail("acknowledge", applied=True)

    def shipped(self, moid, body):
        body = as_body(ShipNotice, body).resolve()  # the real client's check: JetValidationError, nothing sent
        self.jet.calls.append(("shipped", moid, copy.deepcopy(body)))
        self.jet._maybe_fail("shipped", applied=False)
        order = self.jet.orders[moid]
        by_sku = {i["merchant_sku"]: i for i in order["order_items"]}
        for shipment in body["shipments"]:
            for item in shipment["shipment_items"]:
                line = by_sku[item["merchant_sku"]]
                iid = line["order_item_id"]
                done = self.jet.shipped.get(iid, 0) + self.jet.cancelled.get(iid, 0)
                if done + item["response_shipment_sku_quantity"] + item.get("response_shipment_cancel_qty", 0) > \
                        line["request_order_quantity"]:
                    raise JetBadRequest("400", request=RequestInfo("PUT", "shipped"), status_code=400,
                                        errors=["too many units"])
        for shipment in body["shipments"]:
            for item in shipment["shipment_items"]:
                iid = by_sku[item["merchant_sku"]]["order_item_id"]
                self.jet.shipped[iid] = self.jet.shipped.get(iid, 0) + item["response_shipment_sku_quantity"]
                self.jet.cancelled[iid] = self.jet.cancelled.get(iid, 0) + item.get("response_shipment_cancel_qty", 0)
            order["shipments"].append(copy.deepcopy(shipment))
        done = all(self.jet.shipped.get(i["order_item_id"], 0) + self.jet.cancelled.get(i["order_item_id"], 0)
                   >= i["request_order_quantity"] for i in order["order_items"])
        order["status"] = "complete" if done else "inprogress"
        self.jet._maybe_fail("shipped", applied=True)


@dataclass
class FakeJet:
    """Jet's order endpoints in memory; `fail[(method, applied)] = n` makes the next n calls lose their answer."""

    orders: dict = field(default_factory=dict)
    calls: list = field(default_factory=list)
    shipped: dict = field(default_factory=dict)
    cancelled: dict = field(default_factory=dict)
    fail: dict = field(default_factory=dict)

    def __post_init__(self):
        self.orders_api = _Orders(self)

    def add(self, document: dict) -> str:
        self.orders[document["merchant_order_id"]] = document
        return document["merchant_order_id"]

    def _maybe_fail(self, method: str, *, applied: bool) -> None:
        key = (method, applied)
        if self.fail.get(key):
            self.fail[key] -= 1
            request = RequestInfo("PUT", method, idempotent=False)
            raise JetOutcomeUnknown("connection dropped", request=request,
                                    cause=JetServerError("503", request=request, status_code=503))

    def count(self, method: str, moid: str | None = None) -> int:
        return sum(1 for m, o, _ in self.calls if m == method and (moid is None or o == moid))


class FakeJetClient:
    """What the order use cases reach: `client.orders.*`."""

    def __init__(self, jet: FakeJet):
        self.orders = jet.orders_api


def product(product_id: int, *, quantity: int = 10, options: dict[int, int] | None = None, subtract=True) -> Product:
    values = tuple(OptionValue(product_option_value_id=v, option_value_id=v, name=f"Value {v}", quantity=q,
                               subtract=True, price_delta=Decimal(0), weight_delta=Decimal(0))
                   for v, q in (options or {}).items())
    return Product(
        product_id=product_id, name=f"Product {product_id}", description="", model=f"M{product_id}", sku="",
        upc="", ean="", jan="", isbn="", mpn="", quantity=quantity, price=Decimal("10"), special_price=None,
        status=True, subtract=subtract, weight=Decimal(1), weight_unit="kg", length=Decimal(0), width=Decimal(0),
        height=Decimal(0), length_unit="cm", manufacturer_id=0, manufacturer="", image="", images=(),
        category_ids=(), date_modified=None,
        options=(ProductOption(product_option_id=100 + product_id, option_id=1, name="Color", type="select",
                               required=True, values=values),) if values else (),
    )
