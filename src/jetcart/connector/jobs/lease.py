"""The per-job lease: the lock that keeps two processes from running one job at once, and expires after a crash.

A `JobLease` row per job held through the one lease primitive (`connector/leases.py`), identified by the
holder's id. Huey's own `lock_task` is not used: its key is never released when a worker dies mid-task.
"""

from __future__ import annotations

import os
import socket
import uuid
from contextlib import suppress
from datetime import datetime, timedelta

from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from jetcart.connector import leases
from jetcart.connector.models.jobs import JobLease


def new_holder() -> str:
    """An id for one run: host, process, and a random part (threads of one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _held(job: str, holder: str, seconds: int) -> leases.Lease:
    return leases.Lease(JobLease.objects.filter(job=job), field="expires_at", length=timedelta(seconds=seconds),
                        until=timezone.now(), holder={"holder": holder})


def acquire(job: str, holder: str, *, seconds: int, now: datetime | None = None) -> bool:
    """Takes the job's lease for `seconds` if nobody holds it or the holder's lease has expired."""
    now = now or timezone.now()
    with suppress(IntegrityError):  # another process created the row at the same moment; it exists now
        JobLease.objects.get_or_create(job=job)
    taken = leases.claim(JobLease.objects.filter(job=job), field="expires_at", length=timedelta(seconds=seconds),
                         now=now, until=now + timedelta(seconds=seconds), free=Q(holder=""),
                         holder={"holder": holder}, stamp={"acquired_at": now})
    return taken is not None


def renew(job: str, holder: str, *, seconds: int) -> bool:
    """Extends a held lease; False if the holder lost it (it had expired and another runner took it)."""
    return _held(job, holder, seconds).renew()


def release(job: str, holder: str) -> None:
    """Frees the lease if this holder still has it."""
    _held(job, holder, 0).release(holder="")


class Heartbeat(leases.Heartbeat):
    """Renews a job's lease every third of its length while a run works; checks it once more at the end."""

    def __init__(self, job: str, holder: str, *, seconds: int) -> None:
        super().__init__(_held(job, holder, seconds), every=seconds / 3, label=f"job {job}", check_at_end=True)
        self.job, self.holder, self.seconds = job, holder, seconds
