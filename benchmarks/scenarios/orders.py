"""Scenario 3, order burst: N ready orders generated on the sandbox, then one order run imports every one
into OpenCart and acknowledges it on Jet; at least 20 orders/s."""

from __future__ import annotations

from benchmarks.scenarios.common import Meter, Result
from benchmarks.scenarios.world import World

TARGET_RATE = 20.0
PER_CALL = 100  # the sandbox generates at most 100 orders per call


def ordered_skus(world: World, count: int) -> list[str]:
    """Simple listings of enabled products, given ample stock so that every order is accepted."""
    from jetcart.connector.models import JetListing, ListingKind

    listings = (JetListing.objects.filter(kind=ListingKind.SIMPLE, is_archived=False).order_by("product_id")
                .values_list("merchant_sku", "product_id"))
    chosen = [(sku, pid) for sku, pid in listings[:count * 2] if pid % 20][:count]
    world.sql(f"UPDATE oc_product SET quantity = 100000 WHERE product_id IN ({','.join(str(p) for _, p in chosen)})")
    return [sku for sku, _ in chosen]


def run(world: World, *, orders: int) -> list[Result]:
    from jetcart.connector.orders.fetch import fetch_orders

    calls = -(-orders // PER_CALL)
    skus = ordered_skus(world, calls)
    generated = 0
    for k in range(calls):
        count = min(PER_CALL, orders - generated)
        body = {"fulfillment_node": world.merchant.fulfillment_node_id,
                "items": [{"sku": skus[k % len(skus)], "order_quantity": 1}]}
        generated += len(world.client.orders.generate(count, body))
    with Meter(sandbox_pid=world.sandbox.process.pid) as meter:
        summary = fetch_orders(client=world.client, gateway=world.store)
    store_orders = world.sql("SELECT COUNT(*) FROM oc_order")[0][0]
    done = min(summary.created, summary.acknowledged)
    details = {"summary": summary.line(), "generated": generated, "store_orders": store_orders,
               "created": summary.created, "acknowledged": summary.acknowledged, **meter.cpu()}
    return [Result("3 order burst", f"{generated} ready orders", meter.seconds, meter.peak_rss,
                   done / meter.seconds, "orders/s", f"≥ {TARGET_RATE:g} orders/s, all imported and acknowledged",
                   done == generated and done / meter.seconds >= TARGET_RATE, details, meter.cpu_seconds)]
