"""Product runs: create a bulk action over a selection, report its progress and per-product outcomes, and
run it (in a background task, from the command line, or from a schedule) through the action's use case.
Starting one in the background is `tasks_products.start_run`."""

from __future__ import annotations

import importlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from jetcart.batches import batches
from jetcart.bulk_rows import insert_values
from jetcart.connector import activity
from jetcart.connector.models import CatalogProduct, ProductAction, ProductRun, ProductRunResult, RunState
from jetcart.connector.products.grid import selected_product_ids

log = logging.getLogger(__name__)
FLUSH_EVERY = 5000  # results written at once at most (a fast loop over 100k products: 20 writes, not 500)
FLUSH_SECONDS = 1.0  # the progress the run's page shows is at most this old


@dataclass
class RunReporter:
    """Collects a run's per-product outcomes and writes them, with the progress counters, in batches."""

    run: ProductRun
    names: dict[int, str] = field(default_factory=dict)
    on_progress: Callable[[ProductRun], None] | None = None
    _pending: list[dict] = field(default_factory=list)  # ProductRunResult rows to insert
    _counts: list[int] = field(default_factory=lambda: [0, 0, 0])  # processed, ok, failed
    _last_flush: float = field(default_factory=time.monotonic)

    def set_total(self, total: int) -> None:
        self.run.total = total
        ProductRun.objects.filter(pk=self.run.pk).update(total=total)
        if self.on_progress is not None:
            self.on_progress(self.run)

    def ok(self, product_id: int, name: str = "", messages: Iterable[str] = ()) -> None:
        self._add(product_id, name, True, list(messages))

    def failed(self, product_id: int, name: str = "", messages: Iterable[str] = ()) -> None:
        self._add(product_id, name, False, list(messages))

    def _add(self, product_id: int, name: str, ok: bool, messages: list[str]) -> None:
        self._pending.append({"run_id": self.run.pk, "product_id": product_id, "ok": ok, "messages": messages,
                              "product_name": (name or self.names.get(product_id, ""))[:255]})
        self._counts[0] += 1
        self._counts[1 if ok else 2] += 1
        if len(self._pending) >= FLUSH_EVERY or time.monotonic() - self._last_flush > FLUSH_SECONDS:
            self.flush()

    def sent(self, count: int) -> None:
        ProductRun.objects.filter(pk=self.run.pk).update(skus_sent=F("skus_sent") + count)
        self.run.skus_sent += count

    def note(self, message: str) -> None:
        self.run.message = message
        ProductRun.objects.filter(pk=self.run.pk).update(message=message[:2000])
        if self.on_progress is not None:
            self.on_progress(self.run)

    def flush(self) -> None:
        processed, succeeded, failed = self._counts
        with transaction.atomic():
            if self._pending:
                insert_values(ProductRunResult, self._pending)
            ProductRun.objects.filter(pk=self.run.pk).update(
                processed=F("processed") + processed, succeeded=F("succeeded") + succeeded,
                failed=F("failed") + failed)
        self.run.processed += processed
        self.run.succeeded += succeeded
        self.run.failed += failed
        self._pending = []
        self._counts = [0, 0, 0]
        self._last_flush = time.monotonic()
        if self.on_progress is not None:
            self.on_progress(self.run)


def create_run(*, action: str, product_ids: Iterable[int] | None = None, filters: dict | None = None,
               all_products: bool = False, full_refresh: bool = False) -> ProductRun:
    """A queued run over explicit product ids, or every product matching the grid filters."""
    if action not in ProductAction.values:
        raise ValueError(f"unknown product action {action!r}")
    if all_products or filters is not None:
        selection: dict = {"all": True, "filters": dict(filters or {})}
    else:
        ids = sorted({int(i) for i in product_ids or []})
        if not ids and action not in (ProductAction.SYNC, ProductAction.STATUS, ProductAction.ERRORS):
            raise ValueError("select at least one product")
        selection = {"product_ids": ids} if ids else {"all": True, "filters": {}}
    return ProductRun.objects.create(action=action, selection=selection, full_refresh=full_refresh)


def run_product_ids(run: ProductRun) -> list[int]:
    """The product ids a run covers (explicit, or every product matching its filters in the snapshot)."""
    if "product_ids" in run.selection:
        return list(run.selection["product_ids"])
    return list(selected_product_ids(run.selection.get("filters") or {}))


def product_names(ids: Iterable[int]) -> dict[int, str]:
    ids = list(ids)
    names: dict[int, str] = {}
    for part in batches(ids, 5000):
        names.update(CatalogProduct.objects.filter(product_id__in=part).values_list("product_id", "name"))
    return names


# The use case of each action, as "module:function": this module imports none of them (they import it).
USE_CASES: dict[str, str] = {
    ProductAction.UPLOAD: "jetcart.connector.products.upload:upload_run",
    ProductAction.ARCHIVE: "jetcart.connector.products.archive:archive_run",
    ProductAction.UNARCHIVE: "jetcart.connector.products.archive:unarchive_run",
    ProductAction.SYNC: "jetcart.connector.products.sync:sync_run",
    ProductAction.STATUS: "jetcart.connector.products.status:status_run",
    ProductAction.ERRORS: "jetcart.connector.products.rejected_files:errors_run",
}


def _use_case(action: str) -> Callable[[ProductRun, RunReporter], str]:
    module, _, name = USE_CASES[action].partition(":")
    return getattr(importlib.import_module(module), name)


def execute_run(run_id: int, *, on_progress: Callable[[ProductRun], None] | None = None) -> ProductRun:
    """Runs a queued run to its end; a run already started elsewhere is left alone (safe to call twice).
    `on_progress` is called with the run whenever its counters move (the command line's progress bar)."""
    now = timezone.now()
    if not ProductRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(state=RunState.RUNNING, started_at=now):
        return ProductRun.objects.get(pk=run_id)
    run = ProductRun.objects.get(pk=run_id)
    reporter = RunReporter(run, on_progress=on_progress)
    try:
        summary = _use_case(run.action)(run, reporter)
        reporter.flush()
        state = RunState.DONE
    except Exception as exc:  # the run records why it stopped; the merchant sees it on the progress page
        log.exception("product run %s failed", run_id)
        reporter.flush()
        summary = f"stopped: {exc}"
        state = RunState.FAILED
    ProductRun.objects.filter(pk=run_id).update(state=state, finished_at=timezone.now(), message=summary[:2000])
    run.refresh_from_db()
    activity.record("upload" if run.action == ProductAction.UPLOAD else "product",
                    f"{run.get_action_display()}: {summary}", level="INFO" if state == RunState.DONE else "ERROR",
                    job=f"product-run-{run.pk}")
    return run


def run_results(run: ProductRun, *, errors_only: bool = False):
    results = run.results.all()
    return results.filter(ok=False) if errors_only else results
