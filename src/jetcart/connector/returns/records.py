"""Saving a Jet return object in the connector (the inbox): one row per return id, its lines bound to order lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.utils import timezone

from jetcart.connector.jet_values import JetValueError, jet_money, jet_time
from jetcart.connector.models import JetOrder, JetReturn, JetReturnLine, ReturnState

if TYPE_CHECKING:
    from jetcart.jet.models.returns import Return, ReturnLine


def jet_status(ret: Return) -> str:
    """Jet's return status in the later spelling (`created`, `inprogress`, `completed by merchant`)."""
    folded = (ret.return_status or "").replace(" ", "").lower()
    return {"completedbymerchant": "completed by merchant", "acknowledged": "created"}.get(folded, folded)


def _fields(ret: Return, order: JetOrder | None) -> dict:
    return {
        "reference_return_authorization_id": ret.reference_return_authorization_id or "",
        "order": order,
        "merchant_order_id": ret.merchant_order_id or "",
        "reference_order_id": ret.reference_order_id or "",
        "jet_status": jet_status(ret),
        "refund_without_return": bool(ret.refund_without_return),
        "merchant_return_charge": jet_money(ret.merchant_return_charge, "merchant_return_charge"),
        "return_date": jet_time(ret.return_date, "return_date"),
        "payload": ret.model_dump(mode="json", by_alias=True, exclude_none=True),
    }


REQUESTED_AMOUNTS = {"principal": "requested_principal", "tax": "requested_tax",
                     "shipping_cost": "requested_shipping_cost", "shipping_tax": "requested_shipping_tax"}


def _required_id(item: ReturnLine, field: str) -> str:
    value = (item.order_item_id or "").strip()
    if not value:
        raise JetValueError(f"{field}: missing; a return line must name the order line it returns")
    return value


def _required_quantity(item: ReturnLine, field: str) -> int:
    if item.return_quantity < 1:  # the client reads an absent quantity as 0
        raise JetValueError(f"{field}: {item.return_quantity!r} is not a number of units (1 or more)")
    return item.return_quantity


def _requested_amounts(item: ReturnLine, field: str) -> dict:
    amount = item.requested_refund_amount
    if amount is None:
        raise JetValueError(f"{field}: missing; a return line must say what the customer asks back")
    fields = {}
    for key, name in REQUESTED_AMOUNTS.items():
        value = getattr(amount, key)
        if value is None:
            raise JetValueError(f"{field}.{key}: missing")
        fields[name] = jet_money(value, f"{field}.{key}")
    return fields


def read_return_lines(ret: Return) -> list[dict]:
    """The return's lines as row fields, every one checked before anything is saved: a line without its
    `order_item_id`, `return_quantity` or requested amounts raises JetValueError naming the field."""
    key = "return_merchant_SKUs"
    lines = []
    for index, item in enumerate(ret.return_merchant_skus):
        path = f"{key}[{index}]"
        lines.append({
            "order_item_id": _required_id(item, f"{path}.order_item_id"),
            "alt_order_item_id": item.alt_order_item_id or "",
            "merchant_sku": item.merchant_sku or "",
            "product_title": (item.merchant_sku_title or "")[:500],
            "return_quantity": _required_quantity(item, f"{path}.return_quantity"),
            "reason": (item.reason or "")[:200],
            **_requested_amounts(item, f"{path}.requested_refund_amount"),
        })
    seen: set[str] = set()
    for index, line in enumerate(lines):
        if line["order_item_id"] in seen:
            raise JetValueError(f"{key}[{index}].order_item_id: {line['order_item_id']!r} appears twice")
        seen.add(line["order_item_id"])
    return lines


def _save_lines(ret: JetReturn, lines: list[dict]) -> None:
    order_lines = {line.order_item_id: line for line in ret.order.lines.all()} if ret.order else {}
    for line in lines:
        defaults = {k: v for k, v in line.items() if k != "order_item_id"}
        JetReturnLine.objects.update_or_create(
            ret=ret, order_item_id=line["order_item_id"],
            defaults={**defaults, "order_line": order_lines.get(line["order_item_id"])},
        )


def save_jet_return(jet_return: Return) -> tuple[JetReturn, bool]:
    """Creates or refreshes the return from the client's Return (kept as its payload); returns (row, created). Lines are written once; later
    reads only refresh Jet's status and payload. A completion Jet shows closes the merchant's side too.

    Raises JetValueError naming the field when the return cannot be read (a line without its id, quantity or
    requested amounts, an unreadable amount or time); nothing of that return is saved then."""
    return_id = jet_return.merchant_return_authorization_id
    if not return_id:
        raise JetValueError("merchant_return_authorization_id: missing")
    order = JetOrder.objects.filter(merchant_order_id=jet_return.merchant_order_id or "").first()
    fields = _fields(jet_return, order)
    lines = read_return_lines(jet_return)
    existing = JetReturn.objects.filter(merchant_return_authorization_id=return_id).first()
    if existing is None:
        try:
            with transaction.atomic():
                ret = JetReturn.objects.create(merchant_return_authorization_id=return_id, **fields)
                _save_lines(ret, lines)
            return ret, True
        except IntegrityError:
            existing = JetReturn.objects.get(merchant_return_authorization_id=return_id)
    JetReturn.objects.filter(pk=existing.pk).update(**fields)
    existing.refresh_from_db()
    if existing.order and not existing.lines.filter(order_line__isnull=False).exists():
        _save_lines(existing, lines)  # the order arrived after the return
    return existing, False


def note_jet_completion(ret: JetReturn) -> None:
    """Jet shows the return completed (perhaps after a lost answer or by another tool): jetcart follows."""
    if ret.state != ReturnState.COMPLETED and ret.jet_status in ("inprogress", "completed by merchant"):
        JetReturn.objects.filter(pk=ret.pk).exclude(state=ReturnState.COMPLETED).update(
            state=ReturnState.COMPLETED, completed_at=timezone.now(), last_error="",
            completion=ret.completion or {"items": [item.model_dump(mode="json", by_alias=True, exclude_none=True)
                                                    for item in ret.jet_return.items]})
        ret.refresh_from_db()
