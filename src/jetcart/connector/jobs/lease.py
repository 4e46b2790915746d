"""The per-job lease: the lock that keeps two processes from running one job at once, and expires after a crash.

Taken with one conditional UPDATE (free, or expired), so it holds on SQLite, PostgreSQL and MySQL alike and
across any number of web and worker processes sharing the connector database. Huey's own `lock_task` is not
used: its key is never released when a worker dies mid-task.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from contextlib import suppress
from datetime import datetime, timedelta

from django.db import IntegrityError, close_old_connections, connection
from django.db.models import Q
from django.utils import timezone

from jetcart.connector.models.jobs import JobLease

log = logging.getLogger(__name__)


def new_holder() -> str:
    """An id for one run: host, process, and a random part (threads of one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def acquire(job: str, holder: str, *, seconds: int, now: datetime | None = None) -> bool:
    """Takes the job's lease for `seconds` if nobody holds it or the holder's lease has expired."""
    now = now or timezone.now()
    with suppress(IntegrityError):  # another process created the row at the same moment; it exists now
        JobLease.objects.get_or_create(job=job)
    taken = (
        JobLease.objects.filter(job=job)
        .filter(Q(holder="") | Q(expires_at__isnull=True) | Q(expires_at__lt=now))
        .update(holder=holder, acquired_at=now, expires_at=now + timedelta(seconds=seconds))
    )
    return taken == 1


def renew(job: str, holder: str, *, seconds: int) -> bool:
    """Extends a held lease; False if the holder lost it (it had expired and another runner took it)."""
    until = timezone.now() + timedelta(seconds=seconds)
    return JobLease.objects.filter(job=job, holder=holder).update(expires_at=until) == 1


def release(job: str, holder: str) -> None:
    """Frees the lease if this holder still has it."""
    JobLease.objects.filter(job=job, holder=holder).update(holder="", expires_at=None)


class Heartbeat:
    """Renews a lease from a background thread every third of its length while a run works."""

    def __init__(self, job: str, holder: str, *, seconds: int) -> None:
        self.job, self.holder, self.seconds = job, holder, seconds
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{job}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        if not self.lost:  # a last look: the lease may have expired and been taken since the last beat
            try:
                self.lost = not renew(self.job, self.holder, seconds=self.seconds)
            except Exception:
                log.exception("job %s: checking the lease at the end of the run failed", self.job)
            if self.lost:
                log.error("job %s lost its lease (holder %s) before the run ended", self.job, self.holder)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(max(self.seconds / 3, 0.2)):
                close_old_connections()
                try:
                    renewed = renew(self.job, self.holder, seconds=self.seconds)
                except Exception:  # the database hiccuped: the lease still runs until it expires; retry
                    log.exception("job %s: renewing the lease failed (holder %s)", self.job, self.holder)
                    continue
                if not renewed:
                    self.lost = True
                    log.error("job %s lost its lease (holder %s); another worker may run it now",
                              self.job, self.holder)
                    return
        finally:
            connection.close()
