"""The registry of scheduled jobs: each job's name, title, use case and interval setting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jetcart.connector.models.configuration import JetConfiguration


class UnknownJob(LookupError):
    """No job has that name; the message lists the names there are."""


class JobProblems(RuntimeError):
    """The use case ran to its end but reported problems or failures: the run is recorded as failed,
    with `summary` as its summary and the problems as its error."""

    def __init__(self, summary: str, problems: list[str]) -> None:
        self.summary, self.problems = summary, list(problems)
        super().__init__(f"{len(self.problems)} problem(s): {'; '.join(self.problems[:3])}")


@dataclass(frozen=True)
class Job:
    """A use case run on a schedule, by "Run now", by its cron URL or by `jetcart jobs run`."""

    name: str
    title: str
    run: Callable[[], Any]  # the use case; its return value, if any, becomes the run's summary
    interval_field: str | None  # the JetConfiguration field holding the interval in minutes
    default_minutes: int
    lease_seconds: int = 120  # a crashed runner's lease expires this long after its last heartbeat

    def interval(self, config: JetConfiguration | None = None) -> timedelta:
        """The configured interval (the default when the setting is missing or not positive)."""
        minutes = getattr(config, self.interval_field, None) if config and self.interval_field else None
        return timedelta(minutes=minutes if minutes and minutes > 0 else self.default_minutes)


_JOBS: dict[str, Job] = {}


def register(job: Job) -> Job:
    """Adds a job; names are unique, lower-case words joined by '-' (they appear in URLs and commands)."""
    if job.name in _JOBS:
        raise ValueError(f"a job named {job.name!r} is already registered")
    if not job.name.replace("-", "").isalnum() or job.name.lower() != job.name:
        raise ValueError(f"job name {job.name!r}: use lower-case letters, digits and '-'")
    _JOBS[job.name] = job
    return job


def all_jobs() -> list[Job]:
    """Every registered job, in registration order (the manual's order)."""
    from jetcart.connector.operations.jobs import definitions  # noqa: F401  (registers the jobs on first use)

    return list(_JOBS.values())


def get_job(name: str) -> Job:
    """The job of that name; UnknownJob lists the known names otherwise."""
    jobs = {job.name: job for job in all_jobs()}
    try:
        return jobs[name]
    except KeyError:
        raise UnknownJob(f"no job named {name!r}; jobs are: {', '.join(jobs) or '(none)'}") from None
