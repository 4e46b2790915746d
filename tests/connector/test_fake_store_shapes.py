"""The one FakeStore (tests/fakes/store.py) answers as the real store gateway does: the same scenarios (the
mapping's categories and products, the orders' create and status change) run against both."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from jetcart.store.errors import OrderNotFound, UnknownZone
from jetcart.store.gateway import StoreGateway
from jetcart.store.models import Address, Category, CreatedOrder, NewOrder, OrderLine, Product, TaxLine
from tests.fakes.store import FakeStore
from tests.fixtures.products_setup import demo_store


@pytest.fixture(params=["fake", "demo store"])
def store(request, tmp_path):
    if request.param == "fake":
        yield FakeStore()
        return
    gateway = StoreGateway.connect(*demo_store(tmp_path))
    yield gateway
    gateway.close()


def test_categories_are_store_categories_with_their_paths(store):
    categories = store.categories()
    assert categories and all(isinstance(c, Category) for c in categories)
    by_id = {c.category_id: c for c in categories}
    for category in categories:
        parent = by_id.get(category.parent_id)
        assert category.path[-1] == category.name
        assert category.path == ((*parent.path, category.name) if parent else (category.name,))


def test_a_created_category_is_read_back_under_its_parent(store):
    parent = next(c for c in store.categories() if c.parent_id == 0)
    new_id = store.create_category(name="Jet Imports", parent_id=parent.category_id)
    assert isinstance(new_id, int)
    created = next(c for c in store.categories() if c.category_id == new_id)
    assert (created.parent_id, created.name, created.path) == (parent.category_id, "Jet Imports",
                                                               (*parent.path, "Jet Imports"))


def test_products_read_by_id_are_products_and_unknown_ids_are_left_out(store):
    first = next(iter(store.iter_products()))
    assert isinstance(first, Product) and isinstance(first.category_ids, tuple) and isinstance(first.options, tuple)
    found = store.get_products([first.product_id, 987654])
    assert [p.product_id for p in found] == [first.product_id]
    with_options = next(p for p in store.iter_products() if p.options)
    assert all(isinstance(o.values, tuple) and isinstance(o.option_id, int) for o in with_options.options)


PROCESSING, COMPLETE = 2, 5


def _order(store, key: str, *, zone: str = "UT") -> tuple[NewOrder, Product]:
    """One unit of a product without options, to a US address, with shipping and a tax line."""
    product = next(p for p in store.iter_products() if not p.options and p.subtract and p.quantity > 1)
    address = Address(firstname="Jane", lastname="Buyer", address_1="1 Main St", city="Midvale", postcode="84047",
                      country_code="US", zone=zone)
    new = NewOrder(marketplace_order_id=key, firstname="Jane", lastname="Buyer", email="jane@customer.jet.com",
                   telephone="555-0100", payment_address=address, shipping_address=address,
                   lines=(OrderLine(product.product_id, 1, Decimal("20.00"), Decimal("1.50")),),
                   ordered_at=datetime(2026, 11, 27, 10, 0, tzinfo=UTC), shipping_amount=Decimal("4.00"),
                   shipping_title="Jet Standard", taxes=(TaxLine("Jet tax", Decimal("1.50")),),
                   order_status_id=PROCESSING, comment=f"Jet order {key}", history_comment="Imported from Jet.")
    return new, product


def test_an_order_is_created_once_takes_its_stock_and_changes_status_once(store):
    new, product = _order(store, "jet-shape-1")
    created = store.create_order(new)
    assert isinstance(created, CreatedOrder) and created.created and isinstance(created.order_id, int)
    assert Decimal(created.total) == Decimal("25.50")  # 20.00 + 4.00 shipping + 1.50 tax
    again = store.create_order(new)
    assert (again.order_id, again.created) == (created.order_id, False)
    [after] = store.get_products([product.product_id])
    assert after.quantity == product.quantity - 1  # taken once, not twice
    assert store.change_order_status(created.order_id, COMPLETE, comment="Shipped on Jet.") is True
    assert store.change_order_status(created.order_id, COMPLETE, comment="Shipped on Jet.") is False  # a retry
    with pytest.raises(OrderNotFound):
        store.change_order_status(987654, COMPLETE)


def test_an_order_to_an_unknown_zone_is_refused_with_unknown_zone(store):
    new, _ = _order(store, "jet-shape-2", zone="XX")
    with pytest.raises(UnknownZone):
        store.create_order(new)
