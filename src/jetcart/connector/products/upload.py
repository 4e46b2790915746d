"""Bulk upload: stream the selected products from the store, build and validate their Jet data, send the
valid ones in MerchantSKUs, Price, Inventory and Variation files, and record per product what happened."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import orjson
from django.conf import settings

from jetcart.batches import batches
from jetcart.connector.jet_and_store import jet_client, store_gateway
from jetcart.connector.models import ProductRun
from jetcart.connector.products.export import ExportContext
from jetcart.connector.products.file_outcomes import apply_outcomes
from jetcart.connector.products.jet_files import BulkSender, FileOutcome
from jetcart.connector.products.runs import RunReporter, product_names, run_product_ids
from jetcart.connector.products.snapshot import update_product_statuses
from jetcart.connector.products.upload_build import (
    BuiltBatch,
    built_batches,
    collect_young,
    worker_processes,
    young_collections_only,
)
from jetcart.jet.models.vocabulary import FileType

if TYPE_CHECKING:
    from jetcart.store.gateway import StoreGateway

BATCH = 500


def store_image_base(gateway: StoreGateway) -> str:
    """The storefront's address, in front of its image paths (OpenCart serves them under /image/): the
    store's own config_url when set, else JETCART_STORE_WEB_URL."""
    store = getattr(getattr(gateway, "settings", None), "store_url", "") or ""
    return store or getattr(settings, "JETCART_STORE_WEB_URL", "")


def build_upload(ids: list[int], reporter: RunReporter, sender: BulkSender, ctx: ExportContext, gateway: StoreGateway) -> dict[int, str]:
    """Streams the products from the store in batches, builds and validates their Jet data, records the
    listings, and writes the valid products into the sender's files; returns the queued products' names."""
    queued: dict[int, str] = {}
    for built in _build(ids, reporter, sender, ctx, gateway):
        queued.update(built.queued)
    return queued


def _build(ids: list[int], reporter: RunReporter, sender: BulkSender, ctx: ExportContext,
           gateway: StoreGateway) -> Iterator[BuiltBatch]:
    """build_upload batch by batch: each built batch, once its entries are in the sender's files and its
    products that cannot be sent are reported."""
    for built in built_batches(batches(ids, BATCH), ctx, gateway, processes=worker_processes(len(ids))):
        unnamed = [product_id for product_id, name, _ in built.failed if not name]
        names = product_names(unnamed) if unnamed else {}  # a product the store no longer has: the grid's name
        for product_id, name, messages in built.failed:
            reporter.failed(product_id, name or names.get(product_id, ""), messages)
        for file_type, sku, body, product_id in built.entries:
            sender.add_encoded(file_type, sku, body, product_id)
        yield built


class QueuedProducts:
    """The products of an upload that were sent, with their names, kept in a temporary file until Jet's
    verdict is in (a million names held in memory would weigh more than the rest of the upload)."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="jetcart-queued-")  # noqa: SIM115 - closed by close()

    def add(self, names: dict[int, str]) -> None:
        if names:
            self._file.write(orjson.dumps(list(names.items())) + b"\n")

    def __iter__(self) -> Iterator[tuple[int, str]]:
        self._file.seek(0)
        for line in self._file:
            yield from map(tuple, orjson.loads(line))

    def close(self) -> None:
        self._file.close()


_FILE_ORDER = [FileType.MERCHANT_SKUS, FileType.PRICE, FileType.INVENTORY, FileType.VARIATION]


def send_upload(sender: BulkSender, reporter: RunReporter, failures: dict[int, list[str]] | None = None) -> list[FileOutcome]:
    """Uploads every file, product data first (Jet processes a merchant's files in the order they arrive, so
    prices, inventory and variations find their SKUs), then waits for Jet's verdict on each and records it
    as soon as it is known; `failures` collects Jet's messages by product id. The outcomes come back without
    their manifests (recorded already: a catalog's worth of them would not fit in memory)."""
    files = sender.upload_all(_FILE_ORDER)
    reporter.note(f"{len(files)} files uploaded to Jet; waiting for Jet to process them")
    refused: set[str] = set()  # SKUs whose product data Jet refused in this upload

    def record(outcome: FileOutcome) -> None:
        if outcome.file.file_type == FileType.MERCHANT_SKUS:
            refused.update(outcome.errors)
        else:
            leave_out(outcome, refused)
        for product_id, messages in apply_outcomes([outcome]).items():
            if failures is not None:
                failures.setdefault(product_id, []).extend(messages)
        if outcome.final:
            outcome.manifest = {}  # recorded; the file's row keeps it
        collect_young()

    return sender.await_all(files, on_outcome=record)


def leave_out(outcome: FileOutcome, skus: set[str]) -> None:
    """Takes SKUs out of a file's outcome: their price or inventory could not apply because Jet refused their
    product data ("not found"), which is the error the merchant sees; they are neither accepted nor listed
    again on Rejected Files."""
    dropped = skus & outcome.manifest.keys()
    if dropped:
        outcome.manifest = {sku: pid for sku, pid in outcome.manifest.items() if sku not in dropped}
        outcome.errors = {sku: messages for sku, messages in outcome.errors.items() if sku not in dropped}


def upload_products(product_ids: Iterable[int], reporter: RunReporter, *, chunk_size: int | None = None) -> str:
    """Uploads the products; returns the run's summary line. Products with problems are not sent."""
    with young_collections_only():
        return _upload(sorted(set(product_ids)), reporter, chunk_size=chunk_size)


def _upload(ids: list[int], reporter: RunReporter, *, chunk_size: int | None) -> str:
    gateway, client = store_gateway(), jet_client()
    reporter.set_total(len(ids))
    ctx = ExportContext.load(image_base_url=store_image_base(gateway))
    sender = BulkSender(client, reporter.run, chunk_size=chunk_size)
    queued = QueuedProducts()
    failures: dict[int, list[str]] = {}
    try:
        for built in _build(ids, reporter, sender, ctx, gateway):
            queued.add(built.queued)
        reporter.note(f"sending {sender.pending(FileType.MERCHANT_SKUS)} SKUs to Jet")
        outcomes = send_upload(sender, reporter, failures)
        unfinished = [o.file.jet_file_id for o in outcomes if not o.final]
        sent_count = sum(o.file.sku_count for o in outcomes if o.file.file_type == FileType.MERCHANT_SKUS)
        reporter.sent(sent_count)
        for product_id, name in queued:
            if product_id in failures:
                reporter.failed(product_id, name, failures[product_id])
            else:
                reporter.ok(product_id, name, ["uploaded: Under Jet Review"])
    finally:
        sender.close()
        queued.close()
    reporter.flush()
    update_product_statuses(ids)
    summary = (f"{reporter.run.succeeded} uploaded, {reporter.run.failed} with errors; "
               f"{sent_count} SKUs sent in {len(outcomes)} files")
    if unfinished:
        summary += f"; Jet is still processing {len(unfinished)} files (Rejected Files › Fetch Errors reads them)"
    return summary


def upload_run(run: ProductRun, reporter: RunReporter) -> str:
    return upload_products(run_product_ids(run), reporter)

