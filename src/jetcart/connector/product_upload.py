"""Bulk upload: stream the selected products from the store, build and validate their Jet data, send the
valid ones in MerchantSKUs, Price, Inventory and Variation files, and record per product what happened."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone

from jetcart.connector.catalog_export import ExportContext, ProductExport, export_product
from jetcart.connector.catalog_snapshot import update_product_statuses
from jetcart.connector.file_outcomes import apply_outcomes
from jetcart.connector.gateways import jet_client, store_gateway
from jetcart.connector.jet_files import BulkSender, FileOutcome
from jetcart.connector.listings import record_exports
from jetcart.connector.models import ProductRun
from jetcart.connector.product_runs import RunReporter, chunks, product_names, run_product_ids
from jetcart.jet.models.vocabulary import FileType

BATCH = 500


def store_image_base(gateway) -> str:
    """The storefront's address, in front of its image paths (OpenCart serves them under /image/): the
    store's own config_url when set, else JETCART_STORE_WEB_URL."""
    store = getattr(getattr(gateway, "settings", None), "store_url", "") or ""
    return store or getattr(settings, "JETCART_STORE_WEB_URL", "")


def _queue(sender: BulkSender, export: ProductExport) -> None:
    for sku in export.skus:
        sender.add(FileType.MERCHANT_SKUS, sku.merchant_sku, sku.body, export.product_id)
        sender.add(FileType.PRICE, sku.merchant_sku, sku.price_body, export.product_id)
        sender.add(FileType.INVENTORY, sku.merchant_sku, sku.inventory_body, export.product_id)
    if export.variation:
        sender.add(FileType.VARIATION, export.parent_sku, export.variation, export.product_id)


def build_upload(ids: list[int], reporter: RunReporter, sender: BulkSender, ctx: ExportContext, gateway) -> dict[int, str]:
    """Streams the products from the store in batches, builds and validates their Jet data, records the
    listings, and writes the valid products into the sender's files; returns the queued products' names."""
    queued: dict[int, str] = {}
    for batch in chunks(ids, BATCH):
        products = gateway.get_products(batch)
        for missing in sorted(set(batch) - {p.product_id for p in products}):
            reporter.failed(missing, messages=["not found in the store"])
        ctx.prepare(batch)
        exports = [export_product(p, ctx) for p in products]
        record_exports(exports, ctx.listings, sent_at=timezone.now())
        for export in exports:
            if export.ok:
                queued[export.product_id] = export.name
                _queue(sender, export)
            else:
                reporter.failed(export.product_id, export.name, [str(p) for p in export.problems])
    return queued


def send_upload(sender: BulkSender) -> list[FileOutcome]:
    """Sends the files: product data first (Jet needs it before prices, inventory and variations can refer
    to it), then the rest without the products whose data Jet refused or has not processed."""
    outcomes: list[FileOutcome] = sender.send(FileType.MERCHANT_SKUS)
    refused = {o.manifest[sku] for o in outcomes for sku in o.errors if sku in o.manifest}
    refused |= {pid for o in outcomes if not o.final for pid in o.manifest.values()}
    for file_type in (FileType.PRICE, FileType.INVENTORY, FileType.VARIATION):
        outcomes.extend(sender.send(file_type, skip_products=refused))
    return outcomes


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
        outcomes = send_upload(sender)
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

