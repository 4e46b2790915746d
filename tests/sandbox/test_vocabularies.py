"""One statement of Jet's rules (issue 15): every vocabulary value the client's models accept, the sandbox accepts.

Each body is first checked by the jet model the client sends it with, then sent to the sandbox over HTTP.
"""

from __future__ import annotations

import gzip

from jetcart.jet.models import MerchantSku
from jetcart.jet.models.files import FileUploaded
from jetcart.jet.models.orders import Acknowledgement, ShipNotice
from jetcart.jet.models.returns import RefundCreate, ReturnComplete
from jetcart.jet.models.vocabulary import (
    CARRIERS,
    CPSIA_STATEMENTS,
    REFUND_FEEDBACK,
    REFUND_REASONS,
    RETURN_CHARGE_FEEDBACK,
    SERVICE_LEVELS,
    SHIPPING_METHODS,
    TAX_CODES,
    AckStatus,
    FileType,
    ItemAckStatus,
    OrderStatus,
    ProductStatus,
    RefundStatus,
    ReportType,
    ReturnStatus,
)
from tests.sandbox.helpers import product_body, shipment_body


def sent(jet, method: str, path: str, model, body: dict, ok: tuple[int, ...] = (200, 201, 204)):
    assert model.problems(body) == [], (model.__name__, body)
    response = jet.http.request(method, path, json=body)
    assert response.status_code in ok, (path, body, response.text)
    return response


def test_every_acknowledgement_status_the_client_sends_is_accepted(jet):
    jet.listed_sku("S", quantity=100)
    for status in AckStatus:
        order = jet.order([{"sku": "S", "order_quantity": 1}])
        line = ItemAckStatus.FULFILLABLE if status == AckStatus.ACCEPTED else ItemAckStatus.NO_INVENTORY
        body = {"acknowledgement_status": status.value, "order_items": [
            {"order_item_id": order["order_items"][0]["order_item_id"], "order_item_acknowledgement_status": line.value}]}
        sent(jet, "PUT", f"/orders/{order['merchant_order_id']}/acknowledge", Acknowledgement, body)
    order = jet.order([{"sku": "S", "order_quantity": 1}])
    body = {"acknowledgement_status": AckStatus.REJECTED_ITEM_LEVEL_ERROR.value, "order_items": [
        {"order_item_id": order["order_items"][0]["order_item_id"],
         "order_item_acknowledgement_status": ItemAckStatus.INVALID_MERCHANT_SKU.value}]}
    sent(jet, "PUT", f"/orders/{order['merchant_order_id']}/acknowledge", Acknowledgement, body)


def test_every_carrier_and_shipping_method_the_client_sends_is_accepted(jet):
    values = [(carrier, None) for carrier in sorted(CARRIERS)] + [("UPS", method) for method in sorted(SHIPPING_METHODS)]
    jet.listed_sku("S", quantity=1000)
    order = jet.order([{"sku": "S", "order_quantity": len(values)}])
    jet.acknowledge(order)
    for carrier, method in values:
        body = {"shipments": [shipment_body("S", 1, carrier=carrier, response_shipment_method=method)]}
        sent(jet, "PUT", f"/orders/{order['merchant_order_id']}/shipped", ShipNotice, body)
    assert jet.refreshed(order)["status"] == "complete"


def test_every_refund_reason_and_feedback_the_client_sends_is_accepted(jet):
    values = [(reason, None) for reason in sorted(REFUND_REASONS)] + [
        ("no longer need/want", feedback) for feedback in sorted(REFUND_FEEDBACK)]
    jet.listed_sku("S", price=10.0, quantity=1000)
    order = jet.order([{"sku": "S", "order_quantity": len(values)}])
    jet.acknowledge(order)
    assert jet.ship(order, "S", len(values)).status_code == 201
    item_id = order["order_items"][0]["order_item_id"]
    for index, (reason, feedback) in enumerate(values):
        line = {"order_item_id": item_id, "total_quantity_returned": 0, "order_return_refund_qty": 1,
                "refund_reason": reason, "refund_amount": {"principal": 10.0, "tax": 0, "shipping_cost": 0,
                                                           "shipping_tax": 0}}
        if feedback is not None:
            line["refund_feedback"] = feedback
        sent(jet, "POST", f"/refunds/{order['merchant_order_id']}/V-{index}", RefundCreate, {"items": [line]})


def test_every_return_feedback_the_client_sends_is_accepted(jet):
    charges, refunds = sorted(RETURN_CHARGE_FEEDBACK), sorted(REFUND_FEEDBACK)
    count = max(len(charges), len(refunds))
    jet.listed_sku("S", quantity=1000)
    order = jet.order([{"sku": "S", "order_quantity": count}])
    jet.acknowledge(order)
    assert jet.ship(order, "S", count).status_code == 201
    for index in range(count):
        url = jet.get(f"/returns/generate/{order['merchant_order_id']}?quantity=1").json()["url"]
        ret = jet.get(url).json()
        line = ret["return_merchant_SKUs"][0]
        body = {"merchant_order_id": ret["merchant_order_id"], "agree_to_return_charge": False,
                "return_charge_feedback": charges[index % len(charges)],
                "items": [{"order_item_id": line["order_item_id"], "total_quantity_returned": 1,
                           "order_return_refund_qty": 1, "return_refund_feedback": refunds[index % len(refunds)],
                           "refund_amount": line["requested_refund_amount"]}]}
        sent(jet, "PUT", f"/returns/{ret['merchant_return_authorization_id']}/complete", ReturnComplete, body)


def test_every_file_type_the_client_sends_is_accepted(jet):
    for file_type in FileType:
        token = jet.get("/files/uploadToken").json()
        assert jet.http.put(token["url"], content=gzip.compress(b"{}"),
                            headers={"x-ms-blob-type": "BlockBlob"}).status_code == 201
        body = {"url": token["url"], "file_type": file_type.value, "file_name": "empty.json.gz"}
        sent(jet, "POST", "/files/uploaded", FileUploaded, body)


def test_every_tax_code_and_safety_statement_the_client_sends_is_accepted(jet):
    for index, code in enumerate(sorted(TAX_CODES)):
        sent(jet, "PUT", f"/merchant-skus/T{index}", MerchantSku, product_body(product_tax_code=code))
    for index, statement in enumerate(sorted(CPSIA_STATEMENTS)):
        sent(jet, "PUT", f"/merchant-skus/C{index}", MerchantSku, product_body(cpsia_cautionary_statements=[statement]))


def test_every_list_status_and_report_type_the_client_names_is_served(jet):
    jet.listed_sku("S")
    for path in ([f"/orders/{s.value}" for s in OrderStatus] + [f"/returns/{s.value}" for s in ReturnStatus]
                 + [f"/refunds/{s.value}" for s in RefundStatus]
                 + [f"/merchant-skus/bystatus/{s.value}/0/10" for s in ProductStatus]):
        assert jet.get(path).status_code == 200, path
    for report in ReportType:
        assert jet.post(f"/reports/{report.value}").status_code == 200
    for level in sorted(SERVICE_LEVELS):  # the generator scripts what Jet's orders carried
        assert jet.post("/orders/generate/1", {"service_level": level}).status_code == 200
