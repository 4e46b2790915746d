"""In a real browser: Test connection, the whole API activation against the sandbox, Cron Status after jobs
ran (Run now, a failing job, the activity log and its filters), and the dashboard as the admin home."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from jetcart.connector import activity
from jetcart.connector.jet_and_store import reset_gateways
from jetcart.connector.models import ApiCheck, JetConfiguration, JetListing, JetOrder, JetReturn, JobRun
from jetcart.connector.operations.activation import STEPS
from jetcart.connector.operations.jobs import registry, run_job
from jetcart.connector.operations.jobs.registry import Job
from tests.fixtures.products_setup import configure_sandbox_keys

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sandbox_keys(sandbox_server, jet_merchant):
    configure_sandbox_keys(sandbox_server, jet_merchant)
    reset_gateways()
    yield jet_merchant
    reset_gateways()


def test_test_connection_says_in_one_line_whether_the_keys_work(page, sandbox_keys):
    page.goto("/jet/configuration/")
    page.click("input[name=test_connection]")
    line = page.locator(".messagelist li", has_text="Test connection:")
    assert line.inner_text().startswith("Test connection: Connected: Jet accepted the keys (test mode")
    assert "success" in line.get_attribute("class")

    page.fill("#id_api_secret", "a-wrong-secret")
    page.click("input[name=test_connection]")
    line = page.locator(".messagelist li", has_text="Test connection:")
    assert line.inner_text() == ("Test connection: Jet refused the API user or secret (401): "
                                 "check the keys on the configuration page.")
    assert "error" in line.get_attribute("class")


def test_the_whole_activation_page_against_the_sandbox(page, sandbox_keys):
    page.goto("/")
    page.locator(".app-jet th a", has_text="Activate API").first.click()
    assert page.url.endswith("/jet/activate-api/")
    assert [page.locator(".module h2").nth(i).inner_text() for i in range(3)] == [
        "Enable Product API", "Enable Order API", "Enable Return API"]
    page.click("input[name=send-acknowledge]")  # out of order: says what comes first, nothing sent
    assert "Send “Order generator” first." in page.locator("#step-acknowledge .result").inner_text()
    for step in STEPS:
        page.click(f"input[name=send-{step.key}]")
        result = page.locator(f"#step-{step.key} .result").inner_text()
        assert result.startswith("Sent successfully"), f"{step.key}: {result}"
    assert page.locator("#activation-done").is_visible()
    # results persist: a fresh visit shows them all
    page.goto("/jet/activate-api/")
    assert page.locator(".result .jet-ok").count() == len(STEPS)
    assert ApiCheck.objects.filter(ok=True).count() == len(STEPS)


def test_cron_status_after_the_jobs_ran(page, monkeypatch):
    def failing():
        raise RuntimeError("Jet answered 503 three times")

    registry.all_jobs()
    monkeypatch.setitem(registry._JOBS, "create-orders",
                        Job("create-orders", "Create orders and auto-acknowledge", failing, "orders_interval", 5))
    run_job("create-orders", trigger="schedule")
    activity.record("order", "Jet order abc123 created in OpenCart as #9", merchant_order_id="abc123")
    activity.record("sync", "inventory sent for 3 SKUs")

    page.goto("/jet/cron-status/")
    page.click("input[name=run-purge-log]")  # Huey runs inline in tests
    assert "Delete old log entries: succeeded" in page.locator(".messagelist").inner_text()
    row = page.locator("tr[data-job=purge-log]")
    assert row.locator(".outcome").inner_text().startswith("Succeeded")
    assert "Run now" in row.locator(".last-run").inner_text()
    assert row.locator(".interval").inner_text() == "every day"
    assert " ms" in row.locator(".duration").inner_text()
    failed = page.locator("tr[data-job=create-orders]")
    assert failed.locator(".outcome").inner_text().startswith("Failed")
    assert failed.locator(".last-error").inner_text().startswith("RuntimeError: Jet answered 503 three times")
    assert failed.locator(".interval").inner_text() == "every 5 minutes"
    last = JobRun.objects.filter(job="create-orders").get()
    assert failed.locator(".next-run").inner_text() == (last.started_at + timedelta(minutes=5)).strftime(
        "%m/%d/%Y %H:%M:%S UTC")  # the one date format of every page, the time zone beside the time
    assert "No token yet" in page.locator("#cron-token-state").inner_text()
    page.click("#new-cron-token button")
    url = page.locator("[data-testid=cron-url-purge-log]").inner_text()
    token = url.rsplit("token=", 1)[1]
    assert len(token) >= 24 and "copy them now" in page.locator("#cron-token-state").inner_text()
    page.goto("/jet/cron-status/")  # shown once: never again
    assert token not in page.content() and "A token is set" in page.locator("#cron-token-state").inner_text()

    # the cron URL as the system cron would call it
    response = page.request.get(f"/cron/purge-log/?token={token}")
    assert response.status == 200 and response.json()["outcome"] == "succeeded"
    assert page.request.get("/cron/purge-log/?token=nope").status == 403

    # the log level switch
    page.select_option("#id_log_level", "WARNING")
    page.click("input[name=save-log]")
    assert "Log settings saved." in page.locator(".messagelist").inner_text()
    assert JetConfiguration.load().log_level == "WARNING"

    # the activity log with filters
    page.click("#all-activity")
    page.select_option("#id_kind", "order")
    page.click("#activity-filters input[type=submit]")
    rows = page.locator("[data-testid=activity] tbody tr")
    assert rows.count() == 1 and "abc123" in rows.first.inner_text()
    page.select_option("#id_kind", "")
    page.select_option("#id_level", "40")
    page.click("#activity-filters input[type=submit]")
    assert "Create orders and auto-acknowledge failed" in page.locator("[data-testid=activity]").inner_text()
    assert "inventory sent" not in page.locator("[data-testid=activity]").inner_text()


def test_the_dashboard_is_the_admin_home(page):
    now = timezone.now()
    ApiCheck.objects.create(key="connection", ok=True, message="Connected: Jet accepted the keys (test mode).",
                            checked_at=now)
    JetListing.objects.create(merchant_sku="SKU-1", product_id=1, jet_status="Available for Purchase")
    JetListing.objects.create(merchant_sku="SKU-2", product_id=2, jet_status="Missing Listing Data",
                              sub_statuses=["Missing image"])
    JetListing.objects.create(merchant_sku="SKU-3", product_id=3, jet_status="Missing Listing Data",
                              sub_statuses=["Missing image"],
                              problems=[{"field": "brand", "message": "brand is required"}])
    JetListing.objects.create(merchant_sku="SHIRT", product_id=4, kind="parent", jet_status="Under Jet Review")
    for size in ("S", "M", "L"):  # a configurable product: one product, four SKUs
        JetListing.objects.create(merchant_sku=f"SHIRT-{size}", product_id=4, kind="child", parent_sku="SHIRT",
                                  combination_key=size, jet_status="Under Jet Review")
    ready = JetOrder.objects.create(merchant_order_id="m-ready", reference_order_id="R-1", jet_status="ready",
                                    payload={}, customer_name="Avery Johnson", total=Decimal("38.00"),
                                    ready_at=now - timedelta(minutes=3))
    JetOrder.objects.create(merchant_order_id="m-ship", reference_order_id="R-2", jet_status="acknowledged",
                            payload={}, store_order_id=41, ack_state="done", request_ship_by=now + timedelta(days=1))
    JobRun.objects.create(job="sync-inventory", started_at=now - timedelta(days=1), outcome="succeeded")
    JetReturn.objects.create(merchant_return_authorization_id="ret-open", reference_return_authorization_id="RA-7",
                             merchant_order_id="m-ship", reference_order_id="R-2", jet_status="created", payload={})
    JetReturn.objects.create(merchant_return_authorization_id="ret-done", merchant_order_id="m-ship",
                             jet_status="completed by merchant", payload={}, state="completed")
    JobRun.objects.create(job="create-orders", started_at=now - timedelta(hours=1), outcome="failed", error="boom")

    page.goto("/")
    dash = page.locator("[data-testid=dashboard]")
    assert "working" in dash.locator("#dash-health").inner_text()
    assert "1 failing: Create orders and auto-acknowledge" in dash.locator("#dash-health").inner_text()
    assert dash.locator("td[data-status='Missing Listing Data']").inner_text() == "2"
    assert dash.locator("td[data-status='Available for Purchase']").inner_text() == "1"
    assert dash.locator("td[data-status='Under Jet Review']").inner_text() == "4"  # SKUs
    assert dash.locator("td[data-products-status='Under Jet Review']").inner_text() == "1"  # products
    assert "PRODUCTS\tSKUS" in dash.locator("#dash-products").inner_text().upper()
    errors = dash.locator("#dash-errors").inner_text()
    assert "Jet: Missing image\t2" in errors and "brand: brand is required\t1" in errors
    ack = dash.locator("#dash-ack")
    assert "Waiting for acknowledgement (1)" in ack.inner_text()
    assert str(ready) in ack.inner_text() and "left" in ack.inner_text()
    assert "#41" in dash.locator("#dash-ship").inner_text()
    returns = dash.locator("#dash-returns").inner_text()
    assert "Open returns (1)" in returns and "RA-7" in returns and "order R-2" in returns
    assert dash.locator(".jet-chart").count() == 2
    assert dash.locator(".jet-chart .bar-ok").count() >= 2  # today's orders, yesterday's sync
    assert dash.locator(".jet-chart .bar-bad").count() >= 1
    # the Jet sections are still listed under the dashboard
    assert page.locator("#content-main .app-jet").count() == 1
    for width in (1366, 1100, 800):  # health labels on one line, nothing wider than the window
        page.set_viewport_size({"width": width, "height": 768})
        label = dash.locator("#dash-health th", has_text="Jet keys")
        lines = label.evaluate("th => { const r = document.createRange(); r.selectNodeContents(th);"
                               " return new Set([...r.getClientRects()].map(box => Math.round(box.top))).size; }")
        assert lines == 1, f"'Jet keys' on {lines} lines at {width} px"
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), width
