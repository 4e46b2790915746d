"""Order safety on the real parts (sandbox over HTTP, demo store through the gateway): stock, store errors,
rejected orders recorded in OpenCart, acknowledgements Jet never applied, the command's exit status."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import text

from jetcart.connector.models import (
    AckState,
    ActivityEvent,
    Decision,
    ImportState,
    JetConfiguration,
    JetOrder,
    OutboxMessage,
    OutboxState,
)
from jetcart.connector.orders import jet_orders
from jetcart.connector.orders.acknowledge import ack_key, request_acknowledgement
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.orders.import_orders import decide_order, save_jet_order
from jetcart.site.commands.orders import fetch_command
from tests.fixtures.live_world import NOT_LISTED

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
RED = 15  # product_option_value_id of CANON-RED: 2 in stock


def configure(**values) -> None:
    config = JetConfiguration.load()
    for name, value in values.items():
        setattr(config, name, value)
    config.save()


def red_in_stock(live) -> int:
    return int(live.sql("SELECT quantity FROM oc_product_option_value WHERE product_option_value_id = :v",
                        v=RED)[0][0])


def test_should_not_sell_the_same_units_to_two_orders_fetched_together(live):
    first, second = live.generate({"CANON-RED": 2}, count=2)  # each fits the 2 in stock, both together do not
    summary = fetch_orders()
    assert (summary.created, summary.rejected) == (1, 1), summary.line()
    assert len(live.store_orders()) == 1 and red_in_stock(live) == 0
    accepted, rejected = (JetOrder.objects.get(merchant_order_id=m) for m in (first, second))
    assert accepted.decision == Decision.ACCEPT and accepted.store_order_id
    assert rejected.decision == Decision.REJECT and not rejected.store_order_id
    assert rejected.rejection_reason == ("CANON-RED: 2 ordered, 2 of Red in stock of which 2 already promised to "
                                         "orders accepted before it (no inventory)")
    assert live.client.orders.get(second).acknowledgement_status == "rejected - item level error"


def test_should_reject_an_order_whose_option_left_the_store_after_the_decision(live):
    [moid] = live.generate({"CANON-RED": 1, "HTC-TOUCH": 1})
    order, _ = save_jet_order(jet_orders.get_order(live.client, moid))
    assert decide_order(order, gateway=live.gateway).decision == Decision.ACCEPT
    with live.gateway.engine.begin() as conn:
        conn.execute(text("DELETE FROM oc_product_option_value WHERE product_option_value_id = :v"), {"v": RED})
    summary = fetch_orders()
    assert (summary.created, summary.rejected) == (0, 1), summary.line()
    assert live.store_orders() == []
    order.refresh_from_db()
    assert order.decision == Decision.REJECT and order.import_state == ImportState.REJECTED
    jet_order = live.client.orders.get(moid)
    assert jet_order.acknowledgement_status == "rejected - item level error"
    assert {i.merchant_sku: i.order_item_acknowledgement_status for i in jet_order.order_items} == {
        "CANON-RED": "nonfulfillable - no inventory", "HTC-TOUCH": "fulfillable"}


def test_should_report_a_bad_status_setting_loudly_and_create_the_order_once_it_is_fixed(live, capsys):
    configure(order_status_new=999, auto_acknowledge=True)
    [moid] = live.generate({"HTC-TOUCH": 1})
    assert fetch_command(argparse.Namespace()) == 1
    out = capsys.readouterr().out
    assert "0 created in OpenCart" in out and "1 failed" in out and "OpenCart configuration needs fixing" in out
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert order.decision == Decision.ACCEPT and order.import_state == ImportState.FAILED
    assert live.wire.puts("acknowledge", moid) == []  # nothing sent: the buyer's order is fine
    assert ActivityEvent.objects.filter(level=40, message__contains="configuration needs fixing").exists()
    configure(order_status_new=2)
    assert fetch_command(argparse.Namespace()) == 0
    assert "1 created in OpenCart, 1 acknowledged" in capsys.readouterr().out
    assert live.client.orders.get(moid).status == "acknowledged"


def test_should_exit_1_when_jet_cannot_be_reached(live, sandbox_server, capsys):
    sandbox_server.set_controls(live.merchant, faults={"503": 1.0}, fault_seed=1)
    try:
        assert fetch_command(argparse.Namespace()) == 1
    finally:
        sandbox_server.clear_controls(live.merchant)
    assert capsys.readouterr().out.startswith("fetched 0 Jet order(s) (0 new)")


@pytest.mark.parametrize("record", [False, True])
def test_should_record_a_rejected_order_in_opencart_only_when_set_and_without_taking_stock(live, record):
    configure(record_rejected_orders=record)
    [moid] = live.generate({"CANON-RED": 3, NOT_LISTED: 1})  # 2 red in stock; the other SKU is not ours
    summary = fetch_orders()
    fetch_orders()
    assert summary.rejected == 1 and not summary.problems, summary.line()
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert order.decision == Decision.REJECT
    assert live.client.orders.get(moid).acknowledgement_status == "rejected - item level error"
    assert red_in_stock(live) == 2
    if not record:
        assert live.store_orders() == [] and order.store_order_id is None
        return
    cancelled = JetConfiguration.load().order_status_cancelled
    [(order_id, status, _)] = live.store_orders()
    assert order.store_order_id == order_id and status == cancelled and order.store_status_id == cancelled
    assert live.sql("SELECT product_id, quantity FROM oc_order_product WHERE order_id = :o", o=order_id) == [(30, 3)]
    [(comment,)] = live.sql("SELECT comment FROM oc_order_history WHERE order_id = :o", o=order_id)
    assert "Rejected on Jet" in comment


def test_should_not_take_an_order_jet_cancelled_for_an_acknowledgement_that_never_arrived(live, sandbox_server):
    [moid] = live.generate({"HTC-TOUCH": 1})
    fetch_orders()  # created in OpenCart; auto-acknowledge is off
    order = JetOrder.objects.get(merchant_order_id=moid)
    request_acknowledgement(order)
    # The worker died after marking the call sent and before it left: Jet never saw it.
    OutboxMessage.objects.filter(key=ack_key(moid)).update(state=OutboxState.SENT)
    sandbox_server.set_controls(live.merchant, auto_cancel=True)
    sandbox_server.advance_clock(live.merchant, 16 * 60)
    summary = fetch_orders()
    assert summary.acknowledged == 0 and summary.cancelled == 1, summary.line()
    order.refresh_from_db()
    assert order.is_cancelled and order.ack_state != AckState.DONE and order.acknowledged_at is None
    assert OutboxMessage.objects.get(key=ack_key(moid)).state != OutboxState.CONFIRMED
    assert live.store_orders()[0][1] == JetConfiguration.load().order_status_cancelled
