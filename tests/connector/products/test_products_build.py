"""Building an upload: a configurable child validated through its parent gets what a full validation gives,
an upload built in worker processes records the same listings and writes the same files as one built here,
and blobs go up while the rest is written, then are submitted in file-type order."""

from __future__ import annotations

import gzip
import os
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal
from pathlib import Path

import orjson
import pytest

from jetcart.connector.models import JetListing, ListingKind, ProductRun
from jetcart.connector.products import export as catalog_export
from jetcart.connector.products import upload as product_upload
from jetcart.connector.products import upload_build
from jetcart.connector.products.export import ExportContext, export_product
from jetcart.connector.products.jet_files import BulkSender
from jetcart.connector.products.offers import price_body
from jetcart.connector.products.runs import RunReporter
from jetcart.connector.products.upload import build_upload
from jetcart.jet.models.vocabulary import FileType
from tests.fixtures.products_setup import STORE_WEB_URL, demo_store, wired

pytestmark = pytest.mark.django_db(transaction=True)
IPOD_NANO = 36


@pytest.fixture
def connected(tmp_path, sandbox_server, jet_merchant, settings):
    url, prefix = demo_store(tmp_path)
    with wired(url, prefix, sandbox_server, jet_merchant, settings) as (store, client):
        yield store, client


def _all_ids(store) -> list[int]:
    return sorted(p.product_id for p in store.iter_products())


def _exports(store, ids):
    ctx = ExportContext.load(image_base_url=STORE_WEB_URL)
    ctx.prepare(ids)
    return [(e.product_id, {s.merchant_sku: s.body for s in e.skus}, [str(p) for p in e.problems])
            for e in (export_product(p, ctx) for p in store.get_products(ids))]


def test_a_child_validated_through_its_parent_gets_what_a_full_validation_gives(connected, monkeypatch):
    store, _ = connected
    JetListing.objects.create(merchant_sku="OC36-21", product_id=IPOD_NANO, kind=ListingKind.CHILD,
                              parent_sku="OC36", option_value_ids=[21], combination_key="21", upc="123")
    ids = _all_ids(store)
    shortcut = _exports(store, ids)
    monkeypatch.setattr(catalog_export, "_validated_child",
                        lambda body, shared, sku, problems: catalog_export._validated(body, sku, problems))
    assert shortcut == _exports(store, ids)
    nano = next(e for e in shortcut if e[0] == IPOD_NANO)
    assert {"OC36-20", "OC36-22"} <= set(nano[1])  # children built through the shortcut
    assert any(p.startswith("OC36-21 standard_product_codes") for p in nano[2]), nano[2]  # the bad UPC is named


def _build(store, processes: int, settings) -> tuple[dict, dict, dict]:
    settings.JETCART_EXPORT_PROCESSES = processes
    JetListing.objects.all().delete()
    run = ProductRun.objects.create(action="upload", selection={"product_ids": []})
    reporter = RunReporter(run)
    sender = BulkSender(None, run, chunk_size=7)
    try:
        ids = _all_ids(store)
        queued = build_upload(ids, reporter, sender, ExportContext.load(image_base_url=STORE_WEB_URL), store)
        reporter.flush()
        sender.finish_writing()
        files: dict[str, dict] = {}
        for path in sorted(sender.directory.glob("*.json.gz")):
            kind = path.name.split("-")[0]
            with gzip.open(path) as stream:
                files.setdefault(kind, {}).update(orjson.loads(stream.read()))
    finally:
        sender.close()
    listings = {li.merchant_sku: (li.product_id, li.kind, li.parent_sku, li.option_value_ids, li.problems,
                                  li.price_sent, li.inventory_sent, li.sku_hash) for li in JetListing.objects.all()}
    failed = dict(run.results.filter(ok=False).values_list("product_id", "messages"))
    return {"queued": queued, "failed": failed}, listings, files


def test_an_upload_built_in_worker_processes_matches_one_built_here(connected, settings, monkeypatch, tmp_path):
    store, _ = connected
    monkeypatch.setattr(product_upload, "BATCH", 4)  # several batches, so both workers build
    here = _build(store, 1, settings)
    builders = tmp_path / "builders"
    build_batch = upload_build.build_batch

    def noting_builder(batch, ctx, gateway):
        with builders.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return build_batch(batch, ctx, gateway)

    monkeypatch.setattr(upload_build, "build_batch", noting_builder)
    monkeypatch.setattr(upload_build, "PROCESSES_FROM", 1)
    workers = _build(store, 2, settings)
    pids = {int(line) for line in builders.read_text().split()}
    assert pids and os.getpid() not in pids  # built in other processes
    assert here[0]["failed"] and here[0]["queued"]
    assert workers == here
    assert set(here[2]) == {"merchantskus", "price", "inventory", "variation"}


def test_blobs_are_put_while_the_rest_is_written_and_submitted_in_order(connected, jet_merchant, monkeypatch):
    _, client = connected
    events: list[tuple[str, str]] = []
    put_blob, uploaded = client.files.put_blob, client.files.uploaded

    def recording_put(url, content):
        events.append(("put", Path(content).name))
        return put_blob(url, content)

    def recording_uploaded(url, file_type, file_name):
        events.append(("uploaded", file_name))
        return uploaded(url, file_type, file_name)

    monkeypatch.setattr(client.files, "put_blob", recording_put)
    monkeypatch.setattr(client.files, "uploaded", recording_uploaded)
    run = ProductRun.objects.create(action="upload", selection={"product_ids": []})
    sender = BulkSender(client, run, chunk_size=2)
    skus = [f"T-{i}" for i in range(5)]
    try:
        for sku in skus:
            sender.add(FileType.MERCHANT_SKUS, sku, {"product_title": f"Test product {sku}", "brand": "Acme",
                                                     "mfr_part_number": sku}, 1)
        for started in list(sender._puts.values()):
            started.result(timeout=30)
        assert sorted(events) == [("put", "merchantskus-1.json.gz"), ("put", "merchantskus-2.json.gz")]  # already
        for sku in skus:
            sender.add(FileType.PRICE, sku, price_body(Decimal("12.50"), jet_merchant.fulfillment_node_id), 1)
        outcomes = sender.await_all(sender.upload_all([FileType.MERCHANT_SKUS, FileType.PRICE]))
    finally:
        sender.close()
    submitted = [name for kind, name in events if kind == "uploaded"]
    assert submitted == ["merchantskus-1.json.gz", "merchantskus-2.json.gz", "merchantskus-3.json.gz",
                         "price-4.json.gz", "price-5.json.gz", "price-6.json.gz"]
    assert all(events.index(("put", name)) < events.index(("uploaded", name)) for name in submitted)
    found = [(o.file.file_name, o.final, o.errors, o.general_errors) for o in outcomes]
    assert all(final and not errors and not general for _, final, errors, general in found), found  # SKUs found
    assert client.products.get_price("T-4").price == Decimal("12.50")


def test_a_worker_process_that_dies_fails_the_upload_instead_of_hanging(connected, settings, monkeypatch):
    store, _ = connected
    parent = os.getpid()

    def dying_builder(batch, ctx, gateway):
        if os.getpid() != parent:
            os._exit(3)  # as if killed for lack of memory
        raise AssertionError("built in the running process")

    monkeypatch.setattr(upload_build, "build_batch", dying_builder)
    monkeypatch.setattr(upload_build, "PROCESSES_FROM", 1)
    settings.JETCART_EXPORT_PROCESSES = 2
    run = ProductRun.objects.create(action="upload", selection={"product_ids": []})
    sender = BulkSender(None, run)
    try:
        with pytest.raises(BrokenProcessPool):
            build_upload(_all_ids(store), RunReporter(run), sender,
                         ExportContext.load(image_base_url=STORE_WEB_URL), store)
    finally:
        sender.close()


def test_a_product_jet_refuses_is_reported_once_and_its_price_is_not_taken_as_accepted(connected):
    from jetcart.connector.models import (
        JetAttribute,
        ProductAction,
        ProductAttributeValue,
        ProductJetData,
        RejectedFileProduct,
    )
    from jetcart.connector.products.runs import create_run, execute_run

    hp = 47
    JetAttribute.objects.update_or_create(attribute_id=1, defaults={"name": "Country of Origin", "kind": 0})
    data, _ = ProductJetData.objects.get_or_create(product_id=hp)
    ProductAttributeValue.objects.create(product=data, attribute_id=1, value="Atlantis")  # only Jet knows it is wrong
    done = execute_run(create_run(action=ProductAction.UPLOAD, product_ids=[hp]).pk)
    refused = done.results.get(product_id=hp)
    assert not refused.ok and refused.messages and all("attributes_node_specific" in m for m in refused.messages)
    assert RejectedFileProduct.objects.filter(product_id=hp).count() == 1  # the product data file only
    listing = JetListing.objects.get(merchant_sku="OC47")
    assert not listing.price_hash and not listing.inventory_hash
