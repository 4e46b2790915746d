"""A large mapping CSV import in progress or finished: its file, its stage, its counts and refused rows."""

from __future__ import annotations

from django.db import models


class MappingImport(models.Model):
    """One mapping CSV imported in the background, checked whole before any row is applied."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        CHECKING = "checking", "Checking every row"
        APPLYING = "applying", "Applying"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file_name = models.CharField(max_length=255, blank=True)
    csv_text = models.TextField(blank=True)  # emptied once the import has finished
    total_rows = models.PositiveIntegerField(default=0)
    checked_rows = models.PositiveIntegerField(default=0)
    applied_rows = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.TextField(blank=True)  # the first refused rows, one per line
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        """Checking is the first half of the work, applying the second."""
        if not self.total_rows:
            return 100 if self.finished else 0
        return min(100, (self.checked_rows + self.applied_rows) * 50 // self.total_rows)

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.errors.splitlines() if line]
