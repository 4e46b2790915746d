"""The orders pages through Django's test client, on in-memory Jet and store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import JetListing, JetOrder
from jetcart.connector.orders import ship
from jetcart.connector.orders.selectors import acknowledge_deadline
from tests.fakes.orders import FakeJet, FakeJetClient, jet_order, product
from tests.fakes.store import FakeStore

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(admin_client):
    jet, store = FakeJet(), FakeStore()
    store.products = {1: product(1, quantity=5)}
    JetListing.objects.create(merchant_sku="A", product_id=1)
    with override_gateways(jet=FakeJetClient(jet), store=store):
        yield jet, store, admin_client


def test_should_fetch_acknowledge_and_ship_from_the_pages(world):
    jet, store, client = world
    good = jet.add(jet_order(items=[("A", 2, 10.0)], name="Homer Simpson"))
    bad = jet.add(jet_order(items=[("UNKNOWN", 1, 10.0)], name="Bart Simpson"))
    index = reverse("admin:jet-orders:index")
    response = client.post(index, {"action": "fetch"}, follow=True)
    assert "fetched 2 jet order(s) (2 new)" in response.content.decode().lower()
    page = client.get(index).content.decode()
    assert "Homer Simpson" in page and "Bart Simpson" not in page
    assert "min" in page  # time left to acknowledge
    rejected = client.get(reverse("admin:jet-rejected-orders:index")).content.decode()
    assert "Bart Simpson" in rejected and "UNKNOWN" in rejected
    order = JetOrder.objects.get(merchant_order_id=good)
    response = client.post(index, {"action": "acknowledge", "selected": [order.pk]}, follow=True)
    assert "1 acknowledged" in response.content.decode()
    assert jet.orders[good]["status"] == "acknowledged" and jet.orders[bad]["status"] == "complete"

    ship_url = reverse("admin:jet-orders:ship", args=[order.pk])
    form = client.get(ship_url).content.decode()
    line = order.lines.get()
    token = "f" * 32
    data = {"token": token, "tracking_number": "1Z1", "shipment_date": "2026-11-27T10:00",
            "shipment_method": "UPS Ground", "expected_delivery_date": "2026-11-30T10:00",
            "ship_from_zip_code": "8404", "carrier_pick_up_date": "2026-11-27T09:00", "carrier": "UPS",
            f"line-{line.pk}-shipped": 1, f"line-{line.pk}-cancelled": 0, f"line-{line.pk}-return_location": "no"}
    assert 'name="ship_from_zip_code"' in form
    refused = client.post(ship_url, data).content.decode()
    assert 'id="error-ship_from_zip_code"' in refused and ship.ZIP_INVALID in refused
    assert jet.count("shipped") == 0
    data["ship_from_zip_code"] = "84047"
    response = client.post(ship_url, data, follow=True)
    assert "confirmed by Jet" in response.content.decode()
    client.post(ship_url, data)  # the same form again (double click): nothing new is sent
    assert jet.count("shipped") == 1
    detail = client.post(reverse("admin:jet-orders:detail", args=[order.pk]), {"action": "cancel", "token": "c" * 32},
                         follow=True).content.decode()
    assert "Cancellation" in detail
    assert "A: 1 / 0" in detail  # the shipment's line: SKU, units shipped / cancelled
    order.refresh_from_db()
    assert order.jet_status == "complete"
    assert store.orders[order.store_order_id]["status"] == 3  # one unit shipped → the shipped status


def test_should_highlight_orders_near_the_acknowledge_deadline(world):
    jet, store, client = world
    moid = jet.add(jet_order(items=[("A", 1, 10.0)]))
    client.post(reverse("admin:jet-orders:index"), {"action": "fetch"})
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert not acknowledge_deadline(order).near
    JetOrder.objects.filter(pk=order.pk).update(ready_at=timezone.now() - timedelta(minutes=12))
    page = client.get(reverse("admin:jet-orders:index")).content.decode()
    assert "jet-near-deadline" in page
    JetOrder.objects.filter(pk=order.pk).update(ready_at=timezone.now() - timedelta(minutes=16))
    assert "overdue" in client.get(reverse("admin:jet-orders:index")).content.decode()


def test_should_filter_the_grid(world):
    jet, store, client = world
    jet.add(jet_order(items=[("A", 1, 10.0)], name="Homer Simpson"))
    jet.add(jet_order(items=[("A", 1, 10.0)], name="Marge Simpson"))
    client.post(reverse("admin:jet-orders:index"), {"action": "fetch"})
    page = client.get(reverse("admin:jet-orders:index"), {"customer": "marge"}).content.decode()
    assert "Marge Simpson" in page and "Homer Simpson" not in page
    page = client.get(reverse("admin:jet-orders:index"), {"status": "complete"}).content.decode()
    assert "Marge Simpson" not in page


def test_should_show_the_opencart_order_of_a_rejected_order_recorded_there(world):
    from jetcart.connector.models import JetConfiguration

    jet, store, client = world
    config = JetConfiguration.load()
    config.record_rejected_orders = True
    config.save()
    jet.add(jet_order(items=[("A", 9, 10.0)], name="Lisa Simpson"))  # 5 in stock
    client.post(reverse("admin:jet-orders:index"), {"action": "fetch"}, follow=True)
    [recorded] = store.orders.values()
    assert recorded["new"].order_status_id == config.order_status_cancelled
    rejected = client.get(reverse("admin:jet-rejected-orders:index")).content.decode()
    assert "Lisa Simpson" in rejected and f"#{JetOrder.objects.get().store_order_id} (cancelled)" in rejected
