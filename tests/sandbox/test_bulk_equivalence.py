"""Bulk files against single-SKU calls: the same bodies leave the same SKU rows, GET answers and errors."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import orjson
import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jetcart.sandbox import bulkread, clock
from jetcart.sandbox.files import processing, queue, views  # noqa: F401 (imported before the clock is stopped)
from jetcart.sandbox.merchants import create_merchant
from jetcart.sandbox.transport import router
from tests.sandbox.helpers import product_body

pytestmark = pytest.mark.django_db(databases=["default", "sandbox"])
MOMENT = datetime(2026, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)
UNSTABLE = {"id", "merchant_id", "merchant_sku_id"}  # differ between two merchants by construction
QUERIES: list[tuple[str, int, int]] = []  # (file type, entries, statements) of each bulk file processed


def _products() -> dict[str, dict]:
    colour = {"attribute_id": 172, "attribute_value": "Model A"}
    return {
        "P-1": product_body(attributes_node_specific=[colour]),
        "P-2": product_body(mfr_part_number="MPN-2", attributes_node_specific=[colour]),
        "P-3": product_body(brand="Other", attributes_node_specific=[colour]),
        "P-4": product_body(brand=None, main_image_url=None),  # missing listing data
        "P-5": product_body(shipping_weight_pounds=None, multipack_quantity=None),
        "P-6": product_body(product_title="abc"),  # too short: refused
        "P-7": product_body(jet_browse_node_id=1, standard_product_codes=[{"standard_product_code": "1",
                                                                          "standard_product_code_type": "UPC"}]),
        "P-8": product_body(attributes_node_specific=[{"attribute_id": 999999, "attribute_value": "x"}]),
        "P-9": product_body(),
    }


def _files(node: str) -> list[tuple[str, dict]]:
    def inventory(quantity, at=node):
        return {"fulfillment_nodes": [{"fulfillment_node_id": at, "quantity": quantity}]}

    return [
        ("MerchantSKUs", _products()),
        ("Price", {"P-1": {"price": 12.5, "fulfillment_nodes": [{"fulfillment_node_id": node,
                                                                  "fulfillment_node_price": 12.5}]},
                   "P-2": {"price": 12.5}, "P-3": {"price": 7}, "P-4": {"price": 3.25}, "P-5": {"price": -1},
                   "P-9": {"price": 1.999}, "NOPE": {"price": 5.0},
                   "P-6": {"price": 5.0, "fulfillment_nodes": [{"fulfillment_node_id": "elsewhere",
                                                                "fulfillment_node_price": 5.0}]}}),
        ("Inventory", {"P-1": inventory(7), "P-2": inventory(0), "P-3": inventory(3), "P-4": inventory(2),
                       "P-5": inventory(4), "P-9": inventory(1, "elsewhere"), "NOPE": inventory(1)}),
        ("MerchantSKUs", {"P-2": _products()["P-2"], "P-4": product_body(), "P-3": "not an object"}),
        ("Price", {"P-5": {"price": 9.99}, "P-2": {"price": 12.5}}),
        ("Variation", {"P-1": {"relationship": "Variation", "variation_refinements": [172],
                               "children_skus": ["P-2", "P-3"], "group_title": "Group"},
                       "P-9": {"relationship": "Variation", "variation_refinements": [172],
                               "children_skus": ["P-2", "P-404"]},
                       "P-4": {"relationship": "Variation", "variation_refinements": [172],
                               "children_skus": ["P-2"]},
                       "P-5": {"variation_refinements": [], "children_skus": []}}),
    ]


SINGLE_CALLS = {"MerchantSKUs": ("PUT", ""), "Price": ("PUT", "/price"), "Inventory": ("PATCH", "/inventory"),
                "Variation": ("PUT", "/variation")}


def _client(creds) -> Client:
    client = Client()
    token = client.post("/jet/api/Token/", {"user": creds.user, "pass": creds.secret},
                        content_type="application/json").json()["id_token"]
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def _single(client: Client, file_type: str, content: dict) -> list[str]:
    """Each entry as its own call; the errors as a file reports them."""
    method, suffix = SINGLE_CALLS[file_type]
    errors = []
    for merchant_sku, body in content.items():
        response = getattr(client, method.lower())(f"/jet/api/merchant-skus/{merchant_sku}{suffix}",
                                                   orjson.dumps(body), content_type="application/json")
        if response.status_code >= 400:
            errors.extend(f"{merchant_sku}: {e}" for e in response.json()["errors"])
    return errors


def _bulk(merchant, file_type: str, content: dict, index: int) -> list[str]:
    from jetcart.sandbox.files.blobs import blob_path
    from jetcart.sandbox.models import BulkFile

    file_id = f"{merchant.pk:08d}{index:04d}".ljust(32, "e")
    blob_path("merchant-files", file_id).write_bytes(gzip.compress(orjson.dumps(content)))
    file = BulkFile.objects.create(merchant=merchant, jet_file_id=file_id, url_expires_at=MOMENT,
                                   created_at=MOMENT, file_type=file_type, file_name="f.json.gz",
                                   status="Processing", received=MOMENT, blob_received=True, heartbeat=MOMENT)
    with CaptureQueriesContext(connections["sandbox"]) as queries:
        processing.process_file(file.pk)
    QUERIES.append((file_type, len(content), len(queries)))
    return orjson.loads(gzip.decompress(processing.error_path(file).read_bytes()))


def _rows(merchant, node: str) -> dict[str, dict]:
    """The merchant's SKU rows as stored, its node id written NODE."""
    from jetcart.sandbox.models import Sku

    rows = {sku.merchant_sku: {f.attname: getattr(sku, f.attname) for f in Sku._meta.concrete_fields
                               if f.attname not in UNSTABLE}
            for sku in Sku.objects.filter(merchant=merchant)}
    return _unnoded(rows, node)


def _unnoded(value, node: str):
    """`value` with the merchant's node id written NODE in every string (other values as they are)."""
    if isinstance(value, str):
        return value.replace(node, "NODE")
    if isinstance(value, dict):
        return {_unnoded(k, node): _unnoded(v, node) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_unnoded(v, node) for v in value)
    return value


def _answers(client: Client, names) -> dict:
    answers = {}
    for name in names:
        for suffix in ("", "/price", "/inventory", "/variation"):
            response = client.get(f"/jet/api/merchant-skus/{name}{suffix}")
            body = response.json()
            if isinstance(body, dict):
                for key in ("merchant_sku_id", "jet_retail_sku", "producer_id", "correlation_id"):
                    body.pop(key, None)
            answers[name + suffix] = (response.status_code, body)
    return answers


@pytest.mark.parametrize(("review_delay", "small_batches"), [(0, False), (600, False), (0, True)])
def test_bulk_files_leave_what_single_calls_leave(monkeypatch, review_delay, small_batches):
    from jetcart.sandbox.models import Merchant

    if small_batches:  # several batches per file, several SELECTs per batch
        monkeypatch.setattr(processing, "BATCH", 3)
        monkeypatch.setattr(bulkread, "CHUNK", 2)
    for module in (clock, router):  # one moment for both merchants: their timestamps compare equal
        monkeypatch.setattr(module, "sandbox_now", lambda: MOMENT)
    bulk_creds, single_creds = create_merchant(), create_merchant()
    bulk = Merchant.objects.get(merchant_id=bulk_creds.merchant_id)
    single = Merchant.objects.get(merchant_id=single_creds.merchant_id)
    Merchant.objects.filter(pk__in=[bulk.pk, single.pk]).update(controls={"review_delay": review_delay})
    bulk.refresh_from_db()
    single_client = _client(single_creds)
    for index, (file_type, content) in enumerate(_files(bulk_creds.fulfillment_node_id)):
        bulk_errors = _bulk(bulk, file_type, content, index)
        content = orjson.loads(orjson.dumps(content).replace(bulk_creds.fulfillment_node_id.encode(),
                                                             single_creds.fulfillment_node_id.encode()))
        assert bulk_errors == _single(single_client, file_type, content), file_type
        assert _rows(bulk, bulk_creds.fulfillment_node_id) == _rows(single, single_creds.fulfillment_node_id), \
            file_type
    if not small_batches:  # a file costs a fixed number of statements: no row is reloaded column by column
        assert all(statements <= 13 for _, _, statements in QUERIES), QUERIES
    QUERIES.clear()
    rows = _rows(bulk, bulk_creds.fulfillment_node_id)
    names = sorted(rows)
    assert names == ["P-1", "P-2", "P-3", "P-4", "P-5", "P-9"]  # P-6, P-7 and P-8 were refused
    statuses = {row["status"] for row in rows.values()}
    assert statuses == ({"Available for Purchase", "Under Jet Review", "Missing Listing Data"} if not review_delay
                        else {"Under Jet Review"})
    assert _unnoded(_answers(_client(bulk_creds), names), bulk_creds.fulfillment_node_id) == _unnoded(
        _answers(single_client, names), single_creds.fulfillment_node_id)


def test_a_file_remembers_repeated_bodies_and_stops_when_they_do_not_repeat(monkeypatch):
    from jetcart.sandbox.transport.errors import BadRequest

    monkeypatch.setattr(processing, "TRIAL", 4)
    judged = []

    def check(body, ids):
        judged.append(body["price"])
        if body["price"] < 0:
            raise BadRequest("price: must be at least 0")
        return body["price"] * 2

    repeated = processing._Remembered(check)
    for _ in range(3):
        assert [repeated({"price": p}, set()) for p in (1, 2, 1, 2)] == [2, 4, 2, 4]
        with pytest.raises(BadRequest) as raised:
            repeated({"price": -1}, set())
        assert raised.value.errors == ["price: must be at least 0"]  # raised again for every SKU carrying it
    assert judged == [1, 2, -1] and repeated.seen is not None
    judged.clear()
    distinct = processing._Remembered(check)
    assert [distinct({"price": p}, set()) for p in range(10)] == [p * 2 for p in range(10)]
    assert distinct({"price": 3}, set()) == 6 and distinct.seen is None and judged == [*range(10), 3]


def test_the_collector_pauses_while_any_file_is_processed_and_is_left_as_found():
    import gc

    assert gc.isenabled()
    with processing._collector_paused():
        assert not gc.isenabled()
        with processing._collector_paused():  # a second merchant's file at the same time
            assert not gc.isenabled()
        assert not gc.isenabled()  # the first file is still running
    assert gc.isenabled()
    gc.disable()
    try:
        with processing._collector_paused():
            pass
        assert not gc.isenabled()  # someone else turned it off: it stays off
    finally:
        gc.enable()


def test_overlapping_files_still_let_the_collector_run_now_and_then(monkeypatch):
    import gc

    passes = []

    def seen(phase, info):
        if phase == "stop" and info["generation"] == 2:
            passes.append(info)

    gc.callbacks.append(seen)
    try:
        with processing._collector_paused():
            with processing._collector_paused():
                pass
            assert not passes  # paused for less than COLLECT_EVERY
            monkeypatch.setattr(processing, "COLLECT_EVERY", 0.0)
            with processing._collector_paused():
                pass
            assert len(passes) == 1 and not gc.isenabled()  # a full pass, and the first file still runs
    finally:
        gc.callbacks.remove(seen)
    assert gc.isenabled()
