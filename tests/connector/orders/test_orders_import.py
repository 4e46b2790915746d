"""Order import and acknowledgement against in-memory Jet and store: exactly once under retries and faults."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import (
    AckState,
    Decision,
    ImportState,
    JetConfiguration,
    JetListing,
    JetOrder,
    JetOrderLine,
    ListingKind,
    OutboxMessage,
    OutboxState,
)
from jetcart.connector.orders.acknowledge import acknowledge_orders
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.orders.import_orders import create_store_order
from tests.fakes.orders import FakeJet, FakeJetClient, jet_order, product
from tests.fakes.store import FakeStore

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    jet, store = FakeJet(), FakeStore()
    store.products = {1: product(1, quantity=5), 2: product(2, quantity=10, options={21: 3, 22: 0})}
    JetListing.objects.create(merchant_sku="SIMPLE-1", product_id=1)
    JetListing.objects.create(merchant_sku="SHIRT", product_id=2, kind=ListingKind.PARENT)
    JetListing.objects.create(merchant_sku="SHIRT-RED", product_id=2, kind=ListingKind.CHILD, parent_sku="SHIRT",
                              option_value_ids=[21], combination_key="21")
    JetListing.objects.create(merchant_sku="SHIRT-BLUE", product_id=2, kind=ListingKind.CHILD, parent_sku="SHIRT",
                              option_value_ids=[22], combination_key="22")
    client = FakeJetClient(jet)
    with override_gateways(jet=client, store=store):
        yield jet, store, client


def auto_ack(on: bool = True) -> None:
    config = JetConfiguration.load()
    config.auto_acknowledge = on
    config.customer_email = ""
    config.save()


def test_should_create_each_ready_order_once_with_jet_prices_and_address(world):
    jet, store, client = world
    moid = jet.add(jet_order(items=[("SIMPLE-1", 2, 20.0), ("SHIRT-RED", 1, 15.5)]))
    summary = fetch_orders(client=client, gateway=store)
    fetch_orders(client=client, gateway=store)
    assert summary.created == 1 and len(store.orders) == 1
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert order.import_state == ImportState.CREATED and order.store_order_id == 1
    new = store.orders[1]["new"]
    assert new.marketplace_order_id == moid
    assert new.shipping_address.postcode == "84047" and new.shipping_address.zone == "UT"
    assert new.email == jet.orders[moid]["hash_email"]
    assert [(ln.product_id, ln.quantity, ln.price, ln.tax) for ln in new.lines] == [
        (1, 2, Decimal("20.00"), Decimal("1.50")), (2, 1, Decimal("15.50"), Decimal("1.50"))]
    assert new.lines[1].options[0].product_option_value_id == 21
    assert new.lines[1].options[0].product_option_id == 102
    assert new.shipping_amount == Decimal("12.00")
    assert new.order_status_id == JetConfiguration.load().order_status_new
    assert order.total == Decimal("2") * Decimal("25.5") + Decimal("21.00")
    assert jet.count("acknowledge") == 0  # auto-acknowledge is off


def test_should_use_configured_customer_email(world):
    jet, store, client = world
    config = JetConfiguration.load()
    config.customer_email = "orders@shop.example"
    config.save()
    jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0)]))
    fetch_orders(client=client, gateway=store)
    assert store.orders[1]["new"].email == "orders@shop.example"


def test_should_keep_created_orders_for_visibility_without_creating_them(world):
    jet, store, client = world
    moid = jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0)], status="created"))
    fetch_orders(client=client, gateway=store)
    assert JetOrder.objects.get(merchant_order_id=moid).jet_status == "created"
    assert store.orders == {}


def test_should_auto_acknowledge_once_when_enabled(world):
    jet, store, client = world
    auto_ack()
    moid = jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0)]))
    fetch_orders(client=client, gateway=store)
    fetch_orders(client=client, gateway=store)
    assert jet.count("acknowledge", moid) == 1
    body = next(b for m, _, b in jet.calls if m == "acknowledge")
    assert body["acknowledgement_status"] == "accepted" and body["alt_order_id"] == "1"
    assert body["order_items"][0]["order_item_acknowledgement_status"] == "fulfillable"
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert order.ack_state == AckState.DONE and order.jet_status == "acknowledged"


def test_should_reject_unknown_sku_and_unfillable_lines_without_creating_them(world):
    jet, store, client = world
    unknown = jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0), ("NOT-LISTED", 1, 5.0)]))
    short = jet.add(jet_order(items=[("SIMPLE-1", 6, 20.0)]))
    sold_out = jet.add(jet_order(items=[("SHIRT-BLUE", 1, 20.0)]))
    summary = fetch_orders(client=client, gateway=store)
    assert store.orders == {}
    assert summary.rejected == 3
    for moid in (unknown, short, sold_out):
        order = JetOrder.objects.get(merchant_order_id=moid)
        assert order.decision == Decision.REJECT and order.import_state == ImportState.REJECTED
        assert jet.orders[moid]["acknowledgement_status"] == "rejected - item level error"
    statuses = {i["order_item_id"][-1]: i["order_item_acknowledgement_status"]
                for m, o, b in jet.calls if m == "acknowledge" and o == unknown for i in b["order_items"]}
    assert sorted(statuses.values()) == ["fulfillable", "nonfulfillable - invalid merchant SKU"]
    assert "NOT-LISTED" in JetOrder.objects.get(merchant_order_id=unknown).rejection_reason
    assert "6 ordered, 5 in stock" in JetOrder.objects.get(merchant_order_id=short).rejection_reason
    body = next(b for m, o, b in jet.calls if m == "acknowledge" and o == sold_out)
    assert body["order_items"][0]["order_item_acknowledgement_status"] == "nonfulfillable - no inventory"


def test_should_count_the_whole_order_against_stock(world):
    jet, store, client = world
    moid = jet.add(jet_order(items=[("SHIRT-RED", 2, 10.0), ("SHIRT-RED", 2, 10.0)]))
    fetch_orders(client=client, gateway=store)
    assert JetOrder.objects.get(merchant_order_id=moid).decision == Decision.REJECT  # 4 wanted, 3 red in stock


def test_should_bind_the_existing_store_order_after_a_crash_between_write_and_bind(world):
    jet, store, client = world
    moid = jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0)]))
    store.crash_after_write = 1
    with pytest.raises(SystemExit):
        fetch_orders(client=client, gateway=store)
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert order.store_order_id is None and len(store.orders) == 1
    JetOrder.objects.filter(pk=order.pk).update(import_lease_until=None)  # the dead worker's lease has expired
    fetch_orders(client=client, gateway=store)
    assert JetOrder.objects.get(merchant_order_id=moid).store_order_id == 1
    assert len(store.orders) == 1 and store.create_calls == 2


def test_should_not_write_while_another_worker_holds_the_lease(world):
    jet, store, client = world
    moid = jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0)]))
    from jetcart.connector.orders.fetch import FetchSummary, _read_orders
    from jetcart.connector.orders.import_orders import decide_order

    _read_orders(client, [moid], FetchSummary())
    order = decide_order(JetOrder.objects.get(merchant_order_id=moid), gateway=store)
    from datetime import timedelta

    from django.utils import timezone
    JetOrder.objects.filter(pk=order.pk).update(import_lease_until=timezone.now() + timedelta(minutes=1))
    assert create_store_order(order, gateway=store).store_order_id is None
    assert store.create_calls == 0


@pytest.mark.parametrize("applied", [False, True], ids=["lost-before-jet", "lost-after-jet"])
def test_should_never_send_an_acknowledgement_twice_when_the_answer_is_lost(world, applied):
    jet, store, client = world
    moid = jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0)]))
    fetch_orders(client=client, gateway=store)
    jet.fail[("acknowledge", applied)] = 1
    order = JetOrder.objects.get(merchant_order_id=moid)
    first = acknowledge_orders(orders=[order], client=client)
    assert first.pending == [str(order)]
    message = OutboxMessage.objects.get(key=f"ack:{moid}")
    assert message.state == OutboxState.SENT
    second = acknowledge_orders(orders=[JetOrder.objects.get(pk=order.pk)], client=client)
    assert second.acknowledged == [str(order)]
    assert jet.count("acknowledge", moid) == (1 if applied else 2)
    assert jet.orders[moid]["status"] == "acknowledged"
    fetch_orders(client=client, gateway=store)
    assert jet.count("acknowledge", moid) == (1 if applied else 2)
    assert OutboxMessage.objects.get(key=f"ack:{moid}").state == OutboxState.CONFIRMED


def test_should_refuse_to_acknowledge_an_order_not_created_in_opencart(world):
    jet, store, client = world
    moid = jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0)]))
    from jetcart.connector.orders.fetch import FetchSummary, _read_orders

    _read_orders(client, [moid], FetchSummary())
    result = acknowledge_orders(orders=list(JetOrder.objects.all()), client=client)
    assert result.refused and "not been checked" in result.refused[0]
    assert jet.count("acknowledge") == 0


def test_should_reject_an_order_whose_address_opencart_cannot_take(world):
    jet, store, client = world
    document = jet_order(items=[("SIMPLE-1", 1, 20.0)])
    document["shipping_to"]["address"]["state"] = "XX"
    moid = jet.add(document)
    summary = fetch_orders(client=client, gateway=store)
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert summary.rejected == 1 and store.orders == {}
    assert order.decision == Decision.REJECT and "zone 'XX'" in order.rejection_reason
    assert jet.orders[moid]["acknowledgement_status"] == "rejected - unfulfillable address"


def test_should_report_an_unreadable_order_and_save_nothing_of_it(world):
    jet, store, client = world
    bad = jet_order(items=[("SIMPLE-1", 1, 20.0)])
    bad["order_items"][0]["item_price"]["item_tax"] = "1,50"
    moid = jet.add(bad)
    good = jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0)]))
    summary = fetch_orders(client=client, gateway=store)
    # the client refuses the answer, naming the call and the field (as it does over HTTP)
    assert any(p.startswith(f"order {moid}: GET /orders/withoutShipmentDetail/{moid}: unexpected answer for Order")
               and "order_items.0.item_price.item_tax" in p for p in summary.problems), summary.problems
    assert not JetOrder.objects.filter(merchant_order_id=moid).exists()
    assert JetOrder.objects.filter(merchant_order_id=good).exists() and len(store.orders) == 1


def _drop_base_price(doc):
    doc["order_items"][1]["item_price"].pop("base_price")


def _no_quantity(doc):
    doc["order_items"][1]["request_order_quantity"] = None


def _zero_quantity(doc):
    doc["order_items"][1]["request_order_quantity"] = 0


def _no_item_id(doc):
    doc["order_items"][1]["order_item_id"] = None


def _garbage_ready_date(doc):
    doc["order_ready_date"] = "next tuesday"


def _garbage_ship_by(doc):
    doc["order_detail"]["request_ship_by"] = "soon"


@pytest.mark.parametrize(("spoil", "named"), [
    (_drop_base_price, "order_items[1].item_price.base_price: missing"),
    (_no_quantity, "order_items[1].request_order_quantity: 0 is not a quantity of at least 1"),  # the client reads null as 0
    (_zero_quantity, "order_items[1].request_order_quantity: 0 is not a quantity of at least 1"),
    (_no_item_id, "unexpected answer for Order: 1 validation error for Order\norder_items.1.order_item_id"),
    (_garbage_ready_date, "order_ready_date: 'next tuesday' is not a time"),
    (_garbage_ship_by, "order_detail.request_ship_by: 'soon' is not a time"),
])
def test_should_refuse_an_order_missing_a_price_quantity_item_id_or_readable_date(world, spoil, named):
    jet, store, client = world
    bad = jet_order(items=[("SIMPLE-1", 1, 20.0), ("SHIRT-RED", 1, 15.5)])
    spoil(bad)
    moid = jet.add(bad)
    summary = fetch_orders(client=client, gateway=store)
    assert any(p.startswith(f"order {moid}: ") and named in p for p in summary.problems), summary.problems
    assert not JetOrder.objects.filter(merchant_order_id=moid).exists() and not JetOrderLine.objects.exists()
    assert store.orders == {} and jet.count("acknowledge") == 0


def test_should_read_the_store_products_once_for_a_page_of_orders(world, monkeypatch):
    """The decision reads the products of the whole page at once; the creation reuses them."""
    jet, store, client = world
    calls = []
    real = store.get_products
    monkeypatch.setattr(store, "get_products", lambda ids: calls.append(sorted(ids)) or real(ids))
    for items in ([("SIMPLE-1", 1, 20.0)], [("SHIRT-RED", 1, 15.5)], [("SIMPLE-1", 1, 20.0), ("SHIRT-RED", 1, 9.0)]):
        jet.add(jet_order(items=items))
    summary = fetch_orders(client=client, gateway=store)
    assert summary.created == 3 and len(store.orders) == 3
    assert calls == [[1, 2]]


def test_should_count_units_accepted_on_an_earlier_page_against_the_stock(world, monkeypatch):
    from jetcart.connector.orders import fetch

    jet, store, client = world
    monkeypatch.setattr(fetch, "PAGE", 2)
    first, second, third = (jet.add(jet_order(items=[("SIMPLE-1", 2, 20.0)])) for _ in range(3))
    fetch_orders(client=client, gateway=store)
    decisions = [JetOrder.objects.get(merchant_order_id=m).decision for m in (first, second, third)]
    # 5 in stock: the first page's orders are decided and created (4 units taken) before the next page is read
    assert decisions == [Decision.ACCEPT, Decision.ACCEPT, Decision.REJECT]
    assert "2 ordered, 1 in stock" in JetOrder.objects.get(merchant_order_id=third).rejection_reason


class Killed(BaseException):
    """Stands for the process dying mid-run (nothing catches it, as nothing survives a SIGKILL)."""


def test_should_acknowledge_each_page_before_reading_the_next_so_a_run_killed_midway_made_progress(world,
                                                                                                  monkeypatch):
    from jetcart.connector.orders import fetch, jet_orders

    jet, store, client = world
    auto_ack()
    monkeypatch.setattr(fetch, "PAGE", 2)
    ids = [jet.add(jet_order(items=[("SIMPLE-1", 1, 20.0)])) for _ in range(5)]
    real_get, reads = jet_orders.get_order, []

    def dies_on_the_fifth_read(client, merchant_order_id):
        reads.append(merchant_order_id)
        if len(reads) == 5:
            raise Killed
        return real_get(client, merchant_order_id)

    monkeypatch.setattr(jet_orders, "get_order", dies_on_the_fifth_read)
    with pytest.raises(Killed):
        fetch_orders(client=client, gateway=store)
    acknowledged = [moid for moid in ids if jet.count("acknowledge", moid) == 1]
    assert acknowledged == reads[:4]  # the first two pages: decided, created and acknowledged before the kill
    assert JetOrder.objects.filter(ack_state=AckState.DONE).count() == 4 and len(store.orders) == 4
