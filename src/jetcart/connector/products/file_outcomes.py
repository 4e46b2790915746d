"""What a processed bulk file means for the listings: accepted SKUs move on (status, accepted price and
inventory hashes, archive flag), refused ones keep Jet's messages, and the file's products join Rejected Files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.models import Case, F, JSONField, Q, Value, When
from django.utils import timezone

from jetcart.batches import batches
from jetcart.bulk_rows import keys_in, update_in, update_values
from jetcart.connector.models import (
    CatalogProduct,
    JetConfiguration,
    JetFile,
    JetListing,
    ListingStatus,
    RejectedFileProduct,
)
from jetcart.connector.products.jet_files import FileOutcome
from jetcart.connector.products.offers import OfferHashes
from jetcart.jet.models.vocabulary import FileType

CHUNK = 1000


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
        for part in batches(accepted, CHUNK):
            record_accepted(outcome.file.file_type, part, now, node=node, archived=archived)
        for part in batches(list(outcome.errors), CHUNK):
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
    if file_type in (FileType.PRICE, FileType.INVENTORY):
        _accept_sent(skus, now, node, "price" if file_type == FileType.PRICE else "inventory")
        return
    listings = JetListing.objects.filter(merchant_sku__in=skus)
    if file_type == FileType.MERCHANT_SKUS:
        # One statement: a listing not yet on Jet (or missing data) moves to Under Jet Review with no
        # sub-statuses, every one is marked uploaded without problems (each row written once, not twice).
        new = Q(jet_status__in=[ListingStatus.NOT_UPLOADED, ListingStatus.MISSING_LISTING_DATA])
        listings.update(
            uploaded_at=now, problems=[],
            jet_status=Case(When(new, then=Value(ListingStatus.UNDER_JET_REVIEW)), default=F("jet_status")),
            sub_statuses=Case(When(new, then=Value([], output_field=JSONField())), default=F("sub_statuses")),
        )
        return
    if file_type == FileType.ARCHIVE and archived is not None:
        if archived:
            listings.update(is_archived=True, jet_status=ListingStatus.ARCHIVED)
        else:
            listings.update(is_archived=False, jet_status=ListingStatus.UNDER_JET_REVIEW)


def _accept_sent(skus: list[str], now: datetime, node: str, offer: str) -> None:
    """Jet accepted the `offer` ("price" or "inventory") sent for `skus`: its hash, remembered when it was sent,
    becomes the accepted one in one statement. A listing sent before migration 0017 (no hash remembered) has
    it computed from the value sent, as before."""
    update_in(JetListing, "merchant_sku", skus, {f"{offer}_hash": F(f"{offer}_sent_hash"), f"{offer}_accepted_at": now},
              condition=f"{offer}_sent IS NOT NULL AND {offer}_sent_hash <> ''")
    unhashed = keys_in(JetListing, "merchant_sku", skus, f"{offer}_sent IS NOT NULL AND {offer}_sent_hash = ''")
    if not unhashed:
        return
    hashes = OfferHashes(node)
    hashed = hashes.price if offer == "price" else hashes.inventory
    found = JetListing.objects.filter(merchant_sku__in=unhashed).values_list("merchant_sku", f"{offer}_sent")
    update_each(f"{offer}_hash", f"{offer}_accepted_at", rows=[(hashed(value), now, sku) for sku, value in found])


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
    """Remembers the price and inventory being sent per SKU ({sku: (price | None, inventory | None)}) with
    their bodies' hashes, which acceptance records as the hashes sync compares against."""
    hashes = OfferHashes(JetConfiguration.load().fulfillment_node_id)
    prices = [(price, hashes.price(price), now, sku) for sku, (price, _) in sent.items() if price is not None]
    quantities = [(quantity, hashes.inventory(quantity), now, sku)
                  for sku, (_, quantity) in sent.items() if quantity is not None]
    update_each("price_sent", "price_sent_hash", "last_sent_at", rows=prices)
    update_each("inventory_sent", "inventory_sent_hash", "last_sent_at", rows=quantities)
