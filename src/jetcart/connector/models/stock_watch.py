"""Change capture, sellable quantities and drift: where the watcher stands, what each pushed quantity is made of,
and what the drift checks found on Jet."""

from __future__ import annotations

from django.db import models


class CaptureState(models.Model):
    """The single row of the stock watcher: how it captures changes and how far polling has read."""

    mode = models.CharField(max_length=10, blank=True, help_text="triggers or polling, as seen on the last pass")
    history_cursor = models.BigIntegerField(default=-1, help_text="last order_history id polling has read")
    modified_cursor = models.CharField(max_length=19, blank=True,
                                       help_text="newest product.date_modified polling has read (store-local)")
    modified_seen = models.JSONField(default=list, blank=True,
                                     help_text="ids already read at modified_cursor (its second is read again)")
    checksums = models.JSONField(default=dict, blank=True, help_text="checksum per bucket of product ids")
    checksums_at = models.DateTimeField(null=True, blank=True)
    specials_day = models.DateField(null=True, blank=True, help_text="the store day whose specials were looked at")
    jet_orders_at = models.DateTimeField(null=True, blank=True, help_text="Jet orders changed since are looked at")
    last_pass_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    last_summary = models.TextField(blank=True)
    last_error = models.TextField(blank=True)

    @classmethod
    def load(cls) -> CaptureState:
        state, _ = cls.objects.get_or_create(pk=1)
        return state


class PushedQuantity(models.Model):
    """How the last quantity pushed for a merchant SKU was made: on hand − open Jet orders − units held by
    OpenCart orders not yet subtracted − buffer, floor 0 (0 for a disabled product)."""

    merchant_sku = models.CharField(max_length=50, unique=True)
    product_id = models.PositiveIntegerField(db_index=True)
    quantity = models.IntegerField()
    on_hand = models.IntegerField()
    jet_open = models.IntegerField(default=0)
    store_held = models.IntegerField(default=0)
    buffer = models.IntegerField(default=0)
    enabled = models.BooleanField(default=True)
    source = models.CharField(max_length=20, blank=True, help_text="what sent it: sync, capture, drift")
    sent_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.merchant_sku}: {self.quantity}"


class DriftCheck(models.Model):
    """One comparison of what Jet shows with what jetcart last sent and what the store says now."""

    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    complete = models.BooleanField(default=False, help_text="Jet's whole SKU list was read")
    skus_read = models.PositiveIntegerField(default=0)
    skus_compared = models.PositiveIntegerField(default=0)
    differences = models.PositiveIntegerField(default=0)
    healed = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]


class DriftFinding(models.Model):
    """One SKU whose price or inventory on Jet differed from what it should be, and what was done."""

    check_run = models.ForeignKey(DriftCheck, on_delete=models.CASCADE, related_name="findings")
    merchant_sku = models.CharField(max_length=50, db_index=True)
    product_id = models.PositiveIntegerField()
    field = models.CharField(max_length=10)  # price | inventory
    jet_value = models.CharField(max_length=40, blank=True)
    sent_value = models.CharField(max_length=40, blank=True)
    store_value = models.CharField(max_length=40, blank=True)
    healed = models.BooleanField(default=False)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-id"]


class Installation(models.Model):
    """The single row naming this installation: a random id also written into the store's
    `<prefix>jetcart_installation` table, the store database it serves, and a fingerprint of the secret key."""

    installation_id = models.CharField(max_length=64)
    store_fingerprint = models.CharField(max_length=500)
    key_fingerprint = models.CharField(max_length=64)
    recorded_at = models.DateTimeField()
    paused = models.BooleanField(default=False)
    pause_reason = models.TextField(blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
