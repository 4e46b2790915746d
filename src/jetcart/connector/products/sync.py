"""Price and inventory sync: send only the SKUs whose price or inventory differs from what Jet last accepted,
and any SKU whose accepted value is older than the full-refresh interval (24 h by default), so that every SKU
is refreshed at least that often. A product the store read did not return is left alone on Jet, never zeroed.

Which products a whole-catalog sync reads: the products the store reports changed since the previous such sync
(edits, stock moved by orders, specials starting or ending), plus those with a SKU due for its refresh. Every
hour, after a configuration change, and when there is no previous sync, it reads every listed product instead,
which also catches stock changed behind OpenCart's back (an import tool that does not touch date_modified)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Q
from django.utils import timezone

from jetcart.batches import batches
from jetcart.connector.jet_and_store import jet_client, store_gateway
from jetcart.connector.models import (
    JetConfiguration,
    JetListing,
    ListingStatus,
    ProductAction,
    ProductRun,
    RunState,
)
from jetcart.connector.products.export import current_offers
from jetcart.connector.products.file_outcomes import apply_outcomes, mark_sent
from jetcart.connector.products.jet_files import BulkSender
from jetcart.connector.products.offers import OfferRules, body_hash, inventory_body, price_body
from jetcart.connector.products.runs import RunReporter, product_names, run_product_ids
from jetcart.connector.products.sellable import SellableContext, record_pushed
from jetcart.connector.products.snapshot import update_product_statuses
from jetcart.jet.models.vocabulary import FileType

if TYPE_CHECKING:
    from jetcart.store.gateway import StoreGateway

BATCH = 500
# The listing fields a sync reads (offers, sellable quantities, the hashes and times compared): a listing's
# other fields (problems, Jet's sub-statuses, identifiers) are JSON and text that cost more to load than the
# comparison itself.
SYNC_FIELDS = ("product_id", "kind", "merchant_sku", "option_value_ids", "price_hash", "inventory_hash",
               "price_accepted_at", "inventory_accepted_at")
COMPARE_ALL_EVERY = timedelta(hours=1)
# Changes are read from a little before the previous sync started: clocks of the app and the store's database
# may differ, and a product saved while the previous sync read it must be looked at again.
CHANGE_OVERLAP = timedelta(minutes=10)


def refresh_interval() -> timedelta:
    """How old an accepted price or inventory may get before it is sent again unchanged (24 h by default)."""
    return timedelta(minutes=JetConfiguration.load().full_refresh_interval or 1440)


def _stale(accepted_at: datetime | None, oldest: datetime) -> bool:
    return accepted_at is None or accepted_at < oldest


def synced_listings():
    """Listings sync keeps up to date: on Jet and not archived."""
    return JetListing.objects.filter(is_archived=False).exclude(
        Q(jet_status=ListingStatus.NOT_UPLOADED) & Q(uploaded_at__isnull=True))


def _previous_catalog_syncs():
    return ProductRun.objects.filter(action=ProductAction.SYNC, state=RunState.DONE, started_at__isnull=False,
                                     selection__compared__in=["all", "changes"]).order_by("-started_at")


def listed_product_ids(product_ids: Iterable[int] | None = None, *, chunk: int = 5000) -> list[int]:
    """The products with a listing sync keeps up to date, ascending: all of them, or those among `product_ids`
    (looked up by product id, so a few changed products never read a million listings)."""
    listings = synced_listings()
    if product_ids is None:
        return list(listings.order_by("product_id").values_list("product_id", flat=True).distinct().iterator(chunk))
    wanted = sorted(set(product_ids))
    found: set[int] = set()
    for part in batches(wanted, chunk):
        found.update(listings.filter(product_id__in=part).values_list("product_id", flat=True))
    return sorted(found)


def products_to_compare(gateway: StoreGateway, *, now: datetime, config: JetConfiguration,
                        oldest: datetime) -> tuple[list[int], str]:
    """The listed products a whole-catalog sync reads, and whether that is "all" of them or the "changes"."""
    previous = _previous_catalog_syncs().first()
    last_all = _previous_catalog_syncs().filter(selection__compared="all").first()
    if (previous is None or last_all is None or now - last_all.started_at >= COMPARE_ALL_EVERY
            or config.updated_at >= previous.started_at):
        return listed_product_ids(), "all"
    changed = set(gateway.changed_product_ids(previous.started_at - CHANGE_OVERLAP))
    due = set(synced_listings().filter(
        Q(price_accepted_at__isnull=True) | Q(price_accepted_at__lt=oldest)
        | Q(inventory_accepted_at__isnull=True) | Q(inventory_accepted_at__lt=oldest)
    ).values_list("product_id", flat=True))
    return listed_product_ids(changed | due), "changes"


@dataclass
class _OfferQueue:
    """Queues the price and inventory of each SKU whose offer Jet does not have yet (or all, on a full
    refresh, and those Jet accepted longer ago than the refresh interval)."""

    sender: BulkSender
    rules: OfferRules
    node: str
    full: bool
    oldest: datetime
    prices: int = 0
    inventories: int = 0
    derived: list = field(default_factory=list)

    def queue(self, product_id: int, offers: dict, derivations: dict, listings: list[JetListing],
              sent: dict) -> list[str]:
        """Queues what changed for one product (its offers with sellable quantities); records it in `sent` and the
        derivation of each inventory queued in `derived`; returns the notes for its run line."""
        notes = []
        for sku, offer in offers.items():
            listing = next(li for li in listings if li.merchant_sku == sku)
            if offer is None:
                notes.append(f"{sku}: its options are no longer in the store; left unchanged on Jet")
                continue
            send_price = (self.full or _stale(listing.price_accepted_at, self.oldest)
                          or body_hash(price_body(offer.price, self.node)) != listing.price_hash)
            send_inventory = (self.full or _stale(listing.inventory_accepted_at, self.oldest)
                              or body_hash(inventory_body(offer.inventory, self.node)) != listing.inventory_hash)
            if send_price:
                self.sender.add(FileType.PRICE, sku, price_body(offer.price, self.node), product_id)
                self.prices += 1
            if send_inventory:
                self.sender.add(FileType.INVENTORY, sku, inventory_body(offer.inventory, self.node), product_id)
                self.inventories += 1
                if sku in derivations:
                    self.derived.append(derivations[sku])
            if send_price or send_inventory:
                sent[sku] = (offer.price if send_price else None, offer.inventory if send_inventory else None)
                notes.append(f"{sku}: " + ", ".join(([f"price {offer.price}"] if send_price else [])
                                                    + ([f"inventory {offer.inventory}"] if send_inventory else [])))
        return notes


def _ids_to_sync(product_ids: Iterable[int] | None, full: bool, gateway: StoreGateway,
                 config: JetConfiguration) -> tuple[list[int], str | None]:
    """The listed products this sync reads, and what a whole-catalog sync compared ("all", "changes")."""
    if product_ids is not None:
        return listed_product_ids(product_ids), None
    if full:
        return listed_product_ids(), "all"
    return products_to_compare(gateway, now=timezone.now(), config=config,
                               oldest=timezone.now() - refresh_interval())


def _report(reporter: RunReporter, queued: dict[int, list[str]], failures: dict[int, list[str]]) -> None:
    for product_id, notes in queued.items():
        if product_id in failures:
            reporter.failed(product_id, messages=failures[product_id])
        else:
            reporter.ok(product_id, messages=notes or ["unchanged"])
    reporter.flush()


def sync_products(product_ids: Iterable[int] | None, reporter: RunReporter, *, full: bool = False,
                  source: str = "sync") -> str:
    """Sends changed prices and inventories of the products (the whole catalog when None: see the module).
    Inventories are sellable quantities (`jetcart.connector.products.sellable`), each derivation recorded as sent."""
    listings = synced_listings()
    gateway, client = store_gateway(), jet_client()
    config = JetConfiguration.load()
    ids, compared = _ids_to_sync(product_ids, full, gateway, config)
    reporter.set_total(len(ids))
    sender = BulkSender(client, reporter.run)
    offers = _OfferQueue(sender, OfferRules.from_configuration(config), config.fulfillment_node_id, full,
                         timezone.now() - refresh_interval())
    queued: dict[int, list[str]] = {}  # only products with something sent wait for Jet's verdict
    try:
        for batch in batches(ids, BATCH):
            products = {p.product_id: p for p in gateway.get_products(batch)}
            rows: dict[int, list[JetListing]] = {}
            for listing in listings.filter(product_id__in=batch).only(*SYNC_FIELDS):
                rows.setdefault(listing.product_id, []).append(listing)
            sent: dict = {}
            sellable = SellableContext.load(list(products), offers.rules, gateway)
            names = product_names(batch)  # per batch: a million names held to the end would not fit
            for product_id in batch:
                product = products.get(product_id)
                if product is None:
                    reporter.failed(product_id, names.get(product_id, ""), messages=[
                        "not found in the store; left unchanged on Jet (archive it if it was deleted)"])
                    continue
                listed = rows.get(product_id, [])
                product_offers, derivations = sellable.apply(product, listed,
                                                             current_offers(product, listed, offers.rules))
                notes = offers.queue(product_id, product_offers, derivations, listed, sent)
                if notes:
                    queued[product_id] = notes
                    reporter.names[product_id] = names.get(product_id, "")
                else:  # nothing sent, so nothing Jet answers can fail it: reported now, not held to the end
                    reporter.ok(product_id, names.get(product_id, ""), ["unchanged"])
            sent_at = timezone.now()
            mark_sent(sent, sent_at)
            record_pushed(offers.derived, sent_at=sent_at, source=source)
            offers.derived = []
        outcomes = sender.send_all([FileType.PRICE, FileType.INVENTORY])
    finally:
        sender.close()
    failures = apply_outcomes(outcomes)
    reporter.sent(len({s for o in outcomes for s in o.manifest}))
    _report(reporter, queued, failures)
    update_product_statuses(ids)
    if compared:  # what the next whole-catalog sync reads depends on this one
        ProductRun.objects.filter(pk=reporter.run.pk).update(selection={**reporter.run.selection, "compared": compared})
    kind = "full refresh" if full else "changes"
    scope = {"all": "every listed product compared", "changes": "products changed in the store compared"}
    read = f" ({scope[compared]})" if compared else ""
    return (f"sync ({kind}): {offers.prices} prices and {offers.inventories} inventories sent for {len(ids)} "
            f"products{read}")


def sync_run(run: ProductRun, reporter: RunReporter) -> str:
    ids = run.selection.get("product_ids")
    if not ids and run.selection.get("filters"):
        ids = run_product_ids(run)
    return sync_products(ids or None, reporter, full=run.full_refresh, source=run.selection.get("source", "sync"))


