"""The activity log: one row per sync, upload, order, return, refund or job event, kept for the retention period."""

from __future__ import annotations

from django.db import models


class ActivityKind(models.TextChoices):
    SYNC = "sync", "Price/inventory sync"
    UPLOAD = "upload", "Product upload"
    PRODUCT = "product", "Product status"
    ORDER = "order", "Order"
    RETURN = "return", "Return"
    REFUND = "refund", "Refund"
    JOB = "job", "Scheduled job"
    ACTIVATION = "activation", "API activation"
    CONNECTION = "connection", "Connection"


class ActivityLevel(models.IntegerChoices):
    """Python's logging levels, so that the configured log level compares as a number."""

    DEBUG = 10, "Debug"
    INFO = 20, "Info"
    WARNING = 30, "Warning"
    ERROR = 40, "Error"


class ActivityEvent(models.Model):
    """Something that happened between the store and Jet, in the merchant's words, with the ids it concerns."""

    created_at = models.DateTimeField(db_index=True)
    kind = models.CharField(max_length=20, choices=ActivityKind.choices, db_index=True)
    level = models.PositiveSmallIntegerField(choices=ActivityLevel.choices, default=ActivityLevel.INFO)
    message = models.TextField()
    refs = models.JSONField(default=dict, blank=True, help_text="ids the event concerns, e.g. merchant_order_id")
    reference = models.CharField(
        max_length=255, blank=True, db_index=True, help_text="the refs as 'key=value' words, for searching"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "created_at"], name="activity_kind_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.kind}: {self.message}"
