"""The client against the real sandbox: orders, returns, refunds, settlement and reports, check-before-repeat."""

import pytest

from jetcart.jet import JetBadRequest, JetClient, JetForbidden
from jetcart.jet.reconcile import Applied, acknowledge_order, complete_return, create_refund, ship_order


def generate(client, node, quantity=1, cancel=0):
    (order_id,) = client.orders.generate(1, {"fulfillment_node": node, "items": [
        {"sku": "test_product", "order_quantity": quantity, "order_cancel_quantity": cancel}]})  # fmt: skip
    return order_id


def accept(order):
    return {"acknowledgement_status": "accepted", "alt_order_id": f"SO-{order.reference_order_id}",
            "order_items": [{"order_item_id": line.order_item_id, "order_item_acknowledgement_status": "fulfillable",
                             "alt_order_item_id": f"L{n}"} for n, line in enumerate(order.order_items)]}  # fmt: skip


def shipment(order, alt_id, ship, cancel=0):
    line = order.order_items[0]
    return {"shipments": [{
        "alt_shipment_id": alt_id, "shipment_tracking_number": f"1Z{alt_id}", "carrier": "UPS",
        "response_shipment_method": "UPS Ground", "ship_from_zip_code": "07030",
        "response_shipment_date": "2026-01-01T12:00:00.0000000-07:00",
        "expected_delivery_date": "2026-01-05T12:00:00.0000000-07:00",
        "carrier_pick_up_date": "2026-01-01T12:00:00.0000000-07:00",
        "shipment_items": [{"merchant_sku": line.merchant_sku, "response_shipment_sku_quantity": ship,
                            "response_shipment_cancel_qty": cancel, "RMA_number": "RMA-1", "days_to_return": 30,
                            "return_location": {"address1": "1 Main St", "city": "Hoboken", "state": "NJ",
                                                "zip_code": "07030"}}]}]}  # fmt: skip


def test_order_life_cycle_acknowledge_tag_ship_in_two_parts(client, jet_merchant, listed_sku):
    node = jet_merchant.fulfillment_node_id
    order_id = generate(client, node, quantity=2)
    assert order_id in client.orders.list("ready")
    assert order_id in client.orders.list("ready", is_cancelled=False, fulfillment_node=node)
    order = client.orders.get(order_id)
    assert order.status == "ready" and order.order_items[0].request_order_quantity == 2
    client.orders.acknowledge(order_id, accept(order))
    assert client.orders.get(order_id).status == "acknowledged"
    with pytest.raises(JetBadRequest) as again:
        client.orders.acknowledge(order_id, accept(order))
    assert again.value.errors
    client.orders.tag(order_id, "batch-7")
    assert client.orders.list_by_tag("acknowledged", "batch-7", include=True) == [order_id]
    assert order_id not in client.orders.list_by_tag("acknowledged", "batch-7", include=False)
    client.orders.shipped(order_id, shipment(order, "S1", ship=1))
    assert client.orders.get(order_id).status == "inprogress"
    client.orders.shipped(order_id, shipment(order, "S2", ship=1))
    final = client.orders.get(order_id)
    assert final.status == "complete" and final.units_accounted() == {listed_sku: 2}
    assert {s.alt_shipment_id for s in final.shipments} == {"S1", "S2"}
    assert order_id in client.orders.list("complete")


def test_cancel_only_shipment_and_directed_cancel(sandbox_server, client, jet_merchant, listed_sku):
    node = jet_merchant.fulfillment_node_id
    order_id = generate(client, node, quantity=0, cancel=1)
    order = client.orders.get(order_id)
    assert order.order_items[0].request_order_cancel_qty == 1
    client.orders.shipped(order_id, {"shipments": [{"alt_shipment_id": "C1", "shipment_items": [
        {"merchant_sku": listed_sku, "response_shipment_sku_quantity": 0, "response_shipment_cancel_qty": 1}]}]})  # fmt: skip
    assert client.orders.get(order_id).status == "complete"

    directed = generate(client, node, quantity=2)
    order = client.orders.get(directed)
    client.orders.acknowledge(directed, accept(order))
    sandbox_server.directed_cancel(jet_merchant, directed, {order.order_items[0].order_item_id: 1})
    assert client.orders.directed_cancel() == [directed]
    flagged = client.orders.get(directed)
    assert flagged.jet_request_directed_cancel and flagged.order_items[0].request_order_cancel_qty == 1


def test_check_before_repeat_helpers_do_not_send_twice(client, jet_merchant, listed_sku):
    order_id = generate(client, jet_merchant.fulfillment_node_id)
    order = client.orders.get(order_id)
    assert acknowledge_order(client, order_id, accept(order)) is Applied.SENT
    assert acknowledge_order(client, order_id, accept(order)) is Applied.ALREADY
    assert ship_order(client, order_id, shipment(order, "S1", ship=1)) is Applied.SENT
    assert ship_order(client, order_id, shipment(order, "S1", ship=1)) is Applied.ALREADY


def test_returns_generate_list_complete(client, jet_merchant, listed_sku):
    order_id = generate(client, jet_merchant.fulfillment_node_id)
    order = client.orders.get(order_id)
    client.orders.acknowledge(order_id, accept(order))
    client.orders.shipped(order_id, shipment(order, "S1", ship=1))
    return_id = client.returns.generate(order_id)
    assert return_id in client.returns.list("created")
    ret = client.returns.get(return_id)
    assert ret.merchant_order_id == order_id and not ret.is_completed
    line = ret.return_merchant_skus[0]
    amount = line.requested_refund_amount
    completion = {"merchant_order_id": order_id, "agree_to_return_charge": True, "items": [{
        "order_item_id": line.order_item_id, "total_quantity_returned": line.return_quantity,
        "order_return_refund_qty": line.return_quantity, "return_refund_feedback": "Item damaged",
        "refund_amount": {"principal": float(amount.principal), "tax": 0, "shipping_cost": float(amount.shipping_cost),
                          "shipping_tax": 0}}]}  # fmt: skip
    assert complete_return(client, return_id, completion) is Applied.SENT
    assert client.returns.get(return_id).is_completed
    assert complete_return(client, return_id, completion) is Applied.ALREADY
    done = client.returns.list("inprogress") + client.returns.list("completed by merchant")
    assert return_id in done


def test_refunds_create_find_list(client, jet_merchant, listed_sku):
    order_id = generate(client, jet_merchant.fulfillment_node_id)
    order = client.orders.get(order_id)
    client.orders.acknowledge(order_id, accept(order))
    client.orders.shipped(order_id, shipment(order, "S1", ship=1))
    refund = {"items": [{"order_item_id": order.order_items[0].order_item_id, "total_quantity_returned": 0,
                         "order_return_refund_qty": 1, "refund_reason": "better price available",
                         "refund_feedback": "other", "notes": "goodwill",
                         "refund_amount": {"principal": 5.0, "tax": 0, "shipping_cost": 0, "shipping_tax": 0}}]}  # fmt: skip
    assert client.refunds.find("R-1") is None
    created = client.refunds.create(order_id, "R-1", refund)
    assert created.refund_authorization_id and created.refund_status
    found = client.refunds.find("R-1")
    assert (
        found.refund_authorization_id == created.refund_authorization_id
        and found.merchant_order_id == order_id
    )
    assert client.refunds.get(created.refund_authorization_id).alt_refund_id == "R-1"
    listed = [
        rid
        for status in ("created", "processing", "accepted", "rejected")
        for rid in client.refunds.list(status)
    ]
    assert created.refund_authorization_id in listed
    assert create_refund(client, order_id, "R-1", refund) is Applied.ALREADY


def test_generators_are_refused_with_live_keys(sandbox_server, jet_merchant, listed_sku):
    live = JetClient(
        sandbox_server.base_url, jet_merchant.live_user, jet_merchant.live_secret, rate_limits=None
    )
    with live, pytest.raises(JetForbidden):
        generate(live, jet_merchant.fulfillment_node_id)


def test_settlement_and_reports(client, jet_merchant, listed_sku):
    assert client.settlement.list(30) == []  # no activity yet
    generate(client, jet_merchant.fulfillment_node_id)
    report_ids = client.settlement.list(30)
    assert report_ids
    report = client.settlement.report(report_ids[0])
    assert report.settlement_report_id == report_ids[0]
    assert client.settlement.report_orders(report_ids[0]) is not None
    assert client.settlement.report_returns(report_ids[0]) is not None
    report_id = client.reports.request("ProductStatus")
    state = client.reports.state(report_id)
    assert state.report_id == report_id and state.report_status in ("Requested", "Ready")


def test_response_shapes_hold_in_strict_mode(client, jet_merchant, listed_sku):
    """Every object the sandbox returns fits the declared response models with no undeclared field."""
    from jetcart.jet.bulk import upload_bulk
    from jetcart.jet.models import strict_responses

    node = jet_merchant.fulfillment_node_id
    order_id = generate(client, node)
    order = client.orders.get(order_id)
    client.orders.acknowledge(order_id, accept(order))
    client.orders.shipped(order_id, shipment(order, "S1", ship=1))
    return_id = client.returns.generate(order_id)
    refund = {"items": [{"order_item_id": order.order_items[0].order_item_id, "total_quantity_returned": 0,
                         "order_return_refund_qty": 1, "refund_reason": "accidental order",
                         "refund_amount": {"principal": 1, "tax": 0, "shipping_cost": 0, "shipping_tax": 0}}]}  # fmt: skip
    with strict_responses():
        client.products.get(listed_sku)
        client.products.get_price(listed_sku)
        client.products.get_inventory(listed_sku)
        client.products.get_sales_data(listed_sku)
        assert client.orders.get(order_id).shipments[0].ship_from_zip_code == "07030"
        client.returns.get(return_id)
        created = client.refunds.create(order_id, "R-strict", refund)
        client.refunds.get(created.refund_authorization_id)
        client.taxonomy.node(4000188)
        client.taxonomy.attributes(4000188)
        client.merchant.fulfillment_nodes()
        client.merchant.fulfillment_node(node)
        client.settlement.report(client.settlement.list(30)[0])
        client.reports.state(client.reports.request("SalesData"))
        result = upload_bulk(client, "Price", {listed_sku: {"price": 39}}, poll_initial=0.1, timeout=60)
        assert result.ok
