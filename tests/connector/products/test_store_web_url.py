"""The connector's store gateway gives OpenCart orders the storefront's address (JETCART_STORE_WEB_URL when the
store has no config_url), and `jetcart doctor` warns when neither is known."""

from __future__ import annotations

import uuid

import pytest

from jetcart.connector.jet_and_store import reset_gateways, store_gateway
from jetcart.site.commands.doctor import check_store_web_url
from tests.fixtures.products_setup import demo_store
from tests.store.helpers import scalar
from tests.store.orders_reference import reference_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(tmp_path, settings):
    settings.JETCART_STORE_URL, settings.JETCART_STORE_PREFIX = demo_store(tmp_path)
    reset_gateways()
    yield settings
    reset_gateways()


def test_should_write_the_storefront_address_into_orders(store):
    store.JETCART_STORE_WEB_URL = "https://shop.example.com/"
    gateway = store_gateway()
    created = gateway.create_order(reference_order(f"jet-{uuid.uuid4().hex[:12]}"))
    assert scalar(gateway, "SELECT store_url FROM {p}order WHERE order_id = :o", o=created.order_id) \
        == "https://shop.example.com/"


def test_doctor_should_warn_when_the_storefront_address_is_unknown(store):
    store.JETCART_STORE_WEB_URL = ""
    check = check_store_web_url()
    assert check.ok and check.warning
    assert "JETCART_STORE_WEB_URL: not set" in check.detail and "config_url" in check.detail
    store.JETCART_STORE_WEB_URL = "https://shop.example.com/"
    check = check_store_web_url()
    assert check.ok and not check.warning and "https://shop.example.com/" in check.detail
