"""Issue 17's forms in a browser, against a fresh sandbox merchant and the demo store: refused input stays
in the form with its message next to the field's label, the current Jet exceptions are shown, Test connection
saves nothing, Map all asks before replacing, unmapping reports success, the Bullets box starts empty, a
product's own shipping weight makes it uploadable, and test mode links the sandbox's partner portal."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jetcart.connector.models import ApiCheck, CategoryMapping, JetConfiguration, JetListing, ProductJetData
from jetcart.connector.operations.connection_test import CONNECTION_KEY, check_connection
from tests.browser.products_grid import result, run_action

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HTC, CANON, IPOD_NANO = 28, 30, 36


def field_row(page, form: str, name: str):
    """The form row of one field: its label, its input and its messages."""
    return page.locator(f"#{form} .form-row").filter(has=page.locator(f"[name$='-{name}']"))


def test_shipping_and_return_exceptions_and_child_skus_keep_input_and_show_jet_state(page, shop):
    run_action(page, "bulk-upload", HTC, IPOD_NANO)
    expect(result(page, HTC)).to_contain_text("Success")

    page.goto(f"/jet/products/{HTC}/")
    expect(page.locator("#current-shipping-exception")).to_contain_text("None at fulfillment node")
    page.select_option("#id_ship-shipping_method", "UPS Ground")
    page.select_option("#id_ship-shipping_exception_type", "restricted")
    page.select_option("#id_ship-override_type", "Additional charge")
    page.fill("#id_ship-shipping_charge_amount", "-2")
    page.click("#save-shipping")
    charge = field_row(page, "shipping-exception", "shipping_charge_amount")
    expect(charge).to_contain_text("Shipping charge amount")
    expect(charge.locator(".errorlist")).to_contain_text("Enter 0 or more")
    expect(page.locator("#id_ship-shipping_method")).to_have_value("UPS Ground")  # nothing typed was lost
    expect(page.locator("#id_ship-override_type")).to_have_value("Additional charge")

    # A rule only Jet's model knows: the message lands on the field by its label, not on Jet's field path.
    page.fill("#id_ship-shipping_charge_amount", "")
    page.click("#save-shipping")
    expect(charge.locator(".errorlist")).to_contain_text("OC28: is required when override_type is set")
    expect(page.locator("#content")).not_to_contain_text("fulfillment_nodes[")
    expect(page.locator("#id_ship-shipping_exception_type")).to_have_value("restricted")

    page.fill("#id_ship-shipping_charge_amount", "2.50")
    page.click("#save-shipping")
    expect(page.locator(".messagelist")).to_contain_text("OC28: saved on Jet")
    current = page.locator("#current-shipping-exception")
    expect(current).to_contain_text("UPS Ground")
    expect(current).to_contain_text("restricted")
    expect(current).to_contain_text("2.5")

    page.click("#tab-returns")
    expect(page.locator("#current-returns-exception")).to_contain_text("None")
    locations = page.locator("input[name=ret-return_location_ids]")
    expect(locations).to_have_count(1)
    location_id = locations.first.get_attribute("value")
    page.click("#save-returns")  # no location chosen: refused beside the field, nothing sent
    expect(field_row(page, "returns-exception", "time_to_return")).to_be_visible()
    expect(page.locator("#returns-exception .errorlist")).to_contain_text("This field is required")
    locations.first.check()
    page.fill("#id_ret-time_to_return", "12")
    page.click("#save-returns")
    expect(page.locator(".messagelist")).to_contain_text("OC28: saved on Jet")
    expect(page.locator("#current-returns-exception")).to_contain_text(location_id)
    expect(page.locator("#current-returns-exception")).to_contain_text("12")
    expect(page.locator("#id_ret-time_to_return")).to_have_value("12")  # the form shows what Jet holds

    # A configurable product's child row: a refused UPC stays in its cell, with its message under it.
    page.goto(f"/jet/products/{IPOD_NANO}/?tab=children")
    row = page.locator("#children tr[data-sku]").first
    sku = row.get_attribute("data-sku")
    upc = row.locator("td.field-upc input")
    upc.fill("123456789013")
    row.locator("input[type=submit]").click()
    row = page.locator(f"#children tr[data-sku='{sku}']")
    expect(row.locator("td.field-upc input")).to_have_value("123456789013")
    expect(row.locator("td.field-upc .errorlist")).to_contain_text("UPC: a UPC is 12 digits with a valid check digit")
    expect(row.locator("td").last.locator(".errorlist")).to_have_count(0)  # not squeezed into Action
    assert JetListing.objects.get(merchant_sku=sku).upc != "123456789013"


def test_mapping_and_configuration_forms_keep_input_and_never_mislead(page, shop):
    # Field mapping: a refused fixed value is shown as typed, beside its message; nothing is saved.
    page.goto("/jet/field-mapping/")
    page.select_option("#source-brand", "fixed")
    page.fill("#fixed-brand", "Acme")
    page.fill("#fixed-multipack_quantity", "0")
    page.click("input[name=save]")
    expect(page.locator("#error-multipack_quantity")).to_contain_text("between 1 and 128")
    expect(page.locator("#fixed-multipack_quantity")).to_have_value("0")
    expect(page.locator("#fixed-brand")).to_have_value("Acme")
    expect(page.locator("#source-brand")).to_have_value("fixed")

    # Options: unmapping says so, without a red error.
    page.goto("/jet/field-mapping/options/")
    color = page.locator("form.option-mapping[data-option='13']")
    color.locator("select[name=jet_attribute]").select_option("")
    color.locator("input[type=submit]").click()
    expect(page.locator(".messagelist .success")).to_contain_text("The option is no longer mapped.")
    expect(page.locator(".messagelist .error")).to_have_count(0)

    # Map all: lists the specific mappings it would replace, and asks.
    CategoryMapping.objects.filter(store_category_id=28).update(store_category_path="Components > Monitors")
    from jetcart.connector.models import JetCategory

    JetCategory.objects.update_or_create(jet_node_id=8000102, defaults={
        "name": "Digital Cameras", "parent_id": 8000100, "level": 2, "path": "Toys & Games > Digital Cameras"})
    CategoryMapping.objects.filter(store_category_id=28).update(jet_category_id=8000102)
    page.goto("/jet/category-mapping/")
    page.fill("#map-all-jet", "8000101")
    page.click("[data-testid=map-all]")
    expect(page.locator("#map-all-replaced")).to_contain_text("Components > Monitors → Digital Cameras (8000102)")
    assert CategoryMapping.objects.get(store_category_id=28).jet_category_id == 8000102
    page.click("[data-testid=confirm-map-all]")
    expect(page.locator(".messagelist")).to_contain_text("earlier mapping(s) replaced")
    assert CategoryMapping.objects.get(store_category_id=28).jet_category_id == 8000101

    # Test connection tries the typed keys and saves nothing: the dashboard still says the saved keys work.
    assert check_connection().ok
    page.goto("/jet/configuration/")
    page.fill("#id_api_secret", "not-the-secret")
    page.fill("#id_merchant_id", "typed-but-not-saved")
    page.click("input[name=test_connection]")
    expect(page.locator(".messagelist .error")).to_contain_text("Test connection:")
    expect(page.locator("#id_merchant_id")).to_have_value("typed-but-not-saved")
    assert JetConfiguration.load().merchant_id != "typed-but-not-saved"
    assert ApiCheck.objects.get(key=CONNECTION_KEY).ok


def test_per_product_data_and_the_demo_and_portal_hints(page, shop, settings):
    # The Bullets box of a product never edited is empty; its own shipping weight makes Canon uploadable.
    page.goto(f"/jet/field-mapping/products/{CANON}/")
    expect(page.locator("#id_bullets")).to_have_value("")
    page.fill("#id_shipping_weight_pounds", "1.9")
    page.click("input[name=save]")
    expect(page.locator(".messagelist")).to_contain_text("saved")
    assert ProductJetData.objects.get(product_id=CANON).bullets == []
    expect(page.locator("#jet-preview")).to_contain_text("1.9")
    run_action(page, "bulk-upload", CANON)
    expect(result(page, CANON)).to_contain_text("Success")

    # Under `jetcart demo`, the products page names the products kept incomplete on purpose.
    settings.JETCART_ROLE = "demo"
    page.goto("/jet/products/")
    notice = page.locator("#demo-incomplete")
    expect(notice).to_contain_text("Canon EOS 5D (no shipping weight)")
    expect(notice).to_contain_text("Product 8 (no image)")

    # Test mode: the sandbox's partner portal is one click away from the dashboard, orders and returns.
    merchant_id = JetConfiguration.load().merchant_id
    for path in ("/", "/jet/orders/", "/jet/returns/"):
        page.goto(path)
        link = page.locator("#sandbox-portal a")
        expect(link).to_have_attribute("href", f"{JetConfiguration.load().api_url}/portal/merchants/{merchant_id}/")
    page.locator("#sandbox-portal a").evaluate("a => a.removeAttribute('target')")
    page.click("#sandbox-portal a")
    expect(page.locator("body")).to_contain_text(merchant_id)
