"""Uploads N SKUs (product data, price, inventory) per-SKU and by bulk file against a Jet sandbox; prints both.

    .venv/bin/python benchmarks/jet_upload.py [--skus 300000] [--per-sku-sample 3000] [--workers 8]
                                              [--url URL --user USER --secret SECRET] [--max-skus 10000]

Without --url it starts its own sandbox (`python -m jetcart sandbox`, control API on, rate limit off, data in
a temporary folder) and creates a fresh merchant. The per-SKU path makes 3 calls per SKU (PUT merchant-skus,
PUT price, PATCH inventory) on `--workers` threads through the client's pooled connections. It is timed on
`--per-sku-sample` SKUs (all N if the sample is ≥ N) and scaled linearly to N; the output says when it was
scaled. The bulk path streams three files (MerchantSKUs, Price, Inventory) from generators, uploads them and
polls until Jet (the sandbox) has processed every file. Each file is uploaded as soon as it is
written, so Jet processes file k while the client writes file k+1 (`--max-skus` sets the file size). Peak memory is the client process's max RSS,
sampled before and after the bulk path (run first, so the per-SKU path cannot inflate it).
Client-side rate limiting is off on both paths so neither is slowed by our own guesses.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx  # noqa: E402

from jetcart.jet import JetClient  # noqa: E402
from jetcart.jet.bulk import BulkFileWriter, upload_bulk  # noqa: E402
from jetcart.jet.identifiers import gtin_check_digit  # noqa: E402
from jetcart.jet.models.vocabulary import FileType  # noqa: E402


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def upc(n: int) -> str:
    body = f"{n % 10**11:011d}"
    return body + gtin_check_digit(body)


def product(n: int) -> dict:
    return {
        "product_title": f"Benchmark bottle number {n}",
        "jet_browse_node_id": 4000188,
        "standard_product_codes": [{"standard_product_code": upc(n), "standard_product_code_type": "UPC"}],
        "multipack_quantity": 1,
        "brand": "Acme",
        "main_image_url": f"https://example.com/img/{n}.jpg",
        "shipping_weight_pounds": 1.25,
        "product_description": "A stainless bottle for the jetcart upload benchmark.",
    }


def price(n: int) -> dict:
    return {"price": round(10 + (n % 9000) / 100, 2)}


def inventory(n: int, node: str) -> dict:
    return {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": n % 50}]}


def sku(prefix: str, n: int) -> str:
    return f"{prefix}-{n:07d}"


def start_sandbox() -> tuple[subprocess.Popen, str, Path]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data_dir = Path(tempfile.mkdtemp(prefix="jetcart-bench-sandbox-"))
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("JETCART_") and k != "DJANGO_SETTINGS_MODULE"
    }
    env.update({"JETCART_DATA_DIR": str(data_dir), "JETCART_SANDBOX_CONTROL": "1", "JETCART_SANDBOX_RATE_LIMIT": "0",
                "JETCART_SANDBOX_REVIEW_DELAY": "0", "JETCART_LOG_LEVEL": "WARNING"})  # fmt: skip
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - lives as long as the process
    process = subprocess.Popen([sys.executable, "-m", "jetcart", "sandbox", "--port", str(port)],
                               stdout=log, stderr=subprocess.STDOUT, env=env)  # fmt: skip
    base_url = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"sandbox exited:\n{(data_dir / 'server.log').read_text()[-2000:]}")
        try:
            httpx.get(f"{base_url}/authcheck", timeout=2)
            return process, base_url, data_dir
        except httpx.TransportError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("sandbox did not start within 90 s")


def new_merchant(base_url: str) -> dict:
    response = httpx.post(f"{base_url}/_sandbox/merchants", json={"name": "Benchmark merchant"}, timeout=30)
    response.raise_for_status()
    return response.json()


def jet_processing_seconds(status) -> float:
    start, end = status.processing_start, status.processing_end
    if isinstance(start, datetime) and isinstance(end, datetime):
        return (end - start).total_seconds()
    return 0.0


def run_bulk(client: JetClient, count: int, node: str, max_skus: int) -> tuple[float, list[str]]:
    lines = []
    started = time.perf_counter()
    for file_type, make in (
        (FileType.MERCHANT_SKUS, product),
        (FileType.PRICE, price),
        (FileType.INVENTORY, lambda n: inventory(n, node)),
    ):
        begun = time.perf_counter()
        pairs: Iterator[tuple[str, dict]] = ((sku("bulk", n), make(n)) for n in range(count))
        result = upload_bulk(client, file_type, pairs, max_skus=max_skus, max_bytes=200 * 1024 * 1024,
                             poll_initial=0.2, poll_max=1.0, timeout=6 * 3600)  # fmt: skip
        if not result.ok:
            raise SystemExit(f"{file_type} upload failed: {result.errors()[:5]}")
        size = sum(f.file.compressed_bytes for f in result.files)
        processing = sum(jet_processing_seconds(f.status) for f in result.files)
        lines.append(f"  {file_type.value:<13} {result.sku_count:>8} SKUs in {len(result.files)} file(s), "
                     f"{size / 1e6:6.1f} MB gzip, {time.perf_counter() - begun:7.1f} s built+sent+processed, "
                     f"of which {processing:.1f} s processing at Jet")  # fmt: skip
    return time.perf_counter() - started, lines


def run_per_sku(client: JetClient, count: int, node: str, workers: int) -> float:
    def upload(n: int) -> None:
        name = sku("single", n)
        client.products.put(name, product(n))
        client.products.put_price(name, price(n))
        client.products.patch_inventory(name, inventory(n, node))

    started = time.perf_counter()
    failures = [
        o.error for o in client.map_concurrently(upload, range(count), max_workers=workers) if not o.ok
    ]
    if failures:
        raise SystemExit(f"{len(failures)} per-SKU uploads failed, first: {failures[0]!r}")
    return time.perf_counter() - started


def build_only(count: int, max_skus: int) -> None:
    """Time the client side alone: validate and stream N SKUs into MerchantSKUs, Price and Inventory files."""
    folder = Path(tempfile.mkdtemp(prefix="jetcart-bench-files-"))
    try:
        for file_type, make in (
            (FileType.MERCHANT_SKUS, product),
            (FileType.PRICE, price),
            (FileType.INVENTORY, lambda n: inventory(n, "node-1")),
        ):
            started = time.perf_counter()
            writer = BulkFileWriter(
                file_type, directory=folder, max_skus=max_skus, max_bytes=200 * 1024 * 1024
            )
            files = list(writer.write((sku("bulk", n), make(n)) for n in range(count)))
            seconds = time.perf_counter() - started
            size = sum(f.compressed_bytes for f in files)
            print(f"{file_type.value:<13} {count} SKUs → {len(files)} file(s), {size / 1e6:.1f} MB gzip in "
                  f"{seconds:.1f} s ({count / seconds:,.0f} SKUs/s), rejected {writer.rejected_count}, "
                  f"max RSS {max_rss_mb():.0f} MB")  # fmt: skip
            for file in files:
                file.path.unlink()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=300_000)
    parser.add_argument("--per-sku-sample", type=int, default=3_000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--max-skus", type=int, default=10_000, help="SKUs per bulk file")
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="only build the three gzip files locally (client cost and memory at any N)",
    )
    parser.add_argument("--url")
    parser.add_argument("--user")
    parser.add_argument("--secret")
    args = parser.parse_args()

    if args.build_only:
        build_only(args.skus, args.max_skus)
        return
    process = data_dir = None
    if args.url:
        base_url, user, secret = args.url, args.user, args.secret
        node = None
    else:
        process, base_url, data_dir = start_sandbox()
        merchant = new_merchant(base_url)
        user, secret, node = merchant["user"], merchant["secret"], merchant["fulfillment_node_id"]
        print(f"sandbox at {base_url} (data in {data_dir})")
    try:
        with JetClient(base_url, user, secret, rate_limits=None, max_connections=args.workers * 2) as client:
            node = node or client.merchant.fulfillment_nodes()[0].fulfillment_node_id
            rss_before = max_rss_mb()
            bulk_seconds, lines = run_bulk(client, args.skus, node, args.max_skus)
            rss_after = max_rss_mb()
            sample = min(args.per_sku_sample, args.skus)
            sample_seconds = run_per_sku(client, sample, node, args.workers)
        per_sku_seconds = sample_seconds * args.skus / sample
        print(f"SKUs: {args.skus}, 3 calls or 3 file rows each; {args.workers} worker threads per-SKU")
        print(f"bulk files:  {bulk_seconds:9.1f} s total")
        print("\n".join(lines))
        print(f"  client max RSS {rss_before:.0f} MB before bulk, {rss_after:.0f} MB after")
        scaled = (
            ""
            if sample == args.skus
            else f" (measured {sample_seconds:.1f} s for {sample} SKUs, scaled to {args.skus})"
        )
        print(f"per-SKU:     {per_sku_seconds:9.1f} s{scaled}; {3 * sample / sample_seconds:.0f} calls/s")
        print(f"ratio per-SKU / bulk: {per_sku_seconds / bulk_seconds:.1f}x")
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if data_dir is not None:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
