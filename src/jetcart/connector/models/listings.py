"""Jet listings: one row per Jet merchant SKU jetcart manages, with what Jet last accepted and its status."""

from __future__ import annotations

from django.db import models

MERCHANT_SKU_MAX_LENGTH = 50


class ListingKind(models.TextChoices):
    SIMPLE = "simple", "Simple product"
    PARENT = "parent", "Configurable parent"
    CHILD = "child", "Configurable child"


class ListingStatus(models.TextChoices):
    """Jet's product statuses (jet-api.md §2.5) plus jetcart's own "Not Uploaded"."""

    NOT_UPLOADED = "Not Uploaded"
    MISSING_LISTING_DATA = "Missing Listing Data"
    UNDER_JET_REVIEW = "Under Jet Review"
    AVAILABLE_FOR_PURCHASE = "Available for Purchase"
    UNAUTHORIZED = "Unauthorized"
    EXCLUDED = "Excluded"
    ARCHIVED = "Archived"


class JetListing(models.Model):
    """A merchant SKU on Jet: a simple product, a configurable parent, or one option combination (child).

    Orders map a Jet line back to the store by `merchant_sku` → `product_id` + `option_value_ids`.
    """

    merchant_sku = models.CharField("Merchant SKU", max_length=MERCHANT_SKU_MAX_LENGTH, unique=True)
    product_id = models.PositiveIntegerField("OpenCart product ID", db_index=True)
    kind = models.CharField(max_length=10, choices=ListingKind.choices, default=ListingKind.SIMPLE)
    parent_sku = models.CharField(
        max_length=MERCHANT_SKU_MAX_LENGTH, null=True, blank=True, db_index=True,
        help_text="The parent's merchant SKU, for a configurable product's child; empty otherwise.",
    )
    option_value_ids = models.JSONField(
        default=list, blank=True,
        help_text="OpenCart product_option_value_ids of a child's combination; empty for other SKUs.",
    )
    combination_key = models.CharField(
        max_length=255, blank=True, default="",
        help_text="The sorted option value ids joined by '-' (unique per product); empty for simple and parent.",
    )
    sku_edited = models.BooleanField(default=False, help_text="The merchant chose this merchant SKU.")

    # Unique fields of a child (a simple product's come from its Jet attributes).
    upc = models.CharField("UPC", max_length=12, blank=True)
    ean = models.CharField("EAN", max_length=13, blank=True)
    asin = models.CharField("ASIN", max_length=10, blank=True)
    mfr_part_number = models.CharField("Manufacturer part number", max_length=50, blank=True)

    jet_status = models.CharField(
        max_length=40, choices=ListingStatus.choices, default=ListingStatus.NOT_UPLOADED, db_index=True
    )
    sub_statuses = models.JSONField(default=list, blank=True, help_text="Jet's sub_status reasons.")
    problems = models.JSONField(
        default=list, blank=True,
        help_text="Why jetcart did not send the SKU, or why Jet refused it: [{'field': …, 'message': …}].",
    )
    is_archived = models.BooleanField(default=False)

    sku_hash = models.CharField(max_length=40, blank=True, help_text="Hash of the MerchantSKU body last accepted.")
    price_hash = models.CharField(max_length=40, blank=True, help_text="Hash of the price last accepted by Jet.")
    inventory_hash = models.CharField(max_length=40, blank=True,
                                      help_text="Hash of the inventory last accepted by Jet.")
    price_sent = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    inventory_sent = models.IntegerField(null=True, blank=True)
    price_sent_hash = models.CharField(max_length=40, blank=True,
                                       help_text="Hash of the price body sent: price_hash once Jet accepts it.")
    inventory_sent_hash = models.CharField(max_length=40, blank=True,
                                           help_text="Hash of the inventory body sent: inventory_hash once accepted.")

    uploaded_at = models.DateTimeField(null=True, blank=True, help_text="When Jet last accepted the MerchantSKU.")
    price_accepted_at = models.DateTimeField(null=True, blank=True)
    inventory_accepted_at = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    status_checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["product_id", "kind", "merchant_sku"]
        constraints = [
            models.UniqueConstraint(fields=["product_id", "combination_key"], name="jetlisting_combination_unique"),
        ]
        indexes = [models.Index(fields=["jet_status", "product_id"], name="jetlisting_status_idx")]

    def __str__(self) -> str:
        return self.merchant_sku

    @property
    def is_child(self) -> bool:
        return self.kind == ListingKind.CHILD


def combination_key(option_value_ids: list[int]) -> str:
    """The stored key of an option combination: sorted ids joined by '-'."""
    return "-".join(str(i) for i in sorted(int(v) for v in option_value_ids))
