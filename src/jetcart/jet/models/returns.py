"""Return and refund models (jet-api.md §5, §6): complete/refund bodies with Jet's rules, tolerant objects."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, StrictBool, StrictStr, field_validator

from jetcart.jet.errors import Problem
from jetcart.jet.models.base import (
    JetBool,
    JetObject,
    JetRequest,
    LenientDateTime,
    Money,
    NonNegativeInt,
    ResponseNumber,
    Rule,
)
from jetcart.jet.models.fields import Text, one_of
from jetcart.jet.models.orders import PostalAddress
from jetcart.jet.models.vocabulary import REFUND_FEEDBACK, REFUND_REASONS, RETURN_CHARGE_FEEDBACK

__all__ = [
    "Refund",
    "RefundAmount",
    "RefundCreate",
    "RefundCreated",
    "RefundItem",
    "Return",
    "RefundWithoutReturnComplete",
    "ReturnComplete",
    "ReturnCompleteItem",
    "ReturnLine",
]


class RefundAmount(JetRequest):
    """Amounts for one line in USD, each ≥ 0; `principal` is the line total, not the unit price."""

    principal: Money
    tax: Money
    shipping_cost: Money
    shipping_tax: Money


def _empty_is_absent(value: Any) -> Any:
    return None if value == "" else value


def _feedback(name: str) -> Any:
    """Refund feedback: one of Jet's values, or empty or absent — a widely used client always sends the key,
    empty unless its caller sets one; feedback is needed only for less than a full refund (§5.3, §6.2)."""
    return Annotated[StrictStr | None, BeforeValidator(_empty_is_absent), one_of(REFUND_FEEDBACK, name)]


def _refund_not_above_returned(field: str) -> Rule:
    def rule(data: Mapping[str, Any]) -> Iterator[Problem]:
        items = data.get(field)
        if not isinstance(items, list):
            return
        for index, item in enumerate(items):
            if not isinstance(item, Mapping):
                continue
            returned = item.get("total_quantity_returned")
            refunded = item.get("order_return_refund_qty")
            if isinstance(returned, int) and isinstance(refunded, int) and 0 < returned < refunded:
                yield Problem(
                    f"{field}[{index}].order_return_refund_qty", "cannot exceed total_quantity_returned"
                )

    return rule


class ReturnCompleteItem(JetRequest):
    """One line of `PUT /returns/{id}/complete`."""

    order_item_id: Text(1, 100)
    alt_order_item_id: Text(1, 100) | None = None
    total_quantity_returned: NonNegativeInt
    order_return_refund_qty: NonNegativeInt
    return_refund_feedback: _feedback("refund feedback values") = None
    notes: Annotated[StrictStr, Field(max_length=1000)] | None = None
    refund_amount: RefundAmount


def _charge_feedback(data: Mapping[str, Any]) -> Iterator[Problem]:
    if data.get("agree_to_return_charge") is False and not data.get("return_charge_feedback"):
        yield Problem("return_charge_feedback", "is required when agree_to_return_charge is false")


def _complete_returned_only(data: Mapping[str, Any]) -> Iterator[Problem]:
    items = data.get("items")
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        returned = item.get("total_quantity_returned")
        refunded = item.get("order_return_refund_qty")
        if isinstance(returned, int) and isinstance(refunded, int) and refunded > returned:
            yield Problem(f"items[{index}].order_return_refund_qty", "cannot exceed total_quantity_returned")


class ReturnComplete(JetRequest):
    """Body of `PUT /returns/{id}/complete` (§5.3)."""

    rules: ClassVar[tuple[Rule, ...]] = (_charge_feedback, _complete_returned_only)

    merchant_order_id: Text(1, 100)
    alt_order_id: Text(1, 100) | None = None
    agree_to_return_charge: StrictBool
    return_charge_feedback: (
        Annotated[StrictStr, one_of(RETURN_CHARGE_FEEDBACK, "return charge feedback values")] | None
    ) = None
    items: Annotated[list[ReturnCompleteItem], Field(min_length=1)]


class RefundWithoutReturnComplete(ReturnComplete):
    """Completion of a return Jet refunded without the item coming back (`refund_without_return`): nothing is
    returned, so the refunded units are not bounded by `total_quantity_returned`."""

    rules: ClassVar[tuple[Rule, ...]] = (_charge_feedback,)


class RefundItem(JetRequest):
    """One line of `POST /refunds/{merchant_order_id}/{alt_refund_id}`."""

    order_item_id: Text(1, 100)
    alt_order_item_id: Text(1, 100) | None = None
    total_quantity_returned: NonNegativeInt
    order_return_refund_qty: NonNegativeInt
    refund_reason: Annotated[StrictStr, one_of(REFUND_REASONS, "refund reasons")]
    refund_feedback: _feedback("refund feedback values") = None
    notes: Annotated[StrictStr, Field(max_length=1000)] | None = None
    refund_amount: RefundAmount


class RefundCreate(JetRequest):
    """Body of `POST /refunds/{merchant_order_id}/{alt_refund_id}` (§6.2)."""

    rules: ClassVar[tuple[Rule, ...]] = (_refund_not_above_returned("items"),)

    items: Annotated[list[RefundItem], Field(min_length=1)]


# --- responses -----------------------------------------------------------------------------------


class Amounts(JetObject):
    principal: ResponseNumber | None = None
    tax: ResponseNumber | None = None
    shipping_cost: ResponseNumber | None = None
    shipping_tax: ResponseNumber | None = None


class ReturnLine(JetObject):
    order_item_id: str | None = None
    alt_order_item_id: str | None = None
    merchant_sku: str | None = None
    merchant_sku_title: str | None = None
    return_quantity: int = 0
    reason: str | None = None
    requested_refund_amount: Amounts | None = None


class CompletedLine(JetObject):
    order_item_id: str | None = None
    alt_order_item_id: str | None = None
    total_quantity_returned: int | None = None
    order_return_refund_qty: int | None = None
    return_refund_feedback: str | None = None
    notes: str | None = None
    refund_amount: Amounts | None = None


class Return(JetObject):
    """`GET /returns/state/{return_id}` (§5.2)."""

    merchant_return_authorization_id: str
    reference_return_authorization_id: str | None = None
    alt_return_authorization_id: str | None = None
    merchant_order_id: str | None = None
    reference_order_id: str | None = None
    alt_order_id: str | None = None
    return_status: str | None = None
    refund_without_return: JetBool | None = None
    return_date: LenientDateTime | None = None
    shipping_carrier: str | None = None
    tracking_number: str | None = None
    merchant_return_charge: ResponseNumber | None = None
    return_location: list[PostalAddress] = Field(default_factory=list)
    agree_to_return_charge: JetBool | None = None
    return_charge_feedback: str | None = None
    completed_date: LenientDateTime | None = None
    return_merchant_skus: list[ReturnLine] = Field(default_factory=list, alias="return_merchant_SKUs")
    items: list[CompletedLine] = Field(default_factory=list)

    @field_validator("return_location", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, Mapping) else value

    @field_validator("return_merchant_skus", "items", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value

    @property
    def is_completed(self) -> bool:
        """True once the merchant's completion has been recorded (`inprogress` or `completed by merchant`)."""
        status = (self.return_status or "").replace(" ", "").lower()
        return status in ("inprogress", "completedbymerchant") or bool(self.items)


class RefundCreated(JetObject):
    """201 answer of a refund POST."""

    refund_authorization_id: str | None = None
    refund_status: str | None = None


class RefundLineInfo(CompletedLine):
    refund_reason: str | None = None
    refund_feedback: str | None = None


class Refund(JetObject):
    """`GET /refunds/state/{id}` (§6.3)."""

    refund_authorization_id: str | None = None
    alt_refund_id: str | None = None
    refund_status: str | None = None
    merchant_order_id: str | None = None
    reference_order_id: str | None = None
    reference_merchant_order_id: str | None = None
    alt_order_id: str | None = None
    items: list[RefundLineInfo] = Field(default_factory=list)
