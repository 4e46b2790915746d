"""Times the products grid at catalog scale: the snapshot refresh from a synthetic store, then first, middle and
last pages with each sort and with filters, as the grid's view runs them.

    .venv/bin/python benchmarks/products_grid.py [--products 100000] [--server URL] [--reuse] [--keep]

The store goes into the MariaDB database `jc_bench_products` (kept with --keep, reused with --reuse); the
connector's state is a fresh SQLite database in a temporary data folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--server", help="MariaDB server URL without a database")
    parser.add_argument("--database", default="jc_bench_products")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args(argv)

    data_dir = tempfile.mkdtemp(prefix="jetcart-bench-grid-")
    os.environ["JETCART_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "jetcart.site.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries

    from benchmarks.scenarios.world import drop_database, fill_store, store_database
    from jetcart.connector.models import CategoryMapping, JetCategory
    from jetcart.connector.products.grid import grid_page
    from jetcart.connector.products.snapshot import refresh_snapshot
    from jetcart.store.gateway import StoreGateway

    call_command("migrate", verbosity=0)
    admin, url = store_database(args.server, args.database)
    try:
        print("store:", fill_store(url, products=args.products, variant_share=0.3, reuse=args.reuse))
        store = StoreGateway.connect(url, "oc_")
        JetCategory.objects.create(jet_node_id=8000101, name="Cameras & Camcorders")
        for category in store.categories()[:60]:  # most, not all, categories mapped
            CategoryMapping.objects.create(store_category_id=category.category_id, jet_category_id=8000101)

        started = time.monotonic()
        print(refresh_snapshot(store, full=True), f"in {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        print(refresh_snapshot(store), f"(nothing changed) in {time.monotonic() - started:.2f} s")

        def timed(label: str, filters: dict, **kw) -> None:
            times = []
            for _ in range(5):
                reset_queries()
                started = time.perf_counter()
                page = grid_page(filters, **kw)
                times.append((time.perf_counter() - started) * 1000)
            print(f"{label:<46} {statistics.median(times):7.1f} ms (median of 5; {page.total} rows, page "
                  f"{page.page}/{page.pages})")

        pages = -(-args.products // 50)
        for sort in ("name", "price", "quantity", "jet_status"):
            timed(f"sort {sort}, first page", {}, sort=sort)
            timed(f"sort {sort}, middle page", {}, sort=sort, page=pages // 2)
        timed("sort name desc, last page", {}, sort="name", descending=True, page=pages)
        timed("filter name 'Pro', middle page", {"name": "Pro"}, sort="name", page=50)
        timed("filter quantity 0-10, first page", {"quantity": "0-10"}, sort="price")
        timed("filter status disabled + price range", {"status": "0", "price": "100-300"}, sort="name")
        timed("mapped categories only, first page", {"mapped": "1"}, sort="name")
        timed("mapped categories only, middle page", {"mapped": "1"}, sort="name", page=pages // 3)
        print("database:", connection.vendor)
        store.close()
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        if args.keep:
            admin.dispose()
        else:
            drop_database(admin, args.database)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
