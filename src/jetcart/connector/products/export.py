"""Builds Jet data from store products: merchant SKUs (simple, or configurable parent + children), their
price and inventory, the variation relationship, and the problems that keep a product from being sent."""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Any

import orjson

from jetcart.connector.mapping.fields import FieldMappingRow, resolve_product_fields, sent_field_mappings
from jetcart.connector.mapping.product_attributes import PLAIN_FIELDS
from jetcart.connector.models import (
    CategoryMapping,
    JetCategory,
    JetConfiguration,
    JetListing,
    ListingKind,
    OptionMapping,
    OptionValueMapping,
    ProductAttributeValue,
    ProductJetData,
)
from jetcart.connector.models.listings import combination_key
from jetcart.connector.products.merchant_skus import child_sku, product_sku
from jetcart.connector.products.offers import (
    OfferRules,
    body_hash,
    inventory_body,
    jet_inventory,
    jet_price,
    price_body,
)
from jetcart.jet.encoding import json_default
from jetcart.jet.errors import JetValidationError
from jetcart.jet.models import MerchantSku, listing_gaps
from jetcart.store.models import Product, VariantCandidate

# Fields of ProductJetData that override the field mapping, by Jet field name (the product's Jet attributes page
# lists them: product_attributes.PLAIN_FIELDS).
_OVERRIDE_FIELDS = {("ASIN" if name == "asin" else name): name for name in PLAIN_FIELDS}
# Identifiers that belong to one SKU only: a child never inherits them from its parent product.
_UNIQUE_FIELDS = ("standard_product_codes", "ASIN", "mfr_part_number")
# Gaps Jet would list the SKU under "Missing Listing Data" for; jetcart refuses to send such a product.
_BLOCKING_GAPS = {
    "Missing title": "product_title", "Missing category": "jet_browse_node_id", "Missing brand": "brand",
    "Missing image": "main_image_url", "Missing shipping weight": "shipping_weight_pounds",
}


@dataclass(frozen=True)
class ProductProblem:
    """One reason a product (or one of its SKUs) is not sent; `field` names the Jet field."""

    field: str
    message: str
    merchant_sku: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message, "merchant_sku": self.merchant_sku}

    def __str__(self) -> str:
        where = f"{self.merchant_sku} " if self.merchant_sku else ""
        return f"{where}{self.field}: {self.message}" if self.field else f"{where}{self.message}"


@dataclass
class SkuExport:
    """One merchant SKU of a product, ready for the MerchantSKUs, Price and Inventory files."""

    merchant_sku: str
    kind: str
    product_id: int
    body: dict[str, Any]
    price: Decimal
    inventory: int
    node_id: str
    option_value_ids: list[int] = field(default_factory=list)
    parent_sku: str | None = None

    @property
    def price_body(self) -> dict:
        return price_body(self.price, self.node_id)

    @property
    def inventory_body(self) -> dict:
        return inventory_body(self.inventory, self.node_id)

    @property
    def price_hash(self) -> str:
        return body_hash(self.price_body)

    @property
    def inventory_hash(self) -> str:
        return body_hash(self.inventory_body)

    @cached_property
    def encoded_body(self) -> bytes:
        """The body as the MerchantSKUs file carries it: JSON with sorted keys, the bytes sku_hash hashes."""
        return orjson.dumps(self.body, default=json_default, option=orjson.OPT_SORT_KEYS)

    @property
    def sku_hash(self) -> str:
        """body_hash of the body (its JSON types: a validated body has no Decimal left), from the file's bytes."""
        return hashlib.sha1(self.encoded_body, usedforsecurity=False).hexdigest()


@dataclass
class ProductExport:
    """Everything Jet gets for one store product, or the problems that stop it."""

    product_id: int
    name: str
    skus: list[SkuExport] = field(default_factory=list)
    variation: dict[str, Any] | None = None  # the Variation body, keyed on Jet by the parent SKU
    problems: list[ProductProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def parent_sku(self) -> str | None:
        return next((s.merchant_sku for s in self.skus if s.kind == ListingKind.PARENT), None)


@dataclass
class VariantAxis:
    """A store option mapped to a Jet variant attribute, with the Jet value of each mapped option value."""

    attribute_id: int
    values: dict[int, str]  # option_value_id → Jet value


@dataclass
class ExportContext:
    """What the export reads once per run: configuration, mappings, and per-batch product data."""

    rules: OfferRules
    node_id: str
    image_base_url: str
    mappings: list[FieldMappingRow]
    category_of_store_category: dict[int, int]  # store category id → Jet node id
    categories: dict[int, JetCategory]
    axes: dict[int, VariantAxis]  # option_id → axis
    jet_data: dict[int, ProductJetData] = field(default_factory=dict)
    attributes: dict[int, list[dict]] = field(default_factory=dict)
    listings: dict[int, list[JetListing]] = field(default_factory=dict)

    @classmethod
    def load(cls, *, image_base_url: str = "") -> ExportContext:
        config = JetConfiguration.load()
        mapped = dict(CategoryMapping.objects.values_list("store_category_id", "jet_category_id"))
        categories = {c.jet_node_id: c for c in JetCategory.objects.filter(jet_node_id__in=set(mapped.values()))}
        axes: dict[int, VariantAxis] = {}
        attribute_of = {}
        for mapping in OptionMapping.objects.select_related("jet_attribute"):
            if mapping.jet_attribute is not None and mapping.jet_attribute.variant:
                axes[mapping.store_option_id] = VariantAxis(mapping.jet_attribute_id, {})
                attribute_of[mapping.pk] = mapping.store_option_id
        for value in OptionValueMapping.objects.filter(option_mapping_id__in=list(attribute_of)):
            axes[attribute_of[value.option_mapping_id]].values[value.store_option_value_id] = value.jet_value
        return cls(
            rules=OfferRules.from_configuration(config), node_id=config.fulfillment_node_id,
            image_base_url=image_base_url, mappings=sent_field_mappings(), category_of_store_category=mapped,
            categories=categories, axes=axes,
        )

    def prepare(self, product_ids: Iterable[int]) -> None:
        """Loads the per-product rows (Jet data, attribute values, listings) of one batch in a few queries."""
        ids = list(product_ids)
        self.jet_data = {d.product_id: d for d in ProductJetData.objects.filter(product_id__in=ids)}
        extra_categories = {d.jet_category_id for d in self.jet_data.values() if d.jet_category_id} - set(self.categories)
        if extra_categories:
            self.categories.update({c.jet_node_id: c for c in JetCategory.objects.filter(jet_node_id__in=extra_categories)})
        self.attributes = {}
        by_data_id = {d.pk: d.product_id for d in self.jet_data.values()}
        for value in ProductAttributeValue.objects.filter(product_id__in=list(by_data_id)):
            entry = {"attribute_id": int(value.attribute_id), "attribute_value": value.value}
            if value.unit:
                entry["attribute_value_unit"] = value.unit
            self.attributes.setdefault(by_data_id[value.product_id], []).append(entry)
        self.listings = {}
        for listing in JetListing.objects.filter(product_id__in=ids):
            self.listings.setdefault(listing.product_id, []).append(listing)


def _overrides(data: ProductJetData | None) -> dict[str, Any]:
    if data is None:
        return {}
    values = {}
    for jet_name, attr in _OVERRIDE_FIELDS.items():
        value = getattr(data, attr)
        if value not in (None, "", []):
            values[jet_name] = value
    return values


def _jet_category(product: Product, ctx: ExportContext) -> tuple[JetCategory | None, str]:
    data = ctx.jet_data.get(product.product_id)
    node_id = data.jet_category_id if data is not None and data.jet_category_id else None
    if node_id is None:
        node_id = next((ctx.category_of_store_category[c] for c in product.category_ids
                        if c in ctx.category_of_store_category), None)
    if node_id is None:
        return None, "the product is in no store category mapped to a Jet category (Category Mapping)"
    category = ctx.categories.get(node_id)
    if category is None:
        return None, f"Jet category {node_id} is not in the imported taxonomy"
    return category, category.browse_node_problem


def _image_url(path: str, base: str) -> str:
    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return f"{base.rstrip('/')}/image/{path.lstrip('/')}" if base else ""


def _validated(body: dict[str, Any], merchant_sku: str, problems: list[ProductProblem]) -> dict[str, Any]:
    """The body in Jet's JSON types, or the original with problems appended for each broken rule."""
    for gap in listing_gaps(body):
        if gap in _BLOCKING_GAPS:
            problems.append(ProductProblem(_BLOCKING_GAPS[gap], gap.replace("Missing ", "missing ")
                                           + " (Jet keeps the SKU in Missing Listing Data)", merchant_sku))
    try:
        return MerchantSku.parse_json(body)
    except JetValidationError as exc:
        problems.extend(ProductProblem(p.path, p.message, merchant_sku) for p in exc.problems)
        return body


# What a configurable child has of its own; the rest of its body is its parent's, already validated.
_CHILD_FIELDS = ("product_title", "brand", "mfr_part_number", "standard_product_codes", "ASIN",
                 "attributes_node_specific")


def _validated_child(body: dict[str, Any], shared: dict[str, Any] | None, merchant_sku: str,
                     problems: list[ProductProblem]) -> dict[str, Any]:
    """A child's body in Jet's JSON types. When its parent passed (`shared` = the parent's validated body
    without its unique fields), only the child's own fields are validated (brand rides along for the
    identifier rule); the result equals a validation of the whole body."""
    if shared is not None:
        try:
            own = MerchantSku.parse_json({k: body[k] for k in _CHILD_FIELDS if k in body})
        except JetValidationError:
            pass  # reported below on the whole body, as without the shortcut
        else:
            return {**shared, **own}
    return _validated(body, merchant_sku, problems)


def _listing_for(ctx: ExportContext, product_id: int, key: str) -> JetListing | None:
    return next((li for li in ctx.listings.get(product_id, []) if li.combination_key == key), None)


def _base_body(product: Product, ctx: ExportContext, problems: list[ProductProblem]) -> dict[str, Any]:
    data = ctx.jet_data.get(product.product_id)
    try:
        body = resolve_product_fields(product, mappings=ctx.mappings, overrides=_overrides(data))
    except ValueError as exc:  # a store unit that cannot be converted, a bad number
        problems.append(ProductProblem("", str(exc)))
        body = {}
    category, category_problem = _jet_category(product, ctx)
    if category_problem:
        problems.append(ProductProblem("jet_browse_node_id", category_problem))
    if category is not None:
        body["jet_browse_node_id"] = int(category.jet_node_id)
    image = _image_url(product.image, ctx.image_base_url)
    if image:
        body["main_image_url"] = image
    elif product.image:
        problems.append(ProductProblem("main_image_url", "the store's web address is unknown, so the image has no "
                                       "URL: set JETCART_STORE_WEB_URL (e.g. https://shop.example.com/)"))
    alternates = [_image_url(p, ctx.image_base_url) for p in product.images[:8]]
    alternates = [u for u in alternates if u]
    if alternates:
        body["alternate_images"] = [{"image_slot_id": i, "image_url": u} for i, u in enumerate(alternates, 1)]
    attributes = ctx.attributes.get(product.product_id)
    if attributes:
        body["attributes_node_specific"] = list(attributes)
    return body


def _combinations(product: Product, ctx: ExportContext) -> list[VariantCandidate]:
    """The product's option combinations along its mapped variant options (values without a Jet value dropped)."""
    options = []
    for option in product.options:
        axis = ctx.axes.get(option.option_id)
        if axis is None:
            continue
        values = tuple(v for v in option.values if v.option_value_id in axis.values)
        if values:
            options.append(replace(option, values=values))
    if not options:
        return []
    combos = itertools.product(*[[(o, v) for v in o.values] for o in options])
    return [VariantCandidate(product.product_id, tuple(combo)) for combo in combos]


def export_product(product: Product, ctx: ExportContext) -> ProductExport:
    """The Jet data of one store product (call `ctx.prepare` for its batch first)."""
    result = _export(product, ctx)
    seen: set[tuple[str, str]] = set()
    unique = []
    for problem in result.problems:  # a gap of the product shows once, not once per child
        if (problem.field, problem.message) not in seen:
            seen.add((problem.field, problem.message))
            unique.append(problem)
    result.problems = unique
    return result


def _export(product: Product, ctx: ExportContext) -> ProductExport:
    result = ProductExport(product.product_id, product.name)
    problems = result.problems
    if not ctx.node_id:
        problems.append(ProductProblem("fulfillment_node_id", "set the fulfillment node in the configuration"))
    base = _base_body(product, ctx, problems)
    price = jet_price(ctx.rules, product.price, product.special_price)
    if price <= 0:
        problems.append(ProductProblem("price", "the store price is 0; Jet needs a price above 0"))
    combinations = _combinations(product, ctx)
    own = _listing_for(ctx, product.product_id, "")
    parent_sku = own.merchant_sku if own is not None else product_sku(product.product_id)
    if not combinations:
        inventory = jet_inventory(ctx.rules, product.quantity, enabled=product.status)
        body = _validated(base, parent_sku, problems)
        result.skus.append(SkuExport(parent_sku, ListingKind.SIMPLE, product.product_id, body, price, inventory,
                                     ctx.node_id))
        return result
    problems_before = len(problems)
    parent_body = _validated(dict(base), parent_sku, problems)
    shared_json = ({k: v for k, v in parent_body.items() if k not in _UNIQUE_FIELDS}
                   if len(problems) == problems_before else None)
    result.skus.append(SkuExport(parent_sku, ListingKind.PARENT, product.product_id, parent_body, price, 0,
                                 ctx.node_id))
    shared = {k: v for k, v in base.items() if k not in _UNIQUE_FIELDS}
    refinements: list[int] = []
    for combination in combinations:
        option_value_ids = [v.product_option_value_id for _, v in combination.values]
        key = combination_key(option_value_ids)
        listing = _listing_for(ctx, product.product_id, key)
        sku = listing.merchant_sku if listing is not None else child_sku(product.product_id, option_value_ids)
        body = dict(shared)
        body["mfr_part_number"] = (listing.mfr_part_number if listing is not None and listing.mfr_part_number
                                   else sku)
        codes = []
        if listing is not None and listing.upc:
            codes.append({"standard_product_code": listing.upc, "standard_product_code_type": "UPC"})
        if listing is not None and listing.ean:
            codes.append({"standard_product_code": listing.ean, "standard_product_code_type": "EAN"})
        if codes:
            body["standard_product_codes"] = codes
        if listing is not None and listing.asin:
            body["ASIN"] = listing.asin
        attributes = [a for a in body.get("attributes_node_specific", [])]
        for option, value in combination.values:
            axis = ctx.axes[option.option_id]
            attributes = [a for a in attributes if a["attribute_id"] != axis.attribute_id]
            attributes.append({"attribute_id": int(axis.attribute_id), "attribute_value": axis.values[value.option_value_id]})
            if int(axis.attribute_id) not in refinements:
                refinements.append(int(axis.attribute_id))
        body["attributes_node_specific"] = attributes
        if "product_title" in body:
            labels = ", ".join(combination.labels.values())
            body["product_title"] = f"{body['product_title']} ({labels})"[:500]
        body = _validated_child(body, shared_json, sku, problems)
        child_price = jet_price(ctx.rules, product.price + combination.price_delta,
                                None if product.special_price is None else product.special_price + combination.price_delta)
        inventory = jet_inventory(ctx.rules, combination.quantity(product.quantity), enabled=product.status)
        result.skus.append(SkuExport(sku, ListingKind.CHILD, product.product_id, body, child_price, inventory,
                                     ctx.node_id, option_value_ids=option_value_ids, parent_sku=parent_sku))
    result.variation = {
        "relationship": "Variation", "variation_refinements": refinements,
        "children_skus": [s.merchant_sku for s in result.skus if s.kind == ListingKind.CHILD],
        "group_title": (base.get("product_title") or product.name)[:500],
    }
    return result


@dataclass(frozen=True)
class Offer:
    """The price and inventory a listing should have on Jet now (None when the store no longer has it)."""

    price: Decimal
    inventory: int


def current_offers(product: Product, listings: Iterable[JetListing], rules: OfferRules) -> dict[str, Offer | None]:
    """Price and inventory for each listing of a product, from the store's values read just now. A child
    whose option values the product no longer has maps to None (left alone, never zeroed)."""
    values = {v.product_option_value_id: v for o in product.options for v in o.values}
    offers: dict[str, Offer | None] = {}
    for listing in listings:
        if listing.kind == ListingKind.SIMPLE:
            offers[listing.merchant_sku] = Offer(
                jet_price(rules, product.price, product.special_price),
                jet_inventory(rules, product.quantity, enabled=product.status))
        elif listing.kind == ListingKind.PARENT:
            offers[listing.merchant_sku] = Offer(jet_price(rules, product.price, product.special_price), 0)
        else:
            chosen = [values.get(int(i)) for i in listing.option_value_ids]
            if not chosen or any(v is None for v in chosen):
                offers[listing.merchant_sku] = None
                continue
            delta = sum((v.price_delta for v in chosen), Decimal(0))
            tracked = [v.quantity for v in chosen if v.subtract]
            quantity = min([product.quantity, *tracked]) if tracked else product.quantity
            special = None if product.special_price is None else product.special_price + delta
            offers[listing.merchant_sku] = Offer(jet_price(rules, product.price + delta, special),
                                                 jet_inventory(rules, quantity, enabled=product.status))
    return offers
