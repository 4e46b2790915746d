"""The stock watcher: every few seconds, the products whose stock or price moved in the store go to Jet.

One pass (`capture_once`) collects product ids from
- order_history rows after the last one read (by its primary key): orders whose status changed;
- the store's change table, filled by triggers (`jetcart store capture install`), when every trigger is there;
- otherwise by polling: products whose date_modified moved, and once a minute a checksum per bucket of 1,000 product ids over quantity, price,
  status and specials, which catches SQL that bypasses OpenCart and date_modified;
- in both modes: specials starting or ending today (on the first pass of a store day), and products of Jet orders
  received or settled since the last pass (their sellable quantity moved);
and sends those listed products through the ordinary delta sync (a product run), which sends only the SKUs
whose price or sellable quantity differs from what Jet last accepted.

Crash safety: change rows are deleted, and polling cursors moved on, only after the run has finished with Jet's
answers recorded; a pass cut off before that is repeated in full by the next pass.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from jetcart.connector import activity, clone_guard
from jetcart.connector import leases as lease
from jetcart.connector.jet_and_store import GatewayNotConfigured, store_gateway
from jetcart.connector.models import CaptureState, JetOrderLine, ProductAction, ProductRun, RunState
from jetcart.connector.products.sync import synced_listings
from jetcart.store.change_capture import CHECKSUM_BUCKET
from jetcart.store.errors import StoreError

if TYPE_CHECKING:
    from jetcart.store.gateway import StoreGateway

log = logging.getLogger(__name__)

LEASE_NAME = "stock-capture"
LEASE_SECONDS = 120  # a pass that sends many products may take a while; a dead holder is replaced after this
STATUS_EVERY = timedelta(seconds=60)  # how often the watcher checks that the triggers are still there
CHECKSUM_EVERY = timedelta(seconds=60)  # polling mode: a direct SQL change is seen within about this long
FIRST_LOOK_BACK = timedelta(minutes=1)  # polling's first pass reads date_modified from this long ago


@dataclass
class PassResult:
    """What one pass found and did."""

    mode: str
    product_ids: list[int] = field(default_factory=list)
    run: ProductRun | None = None
    forgotten: int = 0

    def line(self) -> str:
        if not self.product_ids:
            return f"capture ({self.mode}): no change"
        text = f"capture ({self.mode}): {len(self.product_ids)} product(s) changed"
        return f"{text}; {self.run.message}" if self.run is not None else text


class CaptureFailed(RuntimeError):
    """The sync of a pass did not finish; the changes stay and the next pass sends them."""


_mode_cache: dict[str, tuple[float, str]] = {}


def capture_mode(gateway: StoreGateway, *, fresh: bool = False) -> str:
    """"triggers" or "polling", checked against the store at most once a minute."""
    key = f"{gateway.engine.url}/{gateway.prefix}"
    cached = _mode_cache.get(key)
    if not fresh and cached and time.monotonic() - cached[0] < STATUS_EVERY.total_seconds():
        return cached[1]
    mode = gateway.capture.status().mode
    if cached and cached[1] != mode:
        level = "INFO" if mode == "triggers" else "WARNING"
        activity.record("sync", f"Change capture now works by {mode}", level=level)
    _mode_cache[key] = (time.monotonic(), mode)
    return mode


def _store_now(gateway: StoreGateway) -> datetime:
    return timezone.now().astimezone(gateway.settings.timezone).replace(tzinfo=None, microsecond=0)


def _listed_in_buckets(buckets: set[int]) -> set[int]:
    ids: set[int] = set()
    for bucket in buckets:
        ids |= set(synced_listings().filter(product_id__gte=bucket * CHECKSUM_BUCKET,
                                            product_id__lt=(bucket + 1) * CHECKSUM_BUCKET)
                   .values_list("product_id", flat=True))
    return ids


def _jet_order_products(since: datetime | None) -> set[int]:
    if since is None:
        return set()
    return set(JetOrderLine.objects.filter(order__updated_at__gte=since, product_id__isnull=False)
               .values_list("product_id", flat=True))


def capture_once(*, now: datetime | None = None) -> PassResult:
    """One pass: collect the changed products, send them, then forget the changes (see the module)."""
    from jetcart.connector.products.runs import create_run, execute_run

    now = now or timezone.now()
    gateway = store_gateway()
    capture = gateway.capture
    state = CaptureState.load()
    mode = capture_mode(gateway)
    found: set[int] = set()
    forget_up_to = 0
    updates: dict = {"mode": mode, "last_pass_at": now}
    store_now = _store_now(gateway)
    with gateway.engine.connect() as conn:
        ids, top = capture.history_after(conn, state.history_cursor)  # by primary key: cheap in both modes
        found.update(ids)
        updates["history_cursor"] = top
        if mode == "triggers":
            ids, forget_up_to = capture.pending(conn)
            found.update(ids)
        else:
            since = (datetime.fromisoformat(state.modified_cursor) if state.modified_cursor
                     else store_now - FIRST_LOOK_BACK)
            seen = set(state.modified_seen or [])
            rows = capture.modified_since(conn, since)
            found.update(pid for pid, at in rows if not (at == since and pid in seen))
            newest = max((at for _, at in rows), default=since)
            updates["modified_cursor"] = newest.isoformat(sep=" ")
            updates["modified_seen"] = sorted({pid for pid, at in rows if at == newest}
                                              | (seen if newest == since else set()))
            if state.checksums_at is None or now - state.checksums_at >= CHECKSUM_EVERY:
                sums = capture.bucket_checksums(conn)
                if state.checksums:
                    moved = {int(k.split(":")[1]) for k in set(sums) | set(state.checksums)
                             if sums.get(k) != state.checksums.get(k)}
                    found |= _listed_in_buckets(moved)
                updates.update(checksums=sums, checksums_at=now)
        day = store_now.date()
        if state.specials_day != day:
            found.update(capture.specials_switching(conn, day))
            updates["specials_day"] = day
    found |= _jet_order_products(state.jet_orders_at)
    updates["jet_orders_at"] = now - timedelta(seconds=1)
    listed = set(synced_listings().filter(product_id__in=sorted(found)).values_list("product_id", flat=True)) \
        if found else set()
    result = PassResult(mode, sorted(listed))
    if listed:
        verdict = clone_guard.check()
        if not verdict.ok:  # keep the changes for when the installation is confirmed; no failed run every pass
            CaptureState.objects.filter(pk=state.pk).update(
                last_error=f"writes to Jet are paused: {verdict.reason}"[:2000], last_pass_at=now, mode=mode)
            return result
        run = create_run(action=ProductAction.SYNC, product_ids=result.product_ids)
        ProductRun.objects.filter(pk=run.pk).update(selection={**run.selection, "source": "capture"})
        result.run = run = execute_run(run.pk)
        if run.state != RunState.DONE:
            CaptureState.objects.filter(pk=state.pk).update(last_error=run.message[:2000], last_pass_at=now)
            raise CaptureFailed(f"capture: the sync of {len(listed)} product(s) stopped: {run.message}")
        updates.update(last_sent_at=timezone.now(), last_summary=result.line()[:2000])
    if forget_up_to:
        with gateway.engine.connect() as conn:
            result.forgotten = capture.forget(conn, forget_up_to)
    updates["last_error"] = ""
    CaptureState.objects.filter(pk=state.pk).update(**updates)
    return result


def run_capture_job() -> str:
    """The "stock-capture" job: one pass (the worker's watcher thread makes one every few seconds)."""
    return capture_once().line()


def poll_seconds() -> float:
    """Seconds between the watcher's passes (JETCART_CAPTURE_SECONDS, read by site/environment.py); 0: no watcher."""
    return float(getattr(settings, "JETCART_CAPTURE_SECONDS", 2))


class StockWatcher:
    """A thread of the worker process that runs a pass every `interval` seconds while it holds the lease (one
    watcher works at a time whatever the number of workers; another takes over when its holder dies)."""

    def __init__(self, interval: float | None = None):
        self.interval = poll_seconds() if interval is None else interval
        self.holder = lease.new_holder()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="jetcart-stock-watcher", daemon=True)

    def start(self) -> StockWatcher:
        if self.interval > 0:
            self._thread.start()
        return self

    def stop(self, wait: float = 10.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(wait)

    def _loop(self) -> None:
        holding = False
        failing = ""  # the reason the passes fail, while they do: logged once, not every few seconds
        try:
            while not self._stop.is_set():
                started = time.monotonic()
                close_old_connections()
                try:
                    holding = (lease.renew(LEASE_NAME, self.holder, seconds=LEASE_SECONDS) if holding
                               else lease.acquire(LEASE_NAME, self.holder, seconds=LEASE_SECONDS))
                    if holding:
                        capture_once()
                except Exception as exc:  # the next pass retries: nothing is forgotten before Jet has it
                    failing = self._failed(exc, failing)
                else:
                    if failing:
                        log.warning("stock watcher: passes work again")
                    failing = ""
                self._stop.wait(max(self.interval - (time.monotonic() - started), 0.05))
        finally:
            if holding:
                try:
                    lease.release(LEASE_NAME, self.holder)
                except Exception:
                    log.exception("stock watcher: releasing the lease failed")
            close_old_connections()


    def _failed(self, exc: Exception, failing: str) -> str:
        """Logs a failed pass when its reason is new (a misconfigured store would otherwise log a traceback every few
        seconds); a setting's error in one line, anything else with its traceback. Returns the reason."""
        reason = f"{type(exc).__name__}: {exc}"
        if reason != failing:
            if isinstance(exc, StoreError | GatewayNotConfigured):
                log.error("stock watcher: a pass failed: %s (retried every %g s; logged again when this changes)",
                          exc, self.interval)
            else:
                log.exception("stock watcher: a pass failed (retried every %g s; logged again when this changes)",
                              self.interval)
        return reason


def start_watcher() -> StockWatcher | None:
    """Starts the watcher thread unless JETCART_CAPTURE_SECONDS is 0."""
    if poll_seconds() <= 0:
        return None
    return StockWatcher().start()
