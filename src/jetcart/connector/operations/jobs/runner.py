"""Runs one job under its lease and records the run (start, duration, outcome, error) as a JobRun row."""

from __future__ import annotations

import logging
import time
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector import leases as lease
from jetcart.connector.models.configuration import JetConfiguration
from jetcart.connector.models.jobs import JobRun, RunOutcome, RunTrigger
from jetcart.connector.operations.jobs.registry import Job, JobProblems, get_job

log = logging.getLogger(__name__)

# A scheduled tick this close to the due time counts as due (the scheduler wakes once a minute).
DUE_TOLERANCE = timedelta(seconds=30)
ABANDONED_MESSAGE = "The worker running this job stopped before the run ended; its lease expired."
LEASE_LOST_MESSAGE = "The run lost its lease; another worker may have run it at the same time."


@dataclass(frozen=True)
class JobOutcome:
    """How a run ended, for pages and callers to read without parsing text: `outcome` is a RunOutcome value
    (or "skipped"), `line` the summary the command prints ("<job>: succeeded in 12 ms: …")."""

    job: str
    outcome: str
    line: str

    @property
    def failed(self) -> bool:
        return self.outcome in (RunOutcome.FAILED, RunOutcome.ABANDONED)

    @property
    def detail(self) -> str:
        """The line without the job's name in front."""
        return self.line.removeprefix(f"{self.job}: ")


@dataclass(frozen=True)
class RunResult:
    """What happened when a run was asked for: it ran (see `run`), or it was skipped and why."""

    job: str
    run: JobRun | None
    skipped: str = ""

    @property
    def outcome(self) -> str:
        return self.run.outcome if self.run else "skipped"

    def typed(self) -> JobOutcome:
        return JobOutcome(self.job, str(self.outcome), self.describe())

    def describe(self) -> str:
        if not self.run:
            return f"{self.job}: skipped, {self.skipped}"
        text = f"{self.job}: {self.run.get_outcome_display().lower()} in {self.run.duration_ms} ms"
        detail = self.run.error.strip().splitlines()[0] if self.run.error else self.run.summary
        return f"{text}: {detail}" if detail else text


def last_started_at(job: str) -> datetime | None:
    return JobRun.objects.filter(job=job).order_by("-started_at").values_list("started_at", flat=True).first()


def is_due(job: Job, *, now: datetime, config: JetConfiguration | None = None) -> bool:
    """Whether the job's interval has passed since its last run started (any trigger)."""
    started = last_started_at(job.name)
    return started is None or now >= started + job.interval(config) - DUE_TOLERANCE


def _close_abandoned_runs(job: str, now: datetime) -> None:
    """Runs still marked running when we hold the lease belong to a runner that died."""
    for run in JobRun.objects.filter(job=job, outcome=RunOutcome.RUNNING):
        run.outcome = RunOutcome.ABANDONED
        run.finished_at = now
        run.error = ABANDONED_MESSAGE
        run.save(update_fields=["outcome", "finished_at", "error"])
        activity.record("job", f"{job}: a run by {run.holder} was abandoned", level="WARNING", job=job)


def run_job(name: str, *, trigger: str = RunTrigger.MANUAL, only_if_due: bool = False) -> RunResult:
    """Runs the named job now, unless another process is running it (or, with only_if_due, it is not due)."""
    job = get_job(name)
    holder = lease.new_holder()
    now = timezone.now()
    if not lease.acquire(job.name, holder, seconds=job.lease_seconds, now=now):
        return RunResult(job.name, None, skipped="another process is running it")
    try:
        if only_if_due and not is_due(job, now=now, config=JetConfiguration.load()):
            return RunResult(job.name, None, skipped="not due yet")
        _close_abandoned_runs(job.name, now)
        run = JobRun.objects.create(job=job.name, trigger=trigger, holder=holder, started_at=timezone.now())
        started = time.monotonic()
        heartbeat = lease.JobHeartbeat(job.name, holder, seconds=job.lease_seconds)
        try:
            with heartbeat:
                result = job.run()
        except JobProblems as exc:  # the use case ran to its end but reported problems: not a success
            log.warning("job %s reported problems: %s", job.name, exc)
            run.outcome = RunOutcome.FAILED
            run.summary = exc.summary
            run.error = "\n".join([str(exc), "", *exc.problems])
            activity.record("job", f"{job.title} failed: {exc}", level="ERROR", job=job.name)
        except Exception as exc:  # the run's error is recorded; the schedule goes on
            log.exception("job %s failed", job.name)
            run.outcome = RunOutcome.FAILED
            run.error = f"{type(exc).__name__}: {exc}\n\n{traceback.format_exc()}"
            activity.record("job", f"{job.title} failed: {exc}", level="ERROR", job=job.name)
        else:
            run.outcome = RunOutcome.SUCCEEDED
            run.summary = "" if result is None else str(result)
        if heartbeat.lost:
            run.outcome = RunOutcome.FAILED
            run.error = f"{LEASE_LOST_MESSAGE}\n\n{run.error}".strip()
            activity.record("job", f"{job.title}: {LEASE_LOST_MESSAGE}", level="ERROR", job=job.name)
        run.finished_at = timezone.now()
        run.duration_ms = int((time.monotonic() - started) * 1000)
        run.save()
        return RunResult(job.name, run)
    finally:
        lease.release(job.name, holder)
