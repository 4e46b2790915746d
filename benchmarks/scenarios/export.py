"""Scenario 1, full catalog export: the upload use case over every product, against the floor (the same rows
read and dumped as gzipped JSON) and the per-call path (the same SKUs one call each, sampled and scaled)."""

from __future__ import annotations

import gzip
import time
from typing import Any

import orjson

from benchmarks.scenarios.common import Meter, Result
from benchmarks.scenarios.world import World

FLOOR_RATIO, PER_CALL_RATIO, MEMORY_MB = 2.0, 30.0, 500.0
CPU_RATIO = 1.5  # the export's connector CPU (workers included) against the floor's


def floor(world: World) -> Meter:
    """The same rows read from the store in the upload's batches and dumped as gzipped JSON lines, with no
    mapping or validation (the lower bound of any export)."""
    from jetcart.batches import batches
    from jetcart.connector.products.upload import BATCH

    ids = list(range(1, world.products + 1))
    path = world.data_dir / "floor.json.gz"
    with Meter() as meter, gzip.open(path, "wb", compresslevel=6) as out:
        for batch in batches(ids, BATCH):
            for product in world.store.get_products(batch):
                out.write(orjson.dumps(product, default=str, option=orjson.OPT_NON_STR_KEYS))
                out.write(b"\n")
    path.unlink()
    return meter


def export(world: World) -> tuple[Meter, dict[str, Any]]:
    """`jetcart products upload --all`: stream, build, validate, write the gzip files, upload them, wait for
    Jet to process them and record the outcome on the listings. The use case's notes mark two moments: the
    build is over ("sending"), and every file is uploaded ("… files uploaded"): what the issue calls the
    export (read, validated, written and uploaded) ends there; the rest is Jet's processing and the outcome."""
    from jetcart.connector.jet_and_store import override_gateways
    from jetcart.connector.models import JetFile, JetListing, ProductRun
    from jetcart.connector.products.runs import RunReporter
    from jetcart.connector.products.upload import upload_products

    marks: dict[str, float] = {}
    cpu_marks: dict[str, float] = {}

    class TimedReporter(RunReporter):
        def note(self, message: str) -> None:
            for mark, seen in (("sending", message.startswith("sending")), ("uploaded", "files uploaded" in message)):
                if seen and mark not in marks:
                    marks[mark], cpu_marks[mark] = time.perf_counter(), meter.work_cpu()
            super().note(message)

    run = ProductRun.objects.create(action="upload", selection={"product_ids": []})
    ids = list(range(1, world.products + 1))
    with Meter(sandbox_pid=world.sandbox.process.pid) as meter, override_gateways(jet=world.client, store=world.store):
        started, cpu_started = time.perf_counter(), meter.work_cpu()
        summary = upload_products(ids, TimedReporter(run))
        finished, cpu_finished = time.perf_counter(), meter.work_cpu()
    run.refresh_from_db()
    build = marks.get("sending", finished) - started
    uploaded = marks.get("uploaded", finished) - started
    processing = 0.0
    for jet_file_id in JetFile.objects.values_list("jet_file_id", flat=True).iterator():
        status = world.client.files.get(jet_file_id)
        if status.processing_start and status.processing_end:
            processing += (status.processing_end - status.processing_start).total_seconds()
    return meter, {"summary": summary, "skus": JetListing.objects.count(), "skus_sent": run.skus_sent,
                   "products_failed": run.failed,
                   "files": JetFile.objects.count(), "build_seconds": round(build, 2),
                   "upload_seconds": round(uploaded - build, 2), "uploaded_seconds": round(uploaded, 2),
                   "processed_seconds": round(finished - started, 2),
                   "jet_processing_wait_seconds": round(finished - started - uploaded, 2),
                   "sandbox_processing_seconds": round(processing, 1), **meter.cpu(),
                   **_cpu_by_phase(cpu_started, cpu_marks, cpu_finished)}


def _cpu_by_phase(started: float, marks: dict[str, float], finished: float) -> dict[str, float]:
    """The connector's CPU seconds (workers included) by phase: building the files (read, build, validate,
    record the listings, write), uploading them, and waiting for and recording Jet's verdict."""
    sending = marks.get("sending", finished)
    uploaded = marks.get("uploaded", finished)
    return {"build_cpu_seconds": round(sending - started, 2), "upload_cpu_seconds": round(uploaded - sending, 2),
            "outcome_cpu_seconds": round(finished - uploaded, 2)}


def per_call_sample(world: World, sample_skus: int, workers: int) -> tuple[float, int]:
    """The first products' SKUs (at least `sample_skus`) sent one call each, as the bulk files send them:
    product data, price and inventory of every SKU, then the variation of each configurable parent, on
    `workers` threads of the client's pool; returns the seconds and the SKUs sent."""
    from jetcart.connector.products.export import ExportContext, export_product
    from jetcart.connector.products.upload import store_image_base

    ctx = ExportContext.load(image_base_url=store_image_base(world.store))
    skus: list = []
    variations: list[tuple[str, dict]] = []
    product_id = 1
    while len(skus) < sample_skus and product_id <= world.products:
        batch = list(range(product_id, min(product_id + 100, world.products + 1)))
        product_id = batch[-1] + 1
        ctx.prepare(batch)
        for product in world.store.get_products(batch):
            result = export_product(product, ctx)
            if result.ok and len(skus) < sample_skus:
                skus.extend(s for s in result.skus if s.body is not None)
                if result.variation:
                    variations.append((result.parent_sku, result.variation))
    products = world.client.products

    def send(sku) -> None:
        products.put(sku.merchant_sku, sku.body)
        products.put_price(sku.merchant_sku, sku.price_body)
        products.patch_inventory(sku.merchant_sku, sku.inventory_body)

    def relate(entry: tuple[str, dict]) -> None:
        products.put_variation(*entry)

    with Meter() as meter:
        outcomes = list(world.client.map_concurrently(send, skus, max_workers=workers))
        outcomes += list(world.client.map_concurrently(relate, variations, max_workers=workers))
    failures = [o.error for o in outcomes if not o.ok]
    if failures:
        raise RuntimeError(f"{len(failures)} per-call uploads failed, first: {failures[0]!r}")
    return meter.seconds, len(skus)


def run(world: World, *, per_call_skus: int, workers: int, with_floor: bool = True) -> list[Result]:
    floor_meter = floor(world) if with_floor else None
    meter, details = export(world)
    sample_seconds, sampled = per_call_sample(world, per_call_skus, workers)
    skus = details["skus_sent"] or details["skus"]
    per_call = sample_seconds * skus / max(1, sampled)
    uploaded, processed = details["uploaded_seconds"], details["processed_seconds"]
    call_ratio = per_call / processed
    details.update({"per_call_sample_skus": sampled, "per_call_sample_seconds": round(sample_seconds, 2),
                    "per_call_workers": workers, "per_call_seconds_extrapolated": round(per_call, 1),
                    "per_call_ratio": round(call_ratio, 1),
                    "per_call_ratio_to_uploaded": round(per_call / uploaded, 1)})
    floor_ok = True
    floor_rows = []
    if floor_meter is not None:
        floor_ratio = uploaded / floor_meter.seconds
        cpu_ratio = meter.cpu_seconds / max(floor_meter.cpu_seconds, 1e-6)
        floor_ok = floor_ratio <= FLOOR_RATIO
        details.update({"build_floor_ratio": round(details["build_seconds"] / floor_meter.seconds, 2),
                        "floor_seconds": round(floor_meter.seconds, 2), "floor_ratio": round(floor_ratio, 2),
                        "floor_cpu_seconds": round(floor_meter.cpu_seconds, 2), "cpu_ratio": round(cpu_ratio, 2),
                        "cpu_ratio_target": CPU_RATIO, "cpu_ratio_passed": cpu_ratio <= CPU_RATIO})
        floor_rows = [Result("1a floor (read + gzip JSON)", f"{world.products} products", floor_meter.seconds,
                             floor_meter.peak_rss, world.products / floor_meter.seconds, "products/s", "reference",
                             None, {"connector_cpu_seconds": round(floor_meter.cpu_seconds, 2)},
                             floor_meter.cpu_seconds)]
    size = f"{world.products} products / {skus} SKUs"
    return [
        Result("1 catalog export (uploaded)", size, uploaded, meter.peak_rss, skus / uploaded, "SKUs/s",
               f"≤ {FLOOR_RATIO:g}× floor, < {MEMORY_MB:g} MB" if floor_meter else f"< {MEMORY_MB:g} MB (no floor)",
               floor_ok and meter.peak_rss < MEMORY_MB and not details["products_failed"],
               details, meter.cpu_seconds),
        Result("1 … processed by Jet", size, processed, meter.peak_rss, skus / processed, "SKUs/s",
               f"≥ {PER_CALL_RATIO:g}× faster than per-call, every product accepted",
               call_ratio >= PER_CALL_RATIO and not details["products_failed"],
               {"per_call_ratio": round(call_ratio, 1), "jet_processing_wait_seconds":
                details["jet_processing_wait_seconds"]}, meter.cpu_seconds),
        *floor_rows,
        Result("1b per-call (extrapolated)", f"{sampled} of {skus} SKUs sampled", per_call, 0.0,
               skus / per_call, "SKUs/s", "reference", None,
               {"measured_seconds": round(sample_seconds, 2), "calls_per_sku": 3, "calls_per_parent": 1,
                "workers": workers}),
    ]
