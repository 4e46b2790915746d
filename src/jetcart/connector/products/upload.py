"""Bulk upload: stream the selected products from the store, build and validate their Jet data, send the
valid ones in MerchantSKUs, Price, Inventory and Variation files, and record per product what happened."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings

from jetcart.connector.jet_and_store import jet_client, store_gateway
from jetcart.connector.models import ProductRun
from jetcart.connector.products.export import ExportContext
from jetcart.connector.products.file_outcomes import apply_outcomes
from jetcart.connector.products.jet_files import BulkSender, FileOutcome
from jetcart.connector.products.runs import RunReporter, chunks, product_names, run_product_ids
from jetcart.connector.products.snapshot import update_product_statuses
from jetcart.connector.products.upload_build import built_batches, worker_processes
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
    batches = list(chunks(ids, BATCH))
    for built in built_batches(batches, ctx, gateway, processes=worker_processes(len(ids))):
        for product_id, name, messages in built.failed:
            reporter.failed(product_id, name, messages)
        for file_type, sku, body, product_id in built.entries:
            sender.add_encoded(file_type, sku, body, product_id)
        queued.update(built.queued)
    return queued


_FILE_ORDER = [FileType.MERCHANT_SKUS, FileType.PRICE, FileType.INVENTORY, FileType.VARIATION]


def send_upload(sender: BulkSender, reporter: RunReporter) -> list[FileOutcome]:
    """Uploads every file, product data first (Jet processes a merchant's files in the order they arrive, so
    prices, inventory and variations find their SKUs), then waits for Jet's verdict on each and records it
    as soon as it is known."""
    files = sender.upload_all(_FILE_ORDER)
    reporter.note(f"{len(files)} files uploaded to Jet; waiting for Jet to process them")
    refused: set[str] = set()  # SKUs whose product data Jet refused in this upload

    def record(outcome: FileOutcome) -> None:
        if outcome.file.file_type == FileType.MERCHANT_SKUS:
            refused.update(outcome.errors)
        else:
            leave_out(outcome, refused)
        apply_outcomes([outcome])

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
    ids = sorted(set(product_ids))
    gateway, client = store_gateway(), jet_client()
    reporter.set_total(len(ids))
    reporter.names.update(product_names(ids))
    ctx = ExportContext.load(image_base_url=store_image_base(gateway))
    sender = BulkSender(client, reporter.run, chunk_size=chunk_size)
    try:
        queued = build_upload(ids, reporter, sender, ctx, gateway)
        reporter.note(f"sending {sender.pending(FileType.MERCHANT_SKUS)} SKUs to Jet")
        outcomes = send_upload(sender, reporter)
    finally:
        sender.close()
    failures = apply_outcomes(outcomes)
    unfinished = [o.file.jet_file_id for o in outcomes if not o.final]
    sent_count = sum(o.file.sku_count for o in outcomes if o.file.file_type == FileType.MERCHANT_SKUS)
    reporter.sent(sent_count)
    for product_id, name in queued.items():
        if product_id in failures:
            reporter.failed(product_id, name, failures[product_id])
        else:
            reporter.ok(product_id, name, ["uploaded: Under Jet Review"])
    reporter.flush()
    update_product_statuses(ids)
    summary = (f"{reporter.run.succeeded} uploaded, {reporter.run.failed} with errors; "
               f"{sent_count} SKUs sent in {len(outcomes)} files")
    if unfinished:
        summary += f"; Jet is still processing {len(unfinished)} files (Rejected Files › Fetch Errors reads them)"
    return summary


def upload_run(run: ProductRun, reporter: RunReporter) -> str:
    return upload_products(run_product_ids(run), reporter)

