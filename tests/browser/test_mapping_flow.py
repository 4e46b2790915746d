"""The manual's "Jet Category" and mapping flow in a browser: import the taxonomy from the sandbox, view a
category's attributes, map store categories, create-and-map, map all, field mapping, a product's Jet
attributes (an invalid UPC refused) and an option with its values."""

from __future__ import annotations

import pytest

from jetcart.connector.configuration.jet_configuration import load_configuration
from jetcart.connector.jet_and_store import reset_gateways
from jetcart.connector.models import (
    CategoryMapping,
    FieldMapping,
    JetCategory,
    OptionMapping,
    OptionValueMapping,
    ProductAttributeValue,
    ProductJetData,
)
from jetcart.store.demo import ensure_demo_store

pytestmark = [pytest.mark.browser, pytest.mark.slow]

IMPORT_TIMEOUT_MS = 300_000
PUZZLES = "3-D Puzzles (8000195)"


@pytest.fixture
def demo_store(settings, tmp_path):
    """The demo store on a temp SQLite file, used by the connector through the settings."""
    settings.JETCART_STORE_URL = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    settings.JETCART_STORE_PREFIX = "oc_"
    ensure_demo_store(settings.JETCART_STORE_URL, "oc_")
    reset_gateways()
    yield settings.JETCART_STORE_URL
    reset_gateways()


@pytest.fixture
def connected(sandbox_server, jet_merchant, admin_user):
    config = load_configuration()
    config.api_url = sandbox_server.base_url
    config.api_user, config.api_secret = jet_merchant.user, jet_merchant.secret
    config.merchant_id, config.fulfillment_node_id = jet_merchant.merchant_id, jet_merchant.fulfillment_node_id
    config.save()
    return config


def _map_row(page, store_category_id: int, jet_category: str) -> None:
    row = page.locator(f"tr[data-store-category='{store_category_id}']")
    row.locator("input[name=jet_category]").fill(jet_category)
    row.locator("input[type=submit][value='+']").click()
    page.wait_for_load_state()


def test_should_walk_the_manuals_mapping_flow(page, connected, demo_store):
    # Import the taxonomy from the sandbox.
    page.goto("/jet/categories/")
    with page.expect_navigation(timeout=IMPORT_TIMEOUT_MS):
        page.click("[data-testid=import-taxonomy]", no_wait_after=True)
    assert "Imported 5340 categories" in page.locator(".messagelist").inner_text()

    # Search the grid, then view a category's attributes.
    page.fill("#q", "3-D Puzzles")
    page.click("#category-filters input[type=submit]")
    row = page.locator("tr[data-category='8000195']")
    assert "Toys & Games > Puzzles > 3-D Puzzles" in row.inner_text()
    row.get_by_role("link", name="View").click()
    attributes = page.locator("#category-attributes")
    assert "Age Range" in attributes.inner_text() and "Ages 3-5" in attributes.inner_text()

    # Map two store categories; a category that cannot take products is refused with the reason.
    page.goto("/jet/category-mapping/")
    _map_row(page, 28, PUZZLES)
    assert "Components > Monitors is mapped to 3-D Puzzles" in page.locator(".messagelist").inner_text()
    _map_row(page, 33, "Puzzles (8000194)")
    assert "Not a leaf" in page.locator(".messagelist").inner_text()
    leaf = JetCategory.objects.filter(active=True, retired=False, is_leaf=True, name="Jigsaw Puzzles").first()
    _map_row(page, 33, f"{leaf.name} ({leaf.pk})")
    assert dict(CategoryMapping.objects.values_list("store_category_id", "jet_category_id")) == {
        28: 8000195, 33: leaf.pk}
    assert "Category Id on Jet: 8000195" in page.locator("tr[data-store-category='28']").inner_text()

    # Create a store category from a Jet category and map it.
    page.goto("/jet/categories/?q=Jigsaw+Puzzles&usable=yes")
    page.check(f"tr[data-category='{leaf.pk}'] input[name=selected]")
    page.click("[data-testid=create-and-map]")
    assert "Created the store category 'Jigsaw Puzzles'" in page.locator(".messagelist").inner_text()
    created = CategoryMapping.objects.exclude(store_category_id__in=[28, 33]).get()
    assert created.jet_category_id == leaf.pk and created.store_category_path == "Jigsaw Puzzles"

    # Map every store category to one Jet category.
    page.goto("/jet/category-mapping/")
    page.fill("#map-all-jet", PUZZLES)
    page.click("[data-testid=map-all]")
    replaced = page.locator("#map-all-replaced li")  # the mappings to other Jet categories are named first
    assert replaced.count() == CategoryMapping.objects.exclude(jet_category_id=8000195).count() > 0
    page.click("[data-testid=confirm-map-all]")
    assert "store categories are mapped to Jet category 8000195" in page.locator(".messagelist").inner_text()
    assert set(CategoryMapping.objects.values_list("jet_category_id", flat=True)) == {8000195}
    assert CategoryMapping.objects.count() == 20  # the demo's 19 categories and the one created

    # Field mappings: a fixed brand, the model as title; an impossible fixed value is refused beside the field.
    page.goto("/jet/field-mapping/")
    page.select_option("#source-brand", "fixed")
    page.fill("#fixed-brand", "Acme")
    page.select_option("#source-product_title", "store:model")
    page.select_option("#source-multipack_quantity", "fixed")
    page.fill("#fixed-multipack_quantity", "500")
    page.click("input[name=save]")
    assert "between 1 and 128" in page.locator("#error-multipack_quantity").inner_text()
    page.fill("#fixed-multipack_quantity", "2")
    page.click("input[name=save]")
    assert "Field mappings saved" in page.locator(".messagelist").inner_text()
    assert dict(FieldMapping.objects.values_list("jet_field", "fixed_value"))["brand"] == "Acme"
    assert FieldMapping.objects.get(jet_field="product_title").store_field == "model"

    # A product's Jet attributes: an invalid UPC is refused with a clear message next to the field.
    page.goto("/jet/field-mapping/products/?q=Canon")
    page.locator("tr[data-product='30']").get_by_role("link", name="Jet attributes").click()
    page.fill("#id_upc", "036000291453")
    page.fill("#id_brand", "Canon")
    page.select_option("select[name=attr_31]", "Ages 3-5")
    page.click("input[name=save]")
    assert "wrong UPC check digit" in page.locator("#error-upc").inner_text()
    assert not ProductJetData.objects.exists()
    page.fill("#id_upc", "036000291452")
    page.click("input[name=save]")
    assert "Jet attributes of Canon EOS 5D saved" in page.locator(".messagelist").inner_text()
    saved = ProductJetData.objects.get(product_id=30)
    assert (saved.upc, saved.brand) == ("036000291452", "Canon")
    assert ProductAttributeValue.objects.get(product=saved).value == "Ages 3-5"
    assert "036000291452" in page.locator("#jet-preview").inner_text()

    # Options to variants: map Color to Jet's Color and one value by hand, then accept the suggestions.
    page.goto("/jet/field-mapping/options/")
    color = page.locator("form.option-mapping[data-option='13']")
    color.locator("select[name=jet_attribute]").select_option("119")
    color.locator("input[type=submit]").click()
    color = page.locator("form.option-mapping[data-option='13']")
    color.locator("tr[data-option-value='52'] input").fill("Navy")
    color.locator("input[type=submit]").click()
    assert OptionMapping.objects.get(store_option_id=13).jet_attribute_id == 119
    assert OptionValueMapping.objects.get(store_option_value_id=52).jet_value == "Navy"
    page.click("[data-testid=accept-suggestions]")
    assert "Accepted" in page.locator(".messagelist").inner_text()
    assert OptionMapping.objects.get(store_option_id=11).jet_attribute_id == 50  # "Size - Free Text"
    assert OptionValueMapping.objects.get(store_option_value_id=49).jet_value == "Black"
