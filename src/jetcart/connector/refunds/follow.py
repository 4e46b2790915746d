"""Following refunds until Jet accepts or rejects them (`jetcart refunds status`, the schedule), with a history note
on the OpenCart order for each outcome."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.jet_values import UNREADABLE_DOCUMENT
from jetcart.connector.models import FINAL_REFUND_STATES, JetConfiguration, JetRefund, RefundState
from jetcart.connector.outbox import deliver_open_messages
from jetcart.connector.outcomes import RunSummary
from jetcart.connector.refunds import jet_refunds
from jetcart.jet.errors import JetError, JetNotFound
from jetcart.store.errors import StoreError

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.store.gateway import StoreGateway


@dataclass
class RefundsSummary(RunSummary):
    checked: int = 0
    accepted: int = 0
    rejected: int = 0
    waiting: int = 0

    def headline(self) -> str:
        return (f"checked {self.checked} open Jet refund(s): {self.accepted} accepted, {self.rejected} rejected, "
                f"{self.waiting} still with Jet")


OPEN_JET_STATUSES = ("created", "processing")


class UnknownRefundStatus(ValueError):
    """Jet answered a refund status jetcart does not know (empty, misspelt, new); the refund is left as it was."""


def state_for(jet_status: str) -> RefundState:
    """The refund state for Jet's `refund_status`; raises UnknownRefundStatus for any value not in Jet's list."""
    status = jet_status.strip().lower()
    if status == "accepted":
        return RefundState.ACCEPTED
    if status.startswith("rejected"):
        return RefundState.REJECTED
    if status in OPEN_JET_STATUSES:
        return RefundState.CREATED
    raise UnknownRefundStatus(f"refund_status {jet_status!r} is not one of Jet's refund statuses "
                              f"(created, processing, accepted, rejected - ...); the refund is left as it was")


def note_in_store(refund: JetRefund, *, gateway: StoreGateway) -> None:
    """Writes the refund's outcome as a history row of the OpenCart order (status unchanged), once."""
    order = refund.order
    if refund.store_noted or not refund.is_final or not order.store_order_id:
        return
    skus = ", ".join(f"{line.merchant_sku} × {line.order_return_refund_qty}" for line in refund.lines)
    outcome = refund.jet_status or refund.get_state_display()
    comment = f"Jet refund {refund.alt_refund_id} of ${refund.amount:.2f} ({skus}): {outcome}."
    status_id = order.store_status_id or JetConfiguration.load().order_status_new
    gateway.change_order_status(order.store_order_id, status_id, comment=comment)
    JetRefund.objects.filter(pk=refund.pk).update(store_noted=True)


def refresh_refund(refund: JetRefund, *, client: JetClient) -> JetRefund:
    """Reads the refund's status from Jet and records it (and when it ended); an unknown status raises
    UnknownRefundStatus and changes nothing."""
    answer = jet_refunds.get_refund(client, refund.refund_authorization_id or refund.alt_refund_id)
    jet_status = answer.refund_status or ""
    state = state_for(jet_status)
    fields: dict[str, Any] = {"jet_status": jet_status, "state": state, "updated_at": timezone.now()}
    if answer.refund_authorization_id:
        fields["refund_authorization_id"] = answer.refund_authorization_id
    if state in FINAL_REFUND_STATES:
        fields["finished_at"] = timezone.now()
    JetRefund.objects.filter(pk=refund.pk, state=RefundState.CREATED).update(**fields)
    refund.refresh_from_db()
    return refund


def follow_refunds(*, client: JetClient | None = None, gateway: StoreGateway | None = None) -> RefundsSummary:
    """Re-delivers refunds whose sending was cut short, reads every open refund's status from Jet, and notes each
    outcome on the OpenCart order."""
    from jetcart.connector.jet_and_store import jet_client, store_gateway

    client = client or jet_client()
    gateway = gateway or store_gateway()
    summary = RefundsSummary()
    deliver_open_messages(client=client, kinds=["refund"])
    for refund in JetRefund.objects.filter(state=RefundState.CREATED).select_related("order").order_by("id"):
        summary.checked += 1
        try:
            refund = refresh_refund(refund, client=client)
        except JetNotFound:
            summary.problems.append(f"refund {refund}: Jet does not know it")
            continue
        except JetError as exc:
            summary.problems.append(f"refund {refund}: {exc}")
            continue
        except UNREADABLE_DOCUMENT as exc:  # an unknown status, or an answer that is not a refund: skipped
            summary.problems.append(f"refund {refund}: {exc}")
            activity.record("refund", f"Jet refund {refund}: {exc}", level="WARNING",
                            alt_refund_id=refund.alt_refund_id, merchant_order_id=refund.order.merchant_order_id)
            continue
        if refund.state == RefundState.ACCEPTED:
            summary.accepted += 1
        elif refund.state == RefundState.REJECTED:
            summary.rejected += 1
        else:
            summary.waiting += 1
            continue
        level = "INFO" if refund.state == RefundState.ACCEPTED else "WARNING"
        activity.record("refund", f"Jet refund {refund} {refund.jet_status}", level=level,
                        alt_refund_id=refund.alt_refund_id, merchant_order_id=refund.order.merchant_order_id)
    for refund in JetRefund.objects.filter(state__in=FINAL_REFUND_STATES, store_noted=False).exclude(
            state=RefundState.REFUSED).select_related("order"):
        try:
            note_in_store(refund, gateway=gateway)
        except StoreError as exc:
            summary.problems.append(f"refund {refund}: {exc}")
    return summary
