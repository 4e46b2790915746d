"""What the buyer was charged per order line and what jetcart already asked Jet to give back (refunds and returns)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from jetcart.connector.models import JetOrder, JetOrderLine, JetReturn, RefundState, ReturnState
from jetcart.jet.models.returns import Amounts

if TYPE_CHECKING:
    from jetcart.connector.models.refunds import RecordedRefundLine

AMOUNT_KEYS = ("principal", "tax", "shipping_cost", "shipping_tax")
AMOUNT_LABELS = {"principal": "Principal", "tax": "Tax", "shipping_cost": "Shipping cost",
                 "shipping_tax": "Shipping tax"}
ZERO = Decimal("0.00")


@dataclass
class LineMoney:
    """Units and the four amounts of one order line (charged, refunded or left)."""

    units: int = 0
    amounts: dict[str, Decimal] = field(default_factory=lambda: {key: ZERO for key in AMOUNT_KEYS})

    def add(self, units: int | None, amounts: Amounts | None) -> None:
        self.units += units or 0
        for key in AMOUNT_KEYS:
            self.amounts[key] += (getattr(amounts, key) if amounts else None) or ZERO

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


def charged(line: JetOrderLine) -> LineMoney:
    """What Jet charged the buyer for the units shipped (Jet only charges shipped units)."""
    units = line.shipped
    unit = {"principal": line.unit_price, "tax": line.unit_tax, "shipping_cost": line.unit_shipping,
            "shipping_tax": line.unit_shipping_tax}
    return LineMoney(units, {key: (unit[key] * units).quantize(Decimal("0.01")) for key in AMOUNT_KEYS})


def refunded_so_far(order: JetOrder, *, exclude_return: JetReturn | None = None) -> dict[str, LineMoney]:
    """Units and amounts per order_item_id already given back or on their way: refunds Jet has not rejected and
    return completions sent or done."""
    totals: dict[str, LineMoney] = {}
    live_refunds = order.refunds.exclude(state__in=[RefundState.REJECTED, RefundState.REFUSED])
    for refund in live_refunds:
        for line in refund.lines:
            totals.setdefault(line.order_item_id or "", LineMoney()).add(line.order_return_refund_qty,
                                                                          line.refund_amount)
    returns = JetReturn.objects.filter(order=order, state__in=[ReturnState.COMPLETING, ReturnState.COMPLETED])
    if exclude_return is not None:
        returns = returns.exclude(pk=exclude_return.pk)
    for ret in returns:
        for item in ret.completed_items:
            totals.setdefault(item.order_item_id or "", LineMoney()).add(item.order_return_refund_qty,
                                                                          item.refund_amount)
    return totals


def left_to_refund(order: JetOrder, *, exclude_return: JetReturn | None = None) -> dict[int, LineMoney]:
    """Per order line (by pk): charged minus already refunded, never below zero."""
    done = refunded_so_far(order, exclude_return=exclude_return)
    left: dict[int, LineMoney] = {}
    for line in order.lines.all():
        paid, given = charged(line), done.get(line.order_item_id, LineMoney())
        left[line.pk] = LineMoney(max(paid.units - given.units, 0),
                                  {k: max(paid.amounts[k] - given.amounts[k], ZERO) for k in AMOUNT_KEYS})
    return left


def refund_total(lines: list[RecordedRefundLine]) -> Decimal:
    """The four amounts of every line of a refund, added up."""
    total = LineMoney()
    for line in lines:
        total.add(0, line.refund_amount)
    return total.total

