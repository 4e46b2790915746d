"""Transport contract: tokens, 401s, path handling, error shapes, rate limits and fault injection."""

from __future__ import annotations

import base64

import httpx
import orjson
import pytest

from jetcart.sandbox import messages
from tests.sandbox.helpers import JetSession, errors_of


def test_should_issue_a_ten_hour_bearer_token(sandbox_server, jet_merchant):
    response = httpx.post(f"{sandbox_server.base_url}/token",
                          json={"user": jet_merchant.user, "pass": jet_merchant.secret})
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_on"].endswith("Z") and len(body["expires_on"]) == 20
    claims = orjson.loads(base64.urlsafe_b64decode(body["id_token"].split(".")[1] + "=="))
    assert claims["exp"] - claims["nbf"] == 36000
    assert claims["merchant_id"] == jet_merchant.merchant_id
    assert claims["is_sandbox_uid"] == "True"


@pytest.mark.parametrize("payload", [
    {"user": "nobody", "pass": "x"}, {"user": None, "pass": None}, {}, "not an object",
])
def test_should_refuse_bad_credentials_with_400_bad_request(sandbox_server, jet_merchant, payload):
    response = httpx.post(f"{sandbox_server.base_url}/token", json=payload)
    assert errors_of(response) == [messages.BAD_REQUEST]


def test_should_refuse_a_wrong_secret(sandbox_server, jet_merchant):
    response = httpx.post(f"{sandbox_server.base_url}/token", json={"user": jet_merchant.user, "pass": "wrong"})
    assert errors_of(response) == [messages.BAD_REQUEST]


def test_should_accept_live_keys_and_mark_the_token_live(sandbox_server, jet_merchant):
    token = sandbox_server.token(jet_merchant, live=True)
    claims = orjson.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["is_sandbox_uid"] == "False"
    live = JetSession(sandbox_server, jet_merchant, live=True)
    assert live.get("/authcheck").json() == messages.AUTHORIZED
    assert errors_of(live.post("/orders/generate/1", {}), 403) == [messages.GENERATE_LIVE]
    assert errors_of(live.get("/returns/generate/0123"), 403) == [messages.GENERATE_LIVE]


@pytest.mark.parametrize("header", [None, "Bearer", "Basic abc", "Bearer not.a.token", "Bearer a.b"])
def test_should_answer_401_in_aspnet_form_without_a_valid_token(sandbox_server, header):
    headers = {"Authorization": header} if header else {}
    response = httpx.get(f"{sandbox_server.base_url}/authcheck", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"Message": messages.UNAUTHORIZED}


def test_should_accept_lowercase_bearer(sandbox_server, jet_merchant):
    token = sandbox_server.token(jet_merchant)
    response = httpx.get(f"{sandbox_server.base_url}/authcheck", headers={"Authorization": f"bearer {token}"})
    assert response.json() == messages.AUTHORIZED


def test_should_expire_tokens_after_ten_hours_of_sandbox_time(sandbox_server, jet_merchant):
    jet = JetSession(sandbox_server, jet_merchant)
    sandbox_server.advance_clock(jet_merchant, 9.9 * 3600)
    assert jet.get("/authcheck").status_code == 200
    sandbox_server.advance_clock(jet_merchant, 0.2 * 3600)
    assert jet.get("/authcheck").json() == {"Message": messages.UNAUTHORIZED}


def test_should_reject_a_token_with_a_forged_signature(sandbox_server, jet_merchant):
    header, payload, _signature = sandbox_server.token(jet_merchant).split(".")
    response = httpx.get(f"{sandbox_server.base_url}/authcheck", headers={"Authorization": f"Bearer {header}.{payload}.AAAA"})
    assert response.status_code == 401


@pytest.mark.parametrize("path", ["/Token", "/TOKEN/", "/token/"])
def test_should_route_paths_case_insensitively_with_trailing_slash(sandbox_server, jet_merchant, path):
    response = httpx.post(f"{sandbox_server.base_url}{path}", json={"user": jet_merchant.user, "pass": jet_merchant.secret})
    assert response.status_code == 200


def test_should_decode_url_encoded_skus(jet):
    assert jet.product("a%20b%2Bc").status_code == 201
    assert jet.get("/MERCHANT-SKUS/a%20b%2Bc/").json()["merchant_sku"] == "a b+c"
    assert jet.get("/merchant-skus?limit=5").json() == {"sku_urls": ["merchant-skus/a%20b%2Bc"]}


def test_should_keep_an_encoded_slash_inside_one_sku(jet):
    assert jet.product("box%2F12").status_code == 201
    assert jet.put("/merchant-skus/box%2F12/price", {"price": 3.0}).status_code == 204
    assert jet.get("/merchant-skus/box%2F12").json()["merchant_sku"] == "box/12"
    assert jet.get("/merchant-skus?limit=5").json() == {"sku_urls": ["merchant-skus/box%2F12"]}


def test_should_answer_404_for_unknown_routes_and_405_for_wrong_methods(jet):
    assert errors_of(jet.get("/no/such/thing"), 404) == [messages.NOT_FOUND_ROUTE.format(path="/no/such/thing")]
    assert errors_of(jet.http.delete("/authcheck"), 405) == [messages.METHOD_NOT_ALLOWED.format(method="DELETE")]


def test_should_refuse_bodies_that_are_not_json(jet):
    response = jet.http.put("/merchant-skus/x", content=b"{not json", headers={"Content-Type": "application/json"})
    assert errors_of(response) == [messages.INVALID_JSON]
    assert errors_of(jet.put("/merchant-skus/x", [1, 2])) == [messages.BODY_NOT_OBJECT]


def test_should_not_apply_csrf_to_the_api(sandbox_server, jet_merchant):
    response = httpx.post(f"{sandbox_server.base_url}/token", json={"user": jet_merchant.user, "pass": jet_merchant.secret},
                          headers={"Origin": "http://evil.example", "Cookie": "csrftoken=abc"})
    assert response.status_code == 200


def test_should_answer_api_calls_with_every_answers_headers_and_still_serve_the_portal_pages(sandbox_server, jet):
    # API calls skip the page middleware in the standalone server (transport/api_first.py); answers stay whole
    for response in (jet.get("/taxonomy/nodes/4000188"), jet.get("/taxonomy/nodes/1")):
        assert response.status_code in (200, 404)
        assert response.headers["Content-Length"] == str(len(response.content))
        assert "Transfer-Encoding" not in response.headers
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'self'" in response.headers["Content-Security-Policy"]
        assert "Set-Cookie" not in response.headers
    portal = httpx.get(f"{sandbox_server.base_url}/portal/")
    assert portal.status_code == 200 and portal.headers["Content-Type"].startswith("text/html")
    assert "Jet partner portal" in portal.text and portal.headers["X-Frame-Options"] == "DENY"


def test_should_throttle_with_429_and_retry_after(sandbox_server, jet_merchant):
    jet = JetSession(sandbox_server, jet_merchant)
    sandbox_server.set_controls(jet_merchant, rate_limit=0.5, rate_burst=2)
    statuses = [jet.get("/authcheck") for _ in range(4)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, [r.status_code for r in statuses]
    assert limited[0].json() == {"errors": [messages.TOO_MANY_REQUESTS]}
    assert int(limited[0].headers["Retry-After"]) >= 1
    sandbox_server.clear_controls(jet_merchant)
    assert jet.get("/authcheck").status_code == 200


@pytest.mark.parametrize(("kind", "status", "message"), [
    ("500", 500, messages.INTERNAL_ERROR), ("503", 503, messages.SERVICE_UNAVAILABLE),
    ("429", 429, messages.TOO_MANY_REQUESTS),
])
def test_should_inject_server_faults(sandbox_server, jet_merchant, kind, status, message):
    jet = JetSession(sandbox_server, jet_merchant)
    sandbox_server.set_controls(jet_merchant, faults={kind: 1.0})
    response = jet.get("/authcheck")
    assert errors_of(response, status) == [message]
    sandbox_server.clear_controls(jet_merchant)
    assert jet.get("/authcheck").status_code == 200


def test_should_drop_connections_when_asked(sandbox_server, jet_merchant):
    jet = JetSession(sandbox_server, jet_merchant)
    sandbox_server.set_controls(jet_merchant, faults={"drop": 1.0})
    with pytest.raises(httpx.TransportError):
        jet.get("/authcheck")


def test_should_slow_responses_when_asked(sandbox_server, jet_merchant):
    jet = JetSession(sandbox_server, jet_merchant)
    sandbox_server.set_controls(jet_merchant, faults={"slow": 1.0}, slow_seconds=0.5)
    response = jet.get("/authcheck")
    assert response.status_code == 200
    assert response.elapsed.total_seconds() >= 0.5


def test_should_repeat_the_same_faults_for_the_same_seed(sandbox_server, jet_merchant):
    jet = JetSession(sandbox_server, jet_merchant)

    def run() -> list[int]:
        sandbox_server.set_controls(jet_merchant, faults={"503": 0.5}, fault_seed="s1")
        return [jet.get("/authcheck").status_code for _ in range(12)]

    first, second = run(), run()
    assert first == second
    assert {200, 503} <= set(first)


def test_should_refuse_unknown_controls(sandbox_server, jet_merchant):
    response = httpx.put(f"{sandbox_server.base_url}/_sandbox/merchants/{jet_merchant.merchant_id}/controls",
                         json={"nonsense": 1})
    assert response.status_code == 400
    response = httpx.put(f"{sandbox_server.base_url}/_sandbox/merchants/{jet_merchant.merchant_id}/controls",
                         json={"faults": {"418": 0.5}})
    assert response.status_code == 400


def test_should_run_the_clock_faster_when_asked(sandbox_server, jet_merchant):
    import time

    from jetcart.jet.timestamps import parse_jet_datetime

    clock = f"{sandbox_server.base_url}/_sandbox/merchants/{jet_merchant.merchant_id}/clock"
    speed = f"{sandbox_server.base_url}/_sandbox/clock/speed"
    assert httpx.post(speed, json={"speed": 0}).status_code == 400
    before = parse_jet_datetime(httpx.get(clock).json()["now"])
    assert httpx.post(speed, json={"speed": 3600}).json() == {"speed": 3600.0}
    try:
        time.sleep(0.3)
    finally:
        httpx.post(speed, json={"speed": 1})
    after = parse_jet_datetime(httpx.get(clock).json()["now"])
    assert (after - before).total_seconds() > 600
    assert httpx.post(f"{sandbox_server.base_url}/_sandbox/limits/reset").json() == {"reset": True}
