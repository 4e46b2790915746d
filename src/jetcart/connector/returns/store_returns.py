"""OpenCart follows Jet returns: one OpenCart return per returned line (written once), completed with history and
an optional restock. The only place the return use cases call the store gateway."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone

from jetcart.connector import leases
from jetcart.connector.models import JetConfiguration, JetReturn, JetReturnLine, ReturnState
from jetcart.connector.refunds.charges import AMOUNT_KEYS
from jetcart.jet.models.returns import CompletedLine
from jetcart.store.errors import ReturnLookupNotFound
from jetcart.store.models import NewReturn

if TYPE_CHECKING:
    from jetcart.store.gateway import StoreGateway

STORE_LEASE = timedelta(minutes=2)
COMPLETED_STATUS_NAME = "complete"

# Jet's customer reasons (jet-api.md §5.4) → the words of OpenCart's return reasons (opencart-db.md §6).
_REASON_RULES: list[tuple[tuple[str, ...], str]] = [
    (("wrong item", "received the wrong", "received wrong"), "received wrong item"),
    (("defective", "does not work", "damaged", "broken", "missing parts", "expired", "refurbished"), "faulty"),
    (("accidental", "wrong quantity", "unauthorized", "never arrived", "arrived late", "later than"), "order error"),
]


def store_reason_id(reasons: dict[int, str], jet_reason: str) -> int:
    """The OpenCart return reason closest to Jet's reason (`Other` when none fits)."""
    if not reasons:
        raise ReturnLookupNotFound("the store has no return reasons")
    text = jet_reason.lower()
    wanted = next((name for words, name in _REASON_RULES if any(w in text for w in words)), "other")
    for reason_id, name in sorted(reasons.items()):
        if name.lower().startswith(wanted):
            return reason_id
    return next((i for i, n in sorted(reasons.items()) if n.lower().startswith("other")), min(reasons))


def completed_status_id(gateway: StoreGateway) -> int:
    """OpenCart's "Complete" return status (demo id 3), looked up by name in the store language."""
    for status_id, name in sorted(gateway.return_statuses().items()):
        if name.strip().lower() == COMPLETED_STATUS_NAME:
            return status_id
    raise ReturnLookupNotFound("the store has no return status named 'Complete'")


def _claim(ret: JetReturn) -> leases.Lease | None:
    return leases.claim(JetReturn.objects.filter(pk=ret.pk), field="store_lease_until", length=STORE_LEASE)


def create_store_returns(ret: JetReturn, *, gateway: StoreGateway) -> list[str]:
    """Writes the OpenCart return of each line not yet written; returns the problems (lines it could not write).

    Each OpenCart return carries the line's marker in its comment, so a retry after a crash between the store
    write and the connector's save finds it instead of writing a second one."""
    order = ret.order
    if order is None or not order.store_order_id:
        return [f"return {ret}: its Jet order is not in OpenCart (fetch orders first)"]
    pending = list(ret.lines.filter(store_return_id__isnull=True).select_related("order_line"))
    if not pending:
        return []
    lease = _claim(ret)
    if lease is None:
        return []
    problems: list[str] = []
    try:
        reasons = gateway.return_reasons()
        for line in pending:
            product_id = line.order_line.product_id if line.order_line else None
            if not product_id:
                problems.append(f"return {ret}: {line.merchant_sku} is not a line jetcart created in OpenCart")
                continue
            return_id = gateway.find_return(order_id=order.store_order_id, product_id=product_id,
                                            marker=line.store_marker)
            if return_id is None:
                return_id = gateway.create_return(NewReturn(
                    order_id=order.store_order_id, product_id=product_id, quantity=line.return_quantity,
                    return_reason_id=store_reason_id(reasons, line.reason),
                    comment=f"Jet return {ret}: {line.reason} {line.store_marker}",
                    history_comment=f"Jet return {ret} fetched (jet_return_created).",
                ))
            products = gateway.get_products([product_id])
            model = products[0].model if products else ""
            JetReturnLine.objects.filter(pk=line.pk).update(
                store_return_id=return_id, model=model[:64],
                product_name=(products[0].name if products else line.product_title)[:255])
    finally:
        lease.release()  # frees the row only if this worker still holds it
    return problems


def _line_comment(item: CompletedLine, restocked: int) -> str:
    amounts = item.refund_amount
    amount = sum(((getattr(amounts, k) if amounts else None) or Decimal(0) for k in AMOUNT_KEYS), Decimal(0))
    text = (f"Completed by merchant on Jet: {item.total_quantity_returned or 0} unit(s) received back, "
            f"{item.order_return_refund_qty or 0} refunded, ${amount:.2f}")
    return text + (f"; {restocked} unit(s) put back in stock." if restocked else ".")


def complete_store_returns(ret: JetReturn, *, gateway: StoreGateway) -> bool:
    """Sets the OpenCart returns of a completed Jet return to "Complete" with a history row, restocking the units
    received back when the configuration says so. Safe to repeat; returns True once every line is done."""
    ret.refresh_from_db()
    if ret.state != ReturnState.COMPLETED or ret.store_completed:
        return ret.store_completed
    lines = list(ret.lines.select_related("order_line"))
    if any(line.store_return_id is None for line in lines):
        return False
    restock = JetConfiguration.load().restock_returns
    status_id = completed_status_id(gateway)
    items = {item.order_item_id: item for item in ret.completed_items}
    for line in lines:
        item = items.get(line.order_item_id) or CompletedLine(order_item_id=line.order_item_id)
        units = (item.total_quantity_returned or 0) if restock else 0
        options = line.order_line.option_value_ids if line.order_line else []
        gateway.complete_return(line.store_return_id, status_id, comment=_line_comment(item, units),
                                restock_quantity=units, option_value_ids=[int(v) for v in options or []])
    JetReturn.objects.filter(pk=ret.pk).update(store_completed=True, updated_at=timezone.now())
    return True
