"""Client behaviour on a mocked transport: tokens, retries only where safe, typed errors, redacted logs."""

import logging
import random
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from jetcart.jet import (
    JetBadRequest,
    JetConnectionError,
    JetNotFound,
    JetOutcomeUnknown,
    JetRateLimited,
    JetResponseInvalid,
    JetServerError,
    JetTimeout,
    JetUnauthorized,
    JetValidationError,
)
from jetcart.jet.retry import RetryPolicy, parse_retry_after
from tests.jet.fake_jet import FakeJet, make_client

ORDER_ID = "9b13bdd68c314d1b9c8b93277dea4da1"
ACK = {
    "acknowledgement_status": "accepted",
    "order_items": [
        {
            "order_item_id": "8f5ae15b6b414b00a1b9d6ad99166a00",
            "order_item_acknowledgement_status": "fulfillable",
        }
    ],
}


def test_token_is_fetched_once_and_reused():
    fake = FakeJet()
    client, _ = make_client(fake)
    client.products.put_price("SKU-1", {"price": 10})
    client.products.put_price("SKU-2", {"price": 11})
    assert fake.tokens_issued == 1
    assert all(r.headers["authorization"] == "Bearer tok-1" for r in fake.requests[1:])
    assert fake.calls("POST", "/api/token")[0].content == b'{"user":"api-user","pass":"s3cret-pass"}'


def test_token_is_refreshed_ahead_of_expires_on():
    now = [datetime(2026, 1, 1, tzinfo=UTC)]
    fake = FakeJet(now=lambda: now[0])
    client, _ = make_client(fake, clock=lambda: now[0].timestamp())
    client.authenticate()
    now[0] += timedelta(hours=8, minutes=59)
    client.authenticate()
    assert fake.tokens_issued == 1
    now[0] += timedelta(minutes=2)  # 9h01: within the hour before the 10 h expiry
    client.authenticate()
    assert fake.tokens_issued == 2


def test_a_token_without_expires_on_is_kept_ten_hours():
    fake = FakeJet()
    fake.script(
        "POST", "/api/token", httpx.Response(200, json={"id_token": "tok-old", "token_type": "bearer"})
    )
    fake.valid_tokens.add("tok-old")
    clock = [1000.0]
    client, _ = make_client(fake, clock=lambda: clock[0])
    client.products.put_price("SKU-1", {"price": 1})
    assert fake.requests[-1].headers["authorization"] == "Bearer tok-old"
    clock[0] += 8.9 * 3600
    client.authenticate()
    assert len(fake.calls("POST", "/api/token")) == 1
    clock[0] += 0.2 * 3600
    client.authenticate()
    assert len(fake.calls("POST", "/api/token")) == 2


def test_a_401_refreshes_the_token_once_and_repeats_the_call():
    fake = FakeJet()
    client, _ = make_client(fake)
    client.authenticate()
    fake.valid_tokens.clear()  # Jet forgets the token
    client.orders.acknowledge(ORDER_ID, ACK)
    assert fake.tokens_issued == 2
    acks = fake.calls("PUT", f"/api/orders/{ORDER_ID}/acknowledge")
    assert [r.headers["authorization"] for r in acks] == ["Bearer tok-1", "Bearer tok-2"]


def test_a_second_401_is_raised():
    fake = FakeJet()
    denied = httpx.Response(401, json={"Message": "Authorization has been denied for this request."})
    fake.script("GET", "/api/orders/ready", denied, denied)
    client, _ = make_client(fake)
    with pytest.raises(JetUnauthorized) as caught:
        client.orders.list("ready")
    assert caught.value.errors == ["Authorization has been denied for this request."]
    assert caught.value.request.path == "/orders/ready"


def test_bad_credentials_raise_unauthorized():
    fake = FakeJet()
    client, _ = make_client(fake)
    client._secret = "wrong"
    with pytest.raises(JetUnauthorized) as caught:
        client.authenticate()
    assert caught.value.status_code == 400
    assert caught.value.errors == ["Bad Request"]


def test_safe_calls_are_retried_on_5xx_timeouts_and_dropped_connections():
    fake = FakeJet()
    request = httpx.Request("GET", "https://jet.test/api/merchant-skus/A/price")
    fake.script(
        "GET",
        "/api/merchant-skus/A/price",
        httpx.Response(503, json={"errors": ["busy"]}),
        httpx.ReadTimeout("slow", request=request),
        httpx.RemoteProtocolError("dropped", request=request),
        httpx.Response(200, json={"price": 38.0, "fulfillment_nodes": []}),
    )
    client, sleeps = make_client(fake, rng=random.Random(1))
    assert str(client.products.get_price("A").price) == "38.0"
    assert len(sleeps) == 3
    assert 0.375 <= sleeps[0] <= 0.5 and 0.75 <= sleeps[1] <= 1.0 and 1.5 <= sleeps[2] <= 2.0


def test_retries_stop_after_max_retries():
    fake = FakeJet()
    fake.default("GET", "/api/orders/ready", httpx.Response(500, json={"errors": ["boom"]}))
    client, sleeps = make_client(fake, max_retries=2)
    with pytest.raises(JetServerError) as caught:
        client.orders.list("ready")
    assert len(fake.calls("GET", "/api/orders/ready")) == 3
    assert caught.value.request.attempt == 3
    assert len(sleeps) == 2


def test_429_honours_retry_after_and_defaults_to_five_seconds():
    fake = FakeJet()
    fake.script(
        "GET",
        "/api/orders/ready",
        httpx.Response(429, headers={"Retry-After": "2"}, json={"errors": ["Too Many Requests"]}),
        httpx.Response(429, json={"errors": ["Too Many Requests"]}),
        httpx.Response(200, json={"order_urls": [f"/orders/withoutShipmentDetail/{ORDER_ID}"]}),
    )
    client, sleeps = make_client(fake)
    assert client.orders.list("ready") == [ORDER_ID]
    assert sleeps == [2.0, 5.0]


def test_429_beyond_patience_is_raised_with_retry_after():
    fake = FakeJet()
    fake.default("GET", "/api/orders/ready", httpx.Response(429, headers={"Retry-After": "600"}))
    client, sleeps = make_client(fake)
    with pytest.raises(JetRateLimited) as caught:
        client.orders.list("ready")
    assert caught.value.retry_after == 600
    assert sleeps == []


@pytest.mark.parametrize(
    "failure",
    [
        httpx.Response(502, json={"errors": ["bad gateway"]}),
        httpx.ReadTimeout("slow"),
        httpx.RemoteProtocolError("dropped"),
    ],
)
def test_state_changes_are_not_repeated_and_say_outcome_unknown(failure):
    fake = FakeJet()
    fake.script("PUT", f"/api/orders/{ORDER_ID}/acknowledge", failure)
    client, sleeps = make_client(fake)
    with pytest.raises(JetOutcomeUnknown) as caught:
        client.orders.acknowledge(ORDER_ID, ACK)
    assert len(fake.calls("PUT", f"/api/orders/{ORDER_ID}/acknowledge")) == 1
    assert caught.value.request.idempotent is False
    assert "read it back" in str(caught.value)
    assert isinstance(caught.value.cause, JetServerError | JetTimeout | JetConnectionError)


def test_a_state_change_that_never_connected_is_repeated():
    fake = FakeJet()
    fake.script("PUT", f"/api/orders/{ORDER_ID}/shipped", httpx.ConnectError("refused"))
    client, _ = make_client(fake)
    notice = {"shipments": [{"alt_shipment_id": "S1", "shipment_items": [
        {"merchant_sku": "SKU-1", "response_shipment_sku_quantity": 0, "response_shipment_cancel_qty": 1}]}]}  # fmt: skip
    client.orders.shipped(ORDER_ID, notice)
    assert len(fake.calls("PUT", f"/api/orders/{ORDER_ID}/shipped")) == 2


def test_errors_map_status_to_type_with_jet_messages():
    fake = FakeJet()
    fake.script("GET", "/api/merchant-skus/NOPE", httpx.Response(404, json={"errors": ["SKU not found"]}))
    fake.script(
        "PUT", "/api/merchant-skus/BAD/price", httpx.Response(400, json={"error": "price is invalid"})
    )
    client, _ = make_client(fake)
    with pytest.raises(JetNotFound) as missing:
        client.products.get("NOPE")
    assert missing.value.errors == ["SKU not found"] and missing.value.status_code == 404
    assert str(missing.value.request) == "GET /merchant-skus/NOPE"
    with pytest.raises(JetBadRequest) as bad:
        client.products.put_price("BAD", {"price": 1})
    assert bad.value.errors == ["price is invalid"]


def test_invalid_payload_raises_before_anything_is_sent():
    fake = FakeJet()
    client, _ = make_client(fake)
    with pytest.raises(JetValidationError) as caught:
        client.products.put("SKU-1", {"product_title": "abc", "jet_browse_node_id": "12"})
    assert {p.path for p in caught.value.problems} == {
        "product_title",
        "jet_browse_node_id",
        "standard_product_codes",
    }
    assert str(caught.value.request) == "PUT /merchant-skus/SKU-1" and caught.value.request.attempt == 0
    assert fake.requests == []


def test_any_2xx_with_empty_or_json_body_is_success():
    fake = FakeJet()
    fake.script("PUT", "/api/merchant-skus/A", httpx.Response(201))
    fake.script("PUT", "/api/merchant-skus/B", httpx.Response(200, json={"ok": True}))
    fake.script("PUT", "/api/merchant-skus/C", httpx.Response(202, content=b"  "))
    client, _ = make_client(fake)
    for sku in "ABC":
        client.products.put(sku, {"ASIN": "B00ABCDEFG"})  # no JetError raised for any of the three answers
    sent = [r.url.path for r in fake.requests if r.method == "PUT"]
    assert sent == ["/api/merchant-skus/A", "/api/merchant-skus/B", "/api/merchant-skus/C"]  # each sent once


def test_skus_are_escaped_in_paths():
    fake = FakeJet()
    client, _ = make_client(fake)
    client.products.put_price("A B#1?%", {"price": 1})
    assert fake.requests[-1].url.raw_path == b"/api/merchant-skus/A%20B%231%3F%25/price"
    sent = len(fake.requests)
    with pytest.raises(JetValidationError):
        client.products.put_price("A/B", {"price": 1})
    assert len(fake.requests) == sent


def test_list_urls_with_or_without_leading_slash():
    fake = FakeJet()
    fake.script(
        "GET",
        "/api/merchant-skus",
        httpx.Response(200, json={"sku_urls": ["merchant-skus/a", "/merchant-skus/b%2Fc"]}),
    )
    fake.script("GET", "/api/refunds/created", httpx.Response(200, json={"sku_urls": ["/refunds/state/r1"]}))
    client, _ = make_client(fake)
    assert client.products.list() == ["a", "b/c"]
    assert client.refunds.list("created") == ["r1"]


def test_response_models_are_tolerant_but_strict_mode_refuses_unknown_fields():
    from jetcart.jet.models import strict_responses

    fake = FakeJet()
    order = {"merchant_order_id": ORDER_ID, "status": "ready", "jet_requested_directed_cancel": 1,
             "order_placed_date": "2016-04-06T17:25:06.4214060Z", "order_detail": {"request_ship_by": "garbage"},
             "shipments": [{"response_shipping_method": "UPS Ground", "shipment_items": []}], "surprise": 1}  # fmt: skip
    fake.default("GET", f"/api/orders/withoutShipmentDetail/{ORDER_ID}", httpx.Response(200, json=order))
    client, _ = make_client(fake)
    parsed = client.orders.get(ORDER_ID)
    assert parsed.jet_request_directed_cancel is True
    assert parsed.order_placed_date == datetime(2016, 4, 6, 17, 25, 6, 421406, tzinfo=UTC)
    assert parsed.order_detail.request_ship_by == "garbage"
    assert parsed.shipments[0].response_shipment_method == "UPS Ground"
    with strict_responses(), pytest.raises(JetResponseInvalid):
        client.orders.get(ORDER_ID)


def test_logs_never_show_the_secret_or_the_token(caplog):
    fake = FakeJet()
    fake.script("GET", "/api/orders/ready", httpx.Response(500), httpx.Response(200, json={"order_urls": []}))
    client, _ = make_client(fake)
    with caplog.at_level(logging.DEBUG, logger="jetcart.jet.transport"):
        client.orders.list("ready")
        client.files.put_blob("https://blob.test/x?sv=1&sig=SIGNATURE&se=2", b"gz")
        logging.getLogger("jetcart.jet.transport").info("header Authorization: Bearer tok-1 pass=s3cret-pass")
    text = caplog.text
    assert "GET /orders/ready → 500" in text
    assert "s3cret-pass" not in text and "tok-1" not in text and "SIGNATURE" not in text
    assert "s3cret-pass" not in repr(client) and "tok-1" not in repr(client.tokens.current())


def test_retry_policy_pure_functions():
    policy = RetryPolicy(max_retries=3, initial_backoff=0.5, max_backoff=8.0, jitter=0.0)
    assert [policy.backoff(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert policy.should_retry_status(503, 3) and not policy.should_retry_status(503, 4)
    assert not policy.should_retry_status(400, 1)
    assert policy.wait_for(1, status_code=429) == 5.0
    assert policy.wait_for(1, status_code=429, retry_after=1.5) == 1.5
    assert policy.wait_for(1, status_code=429, retry_after=61) is None
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert parse_retry_after("nonsense") is None and parse_retry_after(None) is None


@pytest.mark.parametrize(
    "answer, problem",
    [
        (httpx.Response(200, text="<html><body>Service Unavailable</body></html>",
                        headers={"Content-Type": "text/html"}), "got text '<html><body>Service Unavailable"),
        (httpx.Response(200, json={"order_urls": "notalist"}), "expected a list of URLs, got text 'notalist'"),
        (httpx.Response(200, json={"order_urls": ["/orders/withoutShipmentDetail/a", 7]}), "got an item int 7"),
        (httpx.Response(200, json=42), "got int 42"),
    ],
    ids=["html-page", "string-not-list", "item-not-url", "number"],
)
def test_a_list_answer_that_is_not_a_list_of_urls_is_a_typed_error_and_never_iterated(answer, problem):
    # Mocked transport (httpx.MockTransport through FakeJet): the sandbox does not answer such bodies.
    fake = FakeJet()
    fake.script("GET", "/api/orders/ready", answer)
    client, _ = make_client(fake)
    with pytest.raises(JetResponseInvalid, match="GET /orders/ready: unexpected list answer") as caught:
        client.orders.list("ready")
    assert problem in str(caught.value)
    assert [r.url.path for r in fake.requests if "withoutShipmentDetail" in r.url.path] == []
