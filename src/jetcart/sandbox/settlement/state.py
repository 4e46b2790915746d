"""Weekly settlement periods computed on demand from shipped units and completed returns [G: minimal].

A period runs Monday 00:00 UTC to the next Monday; its id is a hash of merchant and start, so the same
report keeps its id. Amounts: merchant_price = units shipped × base price; commission = item fees
(negative); returns subtract the refunded principal. Periods older than 7 days are `Paid`, else `Submitted`.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from jetcart.jet.timestamps import jet_utc
from jetcart.sandbox.models import Merchant, Order, Return
from jetcart.sandbox.validate import money

WEEK = timedelta(days=7)
MAX_WEEKS = 104


def week_start(moment: datetime) -> datetime:
    day = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day - timedelta(days=day.weekday())


def report_id(merchant: Merchant, start: datetime) -> str:
    return hashlib.md5(f"{merchant.merchant_id}|{start.isoformat()}".encode()).hexdigest()


def periods(merchant: Merchant, now: datetime, days: int) -> list[datetime]:
    """Starts of the weeks with activity that overlap the last `days` days, newest first."""
    since = now - timedelta(days=days)
    first = Order.objects.filter(merchant=merchant).order_by("created_at").values_list("created_at", flat=True).first()
    if first is None:
        return []
    start, found = week_start(max(first, since)), []
    while start <= now and len(found) < MAX_WEEKS:
        found.append(start)
        start += WEEK
    return list(reversed(found))


def find_period(merchant: Merchant, now: datetime, wanted: str) -> datetime | None:
    for start in periods(merchant, now, MAX_WEEKS * 7):
        if report_id(merchant, start) == wanted.lower():
            return start
    return None


def _order_lines(merchant: Merchant, start: datetime):
    for order in Order.objects.filter(merchant=merchant, created_at__gte=start, created_at__lt=start + WEEK):
        shipped = order.document["_sandbox"]["shipped"]
        for item in order.document["order_items"]:
            units = shipped.get(item["order_item_id"], 0)
            if units:
                yield order, item, units


def report(merchant: Merchant, start: datetime, now: datetime) -> dict:
    totals = {k: Decimal(0) for k in ("merchant_price", "jet_variable_commission", "fixed_commission", "tax",
                                      "shipping_revenue", "shipping_tax", "shipping_charge", "fulfillment_fee",
                                      "product_cost")}
    for _order, item, units in _order_lines(merchant, start):
        price = item["item_price"]
        share = Decimal(units) / Decimal(item["request_order_quantity"])
        totals["merchant_price"] += Decimal(str(price["base_price"])) * units
        totals["tax"] += Decimal(str(price["item_tax"])) * units
        totals["shipping_revenue"] += Decimal(str(price["item_shipping_cost"])) * units
        totals["shipping_tax"] += Decimal(str(price["item_shipping_tax"])) * units
        totals["jet_variable_commission"] -= Decimal(str(item["item_fees"])) * share
    returns = {k: Decimal(0) for k in ("merchant_price", "jet_variable_commission", "fixed_commission", "tax",
                                       "shipping_tax", "merchant_return_charge", "return_processing_fee",
                                       "product_cost")}
    for ret in Return.objects.filter(merchant=merchant, created_at__gte=start, created_at__lt=start + WEEK):
        for item in ret.document.get("items", []):
            amount = item.get("refund_amount") or {}
            returns["merchant_price"] -= Decimal(str(amount.get("principal", 0)))
            returns["tax"] -= Decimal(str(amount.get("tax", 0)))
            returns["shipping_tax"] -= Decimal(str(amount.get("shipping_tax", 0)))
    order_balance = totals["merchant_price"] + totals["jet_variable_commission"]
    return_balance = returns["merchant_price"]
    end = start + WEEK
    return {
        "settlement_report_id": report_id(merchant, start),
        "settlement_state": "Paid" if now - end > WEEK else "Submitted",
        "currency": "dollars", "unavailable_balance": 0.0,
        "settlement_period_start": jet_utc(start), "settlement_period_end": jet_utc(end),
        "order_balance": money(order_balance), "return_balance": money(return_balance), "jet_adjustment": 0.0,
        "settlement_value": money(order_balance + return_balance),
        "order_balance_details": {k: money(v) for k, v in totals.items()},
        "return_balance_details": {k: money(v) for k, v in returns.items()},
    }


def report_orders(merchant: Merchant, start: datetime) -> list[dict]:
    return [{"merchant_order_id": order.merchant_order_id, "reference_order_id": order.document["reference_order_id"],
             "order_item_id": item["order_item_id"], "merchant_sku": item["merchant_sku"], "quantity": units,
             "merchant_price": money(Decimal(str(item["item_price"]["base_price"])) * units)}
            for order, item, units in _order_lines(merchant, start)]


def report_returns(merchant: Merchant, start: datetime) -> list[dict]:
    found = Return.objects.filter(merchant=merchant, created_at__gte=start, created_at__lt=start + WEEK)
    return [{"merchant_return_authorization_id": r.return_id, "merchant_order_id": r.order.merchant_order_id,
             "return_status": r.status} for r in found.select_related("order")]
