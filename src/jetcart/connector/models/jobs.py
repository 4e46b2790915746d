"""Scheduled jobs' state: one lease row per job (the cross-process lock) and one row per run."""

from __future__ import annotations

from django.db import models


class RunOutcome(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"
    ABANDONED = "abandoned", "Abandoned (worker stopped)"


class RunTrigger(models.TextChoices):
    SCHEDULE = "schedule", "Schedule"
    MANUAL = "manual", "Run now"
    CRON_URL = "cron", "Cron URL"
    COMMAND = "command", "Command line"


class JobLease(models.Model):
    """Who may run a job right now; taken by a conditional update, so two processes can never both hold it.

    A holder renews `expires_at` while it works; a worker that dies stops renewing, and once `expires_at`
    has passed the next runner takes the lease over.
    """

    job = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=200, blank=True, help_text="host:pid:thread of the runner, empty when free")
    acquired_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.job} held by {self.holder or 'nobody'}"


class JobRun(models.Model):
    """One run of a scheduled job: when, how long, how it ended and why."""

    job = models.CharField(max_length=50, db_index=True)
    trigger = models.CharField(max_length=10, choices=RunTrigger.choices, default=RunTrigger.SCHEDULE)
    holder = models.CharField(max_length=200, blank=True)
    started_at = models.DateTimeField(db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=RunOutcome.choices, default=RunOutcome.RUNNING)
    summary = models.TextField(blank=True, help_text="what the job did, as its use case reported it")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["job", "started_at"], name="jobrun_job_started")]

    def __str__(self) -> str:
        return f"{self.job} at {self.started_at:%Y-%m-%d %H:%M:%S}: {self.outcome}"
