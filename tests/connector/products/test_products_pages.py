"""The products pages render from the catalog snapshot: grid filters, sorting and paging, the edit tabs,
a run's progress page, and the Rejected Files grid."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import CatalogProduct, JetFile, ProductRun, RejectedFileProduct
from jetcart.connector.products.grid import grid_page
from jetcart.connector.products.jet_files import pack_manifest
from tests.fixtures.products_setup import demo_store, map_demo_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(tmp_path, settings):
    from jetcart.store.gateway import StoreGateway

    settings.JETCART_STORE_WEB_URL = "https://shop.example.com/"
    url, prefix = demo_store(tmp_path)
    gateway = StoreGateway.connect(url, prefix)
    map_demo_catalog(gateway)
    with override_gateways(store=gateway):
        yield gateway
    gateway.close()


def test_should_list_filter_sort_and_page_the_store_products(admin_client, store):
    page = admin_client.get(reverse("admin:jet-products:index"))
    assert page.status_code == 200
    assert CatalogProduct.objects.count() == 19
    html = page.content.decode()
    assert "Bulk Upload" in html and "Apple Cinema 30&quot;" in html and "90.0000" in html  # special price

    filtered = admin_client.get(reverse("admin:jet-products:index"), {"name": "ipod"}).content.decode()
    assert filtered.count('class="product-row"') == 4
    by_price = grid_page({}, sort="price", descending=True, per_page=25)
    assert by_price.rows[0].name == "MacBook Pro"
    second = grid_page({}, sort="name", page=2, per_page=25)
    assert second.page == 1 and second.total == 19  # one page only: clamped
    assert [p.product_id for p in grid_page({"quantity": "0-10"}, sort="quantity").rows] == [49, 30]


def test_should_refuse_an_unreadable_price_filter_next_to_its_field(admin_client, store):
    html = admin_client.get(reverse("admin:jet-products:index"), {"price": "cheap", "name": "ipod"}).content.decode()
    assert 'id="filter-error-price"' in html and "Enter a number, or a range such as 10-50." in html
    assert html.count('class="product-row"') == 4  # the readable filter still applies
    html = admin_client.get(reverse("admin:jet-products:index"), {"quantity": "50-10"}).content.decode()
    assert "must not be larger than the second" in html


def test_should_show_the_edit_tabs_and_link_the_jet_attribute_form(admin_client, store):
    admin_client.get(reverse("admin:jet-products:index"))
    edit = reverse("admin:jet-products:edit", args=[36])
    html = admin_client.get(edit).content.decode()
    for tab in ("Shipping Exception", "Return Exception", "Jet Attributes", "Config Products", "Products Data On Jet"):
        assert tab in html
    assert reverse("admin:jet-field-mapping:product-attributes", args=[36]) in html
    assert "no options mapped" in admin_client.get(edit + "?tab=children").content.decode()


def test_should_show_a_runs_progress_and_the_rejected_files(admin_client, store):
    run = ProductRun.objects.create(action="upload", total=2, processed=1, succeeded=1, state="running")
    run.results.create(product_id=28, product_name="HTC Touch HD", ok=True, messages=["uploaded"])
    html = admin_client.get(reverse("admin:jet-products:run", args=[run.pk])).content.decode()
    assert "1 of 2 products" in html and 'http-equiv="refresh"' in html

    assert "No results!" in admin_client.get(reverse("admin:jet-rejected-files:index")).content.decode()
    file = JetFile.objects.create(jet_file_id="f1", file_type="MerchantSKUs", file_name="m.json.gz",
                                  status="Processed with errors", manifest=pack_manifest({"OC30": 30}),
                                  uploaded_at=run.created_at)
    RejectedFileProduct.objects.create(file=file, product_id=30, product_name="Canon EOS 5D",
                                       merchant_skus=["OC30"], messages=["OC30: brand is required"])
    html = admin_client.get(reverse("admin:jet-rejected-files:index")).content.decode()
    assert "Canon EOS 5D" in html and "f1" in html and "MerchantSKUs" in html
    admin_client.post(reverse("admin:jet-rejected-files:index"), {"action": "clear"})
    assert not RejectedFileProduct.objects.exists()


def test_should_not_write_on_get_and_leave_a_stale_snapshot_to_the_background_task(admin_client, store, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from jetcart.connector.ui.products import views

    admin_client.get(reverse("admin:jet-products:index"))  # the first visit fills the snapshot (immediate Huey)
    queued = []
    monkeypatch.setattr(views, "refresh_snapshot_task", lambda full=False: queued.append(full))
    with CaptureQueriesContext(connection) as fresh:
        assert admin_client.get(reverse("admin:jet-products:index"), {"sort": "price"}).status_code == 200
    writes = [q["sql"] for q in fresh.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and "django_session" not in q["sql"]]
    assert writes == [] and queued == []

    from datetime import timedelta

    from django.utils import timezone

    from jetcart.connector.models import CatalogSnapshot
    CatalogSnapshot.objects.update(changed_since=timezone.now() - timedelta(hours=1))
    with CaptureQueriesContext(connection) as stale:
        assert admin_client.get(reverse("admin:jet-products:index")).status_code == 200
    assert queued == [False]  # a changed-since refresh, queued
    assert not [q for q in stale.captured_queries if "catalog" in q["sql"].lower()
                and q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
