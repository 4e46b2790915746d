"""Benchmark of the sandbox (not a test): bulk SKU files and order import rate against a subprocess sandbox.

Run: .venv/bin/python -m tests.sandbox.benchmark_sandbox [--skus 300000] [--orders 1000] [--chunk 100000]
Prints the numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import time

import httpx
import orjson

from tests.fixtures.sandbox import start_sandbox, stop_sandbox
from tests.sandbox.helpers import product_body


def wait(http: httpx.Client, file_id: str) -> dict:
    while True:
        status = http.get(f"/files/{file_id}").json()
        if status["status"].startswith("Processed"):
            return status
        time.sleep(0.5)


def upload(http: httpx.Client, file_type: str, content: dict) -> tuple[dict, float, int]:
    started = time.monotonic()
    raw = gzip.compress(orjson.dumps(content), compresslevel=5)
    token = http.get("/files/uploadToken").json()
    httpx.put(token["url"], content=raw, headers={"x-ms-blob-type": "BlockBlob"}, timeout=300).raise_for_status()
    http.post("/files/uploaded", json={"url": token["url"], "file_type": file_type, "file_name": f"{file_type}.json.gz"})
    status = wait(http, token["jet_file_id"])
    return status, time.monotonic() - started, len(raw)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--skus", type=int, default=300_000)
    parser.add_argument("--chunk", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1000)
    args = parser.parse_args()
    server = start_sandbox({"JETCART_SANDBOX_RATE_LIMIT": "0"})
    try:
        merchant = server.new_merchant()
        http = httpx.Client(base_url=server.base_url, timeout=120)
        http.headers["Authorization"] = "Bearer " + server.token(merchant)
        node = merchant.fulfillment_node_id
        names = [f"SKU-{n:07d}" for n in range(args.skus)]
        for file_type, body in (
            ("MerchantSKUs", lambda n: product_body(product_title=f"Benchmark product number {n}")),
            ("Price", lambda n: {"price": 10.0 + n % 50}),
            ("Inventory", lambda n: {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 5}]}),
        ):
            total = 0.0
            for start in range(0, args.skus, args.chunk):
                content = {names[i]: body(i) for i in range(start, min(start + args.chunk, args.skus))}
                status, seconds, size = upload(http, file_type, content)
                total += seconds
                print(f"{file_type}: {len(content)} SKUs, {size / 1e6:.1f} MB gz, {seconds:.1f} s, "
                      f"{status['status']} ({status['error_count']} errors)", flush=True)
            print(f"{file_type}: {args.skus} SKUs in {total:.1f} s = {args.skus / total:.0f} SKUs/s", flush=True)
        started = time.monotonic()
        for _ in range(args.orders // 100):
            http.post("/orders/generate/100", json={}).raise_for_status()
        print(f"generated {args.orders} orders in {time.monotonic() - started:.1f} s", flush=True)
        started = time.monotonic()
        urls = http.get("/orders/ready").json()["order_urls"]
        for url in urls:
            order = http.get(url).json()
            items = [{"order_item_id": i["order_item_id"], "order_item_acknowledgement_status": "fulfillable"}
                     for i in order["order_items"]]
            http.put(f"/orders/{order['merchant_order_id']}/acknowledge",
                     json={"acknowledgement_status": "accepted", "order_items": items}).raise_for_status()
        seconds = time.monotonic() - started
        print(f"imported (list + GET + acknowledge) {len(urls)} orders in {seconds:.1f} s = "
              f"{len(urls) / seconds:.1f} orders/s", flush=True)
    finally:
        stop_sandbox(server)


if __name__ == "__main__":
    main()
