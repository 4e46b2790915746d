"""Builds a synthetic OpenCart store on MariaDB, streams it through the store gateway, prints rows/s and memory.

    .venv/bin/python benchmarks/store_read.py [--products 100000] [--server URL] [--keep] [--reuse]

The store (default 100,000 products, 30 % with Color/Size options, about 3 variant candidates each) goes
into a throw-away database `jc_bench_store` on the MariaDB server of JETCART_TEST_MARIADB_URL (default
mysql+pymysql://root@127.0.0.1:3306), dropped at the end unless --keep. Pass 1 times the stream; pass 2
repeats it under tracemalloc and prints the peak of Python allocations at 10 %, 50 % and 100 % of the
products: a constant-memory stream has the same peak at each point.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.scenarios.world import drop_database, fill_store, store_database  # noqa: E402
from jetcart.store import StoreGateway  # noqa: E402


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def stream(gateway: StoreGateway, batch_size: int, checkpoints: dict[int, str] | None = None) -> tuple[int, int, dict]:
    products = candidates = 0
    peaks = {}
    for product in gateway.iter_products(batch_size=batch_size):
        products += 1
        candidates += len(product.variant_candidates())
        if checkpoints and products in checkpoints:
            peaks[checkpoints[products]] = tracemalloc.get_traced_memory()[1]
    return products, candidates, peaks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--variant-share", type=float, default=0.3)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--server", help="MariaDB server URL without a database")
    parser.add_argument("--database", default="jc_bench_store")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a store already in the database")
    args = parser.parse_args(argv)

    admin, url = store_database(args.server, args.database)
    try:
        started = time.monotonic()
        summary = fill_store(url, products=args.products, variant_share=args.variant_share, reuse=args.reuse)
        print(f"store: {summary} in {time.monotonic() - started:.1f} s")

        with StoreGateway.connect(url, "oc_") as gateway:
            rss_before = max_rss_mb()
            started = time.monotonic()
            products, candidates, _ = stream(gateway, args.batch_size)
            elapsed = time.monotonic() - started
            print(f"pass 1: {products} products ({candidates} variant candidates) in {elapsed:.1f} s = "
                  f"{products / elapsed:,.0f} products/s; max RSS {rss_before:.0f} MB before, "
                  f"{max_rss_mb():.0f} MB after")
            points = {max(1, products // 10): "10%", max(1, products // 2): "50%", products: "100%"}
            tracemalloc.start()
            _, _, peaks = stream(gateway, args.batch_size, points)
            tracemalloc.stop()
            print("pass 2 (tracemalloc): peak of Python allocations " +
                  ", ".join(f"{label} {peak / 2**20:.1f} MB" for label, peak in peaks.items()))
    finally:
        if args.keep:
            admin.dispose()
        else:
            drop_database(admin, args.database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
