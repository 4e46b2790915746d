"""Processes an uploaded bulk file: gunzip, parse, apply each SKU's body with the single-SKU rules, in
batches with bulk writes (one SELECT and one or two writes per 1,000 SKUs), then record the outcome."""

from __future__ import annotations

import gzip
import logging
import threading
import zlib
from collections.abc import Callable
from datetime import timedelta

import orjson
from django.db import close_old_connections, transaction
from django.db.models import Q

from jetcart.sandbox import messages as m
from jetcart.sandbox.bulkwrite import insert_rows, update_rows
from jetcart.sandbox.clock import merchant_now, wall_now
from jetcart.sandbox.config import config
from jetcart.sandbox.files.blobs import blob_path
from jetcart.sandbox.lifecycle import note_due
from jetcart.sandbox.models import BulkFile, Merchant, Sku
from jetcart.sandbox.skus import rules, state
from jetcart.sandbox.transport.errors import JetError

log = logging.getLogger("jetcart.sandbox.files")
BATCH = 1000
EXCERPT = 20
SUCCESS = "Processed successfully"
WITH_ERRORS = "Processed with errors"

PRODUCT_FIELDS = ["data", "has_data", "data_missing", "missing", "complete", "status", "sub_status",
                  "review_due_at", "sku_last_update"]
PRICE_FIELDS = ["price", "price_nodes", "price_last_update", "missing", "complete", "status", "sub_status",
                "review_due_at"]
INVENTORY_FIELDS = ["inventory", "inventory_total", "inventory_last_update", "missing", "complete", "status",
                    "sub_status", "review_due_at"]
_STATUS_INPUTS = ["merchant_sku", "merchant_id", "has_data", "data_missing", "missing", "complete", "status",
                  "sub_status", "review_due_at", "is_archived", "inventory_total", "price"]
LOADED_FIELDS = {  # what each file type's rules read; the rest (product data above all) stays unloaded
    "Price": _STATUS_INPUTS,
    "Inventory": [*_STATUS_INPUTS, "inventory"],
    "Archive": _STATUS_INPUTS,
    "ShippingException": ["merchant_sku", "merchant_id"],
    "ReturnsException": ["merchant_sku", "merchant_id"],
}
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


def _appliers(merchant: Merchant, now) -> dict[str, tuple[Callable, list[str] | None, bool]]:
    """file_type → (apply(sku_row, body), fields written, creates missing SKUs)."""
    nodes = state.node_ids(merchant)
    locations = set(merchant.return_locations.values_list("location_id", flat=True))
    replace_inventory = False

    def shipping(sku, body):
        sku.shipping_exception = rules.check_shipping_exception(body, nodes)

    def returns(sku, body):
        sku.returns_exception = rules.check_returns_exception(body, locations)

    return {
        "MerchantSKUs": (lambda sku, body: state.apply_product(sku, body, now), PRODUCT_FIELDS, True),
        "Price": (lambda sku, body: state.apply_price(sku, body, nodes, now), PRICE_FIELDS, False),
        "Inventory": (lambda sku, body: state.apply_inventory(sku, body, nodes, now, replace=replace_inventory),
                      INVENTORY_FIELDS, False),
        "Archive": (lambda sku, body: state.apply_archive(sku, body, now), ARCHIVE_FIELDS, False),
        "ShippingException": (shipping, ["shipping_exception"], False),
        "ReturnsException": (returns, ["returns_exception"], False),
        "Variation": (lambda sku, body: state.apply_variation(merchant, sku, body), ["variation"], False),
    }


STALE_AFTER = timedelta(seconds=120)


def _beat(file_pk: int) -> None:
    BulkFile.objects.filter(pk=file_pk).update(heartbeat=wall_now())


def apply_entries(file: BulkFile, data: dict, errors: list[str]) -> int:
    """Applies every SKU entry; returns how many were read. Failures are appended to `errors`."""
    merchant = file.merchant
    now = merchant_now(merchant)
    apply, fields, creates = _appliers(merchant, now)[file.file_type]
    entries = list(data.items())
    for start in range(0, len(entries), BATCH):
        batch = entries[start:start + BATCH]
        keys = [key for key, _ in batch]
        query = Sku.objects.filter(merchant=merchant, merchant_sku__in=keys)
        if file.file_type in LOADED_FIELDS:
            query = query.only(*LOADED_FIELDS[file.file_type])
        rows = {s.merchant_sku: s for s in query}
        to_create, to_update = [], []
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
                row = state.new_sku(merchant, merchant_sku, now)
            row.merchant = merchant
            try:
                apply(row, body)
            except JetError as error:
                errors.extend(m.FILE_SKU_ERROR.format(sku=merchant_sku, message=e) for e in error.errors)
                continue
            (to_create if fresh else to_update).append(row)
            rows[merchant_sku] = row
        _beat(file.pk)
        with transaction.atomic(using="sandbox"):
            insert_rows(Sku, to_create)
            update_rows(Sku, to_update, fields)
            dues = [s.review_due_at for s in (*to_create, *to_update) if s.review_due_at is not None]
            note_due(merchant, min(dues) if dues else None)
    return len(entries)


def process_file(file_pk: int) -> None:
    """Runs one submitted file to its final status; safe to call again for a file left half-done."""
    file = BulkFile.objects.select_related("merchant").get(pk=file_pk)
    BulkFile.objects.filter(pk=file_pk).update(status="Processing", processing_start=merchant_now(file.merchant),
                                               heartbeat=wall_now())
    errors: list[str] = []
    processed = 0
    try:
        data = _load(file)
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile, orjson.JSONDecodeError) as exc:
        errors.append(m.FILE_NOT_GZIP.format(detail=str(exc)[:200]))
    except ValueError as exc:
        errors.append(str(exc))
    else:
        try:
            processed = apply_entries(file, data, errors)
        except Exception:  # the file must still reach a final status; the cause is logged
            log.exception("bulk file %s failed", file.jet_file_id)
            errors.append(m.INTERNAL_ERROR)
    error_path(file).write_bytes(gzip.compress(orjson.dumps(errors), compresslevel=5))
    BulkFile.objects.filter(pk=file_pk).update(
        status=WITH_ERRORS if errors else SUCCESS, processing_end=merchant_now(file.merchant),
        error_count=len(errors), error_excerpt=errors[:EXCERPT], total_processed=processed,
    )


def _run_in_thread(file_pk: int) -> None:
    close_old_connections()
    try:
        process_file(file_pk)
    finally:
        from django.db import connections

        connections.close_all()


def resume_if_abandoned(file: BulkFile) -> bool:
    """Restarts a file whose worker stopped showing life (e.g. the server was restarted mid-file).

    The claim is one conditional UPDATE, so of several processes polling at once only one resumes it;
    applying a file twice is harmless (every entry is a full replacement).
    """
    if file.status not in ("Acknowledged", "Processing"):
        return False
    limit = wall_now() - STALE_AFTER
    claimed = BulkFile.objects.filter(pk=file.pk, status__in=["Acknowledged", "Processing"]).filter(
        Q(heartbeat__isnull=True) | Q(heartbeat__lt=limit))
    if not claimed.update(heartbeat=wall_now()):
        return False
    log.warning("bulk file %s was abandoned by its worker; processing it again", file.jet_file_id)
    start_processing(file.pk)
    return True


def start_processing(file_pk: int) -> None:
    """After the submitting transaction commits: a background thread, or inline (setting)."""
    def launch():
        if config().file_processing == "inline":
            process_file(file_pk)
        else:
            threading.Thread(target=_run_in_thread, args=(file_pk,), name=f"jet-file-{file_pk}", daemon=True).start()

    transaction.on_commit(launch, using="sandbox")
