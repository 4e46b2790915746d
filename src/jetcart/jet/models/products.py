"""Merchant SKU models (jet-api.md §2): the product body with Jet's rules, and price, inventory, image,
archive, variation, shipping/returns exceptions and sales data, as requests and tolerant responses."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AliasChoices,
    Field,
    StrictBool,
    StrictStr,
    ValidationInfo,
    field_validator,
    model_validator,
)

from jetcart.jet.errors import Problem
from jetcart.jet.identifiers import ProductCodeType, is_valid_asin, product_code_problem
from jetcart.jet.models.base import (
    Dimension,
    JetBool,
    JetDateTime,
    JetObject,
    JetRequest,
    LenientDateTime,
    Money,
    NonNegativeInt,
    Number,
    ResponseNumber,
    Rule,
    StrictInt,
    strict_mode,
)
from jetcart.jet.models.fields import AbsoluteUrl, NodeId, Text, one_of, whole_digits
from jetcart.jet.models.vocabulary import (
    CPSIA_STATEMENTS,
    NO_WARNING_APPLICABLE,
    SERVICE_LEVELS,
    SHIPPING_METHODS,
    TAX_CODES,
)

__all__ = [
    "AlternateImage",
    "ArchiveUpdate",
    "ImageUpdate",
    "InventoryUpdate",
    "MerchantSku",
    "NodeAttribute",
    "NodeInventory",
    "NodePrice",
    "NodeShippingExceptions",
    "PortalSku",
    "PriceUpdate",
    "ReturnsExceptionUpdate",
    "ShippingException",
    "ShippingExceptionUpdate",
    "SkuInventory",
    "SkuPrice",
    "SkuReturnsException",
    "SkuSalesData",
    "SkuShippingExceptions",
    "SkuVariation",
    "StandardProductCode",
    "VariationUpdate",
    "listing_gaps",
]



class StandardProductCode(JetRequest):
    """One `standard_product_codes` entry; the code must match its type's length and check digit."""

    standard_product_code_type: ProductCodeType
    standard_product_code: StrictStr

    @field_validator("standard_product_code")
    @classmethod
    def _check_digit(cls, code: str, info: ValidationInfo) -> str:
        code_type = info.data.get("standard_product_code_type")
        if code_type is not None:
            problem = product_code_problem(code, code_type)
            if problem:
                raise ValueError(problem)
        return code


class NodeAttribute(JetRequest):
    """One `attributes_node_specific` entry."""

    attribute_id: StrictInt
    attribute_value: Text(1, 500)
    attribute_value_unit: Text(1, 100) | None = None


class AlternateImage(JetRequest):
    """An alternate image in slot 1–8."""

    image_slot_id: Annotated[StrictInt, Field(ge=1, le=8)]
    image_url: AbsoluteUrl


def _identifier_route(data: Mapping[str, Any]) -> Iterator[Problem]:
    codes = data.get("standard_product_codes")
    if codes:
        return
    if data.get("ASIN"):
        return
    if data.get("brand") and data.get("mfr_part_number"):
        return
    yield Problem(
        "standard_product_codes",
        "a product needs a standard product code (UPC, EAN, ISBN-10, ISBN-13, GTIN-14), an ASIN, "
        "or brand + mfr_part_number",
    )


def _map_price_needed(data: Mapping[str, Any]) -> Iterator[Problem]:
    if data.get("map_implementation") == "102" and data.get("map_price") is None:
        yield Problem("map_price", 'is required when map_implementation is "102"')


def _unique_image_slots(data: Mapping[str, Any]) -> Iterator[Problem]:
    images = data.get("alternate_images")
    if not isinstance(images, list):
        return
    seen: set[Any] = set()
    for index, image in enumerate(images):
        slot = image.get("image_slot_id") if isinstance(image, Mapping) else None
        if isinstance(slot, int) and slot in seen:
            yield Problem(f"alternate_images[{index}].image_slot_id", f"slot {slot} is used twice")
        seen.add(slot)


def _at_most(limit: int, field: str) -> Rule:
    """Count rule checked beside the items' own rules, so both kinds of problem are reported together."""

    def rule(data: Mapping[str, Any]) -> Iterator[Problem]:
        value = data.get(field)
        if isinstance(value, list) and len(value) > limit:
            yield Problem(field, f"must have at most {limit} entries")

    return rule


def _cpsia_alone(statements: list[str]) -> list[str]:
    if NO_WARNING_APPLICABLE in statements and len(statements) > 1:
        raise ValueError(f"'{NO_WARNING_APPLICABLE}' must be the only statement")
    return statements


class MerchantSku(JetRequest):
    """Body of `PUT /merchant-skus/{sku}` and a value of a MerchantSKUs bulk file (§2.2, limits §2.3).

    Every field is optional to Jet's PUT (a partial SKU waits in "Missing Listing Data", see
    `listing_gaps`), but a product must be identifiable: a standard product code, an ASIN,
    or brand + mfr_part_number.
    """

    rules: ClassVar[tuple[Rule, ...]] = (
        _identifier_route,
        _map_price_needed,
        _unique_image_slots,
        _at_most(5, "bullets"),
    )
    rules_read_json: ClassVar[bool] = True  # strings, lists, slot ids and presence only

    product_title: Text(5, 500) | None = None
    jet_browse_node_id: Annotated[StrictInt, Field(ge=1)] | None = None
    standard_product_codes: Annotated[list[StandardProductCode], Field(min_length=1)] | None = None
    asin: StrictStr | None = Field(default=None, alias="ASIN")
    multipack_quantity: Annotated[StrictInt, Field(ge=1, le=128)] | None = None
    brand: Text(1, 100) | None = None
    manufacturer: Text(1, 100) | None = None
    mfr_part_number: Text(1, 50) | None = None
    product_description: Text(1, 2000) | None = None
    amazon_item_type_keyword: Text(1, 500) | None = None
    category_path: Text(1, 2000) | None = None
    bullets: list[Text(1, 500)] | None = None
    number_units_for_price_per_unit: Annotated[Number, Field(ge=0)] | None = None
    type_of_unit_for_price_per_unit: Text(1, 100) | None = None
    shipping_weight_pounds: Dimension | None = None
    package_length_inches: Dimension | None = None
    package_width_inches: Dimension | None = None
    package_height_inches: Dimension | None = None
    display_length_inches: Dimension | None = None
    display_width_inches: Dimension | None = None
    display_height_inches: Dimension | None = None
    prop_65: StrictBool | None = None
    legal_disclaimer_description: Text(1, 500) | None = None
    cpsia_cautionary_statements: (
        Annotated[
            list[Annotated[StrictStr, one_of(CPSIA_STATEMENTS, "CPSIA cautionary statements")]],
            Field(min_length=1),
        ]
        | None
    ) = None
    country_of_origin: Text(1, 50) | None = None
    safety_warning: Text(1, 2000) | None = None
    start_selling_date: JetDateTime | None = None
    fulfillment_time: Annotated[StrictInt, Field(ge=0)] | None = None
    msrp: Annotated[Money, whole_digits(18)] | None = None
    map_price: Annotated[Money, whole_digits(7)] | None = None
    map_implementation: Literal["101", "102", "103"] | None = None
    product_tax_code: Annotated[StrictStr, one_of(TAX_CODES, "product tax codes")] | None = None
    no_return_fee_adjustment: Annotated[Number, Field(ge=0, decimal_places=2), whole_digits(1)] | None = None
    exclude_from_fee_adjustments: StrictBool | None = None
    ships_alone: StrictBool | None = None
    attributes_node_specific: Annotated[list[NodeAttribute], Field(max_length=10)] | None = None
    main_image_url: AbsoluteUrl | None = None
    swatch_image_url: AbsoluteUrl | None = None
    alternate_images: Annotated[list[AlternateImage], Field(max_length=8)] | None = None
    fulfillment_nodes: list[dict[str, Any]] | None = None

    @field_validator("asin")
    @classmethod
    def _asin(cls, value: str) -> str:
        if not is_valid_asin(value):
            raise ValueError("an ASIN is exactly 10 letters or digits")
        return value

    @field_validator("cpsia_cautionary_statements")
    @classmethod
    def _cpsia(cls, value: list[str]) -> list[str]:
        return _cpsia_alone(value)

    def advisories(self) -> list[Problem]:
        """Soft limits from Jet's older help text that Jet's later code no longer enforced (§2.3)."""
        notes = []
        if self.brand is not None and len(self.brand) > 50:
            notes.append(Problem("brand", "longer than 50 characters (an older Jet limit)"))
        if self.manufacturer is not None and len(self.manufacturer) > 50:
            notes.append(Problem("manufacturer", "longer than 50 characters (an older Jet limit)"))
        if self.safety_warning is not None and len(self.safety_warning) > 500:
            notes.append(Problem("safety_warning", "longer than 500 characters (an older Jet limit)"))
        return notes


def listing_gaps(sku: Mapping[str, Any], *, has_price: bool = True) -> list[str]:
    """The product `sub_status` values Jet would show for a SKU body with missing listing data (§2.5)."""
    gaps = []
    if not sku.get("product_title"):
        gaps.append("Missing title")
    if sku.get("jet_browse_node_id") is None:
        gaps.append("Missing category")
    if not sku.get("brand"):
        gaps.append("Missing brand")
    if not sku.get("main_image_url"):
        gaps.append("Missing image")
    if sku.get("shipping_weight_pounds") is None:
        gaps.append("Missing shipping weight")
    if not has_price:
        gaps.append("Missing price")
    return gaps


# --- price, inventory, image, archive -------------------------------------------------------------


class NodePrice(JetRequest):
    """A per-node price override."""

    fulfillment_node_id: NodeId
    fulfillment_node_price: Money


def _unique_nodes(data: Mapping[str, Any]) -> Iterator[Problem]:
    nodes = data.get("fulfillment_nodes")
    if not isinstance(nodes, list):
        return
    seen: set[str] = set()
    for index, node in enumerate(nodes):
        node_id = node.get("fulfillment_node_id") if isinstance(node, Mapping) else None
        if isinstance(node_id, str):
            if node_id in seen:
                yield Problem(
                    f"fulfillment_nodes[{index}].fulfillment_node_id", f"node {node_id} is listed twice"
                )
            seen.add(node_id)


class PriceUpdate(JetRequest):
    """Body of `PUT /merchant-skus/{sku}/price` (§2.7)."""

    rules: ClassVar[tuple[Rule, ...]] = (_unique_nodes,)

    price: Money
    fulfillment_nodes: list[NodePrice] | None = None


class NodeInventory(JetRequest):
    """Quantity at one fulfillment node."""

    fulfillment_node_id: NodeId
    quantity: NonNegativeInt


class InventoryUpdate(JetRequest):
    """Body of `PATCH /merchant-skus/{sku}/inventory` (§2.8): only the listed nodes change."""

    rules: ClassVar[tuple[Rule, ...]] = (_unique_nodes,)

    fulfillment_nodes: Annotated[list[NodeInventory], Field(min_length=1)]


class ImageUpdate(JetRequest):
    """Body of `PUT /merchant-skus/{sku}/image` (§2.9)."""

    rules: ClassVar[tuple[Rule, ...]] = (_unique_image_slots,)

    main_image_url: AbsoluteUrl
    swatch_image_url: AbsoluteUrl | None = None
    alternate_images: Annotated[list[AlternateImage], Field(max_length=8)] | None = None


class ArchiveUpdate(JetRequest):
    """Body of `PUT /merchant-skus/{sku}/status/archive` (§2.10)."""

    is_archived: StrictBool


# --- variation ---------------------------------------------------------------------------------------


def _unique_children(data: Mapping[str, Any]) -> Iterator[Problem]:
    children = data.get("children_skus")
    if not isinstance(children, list):
        return
    seen: set[str] = set()
    for index, child in enumerate(children):
        if isinstance(child, str):
            if child in seen:
                yield Problem(f"children_skus[{index}]", f"{child} is listed twice")
            seen.add(child)


class VariationUpdate(JetRequest):
    """Body of `PUT /merchant-skus/{parent_sku}/variation` (§2.11)."""

    rules: ClassVar[tuple[Rule, ...]] = (_unique_children,)

    relationship: Literal["Variation", "Accessory"] = "Variation"
    variation_refinements: Annotated[list[StrictInt], Field(min_length=1)]
    children_skus: Annotated[list[Text(1, 200)], Field(min_length=1)]
    group_title: Text(1, 500) | None = None


# --- shipping and returns exceptions ------------------------------------------------------------------


class ShippingException(JetRequest):
    """One exception: a service level or a shipping method, restricted or exclusive, maybe with a charge."""

    service_level: Annotated[StrictStr, one_of(SERVICE_LEVELS, "service levels")] | None = None
    shipping_method: Annotated[StrictStr, one_of(SHIPPING_METHODS, "shipping methods")] | None = None
    override_type: Literal["Override charge", "Additional charge"] | None = None
    shipping_charge_amount: Money | None = None
    shipping_exception_type: Literal["exclusive", "restricted"]


class NodeShippingExceptions(JetRequest):
    """The exceptions at one fulfillment node."""

    fulfillment_node_id: NodeId
    shipping_exceptions: Annotated[list[ShippingException], Field(min_length=1)]


def _shipping_exception_pairs(data: Mapping[str, Any]) -> Iterator[Problem]:
    nodes = data.get("fulfillment_nodes")
    if not isinstance(nodes, list):
        return
    for n, node in enumerate(nodes):
        entries = node.get("shipping_exceptions") if isinstance(node, Mapping) else None
        if not isinstance(entries, list):
            continue
        for e, entry in enumerate(entries):
            if not isinstance(entry, Mapping):
                continue
            path = f"fulfillment_nodes[{n}].shipping_exceptions[{e}]"
            has_level = entry.get("service_level") is not None
            has_method = entry.get("shipping_method") is not None
            if has_level == has_method:
                yield Problem(path, "give either service_level or shipping_method (exactly one)")
            if entry.get("override_type") is not None and entry.get("shipping_charge_amount") is None:
                yield Problem(f"{path}.shipping_charge_amount", "is required when override_type is set")
            if entry.get("shipping_charge_amount") is not None and entry.get("override_type") is None:
                yield Problem(f"{path}.override_type", "is required when shipping_charge_amount is set")


class ShippingExceptionUpdate(JetRequest):
    """Body of `PUT /merchant-skus/{sku}/shippingexception` (§2.12)."""

    rules: ClassVar[tuple[Rule, ...]] = (_unique_nodes, _shipping_exception_pairs)

    fulfillment_nodes: Annotated[list[NodeShippingExceptions], Field(min_length=1)]


class ReturnsExceptionUpdate(JetRequest):
    """Body of `PUT /merchant-skus/{sku}/returnsexception` (§2.13)."""

    return_location_ids: Annotated[list[Text(1, 100)], Field(min_length=1)]
    time_to_return: Annotated[StrictInt, Field(ge=1, le=30)] | None = None
    return_shipping_methods: (
        list[Annotated[StrictStr, one_of(SHIPPING_METHODS, "shipping methods")]] | None
    ) = None


# --- responses ------------------------------------------------------------------------------------


class NodeQuantity(JetObject):
    fulfillment_node_id: str
    quantity: int = 0
    inventory_last_update: LenientDateTime | None = None


class NodePriceInfo(JetObject):
    fulfillment_node_id: str
    fulfillment_node_price: ResponseNumber | None = None


class SkuPrice(JetObject):
    """`GET /merchant-skus/{sku}/price`."""

    price: ResponseNumber | None = None
    fulfillment_nodes: list[NodePriceInfo] = Field(default_factory=list)
    price_last_update: LenientDateTime | None = None


class SkuInventory(JetObject):
    """`GET /merchant-skus/{sku}/inventory`; the update date may be top-level (pre-2018) or per node."""

    fulfillment_nodes: list[NodeQuantity] = Field(default_factory=list)
    inventory_last_update: LenientDateTime | None = None

    def quantity_at(self, node_id: str) -> int:
        return sum(node.quantity for node in self.fulfillment_nodes if node.fulfillment_node_id == node_id)


class SkuVariation(JetObject):
    """`GET /merchant-skus/{sku}/variation`; children as strings or `{"merchant_sku": …}` objects."""

    relationship: str | None = None
    variation_refinements: list[int] = Field(default_factory=list)
    children_skus: list[str] = Field(default_factory=list)
    group_title: str | None = None

    @field_validator("children_skus", mode="before")
    @classmethod
    def _children(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [item.get("merchant_sku") if isinstance(item, Mapping) else item for item in value]
        return value


class ShippingExceptionInfo(JetObject):
    service_level: str | None = None
    shipping_method: str | None = None
    override_type: str | None = None
    shipping_charge_amount: ResponseNumber | None = None
    shipping_exception_type: str | None = None


class NodeShippingExceptionInfo(JetObject):
    fulfillment_node_id: str
    shipping_exceptions: list[ShippingExceptionInfo] = Field(default_factory=list)


class SkuShippingExceptions(JetObject):
    """`GET /merchant-skus/{sku}/shippingexception`."""

    fulfillment_nodes: list[NodeShippingExceptionInfo] = Field(default_factory=list)


class SkuReturnsException(JetObject):
    """`GET /merchant-skus/{sku}/returnsexception`."""

    time_to_return: int | None = None
    return_location_ids: list[str] = Field(default_factory=list)
    return_shipping_methods: list[str] = Field(default_factory=list)


class SalesRank(JetObject):
    level_0: int | None = Field(default=None, validation_alias=AliasChoices("level_0", "level0"))
    last_update: LenientDateTime | None = None


class UnitsSold(JetObject):
    last_30_days: int | None = None
    last_update: LenientDateTime | None = None


class Offer(JetObject):
    shipping_method: str | None = None
    item_price: ResponseNumber | None = None
    shipping_price: ResponseNumber | None = None
    last_update: LenientDateTime | None = None


class SkuSalesData(JetObject):
    """`GET /merchant-skus/{sku}/salesdata` (§2.14)."""

    sales_rank: SalesRank | None = None
    units_sold: UnitsSold | None = None
    my_best_offer: list[Offer] = Field(default_factory=list)
    best_marketplace_offer: list[Offer] = Field(default_factory=list)


class PortalSku(JetObject):
    """A row of the portal's SKU list (`GET /portal/merchantskus`): status, price and total inventory at once."""

    merchant_sku: str
    status: str | None = None
    sub_status: list[str] = Field(default_factory=list)
    price: ResponseNumber | None = None
    inventory: int | None = None
    is_archived: JetBool | None = None

    @field_validator("sub_status", mode="before")
    @classmethod
    def _sub_status(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value


class SkuCodeInfo(JetObject):
    standard_product_code: str | None = None
    standard_product_code_type: str | None = None


class SkuDetail(JetObject):
    """`GET /merchant-skus/{sku}`: the submitted fields (kept as sent, extras allowed) plus Jet's status."""

    merchant_sku: str | None = None
    merchant_sku_id: str | None = None
    status: str | None = None
    sub_status: list[str] = Field(default_factory=list)
    jet_retail_sku: str | None = None
    product_title: str | None = None
    jet_browse_node_id: int | None = None
    brand: str | None = None
    standard_product_codes: list[SkuCodeInfo] = Field(default_factory=list)
    sku_last_update: LenientDateTime | None = None
    price: ResponseNumber | None = None
    price_last_update: LenientDateTime | None = None
    inventory_by_fulfillment_node: list[NodeQuantity] = Field(default_factory=list)
    inventory_last_update: LenientDateTime | None = None
    is_archived: JetBool | None = None
    start_selling_date: LenientDateTime | None = None
    producer_id: str | None = None
    correlation_id: str | None = None

    @model_validator(mode="after")
    def _strict_extras(self) -> SkuDetail:
        # the submitted product fields come back as sent: in strict mode only truly unknown keys fail
        if strict_mode() and self.model_extra:
            unknown = set(self.model_extra) - _MERCHANT_SKU_KEYS
            if unknown:
                raise ValueError(f"undeclared fields {sorted(unknown)}")
        return self

    @field_validator("sub_status", mode="before")
    @classmethod
    def _sub_status(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        return value


_MERCHANT_SKU_KEYS = frozenset(field.alias or name for name, field in MerchantSku.model_fields.items())
