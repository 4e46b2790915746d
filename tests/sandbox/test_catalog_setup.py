"""Taxonomy, fulfillment-node and portal API paths, settlement and reports."""

from __future__ import annotations

import time

import httpx

from jetcart.sandbox import messages
from tests.sandbox.helpers import errors_of, has_error


def test_should_page_taxonomy_links_over_all_5340_nodes(jet):
    first = jet.get("/taxonomy/links/v1?offset=0&limit=1000").json()["node_urls"]
    assert len(first) == 1000 and first[0].startswith("/taxonomy/nodes/")
    total, offset = 0, 0
    while True:
        page = jet.get(f"/taxonomy/links/1.03?offset={offset}&limit=1000").json()["node_urls"]
        total += len(page)
        if len(page) < 1000:
            break
        offset += 1000
    assert total == 5340
    assert errors_of(jet.get("/taxonomy/links/v1?limit=1001")) == [messages.LIMIT_TOO_LARGE.format(maximum=1000)]
    assert has_error(jet.get("/taxonomy/links/v1?offset=x"), "offset")


def test_should_serve_a_node_and_its_attributes(jet):
    node = jet.get("/taxonomy/nodes/4000188").json()
    assert node["jet_node_name"] == "Turbocharger" and node["parent_id"] == 4000157 and node["jet_level"] == 2
    assert node["jet_node_path"].split("/")[-1] == "Turbocharger"  # root-first since issue 16 (§7.2)
    assert node["suggested_tax_code"] == "Generic Taxable Product"
    attributes = jet.get("/taxonomy/nodes/4000188/attributes").json()["attributes"]
    assert attributes and {"attribute_id", "attribute_description", "free_text", "variant", "values", "units"} <= set(attributes[0])
    assert errors_of(jet.get("/taxonomy/nodes/123"), 404) == [messages.NODE_NOT_FOUND.format(node_id="123")]
    assert errors_of(jet.get("/taxonomy/nodes/123/attributes"), 404)


def test_should_serve_fulfillment_nodes_in_every_path_family(jet):
    node = jet.node
    assert jet.get("/fulfillmentnodesbymerchantid").json()[0]["FulfillmentNodeId"] == node
    assert jet.get("/setup/fulfillmentNodes").json()["fulfillment_nodes"][0]["fulfillment_node_id"] == node
    assert jet.get("/fulfillment-nodes").json() == {"fulfillment_nodes": [f"/fulfillment-nodes/{node}"]}
    assert jet.get(f"/fulfillment-nodes/{node}").json()["zip_code"] == "07030"
    assert errors_of(jet.get("/fulfillment-nodes/elsewhere"), 404)
    locations = jet.get("/setup/returnsLocations").json()["return_locations"]
    assert locations[0]["return_location_id"] == jet.merchant.return_location_id


def test_should_serve_the_portal_api_calls(jet):
    jet.listed_sku("S")
    jet.product("M", main_image_url=None)
    listed = jet.get("/portal/merchantskus?from=0&size=10&statuses=Available+for+Purchase").json()["merchant_skus"]
    assert [row["merchant_sku"] for row in listed] == ["S"]
    assert len(jet.get("/portal/merchantskus/export").json()["merchant_skus"]) == 2
    status = jet.get("/portal/merchantsetupstatus/").json()
    assert status["products"] and status["price"] and status["inventory"] and not status["orders"]
    assert jet.get("/portal/returnssetup/").json()["return_locations"]
    assert has_error(jet.get("/portal/merchantskus?from=x"), "from")


def test_should_settle_shipped_orders_weekly(jet):
    jet.listed_sku("S", price=10.0)
    order = jet.order([{"sku": "S", "order_quantity": 2}])
    jet.acknowledge(order)
    jet.ship(order, "S", 2)
    urls = jet.get("/settlement/7").json()["settlement_report_urls"]
    assert len(urls) == 1
    report = jet.get(urls[0]).json()
    assert report["order_balance_details"]["merchant_price"] == 20.0
    assert report["settlement_value"] == 20.0 + report["order_balance_details"]["jet_variable_commission"]
    assert report["settlement_state"] in ("Submitted", "Paid")
    assert jet.get(urls[0] + "/orders").json()["orders"][0]["quantity"] == 2
    assert jet.get(urls[0] + "/returns").json() == {"returns": []}
    assert errors_of(jet.get("/settlement/0")) == [messages.SETTLEMENT_DAYS]
    assert errors_of(jet.get(f"/settlement/report/{'0' * 32}"), 404)


def test_should_prepare_reports(sandbox_server, jet):
    sandbox_server.set_controls(jet.merchant, report_delay=30)
    jet.product("S")
    report_id = jet.post("/reports/ProductStatus").json()["report_id"]
    state = jet.get(f"/reports/state/{report_id}").json()
    assert state["report_status"] == "Requested" and state["report_url"] is None
    sandbox_server.advance_clock(jet.merchant, 31)
    state = jet.get(f"/reports/state/{report_id}").json()
    assert state["report_status"] == "Ready"
    rows = httpx.get(state["report_url"]).json()
    assert rows == [{"merchant_sku": "S", "status": "Missing Listing Data", "sub_status": ["Missing price"]}]
    assert errors_of(jet.post("/reports/Gossip")) == [messages.REPORT_TYPE.format(
        choices="ProductStatus, SalesData, SettlementDetails")]
    assert errors_of(jet.get(f"/reports/state/{'0' * 32}"), 404)
    assert jet.post("/reports/SalesData").status_code == 200
    assert jet.post("/reports/SettlementDetails").status_code == 200


def test_should_keep_merchants_apart(sandbox_server, jet):
    from tests.sandbox.helpers import JetSession

    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    other = JetSession(sandbox_server, sandbox_server.new_merchant())
    assert other.get("/merchant-skus/S").status_code == 404
    assert other.get(f"/orders/withoutShipmentDetail/{order['merchant_order_id']}").status_code == 404
    assert other.get("/orders/ready").json() == {"order_urls": []}


def test_should_hide_the_control_api_unless_enabled():
    from tests.fixtures.sandbox import start_sandbox, stop_sandbox

    server = start_sandbox({"JETCART_SANDBOX_CONTROL": "0"})
    try:
        assert httpx.post(f"{server.base_url}/_sandbox/merchants").status_code == 404
    finally:
        stop_sandbox(server)
    time.sleep(0)
