"""Returns and refunds contract: generators, every transition, complete and create rules, lists."""

from __future__ import annotations

import pytest

from jetcart.jet.models import vocabulary as vocab
from jetcart.sandbox import messages
from tests.sandbox.helpers import errors_of, has_error


def shipped_order(jet, quantity: int = 2, price: float = 20.0) -> dict:
    jet.listed_sku("S", price=price)
    order = jet.order([{"sku": "S", "order_quantity": quantity}])
    jet.acknowledge(order)
    assert jet.ship(order, "S", quantity).status_code == 201
    return jet.refreshed(order)


def new_return(jet, order: dict) -> dict:
    response = jet.get(f"/returns/generate/{order['merchant_order_id']}")
    assert response.status_code == 200, response.text
    return jet.get(response.json()["url"]).json()


def complete_body(ret: dict, **changes) -> dict:
    line = ret["return_merchant_SKUs"][0]
    item = {"order_item_id": line["order_item_id"], "total_quantity_returned": line["return_quantity"],
            "order_return_refund_qty": line["return_quantity"], "refund_amount": line["requested_refund_amount"]}
    item.update(changes.pop("item", {}))
    body = {"merchant_order_id": ret["merchant_order_id"], "agree_to_return_charge": True, "items": [item]}
    body.update(changes)
    return body


def test_should_generate_a_return_of_shipped_units(jet):
    order = shipped_order(jet)
    ret = new_return(jet, order)
    assert ret["return_status"] == "created" and ret["merchant_order_id"] == order["merchant_order_id"]
    line = ret["return_merchant_SKUs"][0]
    assert line["return_quantity"] == 2 and line["merchant_sku"] == "S"
    assert line["requested_refund_amount"]["principal"] == 40.0
    assert line["reason"] in vocab.RETURN_REASONS
    assert ret["reference_return_authorization_id"].endswith("-01")
    assert ret["return_location"][0]["zip_code"]
    listed = jet.get("/returns/created").json()["return_urls"]
    assert listed == [f"/returns/state/{ret['merchant_return_authorization_id']}"]
    assert errors_of(jet.get(f"/returns/generate/{order['merchant_order_id']}")) == [
        messages.GENERATE_NOTHING_SHIPPED.format(order_id=order["merchant_order_id"])]


def test_should_refuse_a_return_of_an_unshipped_order(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    assert errors_of(jet.get(f"/returns/generate/{order['merchant_order_id']}")) == [
        messages.GENERATE_NOTHING_SHIPPED.format(order_id=order["merchant_order_id"])]


def test_should_complete_a_return_through_inprogress(sandbox_server, jet):
    sandbox_server.set_controls(jet.merchant, return_delay=300)
    ret = new_return(jet, shipped_order(jet))
    return_id = ret["merchant_return_authorization_id"]
    assert jet.put(f"/returns/{return_id}/complete", complete_body(ret)).status_code == 201
    assert jet.get(f"/returns/state/{return_id}").json()["return_status"] == "inprogress"
    assert jet.get("/returns/inprogress").json()["return_urls"] == [f"/returns/state/{return_id}"]
    sandbox_server.advance_clock(jet.merchant, 301)
    done = jet.get(f"/returns/state/{return_id}").json()
    assert done["return_status"] == "completed by merchant" and done["agree_to_return_charge"] is True
    for spelling in ("completed%20by%20merchant", "completedByMerchant", "COMPLETED BY MERCHANT"):
        assert jet.get(f"/returns/{spelling}").json()["return_urls"] == [f"/returns/state/{return_id}"]
    assert errors_of(jet.put(f"/returns/{return_id}/complete", complete_body(ret))) == [
        messages.RETURN_ALREADY_COMPLETED.format(return_id=return_id)]


@pytest.mark.parametrize(("changes", "field"), [
    ({"merchant_order_id": "f" * 32}, "merchant_order_id"),
    ({"agree_to_return_charge": "yes"}, "agree_to_return_charge"),
    ({"agree_to_return_charge": False}, "return_charge_feedback"),
    ({"agree_to_return_charge": False, "return_charge_feedback": "meh"}, "return_charge_feedback"),
    ({"items": []}, "items"),
    ({"item": {"order_item_id": "f" * 32}}, "items[0].order_item_id"),
    ({"item": {"total_quantity_returned": 3}}, "items[0].total_quantity_returned"),
    ({"item": {"total_quantity_returned": 1, "order_return_refund_qty": 2}}, "items[0].order_return_refund_qty"),
    ({"item": {"order_return_refund_qty": 1, "total_quantity_returned": 1}}, "items[0].return_refund_feedback"),
    ({"item": {"return_refund_feedback": "meh"}}, "items[0].return_refund_feedback"),
    ({"item": {"refund_amount": {"principal": -1}}}, "items[0].refund_amount.principal"),
    ({"item": {"refund_amount": {"tax": 1.0}}}, "items[0].refund_amount.principal"),
    ({"item": {"refund_amount": {"principal": 1.234}}}, "items[0].refund_amount.principal"),
])
def test_should_refuse_bad_completions(jet, changes, field):
    ret = new_return(jet, shipped_order(jet))
    response = jet.put(f"/returns/{ret['merchant_return_authorization_id']}/complete", complete_body(ret, **changes))
    assert has_error(response, field) or any(field.split(".")[-1] in e for e in response.json()["errors"]), response.json()


def test_should_accept_a_partial_refund_with_feedback(jet):
    ret = new_return(jet, shipped_order(jet))
    body = complete_body(ret, item={"total_quantity_returned": 2, "order_return_refund_qty": 1,
                                    "return_refund_feedback": "Item damaged", "notes": "dented",
                                    "refund_amount": {"principal": 20.0, "tax": 0, "shipping_cost": 0, "shipping_tax": 0}})
    assert jet.put(f"/returns/{ret['merchant_return_authorization_id']}/complete", body).status_code == 201


def test_should_accept_the_early_return_acknowledge(jet):
    ret = new_return(jet, shipped_order(jet))
    assert jet.put(f"/returns/{ret['merchant_return_authorization_id']}/acknowledge").status_code == 201


def test_should_answer_404_for_unknown_returns_and_400_for_unknown_statuses(jet):
    assert errors_of(jet.get(f"/returns/state/{'0' * 32}"), 404)
    assert errors_of(jet.get("/returns/lost"))


def refund_body(order: dict, **item) -> dict:
    entry = {"order_item_id": order["order_items"][0]["order_item_id"], "total_quantity_returned": 0,
             "order_return_refund_qty": 1, "refund_reason": "no longer need/want", "refund_feedback": "other",
             "refund_amount": {"principal": 10.0, "tax": 0.7, "shipping_cost": 0, "shipping_tax": 0}}
    entry.update(item)
    return {"items": [entry]}


def test_should_create_a_refund_and_progress_it(sandbox_server, jet):
    sandbox_server.set_controls(jet.merchant, refund_delay=60)
    order = shipped_order(jet)
    response = jet.post(f"/refunds/{order['merchant_order_id']}/RF-1", refund_body(order))
    assert response.status_code == 201
    created = response.json()
    assert created["refund_status"] == "created" and len(created["refund_authorization_id"]) == 32
    refund_id = created["refund_authorization_id"]
    assert jet.get("/refunds/created").json()["refund_urls"] == [f"/refunds/state/{refund_id}"]
    sandbox_server.advance_clock(jet.merchant, 61)
    assert jet.get(f"/refunds/state/{refund_id}").json()["refund_status"] == "processing"
    assert jet.get("/refunds/Processing").json()["refund_urls"] == [f"/refunds/state/{refund_id}"]
    sandbox_server.advance_clock(jet.merchant, 61)
    state = jet.get("/refunds/state/RF-1").json()
    assert state["refund_status"] == "accepted" and state["alt_refund_id"] == "RF-1"
    assert state["items"][0]["refund_amount"]["principal"] == 10.0
    assert jet.get("/refunds/accepted").json()["refund_urls"] == [f"/refunds/state/{refund_id}"]


def test_should_be_idempotent_on_alt_refund_id(jet):
    order = shipped_order(jet)
    first = jet.post(f"/refunds/{order['merchant_order_id']}/RF-1", refund_body(order)).json()
    again = jet.post(f"/refunds/{order['merchant_order_id']}/RF-1", refund_body(order))
    assert again.status_code == 201
    assert again.json()["refund_authorization_id"] == first["refund_authorization_id"]


def test_should_reject_a_refund_above_what_was_paid(jet):
    order = shipped_order(jet, quantity=1, price=10.0)
    response = jet.post(f"/refunds/{order['merchant_order_id']}/RF-1",
                        refund_body(order, refund_amount={"principal": 50.0}))
    refund_id = response.json()["refund_authorization_id"]
    assert jet.get(f"/refunds/state/{refund_id}").json()["refund_status"] == vocab.REFUND_REJECTIONS[1]
    assert jet.get("/refunds/rejected").json()["refund_urls"] == [f"/refunds/state/{refund_id}"]


def test_should_reject_refunds_when_the_control_says_so(sandbox_server, jet):
    sandbox_server.set_controls(jet.merchant, refund_outcome=vocab.REFUND_REJECTIONS[0])
    order = shipped_order(jet)
    refund_id = jet.post(f"/refunds/{order['merchant_order_id']}/RF-1", refund_body(order)).json()["refund_authorization_id"]
    assert jet.get(f"/refunds/state/{refund_id}").json()["refund_status"] == vocab.REFUND_REJECTIONS[0]


def test_should_refuse_refunding_more_units_than_shipped(jet):
    order = shipped_order(jet, quantity=2)
    item_id = order["order_items"][0]["order_item_id"]
    assert jet.post(f"/refunds/{order['merchant_order_id']}/A", refund_body(order, order_return_refund_qty=2)).status_code == 201
    response = jet.post(f"/refunds/{order['merchant_order_id']}/B", refund_body(order))
    assert errors_of(response) == [messages.REFUND_TOO_MANY_UNITS.format(
        field="items[0].order_return_refund_qty", item_id=item_id, total=3, shipped=2)]


def test_should_refuse_refunds_of_unshipped_orders(jet):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    assert errors_of(jet.post(f"/refunds/{order['merchant_order_id']}/A", refund_body(order))) == [
        messages.REFUND_NOTHING_SHIPPED.format(order_id=order["merchant_order_id"])]


@pytest.mark.parametrize(("item", "field"), [
    ({"order_item_id": "f" * 32}, "items[0].order_item_id"),
    ({"total_quantity_returned": None}, "items[0].total_quantity_returned"),
    ({"order_return_refund_qty": "1"}, "items[0].order_return_refund_qty"),
    ({"refund_reason": "bored"}, "items[0].refund_reason"),
    ({"refund_reason": None}, "items[0].refund_reason"),
    ({"refund_feedback": "meh"}, "items[0].refund_feedback"),
    ({"refund_amount": None}, "items[0].refund_amount"),
    ({"refund_amount": {"principal": "10"}}, "items[0].refund_amount.principal"),
])
def test_should_refuse_bad_refund_items(jet, item, field):
    order = shipped_order(jet)
    body = refund_body(order)
    for key, value in item.items():
        if value is None:
            body["items"][0].pop(key)
        else:
            body["items"][0][key] = value
    assert has_error(jet.post(f"/refunds/{order['merchant_order_id']}/A", body), field)


def test_should_refuse_refund_bodies_without_items_and_unknown_ids(jet):
    order = shipped_order(jet)
    assert has_error(jet.post(f"/refunds/{order['merchant_order_id']}/A", {"items": []}), "items")
    assert errors_of(jet.get(f"/refunds/state/{'0' * 32}"), 404)
    assert errors_of(jet.post(f"/refunds/{'0' * 32}/A", refund_body(order)), 404)
    assert errors_of(jet.get("/refunds/lost"))


def test_should_script_the_return_generator(jet):
    order = shipped_order(jet, quantity=3)
    response = jet.get(f"/returns/generate/{order['merchant_order_id']}?sku=S&quantity=1&reason=Unwanted%20gift")
    line = jet.get(response.json()["url"]).json()["return_merchant_SKUs"][0]
    assert (line["return_quantity"], line["reason"]) == (1, "Unwanted gift")
    rest = jet.get(jet.get(f"/returns/generate/{order['merchant_order_id']}").json()["url"]).json()
    assert rest["return_merchant_SKUs"][0]["return_quantity"] == 2
    assert has_error(jet.get(f"/returns/generate/{order['merchant_order_id']}?quantity=0"), "quantity")
    assert has_error(jet.get(f"/returns/generate/{order['merchant_order_id']}?reason=bored"), "reason")
