"""Listing rows: keep one JetListing per merchant SKU in step with the export, and the merchant's edits to them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction

from jetcart.bulk_rows import insert_values
from jetcart.connector.models import JetListing, ListingKind, ListingStatus
from jetcart.connector.models.listings import combination_key
from jetcart.connector.products.export import ProductExport
from jetcart.connector.products.merchant_skus import merchant_sku_problem
from jetcart.connector.products.offers import OfferHashes
from jetcart.jet.identifiers import is_valid_asin, is_valid_ean, is_valid_upc

# Aggregated status of a product from its SKUs' statuses, worst first (what the grid shows).
_STATUS_ORDER = [
    ListingStatus.MISSING_LISTING_DATA, ListingStatus.UNAUTHORIZED, ListingStatus.EXCLUDED,
    ListingStatus.UNDER_JET_REVIEW, ListingStatus.AVAILABLE_FOR_PURCHASE, ListingStatus.ARCHIVED,
    ListingStatus.NOT_UPLOADED,
]


_UPDATED = ["kind", "parent_sku", "option_value_ids", "problems", "price_sent", "inventory_sent", "last_sent_at",
            "sku_hash", "price_sent_hash", "inventory_sent_hash"]


class ListingEditError(ValueError):
    """An edit of a listing that was refused; `field` names the field."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def product_status(statuses: Iterable[str]) -> str:
    """One status for a product from its SKUs': the first of Jet's statuses in order of concern."""
    present = set(statuses)
    if not present:
        return ListingStatus.NOT_UPLOADED
    if present == {ListingStatus.NOT_UPLOADED}:
        return ListingStatus.NOT_UPLOADED
    for status in _STATUS_ORDER:
        if status in present and status != ListingStatus.NOT_UPLOADED:
            return status
    return ListingStatus.NOT_UPLOADED


def record_exports(exports: list[ProductExport], existing: dict[int, list[JetListing]], *,
                   sent_at: datetime | None = None) -> None:
    """Creates or updates the listing rows of a batch of exported products (problems included). `existing`
    is the batch's listings by product id. With `sent_at`, the price and inventory of the products about to
    be sent are remembered on their rows (what acceptance turns into the hashes sync compares against)."""
    to_create: list[dict] = []
    to_update: list[JetListing] = []
    hashes: dict[str, OfferHashes] = {}  # by fulfillment node
    for export in exports:
        rows = {li.combination_key: li for li in existing.get(export.product_id, [])}
        product_wide = [p.as_dict() for p in export.problems if not p.merchant_sku]
        sending = sent_at is not None and export.ok
        for sku in export.skus:
            key = combination_key(sku.option_value_ids) if sku.kind == ListingKind.CHILD else ""
            problems = (product_wide + [p.as_dict() for p in export.problems if p.merchant_sku == sku.merchant_sku]
                        if export.problems else [])
            row = rows.get(key)
            if row is None:
                new = {"merchant_sku": sku.merchant_sku, "product_id": export.product_id, "kind": sku.kind,
                       "parent_sku": sku.parent_sku, "option_value_ids": sku.option_value_ids,
                       "combination_key": key, "problems": problems}
                if sending:
                    offer = hashes.get(sku.node_id) or hashes.setdefault(sku.node_id, OfferHashes(sku.node_id))
                    new.update(price_sent=sku.price, inventory_sent=sku.inventory, last_sent_at=sent_at,
                               sku_hash=sku.sku_hash, price_sent_hash=offer.price(sku.price),
                               inventory_sent_hash=offer.inventory(sku.inventory))
                to_create.append(new)
                continue
            changed = sending or (row.kind, row.parent_sku, row.option_value_ids, row.problems) != (
                sku.kind, sku.parent_sku, sku.option_value_ids, problems)
            row.kind, row.parent_sku, row.option_value_ids, row.problems = (
                sku.kind, sku.parent_sku, sku.option_value_ids, problems)
            if changed:
                to_update.append(row)
            if sending:
                offer = hashes.get(sku.node_id) or hashes.setdefault(sku.node_id, OfferHashes(sku.node_id))
                row.price_sent, row.inventory_sent, row.last_sent_at = sku.price, sku.inventory, sent_at
                row.sku_hash = sku.sku_hash
                row.price_sent_hash, row.inventory_sent_hash = offer.price(sku.price), offer.inventory(sku.inventory)
    with transaction.atomic():
        insert_values(JetListing, to_create)
        if to_update:
            JetListing.objects.bulk_update(to_update, _UPDATED, batch_size=500)


@dataclass(frozen=True)
class ChildFields:
    """The unique fields of a configurable product's child, as the merchant edits them."""

    merchant_sku: str
    upc: str = ""
    ean: str = ""
    asin: str = ""
    mfr_part_number: str = ""


def update_child_fields(*, listing_id: int, fields: ChildFields) -> JetListing:
    """Saves a child's merchant SKU and unique fields; the SKU can only change before it reaches Jet."""
    listing = JetListing.objects.get(pk=listing_id)
    sku = fields.merchant_sku.strip()
    if sku != listing.merchant_sku:
        problem = merchant_sku_problem(sku)
        if problem:
            raise ListingEditError("merchant_sku", problem)
        if listing.jet_status != ListingStatus.NOT_UPLOADED:
            raise ListingEditError("merchant_sku", "already on Jet under this SKU; Jet cannot rename a SKU")
    upc, ean, asin = fields.upc.strip(), fields.ean.strip(), fields.asin.strip().upper()
    if upc and not is_valid_upc(upc):
        raise ListingEditError("upc", "a UPC is 12 digits with a valid check digit")
    if ean and not is_valid_ean(ean):
        raise ListingEditError("ean", "an EAN is 13 digits with a valid check digit")
    if asin and not is_valid_asin(asin):
        raise ListingEditError("asin", "an ASIN is exactly 10 letters or digits")
    mpn = fields.mfr_part_number.strip()
    if len(mpn) > 50:
        raise ListingEditError("mfr_part_number", "at most 50 characters")
    try:
        with transaction.atomic():
            if sku != listing.merchant_sku:
                JetListing.objects.filter(parent_sku=listing.merchant_sku).update(parent_sku=sku)
                listing.sku_edited = True
            listing.merchant_sku, listing.upc, listing.ean, listing.asin = sku, upc, ean, asin
            listing.mfr_part_number = mpn
            listing.save()
    except IntegrityError:
        raise ListingEditError("merchant_sku", f"{sku!r} is already used by another product") from None
    return listing


