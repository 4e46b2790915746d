"""Archive and unarchive on Jet, as the manual says: an archived SKU leaves Jet and its inventory becomes zero;
unarchiving lists it again by sending its inventory."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils import timezone

from jetcart.batches import batches
from jetcart.connector.jet_and_store import jet_client, store_gateway
from jetcart.connector.models import JetConfiguration, JetListing, ListingStatus, ProductRun
from jetcart.connector.products.export import current_offers
from jetcart.connector.products.file_outcomes import apply_outcomes, mark_sent
from jetcart.connector.products.jet_files import BulkSender
from jetcart.connector.products.offers import OfferRules, inventory_body
from jetcart.connector.products.runs import RunReporter, product_names, run_product_ids
from jetcart.connector.products.sellable import SellableContext, record_pushed
from jetcart.connector.products.snapshot import update_product_statuses
from jetcart.jet.models.vocabulary import FileType

BATCH = 500
NOT_ON_JET = "not on Jet yet: upload it first"
NOT_ARCHIVED = "not archived on Jet"


def _listings_by_product(ids: list[int]) -> dict[int, list[JetListing]]:
    found: dict[int, list[JetListing]] = {}
    for listing in JetListing.objects.filter(product_id__in=ids).exclude(
            jet_status=ListingStatus.NOT_UPLOADED, uploaded_at__isnull=True):
        found.setdefault(listing.product_id, []).append(listing)
    return found


def _finish(reporter: RunReporter, queued: dict[int, list[str]], outcomes, *, archived: bool) -> None:
    failures = apply_outcomes(outcomes, archived=archived)
    reporter.sent(len({s for o in outcomes if o.file.file_type == FileType.ARCHIVE for s in o.manifest}))
    verb = "archived" if archived else "unarchived"
    for product_id, skus in queued.items():
        if product_id in failures:
            reporter.failed(product_id, messages=failures[product_id])
        else:
            reporter.ok(product_id, messages=[f"{verb}: {', '.join(skus)}"])
    reporter.flush()


def _send_flags(product_ids: Iterable[int], reporter: RunReporter, *, archived: bool,
                plan: Callable[[list[int]], dict[int, dict[str, int | None]]]) -> None:
    """Sends the Archive flag of the SKUs `plan` chooses for each batch (by product: SKU → inventory to send,
    None for none; `plan` reports the products it leaves out), then records Jet's outcome."""
    ids = sorted(set(product_ids))
    node = JetConfiguration.load().fulfillment_node_id
    reporter.set_total(len(ids))
    reporter.names.update(product_names(ids))
    sender = BulkSender(jet_client(), reporter.run)
    queued: dict[int, list[str]] = {}
    try:
        for batch in batches(ids, BATCH):
            sent: dict = {}
            for product_id, inventories in plan(batch).items():
                for sku, quantity in inventories.items():
                    sender.add(FileType.ARCHIVE, sku, {"is_archived": archived}, product_id)
                    if quantity is not None:
                        sender.add(FileType.INVENTORY, sku, inventory_body(quantity, node), product_id)
                        sent[sku] = (None, quantity)
                queued[product_id] = list(inventories)
            mark_sent(sent, timezone.now())
        outcomes = sender.send_all([FileType.ARCHIVE, FileType.INVENTORY])
    finally:
        sender.close()
    _finish(reporter, queued, outcomes, archived=archived)
    update_product_statuses(ids)


def archive_products(product_ids: Iterable[int], reporter: RunReporter) -> str:
    """Archives every SKU of the products on Jet and sets their inventory to 0."""

    def plan(batch: list[int]) -> dict[int, dict[str, int | None]]:
        listings = _listings_by_product(batch)
        chosen: dict[int, dict[str, int | None]] = {}
        for product_id in batch:
            rows = listings.get(product_id)
            if not rows:
                reporter.failed(product_id, messages=[NOT_ON_JET])
                continue
            chosen[product_id] = {listing.merchant_sku: 0 for listing in rows}
        return chosen

    _send_flags(product_ids, reporter, archived=True, plan=plan)
    return f"{reporter.run.succeeded} products archived, {reporter.run.failed} not"


def unarchive_products(product_ids: Iterable[int], reporter: RunReporter) -> str:
    """Unarchives the products' archived SKUs and sends their sellable quantity (`sellable`), recorded as pushed."""
    rules = OfferRules.from_configuration(JetConfiguration.load())
    gateway = store_gateway()

    def plan(batch: list[int]) -> dict[int, dict[str, int | None]]:
        listings = _listings_by_product(batch)
        products = {p.product_id: p for p in gateway.get_products(batch)}
        sellable = SellableContext.load(list(products), rules, gateway)
        derived: list = []
        chosen: dict[int, dict[str, int | None]] = {}
        for product_id in batch:
            rows = [li for li in listings.get(product_id, []) if li.is_archived
                    or li.jet_status == ListingStatus.ARCHIVED]
            if not rows:
                reporter.failed(product_id, messages=[NOT_ON_JET if product_id not in listings else NOT_ARCHIVED])
                continue
            product = products.get(product_id)
            if product is None:
                reporter.failed(product_id, messages=["not found in the store; its inventory is unknown"])
                continue
            offers, derivations = sellable.apply(product, rows, current_offers(product, rows, rules))
            derived.extend(derivations.values())
            chosen[product_id] = {li.merchant_sku: (offer.inventory if (offer := offers.get(li.merchant_sku))
                                                    else None) for li in rows}
        record_pushed(derived, sent_at=timezone.now(), source="unarchive")
        return chosen

    _send_flags(product_ids, reporter, archived=False, plan=plan)
    return f"{reporter.run.succeeded} products unarchived, {reporter.run.failed} not"


def archive_run(run: ProductRun, reporter: RunReporter) -> str:
    return archive_products(run_product_ids(run), reporter)


def unarchive_run(run: ProductRun, reporter: RunReporter) -> str:
    return unarchive_products(run_product_ids(run), reporter)
