"""Orders written into OpenCart carry the storefront's address in order.store_url (OpenCart's dispatch note and
order e-mails build links from it): the store's config_url, else the address jetcart is given."""

from __future__ import annotations

import uuid

from jetcart.store.gateway import StoreGateway
from tests.store.helpers import rows, scalar
from tests.store.orders_reference import reference_order

WEB_URL = "https://shop.example.com/"


def _store_url_of_new_order(gateway: StoreGateway) -> str:
    created = gateway.create_order(reference_order(f"jet-{uuid.uuid4().hex[:12]}"))
    return scalar(gateway, "SELECT store_url FROM {p}order WHERE order_id = :o", o=created.order_id)


def test_an_order_gets_the_given_storefront_address_when_the_store_has_no_config_url(any_store):
    with StoreGateway.connect(any_store.url, any_store.prefix, store_url=WEB_URL) as gateway:
        if gateway.settings.values.get("config_url"):
            rows(gateway, "DELETE FROM {p}setting WHERE `key` = 'config_url' AND store_id = 0")
            gateway.refresh()
        assert _store_url_of_new_order(gateway) == WEB_URL


def test_the_stores_own_config_url_wins(any_store):
    with StoreGateway.connect(any_store.url, any_store.prefix, store_url=WEB_URL) as gateway:
        rows(gateway, "DELETE FROM {p}setting WHERE `key` = 'config_url' AND store_id = 0")
        rows(gateway, "INSERT INTO {p}setting (store_id, code, `key`, value, serialized) "
                      "VALUES (0, 'config', 'config_url', 'https://own.example.org/', 0)")
        try:
            gateway.refresh()
            assert _store_url_of_new_order(gateway) == "https://own.example.org/"
        finally:
            rows(gateway, "DELETE FROM {p}setting WHERE `key` = 'config_url' AND store_id = 0")
