"""Price and inventory sync: send only the SKUs whose price or inventory differs from what Jet last accepted,
and any SKU whose accepted value is older than the full-refresh interval (24 h by default), so that every SKU
is refreshed at least that often. A product the store read did not return is left alone on Jet, never zeroed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from jetcart.connector.catalog_export import current_offers
from jetcart.connector.catalog_snapshot import update_product_statuses
from jetcart.connector.file_outcomes import apply_outcomes, mark_sent
from jetcart.connector.gateways import jet_client, store_gateway
from jetcart.connector.jet_files import BulkSender
from jetcart.connector.models import (
    JetConfiguration,
    JetListing,
    ListingStatus,
    ProductRun,
)
from jetcart.connector.offers import OfferRules, body_hash, inventory_body, price_body
from jetcart.connector.product_runs import RunReporter, chunks, product_names, run_product_ids
from jetcart.jet.models.vocabulary import FileType

BATCH = 500


def refresh_interval() -> timedelta:
    """How old an accepted price or inventory may get before it is sent again unchanged (24 h by default)."""
    return timedelta(minutes=JetConfiguration.load().full_refresh_interval or 1440)


def _stale(accepted_at: datetime | None, oldest: datetime) -> bool:
    return accepted_at is None or accepted_at < oldest


def synced_listings():
    """Listings sync keeps up to date: on Jet and not archived."""
    return JetListing.objects.filter(is_archived=False).exclude(
        Q(jet_status=ListingStatus.NOT_UPLOADED) & Q(uploaded_at__isnull=True))


def sync_products(product_ids: Iterable[int] | None, reporter: RunReporter, *, full: bool = False) -> str:
    """Sends changed prices and inventories of the products (every synced product when None)."""
    listings = synced_listings()
    ids = sorted(set(listings.values_list("product_id", flat=True)))
    if product_ids is not None:
        wanted = set(product_ids)
        ids = [i for i in ids if i in wanted]
    gateway, client = store_gateway(), jet_client()
    config = JetConfiguration.load()
    rules, node = OfferRules.from_configuration(config), config.fulfillment_node_id
    oldest = timezone.now() - refresh_interval()
    reporter.set_total(len(ids))
    reporter.names.update(product_names(ids))
    sender = BulkSender(client, reporter.run)
    queued: dict[int, list[str]] = {}
    prices = inventories = 0
    try:
        for batch in chunks(ids, BATCH):
            products = {p.product_id: p for p in gateway.get_products(batch)}
            rows: dict[int, list[JetListing]] = {}
            for listing in listings.filter(product_id__in=batch):
                rows.setdefault(listing.product_id, []).append(listing)
            sent: dict = {}
            for product_id in batch:
                product = products.get(product_id)
                if product is None:
                    reporter.failed(product_id, messages=[
                        "not found in the store; left unchanged on Jet (archive it if it was deleted)"])
                    continue
                notes = []
                for sku, offer in current_offers(product, rows.get(product_id, []), rules).items():
                    listing = next(li for li in rows[product_id] if li.merchant_sku == sku)
                    if offer is None:
                        notes.append(f"{sku}: its options are no longer in the store; left unchanged on Jet")
                        continue
                    send_price = (full or _stale(listing.price_accepted_at, oldest)
                                  or body_hash(price_body(offer.price, node)) != listing.price_hash)
                    send_inventory = (full or _stale(listing.inventory_accepted_at, oldest)
                                      or body_hash(inventory_body(offer.inventory, node)) != listing.inventory_hash)
                    if send_price:
                        sender.add(FileType.PRICE, sku, price_body(offer.price, node), product_id)
                        prices += 1
                    if send_inventory:
                        sender.add(FileType.INVENTORY, sku, inventory_body(offer.inventory, node), product_id)
                        inventories += 1
                    if send_price or send_inventory:
                        sent[sku] = (offer.price if send_price else None, offer.inventory if send_inventory else None)
                        notes.append(f"{sku}: " + ", ".join(
                            ([f"price {offer.price}"] if send_price else [])
                            + ([f"inventory {offer.inventory}"] if send_inventory else [])))
                queued[product_id] = notes
            mark_sent(sent, timezone.now())
        outcomes = sender.send(FileType.PRICE) + sender.send(FileType.INVENTORY)
    finally:
        sender.close()
    failures = apply_outcomes(outcomes)
    reporter.sent(len({s for o in outcomes for s in o.manifest}))
    for product_id, notes in queued.items():
        if product_id in failures:
            reporter.failed(product_id, messages=failures[product_id])
        else:
            reporter.ok(product_id, messages=notes or ["unchanged"])
    reporter.flush()
    update_product_statuses(ids)
    kind = "full refresh" if full else "changes"
    return f"sync ({kind}): {prices} prices and {inventories} inventories sent for {len(ids)} products"


def sync_run(run: ProductRun, reporter: RunReporter) -> str:
    ids = run.selection.get("product_ids")
    if not ids and run.selection.get("filters"):
        ids = run_product_ids(run)
    return sync_products(ids or None, reporter, full=run.full_refresh)


def run_scheduled_sync() -> str:
    """The scheduled job: sync every product on Jet (changes, plus SKUs due for their daily refresh)."""
    from jetcart.connector.models import ProductAction
    from jetcart.connector.product_runs import create_run, execute_run

    return execute_run(create_run(action=ProductAction.SYNC).pk).message
