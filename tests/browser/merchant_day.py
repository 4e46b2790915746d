"""A merchant's day in the browser, chapter by chapter of the manual: every Jet page visited, products uploaded,
orders generated on the sandbox's partner portal then fetched, acknowledged and shipped, a return fetched and
completed, a refund created. Used by the layout test and by the screenshot tour (`make screenshots`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

Stop = Callable[[str, str], None]  # (picture name, caption) at each stop of the day


PRODUCT_ATTRIBUTES = re.compile(r"^/jet/field-mapping/products/\d+/$")
CATEGORY = re.compile(r"^/jet/categories/\d+/$")


def first_link(page: Page, path: re.Pattern) -> str:
    """The first link of the page's content to a path of this form."""
    paths = page.eval_on_selector_all("#content a[href]", "links => links.map(a => a.getAttribute('href'))")
    found = next((p for p in paths if path.match(p)), None)
    assert found, f"{page.url}: no link to {path.pattern}"
    return found


def show(page: Page, selector: str) -> None:
    """Scrolls the window so that the stop's picture shows this part of the page."""
    page.locator(selector).first.scroll_into_view_if_needed()


def open_page(page: Page, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status < 500, f"{path}: HTTP {response and response.status}"


def set_up(page: Page, stop: Stop) -> None:
    """Manual, chapters "Configuration" to "Field Mapping"."""
    open_page(page, "/")
    stop("dashboard", "The dashboard (admin home)")
    open_page(page, "/jet/configuration/")
    stop("configuration", "Jet → Configuration")
    open_page(page, "/jet/activate-api/")
    stop("activate-api", "Jet → Activate API")
    open_page(page, "/jet/categories/")
    stop("categories", "Jet → Categories")
    open_page(page, "/jet/category-mapping/")
    stop("category-mapping", "Jet → Category Mapping")
    open_page(page, "/jet/field-mapping/")
    stop("field-mapping", "Jet → Field Mapping")
    open_page(page, "/jet/field-mapping/options/")
    stop("option-mapping", "Field Mapping → option values")
    open_page(page, "/jet/field-mapping/products/")
    stop("product-attributes-list", "Field Mapping → per-product Jet attributes")
    open_page(page, first_link(page, PRODUCT_ATTRIBUTES))
    show(page, "#jet-preview")
    stop("product-attributes", "One product's Jet attributes and what Jet will receive")
    open_page(page, first_link(page, CATEGORY))
    stop("category-detail", "The product's Jet category and its attributes")


def upload_products(page: Page, stop: Stop) -> None:
    """Manual, chapter "Jet Product": bulk upload of every product, the progress page, the grid, one product."""
    open_page(page, "/jet/products/")
    page.check("#scope-all")
    page.click("#bulk-upload")
    expect(page.locator("#run-state")).to_have_text("Done", timeout=120_000)
    stop("product-run", "Bulk Upload: the progress and result page")
    open_page(page, "/jet/products/")
    page.check("#scope-all")
    page.click("#bulk-status")
    expect(page.locator("#run-state")).to_have_text("Done", timeout=120_000)
    open_page(page, "/jet/products/")
    stop("products", "Jet → Products: the grid after the upload")
    page.locator("tr.product-row a[href^='/jet/products/']").first.click()
    page.wait_for_load_state()
    stop("product-edit", "Editing one product's Jet data")
    page.click("#tab-on-jet")
    page.wait_for_load_state()
    stop("product-on-jet", "The product's data as Jet has it")
    open_page(page, "/jet/rejected-files/")
    stop("rejected-files", "Jet → Rejected Files")


def generate_orders(page: Page, portal_url: str, count: int, stop: Stop | None = None) -> None:
    """The sandbox's partner portal makes Jet orders from the listed SKUs."""
    page.goto(portal_url)
    page.locator("form[action$='generate-orders']").filter(
        has=page.locator(f"input[name=count][value='{count}']")).locator("button").click()
    expect(page.locator(".messages")).to_contain_text("order(s) generated")
    if stop:
        stop("portal", "The sandbox's partner portal: orders generated")


def fill_shipment(page: Page) -> None:
    today = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    stamp = "%Y-%m-%dT%H:%M"
    page.fill("#id_tracking_number", "1Z999AA10123456784")
    page.fill("#id_shipment_date", today.strftime(stamp))
    page.select_option("#id_shipment_method", "UPS Ground")
    page.fill("#id_expected_delivery_date", (today + timedelta(days=3)).strftime(stamp))
    page.fill("#id_ship_from_zip_code", "07030")
    page.fill("#id_carrier_pick_up_date", today.strftime(stamp))
    page.select_option("#id_carrier", "UPS")


def handle_orders(page: Page, portal_url: str, stop: Stop) -> list[str]:
    """Manual, chapter "Jet Orders": fetch, acknowledge, ship two orders in full. Returns their merchant ids."""
    generate_orders(page, portal_url, 5, stop)
    open_page(page, "/jet/orders/")
    page.click("#fetch-orders")
    expect(page.locator(".messagelist")).to_contain_text("fetched", ignore_case=True)
    stop("orders", "Jet → Orders after Fetch Orders")
    rows = page.locator("tr.order-row").filter(has=page.locator("input[name=selected]"))
    for row in range(min(3, rows.count())):
        rows.nth(row).locator("input[name=selected]").check()
    page.click("#acknowledge-selected")
    expect(page.locator(".messagelist")).to_contain_text("acknowledged")
    shippable = page.locator("tr.order-row").filter(has=page.locator("a.ship-link"))
    shipped = [shippable.nth(n).get_attribute("data-merchant-order-id") or "" for n in range(2)]
    for n, merchant_order_id in enumerate(shipped):
        open_page(page, "/jet/orders/")
        page.locator(f"tr.order-row[data-merchant-order-id='{merchant_order_id}']").get_by_role("link", name="View").click()
        page.wait_for_load_state()
        if n == 0:
            stop("order-detail", "One Jet order, acknowledged")
        page.click("#ship-order")
        fill_shipment(page)
        if n == 0:
            stop("ship", "The Jet Shipment form")
        page.click("input[name=ship]")
        expect(page.locator(".messagelist")).to_contain_text("confirmed by Jet")
        if n == 0:
            show(page, "#order-shipments")
            stop("order-shipped", "The order after its shipment")
    open_page(page, "/jet/orders/")
    stop("orders-evening", "Jet → Orders: acknowledged, shipped and waiting")
    open_page(page, "/jet/rejected-orders/")
    stop("rejected-orders", "Jet → Rejected Orders")
    return shipped


def handle_return(page: Page, portal_url: str, merchant_order_id: str, stop: Stop) -> None:
    """Manual, chapter "Jet Return": the customer's return (made on the portal) fetched and completed."""
    page.goto(portal_url)
    page.locator(f"form:has(input[name=order_id][value='{merchant_order_id}']) button").click()
    expect(page.locator(".messages")).to_contain_text("generated")
    open_page(page, "/jet/returns/")
    page.click("#fetch-returns")
    expect(page.locator(".messagelist")).to_contain_text("new")
    stop("returns", "Jet → Returns after Fetch Returns")
    page.locator("tr.return-row").first.get_by_role("link", name="View").click()
    page.wait_for_load_state()
    show(page, "#return-lines")
    stop("return", "A Jet return, ready to complete")
    page.select_option("#id_agree_to_return_charge", "yes")
    for row in range(page.locator("#return-lines .jet-line").count()):
        line = page.locator("#return-lines .jet-line").nth(row)
        wanted = line.get_attribute("data-return-quantity") or "1"
        line.locator("input[name$='-total_quantity_returned']").fill(wanted)
        line.locator("input[name$='-order_return_refund_qty']").fill(wanted)
    page.click("#complete-return")
    expect(page.locator(".messagelist")).to_contain_text("completed on Jet")
    stop("return-completed", "The return, completed on Jet")


def handle_refund(page: Page, merchant_order_id: str, stop: Stop) -> None:
    """Manual, chapter "Jet Refund": a refund for goods returned to the merchant directly."""
    open_page(page, "/jet/refunds/")
    page.click("#create-refund")
    stop("refund-pick", "Create refund: choose the order")
    order = page.locator("#id_order option", has_text=merchant_order_id).get_attribute("value") or ""
    page.select_option("#id_order", order)
    page.click("#pick-submit")
    line = page.locator("#refund-lines .jet-line").first
    line.locator("input[name$='-total_quantity_returned']").fill("1")
    line.locator("input[name$='-order_return_refund_qty']").fill("1")
    line.locator("select[name$='-refund_reason']").select_option("Unwanted gift")
    line.locator("select[name$='-refund_feedback']").select_option("other")
    line.locator("input[name$='-principal']").fill("1.00")
    stop("refund-create", "Create refund: the refund form")
    page.click("#generate-refund")
    expect(page.locator(".messagelist")).to_contain_text("sent to Jet")
    stop("refund", "The refund, sent to Jet")
    open_page(page, "/jet/refunds/")
    page.click("#check-refunds")
    page.wait_for_load_state()
    stop("refunds", "Jet → Refunds after Check refund status")


def look_back(page: Page, stop: Stop) -> None:
    """Manual, chapter "Cron": schedules and the activity log; the dashboard at the end of the day."""
    open_page(page, "/jet/cron-status/")
    stop("cron-status", "Jet → Cron Status")
    open_page(page, "/jet/cron-status/activity/")
    stop("activity", "The activity log")
    open_page(page, "/")
    stop("dashboard-evening", "The dashboard at the end of the day")


def merchant_day(page: Page, portal_url: str, stop: Stop) -> None:
    set_up(page, stop)
    upload_products(page, stop)
    returned, refunded = handle_orders(page, portal_url, stop)
    handle_return(page, portal_url, returned, stop)
    handle_refund(page, refunded, stop)
    look_back(page, stop)
