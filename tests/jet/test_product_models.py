"""Jet's merchant SKU rules (§2.2–2.4, 2.7–2.13): every rule refuses with its field path, all at once."""

from decimal import Decimal

import pytest

from jetcart.jet.errors import JetValidationError, Problem
from jetcart.jet.models import (
    ArchiveUpdate,
    ImageUpdate,
    InventoryUpdate,
    MerchantSku,
    PriceUpdate,
    ReturnsExceptionUpdate,
    ShippingExceptionUpdate,
    SkuInventory,
    SkuSalesData,
    SkuVariation,
    VariationUpdate,
    listing_gaps,
)


def valid_sku(**changes):
    body = {
        "product_title": "Stainless Water Bottle 750ml",
        "jet_browse_node_id": 4000188,
        "standard_product_codes": [
            {"standard_product_code": "012345678905", "standard_product_code_type": "UPC"}
        ],
        "multipack_quantity": 1,
        "brand": "Acme",
        "main_image_url": "https://example.com/img/bottle.jpg",
        "shipping_weight_pounds": 1.25,
        "attributes_node_specific": [{"attribute_id": 2, "attribute_value": "Blue"}],
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def problems_of(model, body):
    with pytest.raises(JetValidationError) as caught:
        model.parse(body)
    return caught.value.problems


def test_the_spec_example_is_valid_and_round_trips():
    sku = MerchantSku.parse(valid_sku())
    assert sku.to_json() == valid_sku()
    assert MerchantSku.problems(valid_sku()) == []


@pytest.mark.parametrize(
    ("changes", "path", "message"),
    [
        ({"product_title": "Cup"}, "product_title", "at least 5 characters"),
        ({"product_title": "x" * 501}, "product_title", "at most 500 characters"),
        ({"jet_browse_node_id": "4000188"}, "jet_browse_node_id", "JSON integer"),
        ({"jet_browse_node_id": 4000188.0}, "jet_browse_node_id", "JSON integer"),
        ({"jet_browse_node_id": 0}, "jet_browse_node_id", "at least 1"),
        ({"multipack_quantity": 0}, "multipack_quantity", "at least 1"),
        ({"multipack_quantity": 129}, "multipack_quantity", "at most 128"),
        ({"multipack_quantity": "2"}, "multipack_quantity", "JSON integer"),
        ({"brand": ""}, "brand", "at least 1"),
        ({"brand": "b" * 101}, "brand", "at most 100"),
        ({"manufacturer": "m" * 101}, "manufacturer", "at most 100"),
        ({"mfr_part_number": "p" * 51}, "mfr_part_number", "at most 50"),
        ({"product_description": "d" * 2001}, "product_description", "at most 2000"),
        ({"bullets": ["ok"] * 6}, "bullets", "at most 5 entries"),
        ({"bullets": ["b" * 501]}, "bullets[0]", "at most 500"),
        ({"legal_disclaimer_description": "l" * 501}, "legal_disclaimer_description", "at most 500"),
        ({"country_of_origin": "c" * 51}, "country_of_origin", "at most 50"),
        ({"safety_warning": "s" * 2001}, "safety_warning", "at most 2000"),
        ({"cpsia_cautionary_statements": ["choking hazard"]}, "cpsia_cautionary_statements[0]", "not 'choking hazard'"),
        (
            {"cpsia_cautionary_statements": ["no warning applicable", "choking hazard balloon"]},
            "cpsia_cautionary_statements",
            "must be the only statement",
        ),
        ({"msrp": "10.00"}, "msrp", "JSON number"),
        ({"msrp": 10.005}, "msrp", "at most 2 decimals"),
        ({"msrp": -1}, "msrp", "at least 0"),
        ({"map_price": 12345678.00}, "map_price", "digits"),
        ({"map_implementation": "104"}, "map_implementation", "101"),
        ({"map_implementation": "102"}, "map_price", 'required when map_implementation is "102"'),
        ({"product_tax_code": "Toys"}, "product_tax_code", "tax codes"),
        ({"no_return_fee_adjustment": 0.025}, "no_return_fee_adjustment", "decimals"),
        ({"prop_65": "true"}, "prop_65", "true or false"),
        ({"ships_alone": 1}, "ships_alone", "true or false"),
        ({"fulfillment_time": -1}, "fulfillment_time", "at least 0"),
        ({"shipping_weight_pounds": 1.255}, "shipping_weight_pounds", "decimals"),
        ({"package_length_inches": -2}, "package_length_inches", "at least 0"),
        ({"package_width_inches": "2.5"}, "package_width_inches", "must be a JSON number"),
        ({"package_width_inches": True}, "package_width_inches", "must be a JSON number"),
        ({"display_height_inches": 1000000}, "display_height_inches", "at most 6 digits before the decimal point"),
        ({"display_width_inches": 0.001}, "display_width_inches", "at most 2 decimals"),
        ({"start_selling_date": "next week"}, "start_selling_date", "ISO-8601"),
        ({"main_image_url": "/img/a.jpg"}, "main_image_url", "absolute"),
        ({"swatch_image_url": "ftp://x/y"}, "swatch_image_url", "absolute"),
        ({"alternate_images": [{"image_slot_id": 9, "image_url": "https://e.com/a.jpg"}]},
         "alternate_images[0].image_slot_id", "at most 8"),
        (
            {"alternate_images": [{"image_slot_id": 1, "image_url": "https://e.com/a.jpg"},
                                  {"image_slot_id": 1, "image_url": "https://e.com/b.jpg"}]},
            "alternate_images[1].image_slot_id",
            "used twice",
        ),
        ({"attributes_node_specific": [{"attribute_id": "2", "attribute_value": "Blue"}]},
         "attributes_node_specific[0].attribute_id", "JSON integer"),
        ({"attributes_node_specific": [{"attribute_id": n, "attribute_value": "v"} for n in range(11)]},
         "attributes_node_specific", "at most 10"),
        ({"ASIN": "B00"}, "ASIN", "10 letters or digits"),
        ({"standard_product_codes": [{"standard_product_code": "012345678906", "standard_product_code_type": "UPC"}]},
         "standard_product_codes[0].standard_product_code", "check digit"),
        ({"standard_product_codes": [{"standard_product_code": "4006381333931", "standard_product_code_type": "UPC"}]},
         "standard_product_codes[0].standard_product_code", "exactly 12 digits"),
        ({"standard_product_codes": [{"standard_product_code": "012345678905", "standard_product_code_type": "ASIN"}]},
         "standard_product_codes[0].standard_product_code_type", "UPC"),
        ({"standard_product_codes": []}, "standard_product_codes", "at least 1"),
        ({"colour": "blue"}, "colour", "not a field Jet knows"),
    ],
)  # fmt: skip
def test_each_rule_refuses_with_its_field_path(changes, path, message):
    problems = problems_of(MerchantSku, valid_sku(**changes))
    assert any(p.path == path and message in p.message for p in problems), problems


@pytest.mark.parametrize(
    "route",
    [
        {
            "standard_product_codes": [
                {"standard_product_code": "9780306406157", "standard_product_code_type": "ISBN-13"}
            ]
        },
        {"ASIN": "B00ABCDEFG"},
        {"mfr_part_number": "AC-750"},
    ],
)
def test_any_identifier_route_is_enough(route):
    body = valid_sku(standard_product_codes=None) | route
    assert MerchantSku.problems(body) == []


def test_a_product_without_any_identifier_route_is_refused():
    problems = problems_of(MerchantSku, valid_sku(standard_product_codes=None))
    assert [p.path for p in problems] == ["standard_product_codes"]
    assert "brand + mfr_part_number" in problems[0].message


def test_one_error_lists_every_problem_including_cross_field_rules():
    body = valid_sku(
        product_title="Cup",
        jet_browse_node_id="1",
        standard_product_codes=None,
        map_implementation="102",
        bullets=["x"] * 7,
    )
    with pytest.raises(JetValidationError) as caught:
        MerchantSku.parse(body)
    error = caught.value
    assert {p.path for p in error.problems} == {
        "product_title",
        "jet_browse_node_id",
        "standard_product_codes",
        "map_price",
        "bullets",
    }
    assert error.as_pairs()[0] == ("product_title", "must be at least 5 characters")
    assert "product_title: must be at least 5 characters" in error.messages()
    assert "MerchantSku is invalid (5 problems)" in str(error)


def test_a_non_object_is_refused():
    assert MerchantSku.problems(["not", "an", "object"]) == [Problem("", "must be a JSON object")]


def test_money_keeps_decimals_and_sends_numbers():
    price = PriceUpdate.parse(
        {"price": 38.1, "fulfillment_nodes": [{"fulfillment_node_id": "n1", "fulfillment_node_price": 38}]}
    )
    assert price.price == Decimal("38.1")
    assert price.to_json() == {
        "price": 38.1,
        "fulfillment_nodes": [{"fulfillment_node_id": "n1", "fulfillment_node_price": 38}],
    }


def test_advisories_warn_about_the_old_fifty_character_brand_limit():
    sku = MerchantSku.parse(valid_sku(brand="B" * 60))
    assert [p.path for p in sku.advisories()] == ["brand"]


def test_listing_gaps_name_jet_sub_statuses():
    assert listing_gaps(valid_sku()) == []
    assert listing_gaps({"ASIN": "B00ABCDEFG"}, has_price=False) == [
        "Missing title", "Missing category", "Missing brand", "Missing image", "Missing shipping weight",
        "Missing price",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("model", "body", "path", "message"),
    [
        (PriceUpdate, {"price": "38.00"}, "price", "JSON number"),
        (PriceUpdate, {}, "price", "required"),
        (PriceUpdate, {"price": 1, "fulfillment_nodes": [{"fulfillment_node_id": "n", "fulfillment_node_price": -1}]},
         "fulfillment_nodes[0].fulfillment_node_price", "at least 0"),
        (PriceUpdate, {"price": 1, "fulfillment_nodes": [{"fulfillment_node_id": "n", "fulfillment_node_price": 1},
                                                         {"fulfillment_node_id": "n", "fulfillment_node_price": 2}]},
         "fulfillment_nodes[1].fulfillment_node_id", "listed twice"),
        (InventoryUpdate, {"fulfillment_nodes": []}, "fulfillment_nodes", "at least 1"),
        (InventoryUpdate, {"fulfillment_nodes": [{"fulfillment_node_id": "n", "quantity": -1}]},
         "fulfillment_nodes[0].quantity", "at least 0"),
        (InventoryUpdate, {"fulfillment_nodes": [{"fulfillment_node_id": "n", "quantity": "3"}]},
         "fulfillment_nodes[0].quantity", "JSON integer"),
        (InventoryUpdate, {"fulfillment_nodes": [{"fulfillment_node_id": "", "quantity": 3}]},
         "fulfillment_nodes[0].fulfillment_node_id", "at least 1"),
        (ImageUpdate, {"swatch_image_url": "https://e.com/s.jpg"}, "main_image_url", "required"),
        (ArchiveUpdate, {"is_archived": "yes"}, "is_archived", "true or false"),
        (VariationUpdate, {"variation_refinements": ["1"], "children_skus": ["a"]},
         "variation_refinements[0]", "JSON integer"),
        (VariationUpdate, {"variation_refinements": [1], "children_skus": []}, "children_skus", "at least 1"),
        (VariationUpdate, {"variation_refinements": [1], "children_skus": ["a", "a"]}, "children_skus[1]", "twice"),
        (VariationUpdate, {"relationship": "Bundle", "variation_refinements": [1], "children_skus": ["a"]},
         "relationship", "Variation"),
        (ReturnsExceptionUpdate, {"return_location_ids": ["x"], "time_to_return": 31}, "time_to_return", "at most 30"),
        (ReturnsExceptionUpdate, {"return_location_ids": []}, "return_location_ids", "at least 1"),
    ],
)  # fmt: skip
def test_price_inventory_image_archive_variation_returns_rules(model, body, path, message):
    problems = problems_of(model, body)
    assert any(p.path == path and message in p.message for p in problems), problems


def shipping(entry):
    return {"fulfillment_nodes": [{"fulfillment_node_id": "n1", "shipping_exceptions": [entry]}]}


def test_shipping_exception_example_is_valid():
    body = {"fulfillment_nodes": [{"fulfillment_node_id": "n1", "shipping_exceptions": [
        {"service_level": "Standard", "shipping_exception_type": "restricted"},
        {"shipping_method": "Freight", "override_type": "Additional charge", "shipping_charge_amount": 3.25,
         "shipping_exception_type": "exclusive"}]}]}  # fmt: skip
    assert ShippingExceptionUpdate.parse(body).to_json() == body


@pytest.mark.parametrize(
    ("entry", "path", "message"),
    [
        ({"shipping_exception_type": "restricted"}, "", "exactly one"),
        ({"service_level": "Standard", "shipping_method": "Freight", "shipping_exception_type": "restricted"},
         "", "exactly one"),
        ({"service_level": "Standard", "override_type": "Override charge", "shipping_exception_type": "exclusive"},
         ".shipping_charge_amount", "required when override_type"),
        ({"service_level": "Standard", "shipping_charge_amount": 1, "shipping_exception_type": "exclusive"},
         ".override_type", "required when shipping_charge_amount"),
        ({"service_level": "Warp", "shipping_exception_type": "exclusive"}, ".service_level", "service levels"),
        ({"shipping_method": "Pigeon", "shipping_exception_type": "exclusive"}, ".shipping_method", "shipping methods"),
        ({"service_level": "Standard", "shipping_exception_type": "sometimes"}, ".shipping_exception_type",
         "exclusive"),
    ],
)  # fmt: skip
def test_shipping_exception_rules(entry, path, message):
    problems = problems_of(ShippingExceptionUpdate, shipping(entry))
    full = "fulfillment_nodes[0].shipping_exceptions[0]" + path
    assert any(p.path == full and message in p.message for p in problems), problems


def test_responses_tolerate_variants():
    assert SkuVariation.model_validate({"children_skus": [{"merchant_sku": "a"}, "b"]}).children_skus == [
        "a",
        "b",
    ]
    assert SkuSalesData.model_validate({"sales_rank": {"level0": 7}}).sales_rank.level_0 == 7
    inventory = SkuInventory.model_validate(
        {"fulfillment_nodes": [{"fulfillment_node_id": "n", "quantity": 3,
                                "inventory_last_update": "2018-02-01T10:00:00.1234567Z"}]})  # fmt: skip
    assert inventory.quantity_at("n") == 3
    assert inventory.fulfillment_nodes[0].inventory_last_update.microsecond == 123456


def test_unknown_fields_can_be_tolerated_as_jet_did():
    body = valid_sku(colour="blue", product_title="Cup")
    assert [p.path for p in MerchantSku.problems(body)] == ["product_title", "colour"]
    assert [p.path for p in MerchantSku.problems(body, allow_unknown_fields=True)] == ["product_title"]


@pytest.mark.parametrize("value", [0, 0.0, 1.25, 1.250, 999999.99, 12, Decimal("1.2500"), Decimal("0.000")])
def test_a_dimension_takes_numbers_with_two_decimals_or_trailing_zeros(value):
    body = MerchantSku.model_validate({"shipping_weight_pounds": value, "brand": "B", "mfr_part_number": "M"})
    assert body.shipping_weight_pounds == Decimal(str(value))
    assert body.to_json()["shipping_weight_pounds"] == float(value) and not isinstance(
        body.to_json()["shipping_weight_pounds"], str)


@pytest.mark.parametrize("value", [0, 0.0, -0.0, 1.25, 1.5, 12.0, 999999.99, 999999.995, 1e6, 1e-05, 0.125, 1.001,
                                   -1.0, -1, 12, 10**6, 10**7, float("nan"), float("inf"), True, "1.5", None,
                                   Decimal("1.2500"), Decimal("0.001"), Decimal("1.25"), Decimal("12"), Decimal("-0"),
                                   Decimal("-0.00"), Decimal("-1.00"), Decimal("999999.99"), Decimal("1E+6"),
                                   Decimal("1E+2"), Decimal("1000000.00"), Decimal("NaN"), Decimal("sNaN"),
                                   Decimal("Infinity"), Decimal("0.10")])
def test_the_dimension_shortcut_gives_what_every_check_gives(value):
    from jetcart.jet.models.base import _checked_dimension, _dimension

    def outcome(check):
        try:
            result = check(value)
        except ValueError as error:
            return "refused", str(error)
        return "taken", str(result), type(result)

    assert outcome(_dimension) == outcome(_checked_dimension)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"msrp": Decimal("19.90"), "map_implementation": "102", "map_price": Decimal("15"),
         "shipping_weight_pounds": Decimal("2.50"), "start_selling_date": "2026-12-07T10:00:00Z"},
        {"standard_product_codes": None, "mfr_part_number": "AC-750", "bullets": ["a", "b"]},
        {"alternate_images": [{"image_slot_id": 1, "image_url": "https://e.com/a.jpg"},
                              {"image_slot_id": 2, "image_url": "https://e.com/b.jpg"}]},
        # rules alone broken: each must still be refused, by name
        {"standard_product_codes": None},
        {"map_implementation": "102"},
        {"bullets": ["x"] * 6},
        {"alternate_images": [{"image_slot_id": 1, "image_url": "https://e.com/a.jpg"},
                              {"image_slot_id": 1, "image_url": "https://e.com/b.jpg"}]},
        # fields and rules broken together
        {"product_title": "Cup", "standard_product_codes": None, "map_implementation": "102"},
        {"msrp": 10.005, "colour": "blue"},
    ],
)  # fmt: skip
def test_parse_json_gives_what_parse_and_to_json_give(changes):
    body = valid_sku(**changes)
    try:
        expected = MerchantSku.parse(body).to_json()
    except JetValidationError as error:
        with pytest.raises(JetValidationError) as caught:
            MerchantSku.parse_json(body)
        assert caught.value.problems == error.problems
        assert all(problem.path for problem in caught.value.problems)
    else:
        assert MerchantSku.parse_json(body) == expected


def test_parse_json_of_a_model_whose_rules_read_numbers_takes_the_full_path():
    body = {"price": 10, "fulfillment_nodes": [{"fulfillment_node_id": "n1", "fulfillment_node_price": 10},
                                               {"fulfillment_node_id": "n1", "fulfillment_node_price": 11}]}
    assert not PriceUpdate.rules_read_json
    with pytest.raises(JetValidationError) as caught:
        PriceUpdate.parse_json(body)
    assert caught.value.problems == tuple(problems_of(PriceUpdate, body))
