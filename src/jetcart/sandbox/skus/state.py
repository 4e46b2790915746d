"""SKU state and rules: create/replace, price, inventory, images, archive, exceptions, and the review flow.

Status flow [G, docs/sandbox.md]: a product upload starts a Jet review ("Under Jet Review"); when the
review ends the SKU becomes "Available for Purchase" if nothing is missing and inventory > 0,
"Missing Listing Data" with sub-statuses otherwise; a complete SKU without inventory waits in review.
Later price/inventory changes on an incomplete SKU start a new review once it is complete.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache, partial
from urllib.parse import quote

from django.db import transaction
from django.db.models import F

from jetcart.jet.models.vocabulary import PRODUCT_STATUS_SPELLINGS, ProductStatus, match_folded
from jetcart.jet.timestamps import jet_utc, parse_jet_datetime
from jetcart.sandbox import ids
from jetcart.sandbox import messages as m
from jetcart.sandbox.config import tunable
from jetcart.sandbox.lookups import Lookup
from jetcart.sandbox.models import Merchant, Sku
from jetcart.sandbox.skus import rules
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.validate import money

MISSING = ProductStatus.MISSING_LISTING_DATA.value
REVIEW = ProductStatus.UNDER_JET_REVIEW.value
AVAILABLE = ProductStatus.AVAILABLE_FOR_PURCHASE.value
SKU_BY_NAME = Lookup(Sku, "merchant_id", "merchant_sku")
LOCKED_SKU_BY_NAME = Lookup(Sku, "merchant_id", "merchant_sku", lock=True)
ARCHIVED = ProductStatus.ARCHIVED.value


def node_ids(merchant: Merchant) -> set[str]:
    return set(merchant.nodes.values_list("node_id", flat=True))


def get_sku(merchant: Merchant, merchant_sku: str) -> Sku:
    sku = SKU_BY_NAME.first(merchant.pk, merchant_sku)
    if sku is None:
        raise NotFound(m.SKU_NOT_FOUND.format(sku=merchant_sku))
    sku.merchant = merchant
    return sku


def new_sku(merchant: Merchant, merchant_sku: str, now: datetime) -> Sku:
    return Sku(merchant=merchant, merchant_sku=merchant_sku, merchant_sku_id=ids.jet_id(), created_at=now)


def review_delay(sku: Sku) -> timedelta:
    return timedelta(seconds=float(tunable(sku.merchant, "review_delay")))


def _finish_review(sku: Sku) -> None:
    sku.review_due_at = None
    if not sku.complete:
        sku.status, sku.sub_status = MISSING, list(sku.missing)
    elif sku.inventory_total > 0:
        sku.status, sku.sub_status = AVAILABLE, []
    else:
        sku.status, sku.sub_status = REVIEW, []


def reassess(sku: Sku, now: datetime, *, new_data: bool = False) -> None:
    """Recomputes what is missing and moves the SKU along the review flow."""
    sku.missing = list(sku.data_missing) + (["Missing price"] if sku.price is None else [])
    if not sku.has_data:
        sku.missing = ["Missing title", "Missing category", "Missing brand", "Missing image", *sku.missing]
    sku.complete = not sku.missing
    if sku.is_archived:
        sku.status, sku.sub_status, sku.review_due_at = ARCHIVED, [], None
        return
    if new_data or sku.status == ARCHIVED:
        sku.status, sku.sub_status, sku.review_due_at = REVIEW, [], now + review_delay(sku)
    elif sku.status == REVIEW and sku.review_due_at is not None:
        pass
    elif sku.status == AVAILABLE:
        if not sku.complete:
            sku.status, sku.sub_status = MISSING, list(sku.missing)
    elif sku.complete and sku.inventory_total > 0:
        sku.status, sku.sub_status, sku.review_due_at = REVIEW, [], now + review_delay(sku)
    else:
        _finish_review(sku)
    if sku.review_due_at is not None and sku.review_due_at <= now:
        _finish_review(sku)


def settle_reviews(merchant: Merchant, now: datetime) -> None:
    """Ends every review that is due, with three set-based updates (no per-SKU queries)."""
    due = Sku.objects.filter(merchant=merchant, review_due_at__lte=now)
    if not due.exists():
        return
    with transaction.atomic(using="sandbox"):
        _end_due_reviews(due)


def _end_due_reviews(due) -> None:
    due.filter(complete=True, inventory_total__gt=0).update(status=AVAILABLE, sub_status=[], review_due_at=None)
    due.filter(complete=False).update(status=MISSING, sub_status=F("missing"), review_due_at=None)
    due.filter(complete=True).update(review_due_at=None)


def apply_product(sku: Sku, body: dict, now: datetime) -> None:
    """Validates and stores a MerchantSKU body on a (new or existing) SKU row; raises BadRequest."""
    check = rules.check_product(body)
    sku.data, sku.has_data, sku.data_missing, sku.sku_last_update = body, True, check.missing, now
    reassess(sku, now, new_data=True)


def apply_price(sku: Sku, body: dict, nodes: set[str], now: datetime, *, check=rules.check_price) -> None:
    price, node_prices = check(body, nodes)
    sku.price, sku.price_nodes, sku.price_last_update = price, node_prices, now
    reassess(sku, now)


_stamp = lru_cache(maxsize=16)(jet_utc)  # a bulk file stamps all its entries with one moment


def apply_inventory(sku: Sku, body: dict, nodes: set[str], now: datetime, *, replace: bool,
                    check=rules.check_inventory) -> None:
    """PATCH merges the listed nodes; the pre-2018 PUT replaces the set (unlisted nodes drop to 0)."""
    quantities = check(body, nodes)
    stamp = _stamp(now)
    current = {} if replace else {e["fulfillment_node_id"]: e for e in sku.inventory}
    for node, quantity in quantities.items():
        current[node] = {"fulfillment_node_id": node, "quantity": quantity, "inventory_last_update": stamp}
    sku.inventory = list(current.values())
    sku.inventory_total = sum(e["quantity"] for e in sku.inventory)
    sku.inventory_last_update = now
    reassess(sku, now)


def apply_archive(sku: Sku, body: dict, now: datetime) -> None:
    sku.is_archived = rules.check_archive(body)
    if not sku.is_archived and sku.status == ARCHIVED:
        sku.status = MISSING
    reassess(sku, now)


def apply_image(sku: Sku, body: dict, now: datetime) -> None:
    images = rules.check_image(body)
    data = dict(sku.data)
    data.update(images)
    sku.data, sku.sku_last_update = data, now
    sku.data_missing = [s for s in sku.data_missing if s != "Missing image"]
    reassess(sku, now)


def delete_images(sku: Sku, body: dict, now: datetime) -> None:
    """Drops the named images (all alternates when the body names none)."""
    data = dict(sku.data)
    slots = {a.get("image_slot_id") for a in body.get("alternate_images", []) if isinstance(a, dict)}
    if body.get("main_image_url") and body.get("main_image_url") == data.get("main_image_url"):
        data.pop("main_image_url")
        sku.data_missing = [*sku.data_missing, "Missing image"]
    if body.get("swatch_image_url") and body.get("swatch_image_url") == data.get("swatch_image_url"):
        data.pop("swatch_image_url")
    if "alternate_images" in data:
        kept = [a for a in data["alternate_images"] if slots and a.get("image_slot_id") not in slots]
        data["alternate_images"] = kept
    sku.data, sku.sku_last_update = data, now
    reassess(sku, now)


def _stored_children(merchant: Merchant, names: list[str]) -> dict[str, Sku]:
    return {s.merchant_sku: s for s in Sku.objects.filter(merchant=merchant, merchant_sku__in=names)}


def apply_variation(merchant: Merchant, parent: Sku, body: dict,
                    find_children: Callable[[list[str]], dict[str, Sku]] | None = None) -> None:
    """Jet's group rules: children uploaded, one brand, each child carrying the refinement attributes.
    `find_children` (names → stored SKUs by name) lets bulk files read a batch's children at once."""
    refinements, children = rules.check_variation_shape(body)
    if not parent.has_data:
        raise BadRequest(m.VARIATION_PARENT_NO_DATA.format(sku=parent.merchant_sku))
    found = (find_children or partial(_stored_children, merchant))(children)
    errors = []
    parent_brand = parent.data.get("brand")
    for child in children:
        row = found.get(child)
        if row is None or not row.has_data:
            errors.append(m.VARIATION_CHILD_UNKNOWN.format(sku=child))
            continue
        if row.data.get("brand") != parent_brand:
            errors.append(m.VARIATION_BRAND.format(sku=child, brand=row.data.get("brand"), parent_brand=parent_brand))
        carried = {a.get("attribute_id") for a in row.data.get("attributes_node_specific") or [] if isinstance(a, dict)}
        errors.extend(m.VARIATION_REFINEMENT.format(sku=child, attribute=a) for a in refinements if a not in carried)
    if errors:
        raise BadRequest(*errors)
    parent.variation = {
        "relationship": body.get("relationship", "Variation"), "variation_refinements": refinements,
        "children_skus": children, "group_title": body.get("group_title", ""),
    }


def _jet_style(value):
    """A date-time as Jet answers it (UTC, 7 digits); a value stored before the format was checked, as stored."""
    try:
        return jet_utc(parse_jet_datetime(value))
    except (TypeError, ValueError):
        return value


def sku_json(sku: Sku) -> dict:
    data = dict(sku.data)
    if isinstance(data.get("start_selling_date"), str):
        data["start_selling_date"] = _jet_style(data["start_selling_date"])
    data.update({
        "merchant_sku": sku.merchant_sku,
        "merchant_sku_id": sku.merchant_sku_id,
        "status": sku.status,
        "sub_status": list(sku.sub_status),
        "sku_last_update": jet_utc(sku.sku_last_update),
        "is_archived": sku.is_archived,
        "inventory_by_fulfillment_node": [
            {"fulfillment_node_id": e["fulfillment_node_id"], "quantity": e["quantity"]} for e in sku.inventory],
        "inventory_last_update": jet_utc(sku.inventory_last_update),
    })
    data["correlation_id"] = correlation_id(sku.merchant_sku_id)
    if sku.status == AVAILABLE:
        data["jet_retail_sku"] = sku.merchant_sku_id[:16]
        data["producer_id"] = sku.merchant.merchant_id
    if sku.price is not None:
        data["price"] = money(sku.price)
        data["price_last_update"] = jet_utc(sku.price_last_update)
    return data


def correlation_id(merchant_sku_id: str) -> str:
    """Jet's internal id of the SKU's record (§2.5 lists it; its meaning is unrecorded) [G]: 32 hex digits,
    stable for the SKU."""
    return hashlib.sha256(f"correlation:{merchant_sku_id}".encode()).hexdigest()[:32]


def price_json(sku: Sku) -> dict:
    if sku.price is None:
        raise NotFound(m.SKU_NOT_FOUND.format(sku=sku.merchant_sku) + " with a price")
    return {"price": money(sku.price), "fulfillment_nodes": list(sku.price_nodes),
            "price_last_update": jet_utc(sku.price_last_update)}


def inventory_json(sku: Sku) -> dict:
    return {"fulfillment_nodes": list(sku.inventory), "inventory_last_update": jet_utc(sku.inventory_last_update)}


def sku_url(merchant_sku: str) -> str:
    return "merchant-skus/" + quote(merchant_sku, safe="")


def listing_status(text: str) -> str:
    found = match_folded(text, ProductStatus) or PRODUCT_STATUS_SPELLINGS.get(" ".join(text.split()).casefold())
    if found is None:
        raise BadRequest(m.STATUS_UNKNOWN.format(status=text, kind="product", choices=", ".join(ProductStatus)))
    return str(found)

