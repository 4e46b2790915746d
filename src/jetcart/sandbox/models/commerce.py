"""Orders, returns and refunds: a JSON document as Jet served it, plus indexed columns for lists and timers."""

from __future__ import annotations

from django.db import models

from jetcart.sandbox.models.merchants import Merchant


class Order(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="orders")
    merchant_order_id = models.CharField(max_length=32, unique=True)
    status = models.CharField(max_length=20)
    is_cancelled = models.BooleanField(default=False)
    directed_cancel_open = models.BooleanField(default=False)
    fulfillment_node = models.CharField(max_length=64)
    tag = models.CharField(max_length=200, blank=True, default="")
    document = models.JSONField(help_text="the order object of GET /orders/withoutShipmentDetail/{id}")
    created_at = models.DateTimeField()
    next_transition_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "sandbox_order"
        indexes = [
            models.Index(fields=["merchant", "status", "created_at"], name="sandbox_order_status"),
            models.Index(fields=["merchant", "next_transition_at"], name="sandbox_order_due"),
        ]


class Return(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="returns")
    return_id = models.CharField(max_length=32, unique=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="returns")
    status = models.CharField(max_length=40)
    document = models.JSONField()
    created_at = models.DateTimeField()
    next_transition_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "sandbox_return"
        indexes = [models.Index(fields=["merchant", "next_transition_at"], name="sandbox_return_due")]


class Refund(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="refunds")
    refund_authorization_id = models.CharField(max_length=32, unique=True)
    alt_refund_id = models.CharField(max_length=200)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    status = models.CharField(max_length=60)
    outcome = models.CharField(max_length=60, help_text="the final status the refund will reach")
    document = models.JSONField()
    created_at = models.DateTimeField()
    next_transition_at = models.DateTimeField(null=True)

    class Meta:
        db_table = "sandbox_refund"
        constraints = [models.UniqueConstraint(fields=["merchant", "alt_refund_id"], name="sandbox_refund_alt")]
        indexes = [models.Index(fields=["merchant", "next_transition_at"], name="sandbox_refund_due")]
