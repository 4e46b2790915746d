"""The manual's "Create Jet Return" and "Create Jet Refund" chapters in a browser, against a fresh sandbox merchant:
a return from the sandbox's generator fetched, refused with each message by its field, then completed; a refund
refused, then one accepted and one rejected by Jet, each noted on the OpenCart order."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from jetcart.connector.models import JetReturn
from jetcart.connector.refunds import create as refunding
from jetcart.connector.returns import complete as completing
from tests.fixtures.returns_world import calls, shipped_order

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def error(page, field: str):
    return page.locator(f"#error-{field}")


def test_should_fetch_refuse_and_complete_a_jet_return(page, live):
    order = shipped_order(live, {"HTC-TOUCH": 2})
    return_id = live.client.returns.generate(order.merchant_order_id)

    page.goto("/jet/returns/")
    expect(page.locator("#returns-grid")).to_contain_text("No Jet returns yet")
    page.click("#fetch-returns")
    expect(page.locator(".messagelist")).to_contain_text("1 new")
    row = page.locator(f"tr.return-row[data-return-id='{return_id}']")
    expect(row).to_contain_text("HTC Touch HD")
    expect(row).to_contain_text("jet_return_created")
    expect(row).to_contain_text(str(order.store_order_id))
    row.get_by_role("link", name="View").click()

    line = JetReturn.objects.get(merchant_return_authorization_id=return_id).lines.get()
    prefix = f"line-{line.pk}"
    expect(page.locator("#merchant-order-id")).to_have_text(order.merchant_order_id)
    page.select_option("#id_agree_to_return_charge", "no")
    page.fill(f"#id_{prefix}-total_quantity_returned", "3")
    page.fill(f"#id_{prefix}-order_return_refund_qty", "1")
    page.fill(f"#id_{prefix}-principal", "9999")
    page.click("#complete-return")
    expect(error(page, "return_charge_feedback")).to_have_text(completing.CHARGE_FEEDBACK_REQUIRED)
    expect(error(page, f"{prefix}-total_quantity_returned")).to_have_text(
        completing.RETURNED_TOO_MANY.format(maximum=2, requested=2, shipped=2))
    expect(error(page, f"{prefix}-principal")).to_have_text(
        completing.AMOUNT_TOO_HIGH.format(maximum=f"{line.order_line.unit_price * 2:.2f}"))
    expect(error(page, f"{prefix}-return_refund_feedback")).to_have_text(completing.FEEDBACK_REQUIRED)
    assert calls(live, "PUT", "/complete") == []

    page.select_option("#id_agree_to_return_charge", "yes")
    page.fill(f"#id_{prefix}-total_quantity_returned", "2")
    page.fill(f"#id_{prefix}-order_return_refund_qty", "2")
    page.fill(f"#id_{prefix}-principal", f"{line.requested_principal}")
    page.click("#complete-return")
    expect(page.locator(".messagelist")).to_contain_text("completed on Jet")
    expect(page.locator("#return-status")).to_have_text("completed by merchant")
    expect(page.locator(f"#id_{prefix}-order_return_refund_qty")).to_be_disabled()  # what was sent, read-only
    expect(page.locator(f"#id_{prefix}-order_return_refund_qty")).to_have_value("2")
    expect(page.locator("#complete-return")).to_have_count(0)
    assert calls(live, "PUT", "/complete") == [201]
    assert live.client.returns.get(return_id).is_completed
    assert live.sql("SELECT return_status_id FROM oc_return")[0][0] == 3  # OpenCart: Complete

    page.goto("/jet/returns/")
    expect(page.locator(f"tr.return-row[data-return-id='{return_id}']")).to_contain_text("completed by merchant")


def test_should_create_refunds_refuse_bad_input_and_follow_accepted_and_rejected(page, live, sandbox_server):
    order = shipped_order(live, {"HTC-TOUCH": 2, "CANON-BLUE": 1})
    htc, canon = order.lines.get(merchant_sku="HTC-TOUCH"), order.lines.get(merchant_sku="CANON-BLUE")

    page.goto("/jet/refunds/")
    page.click("#create-refund")
    page.select_option("#id_order", str(order.pk))
    page.click("#pick-submit")
    expect(page.locator("#refund-lines")).to_contain_text(htc.order_item_id)
    h = f"line-{htc.pk}"
    page.fill(f"#id_{h}-total_quantity_returned", "3")
    page.fill(f"#id_{h}-order_return_refund_qty", "3")
    page.click("#generate-refund")
    expect(error(page, f"{h}-order_return_refund_qty")).to_have_text(
        refunding.REFUND_TOO_MANY.format(left=2, shipped=2, done=0))
    expect(error(page, f"{h}-total_quantity_returned")).to_have_text(refunding.RETURNED_TOO_MANY.format(shipped=2))
    expect(error(page, f"{h}-refund_reason")).to_have_text(refunding.REASON_REQUIRED)
    expect(error(page, f"{h}-refund_feedback")).to_have_text(refunding.FEEDBACK_REQUIRED)
    assert calls(live, "POST", "/refunds/") == []

    page.fill(f"#id_{h}-total_quantity_returned", "1")
    page.fill(f"#id_{h}-order_return_refund_qty", "1")
    page.select_option(f"#id_{h}-refund_reason", "Better price found elsewhere")
    page.fill(f"#id_{h}-principal", f"{htc.unit_price}")
    page.click("#generate-refund")
    expect(page.locator(".messagelist")).to_contain_text("sent to Jet")
    expect(page.locator("#refund-status")).to_have_text("created")

    sandbox_server.set_controls(live.merchant, refund_outcome="rejected - customer card not valid")
    page.goto(f"/jet/refunds/new/?order={order.pk}")
    c = f"line-{canon.pk}"
    page.fill(f"#id_{c}-order_return_refund_qty", "1")
    page.select_option(f"#id_{c}-refund_reason", "item is damaged/broken")
    page.select_option(f"#id_{c}-refund_feedback", "Item damaged")
    page.fill(f"#id_{c}-principal", "5.00")
    page.fill(f"#id_{c}-notes", "dented on arrival")
    page.click("#generate-refund")
    expect(page.locator("#refund-status")).to_have_text("created")
    sandbox_server.clear_controls(live.merchant)

    page.goto("/jet/refunds/")
    page.click("#check-refunds")
    expect(page.locator(".messagelist")).to_contain_text("1 accepted, 1 rejected")
    rows = page.locator("tr.refund-row")
    expect(rows).to_have_count(2)
    expect(page.locator("#refunds-grid")).to_contain_text("accepted")
    expect(page.locator("#refunds-grid")).to_contain_text("rejected - customer card not valid")
    expect(page.locator("#refunds-grid")).to_contain_text("CANON-BLUE")
    assert calls(live, "POST", "/refunds/") == [201, 201]
    notes = [r[0] for r in live.sql("SELECT comment FROM oc_order_history WHERE comment LIKE 'Jet refund %'")]
    assert len(notes) == 2 and any(n.endswith("accepted.") for n in notes)
    assert any("rejected - customer card not valid" in n for n in notes)
