"""Test helpers for the products part: a demo store of one's own, the connector configured for a sandbox
merchant, the demo categories and options mapped to a real Jet category, and the gateways wired up."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from jetcart.connector.configuration import load_configuration
from jetcart.connector.gateways import override_gateways
from jetcart.connector.models import (
    CategoryMapping,
    JetAttribute,
    JetCategory,
    OptionMapping,
    OptionValueMapping,
)

# A leaf of Jet's taxonomy (as the sandbox ships it) whose attributes include Color (119) and Size (50).
NODE_ID = 8000101
COLOR, SIZE = 119, 50
STORE_WEB_URL = "https://shop.example.com/"
COLOR_OPTION = 13  # the demo store's Color option and its values
COLOR_VALUES = {49: "Black", 50: "White", 51: "Silver", 52: "Blue"}


def demo_store(tmp_path: Path, prefix: str = "oc_") -> tuple[str, str]:
    """A fresh demo store on a SQLite file of this test (the test may change its prices and stock)."""
    from jetcart.store.demo import ensure_demo_store

    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    ensure_demo_store(url, prefix)
    return url, prefix


def configure_jet(sandbox_server, merchant) -> None:
    config = load_configuration()
    config.api_url = sandbox_server.base_url
    config.api_user, config.api_secret = merchant.user, merchant.secret
    config.merchant_id, config.fulfillment_node_id = merchant.merchant_id, merchant.fulfillment_node_id
    config.save()


def map_demo_catalog(store) -> None:
    """Every store category to one Jet category; the Color option to Jet's Color."""
    JetCategory.objects.update_or_create(jet_node_id=NODE_ID, defaults={
        "name": "Cameras & Camcorders", "parent_id": 8000100, "level": 2,
        "path": "Toys & Games > Electronics for Kids > Cameras & Camcorders"})
    JetAttribute.objects.update_or_create(attribute_id=COLOR, defaults={"name": "Color", "variant": True, "kind": 1})
    JetAttribute.objects.update_or_create(attribute_id=SIZE, defaults={"name": "Size", "variant": True, "kind": 1})
    for category in store.categories():
        CategoryMapping.objects.update_or_create(store_category_id=category.category_id, defaults={
            "jet_category_id": NODE_ID, "store_category_path": category.full_path})
    option, _ = OptionMapping.objects.update_or_create(store_option_id=COLOR_OPTION, defaults={
        "jet_attribute_id": COLOR, "store_option_name": "Color"})
    for value_id, name in COLOR_VALUES.items():
        OptionValueMapping.objects.update_or_create(store_option_value_id=value_id, defaults={
            "option_mapping": option, "jet_value": name, "store_value_name": name})


@contextmanager
def wired(store_url: str, prefix: str, sandbox_server, merchant, settings):
    """The connector talking to this store and this sandbox merchant, with the demo catalog mapped."""
    from jetcart.jet.client import JetClient
    from jetcart.store.gateway import StoreGateway

    settings.JETCART_STORE_WEB_URL = STORE_WEB_URL
    configure_jet(sandbox_server, merchant)
    store = StoreGateway.connect(store_url, prefix)
    client = JetClient(user=merchant.user, secret=merchant.secret, base_url=sandbox_server.base_url, rate_limits=None)
    map_demo_catalog(store)
    try:
        with override_gateways(jet=client, store=store):
            yield store, client
    finally:
        client.close()
        store.close()
