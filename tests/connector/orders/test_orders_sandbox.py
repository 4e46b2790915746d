"""Orders end to end on the real parts: the sandbox over HTTP, the Jet client, the demo store via the gateway."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from jetcart.connector.models import (
    Decision,
    JetConfiguration,
    JetOrder,
    OutboxMessage,
    OutboxState,
    ShipmentState,
)
from jetcart.connector.orders import ship, store_orders
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.orders.ship import ShipmentInput, ShipmentLineInput
from tests.fixtures.live_world import NOT_LISTED, build_live_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
DAY = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)


def auto_acknowledge() -> None:
    config = JetConfiguration.load()
    config.auto_acknowledge = True
    config.save()


def shipment(order, units, tracking="1Z999AA10123456784") -> ShipmentInput:
    lines = {ln.merchant_sku: ln for ln in order.lines.all()}
    return ShipmentInput(tracking_number=tracking, shipment_date=DAY, shipment_method="UPS Ground",
                         expected_delivery_date=DAY + timedelta(days=3), ship_from_zip_code="84047",
                         carrier_pick_up_date=DAY, carrier="UPS",
                         lines=[ShipmentLineInput(line_id=lines[s].pk, shipped=a, cancelled=c)
                                for s, (a, c) in units.items()])


def test_should_import_acknowledge_ship_in_parts_and_complete_like_opencart(live):
    auto_acknowledge()
    [moid] = live.generate({"HTC-TOUCH": 2, "CANON-RED": 1})
    summary = fetch_orders()
    assert (summary.new, summary.created, summary.acknowledged) == (1, 1, 1), summary.line()
    order = JetOrder.objects.get(merchant_order_id=moid)
    [(order_id, status, total)] = live.store_orders()
    assert order.store_order_id == order_id and status == 2  # the configured status of new orders
    assert float(total) == pytest.approx(float(order.total), abs=0.01)
    lines = live.sql("SELECT product_id, quantity, price, tax FROM oc_order_product WHERE order_id = :o "
                     "ORDER BY product_id", o=order_id)
    jet_lines = {ln.merchant_sku: ln for ln in order.lines.all()}
    assert [(r.product_id, r.quantity) for r in lines] == [(28, 2), (30, 1)]
    assert float(lines[0].price) == float(jet_lines["HTC-TOUCH"].unit_price)
    assert live.sql("SELECT product_option_value_id, value FROM oc_order_option WHERE order_id = :o",
                    o=order_id) == [(15, "Red")]
    assert live.sql("SELECT quantity FROM oc_product WHERE product_id = 28")[0][0] == 937  # stock taken
    assert live.sql("SELECT quantity FROM oc_product_option_value WHERE product_option_value_id = 15")[0][0] == 1
    [address] = live.sql("SELECT shipping_postcode, shipping_zone, email FROM oc_order WHERE order_id = :o",
                         o=order_id)
    jet_order = live.client.orders.get(moid)
    assert address.shipping_postcode == jet_order.shipping_to.address.zip_code
    assert address.email == jet_order.hash_email
    assert jet_order.status == "acknowledged" and live.wire.puts("acknowledge", moid) == [201]

    first = ship.ship_order(order=order, data=shipment(order, {"HTC-TOUCH": (1, 0)}), alt_shipment_id="S-1")
    assert first.state == ShipmentState.CONFIRMED
    assert live.client.orders.get(moid).status == "inprogress"
    rest = ship.ship_order(order=order, data=shipment(order, {"HTC-TOUCH": (1, 0), "CANON-RED": (0, 1)}, "TRK-2"),
                           alt_shipment_id="S-2")
    assert rest.state == ShipmentState.CONFIRMED
    assert live.client.orders.get(moid).status == "complete"
    [(_, status, _)] = live.store_orders()
    assert status == JetConfiguration.load().order_status_shipped
    history = [c for (c,) in live.sql("SELECT comment FROM oc_order_history WHERE order_id = :o ORDER BY "
                                      "order_history_id", o=order_id)]
    assert any("1Z999AA10123456784" in c for c in history) and "TRK-2" in history[-1]
    assert len(live.wire.puts("shipped", moid)) == 2
    fetch_orders()  # nothing left to do: nothing is sent again
    assert len(live.wire.puts("shipped", moid)) == 2 and len(live.wire.puts("acknowledge", moid)) == 1


def test_should_reject_unknown_and_unfillable_orders_on_jet_without_creating_them(live):
    [unknown] = live.generate({"HTC-TOUCH": 1, NOT_LISTED: 1})
    [sold_out] = live.generate({"GALAXY-TAB": 1})
    [too_many] = live.generate({"CANON-RED": 3})  # 2 red in stock
    summary = fetch_orders()
    assert summary.rejected == 3 and summary.created == 0 and live.store_orders() == []
    for moid in (unknown, sold_out, too_many):
        jet_order = live.client.orders.get(moid)
        assert jet_order.acknowledgement_status == "rejected - item level error"
        assert JetOrder.objects.get(merchant_order_id=moid).decision == Decision.REJECT
    statuses = {i.merchant_sku: i.order_item_acknowledgement_status for i in live.client.orders.get(unknown).order_items}
    assert statuses == {"HTC-TOUCH": "fulfillable", NOT_LISTED: "nonfulfillable - invalid merchant SKU"}
    assert {i.order_item_acknowledgement_status for i in live.client.orders.get(sold_out).order_items} == {
        "nonfulfillable - no inventory"}
    fetch_orders()
    assert all(len(live.wire.puts("acknowledge", m)) == 1 for m in (unknown, sold_out, too_many))


def test_should_lose_nothing_and_send_nothing_twice_under_injected_faults(live, sandbox_server):
    auto_acknowledge()
    ids = live.generate({"HTC-TOUCH": 1}, count=4) + live.generate({"CANON-BLUE": 1}, count=2)
    sandbox_server.set_controls(live.merchant, faults={"500": 0.2, "503": 0.1, "drop": 0.1}, fault_seed=7)
    for _ in range(8):
        fetch_orders()
    sandbox_server.clear_controls(live.merchant)
    fetch_orders()
    assert sum(1 for *_, status in live.wire.calls if status >= 500) >= 3  # the faults did happen
    assert set(JetOrder.objects.values_list("merchant_order_id", flat=True)) == set(ids)
    created = {o.merchant_order_id: o.store_order_id for o in JetOrder.objects.all()}
    assert all(created.values()) and len(set(created.values())) == len(ids) == len(live.store_orders())
    for moid in ids:
        assert live.client.orders.get(moid).status == "acknowledged"
        statuses = live.wire.puts("acknowledge", moid)
        assert statuses.count(201) == 1 and 400 not in statuses, (moid, statuses)
    assert OutboxMessage.objects.exclude(state=OutboxState.CONFIRMED).count() == 0


@pytest.mark.parametrize("action", ["acknowledge", "shipped"])
def test_should_not_resend_a_call_whose_answer_was_lost_after_jet_applied_it(live, action):
    auto_acknowledge()
    [moid] = live.generate({"HTC-TOUCH": 2})
    if action == "acknowledge":
        live.wire.lose_answer[("PUT", "acknowledge")] = 1
        fetch_orders()
        assert OutboxMessage.objects.get(key=f"ack:{moid}").state == OutboxState.SENT
    else:
        fetch_orders()
        order = JetOrder.objects.get(merchant_order_id=moid)
        live.wire.lose_answer[("PUT", "shipped")] = 1
        sent = ship.ship_order(order=order, data=shipment(order, {"HTC-TOUCH": (2, 0)}), alt_shipment_id="S-1")
        assert sent.state == ShipmentState.SENDING
    fetch_orders()
    fetch_orders()
    assert live.wire.puts(action, moid) == [201]
    assert OutboxMessage.objects.filter(subject=moid).exclude(state=OutboxState.CONFIRMED).count() == 0
    if action == "shipped":
        assert live.client.orders.get(moid).status == "complete"
        assert len(live.client.orders.get(moid).shipments) == 1
        assert live.store_orders()[0][1] == JetConfiguration.load().order_status_shipped


def test_should_apply_a_directed_cancel_and_confirm_it_once(live, sandbox_server):
    auto_acknowledge()
    [moid] = live.generate({"HTC-TOUCH": 2})
    fetch_orders()
    item = live.client.orders.get(moid).order_items[0].order_item_id
    sandbox_server.directed_cancel(live.merchant, moid, {item: 2})
    summary = fetch_orders()
    fetch_orders()
    assert summary.cancelled == 1 and live.wire.puts("shipped", moid) == [201]
    assert live.client.orders.get(moid).status == "complete"
    assert live.client.orders.directed_cancel() == []
    assert live.store_orders()[0][1] == JetConfiguration.load().order_status_cancelled
    assert live.sql("SELECT quantity FROM oc_product WHERE product_id = 28")[0][0] == 939  # restocked


def test_should_cancel_in_opencart_an_order_jet_cancelled_for_want_of_acknowledgement(live, sandbox_server):
    [moid] = live.generate({"HTC-TOUCH": 1})
    fetch_orders()  # created in OpenCart, not acknowledged (auto-acknowledge off)
    sandbox_server.set_controls(live.merchant, auto_cancel=True)
    sandbox_server.advance_clock(live.merchant, 16 * 60)
    summary = fetch_orders()
    assert summary.cancelled == 1
    assert JetOrder.objects.get(merchant_order_id=moid).is_cancelled
    assert live.store_orders()[0][1] == JetConfiguration.load().order_status_cancelled


@pytest.mark.mariadb
def test_should_create_each_order_once_with_two_workers_and_a_crash_on_mariadb_myisam(
        sandbox_server, jet_merchant, empty_mariadb_store_url, monkeypatch):
    world = build_live_world(sandbox_server, jet_merchant, store_url=empty_mariadb_store_url)
    auto_acknowledge()
    ids = world.generate({"HTC-TOUCH": 1}, count=6)
    real_create = store_orders.create_store_order
    crashed: list[str] = []

    def create_then_die_once(gateway, new_order):
        created = real_create(gateway, new_order)
        if not crashed:
            crashed.append(new_order.marketplace_order_id)
            raise SystemExit("worker killed between the store write and the binding")
        return created

    monkeypatch.setattr(store_orders, "create_store_order", create_then_die_once)
    errors: list[BaseException] = []

    def worker():
        try:
            fetch_orders(client=world.client, gateway=world.gateway)
        except BaseException as exc:  # noqa: BLE001 - the "killed" worker ends here
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert [type(e) for e in errors] == [SystemExit]
    JetOrder.objects.update(import_lease_until=None)  # the killed worker's lease has run out
    fetch_orders(client=world.client, gateway=world.gateway)
    created = list(JetOrder.objects.values_list("store_order_id", flat=True))
    assert None not in created and sorted(created) == sorted(r.order_id for r in world.store_orders())
    assert len(created) == len(ids) == 6
    assert world.product_quantity(28) == 939 - 6  # stock taken once per order
    for moid in ids:
        assert world.wire.puts("acknowledge", moid).count(201) == 1
        assert 400 not in world.wire.puts("acknowledge", moid)
    world.close()
