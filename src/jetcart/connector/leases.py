"""One lease primitive: a row held by one worker until an expiry column passes (claim, renew, heartbeat, release).

A claim is one conditional UPDATE (the row is free, or its lease has expired), so it holds on SQLite, PostgreSQL
and MySQL alike, across any number of processes sharing the connector database. A worker that dies simply lets
its lease run out. Every later write of the holder is conditional on still holding the row: either on the
holder columns it wrote (`holder=`), or, without them, on the exact expiry it last wrote (a later holder always
writes a later time), so a worker that lost the row changes nothing.

Used by the outbox, order import and return store-writes (a lease column on their rows), and through the
named leases below (one `JobLease` row per name, held by a holder id) by scheduled jobs and the catalog
snapshot's refresh. Huey's own `lock_task` is not used for jobs: its key is never released when a worker dies.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable
from contextlib import suppress
from datetime import datetime, timedelta

from django.db import IntegrityError, close_old_connections, connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from jetcart.connector.models.jobs import JobLease

log = logging.getLogger(__name__)

__all__ = ["Heartbeat", "JobHeartbeat", "Lease", "acquire", "claim", "new_holder", "release", "renew"]

_TICK = timedelta(milliseconds=1)


class Lease:
    """One worker's hold on one row (`rows` selects it) through the expiry column `field`."""

    def __init__(self, rows: QuerySet, *, field: str, length: timedelta, until: datetime,
                 holder: dict | None = None, touched: tuple[str, ...] = ()) -> None:
        self.rows, self.field, self.length, self.until = rows, field, length, until
        self.holder = dict(holder or {})
        self.touched = touched
        self.lost = False
        self._lock = threading.Lock()

    def _mine(self) -> QuerySet:
        return self.rows.filter(**self.holder) if self.holder else self.rows.filter(**{self.field: self.until})

    def write(self, *, release: bool = False, **fields) -> bool:
        """Writes `fields` and renews the lease (or frees it with `release`) if this worker still holds the row."""
        with self._lock:
            if self.lost:
                return False
            # a later write always carries a later expiry: the expiry is the token when no holder columns are
            until = None if release else max(timezone.now() + self.length, self.until + _TICK)
            stamps = dict.fromkeys(self.touched, timezone.now())
            written = self._mine().update(**fields, **stamps, **{self.field: until})
            if written:
                self.until = until
            else:
                self.lost = True
            return bool(written)

    def renew(self) -> bool:
        """Extends the lease by its length; False if the worker lost it (it expired and another took it)."""
        return self.write()

    def release(self, **fields) -> bool:
        """Frees the row, writing `fields` with it, if this worker still holds it; False if it had lost it."""
        return self.write(release=True, **fields)


def claim(rows: QuerySet, *, field: str, length: timedelta, now: datetime | None = None,
          until: datetime | None = None, free: Q | None = None, holder: dict | None = None,
          stamp: dict | None = None, touched: tuple[str, ...] = ()) -> Lease | None:
    """Takes the row `rows` selects if its lease in `field` is unset or has expired (or `free` holds); None if not.

    `until`: the expiry to write (default: `length` from now). `holder`: columns written with the claim that
    identify this worker in every later write. `stamp`: further columns written with the claim only.
    """
    now = now or timezone.now()
    until = until or max(now, timezone.now()) + length
    available = Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": now})
    if free is not None:
        available |= free
    taken = rows.filter(available).update(**{field: until}, **(holder or {}), **(stamp or {}))
    if not taken:
        return None
    return Lease(rows, field=field, length=length, until=until, holder=holder, touched=touched)


class Heartbeat:
    """Renews a lease from a background thread every `every` seconds while the worker is busy.

    `lost` turns True when a renewal finds the row taken by another worker (then the beats stop); with
    `check_at_end`, leaving the block renews once more, so a lease lost since the last beat is noticed too.
    """

    def __init__(self, lease: Lease, *, every: float, label: str, check_at_end: bool = False,
                 on_lost: Callable[[], None] | None = None) -> None:
        self.lease, self.every, self.label, self.check_at_end = lease, every, label, check_at_end
        self.on_lost = on_lost
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"lease-{label}", daemon=True)

    @property
    def lost(self) -> bool:
        return self.lease.lost

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        if self.check_at_end and not self.lease.lost:
            try:
                if not self.lease.renew():
                    self._report_lost("before the work ended")
            except Exception:
                log.exception("%s: checking the lease at the end failed", self.label)

    def _report_lost(self, when: str) -> None:
        log.error("%s lost its lease %s; another worker may hold it now", self.label, when)
        if self.on_lost:
            self.on_lost()

    def _beat(self) -> None:
        try:
            while not self._stop.wait(max(self.every, 0.2)):
                close_old_connections()
                try:
                    renewed = self.lease.renew()
                except Exception:  # the database hiccuped: the lease still runs until it expires; try again
                    log.exception("%s: renewing the lease failed", self.label)
                    continue
                if not renewed:
                    self._report_lost("while working")
                    return
        finally:
            connection.close()


# Named leases: one JobLease row per name (a job, the catalog snapshot), identified by the holder's id.


def new_holder() -> str:
    """An id for one run: host, process, and a random part (threads of one process differ)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _held(job: str, holder: str, seconds: int) -> Lease:
    return Lease(JobLease.objects.filter(job=job), field="expires_at", length=timedelta(seconds=seconds),
                 until=timezone.now(), holder={"holder": holder})


def acquire(job: str, holder: str, *, seconds: int, now: datetime | None = None) -> bool:
    """Takes the job's lease for `seconds` if nobody holds it or the holder's lease has expired."""
    now = now or timezone.now()
    with suppress(IntegrityError):  # another process created the row at the same moment; it exists now
        JobLease.objects.get_or_create(job=job)
    taken = claim(JobLease.objects.filter(job=job), field="expires_at", length=timedelta(seconds=seconds),
                  now=now, until=now + timedelta(seconds=seconds), free=Q(holder=""),
                  holder={"holder": holder}, stamp={"acquired_at": now})
    return taken is not None


def renew(job: str, holder: str, *, seconds: int) -> bool:
    """Extends a held lease; False if the holder lost it (it had expired and another runner took it)."""
    return _held(job, holder, seconds).renew()


def release(job: str, holder: str) -> None:
    """Frees the lease if this holder still has it."""
    _held(job, holder, 0).release(holder="")


class JobHeartbeat(Heartbeat):
    """Renews a job's lease every third of its length while a run works; checks it once more at the end."""

    def __init__(self, job: str, holder: str, *, seconds: int) -> None:
        super().__init__(_held(job, holder, seconds), every=seconds / 3, label=f"job {job}", check_at_end=True)
        self.job, self.holder, self.seconds = job, holder, seconds
