"""Saving a Jet return object in the connector (the inbox): one row per return id, its lines bound to order lines."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from jetcart.connector.jet_values import jet_money, jet_time
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
        "return_date": jet_time(payload.get("return_date")),
        "payload": payload,
    }


def _save_lines(ret: JetReturn, payload: dict) -> None:
    order_lines = {line.order_item_id: line for line in ret.order.lines.all()} if ret.order else {}
    for item in payload.get("return_merchant_SKUs") or payload.get("return_merchant_skus") or []:
        amount = item.get("requested_refund_amount") or {}
        JetReturnLine.objects.update_or_create(
            ret=ret, order_item_id=str(item.get("order_item_id") or ""),
            defaults={
                "alt_order_item_id": str(item.get("alt_order_item_id") or ""),
                "merchant_sku": str(item.get("merchant_sku") or ""),
                "product_title": str(item.get("merchant_sku_title") or "")[:500],
                "return_quantity": int(item.get("return_quantity") or 0),
                "reason": str(item.get("reason") or "")[:200],
                "requested_principal": jet_money(amount.get("principal"), "requested_refund_amount.principal"),
                "requested_tax": jet_money(amount.get("tax"), "requested_refund_amount.tax"),
                "requested_shipping_cost": jet_money(amount.get("shipping_cost"), "requested_refund_amount.shipping_cost"),
                "requested_shipping_tax": jet_money(amount.get("shipping_tax"), "requested_refund_amount.shipping_tax"),
                "order_line": order_lines.get(str(item.get("order_item_id") or "")),
            },
        )


def save_jet_return(payload: dict) -> tuple[JetReturn, bool]:
    """Creates or refreshes the return from Jet's object; returns (row, created). Lines are written once; later
    reads only refresh Jet's status and payload. A completion Jet shows closes the merchant's side too."""
    return_id = str(payload["merchant_return_authorization_id"])
    order = JetOrder.objects.filter(merchant_order_id=str(payload.get("merchant_order_id") or "")).first()
    fields = _fields(payload, order)
    existing = JetReturn.objects.filter(merchant_return_authorization_id=return_id).first()
    if existing is None:
        try:
            with transaction.atomic():
                ret = JetReturn.objects.create(merchant_return_authorization_id=return_id, **fields)
                _save_lines(ret, payload)
            return ret, True
        except IntegrityError:
            existing = JetReturn.objects.get(merchant_return_authorization_id=return_id)
    JetReturn.objects.filter(pk=existing.pk).update(**fields)
    existing.refresh_from_db()
    if existing.order and not existing.lines.filter(order_line__isnull=False).exists():
        _save_lines(existing, payload)  # the order arrived after the return
    return existing, False


def note_jet_completion(ret: JetReturn) -> None:
    """Jet shows the return completed (perhaps after a lost answer or by another tool): jetcart follows."""
    if ret.state != ReturnState.COMPLETED and ret.jet_status in ("inprogress", "completed by merchant"):
        JetReturn.objects.filter(pk=ret.pk).exclude(state=ReturnState.COMPLETED).update(
            state=ReturnState.COMPLETED, completed_at=timezone.now(), last_error="",
            completion=ret.completion or {"items": ret.payload.get("items") or []})
        ret.refresh_from_db()
