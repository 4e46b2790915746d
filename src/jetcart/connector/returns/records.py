"""Saving a Jet return object in the connector (the inbox): one row per return id, its lines bound to order lines."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from jetcart.connector.jet_values import JetValueError, jet_money, jet_time
from jetcart.connector.models import JetOrder, JetReturn, JetReturnLine, ReturnState


def jet_status(payload: dict) -> str:
    """Jet's return status in the later spelling (`created`, `inprogress`, `completed by merchant`)."""
    folded = str(payload.get("return_status") or "").replace(" ", "").lower()
    return {"completedbymerchant": "completed by merchant", "acknowledged": "created"}.get(folded, folded)


def _fields(payload: dict, order: JetOrder | None) -> dict:
    return {
        "reference_return_authorization_id": str(payload.get("reference_return_authorization_id") or ""),
        "order": order,
        "merchant_order_id": str(payload.get("merchant_order_id") or ""),
        "reference_order_id": str(payload.get("reference_order_id") or ""),
        "jet_status": jet_status(payload),
        "refund_without_return": bool(payload.get("refund_without_return")),
        "merchant_return_charge": jet_money(payload.get("merchant_return_charge"), "merchant_return_charge"),
        "return_date": jet_time(payload.get("return_date"), "return_date"),
        "payload": payload,
    }


REQUESTED_AMOUNTS = {"principal": "requested_principal", "tax": "requested_tax",
                     "shipping_cost": "requested_shipping_cost", "shipping_tax": "requested_shipping_tax"}


def _required_id(item: dict, field: str) -> str:
    value = item.get("order_item_id")
    if value in (None, "") or not str(value).strip():
        raise JetValueError(f"{field}: missing; a return line must name the order line it returns")
    return str(value).strip()


def _required_quantity(item: dict, field: str) -> int:
    value = item.get("return_quantity")
    if value in (None, ""):
        raise JetValueError(f"{field}: missing; a return line must say how many units come back")
    if isinstance(value, bool) or not str(value).strip().isdigit() or int(str(value).strip()) < 1:
        raise JetValueError(f"{field}: {value!r} is not a number of units (1 or more)")
    return int(str(value).strip())


def _requested_amounts(item: dict, field: str) -> dict:
    amount = item.get("requested_refund_amount")
    if not isinstance(amount, dict):
        raise JetValueError(f"{field}: missing; a return line must say what the customer asks back")
    fields = {}
    for key, name in REQUESTED_AMOUNTS.items():
        if amount.get(key) in (None, ""):
            raise JetValueError(f"{field}.{key}: missing")
        fields[name] = jet_money(amount[key], f"{field}.{key}")
    return fields


def read_return_lines(payload: dict) -> list[dict]:
    """The return's lines as row fields, every one checked before anything is saved: a line without its
    `order_item_id`, `return_quantity` or requested amounts raises JetValueError naming the field."""
    key = "return_merchant_SKUs" if "return_merchant_SKUs" in payload else "return_merchant_skus"
    lines = []
    for index, item in enumerate(payload.get(key) or []):
        path = f"{key}[{index}]"
        if not isinstance(item, dict):
            raise JetValueError(f"{path}: {item!r} is not a return line")
        lines.append({
            "order_item_id": _required_id(item, f"{path}.order_item_id"),
            "alt_order_item_id": str(item.get("alt_order_item_id") or ""),
            "merchant_sku": str(item.get("merchant_sku") or ""),
            "product_title": str(item.get("merchant_sku_title") or "")[:500],
            "return_quantity": _required_quantity(item, f"{path}.return_quantity"),
            "reason": str(item.get("reason") or "")[:200],
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


def save_jet_return(payload: dict) -> tuple[JetReturn, bool]:
    """Creates or refreshes the return from Jet's object; returns (row, created). Lines are written once; later
    reads only refresh Jet's status and payload. A completion Jet shows closes the merchant's side too.

    Raises JetValueError naming the field when the return cannot be read (a line without its id, quantity or
    requested amounts, an unreadable amount or time); nothing of that return is saved then."""
    return_id = payload.get("merchant_return_authorization_id")
    if return_id in (None, ""):
        raise JetValueError("merchant_return_authorization_id: missing")
    return_id = str(return_id)
    order = JetOrder.objects.filter(merchant_order_id=str(payload.get("merchant_order_id") or "")).first()
    fields = _fields(payload, order)
    lines = read_return_lines(payload)
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
            completion=ret.completion or {"items": ret.payload.get("items") or []})
        ret.refresh_from_db()
