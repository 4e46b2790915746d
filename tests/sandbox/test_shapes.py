"""Golden shapes: the sandbox's responses parse with the jet package's response models in strict mode
(no field the client does not know), so the emulator and the client agree on every object."""

from __future__ import annotations

import httpx
import pytest

from jetcart.jet.models import (
    MerchantSku,
    SkuDetail,
    SkuInventory,
    SkuPrice,
    SkuReturnsException,
    SkuSalesData,
    SkuVariation,
    strict_responses,
)
from jetcart.jet.models.catalog import ReportState, SettlementReport, TaxonomyAttribute, TaxonomyNode
from jetcart.jet.models.files import FileStatus, UploadToken
from jetcart.jet.models.orders import Order
from jetcart.jet.models.products import SkuShippingExceptions
from jetcart.jet.models.returns import Refund, RefundCreated, Return
from tests.sandbox.helpers import product_body

# Fields the sandbox sends that the client's response models do not declare yet (reported to the jet
# package): a SKU GET echoes the submitted product fields and `producer_id` (jet-api.md §2.5), and
# reported shipments keep their items' RMA_number, days_to_return and return_location (§4.2 "shape as §4.5").
ECHOED_PRODUCT_FIELDS = {field.alias or name for name, field in MerchantSku.model_fields.items()} | {"producer_id"}
ECHOED_SHIPMENT_ITEM_FIELDS = {"RMA_number", "days_to_return", "return_location"}
# …and the shipment's own §4.5 fields, plus the second spelling of the method key (AERO read
# `response_shipping_method`, so the sandbox sends both; the client model accepts either, not both).
ECHOED_SHIPMENT_FIELDS = {"expected_delivery_date", "carrier_pick_up_date", "ship_from_zip_code",
                          "response_shipping_method"}


def without(data: dict, names: set[str]) -> dict:
    return {k: v for k, v in data.items() if k not in names}


def order_shape(order: dict) -> dict:
    shipments = [{**without(s, ECHOED_SHIPMENT_FIELDS), "shipment_items": [without(i, ECHOED_SHIPMENT_ITEM_FIELDS) for i in s["shipment_items"]]}
                 for s in order["shipments"]]
    return {**order, "shipments": shipments}


@pytest.fixture
def strict():
    with strict_responses():
        yield


def test_sku_objects_match_the_client_models(jet, strict):
    colour = [{"attribute_id": 1, "attribute_value": "Albania"}]
    jet.listed_sku("S")
    jet.product("C", attributes_node_specific=colour)
    jet.product("S", attributes_node_specific=colour)
    jet.put("/merchant-skus/S/price", {"price": 20.0})
    jet.put("/merchant-skus/S/variation", {"relationship": "Variation", "variation_refinements": [1], "children_skus": ["C"]})
    jet.put("/merchant-skus/S/returnsexception", {"return_location_ids": [jet.merchant.return_location_id]})
    jet.put("/merchant-skus/S/shippingexception", {"fulfillment_nodes": [{"fulfillment_node_id": jet.node,
            "shipping_exceptions": [{"service_level": "Standard", "shipping_exception_type": "restricted"}]}]})
    jet.order([{"sku": "S", "order_quantity": 1}])
    SkuDetail.model_validate(without(jet.get("/merchant-skus/S").json(), ECHOED_PRODUCT_FIELDS))
    SkuPrice.model_validate(jet.get("/merchant-skus/S/price").json())
    SkuInventory.model_validate(jet.get("/merchant-skus/S/inventory").json())
    SkuVariation.model_validate(jet.get("/merchant-skus/S/variation").json())
    SkuReturnsException.model_validate(jet.get("/merchant-skus/S/returnsexception").json())
    SkuShippingExceptions.model_validate(jet.get("/merchant-skus/S/shippingexception").json())
    SkuSalesData.model_validate(jet.get("/merchant-skus/S/salesdata").json())


def test_order_return_and_refund_objects_match_the_client_models(jet, strict):
    jet.listed_sku("S")
    order = jet.order([{"sku": "S", "order_quantity": 2}])
    Order.model_validate(order)
    jet.acknowledge(order)
    jet.ship(order, "S", 2)
    Order.model_validate(order_shape(jet.refreshed(order)))
    url = jet.get(f"/returns/generate/{order['merchant_order_id']}").json()["url"]
    ret = jet.get(url).json()
    Return.model_validate(ret)
    line = ret["return_merchant_SKUs"][0]
    jet.put(f"/returns/{ret['merchant_return_authorization_id']}/complete", {
        "merchant_order_id": order["merchant_order_id"], "agree_to_return_charge": True,
        "items": [{"order_item_id": line["order_item_id"], "total_quantity_returned": 2, "order_return_refund_qty": 2,
                   "refund_amount": line["requested_refund_amount"]}]})
    Return.model_validate(jet.get(url).json())
    created = jet.post(f"/refunds/{order['merchant_order_id']}/R1", {"items": [{
        "order_item_id": line["order_item_id"], "total_quantity_returned": 0, "order_return_refund_qty": 1,
        "refund_reason": "no longer need/want",
        "refund_amount": {"principal": 1.0, "tax": 0, "shipping_cost": 0, "shipping_tax": 0}}]}).json()
    RefundCreated.model_validate(created)
    Refund.model_validate(jet.get(f"/refunds/state/{created['refund_authorization_id']}").json())


def test_file_taxonomy_settlement_and_report_objects_match_the_client_models(jet, strict):
    import gzip

    import orjson

    token = jet.get("/files/uploadToken").json()
    UploadToken.model_validate(token)
    httpx.put(token["url"], content=gzip.compress(orjson.dumps({"S": product_body()})),
              headers={"x-ms-blob-type": "BlockBlob"})
    FileStatus.model_validate(jet.post("/files/uploaded", {"url": token["url"], "file_type": "MerchantSKUs",
                                                          "file_name": "f.json.gz"}).json())
    TaxonomyNode.model_validate(jet.get("/taxonomy/nodes/4000188").json())
    for attribute in jet.get("/taxonomy/nodes/4000188/attributes").json()["attributes"]:
        TaxonomyAttribute.model_validate(attribute)
    jet.listed_sku("T")
    order = jet.order([{"sku": "T", "order_quantity": 1}])
    jet.acknowledge(order)
    jet.ship(order, "T", 1)
    report_url = jet.get("/settlement/7").json()["settlement_report_urls"][0]
    SettlementReport.model_validate(jet.get(report_url).json())
    report_id = jet.post("/reports/ProductStatus").json()["report_id"]
    ReportState.model_validate(jet.get(f"/reports/state/{report_id}").json())
