"""Jet returns in the connector: one row per Jet return with Jet's payload, and its lines bound to OpenCart returns."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from pydantic import Field

from jetcart.connector.models.orders import JetOrder, JetOrderLine
from jetcart.connector.models.stored_json import read_once
from jetcart.jet.models.base import JetBool, JetObject
from jetcart.jet.models.returns import CompletedLine, Return


class ReturnState(models.TextChoices):
    CREATED = "created", "jet_return_created"  # fetched from Jet, waiting for the merchant
    COMPLETING = "completing", "completion sent to Jet"  # in the outbox; Jet has not confirmed it yet
    COMPLETED = "completed", "completed by merchant"
    REFUSED = "refused", "completion refused by Jet"  # Jet refused the completion; the merchant may try again


class RecordedCompletion(JetObject):
    """A return's completion as jetcart keeps it: the body sent to Jet, or the items Jet showed completed."""

    agree_to_return_charge: JetBool | None = None
    return_charge_feedback: str | None = None
    items: list[CompletedLine] = Field(default_factory=list)


class JetReturn(models.Model):
    """A customer return Jet opened for a shipped order, saved before anything else happens to it."""

    merchant_return_authorization_id = models.CharField(max_length=64, unique=True)
    reference_return_authorization_id = models.CharField(max_length=64, blank=True)
    order = models.ForeignKey(JetOrder, null=True, blank=True, on_delete=models.SET_NULL, related_name="returns")
    merchant_order_id = models.CharField(max_length=64, db_index=True)
    reference_order_id = models.CharField(max_length=64, blank=True)
    jet_status = models.CharField(max_length=40, help_text="return_status as Jet last showed it")
    refund_without_return = models.BooleanField(default=False)
    merchant_return_charge = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    return_date = models.DateTimeField(null=True, blank=True)
    payload = models.JSONField(help_text="the return object as Jet last returned it")

    state = models.CharField(max_length=12, choices=ReturnState.choices, default=ReturnState.CREATED)
    completion = models.JSONField(null=True, blank=True, help_text="the body sent to PUT /returns/{id}/complete")
    completed_at = models.DateTimeField(null=True, blank=True)
    store_completed = models.BooleanField(default=False, help_text="OpenCart returns set to the completed status")
    store_lease_until = models.DateTimeField(null=True, blank=True, help_text="a worker is writing OpenCart rows")
    last_error = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.reference_return_authorization_id or self.merchant_return_authorization_id

    @property
    def outbox_key(self) -> str:
        return f"return-complete:{self.merchant_return_authorization_id}"

    @property
    def jet_return(self) -> Return:
        """The stored payload as the client's typed Return (the row's id when the payload lacks it)."""
        return read_once(self, "payload", self.payload, lambda payload: Return.model_validate(
            {"merchant_return_authorization_id": self.merchant_return_authorization_id, **(payload or {})}))

    @property
    def recorded_completion(self) -> RecordedCompletion | None:
        """The completion sent (or seen on Jet), typed; None while the return is not completed."""
        return read_once(self, "completion", self.completion,
                         lambda completion: RecordedCompletion.model_validate(completion) if completion else None)

    @property
    def completed_items(self) -> list[CompletedLine]:
        """The completed lines (units received back and refunded, amounts); empty while not completed."""
        completion = self.recorded_completion
        return completion.items if completion else []

    @property
    def can_complete(self) -> bool:
        return self.state in (ReturnState.CREATED, ReturnState.REFUSED) and self.jet_status == "created"


class JetReturnLine(models.Model):
    """One returned Jet order item: what the customer asks back, and the OpenCart return written for it."""

    ret = models.ForeignKey(JetReturn, on_delete=models.CASCADE, related_name="lines")
    order_item_id = models.CharField(max_length=64)
    alt_order_item_id = models.CharField(max_length=64, blank=True)
    merchant_sku = models.CharField(max_length=100, blank=True)
    product_title = models.CharField(max_length=500, blank=True)
    return_quantity = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=200, blank=True)
    requested_principal = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    requested_tax = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    requested_shipping_cost = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    requested_shipping_tax = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal("0"))
    order_line = models.ForeignKey(JetOrderLine, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="return_lines")
    store_return_id = models.PositiveIntegerField(null=True, blank=True, unique=True)
    product_name = models.CharField(max_length=255, blank=True, help_text="as OpenCart shows it")
    model = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["ret", "order_item_id"], name="jet_return_line_unique")]

    def __str__(self) -> str:
        return f"{self.merchant_sku} × {self.return_quantity}"

    @property
    def requested_total(self) -> Decimal:
        return (self.requested_principal + self.requested_tax + self.requested_shipping_cost
                + self.requested_shipping_tax)

    @property
    def store_marker(self) -> str:
        """Written in the OpenCart return's comment so that a retry finds the row instead of adding another."""
        return f"[jet-return {self.ret.merchant_return_authorization_id}/{self.order_item_id}]"
