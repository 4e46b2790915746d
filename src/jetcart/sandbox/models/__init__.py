"""The sandbox's tables: every row belongs to one emulated Jet merchant."""

from jetcart.sandbox.models.commerce import Order, Refund, Return
from jetcart.sandbox.models.files import BulkFile, Report
from jetcart.sandbox.models.merchants import ClockState, FulfillmentNode, Merchant, ReturnLocation
from jetcart.sandbox.models.skus import Sku

__all__ = [
    "BulkFile", "ClockState", "FulfillmentNode", "Merchant", "Order", "Refund", "Report", "Return",
    "ReturnLocation", "Sku",
]
