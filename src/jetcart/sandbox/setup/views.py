"""HTTP handlers of the setup and portal API paths (shapes not recorded except the first; ours are [G])."""

from __future__ import annotations

from jetcart.sandbox import messages as m
from jetcart.sandbox.models import FulfillmentNode, Order, Return, Sku
from jetcart.sandbox.skus.state import listing_status
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.transport.router import Call
from jetcart.sandbox.validate import is_count


def _node(node: FulfillmentNode) -> dict:
    return {"fulfillment_node_id": node.node_id, "name": node.name, "address1": node.address1,
            "address2": node.address2, "city": node.city, "state": node.state, "zip_code": node.zip_code}


def _nodes(call: Call):
    return call.merchant.nodes.order_by("id")


def nodes_by_merchant(call: Call):
    """PascalCase array, as CedCommerce's code read it."""
    return [{"FulfillmentNodeId": n.node_id, "Name": n.name, "Address1": n.address1, "Address2": n.address2,
             "City": n.city, "State": n.state, "ZipCode": n.zip_code} for n in _nodes(call)]


def setup_nodes(call: Call):
    return {"fulfillment_nodes": [_node(n) for n in _nodes(call)]}


def setup_return_locations(call: Call):
    return {"return_locations": [{"return_location_id": loc.location_id, "name": loc.name, **loc.address()}
                                 for loc in call.merchant.return_locations.order_by("id")]}


def node_urls(call: Call):
    return {"fulfillment_nodes": [f"/fulfillment-nodes/{n.node_id}" for n in _nodes(call)]}


def node_detail(call: Call):
    node = call.merchant.nodes.filter(node_id=call.args["node_id"]).first()
    if node is None:
        raise NotFound(m.FULFILLMENT_NODE_NOT_FOUND.format(node_id=call.args["node_id"]))
    return _node(node)


def _statuses(call: Call) -> list[str]:
    raw = call.query("statuses")
    if not raw:
        return []
    return [listing_status(part) for part in raw.replace("+", ",").split(",") if part.strip()]


def _sku_rows(call: Call):
    query = Sku.objects.filter(merchant=call.merchant).order_by("id")
    statuses = _statuses(call)
    if statuses:
        query = query.filter(status__in=statuses)
    return query.values_list("merchant_sku", "status", "sub_status", "price", "inventory_total", "is_archived")


def _row(values) -> dict:
    sku, status, sub_status, price, quantity, archived = values
    return {"merchant_sku": sku, "status": status, "sub_status": sub_status,
            "price": float(price) if price is not None else None, "inventory": quantity, "is_archived": archived}


def portal_skus(call: Call):
    start, size = call.query("from") or "0", call.query("size") or "100"
    if not is_count(start) or not is_count(size):
        raise BadRequest(m.OFFSET_LIMIT.format(field="from" if not is_count(start) else "size"))
    rows = _sku_rows(call)
    return {"merchant_skus": [_row(v) for v in rows[int(start):int(start) + int(size)]], "total": rows.count()}


def portal_skus_export(call: Call):
    return {"merchant_skus": [_row(v) for v in _sku_rows(call)]}


def portal_setup_status(call: Call):
    merchant = call.merchant
    return {
        "merchant_id": merchant.merchant_id,
        "products": Sku.objects.filter(merchant=merchant, has_data=True).exists(),
        "price": Sku.objects.filter(merchant=merchant, price__isnull=False).exists(),
        "inventory": Sku.objects.filter(merchant=merchant, inventory_total__gt=0).exists(),
        "orders": Order.objects.filter(merchant=merchant, status__in=["inprogress", "complete"],
                                       is_cancelled=False).exists(),
        "cancel": Order.objects.filter(merchant=merchant, is_cancelled=True).exists(),
        "returns": Return.objects.filter(merchant=merchant).exclude(status="created").exists(),
        "is_live_enabled": True,
    }


def portal_returns_setup(call: Call):
    locations = setup_return_locations(call)["return_locations"]
    return {"time_to_return": 30, "return_locations": locations,
            "return_shipping_methods": ["UPS Ground", "USPS Priority Mail"]}
