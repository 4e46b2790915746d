"""Processes one uploaded bulk file: gunzip, parse, apply each SKU's body with the single-SKU rules, in
batches with bulk writes (one SELECT and one or two writes per 1,000 SKUs), then record the outcome."""

from __future__ import annotations

import gc
import gzip
import logging
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

import orjson
from django.db import connections, transaction
from django.db.models.base import ModelState

from jetcart.batches import batches
from jetcart.bulk_rows import insert_rows, update_rows
from jetcart.jet.models.vocabulary import FileStatusName
from jetcart.sandbox import ids
from jetcart.sandbox import messages as m
from jetcart.sandbox.bulkread import RowReader
from jetcart.sandbox.clock import merchant_now, wall_now
from jetcart.sandbox.config import config
from jetcart.sandbox.files.blobs import blob_path
from jetcart.sandbox.lifecycle import note_due
from jetcart.sandbox.models import BulkFile, Merchant, Sku
from jetcart.sandbox.skus import rules, state
from jetcart.sandbox.transport.errors import JetError
from jetcart.sandbox.transport.inflight import give_way

log = logging.getLogger("jetcart.sandbox.files")
BATCH = 2500
REMEMBERED = 10_000  # distinct price or inventory bodies judged once per file
TRIAL = 1000  # bodies after which a file whose bodies hardly repeat stops remembering them
BULK_CACHE_KIB = 64 * 1024  # SQLite page cache of the connection while a file is applied
COLLECT_EVERY = 60.0  # seconds of paused garbage collection (overlapping files) before a full pass
BEAT_EVERY = 10.0  # seconds between heartbeats while a file is applied (a take-over waits for 120)
EXCERPT = 20
SUCCESS = FileStatusName.PROCESSED_SUCCESSFULLY.value
WITH_ERRORS = FileStatusName.PROCESSED_WITH_ERRORS.value

PRODUCT_FIELDS = ["data", "has_data", "data_missing", "missing", "complete", "status", "sub_status",
                  "review_due_at", "sku_last_update"]
PRICE_FIELDS = ["price", "price_nodes", "price_last_update", "missing", "complete", "status", "sub_status",
                "review_due_at"]
INVENTORY_FIELDS = ["inventory", "inventory_total", "inventory_last_update", "missing", "complete", "status",
                    "sub_status", "review_due_at"]
_STATUS_INPUTS = ["merchant_sku", "merchant_id", "has_data", "data_missing", "status", "sub_status",
                  "review_due_at", "is_archived", "inventory_total", "price"]  # reassess() sets missing, complete
LOADED_FIELDS = {  # what each file type's rules read before they set it; the rest (product data above all) stays
    # unloaded. A product upload sets has_data and data_missing and (new data) the status, sub-status and due.
    "MerchantSKUs": ["merchant_sku", "merchant_id", "status", "is_archived", "inventory_total", "price"],
    "Price": [f for f in _STATUS_INPUTS if f != "price"],
    "Inventory": [*(f for f in _STATUS_INPUTS if f != "inventory_total"), "inventory"],
    "Archive": _STATUS_INPUTS,
    "ShippingException": ["merchant_sku", "merchant_id"],
    "ReturnsException": ["merchant_sku", "merchant_id"],
    "Variation": ["merchant_sku", "merchant_id", "has_data", "data"],
}
CHILD_FIELDS = ["merchant_sku", "merchant_id", "has_data", "data"]  # what the variation rules read of a child
ARCHIVE_FIELDS = ["is_archived", "missing", "complete", "status", "sub_status", "review_due_at"]


def error_path(file: BulkFile):
    return blob_path("errors", file.jet_file_id)


def _load(file: BulkFile) -> dict:
    limit = int(config().max_file_mb * 1024 * 1024)
    with gzip.open(blob_path("merchant-files", file.jet_file_id), "rb") as stream:
        raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise ValueError(m.FILE_TOO_LARGE.format(limit=int(config().max_file_mb)))
    data = orjson.loads(raw)
    if not isinstance(data, dict):
        raise ValueError(m.FILE_NOT_OBJECT)
    return data


class _Remembered:
    """`check(body, ids)` for one file, judging each distinct body once: price and inventory files often
    repeat the same few bodies. The results are only read, never changed, so rows may share them. When
    the first TRIAL bodies repeat less than one time in ten (a price per SKU), the rest are judged
    directly: remembering would cost more than it saves."""

    def __init__(self, check: Callable[[Any, set[str]], Any]):
        self.check = check
        self.seen: dict[str, tuple[Any, JetError | None]] | None = {}
        self.asked = self.repeats = 0

    def __call__(self, body, ids):
        seen = self.seen
        if seen is None:
            return self.check(body, ids)
        self.asked += 1
        key = orjson.dumps(body).decode()  # a str: orjson's own bytes kept alive would hold a page each
        found = seen.get(key)
        if found is None:
            if self.asked >= TRIAL and self.repeats * 10 < self.asked:
                self.seen = None
                return self.check(body, ids)
            if len(seen) >= REMEMBERED:
                seen.clear()
            try:
                found = (self.check(body, ids), None)
            except JetError as error:
                found = (None, error)
            seen[key] = found
        else:
            self.repeats += 1
        result, error = found
        if error is not None:
            raise type(error)(*error.errors, headers=error.headers)
        return result


def _appliers(merchant: Merchant, now) -> dict[str, tuple[Callable, list[str] | None, bool]]:
    """file_type → (apply(sku_row, body), fields written, creates missing SKUs)."""
    nodes = state.node_ids(merchant)
    locations = set(merchant.return_locations.values_list("location_id", flat=True))
    replace_inventory = False

    def shipping(sku, body):
        sku.shipping_exception = rules.check_shipping_exception(body, nodes)

    def returns(sku, body):
        sku.returns_exception = rules.check_returns_exception(body, locations)

    check_price, check_inventory = _Remembered(rules.check_price), _Remembered(rules.check_inventory)
    return {
        "MerchantSKUs": (lambda sku, body: state.apply_product(sku, body, now), PRODUCT_FIELDS, True),
        "Price": (lambda sku, body: state.apply_price(sku, body, nodes, now, check=check_price), PRICE_FIELDS, False),
        "Inventory": (lambda sku, body: state.apply_inventory(sku, body, nodes, now, replace=replace_inventory,
                                                              check=check_inventory), INVENTORY_FIELDS, False),
        "Archive": (lambda sku, body: state.apply_archive(sku, body, now), ARCHIVE_FIELDS, False),
        "ShippingException": (shipping, ["shipping_exception"], False),
        "ReturnsException": (returns, ["returns_exception"], False),
        "Variation": (lambda sku, body: state.apply_variation(merchant, sku, body), ["variation"], False),
    }


def _beat(file_pk: int) -> None:
    BulkFile.objects.filter(pk=file_pk).update(heartbeat=wall_now())


class _Heart:
    """Beats for the file (its heartbeat column) at most every BEAT_EVERY seconds: a take-over waits
    for a heartbeat STALE_AFTER (2 minutes) old, so a beat per batch only cost queries."""

    def __init__(self, file_pk: int):
        self.file_pk, self.last = file_pk, time.monotonic()  # process_file has just beaten

    def beat(self) -> None:
        if time.monotonic() - self.last >= BEAT_EVERY:
            _beat(self.file_pk)
            self.last = time.monotonic()


def _instance(values: Iterable[tuple[str, Any]], merchant: Merchant, *, adding: bool) -> Sku:
    """A Sku holding exactly `values` (unlisted columns stay deferred, as with .only()), built without
    Model.__init__'s per-field work; its merchant is the one already loaded."""
    sku = Sku.__new__(Sku)
    model_state = ModelState()
    model_state.adding, model_state.db, model_state.fields_cache = adding, None if adding else "sandbox", {
        "merchant": merchant}
    attributes = sku.__dict__
    attributes.update(values)
    attributes["_state"] = model_state
    return sku


class _Rows:
    """Reads the stored SKUs of one merchant by name, with the given columns (plus the id)."""

    def __init__(self, merchant: Merchant, fields: list[str]):
        self.merchant = merchant
        self.reader = RowReader(Sku, "merchant", "merchant_sku", ["id", *fields])

    def __call__(self, keys) -> dict[str, Sku]:
        merchant, columns, key = self.merchant, self.reader.columns, self.reader.key_index
        return {row[key]: _instance(zip(columns, row, strict=True), merchant, adding=False)
                for row in self.reader.read(merchant.pk, keys)}


_MADE_DEFAULTS = [(f.attname, f.default) for f in Sku._meta.concrete_fields  # dict, list: one per row
                  if f.has_default() and callable(f.default)]
_FIXED_DEFAULTS = {f.attname: f.get_default() for f in Sku._meta.concrete_fields
                   if f.attname not in dict(_MADE_DEFAULTS)}


def _new_row(merchant: Merchant, merchant_sku: str, now, merchant_sku_id: str | None = None) -> Sku:
    """What state.new_sku builds, for many rows (`merchant_sku_id` one of ids.jet_ids when given)."""
    values = _FIXED_DEFAULTS.copy()
    for name, make in _MADE_DEFAULTS:
        values[name] = make()
    values["merchant_id"], values["merchant_sku"], values["created_at"] = merchant.pk, merchant_sku, now
    values["merchant_sku_id"] = merchant_sku_id or ids.jet_id()
    return _instance(values.items(), merchant, adding=True)


class _Children:
    """The variation children named by one batch, read with one query (the rules read them, never write)."""

    def __init__(self, load_rows: _Rows, batch: list[tuple[str, object]]):
        self.load_rows, self.rows, self.asked = load_rows, {}, set()
        names = []
        for _, body in batch:
            listed = body.get("children_skus") if isinstance(body, dict) else None
            for child in listed if isinstance(listed, list) else []:
                name = child.get("merchant_sku") if isinstance(child, dict) else child
                if isinstance(name, str):
                    names.append(name)
        self._read(names)

    def _read(self, names: list) -> None:
        wanted = list({n for n in names if n not in self.asked})
        if wanted:
            self.asked.update(wanted)
            self.rows.update(self.load_rows(wanted))

    def __call__(self, names: list) -> dict[str, Sku]:
        self._read([n for n in names if isinstance(n, str)])
        return {n: self.rows[n] for n in names if isinstance(n, str) and n in self.rows}


def apply_entries(file: BulkFile, data: dict, errors: list[str]) -> int:
    """Applies every SKU entry; returns how many were read. Failures are appended to `errors`."""
    merchant = file.merchant
    now = merchant_now(merchant)
    appliers = _appliers(merchant, now)
    apply, fields, creates = appliers[file.file_type]
    entries = list(data.items())
    load_rows = _Rows(merchant, LOADED_FIELDS[file.file_type])
    load_children = _Rows(merchant, CHILD_FIELDS) if file.file_type == "Variation" else None
    heart = _Heart(file.pk)
    for batch in batches(entries, BATCH):
        rows = load_rows([key for key, _ in batch])
        if load_children is not None:
            children = _Children(load_children, batch)
            apply = partial(state.apply_variation, merchant, find_children=children)
        to_create, to_update = [], []
        new_ids = iter(ids.jet_ids(max(0, len(batch) - len(rows))) if creates else ())
        for merchant_sku, body in batch:
            row = rows.get(merchant_sku)
            if row is None and not creates:
                errors.append(m.FILE_SKU_ERROR.format(sku=merchant_sku,
                                                      message=m.SKU_NOT_FOUND.format(sku=merchant_sku)))
                continue
            if not isinstance(body, dict):
                errors.append(m.FILE_SKU_ERROR.format(sku=merchant_sku, message=m.BODY_NOT_OBJECT))
                continue
            fresh = row is None
            if fresh:
                row = _new_row(merchant, merchant_sku, now, next(new_ids, None))
            try:
                apply(row, body)
            except JetError as error:
                errors.extend(m.FILE_SKU_ERROR.format(sku=merchant_sku, message=e) for e in error.errors)
                continue
            (to_create if fresh else to_update).append(row)
            rows[merchant_sku] = row
        heart.beat()
        _write(to_create, to_update, fields)
        if "review_due_at" in fields:  # the other file types leave reviews alone (and may not load them)
            dues = [s.review_due_at for s in (*to_create, *to_update) if s.review_due_at is not None]
            note_due(merchant, min(dues) if dues else None)
    return len(entries)


WRITE_SLICE = 250  # rows per write transaction


def _write(to_create: list[Sku], to_update: list[Sku], fields: list[str]) -> None:
    """Writes a batch in short transactions, each after the requests in flight: SQLite has one writer at a
    time, and a request must not wait for a whole batch (applying an entry twice after a crash is harmless)."""
    for rows in batches(to_create, WRITE_SLICE):
        give_way()
        with transaction.atomic(using="sandbox"):
            insert_rows(Sku, rows)
    for rows in batches(to_update, WRITE_SLICE):
        give_way()
        with transaction.atomic(using="sandbox"):
            update_rows(Sku, rows, fields)


_paused_lock = threading.Lock()
_paused_users = 0
_paused_since = 0.0
_was_enabled = True


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while files are processed: its passes over the parsed file, the rows
    of a batch and the taxonomy cost up to a third of the CPU, and what a file leaves behind is freed by
    reference counting. Cycles made meanwhile (by any thread) wait for the first pass after the last
    concurrent file, or for the full pass run when a file ends after the collector has been paused for
    COLLECT_EVERY seconds (merchants' files overlapping without a break). The collector is left as found."""
    global _paused_users, _paused_since, _was_enabled
    with _paused_lock:
        if not _paused_users:
            _was_enabled, _paused_since = gc.isenabled(), time.monotonic()
            gc.disable()
        _paused_users += 1
    try:
        yield
    finally:
        with _paused_lock:
            _paused_users -= 1
            if not _paused_users:
                if _was_enabled:
                    gc.enable()
            elif _was_enabled and time.monotonic() - _paused_since >= COLLECT_EVERY:
                gc.collect()
                _paused_since = time.monotonic()


@contextmanager
def _page_cache() -> Iterator[None]:
    """A larger SQLite page cache for the connection while a file is applied: a batch rewrites a few
    thousand pages of rows and indexes, more than SQLite's default 2 MiB keeps between the SELECT and
    the UPDATE. Memory only (the cache holds committed pages; WAL readers see what they saw before)."""
    connection = connections["sandbox"]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


def _apply_file(file: BulkFile, errors: list[str]) -> int:
    """Parses and applies the file; returns how many entries were read."""
    try:
        data = _load(file)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile, orjson.JSONDecodeError) as exc:
        errors.append(m.FILE_NOT_GZIP.format(detail=str(exc)[:200]))
        return 0
    except ValueError as exc:
        errors.append(str(exc))
        return 0
    try:
        with _page_cache():
            return apply_entries(file, data, errors)
    except Exception:  # the file must still reach a final status; the cause is logged
        log.exception("bulk file %s failed", file.jet_file_id)
        errors.append(m.INTERNAL_ERROR)
        return 0


def process_file(file_pk: int) -> None:
    """Runs one submitted file to its final status; safe to call again for a file left half-done."""
    file = BulkFile.objects.select_related("merchant").get(pk=file_pk)
    BulkFile.objects.filter(pk=file_pk).update(status=FileStatusName.PROCESSING.value, processing_start=merchant_now(file.merchant),
                                               heartbeat=wall_now())
    errors: list[str] = []
    with _collector_paused():
        processed = _apply_file(file, errors)
    error_path(file).write_bytes(gzip.compress(orjson.dumps(errors), compresslevel=5))
    BulkFile.objects.filter(pk=file_pk).update(
        status=WITH_ERRORS if errors else SUCCESS, processing_end=merchant_now(file.merchant),
        error_count=len(errors), error_excerpt=errors[:EXCERPT], total_processed=processed,
    )
