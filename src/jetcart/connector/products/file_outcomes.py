"""What a processed bulk file means for the listings: accepted SKUs move on (status, accepted price and
inventory hashes, archive flag), refused ones keep Jet's messages, and the file's products join Rejected Files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from jetcart.bulk_rows import update_values
from jetcart.connector.models import (
    CatalogProduct,
    JetConfiguration,
    JetFile,
    JetListing,
    ListingStatus,
    RejectedFileProduct,
)
from jetcart.connector.products.jet_files import FileOutcome
from jetcart.connector.products.offers import body_hash, inventory_body, price_body
from jetcart.jet.models.vocabulary import FileType

CHUNK = 1000


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def apply_outcomes(outcomes: Iterable[FileOutcome], *, archived: bool | None = None) -> dict[int, list[str]]:
    """Records each finished file on its listings (once per file); returns Jet's messages by product id.
    `archived` says what an Archive file set (True to archive, False to unarchive)."""
    now = timezone.now()
    node = JetConfiguration.load().fulfillment_node_id
    errors: dict[int, list[str]] = {}
    for outcome in outcomes:
        if not outcome.final:
            continue
        for sku, messages in outcome.errors.items():
            product_id = outcome.manifest.get(sku)
            if product_id is not None:
                errors.setdefault(product_id, []).extend(f"{sku}: {m}" for m in messages)
        if outcome.file.applied:
            continue
        accepted = [sku for sku in outcome.manifest if sku not in outcome.errors]
        for part in _chunks(accepted):
            record_accepted(outcome.file.file_type, part, now, node=node, archived=archived)
        for part in _chunks(list(outcome.errors)):
            rows = list(JetListing.objects.filter(merchant_sku__in=part))
            for listing in rows:
                listing.problems = [{"field": "", "message": m, "merchant_sku": listing.merchant_sku}
                                    for m in outcome.errors[listing.merchant_sku]]
            JetListing.objects.bulk_update(rows, ["problems"], batch_size=500)
        record_rejected_products(outcome)
        JetFile.objects.filter(pk=outcome.file.pk).update(applied=True)
        outcome.file.applied = True
    return errors


def record_accepted(file_type: str, skus: list[str], now: datetime, *, node: str,
                    archived: bool | None = None) -> None:
    """What Jet accepted from a processed file: listing status, and the hashes sync compares against."""
    listings = JetListing.objects.filter(merchant_sku__in=skus)
    if file_type == FileType.MERCHANT_SKUS:
        with transaction.atomic():
            # The statuses are read by SKU and filtered here: `merchant_sku IN (…1,000) AND jet_status IN (…)`
            # made SQLite walk the status index, every listing not yet uploaded per chunk (quadratic at 1M).
            new = {ListingStatus.NOT_UPLOADED, ListingStatus.MISSING_LISTING_DATA}
            waiting = [sku for sku, status in listings.values_list("merchant_sku", "jet_status") if status in new]
            if waiting:
                JetListing.objects.filter(merchant_sku__in=waiting).update(
                    jet_status=ListingStatus.UNDER_JET_REVIEW, sub_statuses=[])
            listings.update(uploaded_at=now, problems=[])
        return
    if file_type == FileType.ARCHIVE and archived is not None:
        if archived:
            listings.update(is_archived=True, jet_status=ListingStatus.ARCHIVED)
        else:
            listings.update(is_archived=False, jet_status=ListingStatus.UNDER_JET_REVIEW)
        return
    if file_type not in (FileType.PRICE, FileType.INVENTORY):
        return
    if file_type == FileType.PRICE:
        found = listings.exclude(price_sent__isnull=True).values_list("merchant_sku", "price_sent")
        rows = [(body_hash(price_body(price, node)), now, sku) for sku, price in found]
        update_each("price_hash", "price_accepted_at", rows=rows)
    else:
        found = listings.exclude(inventory_sent__isnull=True).values_list("merchant_sku", "inventory_sent")
        rows = [(body_hash(inventory_body(quantity, node)), now, sku) for sku, quantity in found]
        update_each("inventory_hash", "inventory_accepted_at", rows=rows)


def update_each(*columns: str, rows: list[tuple] | None = None) -> None:
    """Sets `columns` of many listings, each to its own values: rows of (value, …, merchant_sku)."""
    update_values(JetListing, "merchant_sku", columns, rows or [])


def record_rejected_products(outcome: FileOutcome) -> int:
    """One Rejected Files row per product of a file Jet processed with errors (all its products if the
    file failed as a whole)."""
    if not outcome.errors and not outcome.general_errors:
        return 0
    by_product: dict[int, dict] = {}
    for sku, messages in outcome.errors.items():
        product_id = outcome.manifest.get(sku)
        if product_id is None:
            continue
        entry = by_product.setdefault(product_id, {"skus": [], "messages": []})
        entry["skus"].append(sku)
        entry["messages"].extend(f"{sku}: {m}" for m in messages)
    names = dict(CatalogProduct.objects.filter(product_id__in=list(by_product)).values_list("product_id", "name"))
    rows = [
        RejectedFileProduct(file=outcome.file, product_id=pid, product_name=names.get(pid, "")[:255],
                            merchant_skus=entry["skus"], messages=entry["messages"][:50])
        for pid, entry in by_product.items()
    ]
    RejectedFileProduct.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def mark_sent(sent: dict[str, tuple[object, object]], now: datetime) -> None:
    """Remembers the price and inventory being sent per SKU ({sku: (price | None, inventory | None)}), so
    that acceptance can record the hashes sync compares against."""
    prices = [(price, now, sku) for sku, (price, _) in sent.items() if price is not None]
    quantities = [(quantity, now, sku) for sku, (_, quantity) in sent.items() if quantity is not None]
    update_each("price_sent", "last_sent_at", rows=prices)
    update_each("inventory_sent", "last_sent_at", rows=quantities)
