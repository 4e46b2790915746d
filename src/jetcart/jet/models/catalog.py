"""Taxonomy, fulfillment node, settlement and report models (jet-api.md §2.15, §7, §10): tolerant responses."""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, Field, field_validator

from jetcart.jet.models.base import JetBool, JetObject, LenientDateTime, ResponseNumber

__all__ = [
    "FulfillmentNode",
    "ReportRequested",
    "ReportState",
    "ReturnLocation",
    "SettlementReport",
    "TaxonomyAttribute",
    "TaxonomyNode",
]


class TaxonomyNode(JetObject):
    """`GET /taxonomy/nodes/{id}` (§7.2)."""

    jet_node_id: int
    jet_node_name: str | None = None
    jet_node_path: str | None = None
    amazon_node_ids: list[int] = Field(
        default_factory=list, validation_alias=AliasChoices("amazon_node_ids", "amazon_node_id")
    )
    parent_id: int | None = None
    jet_level: int | None = None
    suggested_tax_code: str | None = None
    active: JetBool | None = None

    @field_validator("amazon_node_ids", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, int | str) else value


class AttributeValidation(JetObject):
    data_type: str | None = None
    min_value: ResponseNumber | None = None
    max_value: ResponseNumber | None = None


def _free_text_kind(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return int(value.strip().lower() == "true")
    if isinstance(value, str) and not value.strip():
        return None  # blank: as good as missing
    return value


class TaxonomyAttribute(JetObject):
    """An attribute of a node (§7.3). `free_text`: 0 = pick from `values`, 1 = free text, 2 = text + unit; None
    when the answer lacks it or leaves it blank (read as 0 it would turn a free-text attribute into a list one)."""

    attribute_id: int
    attribute_description: str | None = None
    free_text: int | None = None
    variant: JetBool = False
    variant_pair: JetBool | None = None
    values: list[str] = Field(default_factory=list)
    units: list[str] = Field(default_factory=list)
    validation: AttributeValidation | None = None

    @field_validator("free_text", mode="before")
    @classmethod
    def _free_text(cls, value: Any) -> Any:
        return _free_text_kind(value)

    @field_validator("values", "units", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return [] if value is None else value

    @property
    def needs_unit(self) -> bool:
        return self.free_text == 2


class FulfillmentNode(JetObject):
    """A fulfillment node; PascalCase keys (`/fulfillmentnodesbymerchantid`) or snake_case ones."""

    fulfillment_node_id: str = Field(
        validation_alias=AliasChoices("FulfillmentNodeId", "fulfillment_node_id", "id")
    )
    name: str | None = Field(default=None, validation_alias=AliasChoices("Name", "name"))
    address1: str | None = Field(default=None, validation_alias=AliasChoices("Address1", "address1"))
    address2: str | None = Field(default=None, validation_alias=AliasChoices("Address2", "address2"))
    city: str | None = Field(default=None, validation_alias=AliasChoices("City", "city"))
    state: str | None = Field(default=None, validation_alias=AliasChoices("State", "state"))
    zip_code: str | None = Field(default=None, validation_alias=AliasChoices("ZipCode", "zip_code"))


class ReturnLocation(JetObject):
    """A return location of the merchant (`GET /setup/returnsLocations`)."""

    return_location_id: str | None = None
    name: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    state: str | None = None
    zip_code: str | None = None


class SettlementReport(JetObject):
    """`GET /settlement/report/{id}` (§10.1); detail blocks kept as dicts of numbers."""

    settlement_report_id: str
    settlement_state: str | None = None
    currency: str | None = None
    unavailable_balance: ResponseNumber | None = None
    settlement_period_start: LenientDateTime | None = None
    settlement_period_end: LenientDateTime | None = None
    order_balance: ResponseNumber | None = Field(
        default=None, validation_alias=AliasChoices("order_balance", "order_balanace")
    )
    return_balance: ResponseNumber | None = None
    jet_adjustment: ResponseNumber | None = None
    settlement_value: ResponseNumber | None = None
    order_balance_details: dict[str, ResponseNumber | None] = Field(default_factory=dict)
    return_balance_details: dict[str, ResponseNumber | None] = Field(default_factory=dict)


class ReportRequested(JetObject):
    """Answer of `POST /reports/{type}`."""

    report_id: str


class ReportState(JetObject):
    """`GET /reports/state/{report_id}` (§10.2)."""

    report_id: str
    merchant_id: str | None = None
    report_type: str | None = None
    report_status: str | None = None
    report_requested_date: LenientDateTime | None = None
    processing_start: LenientDateTime | None = None
    processing_end: LenientDateTime | None = None
    report_url: str | None = None
    report_expiration_date: LenientDateTime | None = None
