"""Merchant SKUs as Jet held them: product data, price, inventory, exceptions and listing status."""

from __future__ import annotations

from django.db import models

from jetcart.sandbox.models.merchants import Merchant


class Sku(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="skus")
    merchant_sku = models.CharField(max_length=255)
    merchant_sku_id = models.CharField(max_length=32)
    data = models.JSONField(default=dict, help_text="the MerchantSKU body last accepted (PUT replaces it)")
    has_data = models.BooleanField(default=False, help_text="a MerchantSKU body was uploaded")
    price = models.DecimalField(max_digits=20, decimal_places=2, null=True)
    price_nodes = models.JSONField(default=list)
    price_last_update = models.DateTimeField(null=True)
    inventory = models.JSONField(default=list, help_text="[{fulfillment_node_id, quantity, inventory_last_update}]")
    inventory_total = models.IntegerField(default=0)
    inventory_last_update = models.DateTimeField(null=True)
    is_archived = models.BooleanField(default=False)
    variation = models.JSONField(null=True)
    shipping_exception = models.JSONField(null=True)
    returns_exception = models.JSONField(null=True)
    data_missing = models.JSONField(default=list, help_text="sub-statuses the product data alone causes")
    missing = models.JSONField(default=list, help_text="sub-statuses from the data and price; empty = complete")
    complete = models.BooleanField(default=False, help_text="nothing is missing for listing")
    status = models.CharField(max_length=40, default="Missing Listing Data")
    sub_status = models.JSONField(default=list)
    review_due_at = models.DateTimeField(null=True, help_text="when the running Jet review ends")
    sku_last_update = models.DateTimeField(null=True)
    created_at = models.DateTimeField()

    class Meta:
        db_table = "sandbox_sku"
        constraints = [models.UniqueConstraint(fields=["merchant", "merchant_sku"], name="sandbox_sku_unique")]
        indexes = [
            models.Index(fields=["merchant", "review_due_at"], name="sandbox_sku_review"),
            models.Index(fields=["merchant", "status"], name="sandbox_sku_status"),
        ]
