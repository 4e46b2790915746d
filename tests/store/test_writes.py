"""Categories and returns are written as OpenCart's admin writes them."""

from __future__ import annotations

import uuid

import pytest

from jetcart.store.errors import OrderNotFound, ProductNotFound, ReturnLookupNotFound, StoreError
from jetcart.store.models import NewReturn
from tests.store.helpers import rows, scalar
from tests.store.orders_reference import IPOD_CLASSIC, reference_order


@pytest.fixture
def gateway(any_store, gateways):
    return gateways(any_store)


def test_a_new_category_has_descriptions_path_and_store_rows(gateway):
    parent = gateway.create_category("Jet & Friends")
    child = gateway.create_category('Screens 30"', parent_id=parent)
    monitors_child = gateway.create_category("Wide", parent_id=28)
    languages = scalar(gateway, "SELECT COUNT(*) FROM {p}language")
    assert scalar(gateway, "SELECT COUNT(*) FROM {p}category_description WHERE category_id = :c", c=child) == languages
    assert scalar(gateway, "SELECT name FROM {p}category_description WHERE category_id = :c", c=parent) == (
        "Jet &amp; Friends")
    assert rows(gateway, "SELECT path_id, level FROM {p}category_path WHERE category_id = :c ORDER BY level",
                c=monitors_child) == [(25, 0), (28, 1), (monitors_child, 2)]
    assert rows(gateway, "SELECT store_id FROM {p}category_to_store WHERE category_id = :c", c=child) == [(0,)]
    paths = {c.category_id: c.full_path for c in gateway.categories()}
    assert paths[child] == 'Jet & Friends > Screens 30"'
    assert paths[monitors_child] == "Components > Monitors > Wide"


def test_a_category_under_a_missing_parent_is_refused(gateway):
    with pytest.raises(StoreError, match="parent category 987654"):
        gateway.create_category("Orphan", parent_id=987654)


def test_a_return_copies_the_order_and_has_its_history(gateway):
    order_id = gateway.create_order(reference_order(f"jet-{uuid.uuid4().hex[:10]}")).order_id
    return_id = gateway.create_return(NewReturn(order_id=order_id, product_id=IPOD_CLASSIC, quantity=1,
                                                return_reason_id=4, return_status_id=2, opened=True,
                                                comment="Jet return R-1", history_comment="Jet return R-1 opened"))
    got = rows(gateway, "SELECT order_id, product_id, firstname, lastname, email, product, model, quantity, opened, "
                        "return_reason_id, return_status_id, comment FROM {p}return WHERE return_id = :r", r=return_id)
    assert got == [(order_id, IPOD_CLASSIC, "Max", "Müller", "max@example.com", "iPod Classic", "product 20", 1, 1, 4,
                    2, "Jet return R-1")]
    assert rows(gateway, "SELECT return_status_id, notify, comment FROM {p}return_history WHERE return_id = :r",
                r=return_id) == [(2, 0, "Jet return R-1 opened")]


@pytest.mark.parametrize(
    ("change", "error"),
    [(dict(order_id=987654), OrderNotFound), (dict(product_id=28), ProductNotFound),
     (dict(return_reason_id=99), ReturnLookupNotFound), (dict(return_status_id=99), ReturnLookupNotFound)],
)
def test_a_return_with_unknown_references_writes_nothing(gateway, change, error):
    order_id = gateway.create_order(reference_order(f"jet-{uuid.uuid4().hex[:10]}")).order_id
    before = scalar(gateway, "SELECT COUNT(*) FROM {p}return")
    values = dict(order_id=order_id, product_id=IPOD_CLASSIC, quantity=1, return_reason_id=1) | change
    with pytest.raises(error):
        gateway.create_return(NewReturn(**values))
    assert scalar(gateway, "SELECT COUNT(*) FROM {p}return") == before
