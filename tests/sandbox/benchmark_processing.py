"""Benchmark of bulk-file processing (not a test): CPU of process_file per file type, in process, on SQLite.

Run: .venv/bin/python -m tests.sandbox.benchmark_processing [--skus 10000] [--repeat 1] [--profile TYPE]
Bodies are the connector's shapes with distinct values per SKU. Prints CPU seconds per file; asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import gzip
import os
import pstats
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator


def _setup(data_dir: str) -> None:
    os.environ["JETCART_DATA_DIR"] = data_dir
    os.environ["DJANGO_SETTINGS_MODULE"] = "jetcart.site.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", database="sandbox", verbosity=0)


def product(n: int) -> dict:
    return {
        "product_title": f"Stainless Water Bottle number {n}", "jet_browse_node_id": 4000188, "brand": "Acme",
        "manufacturer": "Acme Works", "mfr_part_number": f"MPN-{n:07d}", "multipack_quantity": 1,
        "product_description": f"Keeps water cold for {n % 24 + 1} hours. Dishwasher safe, BPA free.",
        "standard_product_codes": [{"standard_product_code": "012345678905", "standard_product_code_type": "UPC"}],
        "shipping_weight_pounds": 1.25 + n % 7, "package_length_inches": 10.5, "package_width_inches": 3.25,
        "package_height_inches": 3.25, "display_length_inches": 9.0, "display_width_inches": 3.0,
        "display_height_inches": 3.0, "main_image_url": f"https://shop.example.com/image/catalog/p{n}.jpg",
        "alternate_images": [{"image_slot_id": 1, "image_url": f"https://shop.example.com/image/catalog/p{n}-1.jpg"},
                             {"image_slot_id": 2, "image_url": f"https://shop.example.com/image/catalog/p{n}-2.jpg"}],
        "attributes_node_specific": [{"attribute_id": 172, "attribute_value": f"Model {n}"},
                                     {"attribute_id": 4, "attribute_value": "Bamboo"}],
    }


def contents(node: str, skus: int) -> Iterator[tuple[str, Callable[[], dict]]]:
    """Each file's type and a function building its content (built one at a time, like a server that holds
    only the file it processes)."""
    names = [f"SKU-{n:07d}" for n in range(skus)]
    parents = skus // 4
    yield "MerchantSKUs", lambda: {name: product(n) for n, name in enumerate(names)}
    yield "MerchantSKUs", lambda: {name: product(n) for n, name in enumerate(names)}  # replacing existing SKUs
    yield "Price", lambda: {name: {"price": round(10 + n / 100, 2), "fulfillment_nodes": [
        {"fulfillment_node_id": node, "fulfillment_node_price": round(10 + n / 100, 2)}]}
        for n, name in enumerate(names)}
    yield "Inventory", lambda: {name: {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": n % 500 + 1}]}
                                for n, name in enumerate(names)}
    yield "Variation", lambda: {names[p]: {"relationship": "Variation", "variation_refinements": [172],
                                           "children_skus": names[parents + 3 * p:parents + 3 * p + 3],
                                           "group_title": f"Bottle group {p}"} for p in range(parents)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skus", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of the whole sequence (fresh SKUs each)")
    parser.add_argument("--profile", default="", help="a file type to profile (its first run, cumulative top 40)")
    parser.add_argument("--keep", action="store_true", help="keep the data folder (its path is printed)")
    args = parser.parse_args()
    data_dir = tempfile.mkdtemp(prefix="jetcart-procbench-")
    try:
        _setup(data_dir)
        run(args)
    finally:
        if args.keep:
            print("data folder:", data_dir)
        else:
            shutil.rmtree(data_dir)


def run(args: argparse.Namespace) -> None:
    import orjson

    from jetcart.sandbox.clock import merchant_now, wall_now
    from jetcart.sandbox.files.blobs import blob_path
    from jetcart.sandbox.files.processing import process_file
    from jetcart.sandbox.merchants import create_merchant
    from jetcart.sandbox.models import BulkFile, Merchant

    best: dict[str, list[float]] = {}
    for run in range(args.repeat):
        creds = create_merchant()
        merchant = Merchant.objects.get(merchant_id=creds.merchant_id)
        for index, (file_type, build) in enumerate(contents(creds.fulfillment_node_id, args.skus)):
            now = merchant_now(merchant)
            file_id = f"{run:04d}{index:04d}".ljust(32, "f")
            content = build()
            entries = len(content)
            blob_path("merchant-files", file_id).write_bytes(gzip.compress(orjson.dumps(content), compresslevel=5))
            del content
            gc.collect()
            file = BulkFile.objects.create(merchant=merchant, jet_file_id=file_id, url_expires_at=now, created_at=now,
                                           file_type=file_type, file_name="f.json.gz", status="Processing",
                                           received=now, blob_received=True, heartbeat=wall_now())
            profiler = cProfile.Profile() if file_type == args.profile and index != 1 else None
            started, wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            process_file(file.pk)
            if profiler:
                profiler.disable()
            cpu, wall = time.process_time() - started, time.perf_counter() - wall
            file.refresh_from_db()
            label = file_type + (" (existing)" if index == 1 else "")
            best.setdefault(label, []).append(cpu / entries * 1e4)
            print(f"{label:24} {entries:6} entries  cpu {cpu:6.3f} s  ({cpu / entries * 1e6:5.1f} us/entry)"
                  f"  wall {wall:6.3f} s  {file.status} ({file.error_count} errors)", flush=True)
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
                pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
    print("CPU seconds per 10,000 entries, lowest and median of the runs:")
    for label, seconds in best.items():
        print(f"  {label:24} {min(seconds):6.3f}  {sorted(seconds)[len(seconds) // 2]:6.3f}")


if __name__ == "__main__":
    main()
