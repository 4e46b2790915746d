"""Creating a Jet refund for goods the customer returned directly: every rule checked against what was charged and
already refunded, then sent once through the outbox under the merchant's own `alt_refund_id`."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.models import JetOrder, JetOrderLine, JetRefund, OutboxMessage, RefundState
from jetcart.connector.outbox import OutboxHandler, deliver, enqueue
from jetcart.connector.outcomes import FieldErrors, InputInvalid
from jetcart.connector.refunds import jet_refunds
from jetcart.connector.refunds.charges import AMOUNT_KEYS, LineMoney, left_to_refund, refund_total
from jetcart.jet.models.vocabulary import REFUND_FEEDBACK, REFUND_REASONS

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient

REFUNDABLE_STATUSES = ("inprogress", "complete")

# Messages shown next to the form's fields (tests import them).
NEGATIVE = "Enter 0 or more."
RETURNED_TOO_MANY = "At most {shipped} unit(s) were shipped."
REFUND_TOO_MANY = "At most {left} unit(s) can still be refunded ({shipped} shipped, {done} already refunded)."
REFUNDED_MORE_THAN_RETURNED = "Cannot refund more units ({refunded}) than were returned ({returned})."
AMOUNT_TOO_HIGH = "At most ${maximum}: that is what is left of this line's charge after earlier refunds."
REASON_REQUIRED = "Choose the refund reason."
REASON_UNKNOWN = "Choose one of Jet's refund reasons."
FEEDBACK_REQUIRED = "Choose why this refund is less than the full price of the refunded units."
FEEDBACK_UNKNOWN = "Choose one of Jet's refund feedback values."
NOTES_TOO_LONG = "At most 1000 characters."
NOTHING_TO_REFUND = "Refund at least one unit or amount."
NOT_REFUNDABLE = "The order is {status} on Jet; only orders with shipped units can be refunded."


@dataclass
class RefundLineInput:
    line_id: int
    total_quantity_returned: int = 0
    order_return_refund_qty: int = 0
    refund_reason: str = ""
    refund_feedback: str = ""
    notes: str = ""
    principal: Decimal = Decimal("0")
    tax: Decimal = Decimal("0")
    shipping_cost: Decimal = Decimal("0")
    shipping_tax: Decimal = Decimal("0")

    def amounts(self) -> dict[str, Decimal]:
        return {key: Decimal(getattr(self, key) or 0) for key in AMOUNT_KEYS}

    @property
    def is_empty(self) -> bool:
        return not self.order_return_refund_qty and not any(self.amounts().values())


@dataclass
class RefundInput:
    lines: list[RefundLineInput] = field(default_factory=list)


class RefundInvalid(InputInvalid):
    """The refund breaks a rule (fields: `line-<id>-<name>`)."""


def refundable_orders():
    """Orders with shipped units (Jet refunds only what it charged), newest first."""
    return JetOrder.objects.filter(jet_status__in=REFUNDABLE_STATUSES, lines__shipped__gt=0).distinct()


def validate_refund(order: JetOrder, data: RefundInput) -> dict[str, list[str]]:
    """Jet's refund rules (§6.2) and the order's limits; errors keyed by form field. Empty lines are left out."""
    errors = FieldErrors()
    if order.jet_status not in REFUNDABLE_STATUSES:
        errors.add("__all__", NOT_REFUNDABLE.format(status=order.jet_status or "unknown"))
    lines = {line.pk: line for line in order.lines.all()}
    left = left_to_refund(order)
    used = [item for item in data.lines if not item.is_empty or item.total_quantity_returned]
    if not any(not item.is_empty for item in used):
        errors.add("__all__", NOTHING_TO_REFUND)
    for item in used:
        line = lines.get(item.line_id)
        if line is None:
            errors.add("__all__", f"Line {item.line_id} is not part of this order.")
            continue
        prefix = f"line-{line.pk}"
        _check_quantities(errors, item, line, left[line.pk], prefix)
        _check_amounts(errors, item, left[line.pk], prefix)
        _check_reason_and_feedback(errors, item, line, prefix)
        if len(item.notes) > 1000:
            errors.add(f"{prefix}-notes", NOTES_TOO_LONG)
    return errors


def _check_quantities(errors: FieldErrors, item: RefundLineInput, line: JetOrderLine, room: LineMoney,
                      prefix: str) -> None:
    """No negative values; no more returned than shipped, no more refunded than left or than returned."""
    for name in ("total_quantity_returned", "order_return_refund_qty", *AMOUNT_KEYS):
        if (getattr(item, name) or 0) < 0:
            errors.add(f"{prefix}-{name}", NEGATIVE)
    if item.total_quantity_returned > line.shipped:
        errors.add(f"{prefix}-total_quantity_returned", RETURNED_TOO_MANY.format(shipped=line.shipped))
    if item.order_return_refund_qty > room.units:
        errors.add(f"{prefix}-order_return_refund_qty", REFUND_TOO_MANY.format(
            left=room.units, shipped=line.shipped, done=line.shipped - room.units))
    elif 0 < item.total_quantity_returned < item.order_return_refund_qty:
        errors.add(f"{prefix}-order_return_refund_qty", REFUNDED_MORE_THAN_RETURNED.format(
            refunded=item.order_return_refund_qty, returned=item.total_quantity_returned))


def _check_amounts(errors: FieldErrors, item: RefundLineInput, room: LineMoney, prefix: str) -> None:
    """Each amount at most what is left of the line's charge after earlier refunds."""
    for key, value in item.amounts().items():
        if value > room.amounts[key]:
            errors.add(f"{prefix}-{key}", AMOUNT_TOO_HIGH.format(maximum=f"{room.amounts[key]:.2f}"))


def _check_reason_and_feedback(errors: FieldErrors, item: RefundLineInput, line: JetOrderLine, prefix: str) -> None:
    """A reason from Jet's list; feedback from Jet's list, required when less than the price is refunded."""
    if not item.refund_reason:
        errors.add(f"{prefix}-refund_reason", REASON_REQUIRED)
    elif item.refund_reason not in REFUND_REASONS:
        errors.add(f"{prefix}-refund_reason", REASON_UNKNOWN)
    if item.refund_feedback and item.refund_feedback not in REFUND_FEEDBACK:
        errors.add(f"{prefix}-refund_feedback", FEEDBACK_UNKNOWN)
    elif not item.refund_feedback and item.principal < line.unit_price * item.order_return_refund_qty:
        errors.add(f"{prefix}-refund_feedback", FEEDBACK_REQUIRED)


def refund_items(order: JetOrder, data: RefundInput) -> list[dict]:
    """The lines of the refund as sent (`items` of §6.2) plus what jetcart keeps (line id, SKU)."""
    lines = {line.pk: line for line in order.lines.all()}
    items = []
    for item in data.lines:
        if item.is_empty and not item.total_quantity_returned:
            continue
        line = lines[item.line_id]
        entry: dict[str, Any] = {
            "line_id": line.pk, "merchant_sku": line.merchant_sku, "order_item_id": line.order_item_id,
            "alt_order_item_id": str(line.pk), "total_quantity_returned": item.total_quantity_returned,
            "order_return_refund_qty": item.order_return_refund_qty, "refund_reason": item.refund_reason,
            "refund_amount": {key: float(value) for key, value in item.amounts().items()},
        }
        if item.refund_feedback:
            entry["refund_feedback"] = item.refund_feedback
        if item.notes.strip():
            entry["notes"] = item.notes.strip()
        items.append(entry)
    return items


def refund_body(refund: JetRefund) -> dict:
    """The body of POST /refunds/{merchant_order_id}/{alt_refund_id}: jetcart's own keys left out."""
    return {"items": [{k: v for k, v in item.items() if k not in ("line_id", "merchant_sku")}
                      for item in refund.items]}


def record_refund(order: JetOrder, data: RefundInput, *, alt_refund_id: str) -> JetRefund:
    """Validates the refund and writes it with its outbox message in one transaction, once per alt_refund_id.

    The order's row is locked (`select_for_update`; on SQLite the write transaction itself, begun IMMEDIATE) before
    what is left to refund is read, so two refunds submitted at the same time cannot both take the same units."""
    try:
        with transaction.atomic():
            locked = JetOrder.objects.select_for_update().get(pk=order.pk)
            existing = JetRefund.objects.filter(alt_refund_id=alt_refund_id).first()
            if existing:
                return existing
            errors = validate_refund(locked, data)
            if errors:
                raise RefundInvalid(errors)
            items = refund_items(locked, data)
            refund = JetRefund(order=locked, alt_refund_id=alt_refund_id, items=items)
            refund.amount = refund_total(refund.lines)
            refund.save(force_insert=True)
            enqueue(key=refund.outbox_key, kind="refund", subject=locked.merchant_order_id,
                    payload={"alt_refund_id": alt_refund_id, "body": refund_body(refund)})
    except IntegrityError:
        return JetRefund.objects.get(alt_refund_id=alt_refund_id)
    return refund


def send_refund(refund: JetRefund, *, client: JetClient | None = None) -> JetRefund:
    """Delivers the refund's outbox message; returns the refund with its resulting state."""
    if client is None:
        from jetcart.connector.jet_and_store import jet_client

        client = jet_client()
    deliver(OutboxMessage.objects.get(key=refund.outbox_key), client=client)
    refund.refresh_from_db()
    return refund


def create_refund(*, order: JetOrder, data: RefundInput, alt_refund_id: str, client: JetClient | None = None) -> JetRefund:
    """Records and sends a refund; raises RefundInvalid listing every rule. Sent at most once in effect."""
    return send_refund(record_refund(order, data, alt_refund_id=alt_refund_id), client=client)


# ---- outbox handler ---------------------------------------------------------------------------------------


def _alt(message: OutboxMessage) -> str:
    return message.payload["alt_refund_id"]


def _send(client: JetClient, message: OutboxMessage) -> None:
    answer = jet_refunds.create_refund(client, message.subject, _alt(message), message.payload["body"])
    if answer.refund_authorization_id:
        JetRefund.objects.filter(alt_refund_id=_alt(message)).update(
            refund_authorization_id=answer.refund_authorization_id, jet_status=answer.refund_status or "created")


def _is_applied(client: JetClient, message: OutboxMessage) -> bool:
    found = jet_refunds.find_refund(client, _alt(message))
    if found is not None and found.refund_authorization_id:
        JetRefund.objects.filter(alt_refund_id=_alt(message), refund_authorization_id="").update(
            refund_authorization_id=found.refund_authorization_id)
    return found is not None


def _on_confirmed(message: OutboxMessage) -> None:
    if JetRefund.objects.filter(alt_refund_id=_alt(message), state=RefundState.SENDING).update(
            state=RefundState.CREATED, last_error="", updated_at=timezone.now()):
        refund = JetRefund.objects.get(alt_refund_id=_alt(message))
        activity.record("refund", f"Jet refund {refund} of ${refund.amount} created for order {refund.order}",
                        alt_refund_id=refund.alt_refund_id, merchant_order_id=message.subject)


def _on_failed(message: OutboxMessage) -> None:
    JetRefund.objects.filter(alt_refund_id=_alt(message)).update(
        state=RefundState.REFUSED, last_error=message.last_error, finished_at=timezone.now())
    activity.record("refund", f"Jet refused refund {_alt(message)}: {message.last_error}", level="ERROR",
                    alt_refund_id=_alt(message), merchant_order_id=message.subject)


REFUND_HANDLER = OutboxHandler(send=_send, is_applied=_is_applied, on_confirmed=_on_confirmed, on_failed=_on_failed)
