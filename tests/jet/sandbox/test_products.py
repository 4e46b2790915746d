"""The client against the real sandbox: auth, every product endpoint, merchant setup, taxonomy, files."""

import pytest

from jetcart.jet import JetBadRequest, JetClient, JetNotFound, JetUnauthorized, JetValidationError
from jetcart.jet.bulk import upload_bulk
from jetcart.jet.models.catalog import ReturnLocation
from jetcart.jet.models.products import PortalSku
from jetcart.jet.models.vocabulary import FileType
from tests.jet.sandbox.conftest import NODE_ID, product


def test_token_authcheck_and_bad_credentials(sandbox_server, jet_merchant, client):
    assert client.authcheck() is True
    assert client.tokens.fetch_count == 1
    wrong = JetClient(sandbox_server.base_url, jet_merchant.user, "wrong", rate_limits=None)
    with wrong, pytest.raises(JetUnauthorized) as caught:
        wrong.authcheck()
    assert caught.value.request.path == "/token"


def test_an_expired_token_is_replaced_once_after_the_401(sandbox_server, jet_merchant, client):
    client.authcheck()
    sandbox_server.advance_clock(jet_merchant, 11 * 3600)  # past the 10 h lifetime, by the sandbox's clock
    assert client.authcheck() is True
    assert client.tokens.fetch_count == 2


def test_product_data_price_and_inventory_round_trip(client, jet_merchant, listed_sku):
    node = jet_merchant.fulfillment_node_id
    detail = client.products.get(listed_sku)
    assert detail.merchant_sku == listed_sku and detail.product_title == "Stainless Water Bottle 750ml"
    assert detail.status in ("Under Jet Review", "Available for Purchase")
    assert str(client.products.get_price(listed_sku).price) in ("38", "38.0", "38.00")
    assert client.products.get_inventory(listed_sku).quantity_at(node) == 20
    client.products.put_inventory(
        listed_sku, {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 3}]}
    )
    assert client.products.get_inventory(listed_sku).quantity_at(node) == 3


def test_listing_skus_by_page_and_status(client, listed_sku):
    for n in range(4):
        client.products.put(f"extra-{n}", product(f"Extra bottle {n}"))
    assert sorted(client.products.list(offset=0, limit=100)) == sorted(
        [listed_sku, *(f"extra-{n}" for n in range(4))]
    )
    assert len(list(client.products.iter_skus(page_size=2))) == 5
    missing = client.products.by_status("Missing Listing Data", start=0, count=100)
    live = client.products.by_status("Available for Purchase") + client.products.by_status("Under Jet Review")
    assert listed_sku in live and set(missing) >= {f"extra-{n}" for n in range(4)}
    rows = client.products.portal_skus(start=0, size=10)
    assert all(isinstance(row, PortalSku) for row in rows) and {row.merchant_sku for row in rows} >= {listed_sku}
    [listed] = [row for row in rows if row.merchant_sku == listed_sku]
    assert isinstance(listed.sub_status, list) and listed.status
    client.products.portal_export()


def test_skus_with_spaces_and_symbols_travel_escaped_and_slashes_are_refused(client):
    client.products.put("odd sku #1?&2%", product())
    assert client.products.get("odd sku #1?&2%").merchant_sku == "odd sku #1?&2%"
    with pytest.raises(JetValidationError) as caught:
        client.products.put("a/b", product())
    assert caught.value.problems[0].path == "merchant_sku"


def test_unknown_sku_is_not_found(client):
    with pytest.raises(JetNotFound) as caught:
        client.products.get("no-such-sku")
    assert caught.value.errors and caught.value.request.path == "/merchant-skus/no-such-sku"


def test_the_sandbox_refuses_what_jet_refuses_and_the_client_refuses_it_first(client):
    with pytest.raises(JetValidationError):
        client.products.put("bad", {"product_title": "Bottle", "jet_browse_node_id": "4000188"})
    # the same body sent raw reaches the sandbox's own validators: Jet-style messages come back typed
    with pytest.raises(JetBadRequest) as caught:
        client.transport.request("PUT", "/merchant-skus/bad", group="products", idempotent=True,
                                 json={"product_title": "Bottle", "jet_browse_node_id": "4000188"})  # fmt: skip
    assert any("jet_browse_node_id" in message for message in caught.value.errors)


def test_image_archive_variation_exceptions_and_sales_data(client, jet_merchant, listed_sku):
    node = jet_merchant.fulfillment_node_id
    client.products.put_image(listed_sku, {"main_image_url": "https://example.com/a.jpg",
                                           "alternate_images": [{"image_slot_id": 1, "image_url": "https://example.com/b.jpg"}]})  # fmt: skip
    client.products.delete_image(listed_sku, {"alternate_images": [{"image_slot_id": 1}]})
    unset = client.products.get_variation(listed_sku)  # no variation parent yet: read as an empty one (issue 16)
    assert (unset.relationship, unset.children_skus, unset.variation_refinements) == (None, [], [])
    client.products.put(
        "child-1", product(attributes_node_specific=[{"attribute_id": 172, "attribute_value": "A"}])
    )
    client.products.put(
        listed_sku, product(attributes_node_specific=[{"attribute_id": 172, "attribute_value": "B"}])
    )
    client.products.put_variation(listed_sku, {"relationship": "Variation", "variation_refinements": [172],
                                               "children_skus": ["child-1"], "group_title": "Bottles"})  # fmt: skip
    variation = client.products.get_variation(listed_sku)
    assert variation.children_skus == ["child-1"] and variation.variation_refinements == [172]
    client.products.put_shipping_exception(listed_sku, {"fulfillment_nodes": [{"fulfillment_node_id": node,
        "shipping_exceptions": [{"service_level": "Next Day", "shipping_exception_type": "restricted"}]}]})  # fmt: skip
    exceptions = client.products.get_shipping_exception(listed_sku)
    assert exceptions.fulfillment_nodes[0].shipping_exceptions[0].service_level == "Next Day"
    client.products.put_returns_exception(
        listed_sku, {"return_location_ids": [jet_merchant.return_location_id]}
    )
    assert client.products.get_returns_exception(listed_sku).return_location_ids == [
        jet_merchant.return_location_id
    ]
    client.products.get_sales_data(listed_sku)
    client.products.archive(listed_sku)
    assert client.products.get(listed_sku).status == "Archived"
    client.products.archive(listed_sku, False)
    assert client.products.get(listed_sku).status != "Archived"


def test_merchant_setup_endpoints(client, jet_merchant):
    nodes = client.merchant.fulfillment_nodes()
    assert [n.fulfillment_node_id for n in nodes] == [jet_merchant.fulfillment_node_id]
    assert client.merchant.fulfillment_node_ids() == [jet_merchant.fulfillment_node_id]
    assert (
        client.merchant.fulfillment_node(jet_merchant.fulfillment_node_id).fulfillment_node_id
        == jet_merchant.fulfillment_node_id
    )
    assert client.merchant.setup_fulfillment_nodes()
    locations = client.merchant.setup_returns_locations()
    assert all(isinstance(location, ReturnLocation) for location in locations)
    assert jet_merchant.return_location_id in [location.return_location_id for location in locations]
    assert client.merchant.setup_status() is not None
    assert client.merchant.returns_setup() is not None


def test_taxonomy(client):
    first = client.taxonomy.links("v1", offset=0, limit=50)
    assert len(first) == 50 and all(isinstance(n, int) for n in first)
    assert client.taxonomy.links("v1", offset=50, limit=50)[0] not in first
    node = client.taxonomy.node(NODE_ID)
    assert node.jet_node_id == NODE_ID and node.jet_level == 2
    attributes = client.taxonomy.attributes(NODE_ID)
    assert attributes and all(a.free_text in (0, 1, 2) for a in attributes)
    with pytest.raises(JetNotFound):
        client.taxonomy.node(1)


def test_bulk_files_of_every_type(client, jet_merchant):
    node = jet_merchant.fulfillment_node_id
    skus = [f"bulk-{n:03d}" for n in range(30)]
    uploads = [
        (FileType.MERCHANT_SKUS, {sku: product(f"Bulk bottle {sku}") for sku in skus}),
        (FileType.PRICE, {sku: {"price": 12.5} for sku in skus}),
        (FileType.INVENTORY, {sku: {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 4}]} for sku in skus}),
        (FileType.SHIPPING_EXCEPTION, {skus[0]: {"fulfillment_nodes": [{"fulfillment_node_id": node,
            "shipping_exceptions": [{"shipping_method": "Freight", "shipping_exception_type": "restricted"}]}]}}),
        (FileType.RETURNS_EXCEPTION, {skus[0]: {"return_location_ids": [jet_merchant.return_location_id]}}),
        (FileType.ARCHIVE, {skus[-1]: {"is_archived": True}}),
    ]  # fmt: skip
    for file_type, payloads in uploads:
        result = upload_bulk(
            client, file_type, payloads, max_skus=12, poll_initial=0.1, poll_max=0.5, timeout=60
        )
        assert result.ok, (file_type, result.errors())
        assert result.sku_count == len(payloads)
    assert client.products.get_inventory(skus[5]).quantity_at(node) == 4
    assert str(client.products.get_price(skus[5]).price) in ("12.5", "12.50")
    assert client.products.get(skus[-1]).status == "Archived"
    variation = upload_bulk(client, FileType.VARIATION, {skus[0]: {"variation_refinements": [172], "children_skus": [skus[1]]}},
                            poll_initial=0.1, timeout=60)  # fmt: skip
    assert variation.files and variation.files[0].status.is_final


def test_bulk_file_errors_come_back_with_jet_messages(client, jet_merchant):
    payloads = {
        "never-uploaded": {"fulfillment_nodes": [{"fulfillment_node_id": "not-my-node", "quantity": 1}]}
    }
    result = upload_bulk(client, FileType.INVENTORY, payloads, poll_initial=0.1, timeout=60)
    assert not result.ok
    assert result.files[0].status.status == "Processed with errors"
    assert result.errors() and result.error_count >= 1
