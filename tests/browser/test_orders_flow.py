"""The manual's "Create Jet Orders" in a real browser: fetch, acknowledge, ship (a wrong ZIP refused), partial
then complete, cancel a line, the rejected order listed — on the sandbox and the demo store."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from jetcart.connector.models import JetConfiguration, JetOrder
from jetcart.connector.orders.ship import ZIP_INVALID
from tests.fixtures.live_world import NOT_LISTED

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def fill_shipment(page, order: JetOrder, units: dict[str, tuple[int, int]], *, zip_code="84047", tracking="1Z999"):
    page.fill("#id_tracking_number", tracking)
    page.fill("#id_shipment_date", "2026-11-27T10:00")
    page.select_option("#id_shipment_method", "UPS Ground")
    page.fill("#id_expected_delivery_date", "2026-11-30T10:00")
    page.fill("#id_ship_from_zip_code", zip_code)
    page.fill("#id_carrier_pick_up_date", "2026-11-27T09:00")
    page.select_option("#id_carrier", "UPS")
    for line in order.lines.all():
        shipped, cancelled = units.get(line.merchant_sku, (0, 0))
        page.fill(f"#id_line-{line.pk}-shipped", str(shipped))
        page.fill(f"#id_line-{line.pk}-cancelled", str(cancelled))


def test_orders_walk_through_the_manual(page, live):
    [moid] = live.generate({"HTC-TOUCH": 2, "CANON-RED": 1})
    [rejected] = live.generate({NOT_LISTED: 1})
    buyer = live.client.orders.get(moid).buyer.name

    page.goto("/jet/orders/")
    page.click("#fetch-orders")
    expect(page.locator(".messagelist")).to_contain_text("fetched 2 Jet order(s) (2 new)", ignore_case=True)
    row = page.locator(f"tr.order-row[data-merchant-order-id='{moid}']")
    expect(row).to_contain_text(buyer)
    expect(row.locator("td.deadline")).to_contain_text(re.compile(r"\d+ min"))
    expect(page.locator(f"tr.order-row[data-merchant-order-id='{rejected}']")).to_have_count(0)
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert [r.order_id for r in live.store_orders()] == [order.store_order_id]  # in OpenCart's tables
    assert len(live.sql("SELECT * FROM oc_order_product WHERE order_id = :o", o=order.store_order_id)) == 2

    row.locator("input[name=selected]").check()
    page.click("#acknowledge-selected")
    expect(page.locator(".messagelist")).to_contain_text("1 acknowledged")
    expect(row.locator("td.jet-status")).to_have_text("acknowledged")
    assert live.client.orders.get(moid).status == "acknowledged"

    row.locator("a.ship-link").click()
    fill_shipment(page, order, {"HTC-TOUCH": (1, 0)}, zip_code="8404")
    page.click("input[name=ship]")
    expect(page.locator("#error-ship_from_zip_code")).to_have_text(ZIP_INVALID)
    assert live.wire.puts("shipped", moid) == []

    page.fill("#id_ship_from_zip_code", "84047")
    page.click("input[name=ship]")
    expect(page.locator(".messagelist")).to_contain_text("confirmed by Jet")
    expect(page.locator("#jet-status")).to_have_text("inprogress")
    expect(page.locator("#order-lines tr[data-sku='HTC-TOUCH'] td.shipped")).to_have_text("1")

    page.click("#ship-order")
    fill_shipment(page, order, {"HTC-TOUCH": (1, 0), "CANON-RED": (0, 1)}, tracking="TRK-2")
    page.click("input[name=ship]")
    expect(page.locator(".messagelist")).to_contain_text("confirmed by Jet")
    expect(page.locator("#jet-status")).to_have_text("complete")
    expect(page.locator("#order-lines tr[data-sku='CANON-RED'] td.cancelled")).to_have_text("1")
    assert live.client.orders.get(moid).status == "complete"
    assert live.store_orders()[0].order_status_id == JetConfiguration.load().order_status_shipped
    history = [c for (c,) in live.sql("SELECT comment FROM oc_order_history WHERE order_id = :o",
                                      o=order.store_order_id)]
    assert any("TRK-2" in c for c in history)

    page.goto("/jet/rejected-orders/")
    rejected_row = page.locator(f"#rejected-orders tr[data-merchant-order-id='{rejected}']")
    expect(rejected_row).to_contain_text("rejected - item level error")
    expect(rejected_row.locator("td.reason")).to_contain_text(NOT_LISTED)
