"""Scenario 2, delta sync: 1 % of the products change price or stock in the store; the sync use case must
detect and send them, and nothing else, in under 2 s (under 10 s above 100,000 products: issue 20's target for
a million)."""

from __future__ import annotations

from django.utils import timezone

from benchmarks.scenarios.common import Meter, Result
from benchmarks.scenarios.world import World

TARGET_SECONDS = 2.0
LARGE_CATALOG, LARGE_TARGET_SECONDS = 100_000, 10.0


def target_seconds(products: int) -> float:
    """The delta's target: 2 s up to 100,000 products, 10 s beyond (issue 20, at a million)."""
    return TARGET_SECONDS if products <= LARGE_CATALOG else LARGE_TARGET_SECONDS


def change_store(world: World) -> tuple[set[int], set[int]]:
    """Every hundredth product changes: half of them their price, the other half their stock (the product's
    quantity and its option values', so every SKU's inventory changes); as OpenCart's editor does, the
    product's date_modified moves too."""
    ids = range(7, world.products + 1, 100)
    priced = {pid for k, pid in enumerate(ids) if k % 2 == 0}
    stocked = set(ids) - priced
    if priced:
        world.sql(f"UPDATE oc_product SET price = price + 1, date_modified = NOW() "
                  f"WHERE product_id IN ({','.join(map(str, priced))})")
    if stocked:
        listed = ",".join(map(str, stocked))
        world.sql(f"UPDATE oc_product SET quantity = quantity + 5, date_modified = NOW() "
                  f"WHERE product_id IN ({listed})")
        world.sql(f"UPDATE oc_product_option_value SET quantity = quantity + 5 WHERE product_id IN ({listed})")
    return priced, stocked


def run(world: World) -> list[Result]:
    from jetcart.connector.jet_and_store import override_gateways
    from jetcart.connector.models import JetListing, ProductRun
    from jetcart.connector.products.runs import RunReporter, create_run, execute_run
    from jetcart.connector.products.sync import sync_products

    # A delta follows an earlier sync (the schedule runs one every 15 minutes): that one, untimed, compares
    # every product and becomes the point the next one reads the store's changes from.
    with Meter() as baseline, override_gateways(jet=world.client, store=world.store):
        execute_run(create_run(action="sync").pk)
    print(f"  (untimed) whole-catalog sync before the delta: {baseline.seconds:.1f} s, "
          f"peak {baseline.peak_rss:.0f} MB", flush=True)
    priced, stocked = change_store(world)
    changed = priced | stocked
    started_at = timezone.now()
    run = ProductRun.objects.create(action="sync", selection={"product_ids": []})
    with Meter(sandbox_pid=world.sandbox.process.pid) as meter, override_gateways(jet=world.client, store=world.store):
        summary = sync_products(None, RunReporter(run))
    sent = JetListing.objects.filter(last_sent_at__gte=started_at).values_list("product_id", flat=True)
    sent_products = set(sent)
    unchanged_sent = sorted(sent_products - changed)
    missed = sorted(changed - sent_products)
    target = target_seconds(world.products)
    details = {"summary": summary, "changed_products": len(changed), "skus_sent": len(sent),
               "products_sent": len(sent_products), "unchanged_products_sent": len(unchanged_sent),
               "changed_products_not_sent": len(missed), "examples_missed": missed[:5], **meter.cpu(),
               "baseline_sync_seconds": round(baseline.seconds, 1),
               "baseline_sync_peak_mb": round(baseline.peak_rss)}
    return [Result("2 delta sync (1 %)", f"{len(changed)} of {world.products} products changed", meter.seconds,
                   meter.peak_rss, len(sent) / meter.seconds, "SKUs/s",
                   f"< {target:g} s, nothing unchanged sent",
                   meter.seconds < target and not unchanged_sent and not missed, details,
                   meter.cpu_seconds)]
