"""What the Cron Status page and `jetcart jobs list` show per job: interval, last run, next run, last error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from jetcart.connector.models.configuration import JetConfiguration
from jetcart.connector.models.jobs import JobLease, JobRun, RunOutcome
from jetcart.connector.operations.jobs.registry import Job, all_jobs


@dataclass(frozen=True)
class JobStatus:
    job: Job
    interval: timedelta
    last_run: JobRun | None
    next_run_at: datetime
    last_failure: JobRun | None
    running_since: datetime | None
    runner: str

    @property
    def last_error(self) -> str:
        """The first line of the latest failure's error, if the job failed since it last succeeded."""
        if not self.last_failure or not self.last_failure.error:
            return ""
        return self.last_failure.error.strip().splitlines()[0]

    @property
    def interval_text(self) -> str:
        return describe_minutes(int(self.interval.total_seconds() // 60))


def describe_minutes(minutes: int) -> str:
    if minutes % 1440 == 0:
        days = minutes // 1440
        return "every day" if days == 1 else f"every {days} days"
    if minutes % 60 == 0:
        hours = minutes // 60
        return "every hour" if hours == 1 else f"every {hours} hours"
    return "every minute" if minutes == 1 else f"every {minutes} minutes"


def job_statuses(*, now: datetime | None = None) -> list[JobStatus]:
    """One status per registered job, in the registry's order."""
    now = now or timezone.now()
    config = JetConfiguration.load()
    leases = {lease.job: lease for lease in JobLease.objects.exclude(holder="")}
    statuses = []
    for job in all_jobs():
        interval = job.interval(config)
        last = JobRun.objects.filter(job=job.name).order_by("-started_at", "-id").first()
        last_success = (
            JobRun.objects.filter(job=job.name, outcome=RunOutcome.SUCCEEDED).order_by("-started_at").first()
        )
        failures = JobRun.objects.filter(job=job.name, outcome__in=[RunOutcome.FAILED, RunOutcome.ABANDONED])
        if last_success:
            failures = failures.filter(started_at__gt=last_success.started_at)
        held = leases.get(job.name)
        running = held if held and held.expires_at and held.expires_at > now else None
        statuses.append(JobStatus(
            job=job,
            interval=interval,
            last_run=last,
            next_run_at=max(now, last.started_at + interval) if last else now,
            last_failure=failures.order_by("-started_at").first(),
            running_since=running.acquired_at if running else None,
            runner=running.holder if running else "",
        ))
    return statuses
