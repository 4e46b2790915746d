"""Runs of product actions (upload, archive, unarchive, sync, status) and their per-product outcomes."""

from __future__ import annotations

from django.db import models


class ProductAction(models.TextChoices):
    UPLOAD = "upload", "Upload"
    ARCHIVE = "archive", "Archive"
    UNARCHIVE = "unarchive", "Unarchive"
    SYNC = "sync", "Sync price and inventory"
    STATUS = "status", "Jet status"
    ERRORS = "errors", "Fetch errors"


class RunState(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ProductRun(models.Model):
    """One bulk action over a selection of products, with its progress for the progress page."""

    action = models.CharField(max_length=12, choices=ProductAction.choices)
    state = models.CharField(max_length=10, choices=RunState.choices, default=RunState.QUEUED, db_index=True)
    selection = models.JSONField(default=dict, blank=True,
                                 help_text="{'product_ids': [...]} or {'all': true, 'filters': {...}}.")
    full_refresh = models.BooleanField(default=False, help_text="A sync that sent every SKU, changed or not.")
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    succeeded = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    skus_sent = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["action", "state", "finished_at"], name="productrun_last_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.pk}"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else (100 if self.state == RunState.DONE else 0)

    @property
    def is_finished(self) -> bool:
        return self.state in (RunState.DONE, RunState.FAILED)


class ProductRunResult(models.Model):
    """The outcome of a run for one product: success, or the messages saying why not."""

    run = models.ForeignKey(ProductRun, on_delete=models.CASCADE, related_name="results")
    product_id = models.PositiveIntegerField()
    product_name = models.CharField(max_length=255, blank=True)
    ok = models.BooleanField()
    messages = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["run", "ok"], name="productrunresult_ok_idx")]
