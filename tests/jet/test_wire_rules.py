"""Jet's request rules the client and the sandbox share: date-time format, empty feedback, amount and count limits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from jetcart.jet.models import InventoryUpdate, PriceUpdate
from jetcart.jet.models.orders import DatedShipNotice, ShipNotice
from jetcart.jet.models.returns import RefundCreate, RefundWithoutReturnComplete, ReturnComplete
from jetcart.jet.timestamps import jet_utc, parse_wire_datetime

ITEM = "8f5ae15b6b414b00a1b9d6ad99166a00"
AMOUNT = {"principal": 20.0, "tax": 1.4, "shipping_cost": 0, "shipping_tax": 0}


@pytest.mark.parametrize(("text", "moment"), [
    ("2016-01-01T12:00:00.0000000-07:00", datetime(2016, 1, 1, 12, tzinfo=timezone(timedelta(hours=-7)))),
    ("2016-04-06T17:25:06.4214060Z", datetime(2016, 4, 6, 17, 25, 6, 421406, tzinfo=UTC)),
    ("2016-04-06T17:25:06", datetime(2016, 4, 6, 17, 25, 6, tzinfo=UTC)),
    ("2016-04-06T17:25:06.5-00:00", datetime(2016, 4, 6, 17, 25, 6, 500000, tzinfo=UTC)),
])
def test_jet_request_date_times_are_read_with_their_offset(text, moment):
    assert parse_wire_datetime(text) == moment


@pytest.mark.parametrize("text", ["2026-12-07 15:41:23 +0000", "2026-12-07", "2026-12-07T15:41:23+0000",
                                  "2026-12-07T15:41Z", "2026-12-07T15:41:23.12345678Z", "2026-13-07T15:41:23Z",
                                  " 2026-12-07T15:41:23Z", "soon"])
def test_other_date_time_forms_are_refused(text):
    with pytest.raises(ValueError, match="ISO-8601"):
        parse_wire_datetime(text)


def test_jets_own_stamps_are_utc_with_seven_digits():
    assert jet_utc(datetime(2016, 1, 1, 12, tzinfo=timezone(timedelta(hours=-7)))) == "2016-01-01T19:00:00.0000000+00:00"
    assert jet_utc(None) is None


def refund(**item) -> dict:
    return {"items": [{"order_item_id": ITEM, "total_quantity_returned": 0, "order_return_refund_qty": 1,
                       "refund_reason": "no longer need/want", "refund_amount": AMOUNT, **item}]}


def test_an_empty_refund_feedback_means_none_given():
    assert RefundCreate.problems(refund(refund_feedback="")) == []
    assert "refund_feedback" not in RefundCreate.parse(refund(refund_feedback="")).to_json()["items"][0]
    assert [p.path for p in RefundCreate.problems(refund(refund_feedback="meh"))] == ["items[0].refund_feedback"]
    assert RefundCreate.problems(refund(refund_reason="Item is missing parts / accessories")) == []


def test_amounts_and_counts_stop_where_jets_server_stopped():
    assert [str(p) for p in PriceUpdate.problems({"price": 1e27})] == ["price: must be at most 999999999999999999.99"]
    assert PriceUpdate.problems({"price": 10**17}) == []
    body = {"fulfillment_nodes": [{"fulfillment_node_id": "n", "quantity": 2**31}]}
    assert [str(p) for p in InventoryUpdate.problems(body)] == ["fulfillment_nodes[0].quantity: must be at most 2147483647"]


def shipping(**changes) -> dict:
    shipment = {"alt_shipment_id": "S1", "shipment_tracking_number": "1Z", "carrier": "UPS",
                "response_shipment_date": "2026-11-27T10:00:00Z",
                "shipment_items": [{"merchant_sku": "A", "response_shipment_sku_quantity": 1}], **changes}
    return {"shipments": [shipment]}


def test_the_sandbox_holds_shipping_shipments_to_aeros_dates_and_zip():
    assert ShipNotice.problems(shipping()) == []
    assert {p.path for p in DatedShipNotice.problems(shipping())} == {
        "shipments[0].expected_delivery_date", "shipments[0].carrier_pick_up_date", "shipments[0].ship_from_zip_code"}
    dated = shipping(expected_delivery_date="2026-11-26T10:00:00Z", carrier_pick_up_date="2026-11-27T10:00:00Z",
                     ship_from_zip_code="84047")
    assert [str(p) for p in DatedShipNotice.problems(dated)] == [
        "shipments[0].expected_delivery_date: must not be before response_shipment_date"]


def test_a_return_refunded_without_the_item_may_refund_more_than_returned():
    body = {"merchant_order_id": "o", "agree_to_return_charge": True, "items": [
        {"order_item_id": ITEM, "total_quantity_returned": 0, "order_return_refund_qty": 1, "refund_amount": AMOUNT}]}
    assert RefundWithoutReturnComplete.problems(body) == []
    assert [p.path for p in ReturnComplete.problems(body)] == ["items[0].order_return_refund_qty"]
    body["items"][0]["total_quantity_returned"] = 1
    body["items"][0]["order_return_refund_qty"] = 2
    assert [p.path for p in ReturnComplete.problems(body)] == ["items[0].order_return_refund_qty"]
