"""The dashboard of a first morning: the store's products are counted as Not Uploaded before any upload and
before the products grid was ever opened (the dashboard has the catalog read, as the grid does)."""

from __future__ import annotations

import re

import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import CatalogProduct, JetListing
from tests.fixtures.products_setup import demo_store

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(tmp_path):
    from jetcart.store.gateway import StoreGateway

    url, prefix = demo_store(tmp_path)
    gateway = StoreGateway.connect(url, prefix)
    with override_gateways(store=gateway):
        yield gateway
    gateway.close()


def counted(html: str, column: str, status: str) -> int:
    found = re.search(rf'data-{column}="{re.escape(status)}">(\d+)<', html)
    assert found, f"no {column} count for {status}"
    return int(found.group(1))


def test_a_first_morning_counts_every_store_product_as_not_uploaded(admin_client, store):
    assert not CatalogProduct.objects.exists()
    html = admin_client.get("/").content.decode()
    assert counted(html, "products-status", "Not Uploaded") == 19
    assert counted(html, "status", "Not Uploaded") == 0  # no SKU made yet
    assert 'id="catalog-not-read"' not in html  # read in the request here (tasks run at once under test)


def test_a_product_with_skus_counts_by_its_skus_not_twice(admin_client, store):
    admin_client.get("/")
    JetListing.objects.create(merchant_sku="OC28", product_id=28, jet_status="Under Jet Review")
    JetListing.objects.create(merchant_sku="OC30", product_id=30, jet_status="Not Uploaded",
                              problems=[{"field": "shipping_weight_pounds", "message": "missing shipping weight"}])
    html = admin_client.get("/").content.decode()
    assert counted(html, "products-status", "Under Jet Review") == 1
    assert counted(html, "products-status", "Not Uploaded") == 18  # 17 never uploaded, Canon refused here
    assert counted(html, "status", "Not Uploaded") == 1


def test_without_a_readable_store_the_dashboard_says_the_catalog_is_not_read(admin_client, settings):
    settings.JETCART_STORE_URL = ""
    response = admin_client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="catalog-not-read"' in html
    assert counted(html, "products-status", "Not Uploaded") == 0
