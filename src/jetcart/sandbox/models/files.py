"""Bulk files (upload tokens, blobs, processing status) and requested reports."""

from __future__ import annotations

from django.db import models

from jetcart.sandbox.models.merchants import Merchant


class BulkFile(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="files")
    jet_file_id = models.CharField(max_length=32, unique=True)
    url_expires_at = models.DateTimeField()
    blob_received = models.BooleanField(default=False)
    blob_size = models.BigIntegerField(default=0)
    file_name = models.CharField(max_length=255, blank=True, default="")
    file_type = models.CharField(max_length=40, blank=True, default="")
    status = models.CharField(max_length=40, blank=True, default="", help_text="empty until /files/uploaded")
    received = models.DateTimeField(null=True)
    processing_start = models.DateTimeField(null=True)
    processing_end = models.DateTimeField(null=True)
    error_count = models.IntegerField(default=0)
    error_excerpt = models.JSONField(default=list)
    total_processed = models.IntegerField(default=0)
    heartbeat = models.DateTimeField(null=True, help_text="wall time the processing worker last showed life")
    created_at = models.DateTimeField()

    class Meta:
        db_table = "sandbox_bulk_file"
        indexes = [models.Index(fields=["status"], name="sandbox_file_status")]


class Report(models.Model):
    merchant = models.ForeignKey(Merchant, on_delete=models.CASCADE, related_name="reports")
    report_id = models.CharField(max_length=32, unique=True)
    report_type = models.CharField(max_length=40)
    requested_at = models.DateTimeField()
    ready_at = models.DateTimeField()
    content = models.JSONField(null=True)

    class Meta:
        db_table = "sandbox_report"
