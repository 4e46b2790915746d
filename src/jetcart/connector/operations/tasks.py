"""Huey tasks of the jobs: one periodic task per job (ticks every minute, runs the job when due) and "Run now".

Every worker process's scheduler enqueues the ticks; the job's lease and due check let exactly one of them run.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from jetcart.connector.huey_identity import keep_identity
from jetcart.connector.models.jobs import RunTrigger
from jetcart.connector.operations.jobs.registry import all_jobs
from jetcart.connector.operations.jobs.runner import JobOutcome, run_job

TICK_EXPIRES_SECONDS = 120  # a tick still queued after this is dropped; the next one follows within a minute


IDENTITY = "jetcart.connector.jobs.tasks"  # huey identity


@db_task(name="jetcart.jobs.run_now")
@keep_identity(IDENTITY)
def run_now(name: str) -> JobOutcome:
    """Runs a job at once on a worker (the Cron Status page's "Run now")."""
    return run_job(name, trigger=RunTrigger.MANUAL).typed()


def _tick_for(name: str):
    def tick() -> str:
        return run_job(name, trigger=RunTrigger.SCHEDULE, only_if_due=True).describe()

    tick.__name__ = f"tick_{name.replace('-', '_')}"
    keep_identity(IDENTITY)(tick)
    return db_periodic_task(crontab(), name=f"jetcart.jobs.tick.{name}", expires=TICK_EXPIRES_SECONDS)(tick)


TICKS = {job.name: _tick_for(job.name) for job in all_jobs()}


def enqueue_run_now(name: str) -> JobOutcome | None:
    """Queues "Run now" for a job; returns its outcome if it already ran (Huey immediate, as in tests)."""
    result = run_now(name)
    return result.get(blocking=False) if result is not None else None
