"""Category, field and option mapping, per-product Jet data and the mappings CSV."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jetcart.connector.mapping import categories as category_mapping
from jetcart.connector.mapping import csv_transfer as mapping_csv
from jetcart.connector.mapping import fields as field_mapping
from jetcart.connector.mapping import options as option_mapping
from jetcart.connector.mapping import product_attributes, units
from jetcart.connector.models import CategoryMapping, JetAttribute, OptionValueMapping, ProductJetData

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(mapping_store):
    return mapping_store


def test_should_map_a_store_category_to_a_leaf(store):
    mapping = category_mapping.map_category(store_category_id=28, jet_category_id=8000195)
    assert mapping.store_category_path == "Components > Monitors"
    assert category_mapping.jet_category_by_store_category() == {28: 8000195}


@pytest.mark.parametrize(("jet_id", "reason"), [(8000194, "subcategories"), (500205, "deactivated"),
                                                (123, "not in the imported taxonomy")])
def test_should_refuse_a_category_jet_does_not_take_products_in(store, jet_id, reason):
    with pytest.raises(category_mapping.CategoryMappingError, match=reason):
        category_mapping.map_category(store_category_id=28, jet_category_id=jet_id)
    assert not CategoryMapping.objects.exists()


def test_should_map_all_store_categories_to_one(store):
    category_mapping.map_category(store_category_id=28, jet_category_id=8000196)
    assert category_mapping.map_all_categories(jet_category_id=8000195) == 3
    assert set(category_mapping.jet_category_by_store_category().values()) == {8000195}


def test_should_create_the_store_category_and_map_it(store):
    mapping = category_mapping.create_category_and_map(jet_category_id=8000195)
    assert store.category_rows[mapping.store_category_id].name == "3-D Puzzles"
    assert mapping.jet_category_id == 8000195


def test_should_convert_weights_and_lengths_to_pounds_and_inches():
    assert units.to_pounds(Decimal("1.5"), "kg") == Decimal("3.31")
    assert units.to_pounds("500", "g") == Decimal("1.10")
    assert units.to_pounds("8", "oz") == Decimal("0.50")
    assert units.to_inches("10", "cm") == Decimal("3.94")
    assert units.to_inches("3", "in") == Decimal("3.00")
    with pytest.raises(units.UnitError, match="'st'"):
        units.to_pounds("1", "st")


def test_should_resolve_product_fields_with_defaults_units_and_overrides(store):
    product = store.products[30]
    values = field_mapping.resolve_product_fields(product)
    assert values["product_title"] == "Canon EOS 5D" and values["brand"] == "Apple"
    assert values["product_description"] == "Nice & shiny"
    assert values["shipping_weight_pounds"] == Decimal("3.31")
    assert values["package_length_inches"] == Decimal("3.94")
    assert values["multipack_quantity"] == 1
    assert values["standard_product_codes"] == [{"standard_product_code": "036000291452",
                                                 "standard_product_code_type": "UPC"}]
    field_mapping.set_field_mapping(jet_field="brand", source="fixed", fixed_value="Canon")
    field_mapping.set_field_mapping(jet_field="product_title", source="store", store_field="model")
    values = field_mapping.resolve_product_fields(product, overrides={"upc": "012345678905", "isbn_13": "9780306406157"})
    assert values["brand"] == "Canon" and values["product_title"] == "Product 30"
    assert {c["standard_product_code_type"]: c["standard_product_code"] for c in values["standard_product_codes"]} \
        == {"UPC": "012345678905", "ISBN-13": "9780306406157"}


def test_should_name_the_field_whose_store_unit_cannot_be_converted(store):
    from dataclasses import replace

    product = replace(store.products[30], weight_unit="stone")
    with pytest.raises(field_mapping.FieldMappingError, match="shipping_weight_pounds: .*'stone'"):
        field_mapping.resolve_product_fields(product)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("multipack_quantity", "0", "between 1 and 128"),
    ("multipack_quantity", "x", "not a whole number"),
    ("upc", "012345678905", "same fixed value"),
    ("country_of_origin", "x" * 51, "at most 50"),
])
def test_should_refuse_a_fixed_value_jet_would_refuse(field, value, message):
    with pytest.raises(field_mapping.FieldMappingError, match=message):
        field_mapping.set_field_mapping(jet_field=field, source="fixed", fixed_value=value)


def _form(data, product_id=30, attributes=None):
    return product_attributes.ProductJetDataForm(
        data, instance=ProductJetData(product_id=product_id), attributes=attributes or [])


@pytest.mark.parametrize(("field", "value", "message"), [
    ("upc", "036000291453", "wrong UPC check digit"),
    ("upc", "12345", "exactly 12 digits"),
    ("ean", "4006381333932", "wrong EAN check digit"),
    ("gtin_14", "1234567890123", "exactly 14 digits"),
    ("isbn_10", "0306406153", "wrong ISBN-10 check digit"),
    ("isbn_13", "9770306406157", "start with 978 or 979"),
    ("asin", "B00-123", "exactly 10 letters or digits"),
    ("brand", "b" * 101, "at most 100 characters"),
    ("product_title", "abc", "at least 5 characters"),
    ("multipack_quantity", "129", "at most 128"),
    ("msrp", "10.555", "2 decimal places"),
])
def test_should_refuse_each_field_as_jet_would_with_the_message_on_the_field(field, value, message):
    form = _form({field: value})
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_should_save_valid_jet_data_and_category_attributes(store):
    attributes = list(JetAttribute.objects.filter(pk__in=[31, 45]).order_by("pk"))
    form = _form({"upc": "036000291452", "isbn_10": "080442957x", "brand": "Canon", "bullets": "One\nTwo",
                  "attr_31": "Ages 3-5", "attr_45": "12.5", "attr_45_unit": "CM",
                  "jet_category": "3-D Puzzles (8000195)", "cpsia_cautionary_statements": ["no warning applicable"]},
                 attributes=attributes)
    assert form.is_valid(), form.errors
    product_attributes.save_product_jet_data(form=form)
    overrides = product_attributes.product_overrides(30)
    assert overrides["isbn_10"] == "080442957X" and overrides["bullets"] == ["One", "Two"]
    assert product_attributes.product_node_attributes(30) == [
        {"attribute_id": 31, "attribute_value": "Ages 3-5"},
        {"attribute_id": 45, "attribute_value": "12.5", "attribute_value_unit": "CM"},
    ]
    chosen = product_attributes.product_jet_category(product_id=30, store_category_ids=[20])
    assert chosen.category.pk == 8000195 and chosen.source == "product"


def test_should_refuse_category_attribute_values_jet_would_refuse(store):
    attributes = list(JetAttribute.objects.filter(pk__in=[31, 45]).order_by("pk"))
    form = _form({"attr_31": "Ages 99", "attr_45": "long", "jet_category": "8000194"}, attributes=attributes)
    assert not form.is_valid()
    assert "Select a valid choice" in form.errors["attr_31"][0]
    assert "takes a number" in form.errors["attr_45"][0]
    assert "Choose the unit" in form.errors["attr_45_unit"][0]
    assert "subcategories" in form.errors["jet_category"][0]


def test_should_suggest_and_accept_option_mappings_by_equal_names(store):
    category_mapping.map_category(store_category_id=28, jet_category_id=8000195)
    suggestions = option_mapping.suggest_option_mappings()
    described = {s.describe() for s in suggestions}
    assert "option Color → Jet attribute Color (119)" in described
    assert "option Size → Jet attribute Size (50)" in described
    assert "Color: Blue → Blue" in described
    assert option_mapping.accept_suggestions(suggestions) == len(suggestions)
    assert option_mapping.suggest_option_mappings() == []
    assert option_mapping.variant_values_of([(13, 102), (11, 47)]) == [
        {"attribute_id": 119, "attribute_value": "Blue"}, {"attribute_id": 50, "attribute_value": "Large"}]


def test_should_match_an_option_to_jets_description_without_its_free_text_suffix():
    attribute = JetAttribute(attribute_id=50, name="Size - Free Text", description="Size - Free Text", variant=True)
    assert "size" in option_mapping.attribute_names(attribute)


def test_should_map_an_option_value_only_to_a_value_of_a_list_attribute(store):
    option_mapping.map_option(option_id=13, jet_attribute_id=31)
    with pytest.raises(option_mapping.OptionMappingError, match="not a value of Jet attribute Age Range"):
        option_mapping.map_option_value(option_id=13, option_value_id=102, jet_value="eBook")
    option_mapping.map_option_value(option_id=13, option_value_id=102, jet_value="Ages 3-5")
    assert OptionValueMapping.objects.get().jet_value == "Ages 3-5"
    with pytest.raises(option_mapping.OptionMappingError, match="not a variant attribute"):
        option_mapping.map_option(option_id=13, jet_attribute_id=45)


def test_should_export_and_import_all_mappings_as_csv(store):
    category_mapping.map_category(store_category_id=28, jet_category_id=8000195)
    option_mapping.map_option(option_id=13, jet_attribute_id=119)
    option_mapping.map_option_value(option_id=13, option_value_id=101, jet_value="Red")
    field_mapping.set_field_mapping(jet_field="brand", source="fixed", fixed_value="Canon")
    exported = mapping_csv.export_mappings_csv()
    CategoryMapping.objects.all().delete()
    option_mapping.unmap_option(option_id=13)
    field_mapping.reset_field_mappings()
    result = mapping_csv.import_mappings_csv(exported)
    assert result.ok, result.errors
    assert mapping_csv.export_mappings_csv() == exported


def test_should_import_nothing_and_name_each_bad_row(store):
    text = ("kind,store_id,store_name,jet_id,jet_value\n"
            "category,28,,8000195,\n"
            "category,20,,8000194,\n"
            "field,multipack_quantity,,fixed,500\n"
            "colour,1,,2,\n")
    result = mapping_csv.import_mappings_csv(text)
    assert result.applied == 0
    assert [e.line for e in result.errors] == [3, 4, 5]
    assert "subcategories" in result.errors[0].message and "between 1 and 128" in result.errors[1].message
    assert not CategoryMapping.objects.exists()
