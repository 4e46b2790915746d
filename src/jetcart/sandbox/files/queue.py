"""Each merchant's bulk files are processed one at a time in upload order, by one worker per merchant."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import close_old_connections, connections, transaction
from django.db.models import Q

from jetcart.jet.models.vocabulary import FileStatusName
from jetcart.sandbox.clock import wall_now
from jetcart.sandbox.config import config
from jetcart.sandbox.files.processing import process_file
from jetcart.sandbox.models import BulkFile

log = logging.getLogger("jetcart.sandbox.files")
STALE_AFTER = timedelta(seconds=120)
OPEN_STATUSES = (FileStatusName.ACKNOWLEDGED.value, FileStatusName.PROCESSING.value)


@dataclass
class _Worker:
    """This process's worker of one merchant: `again` asks it to look once more before it stops;
    `claimed` holds files already taken over from a dead worker (by `resume_if_abandoned`)."""

    again: bool = False
    claimed: set[int] = field(default_factory=set)


_workers_lock = threading.Lock()
_workers: dict[int, _Worker] = {}


def _head(merchant_pk: int) -> BulkFile | None:
    """The merchant's earliest submitted file that has not reached a final status (submission order, not the
    order of the upload tokens: a client may put its blobs in any order and then submit them in order)."""
    return (BulkFile.objects.filter(merchant_id=merchant_pk, status__in=OPEN_STATUSES).order_by("received", "pk")
            .only("pk", "jet_file_id", "status", "heartbeat").first())


def _stale(file: BulkFile) -> bool:
    return file.heartbeat is None or file.heartbeat < wall_now() - STALE_AFTER


def _take_over(file_pk: int) -> bool:
    """Claims an open file whose worker stopped showing life; one conditional UPDATE, one winner."""
    stale = Q(heartbeat__isnull=True) | Q(heartbeat__lt=wall_now() - STALE_AFTER)
    return bool(BulkFile.objects.filter(stale, pk=file_pk, status__in=OPEN_STATUSES).update(heartbeat=wall_now()))


def _claim(file: BulkFile) -> bool:
    """Takes the file for this worker. A waiting ("Acknowledged") file goes to whichever worker marks it
    "Processing" first; a "Processing" one only when its worker died (else another process's live worker
    is draining this merchant's files, and this one stops)."""
    if file.status == FileStatusName.ACKNOWLEDGED:
        waiting = BulkFile.objects.filter(pk=file.pk, status=FileStatusName.ACKNOWLEDGED.value)
        return bool(waiting.update(status=FileStatusName.PROCESSING.value, heartbeat=wall_now()))
    return _take_over(file.pk)


def _drain(merchant_pk: int, worker: _Worker) -> None:
    """Processes the merchant's open files one at a time in upload order until none is left."""
    while True:
        with _workers_lock:
            worker.again = False
        head = _head(merchant_pk)
        if head is not None:
            with _workers_lock:
                taken = head.pk in worker.claimed
                worker.claimed.discard(head.pk)
            if taken or _claim(head):
                process_file(head.pk)
                continue
        with _workers_lock:
            if not worker.again:
                del _workers[merchant_pk]
                return


def _run(merchant_pk: int, worker: _Worker, *, own_thread: bool) -> None:
    if own_thread:
        close_old_connections()
    try:
        _drain(merchant_pk, worker)
    except BaseException:
        with _workers_lock:
            _workers.pop(merchant_pk, None)
        raise
    finally:
        if own_thread:
            connections.close_all()


def _wake(merchant_pk: int, claimed: int | None = None) -> None:
    """Makes sure this process has a worker for the merchant (one at most) that will look at its files."""
    with _workers_lock:
        worker = _workers.get(merchant_pk)
        running = worker is not None
        if worker is None:
            worker = _workers[merchant_pk] = _Worker()
        worker.again = True
        if claimed is not None:
            worker.claimed.add(claimed)
    if running:
        return
    if config().file_processing == "inline":
        _run(merchant_pk, worker, own_thread=False)
    else:
        threading.Thread(target=_run, args=(merchant_pk, worker), kwargs={"own_thread": True},
                         name=f"jet-files-{merchant_pk}", daemon=True).start()


def resume_if_abandoned(file: BulkFile) -> bool:
    """Restarts the merchant's files when their worker stopped showing life (e.g. the server was restarted
    mid-file): the oldest open file is taken over and the merchant's files are processed again in order.

    The take-over is one conditional UPDATE, so of several processes polling at once only one resumes;
    applying a file twice is harmless (every entry is a full replacement).
    """
    if file.status not in OPEN_STATUSES or not _stale(file):  # a fresh file: submitted or worked on lately
        return False
    head = _head(file.merchant_id)
    if head is None or not _stale(head):
        return False
    if not _take_over(head.pk):
        return False
    log.warning("bulk file %s was abandoned by its worker; processing it again", head.jet_file_id)
    transaction.on_commit(lambda: _wake(file.merchant_id, claimed=head.pk), using="sandbox")
    return True


def start_processing(file: BulkFile) -> None:
    """After the submitting transaction commits, the merchant's worker (a background thread, or this
    request itself with the `inline` setting) processes its files one at a time in upload order."""
    merchant_pk = file.merchant_id
    transaction.on_commit(lambda: _wake(merchant_pk), using="sandbox")
