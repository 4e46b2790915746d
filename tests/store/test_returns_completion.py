"""Returns after creation: found again by their marker, completed once with a history row, restocked when asked
(demo stores on SQLite and MariaDB, real OpenCart 3.0.5.1 and 4.1.0.4)."""

from __future__ import annotations

import uuid

import pytest

from jetcart.store.errors import ReturnLookupNotFound
from jetcart.store.models import NewReturn
from tests.store.helpers import rows, scalar
from tests.store.orders_reference import IPOD_CLASSIC, reference_order


@pytest.fixture
def gateway(any_store, gateways):
    return gateways(any_store)


def new_return(gateway, marker: str) -> tuple[int, int]:
    order_id = gateway.create_order(reference_order(f"jet-{uuid.uuid4().hex[:10]}")).order_id
    return_id = gateway.create_return(NewReturn(order_id=order_id, product_id=IPOD_CLASSIC, quantity=2,
                                                return_reason_id=1, comment=f"Jet return R-1: damaged {marker}"))
    return order_id, return_id


def test_the_return_statuses_and_reasons_are_read_by_name(gateway):
    assert gateway.return_statuses()[3] == "Complete"
    assert gateway.return_reasons()[2] == "Received Wrong Item"


def test_a_return_is_found_again_by_its_marker_only(gateway):
    marker = f"[jet-return {uuid.uuid4().hex}/a_b%c]"
    order_id, return_id = new_return(gateway, marker)
    assert gateway.find_return(order_id=order_id, product_id=IPOD_CLASSIC, marker=marker) == return_id
    assert gateway.find_return(order_id=order_id, product_id=IPOD_CLASSIC, marker=marker.replace("_", "x")) is None
    assert gateway.find_return(order_id=order_id, product_id=IPOD_CLASSIC, marker=marker.replace("%", "")) is None
    assert gateway.find_return(order_id=order_id, product_id=28, marker=marker) is None


@pytest.mark.parametrize("restock", [0, 2])
def test_a_return_is_completed_once_with_history_and_restocked_only_when_asked(gateway, restock):
    order_id, return_id = new_return(gateway, f"[m-{uuid.uuid4().hex}]")
    stock = scalar(gateway, "SELECT quantity FROM {p}product WHERE product_id = :p", p=IPOD_CLASSIC)
    assert gateway.complete_return(return_id, 3, comment="Completed by merchant on Jet.", restock_quantity=restock)
    assert not gateway.complete_return(return_id, 3, comment="Completed by merchant on Jet.", restock_quantity=restock)
    assert scalar(gateway, "SELECT return_status_id FROM {p}return WHERE return_id = :r", r=return_id) == 3
    assert rows(gateway, "SELECT return_status_id, notify, comment FROM {p}return_history WHERE return_id = :r "
                         "ORDER BY return_history_id", r=return_id)[1:] == [(3, 0, "Completed by merchant on Jet.")]
    assert scalar(gateway, "SELECT quantity FROM {p}product WHERE product_id = :p", p=IPOD_CLASSIC) == stock + restock


def test_an_unknown_return_status_changes_nothing(gateway):
    _, return_id = new_return(gateway, f"[m-{uuid.uuid4().hex}]")
    with pytest.raises(ReturnLookupNotFound):
        gateway.complete_return(return_id, 99)
    assert scalar(gateway, "SELECT COUNT(*) FROM {p}return_history WHERE return_id = :r", r=return_id) == 1
