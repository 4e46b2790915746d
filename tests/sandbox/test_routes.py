"""Every endpoint of the specification's endpoint index (jet-api.md §0.2) has a route in the sandbox."""

from __future__ import annotations

import pytest

from jetcart.sandbox.transport.router import resolve

# (method, example path) for each row of §0.2, with ids/SKUs filled in
SPEC_ENDPOINTS = [
    ("POST", "/token"), ("GET", "/authcheck"),
    ("PUT", "/merchant-skus/A"), ("GET", "/merchant-skus/A"), ("GET", "/merchant-skus"),
    ("GET", "/merchant-skus/bystatus/Archived/0/10"),
    ("PUT", "/merchant-skus/A/price"), ("GET", "/merchant-skus/A/price"),
    ("PATCH", "/merchant-skus/A/inventory"), ("PUT", "/merchant-skus/A/inventory"), ("GET", "/merchant-skus/A/inventory"),
    ("PUT", "/merchant-skus/A/image"), ("DELETE", "/merchant-skus/A/image"), ("PUT", "/merchant-skus/A/status/archive"),
    ("PUT", "/merchant-skus/A/variation"), ("GET", "/merchant-skus/A/variation"),
    ("PUT", "/merchant-skus/A/shippingexception"), ("GET", "/merchant-skus/A/shippingexception"),
    ("PUT", "/merchant-skus/A/returnsexception"), ("GET", "/merchant-skus/A/returnsexception"),
    ("GET", "/merchant-skus/A/salesdata"),
    ("GET", "/fulfillmentnodesbymerchantid"), ("GET", "/setup/fulfillmentNodes"), ("GET", "/setup/returnsLocations"),
    ("GET", "/fulfillment-nodes"), ("GET", "/fulfillment-nodes/N1"),
    ("GET", "/portal/merchantskus"), ("GET", "/portal/merchantskus/export"), ("GET", "/portal/merchantsetupstatus"),
    ("GET", "/portal/returnssetup"),
    ("GET", "/files/uploadToken"), ("POST", "/files/uploaded"), ("GET", "/files/F1"),
    ("GET", "/orders/ready"), ("GET", "/orders/directedCancel"), ("GET", "/orders/withoutShipmentDetail/O1"),
    ("PUT", "/orders/O1/acknowledge"), ("PUT", "/orders/O1/shipped"), ("PUT", "/orders/O1/tag"),
    ("GET", "/orders/ready/T/true"), ("POST", "/orders/generate/1"),
    ("GET", "/returns/created"), ("GET", "/returns/state/R1"), ("PUT", "/returns/R1/complete"),
    ("PUT", "/returns/R1/acknowledge"), ("GET", "/returns/generate/O1"),
    ("POST", "/refunds/O1/A1"), ("GET", "/refunds/state/X1"), ("GET", "/refunds/created"),
    ("GET", "/taxonomy/links/v1"), ("GET", "/taxonomy/nodes/1"), ("GET", "/taxonomy/nodes/1/attributes"),
    ("GET", "/settlement/7"), ("GET", "/settlement/report/S1"), ("GET", "/settlement/report/S1/orders"),
    ("GET", "/settlement/report/S1/returns"),
    ("POST", "/reports/ProductStatus"), ("GET", "/reports/state/P1"),
]

EXPECTED_HANDLERS = {
    "/orders/directedCancel": "list_directed_cancel",
    "/orders/withoutShipmentDetail/O1": "get_order",
    "/returns/generate/O1": "get_generate",
    "/refunds/state/X1": "get_state",
}


@pytest.mark.parametrize(("method", "path"), SPEC_ENDPOINTS)
def test_every_spec_endpoint_has_a_route(method, path):
    route, _args = resolve(method, path)
    if path in EXPECTED_HANDLERS:
        assert route.handler.__name__ == EXPECTED_HANDLERS[path]
