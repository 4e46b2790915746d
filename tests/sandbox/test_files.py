"""Bulk files end to end: upload token, blob PUT, submission, asynchronous processing, status and errors."""

from __future__ import annotations

import gzip
import time

import httpx
import orjson
import pytest

from jetcart.jet.timestamps import parse_jet_datetime
from jetcart.sandbox import messages
from tests.sandbox.helpers import errors_of, has_error, product_body


def finished(jet, file_id: str) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = jet.get(f"/files/{file_id}").json()
        if status["status"] in ("Processed successfully", "Processed with errors"):
            return status
        assert status["status"] in ("Acknowledged", "Processing")
        time.sleep(0.05)
    raise AssertionError("file not processed in time")


def test_should_hand_out_a_signed_expiring_upload_url(jet):
    token = jet.get("/files/uploadToken").json()
    assert token["expires_in_seconds"] == 1800 and len(token["jet_file_id"]) == 32
    assert token["url"].startswith(jet.server.base_url + "/_blob/merchant-files/" + token["jet_file_id"])
    assert "sig=" in token["url"] and "se=" in token["url"]


def test_should_process_every_file_type(jet):
    node, location = jet.node, jet.merchant.return_location_id
    colour = [{"attribute_id": 1, "attribute_value": "Albania"}]
    skus = {"P": product_body(attributes_node_specific=colour), "C1": product_body(attributes_node_specific=colour)}
    status = jet.upload_file("MerchantSKUs", skus, "skus.json.gz")
    assert status["status"] == "Acknowledged" and status["file_name"] == "skus.json.gz"
    done = finished(jet, status["jet_file_id"])
    assert (done["status"], done["error_count"], done["total_processed"]) == ("Processed successfully", 0, 2)
    assert done["received"] and done["processing_start"] and done["processing_end"]
    uploads = [
        ("Price", {"P": {"price": 11.0}, "C1": {"price": 12.0}}),
        ("Inventory", {"P": {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 4}]},
                       "C1": {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 0}]}}),
        ("Variation", {"P": {"relationship": "Variation", "variation_refinements": [1], "children_skus": ["C1"]}}),
        ("ShippingException", {"P": {"fulfillment_nodes": [{"fulfillment_node_id": node, "shipping_exceptions": [
            {"service_level": "Standard", "shipping_exception_type": "restricted"}]}]}}),
        ("ReturnsException", {"P": {"return_location_ids": [location]}}),
        ("Archive", {"C1": {"is_archived": True}}),
    ]
    for file_type, content in uploads:
        result = finished(jet, jet.upload_file(file_type, content)["jet_file_id"])
        assert result["status"] == "Processed successfully", (file_type, result)
    parent = jet.get("/merchant-skus/P").json()
    assert (parent["status"], parent["price"]) == ("Available for Purchase", 11.0)
    assert jet.get("/merchant-skus/P/variation").json()["children_skus"] == [{"merchant_sku": "C1"}]
    assert jet.get("/merchant-skus/P/returnsexception").json()["return_location_ids"] == [location]
    assert jet.get("/merchant-skus/P/shippingexception").json()["fulfillment_nodes"][0]["fulfillment_node_id"] == node
    assert jet.get("/merchant-skus/C1").json()["status"] == "Archived"


def test_should_report_per_sku_errors_with_an_excerpt_and_an_error_file(jet):
    skus = {f"OK-{n}": product_body() for n in range(3)}
    skus.update({f"BAD-{n}": product_body(product_title="abc") for n in range(25)})
    done = finished(jet, jet.upload_file("MerchantSKUs", skus)["jet_file_id"])
    assert done["status"] == "Processed with errors"
    assert done["error_count"] == 25 and len(done["error_excerpt"]) == 20
    assert done["error_excerpt"][0].startswith("BAD-0: product_title")
    full = httpx.get(done["error_url"]).json()
    assert len(full) == 25
    assert jet.get("/merchant-skus/OK-2").status_code == 200
    assert jet.get("/merchant-skus/BAD-0").status_code == 404
    forged = done["error_url"].replace("sig=", "sig=00")
    assert httpx.get(forged).status_code == 403


def test_should_refuse_price_and_inventory_of_unknown_skus(jet):
    done = finished(jet, jet.upload_file("Price", {"GHOST": {"price": 1.0}, "NOTOBJ": 5})["jet_file_id"])
    assert done["status"] == "Processed with errors"
    assert sorted(done["error_excerpt"]) == sorted([
        messages.FILE_SKU_ERROR.format(sku="GHOST", message=messages.SKU_NOT_FOUND.format(sku="GHOST")),
        messages.FILE_SKU_ERROR.format(sku="NOTOBJ", message=messages.SKU_NOT_FOUND.format(sku="NOTOBJ"))])


@pytest.mark.parametrize("content", [b"not gzip at all", gzip.compress(b"{broken json"), gzip.compress(b"[1, 2]")])
def test_should_fail_a_file_that_is_not_gzipped_json_object(jet, content):
    done = finished(jet, jet.upload_file("MerchantSKUs", content)["jet_file_id"])
    assert done["status"] == "Processed with errors" and done["error_count"] == 1


def test_should_guard_the_blob_url(jet):
    token = jet.get("/files/uploadToken").json()
    raw = gzip.compress(orjson.dumps({}))
    assert httpx.put(token["url"], content=raw).status_code == 400  # no x-ms-blob-type
    forged = token["url"].replace("sig=", "sig=00")
    assert httpx.put(forged, content=raw, headers={"x-ms-blob-type": "BlockBlob"}).status_code == 403
    jet.server.advance_clock(jet.merchant, 1801)
    expired = httpx.put(token["url"], content=raw, headers={"x-ms-blob-type": "BlockBlob"})
    assert expired.status_code == 403 and expired.json() == {"errors": [messages.BLOB_EXPIRED]}


def test_should_refuse_bad_submissions(jet):
    token = jet.get("/files/uploadToken").json()
    submit = {"url": token["url"], "file_type": "MerchantSKUs", "file_name": "a.json.gz"}
    assert errors_of(jet.post("/files/uploaded", submit)) == [messages.FILE_NOT_UPLOADED]
    httpx.put(token["url"], content=gzip.compress(b"{}"), headers={"x-ms-blob-type": "BlockBlob"})
    assert has_error(jet.post("/files/uploaded", {**submit, "file_type": "Pictures"}), "file_type")
    assert has_error(jet.post("/files/uploaded", {**submit, "file_name": ""}), "file_name")
    assert has_error(jet.post("/files/uploaded", {"file_type": "Price", "file_name": "x"}), "url")
    assert errors_of(jet.post("/files/uploaded", {**submit, "url": "https://elsewhere/f" + "0" * 31})) == [
        messages.FILE_URL_UNKNOWN]
    assert jet.post("/files/uploaded", submit).status_code == 200
    assert errors_of(jet.post("/files/uploaded", submit)) == [
        messages.FILE_ALREADY_SUBMITTED.format(file_id=token["jet_file_id"])]
    assert errors_of(jet.get(f"/files/{'0' * 32}"), 404)


def test_should_keep_files_of_other_merchants_apart(sandbox_server, jet):
    token = jet.get("/files/uploadToken").json()
    httpx.put(token["url"], content=gzip.compress(b"{}"), headers={"x-ms-blob-type": "BlockBlob"})
    from tests.sandbox.helpers import JetSession

    other = JetSession(sandbox_server, sandbox_server.new_merchant())
    submit = {"url": token["url"], "file_type": "Price", "file_name": "p.json.gz"}
    assert errors_of(other.post("/files/uploaded", submit)) == [messages.FILE_URL_UNKNOWN]


def test_should_apply_a_price_file_uploaded_right_after_the_product_file_of_its_skus(jet):
    names = [f"NEW-{n}" for n in range(2000)]  # the last ones are written a second or more after the upload
    products = jet.upload_file("MerchantSKUs", {name: product_body() for name in names})
    prices = jet.upload_file("Price", {name: {"price": 7.5} for name in names[-100:]})
    assert finished(jet, products["jet_file_id"])["status"] == "Processed successfully"
    done = finished(jet, prices["jet_file_id"])
    assert (done["status"], done["error_count"], done["total_processed"]) == ("Processed successfully", 0, 100)
    assert jet.get(f"/merchant-skus/{names[-1]}/price").json()["price"] == 7.5


def test_should_process_a_merchants_files_one_at_a_time_in_upload_order(jet):
    names = [f"ORD-{n}" for n in range(2000)]
    colour = [{"attribute_id": 1, "attribute_value": "Albania"}]
    last = names[-3:]
    uploads = [
        ("MerchantSKUs", {name: product_body(attributes_node_specific=colour) for name in names}),
        ("Price", {name: {"price": 3.0} for name in last}),
        ("Inventory", {name: {"fulfillment_nodes": [{"fulfillment_node_id": jet.node, "quantity": 2}]}
                       for name in last}),
        ("Variation", {last[0]: {"relationship": "Variation", "variation_refinements": [1], "children_skus": last[1:]}}),
    ]
    ids = [jet.upload_file(file_type, content)["jet_file_id"] for file_type, content in uploads]
    results = [finished(jet, file_id) for file_id in ids]
    assert [r["status"] for r in results] == ["Processed successfully"] * 4, results
    for earlier, later in zip(results, results[1:], strict=False):
        assert parse_jet_datetime(later["processing_start"]) >= parse_jet_datetime(earlier["processing_end"])
    parent = jet.get(f"/merchant-skus/{last[0]}").json()
    assert (parent["status"], parent["price"]) == ("Available for Purchase", 3.0)
    assert jet.get(f"/merchant-skus/{last[0]}/variation").status_code == 200



def test_should_judge_a_variation_file_as_the_single_sku_call_does(jet):
    colour = [{"attribute_id": 1, "attribute_value": "Albania"}]
    products = {"VP": product_body(attributes_node_specific=colour), "VP2": product_body(attributes_node_specific=colour),
                "VC1": product_body(attributes_node_specific=colour), "VC2": product_body(brand="Other"),
                "VC3": product_body(attributes_node_specific=colour)}
    assert finished(jet, jet.upload_file("MerchantSKUs", products)["jet_file_id"])["status"] == "Processed successfully"
    bad = {"relationship": "Variation", "variation_refinements": [1], "children_skus": ["VC1", "VC2", "GHOST"]}
    good = {"relationship": "Variation", "variation_refinements": [1], "children_skus": ["VC3"]}
    single = errors_of(jet.put("/merchant-skus/VP/variation", bad))
    done = finished(jet, jet.upload_file("Variation", {"VP": bad, "VP2": good})["jet_file_id"])
    assert done["error_excerpt"] == [messages.FILE_SKU_ERROR.format(sku="VP", message=e) for e in single]
    assert len(single) == 3 and done["total_processed"] == 2
    # the refused variation was not stored: VP reads as any SKU without one (200, no children, since issue 16)
    assert jet.get("/merchant-skus/VP/variation").json()["children_skus"] == []
    assert jet.get("/merchant-skus/VP2/variation").json()["children_skus"] == [{"merchant_sku": "VC3"}]


def test_should_report_a_repeated_bad_body_for_every_sku_that_carries_it(jet):
    products = {name: product_body() for name in ("R1", "R2", "R3")}
    assert finished(jet, jet.upload_file("MerchantSKUs", products)["jet_file_id"])["status"] == "Processed successfully"
    node = jet.node
    bad_stock = {"fulfillment_nodes": [{"fulfillment_node_id": "NOT-MINE", "quantity": 1}]}
    good_stock = {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 4}]}
    prices = finished(jet, jet.upload_file("Price", {"R1": {"price": "1"}, "R2": {"price": 9.0},
                                                     "R3": {"price": "1"}})["jet_file_id"])
    stock = finished(jet, jet.upload_file("Inventory", {"R1": bad_stock, "R2": good_stock, "R3": bad_stock})["jet_file_id"])
    for done in (prices, stock):
        assert done["error_count"] == 2 and [e.split(":")[0] for e in done["error_excerpt"]] == ["R1", "R3"]
        assert done["error_excerpt"][0][len("R1"):] == done["error_excerpt"][1][len("R3"):]
    assert jet.get("/merchant-skus/R2/price").json()["price"] == 9.0
    assert jet.get("/merchant-skus/R2/inventory").json()["fulfillment_nodes"][0]["quantity"] == 4
    assert jet.get("/merchant-skus/R3/price").status_code == 404


def test_should_process_files_in_the_order_they_were_submitted_not_the_order_of_their_tokens(jet):
    def put(content: dict) -> str:
        token = jet.get("/files/uploadToken").json()
        blob = httpx.put(token["url"], content=gzip.compress(orjson.dumps(content)),
                         headers={"x-ms-blob-type": "BlockBlob"}, timeout=60)
        assert blob.status_code == 201, blob.text
        return token["url"]

    def submit(url: str, file_type: str) -> str:
        answer = jet.post("/files/uploaded", {"url": url, "file_type": file_type, "file_name": "f.json.gz"})
        assert answer.status_code == 200, answer.text
        return answer.json()["jet_file_id"]

    busy = [f"BUSY-{n}" for n in range(2000)]  # keeps the worker busy while the others are submitted
    late = [f"LATE-{n}" for n in range(50)]
    prices_url = put({name: {"price": 4.25} for name in late})  # its token is older than its products'
    busy_url = put({name: product_body() for name in busy})
    products_url = put({name: product_body() for name in late})
    ids = [submit(busy_url, "MerchantSKUs"), submit(products_url, "MerchantSKUs"), submit(prices_url, "Price")]
    results = [finished(jet, file_id) for file_id in ids]
    assert [(r["status"], r["error_count"]) for r in results] == [("Processed successfully", 0)] * 3, results
    assert jet.get(f"/merchant-skus/{late[-1]}/price").json()["price"] == 4.25
