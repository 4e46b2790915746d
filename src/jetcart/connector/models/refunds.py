"""Jet refunds the merchant creates (goods returned directly), keyed by the merchant's own `alt_refund_id`."""

from __future__ import annotations

from decimal import Decimal

from django.db import models

from jetcart.connector.models.orders import JetOrder
from jetcart.connector.models.stored_json import read_once
from jetcart.jet.models.returns import RefundLineInfo


class RecordedRefundLine(RefundLineInfo):
    """A line of a refund as jetcart keeps it: the item sent to Jet plus jetcart's line id and SKU."""

    line_id: int | None = None
    merchant_sku: str | None = None


class RefundState(models.TextChoices):
    SENDING = "sending", "Sending to Jet"  # in the outbox; Jet has not confirmed it yet
    CREATED = "created", "created"  # Jet has it (created or processing on Jet)
    ACCEPTED = "accepted", "accepted"
    REJECTED = "rejected", "rejected"
    REFUSED = "refused", "refused by Jet"  # Jet refused the request itself (400); nothing was refunded


FINAL_REFUND_STATES = (RefundState.ACCEPTED, RefundState.REJECTED, RefundState.REFUSED)


class JetRefund(models.Model):
    """One refund request: its lines (JSON, one per order item), Jet's id and status, and its OpenCart notes."""

    alt_refund_id = models.CharField(max_length=64, unique=True)
    order = models.ForeignKey(JetOrder, on_delete=models.PROTECT, related_name="refunds")
    refund_authorization_id = models.CharField(max_length=64, blank=True)
    jet_status = models.CharField(max_length=80, blank=True, help_text="refund_status as Jet last showed it")
    state = models.CharField(max_length=10, choices=RefundState.choices, default=RefundState.SENDING)
    items = models.JSONField(help_text="per line: line_id, order_item_id, merchant_sku, quantities, reason, "
                                       "feedback, notes, amounts")
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    last_error = models.TextField(blank=True)
    store_noted = models.BooleanField(default=False, help_text="the outcome is noted on the OpenCart order")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.alt_refund_id

    @property
    def outbox_key(self) -> str:
        return f"refund:{self.alt_refund_id}"

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_REFUND_STATES

    @property
    def lines(self) -> list[RecordedRefundLine]:
        """The recorded lines, typed."""
        return read_once(self, "items", self.items,
                         lambda items: [RecordedRefundLine.model_validate(item) for item in items or []])

    def skus(self) -> list[str]:
        return [line.merchant_sku or line.order_item_id or "" for line in self.lines]
