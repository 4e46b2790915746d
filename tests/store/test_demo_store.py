"""The demo store: created once on SQLite or MariaDB, left alone afterwards, and ready for Jet."""

from __future__ import annotations

import pytest

from jetcart.store import StoreGateway
from jetcart.store.build import store_state
from jetcart.store.connection import make_engine
from jetcart.store.demo import create_demo_store, ensure_demo_store
from jetcart.store.demo_catalog import upc_a
from jetcart.store.errors import StoreNotEmpty


def upc_is_valid(code: str) -> bool:
    return len(code) == 12 and code.isdigit() and upc_a(code[:11]) == code


def test_upc_check_digits():
    assert upc_a("03600029145") == "036000291452"  # the textbook UPC-A example
    assert upc_is_valid("012345678905") and not upc_is_valid("012345678901")
    with pytest.raises(ValueError):
        upc_a("123")


def test_demo_store_is_created_once_and_then_left_untouched(empty_store_url):
    assert ensure_demo_store(empty_store_url, "oc_").startswith("demo store created (19 products")
    with StoreGateway.connect(empty_store_url, "oc_") as gateway:
        gateway.create_category("Kept")
    summary = ensure_demo_store(empty_store_url, "oc_")
    assert summary.startswith("existing store kept: OpenCart 3.0.x")
    assert "20 categories" in summary  # the category created above is still there


def test_demo_store_resembles_opencarts_demo_and_is_jet_ready(empty_sqlite_store_url):
    ensure_demo_store(empty_sqlite_store_url, "oc_")
    with StoreGateway.connect(empty_sqlite_store_url, "oc_") as gateway:
        products = list(gateway.iter_products())
        assert gateway.settings.currency_code == "USD" and gateway.settings.currency_id == 2
        assert gateway.settings.processing_status_ids == {5, 1, 2, 12, 3}
        assert gateway.order_statuses()[2] == "Processing" and 4 not in gateway.order_statuses()
        assert set(gateway.installed_totals) >= {"sub_total", "shipping", "tax", "total"}
    assert {p.name for p in products} >= {"MacBook", "iPhone", 'Apple Cinema 30"', "Canon EOS 5D", "HP LP3065"}
    assert all(upc_is_valid(p.upc) for p in products)
    assert all(p.manufacturer for p in products)
    assert len({p.sku for p in products}) == len(products)
    with_color = [p for p in products if any(o.name == "Color" for o in p.options)]
    with_size_and_color = [p for p in with_color if any(o.name == "Size" for o in p.options)]
    assert len(with_color) >= 3 and with_size_and_color
    assert len(with_size_and_color[0].variant_candidates()) == 9


def test_a_database_holding_a_store_is_refused_unless_replaced(empty_sqlite_store_url):
    ensure_demo_store(empty_sqlite_store_url, "oc_")
    engine = make_engine(empty_sqlite_store_url)
    try:
        with pytest.raises(StoreNotEmpty, match="--replace"):
            create_demo_store(engine, "oc_")
        create_demo_store(engine, "oc_", replace=True)
        assert store_state(engine, "oc_") == "store"
        assert store_state(engine, "other_") == "empty"
    finally:
        engine.dispose()
