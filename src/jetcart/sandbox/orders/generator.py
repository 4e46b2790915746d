"""Makes realistic Jet orders from a merchant's SKUs that have a price and inventory (test keys only).

Body of POST /orders/generate/{n} (every field optional; CedCommerce's activation tools sent the first two):
  fulfillment_node, items[{sku, order_quantity, order_cancel_quantity}],
  and, for scripted tests: buyer{name, phone_number}, shipping_to{recipient, address}, shipping_carrier,
  shipping_method, service_level, start_status ("ready" default, or "created"), seed (reproducible picks).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from jetcart.jet.models.vocabulary import CARRIERS, SERVICE_LEVELS
from jetcart.jet.timestamps import jet_utc
from jetcart.sandbox import ids
from jetcart.sandbox import messages as m
from jetcart.sandbox.config import tunable
from jetcart.sandbox.lifecycle import note_due
from jetcart.sandbox.models import Merchant, Order, Sku
from jetcart.sandbox.transport.errors import BadRequest
from jetcart.sandbox.validate import Checker, money

MAX_ORDERS = 100
MAX_UNITS = 10_000  # units of one scripted line [G]: enough for any test, small enough for every amount column
TAX_RATE = Decimal("0.07")
COMMISSION = Decimal("0.15")
FREE_SHIPPING_FROM = Decimal("35")
SHIPPING_PER_UNIT = Decimal("3.99")
CENT = Decimal("0.01")

BUYERS = [("Avery Johnson", "2015550143"), ("Jordan Lee", "6465550199"), ("Sam Rivera", "3125550172"),
          ("Taylor Brooks", "4155550110"), ("Morgan Patel", "2065550188"), ("Casey Nguyen", "7135550136")]
ADDRESSES = [("12 Harbor Way", "Apt 4", "Boston", "MA", "02110"), ("480 Pine Street", "", "Seattle", "WA", "98101"),
             ("77 Lakeshore Dr", "Unit 9", "Chicago", "IL", "60611"), ("3 Elm Court", "", "Austin", "TX", "78701"),
             ("905 Market St", "Floor 2", "San Francisco", "CA", "94103"), ("41 Maple Ave", "", "Hoboken", "NJ", "07030")]
METHODS = [("UPS", "UPS Ground", "Standard"), ("FedEx", "FedEx Home Delivery", "Standard"),
           ("USPS", "USPS Priority Mail", "Expedited"), ("UPS", "UPS 2nd Day Air", "Second Day")]


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _check_body(body: dict, merchant: Merchant) -> tuple[list[tuple[str, int, int]], dict]:
    c = Checker()
    node = c.string(body, "fulfillment_node")
    nodes = set(merchant.nodes.values_list("node_id", flat=True))
    if node is not None and node not in nodes:
        c.fail(m.NODE_NOT_MERCHANTS.format(field="fulfillment_node", node=node))
    lines = []
    for path, item in c.objects(body, "items"):
        sku = c.string(item, "sku", field=f"{path}.sku", required=True)
        quantity = c.integer(item, "order_quantity", field=f"{path}.order_quantity", minimum=0,
                             maximum=MAX_UNITS)
        cancel = c.integer(item, "order_cancel_quantity", field=f"{path}.order_cancel_quantity", minimum=0,
                           maximum=MAX_UNITS)
        if sku is not None:
            quantity = 1 if quantity is None else quantity
            if quantity == 0 and not cancel:
                c.fail(m.GENERATE_EMPTY_LINE.format(field=f"{path}.order_quantity"))
            lines.append((sku, quantity, cancel or 0))
    buyer = c.object(body, "buyer")
    shipping_to = c.object(body, "shipping_to")
    carrier = c.choice(body, "shipping_carrier", sorted(CARRIERS))
    method = c.string(body, "shipping_method")
    level = c.choice(body, "service_level", sorted(SERVICE_LEVELS))
    start = c.choice(body, "start_status", ("ready", "created"))
    seed = body.get("seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | str)):
        c.fail(m.GENERATE_SEED)
    c.raise_if_failed()
    return lines, {"node": node, "buyer": buyer, "shipping_to": shipping_to, "carrier": carrier,
                   "method": method, "level": level, "start": start or "ready", "seed": body.get("seed")}


def generate_orders(merchant: Merchant, count: int, body: dict, now: datetime) -> list[Order]:
    if not 1 <= count <= MAX_ORDERS:
        raise BadRequest(m.GENERATE_COUNT.format(maximum=MAX_ORDERS))
    lines, options = _check_body(body, merchant)
    rng = random.Random(options["seed"]) if options["seed"] is not None else random.Random()
    node = options["node"] or merchant.nodes.order_by("id").values_list("node_id", flat=True).first()
    if lines:
        skus = {s.merchant_sku: s for s in Sku.objects.filter(merchant=merchant, merchant_sku__in=[x[0] for x in lines])}
        errors = [m.GENERATE_SKU_NOT_READY.format(field=f"items[{i}].sku", sku=sku)
                  for i, (sku, _q, _c) in enumerate(lines) if sku not in skus or skus[sku].price is None]
        if errors:
            raise BadRequest(*errors)
        plans = [[(skus[sku], q, c) for sku, q, c in lines] for _ in range(count)]
    else:
        eligible = list(Sku.objects.filter(merchant=merchant, price__isnull=False, inventory_total__gt=0,
                                           is_archived=False).order_by("id")[:500])
        if not eligible:
            raise BadRequest(m.GENERATE_NO_SKUS)
        plans = []
        for _ in range(count):
            picked = rng.sample(eligible, k=min(len(eligible), rng.choice([1, 1, 1, 2, 2, 3])))
            plans.append([(s, rng.randint(1, max(1, min(2, s.inventory_total))), 0) for s in picked])
    orders = [_build_order(merchant, node, plan, options, rng, now) for plan in plans]
    Order.objects.bulk_create(orders)
    dues = [o.next_transition_at for o in orders if o.next_transition_at is not None]
    note_due(merchant, min(dues) if dues else None)
    return orders


def _build_order(merchant: Merchant, node: str, plan, options: dict, rng: random.Random, now: datetime) -> Order:
    name, phone = rng.choice(BUYERS)
    address1, address2, city, state, zip_code = rng.choice(ADDRESSES)
    carrier, method, level = rng.choice(METHODS)
    buyer = {"name": name, "phone_number": phone}
    buyer.update(options["buyer"] or {})
    shipping_to = {"recipient": {"name": buyer["name"], "phone_number": buyer["phone_number"]},
                   "address": {"address1": address1, "address2": address2, "city": city, "state": state,
                               "zip_code": zip_code}}
    for key, value in (options["shipping_to"] or {}).items():
        if isinstance(value, dict) and isinstance(shipping_to.get(key), dict):
            shipping_to[key].update(value)
    items, totals = [], {"base_price": Decimal(0), "item_tax": Decimal(0), "item_shipping_cost": Decimal(0),
                         "item_shipping_tax": Decimal(0), "item_fees": Decimal(0)}
    for sku, quantity, cancel in plan:
        price = sku.price
        shipping = Decimal(0) if price >= FREE_SHIPPING_FROM else SHIPPING_PER_UNIT
        unit = {"base_price": price, "item_tax": _cents(price * TAX_RATE), "item_shipping_cost": shipping,
                "item_shipping_tax": _cents(shipping * TAX_RATE)}
        fees = _cents(price * quantity * COMMISSION)
        for key, value in unit.items():
            totals[key] += value * quantity
        totals["item_fees"] += fees
        items.append({
            "order_item_id": ids.jet_id(), "alt_order_item_id": None, "merchant_sku": sku.merchant_sku,
            "product_title": sku.data.get("product_title", sku.merchant_sku),
            "request_order_quantity": quantity, "request_order_cancel_qty": cancel,
            "item_tax_code": sku.data.get("product_tax_code") or "Generic Taxable Product",
            "item_price": {k: money(v) for k, v in unit.items()},
            "item_fees": money(fees), "fee_adjustments": [{"adjustment_name": "Jet commission",
                                                           "adjustment_type": "base", "commission_id": ids.jet_id(),
                                                           "value": money(fees)}],
            "regulatory_fees": 0.0, "price_adjustment": 0.0, "adjustment_reason": None, "tax_info": None,
            "url": sku.data.get("main_image_url") or f"https://jet.com/product/{sku.merchant_sku_id}",
            "order_item_acknowledgement_status": None,
        })
    created = options["start"] == "created"
    fraud = timedelta(seconds=float(tunable(merchant, "fraud_delay")))
    order_id = ids.jet_id()
    directed = any(c > 0 for _s, _q, c in plan)
    document = {
        "merchant_order_id": order_id, "reference_order_id": ids.reference_number(),
        "customer_reference_order_id": ids.reference_number(), "fulfillment_node": node, "alt_order_id": None,
        "hash_email": f"{order_id[:20]}@customer.jet.com", "status": "created" if created else "ready",
        "exception_state": None, "order_placed_date": jet_utc(now - timedelta(minutes=1)),
        "order_transmission_date": jet_utc(now), "order_ready_date": None if created else jet_utc(now),
        "order_acknowledge_date": None, "acknowledgement_status": None,
        "jet_request_directed_cancel": directed, "has_shipments": False, "shipments": [],
        "buyer": buyer, "shipping_to": shipping_to,
        "order_detail": {
            "request_shipping_carrier": options["carrier"] or carrier,
            "request_shipping_method": options["method"] or method,
            "request_service_level": options["level"] or level,
            "request_ship_by": jet_utc(now + timedelta(days=1)),
            "request_delivery_by": jet_utc(now + timedelta(days=5)),
        },
        "order_totals": {
            "item_price": {k: money(totals[k]) for k in ("base_price", "item_tax", "item_shipping_cost",
                                                          "item_shipping_tax")},
            "item_fees": money(totals["item_fees"]), "fee_adjustments": [], "regulatory_fees": 0.0,
        },
        "order_items": items,
        "_sandbox": {"shipped": {}, "cancelled": {}},
    }
    if created:
        due = now + fraud
    else:
        window = timedelta(seconds=float(tunable(merchant, "ack_window")))
        due = now + window if tunable(merchant, "auto_cancel") else None
    return Order(merchant=merchant, merchant_order_id=order_id, status=document["status"], fulfillment_node=node,
                 document=document, created_at=now, next_transition_at=due, directed_cancel_open=directed)
