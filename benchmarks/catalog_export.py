"""Builds and uploads the Jet files of a synthetic OpenCart store to the sandbox; prints time and peak memory.

    .venv/bin/python benchmarks/catalog_export.py [--products 100000] [--variant-share 0.3] [--server URL]
                                                  [--reuse] [--keep] [--chunk 10000]

The store (default 100,000 products; a share with Color/Size options, about 3 combinations each) goes into a
throw-away MariaDB database `jc_bench_products` on JETCART_TEST_MARIADB_URL (default
mysql+pymysql://root@127.0.0.1:3306), dropped at the end unless --keep. The sandbox runs as its own process,
as in the tests; the connector's state is a fresh SQLite database in a temporary data folder. Every store
category is mapped to one Jet category and Color/Size to Jet's Color/Size attributes, then the upload use
case runs over every product exactly as `jetcart products upload --all` does: stream from the store, build and
validate, write gzip files, upload, wait for Jet to process them, record the outcome on the listings.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class RssSampler(threading.Thread):
    """Samples this process's resident memory (current, not the high-water mark) while the upload runs."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        page = os.sysconf("SC_PAGE_SIZE") / 2**20
        while not self.stop.wait(0.2):
            with open("/proc/self/statm") as statm:
                self.peak = max(self.peak, int(statm.read().split()[1]) * page)


def build_only(ids: list[int], store, chunk: int) -> None:
    """The connector's side alone: every product streamed, built, validated and written to gzip files."""
    from jetcart.connector.catalog_export import ExportContext
    from jetcart.connector.jet_files import BulkSender
    from jetcart.connector.models import JetListing, ProductRun
    from jetcart.connector.product_runs import RunReporter
    from jetcart.connector.product_upload import build_upload, store_image_base

    run = ProductRun.objects.create(action="upload", selection={"product_ids": []})
    reporter = RunReporter(run)
    sampler = RssSampler()
    rss_before = max_rss_mb()
    sampler.start()
    started = time.monotonic()
    ctx = ExportContext.load(image_base_url=store_image_base(store))
    sender = BulkSender(None, run, chunk_size=chunk)
    queued = build_upload(ids, reporter, sender, ctx, store)
    reporter.flush()
    sender.finish_writing()
    elapsed = time.monotonic() - started
    sampler.stop.set()
    sampler.join()
    files = list(sender.directory.glob("*.json.gz"))
    size = sum(f.stat().st_size for f in files) / 2**20
    print(f"build only: {len(queued)} of {len(ids)} products valid, {JetListing.objects.count()} SKUs, "
          f"{len(files)} gzip files ({size:.1f} MB) in {elapsed:.1f} s = {len(ids) / elapsed:,.0f} products/s")
    print(f"memory: max RSS {rss_before:.0f} MB before, peak RSS during the build {sampler.peak:.0f} MB")
    sender.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--variant-share", type=float, default=0.3)
    parser.add_argument("--server", help="MariaDB server URL without a database")
    parser.add_argument("--database", default="jc_bench_products")
    parser.add_argument("--chunk", type=int, default=10_000, help="SKUs per bulk file")
    parser.add_argument("--keep", action="store_true", help="keep the store database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a store already in the database")
    parser.add_argument("--build-only", action="store_true",
                        help="stream, build, validate and write the files, but send nothing (the connector's side)")
    args = parser.parse_args(argv)

    data_dir = Path(tempfile.mkdtemp(prefix="jetcart-bench-products-"))
    os.environ["JETCART_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "jetcart.site.settings"
    os.environ.setdefault("JETCART_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from sqlalchemy import create_engine, text
    from tests.connector.products_setup import SIZE, configure_jet, map_demo_catalog
    from tests.fixtures.sandbox import start_sandbox, stop_sandbox

    from jetcart.connector.gateways import override_gateways
    from jetcart.connector.models import ProductRun
    from jetcart.connector.product_runs import RunReporter
    from jetcart.connector.product_upload import upload_products
    from jetcart.jet.client import JetClient
    from jetcart.store.build import store_state
    from jetcart.store.connection import make_engine
    from jetcart.store.gateway import StoreGateway
    from jetcart.store.synthetic import SIZE_OPTION, SIZES, create_synthetic_store

    call_command("migrate", verbosity=0)
    call_command("migrate", database="sandbox", verbosity=0)
    server = (args.server or os.environ.get("JETCART_TEST_MARIADB_URL") or "mysql+pymysql://root@127.0.0.1:3306")
    server = server.rstrip("/")
    if server.startswith("mysql://"):
        server = "mysql+pymysql://" + server.removeprefix("mysql://")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE IF NOT EXISTS `{args.database}` CHARACTER SET utf8mb4"))
    url = f"{server}/{args.database}"
    sandbox = start_sandbox({"JETCART_SANDBOX_RATE_LIMIT": "0"})
    try:
        engine = make_engine(url)
        if args.reuse and store_state(engine, "oc_") == "store":
            print("reusing the store already in", args.database)
        else:
            started = time.monotonic()
            summary = create_synthetic_store(engine, "oc_", products=args.products,
                                             variant_share=args.variant_share, replace=True)
            print(f"built {summary} in {time.monotonic() - started:.1f} s")
        engine.dispose()

        merchant = sandbox.new_merchant("benchmark")
        settings.JETCART_STORE_WEB_URL = "https://shop.example.com/"
        configure_jet(sandbox, merchant)
        store = StoreGateway.connect(url, "oc_")
        map_demo_catalog(store)
        from jetcart.connector.models import OptionMapping, OptionValueMapping

        size, _ = OptionMapping.objects.update_or_create(store_option_id=SIZE_OPTION, defaults={
            "jet_attribute_id": SIZE, "store_option_name": "Size"})
        for value_id, name in SIZES:
            OptionValueMapping.objects.update_or_create(store_option_value_id=value_id, defaults={
                "option_mapping": size, "jet_value": name, "store_value_name": name})
        OptionValueMapping.objects.update_or_create(store_option_value_id=53, defaults={
            "option_mapping": OptionMapping.objects.get(store_option_id=13), "jet_value": "Red",
            "store_value_name": "Red"})
        client = JetClient(sandbox.base_url, merchant.user, merchant.secret, rate_limits=None)
        ids = [p for p in range(1, store.counts().products + 1)]
        if args.build_only:
            build_only(ids, store, args.chunk)
            return 0
        run = ProductRun.objects.create(action="upload", selection={"product_ids": []})
        sampler = RssSampler()
        rss_before = max_rss_mb()
        sampler.start()
        started = time.monotonic()
        with override_gateways(jet=client, store=store):
            summary = upload_products(ids, RunReporter(run), chunk_size=args.chunk)
        elapsed = time.monotonic() - started
        sampler.stop.set()
        sampler.join()
        run.refresh_from_db()
        from jetcart.connector.models import JetFile, JetListing

        skus = JetListing.objects.count()
        print(f"upload: {summary}")
        print(f"{len(ids)} products, {skus} SKUs ({run.skus_sent} sent, {JetFile.objects.count()} files) in "
              f"{elapsed:.1f} s = {len(ids) / elapsed:,.0f} products/s, {run.skus_sent / elapsed:,.0f} SKUs/s")
        processing = 0.0
        for file in JetFile.objects.all():
            status = client.files.get(file.jet_file_id)
            if status.processing_start and status.processing_end:
                processing += (status.processing_end - status.processing_start).total_seconds()
        print(f"of which the sandbox spent {processing:.1f} s processing the files (its own process)")
        print(f"memory: max RSS {rss_before:.0f} MB before the upload, peak RSS during it {sampler.peak:.0f} MB "
              f"(high-water mark {max_rss_mb():.0f} MB)")
        client.close()
        store.close()
    finally:
        stop_sandbox(sandbox)
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(sandbox.data_dir, ignore_errors=True)
        if not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f"DROP DATABASE IF EXISTS `{args.database}`"))
        admin.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
