"""Rules of acknowledge, ship/cancel, return complete and refund bodies; tolerant return/file/taxonomy objects."""

import pytest

from jetcart.jet.errors import JetValidationError
from jetcart.jet.models.catalog import FulfillmentNode, SettlementReport, TaxonomyAttribute, TaxonomyNode
from jetcart.jet.models.files import FileStatus
from jetcart.jet.models.orders import Acknowledgement, OrderGeneration, ShipNotice
from jetcart.jet.models.returns import RefundCreate, Return, ReturnComplete
from jetcart.jet.paths import id_from_url, ids_from_list
from jetcart.jet.timestamps import format_jet_datetime, parse_jet_datetime

ITEM = "8f5ae15b6b414b00a1b9d6ad99166a00"
AMOUNT = {"principal": 2.00, "tax": 1.40, "shipping_cost": 1.00, "shipping_tax": 0.07}


def problems_of(model, body):
    with pytest.raises(JetValidationError) as caught:
        model.parse(body)
    return caught.value.problems


def has(problems, path, text):
    return any(p.path == path and text in p.message for p in problems)


def ack(**changes):
    body = {"acknowledgement_status": "accepted", "alt_order_id": "SO-1001",
            "order_items": [{"order_item_acknowledgement_status": "fulfillable", "order_item_id": ITEM,
                             "alt_order_item_id": "L1"}]}  # fmt: skip
    body.update(changes)
    return body


def shipment(**changes):
    body = {
        "alt_shipment_id": "SHP-77",
        "shipment_tracking_number": "1Z999AA10123456784",
        "response_shipment_date": "2016-01-01T12:00:00.0000000-07:00",
        "response_shipment_method": "UPS Ground",
        "expected_delivery_date": "2016-01-05T12:00:00.0000000-07:00",
        "ship_from_zip_code": "84047",
        "carrier_pick_up_date": "2016-01-01T12:00:00.0000000-07:00",
        "carrier": "UPS",
        "shipment_items": [{"alt_shipment_item_id": "L1", "merchant_sku": "SKU-1",
                            "response_shipment_sku_quantity": 1, "response_shipment_cancel_qty": 0,
                            "RMA_number": "RMA-1", "days_to_return": 30,
                            "return_location": {"address1": "1 Main St", "address2": "", "city": "Midvale",
                                                "state": "UT", "zip_code": "84047"}}],
    }  # fmt: skip
    body.update(changes)
    return {"alt_order_id": "SO-1001", "shipments": [body]}


def test_spec_examples_are_valid():
    assert Acknowledgement.parse(ack()).to_json() == ack()
    notice = ShipNotice.parse(shipment())
    sent = notice.to_json()
    assert sent["shipments"][0]["response_shipment_date"] == "2016-01-01T19:00:00.0000000+00:00"
    assert sent["shipments"][0]["shipment_items"][0]["RMA_number"] == "RMA-1"
    complete = {"merchant_order_id": "9b13bdd68c314d1b9c8b93277dea4da1", "alt_order_id": "SO-1001",
                "agree_to_return_charge": True, "return_charge_feedback": "other",
                "items": [{"order_item_id": ITEM, "alt_order_item_id": "L1", "total_quantity_returned": 1,
                           "order_return_refund_qty": 1, "return_refund_feedback": "Item damaged",
                           "notes": "box crushed", "refund_amount": AMOUNT}]}  # fmt: skip
    assert ReturnComplete.parse(complete).to_json() == complete
    refund = {"items": [{"order_item_id": ITEM, "total_quantity_returned": 0, "order_return_refund_qty": 1,
                         "refund_reason": "No longer want this item", "refund_feedback": "Item damaged",
                         "notes": "goodwill", "refund_amount": {"principal": 20.00, "tax": 1.40,
                                                                "shipping_cost": 0, "shipping_tax": 0}}]}  # fmt: skip
    assert RefundCreate.parse(refund).to_json() == refund


@pytest.mark.parametrize(
    ("body", "path", "text"),
    [
        (ack(acknowledgement_status="ok"), "acknowledgement_status", "accepted"),
        (ack(order_items=[]), "order_items", "at least 1"),
        (ack(order_items=[{"order_item_id": ITEM, "order_item_acknowledgement_status": "maybe"}]),
         "order_items[0].order_item_acknowledgement_status", "fulfillable"),
        (ack(order_items=[{"order_item_id": ITEM, "order_item_acknowledgement_status": "nonfulfillable - no inventory"}]),
         "order_items[0].order_item_acknowledgement_status", "rejected - item level error"),
        (ack(order_items=[{"order_item_id": ITEM, "order_item_acknowledgement_status": "fulfillable"}] * 2),
         "order_items[1].order_item_id", "listed twice"),
        (ack(order_items=[{"order_item_acknowledgement_status": "fulfillable"}]), "order_items[0].order_item_id", "required"),
    ],
)  # fmt: skip
def test_acknowledgement_rules(body, path, text):
    assert has(problems_of(Acknowledgement, body), path, text)


def test_rejecting_with_nonfulfillable_lines_is_fine():
    body = ack(acknowledgement_status="rejected - item level error",
               order_items=[{"order_item_id": ITEM, "order_item_acknowledgement_status": "nonfulfillable - no inventory"}])  # fmt: skip
    Acknowledgement.parse(body)


@pytest.mark.parametrize(
    ("changes", "path", "text"),
    [
        ({"carrier": "Pony Express"}, "shipments[0].carrier", "Other"),
        ({"carrier": None}, "shipments[0].carrier", "required when units ship"),
        ({"shipment_tracking_number": None}, "shipments[0].shipment_tracking_number", "required when units ship"),
        ({"response_shipment_date": None}, "shipments[0].response_shipment_date", "required when units ship"),
        ({"response_shipment_date": "tomorrow"}, "shipments[0].response_shipment_date", "ISO-8601"),
        ({"ship_from_zip_code": "8404"}, "shipments[0].ship_from_zip_code", "pattern"),
        ({"shipment_items": []}, "shipments[0].shipment_items", "at least 1"),
        ({"shipment_items": [{"merchant_sku": "S", "response_shipment_sku_quantity": -1}]},
         "shipments[0].shipment_items[0].response_shipment_sku_quantity", "at least 0"),
        ({"shipment_items": [{"merchant_sku": "S", "response_shipment_sku_quantity": "1"}]},
         "shipments[0].shipment_items[0].response_shipment_sku_quantity", "JSON integer"),
        ({"shipment_items": [{"merchant_sku": "S", "response_shipment_sku_quantity": 0}], "alt_shipment_id": None},
         "shipments[0].alt_shipment_id", "cancel-only"),
        ({"shipment_items": [{"merchant_sku": "S", "response_shipment_sku_quantity": 0}]},
         "shipments[0].shipment_items[0]", "ships and cancels nothing"),
    ],
)  # fmt: skip
def test_ship_notice_rules(changes, path, text):
    body = shipment(**changes)
    body["shipments"][0] = {k: v for k, v in body["shipments"][0].items() if v is not None}
    assert has(problems_of(ShipNotice, body), path, text)


def test_cancel_only_shipment_needs_no_tracking():
    ShipNotice.parse({"shipments": [{"alt_shipment_id": "C1", "shipment_items": [
        {"merchant_sku": "SKU-1", "response_shipment_sku_quantity": 0, "response_shipment_cancel_qty": 1}]}]})  # fmt: skip


def test_return_location_may_be_one_address_or_a_list():
    body = shipment()
    item = body["shipments"][0]["shipment_items"][0]
    item["return_location"] = [item["return_location"]]
    ShipNotice.parse(body)


def completion(**changes):
    body = {"merchant_order_id": "m1", "agree_to_return_charge": True,
            "items": [{"order_item_id": ITEM, "total_quantity_returned": 1, "order_return_refund_qty": 1,
                       "refund_amount": AMOUNT}]}  # fmt: skip
    body.update(changes)
    return body


@pytest.mark.parametrize(
    ("body", "path", "text"),
    [
        (completion(agree_to_return_charge=False), "return_charge_feedback", "required when agree_to_return_charge"),
        (completion(return_charge_feedback="meh"), "return_charge_feedback", "not 'meh'"),
        (completion(agree_to_return_charge="yes"), "agree_to_return_charge", "true or false"),
        (completion(items=[{"order_item_id": ITEM, "total_quantity_returned": 1, "order_return_refund_qty": 2,
                            "refund_amount": AMOUNT}]), "items[0].order_return_refund_qty", "cannot exceed"),
        (completion(items=[{"order_item_id": ITEM, "total_quantity_returned": 1, "order_return_refund_qty": 1,
                            "refund_amount": AMOUNT | {"tax": -1}}]), "items[0].refund_amount.tax", "at least 0"),
        (completion(items=[{"order_item_id": ITEM, "total_quantity_returned": 1, "order_return_refund_qty": 1,
                            "refund_amount": {"principal": 1}}]), "items[0].refund_amount.tax", "required"),
        (completion(items=[{"order_item_id": ITEM, "total_quantity_returned": 1, "order_return_refund_qty": 1,
                            "return_refund_feedback": "meh", "refund_amount": AMOUNT}]),
         "items[0].return_refund_feedback", "refund feedback"),
        (completion(merchant_order_id=None), "merchant_order_id", "string"),
    ],
)  # fmt: skip
def test_return_complete_rules(body, path, text):
    assert has(problems_of(ReturnComplete, body), path, text)


@pytest.mark.parametrize(
    ("item", "path", "text"),
    [
        ({"refund_reason": "changed my mind"}, "items[0].refund_reason", "refund reasons"),
        ({"refund_feedback": "meh"}, "items[0].refund_feedback", "refund feedback"),
        ({"total_quantity_returned": 1, "order_return_refund_qty": 2}, "items[0].order_return_refund_qty", "cannot exceed"),
        ({"refund_amount": AMOUNT | {"principal": 1.234}}, "items[0].refund_amount.principal", "2 decimals"),
    ],
)  # fmt: skip
def test_refund_rules(item, path, text):
    base = {"order_item_id": ITEM, "total_quantity_returned": 0, "order_return_refund_qty": 1,
            "refund_reason": "better price available", "refund_amount": AMOUNT}  # fmt: skip
    assert has(problems_of(RefundCreate, {"items": [base | item]}), path, text)


def test_order_generation_body():
    OrderGeneration.parse({"fulfillment_node": "n1", "items": [{"sku": "test_product", "order_quantity": 1}]})
    assert has(problems_of(OrderGeneration, {"fulfillment_node": "n1", "items": []}), "items", "at least 1")


def test_tolerant_objects():
    ret = Return.model_validate({"merchant_return_authorization_id": "r1", "return_status": "completed by merchant",
                                 "return_merchant_SKUs": [{"order_item_id": ITEM, "return_quantity": 1}],
                                 "return_location": {"address1": "x"}, "refund_without_return": 0})  # fmt: skip
    assert ret.is_completed and ret.return_merchant_skus[0].return_quantity == 1
    assert ret.return_location[0].address1 == "x" and ret.refund_without_return is False
    assert not Return.model_validate(
        {"merchant_return_authorization_id": "r", "return_status": "created"}
    ).is_completed
    status = FileStatus.model_validate({"jet_file_id": "f", "status": "Processed with errors",
                                        "error_excerpt": "a\nb", "error_count": 2})  # fmt: skip
    assert status.is_final and not status.succeeded and status.error_excerpt == ["a", "b"]
    assert TaxonomyAttribute.model_validate({"attribute_id": 1, "free_text": True}).free_text == 1
    assert TaxonomyAttribute.model_validate({"attribute_id": 1, "free_text": 2}).needs_unit
    assert TaxonomyNode.model_validate({"jet_node_id": 1, "amazon_node_id": 5}).amazon_node_ids == [5]
    node = FulfillmentNode.model_validate({"FulfillmentNodeId": "n1", "Name": "Main", "ZipCode": "84047"})
    assert (node.fulfillment_node_id, node.name, node.zip_code) == ("n1", "Main", "84047")
    assert (
        SettlementReport.model_validate({"settlement_report_id": "s", "order_balanace": 5}).order_balance == 5
    )


def test_list_helpers_and_timestamps():
    assert id_from_url("/orders/withoutShipmentDetail/abc/") == "abc"
    assert ids_from_list(
        {"refund_urls": None, "sku_urls": ["/refunds/state/x"]}, "refund_urls", "sku_urls"
    ) == ["x"]
    assert ids_from_list(None, "order_urls") == [] and ids_from_list(["a/b"], "x") == ["b"]
    moment = parse_jet_datetime("2016-01-01T12:00:00.0000000-07:00")
    assert format_jet_datetime(moment) == "2016-01-01T19:00:00.0000000+00:00"
    assert parse_jet_datetime("2015-12-16T04:54:55Z").tzinfo is not None
    assert parse_jet_datetime("2016-01-01").hour == 0
    with pytest.raises(ValueError):
        format_jet_datetime(moment.replace(tzinfo=None))


def test_ship_from_zip_code_takes_five_digits_only():
    shipment = {
        "alt_shipment_id": "S1", "shipment_tracking_number": "1Z999", "carrier": "UPS",
        "response_shipment_date": "2026-11-27T10:00:00Z",
        "shipment_items": [{"merchant_sku": "SKU-1", "response_shipment_sku_quantity": 1}],
    }
    ShipNotice.parse({"shipments": [{**shipment, "ship_from_zip_code": "84047"}]})
    for bad in ("84047-1234", "8404", "ABCDE"):
        with pytest.raises(JetValidationError) as error:
            ShipNotice.parse({"shipments": [{**shipment, "ship_from_zip_code": bad}]})
        assert [path for path, _ in error.value.as_pairs()] == ["shipments[0].ship_from_zip_code"]
