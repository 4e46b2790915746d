"""Completing a Jet return: every rule checked against the return and the order, sent once through the outbox,
then the OpenCart returns completed (and restocked when the configuration says so)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.models import (
    JetOrder,
    JetReturn,
    JetReturnLine,
    OutboxMessage,
    OutboxState,
    ReturnState,
)
from jetcart.connector.outbox import OutboxHandler, deliver, enqueue
from jetcart.connector.outcomes import FieldErrors, InputInvalid
from jetcart.connector.refunds.charges import AMOUNT_KEYS, LineMoney, left_to_refund
from jetcart.connector.returns import jet_returns
from jetcart.jet.models.vocabulary import REFUND_FEEDBACK, RETURN_CHARGE_FEEDBACK
from jetcart.store.errors import StoreError

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient

# Messages shown next to the form's fields (tests import them).
CHARGE_CHOICE_REQUIRED = "Choose Yes or No."
CHARGE_FEEDBACK_REQUIRED = "Choose why you do not agree to the return charge."
CHARGE_FEEDBACK_UNKNOWN = "Choose one of Jet's return charge feedback values."
NEGATIVE = "Enter 0 or more."
RETURNED_TOO_MANY = "At most {maximum} unit(s): the customer returns {requested} of {shipped} shipped."
REFUNDED_MORE_THAN_RETURNED = "Cannot refund more units ({refunded}) than were received back ({returned})."
AMOUNT_TOO_HIGH = "At most ${maximum}: that is what is left of this line's charge after earlier refunds."
FEEDBACK_REQUIRED = "Choose why this refund is less than the customer asked for."
FEEDBACK_UNKNOWN = "Choose one of Jet's return refund feedback values."
NOT_OPEN = "The return is {status} on Jet; only created returns can be completed."
NOTHING_TO_COMPLETE = "Jet lists no items in this return."


@dataclass
class CompletionLineInput:
    line_id: int
    total_quantity_returned: int = 0
    order_return_refund_qty: int = 0
    principal: Decimal = Decimal("0")
    tax: Decimal = Decimal("0")
    shipping_cost: Decimal = Decimal("0")
    shipping_tax: Decimal = Decimal("0")
    return_refund_feedback: str = ""
    notes: str = ""

    def amounts(self) -> dict[str, Decimal]:
        return {key: Decimal(getattr(self, key) or 0) for key in AMOUNT_KEYS}


@dataclass
class CompletionInput:
    agree_to_return_charge: bool | None = None
    return_charge_feedback: str = ""
    lines: list[CompletionLineInput] = field(default_factory=list)


class CompletionInvalid(InputInvalid):
    """The completion breaks a rule (fields: `line-<id>-<name>` for lines)."""


def validate_completion(ret: JetReturn, data: CompletionInput) -> dict[str, list[str]]:
    """Jet's complete rules (§5.3) and the order's limits: units shipped, charge left after earlier refunds."""
    errors = FieldErrors()
    if not ret.can_complete:
        errors.add("__all__", NOT_OPEN.format(status=ret.jet_status or "unknown"))
    _check_return_charge(errors, data)
    lines = {line.pk: line for line in ret.lines.select_related("order_line")}
    if not lines:
        errors.add("__all__", NOTHING_TO_COMPLETE)
    left = left_to_refund(ret.order, exclude_return=ret) if ret.order else {}
    for item in data.lines:
        line = lines.get(item.line_id)
        if line is None:
            errors.add("__all__", f"Line {item.line_id} is not part of this return.")
            continue
        prefix = f"line-{line.pk}"
        _check_quantities(errors, item, line, prefix, refund_without_return=bool(ret.refund_without_return))
        _check_amounts(errors, item, left.get(line.order_line.pk) if line.order_line else None, prefix)
        _check_feedback(errors, item, line, prefix)
    missing = set(lines) - {item.line_id for item in data.lines}
    for line_id in sorted(missing):
        errors.add(f"line-{line_id}-total_quantity_returned", "Fill in every item of the return (Jet completes a "
                                                              "return in one call).")
    return errors


def _check_return_charge(errors: FieldErrors, data: CompletionInput) -> None:
    """Agree or not to the return charge; feedback from Jet's list, required when not agreeing."""
    if data.agree_to_return_charge is None:
        errors.add("agree_to_return_charge", CHARGE_CHOICE_REQUIRED)
    if data.return_charge_feedback and data.return_charge_feedback not in RETURN_CHARGE_FEEDBACK:
        errors.add("return_charge_feedback", CHARGE_FEEDBACK_UNKNOWN)
    elif data.agree_to_return_charge is False and not data.return_charge_feedback:
        errors.add("return_charge_feedback", CHARGE_FEEDBACK_REQUIRED)


def _check_quantities(errors: FieldErrors, item: CompletionLineInput, line: JetReturnLine, prefix: str, *,
                      refund_without_return: bool) -> None:
    """No negative values; no more returned than asked and shipped; no more refunded than returned."""
    for name in ("total_quantity_returned", "order_return_refund_qty", *AMOUNT_KEYS):
        if (getattr(item, name) or 0) < 0:
            errors.add(f"{prefix}-{name}", NEGATIVE)
    shipped = line.order_line.shipped if line.order_line else line.return_quantity
    maximum = min(line.return_quantity, shipped)
    if item.total_quantity_returned > maximum:
        errors.add(f"{prefix}-total_quantity_returned", RETURNED_TOO_MANY.format(
            maximum=maximum, requested=line.return_quantity, shipped=shipped))
    if item.order_return_refund_qty > item.total_quantity_returned and not refund_without_return:
        errors.add(f"{prefix}-order_return_refund_qty", REFUNDED_MORE_THAN_RETURNED.format(
            refunded=item.order_return_refund_qty, returned=item.total_quantity_returned))


def _check_amounts(errors: FieldErrors, item: CompletionLineInput, room: LineMoney | None, prefix: str) -> None:
    """Each amount at most what is left of the line's charge after earlier refunds (when the line is known)."""
    if room is None:
        return
    for key, value in item.amounts().items():
        if value > room.amounts[key]:
            errors.add(f"{prefix}-{key}", AMOUNT_TOO_HIGH.format(maximum=f"{room.amounts[key]:.2f}"))


def _check_feedback(errors: FieldErrors, item: CompletionLineInput, line: JetReturnLine, prefix: str) -> None:
    """Feedback from Jet's list, required when less than asked is refunded."""
    if item.return_refund_feedback and item.return_refund_feedback not in REFUND_FEEDBACK:
        errors.add(f"{prefix}-return_refund_feedback", FEEDBACK_UNKNOWN)
    elif not item.return_refund_feedback and (
            item.order_return_refund_qty < line.return_quantity
            or sum(item.amounts().values()) < line.requested_total):
        errors.add(f"{prefix}-return_refund_feedback", FEEDBACK_REQUIRED)


def completion_body(ret: JetReturn, data: CompletionInput) -> dict:
    """The body of PUT /returns/{id}/complete (§5.3); amounts as JSON numbers."""
    lines = {line.pk: line for line in ret.lines.all()}
    items = []
    for item in data.lines:
        line = lines[item.line_id]
        entry: dict[str, Any] = {
            "order_item_id": line.order_item_id,
            "total_quantity_returned": item.total_quantity_returned,
            "order_return_refund_qty": item.order_return_refund_qty,
            "refund_amount": {key: float(value) for key, value in item.amounts().items()},
        }
        if line.alt_order_item_id:
            entry["alt_order_item_id"] = line.alt_order_item_id
        if item.return_refund_feedback:
            entry["return_refund_feedback"] = item.return_refund_feedback
        if item.notes.strip():
            entry["notes"] = item.notes.strip()
        items.append(entry)
    body: dict[str, Any] = {"merchant_order_id": ret.merchant_order_id,
                            "agree_to_return_charge": bool(data.agree_to_return_charge), "items": items}
    if ret.order and ret.order.store_order_id:
        body["alt_order_id"] = str(ret.order.store_order_id)
    if not data.agree_to_return_charge:
        body["return_charge_feedback"] = data.return_charge_feedback
    return body


def record_completion(ret: JetReturn, data: CompletionInput) -> OutboxMessage:
    """Validates the completion and writes it with its outbox message in one transaction (once per return).

    The order's row (then the return's) is locked before what is left to refund is read, as refunds do, so a
    completion and a refund submitted at the same moment cannot both give back the same money."""
    with transaction.atomic():
        if ret.order_id is not None:
            JetOrder.objects.select_for_update().filter(pk=ret.order_id).first()
        locked = JetReturn.objects.select_for_update().select_related("order").get(pk=ret.pk)
        existing = OutboxMessage.objects.filter(key=locked.outbox_key).first()
        if existing is not None and existing.state != OutboxState.FAILED:
            return existing  # on its way or done: a double submit sends nothing new
        errors = validate_completion(locked, data)
        if errors:
            raise CompletionInvalid(errors)
        body = completion_body(locked, data)
        if existing is not None:  # Jet refused an earlier completion: the merchant corrected it
            OutboxMessage.objects.filter(pk=existing.pk).delete()
        message, _ = enqueue(key=locked.outbox_key, kind="return_complete",
                             subject=locked.merchant_return_authorization_id, payload=body)
        JetReturn.objects.filter(pk=locked.pk).update(state=ReturnState.COMPLETING, completion=body, last_error="",
                                                      updated_at=timezone.now())
    return message


def complete_return(*, ret: JetReturn, data: CompletionInput, client: JetClient | None = None) -> JetReturn:
    """Records and sends the completion; raises CompletionInvalid listing every rule. Returns the return with its
    resulting state (completed, completing while Jet's answer is unknown, or refused)."""
    if client is None:
        from jetcart.connector.jet_and_store import jet_client

        client = jet_client()
    message = record_completion(ret, data)
    deliver(message, client=client)
    ret.refresh_from_db()
    return ret


# ---- outbox handler ---------------------------------------------------------------------------------------


def _send(client: JetClient, message: OutboxMessage) -> None:
    jet_returns.send_completion(client, message.subject, message.payload)


def _is_applied(client: JetClient, message: OutboxMessage) -> bool:
    return jet_returns.is_completed(jet_returns.get_return(client, message.subject))


def _on_confirmed(message: OutboxMessage) -> None:
    from jetcart.connector.jet_and_store import GatewayNotConfigured, store_gateway
    from jetcart.connector.returns.store_returns import complete_store_returns

    ret = JetReturn.objects.get(merchant_return_authorization_id=message.subject)
    if JetReturn.objects.filter(pk=ret.pk).exclude(state=ReturnState.COMPLETED).update(
            state=ReturnState.COMPLETED, completed_at=timezone.now(), last_error="", completion=message.payload,
            jet_status="inprogress" if ret.jet_status == "created" else ret.jet_status):
        activity.record("return", f"Jet return {ret} completed by merchant", return_id=message.subject,
                        merchant_order_id=ret.merchant_order_id)
    try:
        complete_store_returns(ret, gateway=store_gateway())
    except (StoreError, GatewayNotConfigured) as exc:  # the next fetch finishes it
        JetReturn.objects.filter(pk=ret.pk).update(last_error=f"OpenCart: {exc}")


def _on_failed(message: OutboxMessage) -> None:
    ret = JetReturn.objects.get(merchant_return_authorization_id=message.subject)
    JetReturn.objects.filter(pk=ret.pk).update(state=ReturnState.REFUSED,
                                               last_error=f"Jet refused the completion: {message.last_error}")
    activity.record("return", f"Jet refused the completion of return {ret}: {message.last_error}", level="ERROR",
                    return_id=message.subject)


RETURN_COMPLETE_HANDLER = OutboxHandler(send=_send, is_applied=_is_applied, on_confirmed=_on_confirmed,
                                        on_failed=_on_failed)
