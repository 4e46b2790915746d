"""Merchant SKU contract: create/replace with validation, status flow, price, inventory, images, archive,
variations, shipping/returns exceptions, sales data and listings."""

from __future__ import annotations

import pytest

from jetcart.sandbox import messages
from tests.sandbox.helpers import errors_of, has_error, product_body


def test_should_store_and_echo_a_product_with_jet_fields(jet):
    assert jet.product("SKU-1", bullets=["one", "two"], extra_field="kept").status_code == 201
    sku = jet.get("/merchant-skus/SKU-1").json()
    assert sku["merchant_sku"] == "SKU-1"
    assert sku["product_title"] == "Stainless Water Bottle 750ml"
    assert sku["bullets"] == ["one", "two"] and sku["extra_field"] == "kept"
    assert len(sku["merchant_sku_id"]) == 32
    assert sku["status"] == "Missing Listing Data"  # review delay 0 in tests; no price yet
    assert sku["sub_status"] == ["Missing price"]
    assert sku["is_archived"] is False


def test_should_replace_the_product_on_a_second_put(jet):
    jet.product("SKU-1", brand="Acme")
    jet.product("SKU-1", brand="Other", bullets=None)
    assert jet.get("/merchant-skus/SKU-1").json()["brand"] == "Other"


def test_should_answer_404_for_an_unknown_sku_and_its_parts(jet):
    for path in ("", "/price", "/inventory", "/variation", "/shippingexception", "/returnsexception", "/salesdata"):
        assert errors_of(jet.get(f"/merchant-skus/NOPE{path}"), 404)
    assert errors_of(jet.put("/merchant-skus/NOPE/price", {"price": 1.0}), 404) == [
        messages.SKU_NOT_FOUND.format(sku="NOPE")]


@pytest.mark.parametrize(("overrides", "field"), [
    ({"product_title": "abc"}, "product_title"),
    ({"product_title": "x" * 501}, "product_title"),
    ({"jet_browse_node_id": "4000188"}, "jet_browse_node_id"),
    ({"jet_browse_node_id": 1}, "jet_browse_node_id"),
    ({"standard_product_codes": [{"standard_product_code": "012345678906", "standard_product_code_type": "UPC"}]},
     "standard_product_codes[0].standard_product_code"),
    ({"standard_product_codes": [{"standard_product_code": "12345", "standard_product_code_type": "UPC"}]},
     "standard_product_codes[0].standard_product_code"),
    ({"standard_product_codes": [{"standard_product_code": "012345678905", "standard_product_code_type": "SKU"}]},
     "standard_product_codes[0].standard_product_code_type"),
    ({"standard_product_codes": None, "ASIN": "B00-123"}, "ASIN"),
    ({"standard_product_codes": None}, "standard_product_codes"),
    ({"multipack_quantity": 0}, "multipack_quantity"),
    ({"multipack_quantity": 129}, "multipack_quantity"),
    ({"multipack_quantity": "1"}, "multipack_quantity"),
    ({"brand": "b" * 101}, "brand"),
    ({"manufacturer": "m" * 101}, "manufacturer"),
    ({"mfr_part_number": "p" * 51}, "mfr_part_number"),
    ({"product_description": "d" * 2001}, "product_description"),
    ({"bullets": ["b"] * 6}, "bullets"),
    ({"bullets": ["b" * 501]}, "bullets[0]"),
    ({"shipping_weight_pounds": "1.0"}, "shipping_weight_pounds"),
    ({"shipping_weight_pounds": -1}, "shipping_weight_pounds"),
    ({"prop_65": "yes"}, "prop_65"),
    ({"legal_disclaimer_description": "l" * 501}, "legal_disclaimer_description"),
    ({"cpsia_cautionary_statements": ["no warning applicable", "choking hazard balloon"]}, "cpsia_cautionary_statements"),
    ({"cpsia_cautionary_statements": ["beware"]}, "cpsia_cautionary_statements[0]"),
    ({"country_of_origin": "c" * 51}, "country_of_origin"),
    ({"safety_warning": "s" * 2001}, "safety_warning"),
    ({"start_selling_date": "someday"}, "start_selling_date"),
    ({"fulfillment_time": -1}, "fulfillment_time"),
    ({"msrp": 10.001}, "msrp"),
    ({"map_price": 10000000.0}, "map_price"),
    ({"map_implementation": "104"}, "map_implementation"),
    ({"map_implementation": "102"}, "map_price"),
    ({"product_tax_code": "Spaceships"}, "product_tax_code"),
    ({"attributes_node_specific": [{"attribute_id": 1, "attribute_value": "Albania"}] * 11}, "attributes_node_specific"),
    ({"attributes_node_specific": [{"attribute_id": "1", "attribute_value": "Albania"}]},
     "attributes_node_specific[0].attribute_id"),
    ({"attributes_node_specific": [{"attribute_id": 999999999, "attribute_value": "x"}]},
     "attributes_node_specific[0].attribute_id"),
    ({"attributes_node_specific": [{"attribute_id": 1, "attribute_value": "Atlantis"}]},
     "attributes_node_specific[0].attribute_value"),
    ({"main_image_url": "not a url"}, "main_image_url"),
    ({"alternate_images": [{"image_slot_id": 9, "image_url": "https://e.com/x.jpg"}]}, "alternate_images[0].image_slot_id"),
    ({"alternate_images": [{"image_slot_id": 1, "image_url": "https://e.com/x.jpg"}] * 2}, "alternate_images[1].image_slot_id"),
])
def test_should_refuse_each_broken_product_rule_naming_the_field(jet, overrides, field):
    response = jet.product("BAD", **overrides)
    assert has_error(response, field), response.json()
    assert jet.get("/merchant-skus/BAD").status_code == 404


def test_should_accept_the_other_identifier_routes(jet):
    assert jet.product("A", standard_product_codes=None, ASIN="B00ABCDEFG").status_code == 201
    assert jet.product("B", standard_product_codes=None, mfr_part_number="X-1").status_code == 201


def test_should_check_units_of_free_text_attributes(jet):
    # attribute 46 "Weight or Volume" (free_text 2) takes a number and a unit from its list (FL OZ, KG, LB…)
    assert has_error(jet.product("U", attributes_node_specific=[{"attribute_id": 46, "attribute_value": "16"}]),
                     "attributes_node_specific[0].attribute_value_unit")
    not_a_number = jet.product("U", attributes_node_specific=[
        {"attribute_id": 46, "attribute_value": "heavy", "attribute_value_unit": "LB"}])
    assert has_error(not_a_number, "attributes_node_specific[0].attribute_value")
    bad_unit = jet.product("U", attributes_node_specific=[
        {"attribute_id": 46, "attribute_value": "16", "attribute_value_unit": "parsec"}])
    assert has_error(bad_unit, "attributes_node_specific[0].attribute_value_unit")
    assert jet.product("U", attributes_node_specific=[
        {"attribute_id": 46, "attribute_value": "16", "attribute_value_unit": "LB"}]).status_code == 201


def test_should_list_what_is_missing_as_sub_statuses(jet):
    jet.product("PARTIAL", product_title=None, brand=None, main_image_url=None, shipping_weight_pounds=None,
                jet_browse_node_id=None, multipack_quantity=None, mfr_part_number="M-1")
    sku = jet.get("/merchant-skus/PARTIAL").json()
    assert sku["status"] == "Missing Listing Data"
    assert set(sku["sub_status"]) == {"Missing title", "Missing category", "Missing brand", "Missing image",
                                      "Missing shipping weight", "Incorrect multipack quantity", "Missing price"}


def test_should_flag_a_non_leaf_category(jet):
    jet.product("ROOT", jet_browse_node_id=4000157)
    assert "Invalid category" in jet.get("/merchant-skus/ROOT").json()["sub_status"]


def test_should_review_then_list_a_complete_sku(sandbox_server, jet):
    sandbox_server.set_controls(jet.merchant, review_delay=600)
    jet.listed_sku("S")
    assert jet.get("/merchant-skus/S").json()["status"] == "Under Jet Review"
    sandbox_server.advance_clock(jet.merchant, 601)
    sku = jet.get("/merchant-skus/S").json()
    assert sku["status"] == "Available for Purchase"
    assert sku["price"] == 20.0
    assert sku["inventory_by_fulfillment_node"] == [{"fulfillment_node_id": jet.node, "quantity": 10}]


def test_should_wait_in_review_without_inventory(jet):
    jet.product("S")
    jet.put("/merchant-skus/S/price", {"price": 5.0})
    assert jet.get("/merchant-skus/S").json()["status"] == "Under Jet Review"
    jet.patch("/merchant-skus/S/inventory", {"fulfillment_nodes": [{"fulfillment_node_id": jet.node, "quantity": 1}]})
    assert jet.get("/merchant-skus/S").json()["status"] == "Available for Purchase"


def test_should_archive_and_restore(jet):
    jet.listed_sku("S")
    assert jet.put("/merchant-skus/S/status/archive", {"is_archived": True}).status_code == 204
    sku = jet.get("/merchant-skus/S").json()
    assert (sku["status"], sku["is_archived"]) == ("Archived", True)
    assert jet.get("/merchant-skus/bystatus/Archived/0/10").json() == {"sku_urls": ["merchant-skus/S"]}
    assert jet.put("/merchant-skus/S/status/archive", {"is_archived": False}).status_code == 204
    assert jet.get("/merchant-skus/S").json()["status"] == "Available for Purchase"
    assert has_error(jet.put("/merchant-skus/S/status/archive", {"is_archived": "yes"}), "is_archived")


def test_should_store_and_return_the_price(jet):
    jet.product("S")
    body = {"price": 38.0, "fulfillment_nodes": [{"fulfillment_node_id": jet.node, "fulfillment_node_price": 37.5}]}
    assert jet.put("/merchant-skus/S/price", body).status_code == 204
    price = jet.get("/merchant-skus/S/price").json()
    assert price["price"] == 38.0
    assert price["fulfillment_nodes"] == [{"fulfillment_node_id": jet.node, "fulfillment_node_price": 37.5}]
    assert price["price_last_update"]


@pytest.mark.parametrize(("body", "field"), [
    ({}, "price"),
    ({"price": "38.00"}, "price"),
    ({"price": -1}, "price"),
    ({"price": 1.001}, "price"),
    ({"price": 1.0, "fulfillment_nodes": [{"fulfillment_node_id": "elsewhere", "fulfillment_node_price": 1.0}]},
     "fulfillment_nodes[0].fulfillment_node_id"),
])
def test_should_refuse_bad_prices(jet, body, field):
    jet.product("S")
    assert has_error(jet.put("/merchant-skus/S/price", body), field)


def test_should_refuse_a_node_listed_twice(jet):
    jet.product("S")
    body = {"price": 1.0, "fulfillment_nodes": [{"fulfillment_node_id": jet.node, "fulfillment_node_price": 1.0}] * 2}
    assert has_error(jet.put("/merchant-skus/S/price", body), "fulfillment_nodes[1].fulfillment_node_id")


def test_should_merge_inventory_on_patch_and_replace_on_put(sandbox_server, jet):
    jet.product("S")
    node = jet.node
    assert jet.patch("/merchant-skus/S/inventory", {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 7}]}).status_code == 204
    inventory = jet.get("/merchant-skus/S/inventory").json()
    assert [(n["fulfillment_node_id"], n["quantity"]) for n in inventory["fulfillment_nodes"]] == [(node, 7)]
    assert inventory["inventory_last_update"] and inventory["fulfillment_nodes"][0]["inventory_last_update"]
    assert jet.put("/merchant-skus/S/inventory", {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 3}]}).status_code == 204
    assert jet.get("/merchant-skus/S/inventory").json()["fulfillment_nodes"][0]["quantity"] == 3


@pytest.mark.parametrize(("body", "field"), [
    ({}, "fulfillment_nodes"),
    ({"fulfillment_nodes": []}, "fulfillment_nodes"),
    ({"fulfillment_nodes": [{"fulfillment_node_id": "N", "quantity": -1}]}, "fulfillment_nodes[0].quantity"),
    ({"fulfillment_nodes": [{"fulfillment_node_id": "N", "quantity": "4"}]}, "fulfillment_nodes[0].quantity"),
    ({"fulfillment_nodes": [{"fulfillment_node_id": "elsewhere", "quantity": 4}]}, "fulfillment_nodes[0].fulfillment_node_id"),
])
def test_should_refuse_bad_inventory(jet, body, field):
    jet.product("S")
    for entry in body.get("fulfillment_nodes", []):
        if entry["fulfillment_node_id"] == "N":
            entry["fulfillment_node_id"] = jet.node
    assert has_error(jet.patch("/merchant-skus/S/inventory", body), field)


def test_should_refuse_inventory_put_in_post_2018_mode(sandbox_server, jet):
    sandbox_server.set_controls(jet.merchant, inventory_put="reject")
    jet.product("S")
    body = {"fulfillment_nodes": [{"fulfillment_node_id": jet.node, "quantity": 3}]}
    assert errors_of(jet.put("/merchant-skus/S/inventory", body), 405) == [messages.INVENTORY_PUT_REMOVED]


def test_should_set_and_delete_images(jet):
    jet.product("S", main_image_url=None)
    assert "Missing image" in jet.get("/merchant-skus/S").json()["sub_status"]
    body = {"main_image_url": "https://e.com/m.jpg",
            "alternate_images": [{"image_slot_id": 1, "image_url": "https://e.com/1.jpg"}]}
    assert jet.put("/merchant-skus/S/image", body).status_code == 204
    sku = jet.get("/merchant-skus/S").json()
    assert sku["main_image_url"] == "https://e.com/m.jpg" and "Missing image" not in sku["sub_status"]
    assert has_error(jet.put("/merchant-skus/S/image", {"swatch_image_url": "https://e.com/s.jpg"}), "main_image_url")
    response = jet.http.request("DELETE", "/merchant-skus/S/image", json={"alternate_images": [{"image_slot_id": 1}]})
    assert response.status_code == 204
    assert jet.get("/merchant-skus/S").json()["alternate_images"] == []


def test_should_group_variations_by_rules(jet):
    colour = [{"attribute_id": 1, "attribute_value": "Albania"}]
    jet.product("PARENT", attributes_node_specific=colour)
    jet.product("CHILD-1", attributes_node_specific=colour)
    jet.product("CHILD-2", attributes_node_specific=colour, brand="Other")
    jet.product("CHILD-3")
    body = {"relationship": "Variation", "variation_refinements": [1], "children_skus": ["CHILD-1"],
            "group_title": "Bottles"}
    assert jet.put("/merchant-skus/PARENT/variation", body).status_code == 204
    shown = jet.get("/merchant-skus/PARENT/variation").json()
    assert shown["children_skus"] == [{"merchant_sku": "CHILD-1"}] and shown["variation_refinements"] == [1]
    assert errors_of(jet.put("/merchant-skus/PARENT/variation", {**body, "children_skus": ["GHOST"]})) == [
        messages.VARIATION_CHILD_UNKNOWN.format(sku="GHOST")]
    assert errors_of(jet.put("/merchant-skus/PARENT/variation", {**body, "children_skus": ["CHILD-2"]})) == [
        messages.VARIATION_BRAND.format(sku="CHILD-2", brand="Other", parent_brand="Acme")]
    assert errors_of(jet.put("/merchant-skus/PARENT/variation", {**body, "children_skus": ["CHILD-3"]})) == [
        messages.VARIATION_REFINEMENT.format(sku="CHILD-3", attribute=1)]
    assert has_error(jet.put("/merchant-skus/PARENT/variation", {**body, "variation_refinements": ["1"]}),
                     "variation_refinements[0]")


def test_should_store_shipping_exceptions(jet):
    jet.product("S")
    body = {"fulfillment_nodes": [{"fulfillment_node_id": jet.node, "shipping_exceptions": [
        {"service_level": "Standard", "shipping_exception_type": "restricted"},
        {"shipping_method": "Freight", "override_type": "Additional charge", "shipping_charge_amount": 3.25,
         "shipping_exception_type": "exclusive"}]}]}
    assert jet.put("/merchant-skus/S/shippingexception", body).status_code == 204
    assert jet.get("/merchant-skus/S/shippingexception").json() == body


@pytest.mark.parametrize(("entry", "field"), [
    ({"service_level": "Warp", "shipping_exception_type": "restricted"}, "fulfillment_nodes[0].shipping_exceptions[0].service_level"),
    ({"shipping_method": "Freight", "shipping_exception_type": "sometimes"}, "fulfillment_nodes[0].shipping_exceptions[0].shipping_exception_type"),
    ({"shipping_method": "Freight", "override_type": "Override charge", "shipping_exception_type": "exclusive"},
     "fulfillment_nodes[0].shipping_exceptions[0].shipping_charge_amount"),
    ({"shipping_exception_type": "exclusive"}, "fulfillment_nodes[0].shipping_exceptions[0]"),
])
def test_should_refuse_bad_shipping_exceptions(jet, entry, field):
    jet.product("S")
    body = {"fulfillment_nodes": [{"fulfillment_node_id": jet.node, "shipping_exceptions": [entry]}]}
    assert has_error(jet.put("/merchant-skus/S/shippingexception", body), field)


def test_should_store_returns_exceptions_for_known_locations(jet):
    jet.product("S")
    location = jet.merchant.return_location_id
    body = {"return_location_ids": [location], "time_to_return": 14, "return_shipping_methods": ["UPS Ground"]}
    assert jet.put("/merchant-skus/S/returnsexception", body).status_code == 204
    assert jet.get("/merchant-skus/S/returnsexception").json() == body
    assert errors_of(jet.put("/merchant-skus/S/returnsexception", {"return_location_ids": ["nowhere"]})) == [
        messages.RETURN_LOCATION_UNKNOWN.format(location="nowhere")]
    assert has_error(jet.put("/merchant-skus/S/returnsexception", {"return_location_ids": [location],
                                                                   "time_to_return": 31}), "time_to_return")


def test_should_report_sales_data_from_orders(jet):
    jet.listed_sku("S", price=9.99)
    jet.order([{"sku": "S", "order_quantity": 3}])
    data = jet.get("/merchant-skus/S/salesdata").json()
    assert data["units_sold"]["last_30_days"] == 3
    assert data["my_best_offer"][0]["item_price"] == 9.99
    assert isinstance(data["sales_rank"]["level_0"], int)


def test_should_page_the_sku_list_and_list_by_status(jet):
    for n in range(5):
        jet.product(f"S{n}")
    assert jet.get("/merchant-skus?offset=1&limit=2").json() == {"sku_urls": ["merchant-skus/S1", "merchant-skus/S2"]}
    assert jet.get("/merchant-skus?offset=9&limit=2").json() == {"sku_urls": []}
    assert has_error(jet.get("/merchant-skus?offset=-1"), "offset")
    listed = jet.get("/merchant-skus/bystatus/Missing%20Listing%20Data/0/3").json()["sku_urls"]
    assert listed == ["merchant-skus/S0", "merchant-skus/S1", "merchant-skus/S2"]
    assert jet.get("/merchant-skus/bystatus/missing%20listing%20data/3/10").json()["sku_urls"] == [
        "merchant-skus/S3", "merchant-skus/S4"]
    assert errors_of(jet.get("/merchant-skus/bystatus/Sleeping/0/3"))


def test_product_body_helper_is_valid():
    assert product_body()["jet_browse_node_id"] == 4000188
