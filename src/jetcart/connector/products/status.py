"""Jet status of listings: per SKU for a selection of products, or in bulk from Jet's SKU list for all."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils import timezone

from jetcart.batches import batches
from jetcart.connector.jet_and_store import jet_client
from jetcart.connector.models import JetListing, ListingStatus, ProductRun
from jetcart.connector.products.runs import RunReporter, product_names, run_product_ids
from jetcart.connector.products.snapshot import update_product_statuses
from jetcart.jet.errors import JetError, JetNotFound

log = logging.getLogger(__name__)
PORTAL_PAGE = 1000
PER_SKU_LIMIT = 2000
KNOWN = set(ListingStatus.values)


def _status(raw: str | None, archived: bool | None) -> str:
    if archived:
        return ListingStatus.ARCHIVED
    return raw if raw in KNOWN else (raw or ListingStatus.NOT_UPLOADED)


def _apply(listing: JetListing, status: str, sub_status: list[str], archived: bool | None, now) -> None:
    listing.jet_status = _status(status, archived)[:40]
    listing.sub_statuses = list(sub_status or [])
    if archived is not None:
        listing.is_archived = bool(archived)
    listing.status_checked_at = now


def fetch_statuses(product_ids: Iterable[int], reporter: RunReporter) -> str:
    """Reads each SKU of the products from Jet (`GET /merchant-skus/{sku}`) and saves its status."""
    ids = sorted(set(product_ids))
    client = jet_client()
    reporter.set_total(len(ids))
    reporter.names.update(product_names(ids))
    checked = 0
    for batch in batches(ids, 200):
        listings = list(JetListing.objects.filter(product_id__in=batch))
        by_sku = {li.merchant_sku: li for li in listings}
        by_product: dict[int, list[JetListing]] = {}
        for listing in listings:
            by_product.setdefault(listing.product_id, []).append(listing)
        now = timezone.now()
        messages: dict[int, list[str]] = {}
        errors: dict[int, list[str]] = {}
        for outcome in client.map_concurrently(client.products.get, [li.merchant_sku for li in listings]):
            listing = by_sku[outcome.item]
            if outcome.ok:
                detail = outcome.result
                _apply(listing, detail.status, detail.sub_status, detail.is_archived, now)
                text = f"{listing.merchant_sku}: {listing.jet_status}"
                if listing.sub_statuses:
                    text += f" ({', '.join(listing.sub_statuses)})"
                messages.setdefault(listing.product_id, []).append(text)
                checked += 1
            elif isinstance(outcome.error, JetNotFound):
                listing.jet_status, listing.status_checked_at = ListingStatus.NOT_UPLOADED, now
                messages.setdefault(listing.product_id, []).append(f"{listing.merchant_sku}: not on Jet")
            else:
                errors.setdefault(listing.product_id, []).append(f"{listing.merchant_sku}: {outcome.error}")
        JetListing.objects.bulk_update(listings, ["jet_status", "sub_statuses", "is_archived", "status_checked_at"],
                                       batch_size=500)
        for product_id in batch:
            if product_id in errors:
                reporter.failed(product_id, messages=errors[product_id])
            elif product_id in by_product:
                reporter.ok(product_id, messages=messages.get(product_id, []))
            else:
                reporter.failed(product_id, messages=["not uploaded to Jet"])
    reporter.flush()
    update_product_statuses(ids)
    return f"status of {checked} SKUs read for {len(ids)} products"


def fetch_all_statuses(reporter: RunReporter | None = None) -> str:
    """Reads every SKU's status from Jet's SKU list in pages and saves it on the listings jetcart knows."""
    client = jet_client()
    now = timezone.now()
    start = updated = 0
    touched: set[int] = set()
    while True:
        page = client.products.portal_skus(start=start, size=PORTAL_PAGE)
        if not page:
            break
        rows = {row.merchant_sku: row for row in page}
        listings = list(JetListing.objects.filter(merchant_sku__in=list(rows)))
        for listing in listings:
            row = rows[listing.merchant_sku]
            _apply(listing, row.status, row.sub_status, row.is_archived, now)
            touched.add(listing.product_id)
        JetListing.objects.bulk_update(listings, ["jet_status", "sub_statuses", "is_archived", "status_checked_at"],
                                       batch_size=500)
        updated += len(listings)
        if len(page) < PORTAL_PAGE:
            break
        start += PORTAL_PAGE
    update_product_statuses(touched)
    summary = f"status of {updated} SKUs read from Jet's SKU list"
    if reporter is not None:
        reporter.set_total(len(touched))
        for product_id in sorted(touched):
            reporter.ok(product_id, messages=["status read"])
        reporter.flush()
    return summary


def status_run(run: ProductRun, reporter: RunReporter) -> str:
    """Per SKU for a selection of up to PER_SKU_LIMIT products; Jet's whole SKU list beyond that (one page
    of 1,000 statuses costs what one SKU read costs)."""
    ids = run.selection.get("product_ids") or (run_product_ids(run) if run.selection.get("filters") else [])
    if ids and len(ids) <= PER_SKU_LIMIT:
        return fetch_statuses(ids, reporter)
    try:
        return fetch_all_statuses(reporter)
    except JetError as exc:
        log.warning("Jet's SKU list failed (%s); reading SKUs one by one", exc)
        ids = ids or sorted(set(JetListing.objects.values_list("product_id", flat=True)))
        return fetch_statuses(ids, reporter)


