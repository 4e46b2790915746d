"""HTTP handlers of /merchant-skus/…: parse, call skus.state, render (Jet's success codes per §11.4).

Guesses: SKU PUT answers 201, other SKU sub-resource PUT/PATCH 204; a sub-resource of an unknown SKU
is 404; GET of a never-set price is 404; list `limit` defaults to 100.
"""

from __future__ import annotations

from datetime import timedelta

from jetcart.jet.timestamps import jet_utc
from jetcart.sandbox import messages as m
from jetcart.sandbox.config import tunable
from jetcart.sandbox.lifecycle import note_due
from jetcart.sandbox.models import Order, Sku
from jetcart.sandbox.skus import state
from jetcart.sandbox.transport.errors import BadRequest, MethodNotAllowed, NotFound
from jetcart.sandbox.transport.router import Call, empty_response
from jetcart.sandbox.validate import is_count, money


def _save(sku) -> None:
    sku.save()
    note_due(sku.merchant, sku.review_due_at)


def put_product(call: Call):
    body = call.body_object()
    merchant_sku = call.args["sku"]
    sku = state.LOCKED_SKU_BY_NAME.first(call.merchant.pk, merchant_sku)
    created = sku is None
    if created:
        sku = state.new_sku(call.merchant, merchant_sku, call.now)
    sku.merchant = call.merchant
    state.apply_product(sku, body, call.now)
    _save(sku)
    return empty_response(201)


def get_product(call: Call):
    return state.sku_json(state.get_sku(call.merchant, call.args["sku"]))


def _int_query(call: Call, name: str, default: int) -> int:
    raw = call.query(name)
    if raw is None or raw == "":
        return default
    if not is_count(raw):
        raise BadRequest(m.OFFSET_LIMIT.format(field=name))
    return int(raw)


def list_products(call: Call):
    offset, limit = _int_query(call, "offset", 0), _int_query(call, "limit", 100)
    names = Sku.objects.filter(merchant=call.merchant).order_by("id").values_list("merchant_sku", flat=True)
    return {"sku_urls": [state.sku_url(n) for n in names[offset:offset + limit]]}


def list_by_status(call: Call):
    status = state.listing_status(call.args["status"])
    start, count = call.args["start"], call.args["count"]
    if not is_count(start) or not is_count(count):
        raise BadRequest(m.OFFSET_LIMIT.format(field="from" if not is_count(start) else "count"))
    names = (Sku.objects.filter(merchant=call.merchant, status=status).order_by("id")
             .values_list("merchant_sku", flat=True))
    return {"sku_urls": [state.sku_url(n) for n in names[int(start):int(start) + int(count)]]}


def _locked(call: Call) -> Sku:
    sku = state.LOCKED_SKU_BY_NAME.first(call.merchant.pk, call.args["sku"])
    if sku is None:
        raise NotFound(m.SKU_NOT_FOUND.format(sku=call.args["sku"]))
    sku.merchant = call.merchant
    return sku


def put_price(call: Call):
    body = call.body_object()
    sku = _locked(call)
    state.apply_price(sku, body, state.node_ids(call.merchant), call.now)
    _save(sku)
    return empty_response(204)


def get_price(call: Call):
    return state.price_json(state.get_sku(call.merchant, call.args["sku"]))


def patch_inventory(call: Call):
    body = call.body_object()
    sku = _locked(call)
    state.apply_inventory(sku, body, state.node_ids(call.merchant), call.now, replace=False)
    _save(sku)
    return empty_response(204)


def put_inventory(call: Call):
    if tunable(call.merchant, "inventory_put") == "reject":
        raise MethodNotAllowed(m.INVENTORY_PUT_REMOVED)
    body = call.body_object()
    sku = _locked(call)
    state.apply_inventory(sku, body, state.node_ids(call.merchant), call.now, replace=True)
    _save(sku)
    return empty_response(204)


def get_inventory(call: Call):
    return state.inventory_json(state.get_sku(call.merchant, call.args["sku"]))


def put_image(call: Call):
    body = call.body_object()
    sku = _locked(call)
    state.apply_image(sku, body, call.now)
    _save(sku)
    return empty_response(204)


def delete_image(call: Call):
    body = call.optional_body_object()
    sku = _locked(call)
    state.delete_images(sku, body, call.now)
    _save(sku)
    return empty_response(204)


def put_archive(call: Call):
    body = call.body_object()
    sku = _locked(call)
    state.apply_archive(sku, body, call.now)
    _save(sku)
    return empty_response(204)


def put_variation(call: Call):
    body = call.body_object()
    sku = _locked(call)
    state.apply_variation(call.merchant, sku, body)
    _save(sku)
    return empty_response(204)


UNSET_VARIATION = {"relationship": None, "variation_refinements": [], "children_skus": [], "group_title": None}


def get_variation(call: Call):
    """A SKU that is no variation parent answers 200 with an empty variation [G], as an unset shipping or
    returns exception does (a client reading each SKU's "full product" calls it for every SKU)."""
    sku = state.get_sku(call.merchant, call.args["sku"])
    if sku.variation is None:
        return dict(UNSET_VARIATION)
    shown = dict(sku.variation)
    shown["children_skus"] = [{"merchant_sku": child} for child in sku.variation["children_skus"]]
    return shown


def put_shipping_exception(call: Call):
    body = call.body_object()
    sku = _locked(call)
    sku.shipping_exception = state.rules.check_shipping_exception(body, state.node_ids(call.merchant))
    _save(sku)
    return empty_response(204)


def get_shipping_exception(call: Call):
    sku = state.get_sku(call.merchant, call.args["sku"])
    return sku.shipping_exception or {"fulfillment_nodes": []}


def put_returns_exception(call: Call):
    body = call.body_object()
    sku = _locked(call)
    locations = set(call.merchant.return_locations.values_list("location_id", flat=True))
    sku.returns_exception = state.rules.check_returns_exception(body, locations)
    _save(sku)
    return empty_response(204)


def get_returns_exception(call: Call):
    sku = state.get_sku(call.merchant, call.args["sku"])
    shown = {"time_to_return": 30, "return_location_ids": [], "return_shipping_methods": []}
    shown.update(sku.returns_exception or {})
    return shown


def get_sales_data(call: Call):
    """Units sold come from this sandbox's orders; rank and marketplace offer are synthetic [G]."""
    sku = state.get_sku(call.merchant, call.args["sku"])
    since = call.now - timedelta(days=30)
    units = 0
    for document in Order.objects.filter(merchant=call.merchant, created_at__gte=since).values_list("document", flat=True):
        units += sum(i["request_order_quantity"] for i in document["order_items"] if i["merchant_sku"] == sku.merchant_sku)
    stamp = jet_utc(call.now)
    offer = []
    if sku.price is not None:
        offer = [{"shipping_method": "Standard", "item_price": money(sku.price), "shipping_price": 0,
                  "last_update": stamp}]
    rank = int(sku.merchant_sku_id[:6], 16) % 100000 + 1
    return {
        "sales_rank": {"level_0": rank, "last_update": stamp},
        "units_sold": {"last_30_days": units, "last_update": stamp},
        "my_best_offer": offer,
        "best_marketplace_offer": offer,
    }
