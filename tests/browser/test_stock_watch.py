"""In a real browser: the product page explains the quantity Jet shows, and the dashboard shows the drift found and
healed and the clone guard's pause, which the admin lifts with one click."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone
from sqlalchemy import text

from jetcart.connector import clone_guard
from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import (
    ImportState,
    Installation,
    JetConfiguration,
    JetOrder,
    JetOrderLine,
    ProductAction,
)
from jetcart.connector.products import stock_capture
from jetcart.connector.products.drift import check_drift
from jetcart.connector.products.runs import create_run, execute_run
from jetcart.store.demo import ensure_demo_store
from jetcart.store.gateway import StoreGateway
from tests.fixtures.products_setup import demo_store, wired

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HTC, PALM = 28, 29


@pytest.fixture
def listed(tmp_path, sandbox_server, jet_merchant, settings):
    url, prefix = demo_store(tmp_path)
    settings.JETCART_STORE_URL = url
    with wired(url, prefix, sandbox_server, jet_merchant, settings) as (store, client):
        done = execute_run(create_run(action=ProductAction.UPLOAD, product_ids=[HTC, PALM]).pk)
        assert done.succeeded == 2, done.message
        store.capture.install()
        stock_capture.capture_once()
        yield store, client
    clone_guard.forget_verdict()
    stock_capture._mode_cache.clear()


def test_the_product_page_explains_the_quantity_on_jet(page, listed):
    store, _client = listed
    config = JetConfiguration.load()
    config.inventory_buffer = 2
    config.save()
    order = JetOrder.objects.create(merchant_order_id=uuid.uuid4().hex, jet_status="ready", payload={},
                                    import_state=ImportState.RECEIVED, placed_at=timezone.now())
    JetOrderLine.objects.create(order=order, order_item_id="1", merchant_sku="OC28", quantity=3, product_id=HTC)
    stock_capture.capture_once()
    on_hand = store.get_products([HTC])[0].quantity

    page.goto("/jet/products/")
    page.goto(f"/jet/products/{HTC}/")
    line = page.locator("#quantity-explained tr[data-sku=OC28] .jet-explanation").inner_text()
    assert line.startswith(f"Jet shows {on_hand - 5} = {on_hand} on hand − 3 in open Jet orders − 2 buffer, sent ")
    assert line.endswith("UTC (capture)")


def test_the_dashboard_shows_drift_and_the_clone_guard(page, listed, tmp_path):
    store, client = listed
    node = JetConfiguration.load().fulfillment_node_id
    client.products.patch_inventory("OC28", {"fulfillment_nodes": [{"fulfillment_node_id": node, "quantity": 999}]})
    check_drift()

    page.goto("/")
    assert page.locator("#drift-summary").inner_text().startswith("1 difference(s), 1 healed")
    row = page.locator("#dash-drift .drift-finding", has_text="OC28")
    assert "inventory: Jet 999" in row.inner_text() and "healed" in row.inner_text()
    assert page.locator("#clone-ok").is_visible()
    assert page.locator("#dash-capture").inner_text().count("triggers") >= 1

    # The same jetcart database pointed at a staging copy of the store: every write pauses.
    staging_url = f"sqlite:///{tmp_path / 'staging.sqlite3'}"
    ensure_demo_store(staging_url, "oc_")
    staging = StoreGateway.connect(staging_url, "oc_")
    try:
        with override_gateways(store=staging):
            clone_guard.forget_verdict()
            with staging.engine.connect() as conn:
                conn.execute(text("UPDATE oc_product SET quantity = 1 WHERE product_id = 28"))
            run = execute_run(create_run(action=ProductAction.SYNC, product_ids=[HTC]).pk)
            assert "writes to Jet are paused" in run.message
            page.goto("/")
            assert "Writes to Jet are paused" in page.locator("#clone-paused").inner_text()
            page.click("#confirm-installation")
            assert "writes to Jet resume" in page.locator(".messagelist").inner_text()
            assert page.locator("#clone-ok").is_visible()
            assert not Installation.objects.get().paused
    finally:
        staging.close()
