"""Bulk files: streamed gzip, splitting by count and size, local refusals, fast checks, the upload flow."""

import gzip
import tracemalloc
from decimal import Decimal

import httpx
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jetcart.jet.bulk import BulkFileWriter, payload_problems, upload_bulk
from jetcart.jet.bulk.fastcheck import inventory_ok, price_ok
from jetcart.jet.models import InventoryUpdate, MerchantSku, PriceUpdate
from jetcart.jet.models.vocabulary import FileType
from tests.jet.fake_jet import FakeJet


def inventory(n, node="node-1"):
    for i in range(n):
        yield f"SKU-{i:06d}", {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": i % 50}]}


def read(file):
    return orjson.loads(gzip.decompress(file.path.read_bytes()))


def test_one_file_holds_every_sku_as_an_object_keyed_by_sku(tmp_path):
    files = list(BulkFileWriter(FileType.INVENTORY, directory=tmp_path).write(inventory(1000)))
    assert len(files) == 1
    body = read(files[0])
    assert len(body) == 1000 and body["SKU-000007"] == {
        "fulfillment_nodes": [{"fulfillment_node_id": "node-1", "quantity": 7}]
    }
    assert files[0].file_name.startswith("Inventory-") and files[0].file_name.endswith(".json.gz")
    assert files[0].compressed_bytes == files[0].path.stat().st_size


def test_files_split_by_sku_count(tmp_path):
    files = list(BulkFileWriter(FileType.INVENTORY, directory=tmp_path, max_skus=300).write(inventory(1000)))
    assert [f.sku_count for f in files] == [300, 300, 300, 100]
    assert sum(len(read(f)) for f in files) == 1000
    assert len({f.file_name for f in files}) == 4


@pytest.mark.parametrize("max_bytes", [2048, 10_000, 50_000])
def test_files_split_by_compressed_size_and_never_exceed_it(tmp_path, max_bytes):
    import random

    rng = random.Random(7)
    payloads = ((f"S{i}", {"price": rng.randint(1, 10**6) / 100, "fulfillment_nodes": [
        {"fulfillment_node_id": f"n{rng.random()}", "fulfillment_node_price": 1.5}]}) for i in range(3000))  # fmt: skip
    files = list(BulkFileWriter(FileType.PRICE, directory=tmp_path, max_bytes=max_bytes).write(payloads))
    assert len(files) > 1
    assert all(f.compressed_bytes <= max_bytes for f in files)
    assert sum(len(read(f)) for f in files) == 3000
    assert min(f.compressed_bytes for f in files[:-1]) > max_bytes * 0.6  # files are filled, not cut early


def test_invalid_bodies_are_refused_with_paths_and_not_written(tmp_path):
    payloads = [
        ("A", {"price": 10}),
        ("B", {"price": "10"}),
        (
            "C",
            {"price": 1, "fulfillment_nodes": [{"fulfillment_node_id": "n", "fulfillment_node_price": -2}]},
        ),
        ("", {"price": 1}),
        ("D", PriceUpdate.parse({"price": 5})),
    ]
    writer = BulkFileWriter(FileType.PRICE, directory=tmp_path)
    (file,) = writer.write(payloads)
    assert read(file) == {"A": {"price": 10}, "D": {"price": 5}}
    assert writer.rejected_count == 3
    assert [(r.sku, [str(p) for p in r.problems]) for r in writer.rejected] == [
        ("B", ["price: must be a JSON number"]),
        ("C", ["fulfillment_nodes[0].fulfillment_node_price: must be at least 0"]),
        (
            "",
            [": a merchant SKU must be a non-empty string"][0:0]
            or ["a merchant SKU must be a non-empty string"],
        ),
    ]


def test_a_repeated_sku_starts_a_new_file(tmp_path):
    payloads = [("A", {"is_archived": True}), ("B", {"is_archived": True}), ("A", {"is_archived": False})]
    writer = BulkFileWriter(FileType.ARCHIVE, directory=tmp_path)
    files = list(writer.write(payloads))
    assert [read(f) for f in files] == [
        {"A": {"is_archived": True}, "B": {"is_archived": True}},
        {"A": {"is_archived": False}},
    ]
    assert writer.duplicate_count == 1


def test_merchant_sku_files_validate_with_the_model_and_write_decimals_as_numbers(tmp_path):
    good = {"ASIN": "B00ABCDEFG", "product_title": "Water bottle", "msrp": Decimal("12.50")}
    writer = BulkFileWriter(FileType.MERCHANT_SKUS, directory=tmp_path)
    (file,) = writer.write(
        [("A", good), ("B", {"product_title": "x"}), ("C", MerchantSku.parse({"ASIN": "B00ABCDEFG"}))]
    )
    assert read(file) == {"A": {"ASIN": "B00ABCDEFG", "product_title": "Water bottle", "msrp": 12.5},
                          "C": {"ASIN": "B00ABCDEFG"}}  # fmt: skip
    assert {p.path for p in writer.rejected[0].problems} == {"product_title", "standard_product_codes"}


def test_a_model_of_another_file_type_is_a_programming_error(tmp_path):
    with pytest.raises(TypeError):
        list(
            BulkFileWriter(FileType.PRICE, directory=tmp_path).write(
                [("A", MerchantSku.parse({"ASIN": "B00ABCDEFG"}))]
            )
        )


def test_memory_stays_flat_while_writing_many_skus(tmp_path):
    writer = BulkFileWriter(FileType.INVENTORY, directory=tmp_path, max_skus=5_000)
    tracemalloc.start()
    try:
        count = sum(f.sku_count for f in writer.write(inventory(20_000)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 20_000
    # 20k inventory dicts alone would take over 10 MB; we hold one file's SKU names and zlib's state
    assert peak < 3 * 1024 * 1024, peak


money = st.one_of(
    st.integers(min_value=-5, max_value=10**9),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-10, max_value=10**6),
    st.text(max_size=4),
    st.booleans(),
    st.none(),
)
node_ids = st.one_of(st.text(max_size=3), st.integers(), st.none())


@given(price=money, nodes=st.one_of(st.none(), st.lists(st.fixed_dictionaries(
    {"fulfillment_node_id": node_ids, "fulfillment_node_price": money}), max_size=3)))  # fmt: skip
def test_fast_price_check_never_accepts_what_the_model_refuses(price, nodes):
    payload = {"price": price} if nodes is None else {"price": price, "fulfillment_nodes": nodes}
    if price_ok(payload):
        assert PriceUpdate.problems(payload) == []
    assert (payload_problems(FileType.PRICE, payload) == []) == (PriceUpdate.problems(payload) == [])


@given(nodes=st.lists(st.fixed_dictionaries({"fulfillment_node_id": node_ids, "quantity": st.one_of(
    st.integers(min_value=-3, max_value=10**6), st.booleans(), st.floats(), st.text(max_size=2))}), max_size=3))  # fmt: skip
def test_fast_inventory_check_never_accepts_what_the_model_refuses(nodes):
    payload = {"fulfillment_nodes": nodes}
    if inventory_ok(payload):
        assert InventoryUpdate.problems(payload) == []
    assert (payload_problems(FileType.INVENTORY, payload) == []) == (InventoryUpdate.problems(payload) == [])


def test_fast_checks_accept_the_common_shapes():
    assert price_ok(
        {"price": 38.0, "fulfillment_nodes": [{"fulfillment_node_id": "n", "fulfillment_node_price": 38.25}]}
    )
    assert (
        price_ok({"price": Decimal("1.10")})
        and not price_ok({"price": 1.005})
        and not price_ok({"price": True})
    )
    assert inventory_ok({"fulfillment_nodes": [{"fulfillment_node_id": "n", "quantity": 0}]})
    assert not inventory_ok({"fulfillment_nodes": [{"fulfillment_node_id": "n", "quantity": 1}] * 2})


class FakeBlobAndFiles:
    """Serves upload tokens, accepts blobs, and moves files Acknowledged → Processing → final."""

    def __init__(self, fake: FakeJet, *, errors_for=()):
        self.blobs: dict[str, bytes] = {}
        self.polls: dict[str, int] = {}
        self.count = 0
        self.errors_for = set(errors_for)
        fake.default("GET", "/api/files/uploadToken", self.token)
        fake.default("POST", "/api/files/uploaded", self.uploaded)

        def route(request):
            if request.url.host == "blob.test":
                return self.blob(request)
            return self.status(request)

        self.route = route

    def token(self, request):
        self.count += 1
        file_id = f"{self.count:032x}"
        return httpx.Response(200, json={"url": f"https://blob.test/merchant-files/{file_id}?sv=1&sig=abc",
                                         "jet_file_id": file_id, "expires_in_seconds": 1800})  # fmt: skip

    def blob(self, request):
        assert request.headers["x-ms-blob-type"] == "BlockBlob"
        assert "authorization" not in request.headers
        self.blobs[request.url.path.rsplit("/", 1)[-1]] = request.read()
        return httpx.Response(201)

    def uploaded(self, request):
        body = orjson.loads(request.content)
        file_id = httpx.URL(body["url"]).path.rsplit("/", 1)[-1]
        assert file_id in self.blobs, "notified before the blob arrived"
        self.polls[file_id] = 0
        return httpx.Response(200, json={"jet_file_id": file_id, "status": "Acknowledged", "file_name": body["file_name"],
                                         "file_type": body["file_type"], "url": body["url"]})  # fmt: skip

    def status(self, request):
        file_id = request.url.path.rsplit("/", 1)[-1]
        if file_id not in self.polls:
            return httpx.Response(404, json={"errors": ["file not found"]})
        self.polls[file_id] += 1
        if self.polls[file_id] < 3:
            return httpx.Response(200, json={"jet_file_id": file_id, "status": "Processing"})
        if file_id in self.errors_for:
            return httpx.Response(200, json={"jet_file_id": file_id, "status": "Processed with errors", "error_count": 1,
                                             "error_excerpt": ["SKU-000001: quantity invalid"]})  # fmt: skip
        return httpx.Response(
            200, json={"jet_file_id": file_id, "status": "Processed successfully", "error_count": 0}
        )


def bulk_fake(**options):
    fake = FakeJet()
    files = FakeBlobAndFiles(fake, **options)
    original = fake.__call__

    def handler(request):
        if request.url.host == "blob.test":
            fake.requests.append(request)
            return files.blob(request)
        if (
            request.method == "GET"
            and request.url.path.startswith("/api/files/")
            and not request.url.path.endswith("uploadToken")
        ):
            fake.requests.append(request)
            return files.status(request)
        return original(request)

    return fake, files, handler


def client_for(handler, **options):
    sleeps = []
    from jetcart.jet import JetClient

    client = JetClient("https://jet.test/api", "api-user", "s3cret-pass", transport=httpx.MockTransport(handler),
                       rate_limits=None, sleep=sleeps.append, **options)  # fmt: skip
    return client, sleeps


def test_upload_bulk_runs_the_whole_flow_and_polls_with_backoff():
    fake, files, handler = bulk_fake()
    client, _ = client_for(handler)
    polls_slept = []
    result = upload_bulk(client, "Inventory", inventory(2500), max_skus=1000, sleep=polls_slept.append,
                         poll_initial=0.5)  # fmt: skip
    assert result.ok and result.sku_count == 2500 and len(result.files) == 3
    assert [r.status.status for r in result.files] == ["Processed successfully"] * 3
    assert polls_slept[:2] == [0.5, 1.0]
    assert sum(len(orjson.loads(gzip.decompress(b))) for b in files.blobs.values()) == 2500
    notices = [orjson.loads(r.content) for r in fake.calls("POST", "/api/files/uploaded")]
    assert [n["file_type"] for n in notices] == ["Inventory"] * 3
    assert all(n["file_name"].startswith("Inventory-") for n in notices)


def test_upload_bulk_reports_jet_errors_and_local_refusals():
    fake, files, handler = bulk_fake(errors_for={f"{1:032x}"})
    client, _ = client_for(handler)
    payloads = [("SKU-000001", {"fulfillment_nodes": [{"fulfillment_node_id": "n", "quantity": 1}]}),
                ("BAD", {"fulfillment_nodes": [{"fulfillment_node_id": "n", "quantity": -1}]})]  # fmt: skip
    result = upload_bulk(client, FileType.INVENTORY, payloads, sleep=lambda s: None)
    assert not result.ok
    assert result.errors() == [
        "SKU-000001: quantity invalid",
        "BAD: fulfillment_nodes[0].quantity: must be at least 0",
    ]
    assert result.error_count == 1 and result.rejected_count == 1


def test_notify_with_unknown_outcome_checks_the_file_before_posting_again():
    fake, files, handler = bulk_fake()
    real_uploaded = files.uploaded
    calls = []

    def flaky(request):
        calls.append(request)
        real_uploaded(request)  # Jet got it …
        return httpx.Response(502)  # … but the answer was lost

    fake.default("POST", "/api/files/uploaded", flaky)
    client, _ = client_for(handler)
    result = upload_bulk(client, "Inventory", inventory(10), sleep=lambda s: None)
    assert result.ok and len(calls) == 1
