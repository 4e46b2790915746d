"""Jet's rules for the single-SKU bodies; bulk files reuse them per SKU.

The field rules are the jet package's request models (`jetcart.jet.models`, one statement of Jet's
rules); their problems become Jet-style messages `"<field path>: <message>"`. Unknown fields are
ignored and kept, as Jet's ASP.NET API ignored unknown JSON properties [G]. On top the sandbox checks
what only Jet's side knows: the taxonomy (node ids, attribute ids, values and units) and the
merchant's own fulfillment nodes and return locations. Absent listing data is not an error: it
becomes the SKU's "Missing Listing Data" sub-statuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from jetcart.jet.models import (
    ArchiveUpdate,
    ImageUpdate,
    InventoryUpdate,
    MerchantSku,
    PriceUpdate,
    ReturnsExceptionUpdate,
    ShippingExceptionUpdate,
    VariationUpdate,
    listing_gaps,
)
from jetcart.jet.models.vocabulary import match_folded
from jetcart.sandbox import messages as m
from jetcart.sandbox.bodies import fail_if, jet_problems
from jetcart.sandbox.taxonomy.store import taxonomy


def _attribute_problems(body: dict) -> list[str]:
    errors = []
    entries = body.get("attributes_node_specific")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if not isinstance(entry, dict) or not isinstance(entry.get("attribute_id"), int):
            continue
        path, attribute_id = f"attributes_node_specific[{index}]", entry["attribute_id"]
        attribute = taxonomy().attributes.get(attribute_id)
        if attribute is None:
            errors.append(m.ATTRIBUTE_UNKNOWN.format(field=f"{path}.attribute_id", attribute=attribute_id))
            continue
        value, unit = entry.get("attribute_value"), entry.get("attribute_value_unit")
        if not isinstance(value, str):
            continue
        if attribute["free_text"] == 0 and attribute["values"]:
            if value.casefold() not in taxonomy().value_sets[attribute_id]:
                errors.append(m.ATTRIBUTE_VALUE.format(field=f"{path}.attribute_value", value=value,
                                                       attribute=attribute_id))
        elif attribute["free_text"] == 2 and attribute["units"]:
            try:
                Decimal(value.strip())
            except ArithmeticError:
                errors.append(m.ATTRIBUTE_NUMBER.format(field=f"{path}.attribute_value", value=value,
                                                        attribute=attribute_id))
            if unit is None:
                errors.append(m.REQUIRED.format(field=f"{path}.attribute_value_unit"))
        if unit is not None and attribute["units"] and (
                not isinstance(unit, str) or match_folded(unit, attribute["units"]) is None):
            errors.append(m.ATTRIBUTE_UNIT.format(field=f"{path}.attribute_value_unit", unit=unit,
                                                  attribute=attribute_id))
    return errors


@dataclass(frozen=True)
class ProductCheck:
    missing: list[str]


def check_product(body: Any) -> ProductCheck:
    """Validates a MerchantSKU body; returns what is missing for listing, raises BadRequest on errors."""
    errors = jet_problems(MerchantSku, body)
    if not isinstance(body, dict):
        fail_if(errors)
    node_id = body.get("jet_browse_node_id")
    leaf = True
    if isinstance(node_id, int) and not isinstance(node_id, bool):
        if node_id not in taxonomy().nodes:
            errors.append(m.NODE_UNKNOWN.format(node=node_id))
        leaf = taxonomy().is_leaf(node_id)
    errors.extend(_attribute_problems(body))
    fail_if(errors)
    missing = listing_gaps(body, has_price=True)
    if node_id is not None and not leaf:
        missing.append("Invalid category")
    if body.get("multipack_quantity") is None:
        missing.append("Incorrect multipack quantity")
    return ProductCheck(missing)


def _node_problems(body: dict, node_ids: set[str]) -> list[str]:
    errors = []
    entries = body.get("fulfillment_nodes")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        node = entry.get("fulfillment_node_id") if isinstance(entry, dict) else None
        if isinstance(node, str) and node not in node_ids:
            errors.append(m.NODE_NOT_MERCHANTS.format(field=f"fulfillment_nodes[{index}].fulfillment_node_id",
                                                      node=node))
    return errors


def check_image(body: Any) -> dict:
    fail_if(jet_problems(ImageUpdate, body))
    return {k: body[k] for k in ("main_image_url", "swatch_image_url", "alternate_images") if k in body}


def check_price(body: Any, node_ids: set[str]) -> tuple[Decimal, list[dict]]:
    errors = jet_problems(PriceUpdate, body)
    if isinstance(body, dict):
        errors.extend(_node_problems(body, node_ids))
    fail_if(errors)
    nodes = [{"fulfillment_node_id": e["fulfillment_node_id"], "fulfillment_node_price": e["fulfillment_node_price"]}
             for e in body.get("fulfillment_nodes") or []]
    return Decimal(str(body["price"])), nodes


def check_inventory(body: Any, node_ids: set[str]) -> dict[str, int]:
    errors = jet_problems(InventoryUpdate, body)
    if isinstance(body, dict):
        errors.extend(_node_problems(body, node_ids))
    fail_if(errors)
    return {e["fulfillment_node_id"]: e["quantity"] for e in body["fulfillment_nodes"]}


def check_archive(body: Any) -> bool:
    fail_if(jet_problems(ArchiveUpdate, body))
    return bool(body["is_archived"])


def check_shipping_exception(body: Any, node_ids: set[str]) -> dict:
    errors = jet_problems(ShippingExceptionUpdate, body)
    if isinstance(body, dict):
        errors.extend(_node_problems(body, node_ids))
    fail_if(errors)
    return body


def check_returns_exception(body: Any, location_ids: set[str]) -> dict:
    errors = jet_problems(ReturnsExceptionUpdate, body)
    if isinstance(body, dict):
        for location in body.get("return_location_ids") or []:
            if isinstance(location, str) and location not in location_ids:
                errors.append(m.RETURN_LOCATION_UNKNOWN.format(location=location))
    fail_if(errors)
    return body


def check_variation_shape(body: Any) -> tuple[list[int], list[str]]:
    errors = jet_problems(VariationUpdate, body)
    if isinstance(body, dict):
        for index, attribute in enumerate(body.get("variation_refinements") or []):
            if isinstance(attribute, int) and attribute not in taxonomy().attributes:
                errors.append(m.ATTRIBUTE_UNKNOWN.format(field=f"variation_refinements[{index}]", attribute=attribute))
    fail_if(errors)
    children = [c.get("merchant_sku") if isinstance(c, dict) else c for c in body["children_skus"]]
    return list(body["variation_refinements"]), children
