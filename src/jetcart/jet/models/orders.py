"""Order models (jet-api.md §4): acknowledge and ship/cancel bodies with Jet's rules, tolerant order objects."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar

from pydantic import AliasChoices, Discriminator, Field, StrictBool, StrictStr, Tag, field_validator

from jetcart.jet.errors import Problem
from jetcart.jet.models.base import (
    JetBool,
    JetDateTime,
    JetObject,
    JetRequest,
    LenientDateTime,
    NonNegativeInt,
    ResponseNumber,
    Rule,
)
from jetcart.jet.models.fields import Text, one_of
from jetcart.jet.models.vocabulary import CARRIERS, AckStatus, ItemAckStatus
from jetcart.jet.timestamps import parse_wire_datetime

__all__ = [
    "Acknowledgement",
    "Address",
    "DatedShipNotice",
    "ItemAcknowledgement",
    "Order",
    "OrderGeneration",
    "OrderItem",
    "OrderTag",
    "RedirectNotification",
    "Shipment",
    "ShipmentItem",
    "ShipNotice",
]

JetId = Text(1, 100)


# --- requests ----------------------------------------------------------------------------------------


class ItemAcknowledgement(JetRequest):
    """One line of an acknowledgement."""

    order_item_id: JetId
    order_item_acknowledgement_status: ItemAckStatus
    alt_order_item_id: Text(1, 100) | None = None


def _unique_items(field: str) -> Rule:
    def rule(data: Mapping[str, Any]) -> Iterator[Problem]:
        items = data.get(field)
        if not isinstance(items, list):
            return
        seen: set[str] = set()
        for index, item in enumerate(items):
            item_id = item.get("order_item_id") if isinstance(item, Mapping) else None
            if isinstance(item_id, str):
                if item_id in seen:
                    yield Problem(f"{field}[{index}].order_item_id", f"{item_id} is listed twice")
                seen.add(item_id)

    return rule


def _accepted_means_fulfillable(data: Mapping[str, Any]) -> Iterator[Problem]:
    if data.get("acknowledgement_status") != AckStatus.ACCEPTED:
        return
    items = data.get("order_items")
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        status = item.get("order_item_acknowledgement_status") if isinstance(item, Mapping) else None
        if isinstance(status, str) and status.startswith("nonfulfillable"):
            yield Problem(
                f"order_items[{index}].order_item_acknowledgement_status",
                "an accepted order has only fulfillable lines; reject with 'rejected - item level error'",
            )


class Acknowledgement(JetRequest):
    """Body of `PUT /orders/{id}/acknowledge` (§4.4); every line of the order must be listed."""

    rules: ClassVar[tuple[Rule, ...]] = (_unique_items("order_items"), _accepted_means_fulfillable)

    acknowledgement_status: AckStatus
    alt_order_id: Text(1, 100) | None = None
    order_items: Annotated[list[ItemAcknowledgement], Field(min_length=1)]


class Address(JetRequest):
    """A postal address (return location)."""

    address1: Text(1, 200)
    address2: Annotated[StrictStr, Field(max_length=200)] | None = None
    city: Text(1, 100)
    state: Text(1, 50)
    zip_code: Text(1, 20)


def _one_or_many(value: Any) -> str:
    return "address list" if isinstance(value, list) else "one address"


ReturnLocation = Annotated[
    Annotated[Address, Tag("one address")] | Annotated[list[Address], Tag("address list")],
    Discriminator(_one_or_many),
]
"""One address (AERO, WOO) or a list of them (MPANEL's form): §4.5 accepts both."""


class ShipmentItem(JetRequest):
    """Units of one SKU shipped and/or cancelled in a shipment."""

    merchant_sku: Text(1, 200)
    response_shipment_sku_quantity: NonNegativeInt
    response_shipment_cancel_qty: NonNegativeInt | None = None
    alt_shipment_item_id: Text(1, 100) | None = None
    shipment_item_id: Text(1, 100) | None = None
    rma_number: Annotated[StrictStr, Field(max_length=100)] | None = Field(default=None, alias="RMA_number")
    days_to_return: NonNegativeInt | None = None
    return_location: ReturnLocation | None = None


class RedirectNotification(JetRequest):
    """The shipment left from another node than the order's."""

    redirect_node: Text(1, 100)
    is_redirect_for_zero_inventory: StrictBool


class Shipment(JetRequest):
    """One package (or one cancellation) in a ship notice."""

    alt_shipment_id: Text(1, 100) | None = None
    shipment_tracking_number: Text(1, 100) | None = None
    response_shipment_date: JetDateTime | None = None
    response_shipment_method: Annotated[StrictStr, Field(max_length=100)] | None = None
    expected_delivery_date: JetDateTime | None = None
    ship_from_zip_code: Annotated[StrictStr, Field(pattern=r"^\d{5}$")] | None = None
    carrier_pick_up_date: JetDateTime | None = None
    carrier: Annotated[StrictStr, one_of(CARRIERS, "carriers (send 'Other' for an unknown one)")] | None = (
        None
    )
    shipment_items: Annotated[list[ShipmentItem], Field(min_length=1)]
    redirect_notification: RedirectNotification | None = None


SHIPPING_FIELDS = ("shipment_tracking_number", "carrier", "response_shipment_date")
"""Required in a shipment when units ship by every source (§4.5 [C]); a cancel-only shipment may leave them out."""
AERO_SHIPPING_FIELDS = (*SHIPPING_FIELDS, "expected_delivery_date", "carrier_pick_up_date", "ship_from_zip_code")
"""Required when units ship by AERO's validation too (§4.5 "yes per AERO")."""


def _units(items: list, key: str) -> int:
    return sum(item[key] for item in items
               if isinstance(item, Mapping) and isinstance(item.get(key), int) and not isinstance(item.get(key), bool))


def _delivery_after_shipment(shipment: Mapping[str, Any], path: str) -> Iterator[Problem]:
    shipped, expected = shipment.get("response_shipment_date"), shipment.get("expected_delivery_date")
    try:
        shipped_at = shipped if isinstance(shipped, datetime) else parse_wire_datetime(shipped)
        expected_at = expected if isinstance(expected, datetime) else parse_wire_datetime(expected)
    except ValueError:
        return
    if expected_at < shipped_at:
        yield Problem(f"{path}.expected_delivery_date", "must not be before response_shipment_date")


def _shipments_complete(required: tuple[str, ...]) -> Rule:
    def rule(data: Mapping[str, Any]) -> Iterator[Problem]:
        return _shipment_problems(data, required)

    return rule


def _shipment_problems(data: Mapping[str, Any], required: tuple[str, ...]) -> Iterator[Problem]:
    shipments = data.get("shipments")
    if not isinstance(shipments, list):
        return
    for index, shipment in enumerate(shipments):
        if not isinstance(shipment, Mapping):
            continue
        items = shipment.get("shipment_items")
        items = items if isinstance(items, list) else []
        path = f"shipments[{index}]"
        if _units(items, "response_shipment_sku_quantity") > 0:
            for field in required:
                if shipment.get(field) is None or shipment.get(field) == "":
                    yield Problem(f"{path}.{field}", "is required when units ship")
        elif not shipment.get("alt_shipment_id"):
            yield Problem(f"{path}.alt_shipment_id", "is required for a cancel-only shipment")
        yield from _delivery_after_shipment(shipment, path)
        for position, item in enumerate(items):
            if not isinstance(item, Mapping):
                continue
            quantity = item.get("response_shipment_sku_quantity")
            cancelled = item.get("response_shipment_cancel_qty") or 0
            if quantity == 0 and cancelled == 0:
                yield Problem(f"{path}.shipment_items[{position}]", "ships and cancels nothing")


class ShipNotice(JetRequest):
    """Body of `PUT /orders/{id}/shipped` (§4.5): ship units and/or cancel them (ship 0, cancel N)."""

    rules: ClassVar[tuple[Rule, ...]] = (_shipments_complete(SHIPPING_FIELDS),)

    alt_order_id: Text(1, 100) | None = None
    shipments: Annotated[list[Shipment], Field(min_length=1)]


class DatedShipNotice(ShipNotice):
    """A ship notice whose shipping shipments also carry the expected delivery and pick-up dates and the ZIP they
    left from, as AERO's validation demanded; the sandbox holds shipments to it (docs/sandbox.md)."""

    rules: ClassVar[tuple[Rule, ...]] = (_shipments_complete(AERO_SHIPPING_FIELDS),)


class OrderTag(JetRequest):
    """Body of `PUT /orders/{id}/tag`."""

    tag: Text(1, 100)


class GeneratedItem(JetRequest):
    sku: Text(1, 200)
    order_quantity: NonNegativeInt
    order_cancel_quantity: NonNegativeInt = 0


class OrderGeneration(JetRequest):
    """Body of the sandbox-only `POST /orders/generate/{n}` (§9.2)."""

    fulfillment_node: Text(1, 100)
    items: Annotated[list[GeneratedItem], Field(min_length=1)]


# --- responses -----------------------------------------------------------------------------------


class Money4(JetObject):
    base_price: ResponseNumber | None = None
    item_tax: ResponseNumber | None = None
    item_shipping_cost: ResponseNumber | None = None
    item_shipping_tax: ResponseNumber | None = None


class FeeAdjustment(JetObject):
    adjustment_name: str | None = None
    adjustment_type: str | None = None
    commission_id: str | None = None
    value: ResponseNumber | None = None


class OrderItem(JetObject):
    """A line of an order (§4.2)."""

    order_item_id: str
    alt_order_item_id: str | None = None
    merchant_sku: str | None = None
    product_title: str | None = None
    request_order_quantity: int = 0
    request_order_cancel_qty: int = 0
    item_tax_code: str | None = None
    item_price: Money4 | None = None
    item_fees: ResponseNumber | None = None
    fee_adjustments: list[FeeAdjustment] = Field(default_factory=list)
    regulatory_fees: ResponseNumber | None = None
    price_adjustment: ResponseNumber | None = None
    adjustment_reason: str | None = None
    tax_info: Any = None
    url: str | None = None
    order_item_acknowledgement_status: str | None = None

    @field_validator("request_order_cancel_qty", "request_order_quantity", mode="before")
    @classmethod
    def _none_is_zero(cls, value: Any) -> Any:
        return 0 if value is None else value


class Person(JetObject):
    name: str | None = None
    phone_number: str | None = None


class PostalAddress(JetObject):
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    zip_code: str | None = None


class ShippingTo(JetObject):
    recipient: Person | None = None
    address: PostalAddress | None = None


class OrderDetail(JetObject):
    request_shipping_carrier: str | None = None
    request_shipping_method: str | None = None
    request_service_level: str | None = None
    request_ship_by: LenientDateTime | None = None
    request_delivery_by: LenientDateTime | None = None


class OrderTotals(JetObject):
    item_price: Money4 | None = None
    item_fees: ResponseNumber | None = None
    fee_adjustments: list[FeeAdjustment] = Field(default_factory=list)
    regulatory_fees: ResponseNumber | None = None


class ShipmentItemInfo(JetObject):
    merchant_sku: str | None = None
    response_shipment_sku_quantity: int = 0
    response_shipment_cancel_qty: int = 0
    alt_shipment_item_id: str | None = None
    shipment_item_id: str | None = None
    rma_number: str | None = Field(default=None, alias="RMA_number")
    days_to_return: int | None = None
    return_location: PostalAddress | list[PostalAddress] | None = None

    @field_validator("response_shipment_sku_quantity", "response_shipment_cancel_qty", mode="before")
    @classmethod
    def _none_is_zero(cls, value: Any) -> Any:
        return 0 if value is None else value


class ShipmentInfo(JetObject):
    """A shipment already reported, as Jet echoes it (either spelling of the method key, or both)."""

    shipment_id: str | None = None
    alt_shipment_id: str | None = None
    shipment_tracking_number: str | None = None
    response_shipment_date: LenientDateTime | None = None
    response_shipment_method: str | None = Field(
        default=None, validation_alias=AliasChoices("response_shipment_method", "response_shipping_method")
    )
    response_shipping_method: str | None = Field(default=None, exclude=True)
    expected_delivery_date: LenientDateTime | None = None
    carrier_pick_up_date: LenientDateTime | None = None
    ship_from_zip_code: str | None = None
    carrier: str | None = None
    shipment_items: list[ShipmentItemInfo] = Field(default_factory=list)
    redirect_notification: dict[str, Any] | None = None


class Order(JetObject):
    """`GET /orders/withoutShipmentDetail/{merchant_order_id}` (§4.2)."""

    merchant_order_id: str
    reference_order_id: str | None = None
    customer_reference_order_id: str | None = None
    fulfillment_node: str | None = None
    alt_order_id: str | None = None
    hash_email: str | None = None
    status: str | None = None
    exception_state: str | None = None
    order_placed_date: LenientDateTime | None = None
    order_transmission_date: LenientDateTime | None = None
    order_ready_date: LenientDateTime | None = None
    order_acknowledge_date: LenientDateTime | None = None
    acknowledgement_status: str | None = None
    jet_request_directed_cancel: JetBool = Field(
        default=False,
        validation_alias=AliasChoices("jet_request_directed_cancel", "jet_requested_directed_cancel"),
    )
    has_shipments: JetBool = False
    shipments: list[ShipmentInfo] = Field(default_factory=list)
    buyer: Person | None = None
    shipping_to: ShippingTo | None = None
    order_detail: OrderDetail | None = None
    order_totals: OrderTotals | None = None
    order_items: list[OrderItem] = Field(default_factory=list)

    @field_validator("shipments", "order_items", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    def item(self, order_item_id: str) -> OrderItem:
        """The line with this id (KeyError if the order has none)."""
        for line in self.order_items:
            if line.order_item_id == order_item_id:
                return line
        raise KeyError(order_item_id)

    def units_accounted(self) -> dict[str, int]:
        """Units shipped + cancelled so far per merchant SKU, from the shipments Jet reports."""
        totals: dict[str, int] = {}
        for shipment in self.shipments:
            for item in shipment.shipment_items:
                if item.merchant_sku:
                    done = item.response_shipment_sku_quantity + item.response_shipment_cancel_qty
                    totals[item.merchant_sku] = totals.get(item.merchant_sku, 0) + done
        return totals
