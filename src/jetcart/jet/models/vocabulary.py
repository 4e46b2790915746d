"""Jet's fixed vocabularies (jet-api.md §2.4, §2.5, §2.12, §4–§6, §10.2): the one statement of them, read by the
client and the sandbox alike."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from jetcart.jet.identifiers import ProductCodeType

__all__ = [
    "ACK_STATUSES",
    "CARRIERS",
    "PRODUCT_STATUS_SPELLINGS",
    "REFUND_REJECTIONS",
    "RETURN_REASONS",
    "RETURN_STATUS_SPELLINGS",
    "CPSIA_STATEMENTS",
    "NO_WARNING_APPLICABLE",
    "ProductCodeType",
    "REFUND_FEEDBACK",
    "REFUND_REASONS",
    "RETURN_CHARGE_FEEDBACK",
    "SERVICE_LEVELS",
    "SHIPPING_METHODS",
    "TAX_CODES",
    "AckStatus",
    "EarlyReturnStatus",
    "ExceptionState",
    "FileStatusName",
    "FileType",
    "ItemAckStatus",
    "OrderStatus",
    "ProductStatus",
    "RefundStatus",
    "ReportType",
    "ReturnStatus",
    "match_folded",
]


def match_folded(text: str, values: Iterable[str]) -> str | None:
    """The value spelled like `text` up to case and runs of spaces (path statuses), or None."""
    folded = " ".join(text.split()).casefold()
    for value in values:
        if value.casefold() == folded:
            return value
    return None


class ProductStatus(StrEnum):
    """Product `status` values (§2.5)."""

    MISSING_LISTING_DATA = "Missing Listing Data"
    UNDER_JET_REVIEW = "Under Jet Review"
    AVAILABLE_FOR_PURCHASE = "Available for Purchase"
    UNAUTHORIZED = "Unauthorized"
    EXCLUDED = "Excluded"
    ARCHIVED = "Archived"


PRODUCT_STATUS_SPELLINGS = {
    "processing": ProductStatus.UNDER_JET_REVIEW,
    "ready to list": ProductStatus.UNDER_JET_REVIEW,
}
"""Early (2015) product status names (§2.5, [D:V03]), folded, and the later status each became [G]."""


class FileType(StrEnum):
    """Bulk `file_type` values (§3.3)."""

    MERCHANT_SKUS = "MerchantSKUs"
    PRICE = "Price"
    INVENTORY = "Inventory"
    VARIATION = "Variation"
    RETURNS_EXCEPTION = "ReturnsException"
    SHIPPING_EXCEPTION = "ShippingException"
    ARCHIVE = "Archive"


class FileStatusName(StrEnum):
    """Bulk file `status` values (§3.2)."""

    ACKNOWLEDGED = "Acknowledged"
    MERCHANT_ACKNOWLEDGED = "Merchant acknowledged"
    PROCESSING = "Processing"
    PROCESSED_SUCCESSFULLY = "Processed successfully"
    PROCESSED_WITH_ERRORS = "Processed with errors"


class OrderStatus(StrEnum):
    """Order list statuses (§4.1)."""

    CREATED = "created"
    READY = "ready"
    ACKNOWLEDGED = "acknowledged"
    IN_PROGRESS = "inprogress"
    COMPLETE = "complete"


class AckStatus(StrEnum):
    """`acknowledgement_status` (§4.4)."""

    ACCEPTED = "accepted"
    REJECTED_OTHER = "rejected - other"
    REJECTED_FRAUD = "rejected - fraud"
    REJECTED_ITEM_LEVEL_ERROR = "rejected - item level error"
    REJECTED_SHIP_FROM_LOCATION = "rejected - ship from location not available"
    REJECTED_SHIPPING_METHOD = "rejected - shipping method not supported"
    REJECTED_UNFULFILLABLE_ADDRESS = "rejected - unfulfillable address"


ACK_STATUSES = frozenset(AckStatus)


class ItemAckStatus(StrEnum):
    """`order_item_acknowledgement_status` (§4.4)."""

    FULFILLABLE = "fulfillable"
    NO_INVENTORY = "nonfulfillable - no inventory"
    INVALID_MERCHANT_SKU = "nonfulfillable - invalid merchant SKU"


class ReturnStatus(StrEnum):
    """Return list statuses, later set (§5.1)."""

    CREATED = "created"
    IN_PROGRESS = "inprogress"
    COMPLETED_BY_MERCHANT = "completed by merchant"


class EarlyReturnStatus(StrEnum):
    """Return list statuses of the early documentation (§5.1) with no later counterpart."""

    REFUND_CUSTOMER_WITHOUT_RETURN = "refund customer without return"
    JET_REFUNDED = "jetRefunded"


RETURN_STATUS_SPELLINGS: dict[str, str] = {
    "created": ReturnStatus.CREATED,
    "inprogress": ReturnStatus.IN_PROGRESS,
    "acknowledged": ReturnStatus.IN_PROGRESS,
    "completed by merchant": ReturnStatus.COMPLETED_BY_MERCHANT,
    "completedbymerchant": ReturnStatus.COMPLETED_BY_MERCHANT,
    "refund customer without return": EarlyReturnStatus.REFUND_CUSTOMER_WITHOUT_RETURN,
    "refundcustomerwithoutreturn": EarlyReturnStatus.REFUND_CUSTOMER_WITHOUT_RETURN,
    "jetrefunded": EarlyReturnStatus.JET_REFUNDED,
}
"""Every spelling of a return list status seen (§5.1: spaces, camelCase, early names), folded, and its status."""

RETURN_REASONS = (
    "No longer want this item", "Received the wrong item", "Website description is inaccurate",
    "Product is defective / does not work", "Item arrived damaged - box intact",
    "Item arrived damaged - box damaged", "Package never arrived", "Package arrived late",
    "Wrong quantity received", "Better price found elsewhere", "Unwanted gift", "Accidental order",
    "Unauthorized purchase", "Item is missing parts / accessories", "Item is refurbished", "Item is expired",
    "Package arrived after estimated delivery date",
)  # fmt: skip
"""A customer's return `reason` (§5.4, the capitalised list), in the order AERO lists them."""


class RefundStatus(StrEnum):
    """Refund list statuses (§6.1)."""

    CREATED = "created"
    PROCESSING = "processing"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


REFUND_REJECTIONS = ("rejected - customer card not valid", "rejected - refund conflicts with returns policy")
"""The two `refund_status` values a rejected refund shows (§6.3); `GET /refunds/rejected` lists both."""


class ExceptionState(StrEnum):
    """An order's `exception_state` (§4.7)."""

    TOO_MANY_UNITS_CANCELLED = "exception - too many units cancelled"
    JET_MANUAL_CANCELED = "exception - jet manual canceled to complete state"
    TOO_MANY_UNITS_SHIPPED = "exception - too many units shipped"
    ORDER_REJECTED = "exception - order rejected"
    RESOLVED = "resolved"
    CANCELLED_DURING_CREATED = "exception - cancelled during Jet created state"


class ReportType(StrEnum):
    """`POST /reports/{type}` (§10.2)."""

    PRODUCT_STATUS = "ProductStatus"
    SALES_DATA = "SalesData"
    SETTLEMENT_DETAILS = "SettlementDetails"


NO_WARNING_APPLICABLE = "no warning applicable"
CPSIA_STATEMENTS = frozenset(
    {
        NO_WARNING_APPLICABLE,
        "choking hazard small parts",
        "choking hazard is a small ball",
        "choking hazard is a marble",
        "choking hazard contains a small ball",
        "choking hazard contains a marble",
        "choking hazard balloon",
    }
)

TAX_CODES = frozenset(
    {
        "Adult Diapers", "Athletic Clothing", "Baby Supplies", "Bandages and First Aid Kits", "Bathing Suits",
        "Beverages with 51 to 99 Percent Juice", "Bottled Water Plain", "Braces and Supports", "Breast Pumps",
        "Candy", "Candy with Flour", "Car Seats", "Carbonated Soft Drinks", "Contact Lens Solution",
        "Contraceptives", "Costumes", "Diabetic Supplies", "Dietary Supplements", "Disposable Infant Diapers",
        "Disposable Wipes", "Drinks under 50 Percent Juice", "Durable Medical Equipment",
        "Feminine Hygiene Products", "Fluoride Toothpaste", "General Clothing", "General Grocery Items",
        "Generic Taxable Product", "Handkerchiefs", "Helmets", "Infant Clothing", "Magazines",
        "Medicated Personal Care Items", "Mobility Equipment", "Non Taxable Product", "Non-Motorized Boats",
        "Oral Care Products", "OTC Medication", "OTC Pet Meds", "Paper Products", "Pet Foods",
        "Productivity Software", "Safety Clothing", "Shoe Insoles", "Smoking Cessation", "Sparkling Water",
        "SPF Suncare Products", "Sweatbands", "Thermometers", "Toilet Paper",
        # AERO and CedCommerce additions (§2.4)
        "N/A - Inactive", "School Supplies", "Computers and Computer Components", "Generators",
        "Hurricane Preparedness Supplies",
    }
)  # fmt: skip

SERVICE_LEVELS = frozenset(
    {
        "Second Day", "Next Day", "Scheduled (freight)", "Expedited", "Standard", "Priority",
        "5 to 10 Day", "11 to 20 Day", "Scheduled (freight 11 to 20 day)",
    }
)  # fmt: skip

SHIPPING_METHODS = frozenset(
    {
        "DHL Global Mail", "FedEx 2 Day", "FedEx Express Saver", "FedEx First Overnight", "FedEx Ground",
        "FedEx Home Delivery", "FedEx Priority Overnight", "FedEx Smart Post", "FedEx Standard Overnight",
        "Freight", "Ontrac Ground", "UPS 2nd Day Air AM", "UPS 2nd Day Air", "UPS 3 Day Select", "UPS Ground",
        "UPS Mail Innovations", "UPS Next Day Air Saver", "UPS Next Day Air", "UPS SurePost",
        "USPS First Class Mail", "USPS Media Mail", "USPS Priority Mail Express", "USPS Priority Mail",
        "USPS Standard Post",
    }
)  # fmt: skip

CARRIERS = frozenset(
    {
        "FedEx", "FedEx SmartPost", "FedEx Freight", "UPS", "UPS Freight", "UPS Mail Innovations",
        "UPS SurePost", "OnTrac", "OnTrac Direct Post", "DHL", "DHL Global Mail", "USPS", "CEVA",
        "Laser Ship", "Spee Dee", "A Duie Pyle", "A1", "ABF", "APEX", "Averitt", "Dynamex",
        "Eastern Connection", "Ensenda", "Estes", "Land Air Express", "Lone Star", "Meyer", "New Penn",
        "Pilot", "Prestige", "RBF", "Reddaway", "RL Carriers", "Roadrunner", "Southeastern Freight", "UDS",
        "UES", "YRC", "Other",
        # 2018-19 additions (§4.6)
        "LaserShip", "A&M Trucking", "GSO", "SAIA Freight", "Old Dominion", "Parcel", "ConveyDecisioning",
        "JetExpress", "Bekins / Home Direct", "Seko Worldwide", "Mail Express", "Newgistics",
        "Delivered by Walmart", "NonstopDelivery", "MPX", "Cagney Global", "Simmons Carrier",
        "DeliveryCourier", "AGS", "Watkins & Shepard", "WN Direct", "Royal Mail International", "Doorman",
    }
)  # fmt: skip

RETURN_CHARGE_FEEDBACK = frozenset(
    {"other", "outsideMerchantPolicy", "notMerchantError", "wrongItem", "fraud", "returnedOutsideWindow"}
)

REFUND_FEEDBACK = frozenset(
    {
        # before 30 Jan 2018
        "other", "item damaged", "not shipped in original packaging", "customer opened item",
        # from 30 Jan 2018
        "Item is missing parts/accessories", "Wrong Item", "Wrong item", "Item damaged", "Returned outside window",
        "Restocking fee", "Not shipped in original packaging", "Rerouting fee", "Items not received",
        "Refunded minus shipping cost",
    }
)  # fmt: skip

REFUND_REASONS = frozenset(
    {
        # lower-case list (§5.4)
        "no longer need/want", "better price available", "unauthorized purchase", "unwanted gift",
        "package never arrived", "package arrived later than promised delivery date",
        "item was different than website description", "shipping box and item are both damaged",
        "item is defective/does not work properly", "item is damaged/broken", "accidental order",
        "received wrong item than what was ordered", "wrong quantity received",
        # capitalised list AERO sends (§5.4, §6.2)
        "No longer want this item", "Received the wrong item", "Website description is inaccurate",
        "Product is defective / does not work", "Item arrived damaged - box intact",
        "Item arrived damaged - box damaged", "Package never arrived", "Package arrived late",
        "Wrong quantity received", "Better price found elsewhere", "Unwanted gift", "Accidental order",
        "Unauthorized purchase", "Item is missing parts / accessories", "Item is refurbished", "Item is expired",
        "Package arrived after estimated delivery date", "Return to Sender - damaged, undeliverable, refused",
        "Return to Sender - lost in transit only",
    }
)  # fmt: skip
