"""Scheduled jobs: a registry of named use cases, run under a cross-process lease, each run recorded.

Entry points: :func:`run_job` (any trigger), :func:`all_jobs`/:func:`get_job`, the Huey tasks in
``jetcart.connector.operations.tasks`` (one periodic task per job, ticking every minute and running the job when its
configured interval has passed) and :func:`job_statuses` for the Cron Status page.
"""

from jetcart.connector.operations.jobs.registry import Job, UnknownJob, all_jobs, get_job
from jetcart.connector.operations.jobs.runner import RunResult, run_job
from jetcart.connector.operations.jobs.status import JobStatus, job_statuses

__all__ = ["Job", "JobStatus", "RunResult", "UnknownJob", "all_jobs", "get_job", "job_statuses", "run_job"]
