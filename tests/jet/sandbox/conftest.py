"""Fixtures for running the Jet client against the real sandbox server over HTTP."""

import pytest

from jetcart.jet import JetClient, RetryPolicy

NODE_ID = 4000188
UPC = "012345678905"


def product(title="Stainless Water Bottle 750ml", **changes):
    body = {
        "product_title": title,
        "jet_browse_node_id": NODE_ID,
        "standard_product_codes": [{"standard_product_code": UPC, "standard_product_code_type": "UPC"}],
        "multipack_quantity": 1,
        "brand": "Acme",
        "main_image_url": "https://example.com/img/bottle.jpg",
        "shipping_weight_pounds": 1.25,
        "product_description": "A bottle.",
    }
    body.update(changes)
    return body


def quick_retries() -> RetryPolicy:
    """Short waits so fault-injection tests stay fast; Retry-After from the sandbox is still honoured."""
    return RetryPolicy(max_retries=6, initial_backoff=0.05, max_backoff=0.5, rate_limit_wait=0.2)


@pytest.fixture
def client(sandbox_server, jet_merchant):
    with JetClient(sandbox_server.base_url, jet_merchant.user, jet_merchant.secret, rate_limits=None,
                   retry=quick_retries(), timeout=20) as jet:  # fmt: skip
        yield jet


@pytest.fixture
def listed_sku(client, jet_merchant):
    """A SKU with product data, price and inventory, so orders can be generated for it."""
    node = jet_merchant.fulfillment_node_id
    client.products.put("test_product", product())
    client.products.put_price("test_product", {"price": 38.0, "fulfillment_nodes": [
        {"fulfillment_node_id": node, "fulfillment_node_price": 38.0}]})  # fmt: skip
    client.products.patch_inventory(
        "test_product", {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 20}]}
    )
    return "test_product"
