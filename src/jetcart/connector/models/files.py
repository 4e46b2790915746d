"""Bulk files sent to Jet, what they carried, and the products of files Jet processed with errors."""

from __future__ import annotations

from django.db import models


class JetFile(models.Model):
    """One bulk file uploaded to Jet, with the status Jet last reported."""

    jet_file_id = models.CharField("Jet file ID", max_length=64, unique=True)
    file_type = models.CharField(max_length=30)
    file_name = models.CharField(max_length=200)
    status = models.CharField(max_length=40, db_index=True)
    sku_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    error_excerpt = models.JSONField(default=list, blank=True)
    manifest = models.BinaryField(help_text="gzip of a JSON object: merchant SKU → product id, for the SKUs sent.")
    run = models.ForeignKey("connector.ProductRun", null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="files")
    uploaded_at = models.DateTimeField()
    checked_at = models.DateTimeField(null=True, blank=True)
    applied = models.BooleanField(default=False, help_text="Its outcome was recorded on the listings.")

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.file_type} {self.jet_file_id}"


class RejectedFileProduct(models.Model):
    """A product carried by a file Jet processed with errors (a row of the Rejected Files grid)."""

    file = models.ForeignKey(JetFile, on_delete=models.CASCADE, related_name="rejected_products")
    product_id = models.PositiveIntegerField(db_index=True)
    product_name = models.CharField(max_length=255, blank=True)
    merchant_skus = models.JSONField(default=list)
    messages = models.JSONField(default=list, blank=True)
    resubmitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["file", "product_id"], name="rejectedfileproduct_unique")]
