"""The sandbox cannot be poisoned (issue 19 item 7): out-of-range values get Jet's 400 body and change nothing,
and unusable settings stop the server at start with one line naming them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import pytest

from tests.fixtures.sandbox import free_port
from tests.sandbox.helpers import errors_of, has_error


def test_should_refuse_a_price_beyond_any_amount_and_keep_serving_the_sku(jet):
    jet.listed_sku("OC28", price=12.5)
    response = jet.put("/merchant-skus/OC28/price", {"price": 1e27})
    assert errors_of(response) == ["price: must be at most 999999999999999999.99"]
    assert has_error(jet.put("/merchant-skus/OC28/price", {"price": 10.0, "fulfillment_nodes": [
        {"fulfillment_node_id": jet.node, "fulfillment_node_price": 10**30}]}), "fulfillment_nodes[0]")
    assert jet.get("/merchant-skus/OC28").json()["price"] == 12.5
    assert jet.get("/merchant-skus/OC28/price").status_code == 200
    assert jet.get("/portal/merchantskus").status_code == 200
    assert jet.post("/orders/generate/1", {}).status_code == 200


def test_should_refuse_an_inventory_beyond_a_dotnet_integer(jet):
    jet.listed_sku("S", quantity=3)
    body = {"fulfillment_nodes": [{"fulfillment_node_id": jet.node, "quantity": 2**31}]}
    assert errors_of(jet.patch("/merchant-skus/S/inventory", body)) == [
        "fulfillment_nodes[0].quantity: must be at most 2147483647"]
    body["fulfillment_nodes"][0]["quantity"] = 10**30  # beyond 64 bits: read as no JSON integer at all
    assert has_error(jet.patch("/merchant-skus/S/inventory", body), "fulfillment_nodes[0].quantity")
    assert jet.get("/merchant-skus/S/inventory").json()["fulfillment_nodes"][0]["quantity"] == 3


@pytest.mark.parametrize("seed", [{"a": 1}, [1], 1.5, True])
def test_should_refuse_a_generator_seed_that_is_no_integer_or_string(jet, seed):
    jet.listed_sku("S")
    assert has_error(jet.post("/orders/generate/1", {"seed": seed}), "seed")
    assert jet.post("/orders/generate/1", {"seed": "repeatable"}).status_code == 200


def test_should_refuse_a_generator_line_of_absurd_quantity(jet):
    jet.listed_sku("S")
    assert has_error(jet.post("/orders/generate/1", {"items": [{"sku": "S", "order_quantity": 10**30}]}),
                     "items[0].order_quantity")


@pytest.mark.parametrize("days", ["999999999", "9" * 5000, "36501"])
def test_should_refuse_a_settlement_look_back_out_of_range(jet, days):
    assert errors_of(jet.get(f"/settlement/{days}")) == ["days must be at most 36500"]
    assert jet.get("/settlement/36500").status_code == 200


def test_should_refuse_absurd_control_values(sandbox_server, jet):
    response = sandbox_server._http.put(f"/_sandbox/merchants/{jet.merchant.merchant_id}/controls",
                                        json={"rate_limit": "abc"})
    assert has_error(response, "rate_limit")
    response = sandbox_server._http.post(f"/_sandbox/merchants/{jet.merchant.merchant_id}/clock/advance",
                                         json={"seconds": 1e300})
    assert has_error(response, "seconds")
    assert jet.get("/merchant-skus").status_code == 200


def start_with(settings: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JETCART_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update({"JETCART_DATA_DIR": tempfile.mkdtemp(prefix="jetcart-sandbox-bad-"), **settings})
    return subprocess.run([sys.executable, "-m", "jetcart", "sandbox", "--port", str(free_port())], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("name", "value"), [
    ("JETCART_SANDBOX_FAULTS", "500=abc"),
    ("JETCART_SANDBOX_RATE_LIMIT", "abc"),
    ("JETCART_SANDBOX_TOKEN_HOURS", "zz"),
    ("JETCART_SANDBOX_TOKEN_HOURS", "1e300"),
    ("JETCART_SANDBOX_NODE_PATH", "sideways"),
    ("JETCART_SANDBOX_PUBLIC_URL", "merchant-api.jet.com"),
])
def test_should_refuse_to_start_with_an_unusable_setting(name, value):
    result = start_with({name: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0] and value in lines[0], result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_should_name_every_unusable_setting_in_one_line():
    result = start_with({"JETCART_SANDBOX_FAULTS": "500=abc", "JETCART_SANDBOX_RATE_LIMIT": "abc",
                         "JETCART_SANDBOX_TOKEN_HOURS": "zz"})
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert all(name in line for name in ("JETCART_SANDBOX_FAULTS", "JETCART_SANDBOX_RATE_LIMIT",
                                         "JETCART_SANDBOX_TOKEN_HOURS"))


@pytest.mark.parametrize("path", [
    "/merchant-skus?offset=" + "9" * 5000, "/merchant-skus?limit=99999999999999999999",
    "/merchant-skus/bystatus/Archived/99999999999999999999/1", "/portal/merchantskus?from=" + "9" * 30,
    "/taxonomy/links/v1?offset=" + "9" * 5000, "/orders/generate/" + "9" * 5000,
])
def test_should_refuse_path_and_query_numbers_beyond_a_billion(jet, path):
    response = jet.post(path, {}) if "generate" in path else jet.get(path)
    assert response.status_code == 400 and response.json()["errors"], response.text


def test_should_answer_404_for_an_absurd_node_id_and_400_for_an_absurd_tag(jet):
    assert jet.get("/taxonomy/nodes/" + "9" * 5000).status_code == 404
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    assert has_error(jet.put(f"/orders/{order['merchant_order_id']}/tag", {"tag": "x" * 101}), "tag")
