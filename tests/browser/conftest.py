"""The worlds the browser tests walk: `shop` (the demo store mapped, the connector set up for a fresh sandbox
merchant) and `live` (the connector wired to a live sandbox-backed store, for the orders, returns and refunds
chapters). The browser, the live server and the logged-in `page` are in tests/fixtures/web.py."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from jetcart.connector.jet_and_store import override_gateways, reset_gateways, store_gateway
from jetcart.jet.client import JetClient
from jetcart.store.demo import ensure_demo_store
from tests.fixtures.live_world import build_live_world
from tests.fixtures.products_setup import STORE_WEB_URL, configure_jet, map_demo_catalog


class Shop(NamedTuple):
    """The demo store's database URL and a Jet client of the same sandbox merchant (to read Jet's side)."""

    store_url: str
    client: JetClient


@pytest.fixture
def shop(settings, tmp_path, sandbox_server, jet_merchant, admin_user):
    """The demo store on a temp SQLite file, mapped, and the connector configured for a fresh sandbox merchant."""
    settings.JETCART_STORE_URL = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    settings.JETCART_STORE_PREFIX = "oc_"
    settings.JETCART_STORE_WEB_URL = STORE_WEB_URL
    ensure_demo_store(settings.JETCART_STORE_URL, "oc_")
    reset_gateways()
    configure_jet(sandbox_server, jet_merchant)
    map_demo_catalog(store_gateway())
    client = JetClient(sandbox_server.base_url, jet_merchant.user, jet_merchant.secret, rate_limits=None)
    yield Shop(settings.JETCART_STORE_URL, client)
    client.close()
    reset_gateways()


@pytest.fixture
def live(sandbox_server, jet_merchant, tmp_path, admin_user):
    """The connector wired to a fresh sandbox merchant and a demo store whose products are listed on Jet."""
    world = build_live_world(sandbox_server, jet_merchant, tmp_path / "store.sqlite3")
    with override_gateways(jet=world.client, store=world.gateway):
        yield world
    world.close()
