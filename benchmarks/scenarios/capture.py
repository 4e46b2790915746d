"""Scenarios 6–8, change capture: a sale reaching Jet (storefront sales at a steady rate plus admin edits, each
timed until the sandbox answers the new value), the idle cost of the watcher, and the checkout's overhead with
the triggers installed."""

from __future__ import annotations

import random
import statistics
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from benchmarks.scenarios.common import Meter, Result
from benchmarks.scenarios.storefront import SaleLine, storefront_sale
from benchmarks.scenarios.world import World

SALE_P95_SECONDS, SALE_MAX_SECONDS = 60.0, 120.0
CHECKOUT_RATIO_TARGET = 1.5
PROCESSING = 2


@dataclass
class Event:
    kind: str  # sale | edit
    sku: str
    expected: object  # inventory (int) or price (Decimal)
    written_at: float
    seen_at: float | None = None


@dataclass
class Watching:
    """Polls the sandbox for each event until it shows the expected value."""

    client: object
    node: str
    events: list[Event] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    stop: threading.Event = field(default_factory=threading.Event)

    def add(self, event: Event) -> None:
        with self.lock:
            self.events.append(event)

    def pending(self) -> list[Event]:
        with self.lock:
            return [e for e in self.events if e.seen_at is None]

    def _arrived(self, event: Event) -> bool:
        detail = self.client.products.get(event.sku)
        if event.kind == "edit":
            return detail.price is not None and Decimal(str(detail.price)) == event.expected
        return sum(n.quantity for n in detail.inventory_by_fulfillment_node
                   if n.fulfillment_node_id == self.node) == event.expected

    def loop(self) -> None:
        while not self.stop.is_set() or self.pending():
            for event in self.pending():
                try:
                    if self._arrived(event):
                        event.seen_at = time.monotonic()
                except Exception:  # a failed read is retried on the next round
                    pass
            time.sleep(0.25)


@contextmanager
def watcher_running(world: World, interval: float = 2.0):
    """The stock watcher thread against the benchmark store and sandbox (as `jetcart worker` runs it)."""
    from jetcart.connector.jet_and_store import override_gateways
    from jetcart.connector.products.stock_capture import StockWatcher

    with override_gateways(jet=world.client, store=world.store):
        watcher = StockWatcher(interval=interval).start()
        try:
            yield watcher
        finally:
            watcher.stop(wait=120)


def _simple_listings(count: int, seed: int = 7) -> list[tuple[int, str]]:
    from jetcart.connector.models import JetListing, ListingKind

    rows = list(JetListing.objects.filter(kind=ListingKind.SIMPLE, inventory_sent__gt=50)
                .values_list("product_id", "merchant_sku"))
    random.Random(seed).shuffle(rows)
    return rows[:count]


def _prepare(world: World) -> None:
    """Triggers installed and a first pass made, so the timed part starts from a quiet state."""
    from jetcart.connector.jet_and_store import override_gateways
    from jetcart.connector.products.stock_capture import capture_once

    world.store.capture.install()
    with override_gateways(jet=world.client, store=world.store):
        capture_once()


def run_sale(world: World, *, seconds: float = 60.0, rate: float = 5.0, edits_per_second: float = 1.0) -> list[Result]:
    """Sales written as OpenCart's checkout writes them at `rate` per second for `seconds`, plus admin price edits;
    each timed from its last store write until the sandbox answers the new value."""
    from jetcart.connector.models import JetConfiguration

    _prepare(world)
    sales = int(seconds * rate)
    edits = int(seconds * edits_per_second)
    targets = _simple_listings(sales + edits)
    if len(targets) < sales + edits:
        sales = max(1, len(targets) * 5 // 6)
        edits = len(targets) - sales
    node = JetConfiguration.load().fulfillment_node_id
    watching = Watching(world.client, node)
    poller = threading.Thread(target=watching.loop, daemon=True)
    poller.start()
    schedule = sorted([(i / rate, "sale") for i in range(sales)] + [(i / edits_per_second + 0.5, "edit")
                                                                     for i in range(edits)])
    with Meter(sandbox_pid=world.sandbox.process.pid) as meter, watcher_running(world):
        started = time.monotonic()
        for (offset, kind), (product_id, sku) in zip(schedule, targets, strict=False):
            delay = started + offset - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if kind == "sale":
                storefront_sale(world.store, [SaleLine(product_id, 1)], status_id=PROCESSING)
                left = world.sql("SELECT quantity FROM oc_product WHERE product_id = :id", id=product_id)[0][0]
                watching.add(Event("sale", sku, int(left), time.monotonic()))
            else:
                price = Decimal(world.sql("SELECT price FROM oc_product WHERE product_id = :id",
                                          id=product_id)[0][0]) + Decimal("1.11")
                world.sql("UPDATE oc_product SET price = :price, date_modified = NOW() WHERE product_id = :id",
                          price=price, id=product_id)
                watching.add(Event("edit", sku, price.quantize(Decimal("0.01")), time.monotonic()))
        deadline = time.monotonic() + SALE_MAX_SECONDS * 2
        while watching.pending() and time.monotonic() < deadline:
            time.sleep(0.5)
        watching.stop.set()
    poller.join(timeout=5)
    seen = [e.seen_at - e.written_at for e in watching.events if e.seen_at is not None]
    lost = len(watching.events) - len(seen)
    seen.sort()
    p50 = statistics.median(seen) if seen else float("inf")
    p95 = seen[min(len(seen) - 1, int(len(seen) * 0.95))] if seen else float("inf")
    worst = seen[-1] if seen else float("inf")
    by_kind = {kind: sorted(e.seen_at - e.written_at for e in watching.events if e.kind == kind and e.seen_at)
               for kind in ("sale", "edit")}
    details = {"sales": sales, "edits": edits, "seconds": seconds, "rate_per_second": rate,
               "p50_seconds": round(p50, 2), "p95_seconds": round(p95, 2), "max_seconds": round(worst, 2),
               "never_seen": lost, **{f"{k}_p95_seconds": round(v[min(len(v) - 1, int(len(v) * .95))], 2)
                                      for k, v in by_kind.items() if v}, **meter.cpu()}
    return [Result("6 sale to Jet", f"{sales} sales + {edits} edits in {seconds:g} s on {world.products} products",
                   meter.seconds, meter.peak_rss, len(seen) / meter.seconds, "changes/s",
                   f"p95 < {SALE_P95_SECONDS:g} s, max < {SALE_MAX_SECONDS:g} s",
                   not lost and p95 < SALE_P95_SECONDS and worst < SALE_MAX_SECONDS, details)]


@contextmanager
def counting_queries(world: World):
    """Counts the statements sent to the store and to the connector's database within the block."""
    from django.db.backends import utils
    from sqlalchemy import event

    counts = {"store": 0, "connector": 0, "store_seconds": 0.0}
    started: dict[int, float] = {}

    def on_store(conn, cursor, *args, **kwargs):
        counts["store"] += 1
        started[id(cursor)] = time.perf_counter()

    def after_store(conn, cursor, *args, **kwargs):
        counts["store_seconds"] += time.perf_counter() - started.pop(id(cursor), time.perf_counter())

    original = utils.CursorWrapper.execute, utils.CursorWrapper.executemany

    def execute(self, *args, **kwargs):
        counts["connector"] += 1
        return original[0](self, *args, **kwargs)

    def executemany(self, *args, **kwargs):
        counts["connector"] += 1
        return original[1](self, *args, **kwargs)

    event.listen(world.store.engine, "before_cursor_execute", on_store)
    event.listen(world.store.engine, "after_cursor_execute", after_store)
    utils.CursorWrapper.execute, utils.CursorWrapper.executemany = execute, executemany
    try:
        yield counts
    finally:
        utils.CursorWrapper.execute, utils.CursorWrapper.executemany = original
        event.remove(world.store.engine, "before_cursor_execute", on_store)
        event.remove(world.store.engine, "after_cursor_execute", after_store)


def run_idle(world: World, *, seconds: float = 60.0) -> list[Result]:
    """The watcher with nothing changing, with triggers and by polling: CPU and statements per minute."""
    from jetcart.connector.products import stock_capture

    rows = []
    for mode in ("triggers", "polling"):
        _prepare(world)
        if mode == "polling":
            world.store.capture.remove()
        stock_capture._mode_cache.clear()
        with watcher_running(world):
            time.sleep(5)  # the first passes of this mode (polling: its baseline checksums)
            with counting_queries(world) as counts, Meter(interval=10.0) as meter:  # sampling memory costs CPU
                time.sleep(seconds)
        per_minute = 60.0 / meter.seconds
        details = {"mode": mode, "store_statements_per_minute": round(counts["store"] * per_minute, 1),
                   "connector_statements_per_minute": round(counts["connector"] * per_minute, 1),
                   "cpu_seconds_per_minute": round(meter.cpu_seconds * per_minute, 2),
                   "store_statement_seconds_per_minute": round(counts["store_seconds"] * per_minute, 2)}
        rows.append(Result(f"7 idle capture ({mode})", f"{world.products} products, {seconds:g} s",
                           meter.seconds, meter.peak_rss, counts["store"] * per_minute, "store stmts/min",
                           "measured", None, details))
    world.store.capture.install()
    return rows


def run_checkout(world: World, *, sales: int = 200, rounds: int = 5) -> list[Result]:
    """The store-side writes of one sale (order rows, history, stock moves) without and with the triggers."""
    targets = _simple_listings(sales * 2 * rounds + 10, seed=11)
    capture = world.store.capture
    timings: dict[str, list[float]] = {"without": [], "with": []}
    picks = iter(targets)
    with world.store.engine.connect() as conn:
        for _ in range(rounds):
            for mode in ("without", "with"):
                capture.install() if mode == "with" else capture.remove()
                for _ in range(sales):
                    product_id, _sku = next(picks)
                    started = time.perf_counter()
                    storefront_sale(world.store, [SaleLine(product_id, 1)], status_id=PROCESSING, conn=conn)
                    timings[mode].append(time.perf_counter() - started)
    capture.install()
    without, with_ = statistics.median(timings["without"]), statistics.median(timings["with"])
    ratio = with_ / without
    details = {"sales_per_mode": len(timings["with"]), "added_ms_per_sale": round((with_ - without) * 1000, 2),
               "median_ms_without": round(without * 1000, 2),
               "median_ms_with": round(with_ * 1000, 2),
               "mean_ms_without": round(statistics.mean(timings["without"]) * 1000, 2),
               "mean_ms_with": round(statistics.mean(timings["with"]) * 1000, 2), "ratio": round(ratio, 3)}
    total = sum(timings["with"]) + sum(timings["without"])
    return [Result("8 checkout overhead", f"{len(timings['with'])} sales each way, 1 line, stock taken", total, 0.0,
                   ratio, "× (with / without triggers)", f"ratio < {CHECKOUT_RATIO_TARGET:g}",
                   ratio < CHECKOUT_RATIO_TARGET, details)]
