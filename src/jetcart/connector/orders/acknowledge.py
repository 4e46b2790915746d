"""Acknowledging Jet orders (accept, or reject with Jet's non-fulfillable item statuses) through the outbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.models import AckState, Decision, JetOrder, OutboxMessage, OutboxState
from jetcart.connector.orders import jet_orders
from jetcart.connector.outbox import OutboxHandler, deliver, enqueue
from jetcart.jet.models.orders import Acknowledgement
from jetcart.jet.models.vocabulary import AckStatus, ItemAckStatus

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient


class AcknowledgeRefused(Exception):
    """The order cannot be acknowledged now; the message says why."""


def ack_key(merchant_order_id: str) -> str:
    return f"ack:{merchant_order_id}"


def acknowledgement_body(order: JetOrder) -> dict:
    """The body of PUT /orders/{id}/acknowledge for the recorded decision (§4.4)."""
    accepted = order.decision == Decision.ACCEPT
    items = []
    for line in order.lines.all():
        item = {"order_item_id": line.order_item_id,
                "order_item_acknowledgement_status": line.item_ack_status or ItemAckStatus.FULFILLABLE,
                "alt_order_item_id": str(line.pk)}
        items.append(item)
    body: dict[str, Any] = {
        "acknowledgement_status": AckStatus.ACCEPTED if accepted else (order.rejection_status
                                                                         or AckStatus.REJECTED_ITEM_LEVEL_ERROR),
        "order_items": items,
    }
    if accepted and order.store_order_id:
        body["alt_order_id"] = str(order.store_order_id)
    return body


def request_acknowledgement(order: JetOrder) -> OutboxMessage:
    """Writes the acknowledgement to the outbox (once per order) after checking it may be sent."""
    if order.decision == Decision.UNDECIDED:
        raise AcknowledgeRefused(f"order {order} has not been checked against the store yet; fetch orders first")
    if order.decision == Decision.ACCEPT and not order.store_order_id:
        raise AcknowledgeRefused(f"order {order} is not created in OpenCart yet: {order.last_error or 'fetch again'}")
    if order.is_cancelled:
        raise AcknowledgeRefused(f"order {order} is cancelled")
    if order.jet_status != "ready" and not OutboxMessage.objects.filter(key=ack_key(order.merchant_order_id)).exists():
        raise AcknowledgeRefused(f"order {order} is {order.jet_status} on Jet; only ready orders are acknowledged")
    with transaction.atomic():
        message, _ = enqueue(key=ack_key(order.merchant_order_id), kind="ack", subject=order.merchant_order_id,
                             payload=acknowledgement_body(order))
        JetOrder.objects.filter(pk=order.pk, ack_state__in=[AckState.NOT_SENT, AckState.FAILED]).update(
            ack_state=AckState.SENDING)
    return message


@dataclass
class AcknowledgeResult:
    acknowledged: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "order: reason"
    already: list[str] = field(default_factory=list)  # answered on Jet before this call (not counted above)

    def summary(self) -> str:
        text = (f"{len(self.acknowledged)} acknowledged, {len(self.rejected)} rejected, "
                f"{len(self.pending)} awaiting Jet, {len(self.refused)} refused")
        return text + (f", {len(self.already)} already acknowledged" if self.already else "")


def acknowledge_orders(*, orders: list[JetOrder], client: JetClient | None = None) -> AcknowledgeResult:
    """Sends each order's acknowledgement (accept or reject as decided); never sends one twice."""
    if client is None:
        from jetcart.connector.jet_and_store import jet_client

        client = jet_client()
    result = AcknowledgeResult()
    for order in orders:
        try:
            message = request_acknowledgement(order)
        except AcknowledgeRefused as exc:
            result.refused.append(str(exc))
            continue
        message = deliver(message, client=client)
        if message.state == OutboxState.CONFIRMED and not message.closed_now:
            result.already.append(str(order))  # Jet's answer was recorded by another run, or an earlier one
        elif message.state == OutboxState.CONFIRMED:
            (result.acknowledged if order.decision == Decision.ACCEPT else result.rejected).append(str(order))
        elif message.state == OutboxState.FAILED:
            result.refused.append(f"{order}: Jet refused the acknowledgement: {message.last_error}")
        else:
            result.pending.append(str(order))
    return result


def find_order(text: str) -> JetOrder:
    """The order named by Jet's merchant_order_id or reference_order_id, or by its OpenCart order id (digits);
    AcknowledgeRefused if none matches, or if the text names more than one order (say which to use)."""
    text = text.strip()
    query = Q(merchant_order_id=text) | Q(reference_order_id=text)
    if text.isdigit():
        query |= Q(store_order_id=int(text))
    found = list(JetOrder.objects.filter(query).order_by("id")[:5])
    if not found:
        raise AcknowledgeRefused(f"{text}: no such Jet order in jetcart (fetch orders first)")
    if len(found) > 1:
        names = ", ".join(_how_named(order, text) for order in found)
        raise AcknowledgeRefused(f"{text}: ambiguous, it names {names}; give the merchant_order_id instead")
    return found[0]


def _how_named(order: JetOrder, text: str) -> str:
    if order.merchant_order_id == text:
        return f"Jet order {order.merchant_order_id}"
    if order.reference_order_id == text:
        return f"Jet order {order.merchant_order_id} (reference {text})"
    return f"Jet order {order.merchant_order_id} (OpenCart order #{text})"


def acknowledge_by_ids(ids: list[str], *, client: JetClient | None = None) -> AcknowledgeResult:
    """Acknowledges orders named by merchant_order_id, reference_order_id or OpenCart order id."""
    refused: list[str] = []
    orders: list[JetOrder] = []
    for text in ids:
        try:
            order = find_order(text)
        except AcknowledgeRefused as exc:
            refused.append(str(exc))
            continue
        if all(order.pk != other.pk for other in orders):
            orders.append(order)
    result = acknowledge_orders(orders=orders, client=client) if orders else AcknowledgeResult()
    result.refused[:0] = refused
    return result


# ---- outbox handler ---------------------------------------------------------------------------------------


def _send(client: JetClient, message: OutboxMessage) -> None:
    jet_orders.send_acknowledgement(client, message.subject, message.payload)


def _sent_status(message: OutboxMessage) -> AckStatus:
    """The acknowledgement status the message carries (its payload is the Acknowledgement body sent)."""
    return Acknowledgement.parse(message.payload).acknowledgement_status


def _is_applied(client: JetClient, message: OutboxMessage) -> bool:
    """True only when Jet shows the acknowledgement that was sent. An order Jet cancelled meanwhile (for want of
    an acknowledgement) is not acknowledged: the message fails and the fetch records the order as cancelled."""
    order = jet_orders.get_order(client, message.subject)
    sent = _sent_status(message).lower()
    shown = (order.acknowledgement_status or "").lower()
    if shown:
        return shown == sent
    status = (order.status or "").lower()
    return sent == AckStatus.ACCEPTED and status == "acknowledged" and not order.exception_state


def _on_confirmed(message: OutboxMessage) -> None:
    now = timezone.now()
    status = _sent_status(message)
    accepted = status == AckStatus.ACCEPTED
    JetOrder.objects.filter(merchant_order_id=message.subject).exclude(ack_state=AckState.DONE).update(
        ack_state=AckState.DONE, acknowledged_at=now, updated_at=now)
    if accepted:
        JetOrder.objects.filter(merchant_order_id=message.subject, jet_status="ready").update(
            jet_status="acknowledged")
    order = JetOrder.objects.filter(merchant_order_id=message.subject).first()
    name = str(order) if order else message.subject
    if accepted:
        activity.record("order", f"Jet order {name} acknowledged (accepted)", merchant_order_id=message.subject)
    else:
        reason = (order.rejection_reason if order else "") or "no reason recorded"
        activity.record("order", f"Jet order {name} rejected on Jet ({status}): {reason}", level="WARNING",
                        merchant_order_id=message.subject)


def _on_failed(message: OutboxMessage) -> None:
    JetOrder.objects.filter(merchant_order_id=message.subject).update(
        ack_state=AckState.FAILED, last_error=f"Jet refused the acknowledgement: {message.last_error}")
    activity.record("order", f"Jet refused the acknowledgement of order {message.subject}: {message.last_error}",
                    level="ERROR", merchant_order_id=message.subject)


ACK_HANDLER = OutboxHandler(send=_send, is_applied=_is_applied, on_confirmed=_on_confirmed, on_failed=_on_failed)
