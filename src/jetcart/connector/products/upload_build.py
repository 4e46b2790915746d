"""Builds an upload batch by batch: read the products from the store, build and validate their Jet data,
record the listings and encode the file entries; a large upload builds its batches in forked worker processes."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import orjson
from django.conf import settings
from django.db import connections
from django.utils import timezone

from jetcart.connector.products.export import ExportContext, ProductExport, export_product
from jetcart.connector.products.listings import record_exports
from jetcart.connector.products.sellable import Derivation, SellableContext, record_pushed
from jetcart.jet.encoding import json_default
from jetcart.jet.models.vocabulary import FileType

if TYPE_CHECKING:
    from jetcart.store.gateway import StoreGateway
    from jetcart.store.models import Product

# Below this many products the worker processes cost more to start than they save.
PROCESSES_FROM = 4_000
# Batches a worker builds ahead of the running process: enough to keep it busy, few enough that the built
# batches waiting to be written stay a constant amount of memory however large the catalog.
AHEAD_PER_PROCESS = 2


@dataclass
class BuiltBatch:
    """One batch: the file entries of its valid products (type, key SKU, JSON body, product id), their names,
    and the products that cannot be sent with the reasons."""

    entries: list[tuple[str, str, bytes, int]] = field(default_factory=list)
    queued: dict[int, str] = field(default_factory=dict)
    failed: list[tuple[int, str, list[str]]] = field(default_factory=list)


def _encode(body) -> bytes:
    return orjson.dumps(body, default=json_default)


def _entries(export: ProductExport) -> list[tuple[str, str, bytes, int]]:
    entries = []
    for sku in export.skus:
        entries.append((FileType.MERCHANT_SKUS, sku.merchant_sku, sku.encoded_body, export.product_id))
        entries.append((FileType.PRICE, sku.merchant_sku, _encode(sku.price_body), export.product_id))
        entries.append((FileType.INVENTORY, sku.merchant_sku, _encode(sku.inventory_body), export.product_id))
    if export.variation:
        entries.append((FileType.VARIATION, export.parent_sku, _encode(export.variation), export.product_id))
    return entries


def sellable_inventories(products: Sequence[Product], exports: list[ProductExport], ctx: ExportContext,
                         gateway: StoreGateway) -> list[Derivation]:
    """Sets each SKU's inventory to its sellable quantity (less units of open Jet orders and units held by
    OpenCart orders, as a sync sends: `sellable`), and returns the derivations to record as pushed."""
    ok = {e.product_id: e for e in exports if e.ok}
    if not ok:
        return []
    context = SellableContext.load(list(ok), ctx.rules, gateway)
    derivations = []
    for product in products:
        export = ok.get(product.product_id)
        for sku in export.skus if export is not None else ():
            derivation = context.derive(product, sku)
            if derivation is not None:
                sku.inventory = derivation.quantity
                derivations.append(derivation)
    return derivations


def build_batch(batch: Sequence[int], ctx: ExportContext, gateway: StoreGateway) -> BuiltBatch:
    """Reads one batch from the store, builds its Jet data, and records its listings (problems included)."""
    built = BuiltBatch()
    products = gateway.get_products(list(batch))
    for missing in sorted(set(batch) - {p.product_id for p in products}):
        built.failed.append((missing, "", ["not found in the store"]))
    ctx.prepare(batch)
    exports = [export_product(p, ctx) for p in products]
    sent_at = timezone.now()
    derivations = sellable_inventories(products, exports, ctx, gateway)
    record_exports(exports, ctx.listings, sent_at=sent_at)
    record_pushed(derivations, sent_at=sent_at, source="upload")
    for export in exports:
        if export.ok:
            built.queued[export.product_id] = export.name
            built.entries.extend(_entries(export))
        else:
            built.failed.append((export.product_id, export.name, [str(p) for p in export.problems]))
    return built


@contextmanager
def young_collections_only() -> Iterator[None]:
    """Turns the automatic cyclic garbage collector off during an upload: its passes over every object alive
    (Django's, the run's) cost about 15 % of an export's CPU. `collect_young` after each batch and each file
    still frees the cycles they leave; the collector is on again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def collect_young() -> None:
    """Frees the unreachable cycles among the objects made since the last collection (with the automatic
    collector off; a no-op otherwise)."""
    if not gc.isenabled():
        gc.collect(1)


def worker_processes(products: int) -> int:
    """How many processes build an upload of this size: 1 (this one) for small uploads, inside a database
    transaction (the workers could not see its rows), or on an in-memory database; else the setting."""
    wanted = int(getattr(settings, "JETCART_EXPORT_PROCESSES", 0) or os.cpu_count() or 1)
    connection = connections["default"]
    if wanted <= 1 or products < PROCESSES_FROM or connection.in_atomic_block:
        return 1
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return 1
    return wanted


_job: tuple[ExportContext, StoreGateway] | None = None  # what a forked worker inherits: the context and the gateway


def _start_worker() -> None:
    # What the worker inherited is never garbage: the collector skips it (and so does not copy the parent's
    # pages by touching their object headers); the worker collects after each batch instead of automatically.
    gc.freeze()
    gc.disable()
    _ctx, gateway = _job
    engine = getattr(gateway, "engine", None)
    if engine is not None:
        engine.dispose(close=False)  # the parent's pooled store connections stay the parent's


def _build_in_worker(batch: Sequence[int]) -> BuiltBatch:
    ctx, gateway = _job
    try:
        return build_batch(batch, ctx, gateway)
    finally:
        collect_young()


def built_batches(batches: Iterable[Sequence[int]], ctx: ExportContext, gateway: StoreGateway, *,
                  processes: int = 1) -> Iterator[BuiltBatch]:
    """The built batches, in order; with several processes, forked workers build a few of them ahead."""
    if processes <= 1:
        for batch in batches:
            yield build_batch(batch, ctx, gateway)
            collect_young()
        return
    global _job
    _job = (ctx, gateway)
    connections.close_all()  # each worker opens its own connection; a forked one must not be shared
    # A worker that dies (killed, out of memory) breaks the pool: the run fails instead of waiting forever.
    # Why `fork` in a threaded process (docs/architecture.md, "Upload workers"): a worker needs the parent's
    # Django setup, test databases and run context, which `spawn`/`forkserver` would rebuild from the settings
    # module (the wrong database under test, the context pickled per batch). The child only ever runs this
    # thread's code: it opens its own database connections (closed above), disposes of the inherited store
    # pool, and CPython re-creates the logging and import locks after a fork; the remaining risk, a C-level
    # lock held by another thread at the moment of the fork, would hang a worker, never corrupt data.
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"), initializer=_start_worker)
    try:
        ahead: deque[Future] = deque()
        for batch in batches:
            ahead.append(pool.submit(_build_in_worker, batch))
            if len(ahead) >= processes * AHEAD_PER_PROCESS:
                yield ahead.popleft().result()
                collect_young()
        while ahead:
            yield ahead.popleft().result()
            collect_young()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _job = None
