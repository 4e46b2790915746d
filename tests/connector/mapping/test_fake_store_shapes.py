"""The mapping tests' FakeStore answers as the real store gateway does: the same scenario runs against both."""

from __future__ import annotations

import pytest

from jetcart.store.gateway import StoreGateway
from jetcart.store.models import Category, Product
from tests.fakes.mapping import FakeStore
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
