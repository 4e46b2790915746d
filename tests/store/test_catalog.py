"""Catalog reads: products in the store language, options as variant candidates, categories, change detection."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from jetcart.store import StoreGateway
from jetcart.store.demo import ensure_demo_store
from tests.store.helpers import count_statements, rows, scalar
from tests.store.orders_reference import reference_order

APPLE_CINEMA, CANON, HP_LP3065 = 42, 30, 47


@pytest.fixture
def gateway(any_store, gateways):
    return gateways(any_store)


def by_id(gateway) -> dict:
    return {p.product_id: p for p in gateway.iter_products(batch_size=7)}


def test_every_product_is_streamed_once_with_text_unescaped_in_the_store_language(gateway):
    products = by_id(gateway)
    assert len(products) == scalar(gateway, "SELECT COUNT(*) FROM {p}product")
    cinema = products[APPLE_CINEMA]
    assert cinema.name == 'Apple Cinema 30"'
    assert "&quot;" not in cinema.name and "&lt;" not in cinema.description
    assert cinema.model == "Product 15" and cinema.manufacturer == "Apple"
    assert cinema.weight == D("12.5") and cinema.weight_unit == "kg"
    assert (cinema.length, cinema.width, cinema.height, cinema.length_unit) == (D(1), D(2), D(3), "cm")
    assert cinema.image.endswith(".jpg") and cinema.images and cinema.category_ids
    assert products[HP_LP3065].subtract is False and products[HP_LP3065].price == D("100")
    assert cinema.in_store and cinema.visible_on(datetime.now(UTC).date())
    assert not cinema.visible_on(cinema.date_available - timedelta(days=1))


def test_the_special_in_force_today_is_read_with_opencarts_priority_rule(gateway):
    products = by_id(gateway)
    if gateway.version == "4.1":  # the 4.1.0.4 demo data has no specials
        assert products[CANON].special_price is None
    else:  # Canon has 80.00 (priority 1) and 90.00 (priority 2), both without dates
        assert products[CANON].special_price == D("80") and products[CANON].selling_price == D("80")
        assert products[APPLE_CINEMA].special_price == D("90")


def test_select_and_radio_options_become_variant_candidates(gateway):
    cinema = by_id(gateway)[APPLE_CINEMA]
    assert sorted(o.type for o in cinema.options) == ["radio", "select"]  # text, date, checkbox… are not variants
    candidates = cinema.variant_candidates()
    assert len(candidates) == 3 * 4
    radio = next(o for o in cinema.options if o.type == "radio")
    large = next(v for v in radio.values if v.name == "Large")
    assert (large.price_delta, large.weight_delta, large.subtract) == (D(30), D(30), True)
    combo = next(c for c in candidates if c.labels == {"Radio": "Large", "Select": "Red"})
    assert combo.price_delta == D(34) and combo.weight_delta == D(34)
    red = combo.values[1][1] if combo.values[1][0].type == "select" else combo.values[0][1]
    assert combo.quantity(10_000) == min(large.quantity, red.quantity)
    assert combo.key.startswith(f"{APPLE_CINEMA}-")


def test_the_stream_uses_a_fixed_handful_of_queries_per_batch(gateway):
    total = scalar(gateway, "SELECT COUNT(*) FROM {p}product")
    with count_statements(gateway, ("SELECT",)) as small:
        assert sum(1 for _ in gateway.iter_products(batch_size=4)) == total
    with count_statements(gateway, ("SELECT",)) as large:
        assert sum(1 for _ in gateway.iter_products(batch_size=1000)) == total
    batches = math.ceil(total / 4)
    per_batch = (len(small) - 1) / batches  # the last query finds no more products
    assert per_batch <= 7 and per_batch == int(per_batch)
    assert len(large) <= 8


def test_products_by_ids_returns_only_those_that_exist(gateway):
    found = gateway.get_products([HP_LP3065, CANON, 987654])
    assert [p.product_id for p in found] == [CANON, HP_LP3065]


def test_the_category_tree_has_full_paths(gateway):
    paths = {c.category_id: c.full_path for c in gateway.categories()}
    assert paths[28] == "Components > Monitors"
    assert paths[18] == "Laptops & Notebooks"
    assert paths[35] == "Components > Monitors > test 1"


def test_changed_products_include_edits_and_stock_moved_by_orders(empty_sqlite_store_url):
    ensure_demo_store(empty_sqlite_store_url, "oc_")
    with StoreGateway.connect(empty_sqlite_store_url, "oc_") as gateway:
        since = datetime.now(UTC) - timedelta(seconds=5)
        assert gateway.changed_product_ids(since) == []
        rows(gateway, "UPDATE {p}product SET date_modified = :now WHERE product_id = 41",
             now=datetime.now(UTC).replace(tzinfo=None, microsecond=0).isoformat(sep=" "))
        order = reference_order("jet-changed", ordered_at=datetime.now(UTC))
        gateway.create_order(order)
        assert gateway.changed_product_ids(since) == [CANON, 41, HP_LP3065, 48]
        assert gateway.changed_product_ids(datetime.now(UTC) + timedelta(minutes=1)) == []


def test_a_4x_variant_product_names_its_master_and_choices(opencart4_store, gateways, oc4_variant):
    [variant] = gateways(opencart4_store).get_products([oc4_variant])
    assert (variant.master_id, variant.name, variant.upc, variant.sku) == (30, "Canon EOS 5D & Blue", "012345678905",
                                                                            "CANON-BLUE")
    assert variant.variant == {226: "16"} and variant.variant_labels == {"Select": "Blue"}
