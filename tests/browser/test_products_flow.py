"""The manual's "Jet Product" and "Rejected Files" chapters in a browser, against a fresh sandbox merchant:
bulk upload of simple and configurable demo products with the progress page, a product with missing data
refused with its message, archive, unarchive, sync after a price and a stock change (only those SKUs sent),
Jet status, the edit tabs, and a file Jet rejected."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from jetcart.connector.models import JetAttribute, ProductAttributeValue, ProductJetData
from tests.browser.products_grid import result, run_action

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HTC, PALM, CANON, IPOD_NANO, HP = 28, 29, 30, 36, 47


def quantity(client, sku: str) -> int:
    return sum(n.quantity for n in client.products.get(sku).inventory_by_fulfillment_node)


def test_should_walk_the_manuals_product_chapters(page, shop):
    store_url, client = shop

    # Jet Products grid: the mapped categories' products with price (special price), quantity, Jet status.
    page.goto("/jet/products/")
    expect(page.locator("tr.product-row")).to_have_count(19)
    expect(page.locator("tr[data-product-id='42']")).to_contain_text("90.0000")

    # Bulk Upload: simple products, a configurable one, and one without a shipping weight.
    run_action(page, "bulk-upload", HTC, PALM, IPOD_NANO, CANON)
    expect(page.locator("#run-counts")).to_contain_text("3 succeeded")
    expect(result(page, IPOD_NANO)).to_contain_text("Success")
    expect(result(page, CANON)).to_contain_text("Error")
    expect(result(page, CANON)).to_contain_text("missing shipping weight")
    assert client.products.get("OC36-22").brand == "Apple"
    assert quantity(client, "OC36-22") == 150
    page.goto("/jet/products/")
    expect(page.locator(f"tr[data-product-id='{HTC}'] .jet-status")).to_contain_text("Under Jet Review")
    expect(page.locator(f"tr[data-product-id='{CANON}'] .jet-status")).to_contain_text("1 problem")

    # Bulk Archive: HTC leaves Jet and its inventory becomes zero; Bulk UnArchive lists it again.
    run_action(page, "bulk-archive", HTC)
    expect(result(page, HTC)).to_contain_text("archived: OC28")
    assert client.products.get("OC28").is_archived and quantity(client, "OC28") == 0
    run_action(page, "bulk-unarchive", HTC)
    expect(result(page, HTC)).to_contain_text("unarchived: OC28")
    assert not client.products.get("OC28").is_archived and quantity(client, "OC28") == 939

    # Sync Products after a price change and a stock change in the store: only those SKUs are sent.
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE oc_product SET price = '150.0000' WHERE product_id = :id"), {"id": PALM})
        conn.execute(text("UPDATE oc_product_option_value SET quantity = 3 WHERE product_option_value_id = 21"))
    engine.dispose()
    before = {sku: client.products.get(sku) for sku in ("OC28", "OC29", "OC36-20", "OC36-21", "OC36-22")}
    run_action(page, "bulk-sync", HTC, PALM, IPOD_NANO)
    expect(result(page, PALM)).to_contain_text("OC29: price 150.00")
    expect(result(page, IPOD_NANO)).to_contain_text("OC36-21: inventory 3")
    after = {sku: client.products.get(sku) for sku in before}
    assert after["OC29"].price == Decimal("150") and quantity(client, "OC36-21") == 3
    for sku in ("OC28", "OC36-20", "OC36-22"):
        assert after[sku].price_last_update == before[sku].price_last_update, sku
        assert after[sku].inventory_last_update == before[sku].inventory_last_update, sku
    assert after["OC29"].inventory_last_update == before["OC29"].inventory_last_update

    # Jet Status: read back what Jet says of each SKU.
    run_action(page, "bulk-status", IPOD_NANO)
    expect(result(page, IPOD_NANO)).to_contain_text(re.compile(r"OC36-21: (Available for Purchase|Under Jet Review)"))

    # The edit page's tabs.
    page.goto(f"/jet/products/{IPOD_NANO}/")
    page.select_option("#id_ship-shipping_method", "UPS Ground")
    page.select_option("#id_ship-shipping_exception_type", "restricted")
    page.click("#save-shipping")
    expect(page.locator(".messagelist")).to_contain_text("OC36-21: saved on Jet")
    page.click("#tab-children")
    expect(page.locator("#children tr[data-sku]")).to_have_count(3)
    expect(page.locator("#children tr[data-sku='OC36-22']")).to_contain_text("Color: Blue")
    expect(page.locator("#children tr[data-sku='OC36-22']")).to_contain_text(re.compile("Available|Review"))
    child = page.locator("#children tr[data-sku='OC36-22']")
    child.locator("input[name$='-mfr_part_number']").fill("NANO-BLUE")
    child.locator("input[type=submit]").click()
    expect(page.locator(".messagelist")).to_contain_text("Saved OC36-22")
    expect(page.locator("#children tr[data-sku='OC36-22'] input[name$='-mfr_part_number']")).to_have_value("NANO-BLUE")
    page.locator("#children tr[data-sku='OC36-21'] input[name$='-merchant_sku']").fill("NANO-RENAMED")
    page.locator("#children tr[data-sku='OC36-21'] input[type=submit]").click()
    renamed = page.locator("#children tr[data-sku='OC36-21'] td.field-merchant_sku")
    expect(renamed.locator(".errorlist")).to_contain_text("Merchant SKU: already on Jet under this SKU; Jet cannot "
                                                          "rename a SKU")
    expect(renamed.locator("input")).to_have_value("NANO-RENAMED")  # the refused value stays for correction
    page.click("#tab-on-jet")
    expect(page.locator("#on-jet")).to_contain_text("OC36-22")
    expect(page.locator("#on-jet")).to_contain_text("Apple")
    page.click("#tab-attributes")
    expect(page).to_have_url(re.compile(rf"/jet/field-mapping/products/{IPOD_NANO}/$"))

    # Rejected Files: Jet refuses a value of an attribute jetcart cannot check; the file and product are listed.
    JetAttribute.objects.update_or_create(attribute_id=1, defaults={"name": "Country of Origin", "kind": 0})
    data, _ = ProductJetData.objects.get_or_create(product_id=HP)
    ProductAttributeValue.objects.create(product=data, attribute_id=1, value="Atlantis")
    run_action(page, "bulk-upload", HP)
    expect(result(page, HP)).to_contain_text("Error")
    expect(result(page, HP)).to_contain_text("Atlantis")
    page.click("text=‹ Jet Products")
    page.click("#uploaded-files-error")
    row = page.locator(f"tr.rejected-row[data-product-id='{HP}']")
    expect(row).to_contain_text("HP LP3065")
    expect(row).to_contain_text("MerchantSKUs")
    expect(row).to_contain_text("Processed with errors")
    page.click("#fetch-errors")
    expect(page.locator(".messagelist")).to_contain_text("files checked")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#clear-errors")
    expect(page.locator("#no-results")).to_be_visible()
