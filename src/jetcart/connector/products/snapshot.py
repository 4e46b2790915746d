"""Keeps the local catalog snapshot (the products grid's table) in step with the store: a full read, or only the
products the gateway reports changed since the last refresh; and each product's aggregated Jet status."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import connection, transaction
from django.utils import timezone

from jetcart.batches import batches
from jetcart.bulk_rows import update_values
from jetcart.connector.models import (
    CatalogProduct,
    CatalogProductCategory,
    CatalogSnapshot,
    CategoryMapping,
    JetListing,
)
from jetcart.connector.products.listings import product_status
from jetcart.store.models import Product

if TYPE_CHECKING:
    from jetcart.store.gateway import StoreGateway

BATCH = 1000
# Reads overlap the previous one by this much, so an edit saved during a refresh is never missed.
OVERLAP = timedelta(seconds=60)
# A changed-since refresh runs at most this often when the grid is opened.
STALE_AFTER = timedelta(seconds=30)
_FIELDS = ["name", "model", "image", "price", "special_price", "quantity", "enabled", "has_variants",
           "date_modified", "refreshed_at"]


@dataclass(frozen=True)
class SnapshotRefresh:
    full: bool
    products: int
    removed: int

    def __str__(self) -> str:
        kind = "full" if self.full else "changes"
        return f"catalog snapshot ({kind}): {self.products} products read, {self.removed} removed"


def _row(product: Product, now: datetime) -> CatalogProduct:
    modified = product.date_modified
    if modified is not None and timezone.is_naive(modified):
        modified = timezone.make_aware(modified, timezone.get_current_timezone())
    return CatalogProduct(
        product_id=product.product_id, name=product.name[:255], model=product.model[:64], image=product.image[:255],
        price=product.price, special_price=product.special_price, quantity=product.quantity,
        enabled=product.status, has_variants=bool(product.options), date_modified=modified, refreshed_at=now,
    )


def _save_batch(products: list[Product], now: datetime) -> None:
    ids = [p.product_id for p in products]
    with transaction.atomic():
        CatalogProduct.objects.bulk_create(
            [_row(p, now) for p in products], update_conflicts=True, unique_fields=["product_id"],
            update_fields=_FIELDS, batch_size=BATCH,
        )
        CatalogProductCategory.objects.filter(product_id__in=ids).delete()
        CatalogProductCategory.objects.bulk_create(
            [CatalogProductCategory(product_id=p.product_id, category_id=c) for p in products for c in set(p.category_ids)],
            batch_size=BATCH,
        )


def refresh_snapshot(gateway: StoreGateway, *, full: bool = False, now: datetime | None = None) -> SnapshotRefresh:
    """Reads the store's products into the snapshot: every product (full), or those changed since the last
    refresh. A full read that fails part-way removes nothing; only a completed full read drops products the
    store no longer has."""
    now = now or timezone.now()
    state = CatalogSnapshot.load()
    full = full or state.changed_since is None
    started = now
    read = 0
    removed = 0
    if full:
        seen: set[int] = set()
        for batch in batches(gateway.iter_products(), BATCH):
            _save_batch(batch, now)
            seen.update(p.product_id for p in batch)
            read += len(batch)
        stale = CatalogProduct.objects.exclude(refreshed_at__gte=now).values_list("product_id", flat=True)
        gone = [pid for pid in stale.iterator(chunk_size=5000) if pid not in seen]
        for chunk in batches(gone, BATCH):
            CatalogProductCategory.objects.filter(product_id__in=chunk).delete()
            removed += CatalogProduct.objects.filter(product_id__in=chunk).delete()[0]
        state.full_refresh_at = started
        update_product_statuses()
        _analyze()
    else:
        ids = gateway.changed_product_ids(state.changed_since - OVERLAP)
        for chunk in batches(ids, BATCH):
            products = gateway.get_products(chunk)
            if products:
                _save_batch(products, now)
            read += len(products)
        update_product_statuses(ids)
    state.changed_since = started
    state.product_count = CatalogProduct.objects.count()
    state.save()
    update_mapped_flags(force=True)
    return SnapshotRefresh(full, read, removed)


def mapping_signature() -> str:
    ids = sorted(CategoryMapping.objects.values_list("store_category_id", flat=True))
    return hashlib.sha1(",".join(map(str, ids)).encode(), usedforsecurity=False).hexdigest()


def update_mapped_flags(*, force: bool = False) -> bool:
    """Marks the products of mapped store categories (two set-based UPDATEs), when the category mapping
    changed since the flags were computed; True when it recomputed them."""
    signature = mapping_signature()
    state = CatalogSnapshot.load()
    if not force and state.mapping_signature == signature:
        return False
    mapped = CategoryMapping.objects.values("store_category_id")
    in_mapped = CatalogProductCategory.objects.filter(category_id__in=mapped).values("product_id")
    with transaction.atomic():
        CatalogProduct.objects.filter(mapped=True).exclude(product_id__in=in_mapped).update(mapped=False)
        CatalogProduct.objects.filter(mapped=False, product_id__in=in_mapped).update(mapped=True)
        CatalogSnapshot.objects.filter(pk=state.pk).update(mapping_signature=signature)
    return True


def _analyze() -> None:
    """Fresh planner statistics after a full read, so the grid's queries pick the covering indexes."""
    table = connection.ops.quote_name(CatalogProduct._meta.db_table)
    statement = f"ANALYZE TABLE {table}" if connection.vendor == "mysql" else f"ANALYZE {table}"
    with connection.cursor() as cursor:
        cursor.execute(statement)


def refresh_if_stale(gateway: StoreGateway | None = None, *, now: datetime | None = None) -> SnapshotRefresh | None:
    """A changed-since refresh when the last one is older than STALE_AFTER (the grid calls this); the
    'mapped' flags follow the category mapping either way. The store is only read when the snapshot is stale."""
    now = now or timezone.now()
    state = CatalogSnapshot.load()
    if state.changed_since is not None and now - state.changed_since < STALE_AFTER:
        update_mapped_flags()
        return None
    if gateway is None:
        from jetcart.connector.jet_and_store import store_gateway

        gateway = store_gateway()
    return refresh_snapshot(gateway, now=now)


def update_product_statuses(product_ids: Iterable[int] | None = None) -> int:
    """Recomputes the grid's Jet status and problem count of the given products (all when None)."""
    if product_ids is None:
        product_ids = CatalogProduct.objects.order_by("product_id").values_list("product_id", flat=True)
        ids = list(product_ids.iterator(chunk_size=5000))
    else:
        ids = sorted(set(product_ids))
    updated = 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        known = list(CatalogProduct.objects.filter(product_id__in=chunk).values_list("product_id", flat=True))
        if not known:  # none of them is in the grid's snapshot (yet): nothing to show
            continue
        statuses: dict[int, list[str]] = {}
        problems: dict[int, int] = {}
        rows = JetListing.objects.filter(product_id__in=known).values_list("product_id", "jet_status", "problems")
        for product_id, status, found in rows:
            statuses.setdefault(product_id, []).append(status)
            problems[product_id] = problems.get(product_id, 0) + len(found or [])
        changed = [(product_status(values), problems[pid], pid) for pid, values in statuses.items()]
        update_values(CatalogProduct, "product_id", ["jet_status", "problem_count"], changed)
        updated += len(changed)
    return updated


SNAPSHOT_LEASE = "catalog-snapshot"


def refresh_snapshot_once(gateway: StoreGateway, *, full: bool = False) -> SnapshotRefresh | None:
    """A refresh under the snapshot's lease, so two processes never read the whole catalog at once; None
    when another refresh is running."""
    from jetcart.connector import leases as lease

    holder = lease.new_holder()
    if not lease.acquire(SNAPSHOT_LEASE, holder, seconds=3600):
        return None
    try:
        return refresh_snapshot(gateway, full=full)
    finally:
        lease.release(SNAPSHOT_LEASE, holder)


def snapshot_needs_refresh(*, now: datetime | None = None) -> bool:
    """Whether the snapshot is older than STALE_AFTER or its 'mapped' flags lag the category mapping; reads only
    (the grid asks this on GET and leaves the refresh to a background task)."""
    now = now or timezone.now()
    state = CatalogSnapshot.objects.filter(pk=1).first()
    if state is None or state.changed_since is None or now - state.changed_since >= STALE_AFTER:
        return True
    return state.mapping_signature != mapping_signature()


def snapshot_ready() -> bool:
    """Whether the snapshot was filled at least once."""
    return CatalogSnapshot.objects.filter(pk=1, changed_since__isnull=False).exists()
