"""A product's own Jet data: what the form shows before anything was saved, every mapped field overridable,
and bullets that reach Jet as plain text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jetcart.connector.mapping import fields as field_mapping
from jetcart.connector.mapping import product_attributes
from jetcart.connector.models import ProductJetData

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(mapping_store):
    return mapping_store


def test_should_show_an_empty_bullets_box_and_save_no_bullet_when_it_is_left_alone():
    unsaved = ProductJetData(product_id=30)
    form = product_attributes.ProductJetDataForm(instance=unsaved, attributes=[])
    assert form["bullets"].value() == ""
    assert ">[]<" not in str(form["bullets"])
    # What the browser sends back for the untouched form: the box's (empty) text.
    posted = product_attributes.ProductJetDataForm({"bullets": form["bullets"].value()}, instance=unsaved,
                                                   attributes=[])
    assert posted.is_valid(), posted.errors
    product_attributes.save_product_jet_data(form=posted)
    assert ProductJetData.objects.get(product_id=30).bullets == []
    assert "bullets" not in product_attributes.product_overrides(30)


def test_should_send_bullets_mapped_from_an_html_description_as_plain_lines(store):
    field_mapping.set_field_mapping(jet_field="bullets", source="store", store_field="description")
    product = {"name": "Canon EOS 5D", "description": "<p>Full frame &amp; fast.</p><ul><li>12 MP</li>"
                                                     "<li>Weather<br>sealed</li></ul>"}
    values = field_mapping.resolve_product_fields(product)
    assert values["bullets"] == ["Full frame & fast.", "12 MP", "Weather", "sealed"]
    assert not any("<" in bullet for bullet in values["bullets"])


@pytest.mark.parametrize("name", product_attributes.DIMENSION_FIELDS)
def test_should_let_every_mapped_weight_and_dimension_be_set_per_product(store, name):
    assert name in field_mapping.JET_FIELDS_BY_NAME  # a field the mapping fills …
    form = product_attributes.ProductJetDataForm({name: "2.5"}, instance=ProductJetData(product_id=30),
                                                 attributes=[])
    assert form.is_valid(), form.errors
    product_attributes.save_product_jet_data(form=form)
    values = field_mapping.resolve_product_fields(store.products[30],
                                                  overrides=product_attributes.product_overrides(30))
    assert values[name] == Decimal("2.5")  # … and the product's own value wins


def test_should_cover_every_field_the_field_mapping_fills():
    per_product = {"ASIN" if name == "asin" else name for name in product_attributes.PLAIN_FIELDS}
    per_product |= {"isbn"} if {"isbn_10", "isbn_13"} <= per_product else set()
    assert {f.name for f in field_mapping.JET_FIELDS} <= per_product


def test_should_refuse_a_negative_weight_beside_the_field():
    form = product_attributes.ProductJetDataForm({"shipping_weight_pounds": "-1"},
                                                 instance=ProductJetData(product_id=30), attributes=[])
    assert not form.is_valid()
    assert form.errors["shipping_weight_pounds"]
