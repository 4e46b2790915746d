"""A crash right after Jet confirms a call (simulated by a follow-up that raises once) loses nothing: the next run
finishes the follow-up of the acknowledgement, shipment, cancel, return completion and refund, and Jet is called once.
On the real parts: the sandbox over HTTP, the Jet client, the demo store through the gateway."""

from __future__ import annotations

import contextlib
import dataclasses

import pytest

from jetcart.connector.jet_and_store import override_gateways
from jetcart.connector.models import (
    AckState,
    JetConfiguration,
    JetOrder,
    JetRefund,
    JetReturn,
    OutboxMessage,
    OutboxState,
    RefundState,
    ReturnState,
    ShipmentState,
)
from jetcart.connector.orders import acknowledge, ship
from jetcart.connector.orders.fetch import fetch_orders
from jetcart.connector.orders.ship import ShipmentInput, ShipmentLineInput
from jetcart.connector.refunds import create as refunding
from jetcart.connector.refunds.follow import follow_refunds
from jetcart.connector.returns import complete as completing
from jetcart.connector.returns.fetch import fetch_returns
from tests.connector.refunds.test_refunds_sandbox import one_unit
from tests.connector.returns.test_returns_sandbox import full_refund
from tests.fixtures.live_world import build_live_world
from tests.fixtures.returns_world import DAY, calls, shipped_order

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


class Crash(Exception):
    """Stands for the process dying inside the follow-up, after Jet answered."""


@pytest.fixture
def live(sandbox_server, jet_merchant, tmp_path):
    world = build_live_world(sandbox_server, jet_merchant, tmp_path / "store.sqlite3")
    config = JetConfiguration.load()
    config.auto_acknowledge = True
    config.save()
    with override_gateways(jet=world.client, store=world.gateway):
        yield world
    world.close()


def crash_once_after_jet(monkeypatch, module, name: str) -> list[str]:
    """Makes the handler `module.name` raise on its first on_confirmed (Jet has answered 201 by then)."""
    handler = getattr(module, name)
    crashed: list[str] = []

    def on_confirmed(message):
        if not crashed:
            crashed.append(message.key)
            raise Crash(f"killed after Jet confirmed {message.key}")
        handler.on_confirmed(message)

    monkeypatch.setattr(module, name, dataclasses.replace(handler, on_confirmed=on_confirmed))
    return crashed


def shipment(order: JetOrder, *, shipped: int = 0, cancelled: int = 0) -> ShipmentInput:
    line = order.lines.get()
    data = ShipmentInput(lines=[ShipmentLineInput(line_id=line.pk, shipped=shipped, cancelled=cancelled)])
    if shipped:
        data.tracking_number, data.shipment_date, data.shipment_method = "1Z999AA10123456784", DAY, "UPS Ground"
        data.expected_delivery_date, data.ship_from_zip_code, data.carrier_pick_up_date = DAY, "84047", DAY
        data.carrier = "UPS"
    return data


def stuck(key: str) -> bool:
    message = OutboxMessage.objects.get(key=key)
    return message.state == OutboxState.CONFIRMED and message.followed_up_at is None


def test_should_finish_an_acknowledgement_whose_follow_up_was_cut_short(live, monkeypatch):
    crashed = crash_once_after_jet(monkeypatch, acknowledge, "ACK_HANDLER")
    [moid] = live.generate({"HTC-TOUCH": 1})
    with contextlib.suppress(Crash):
        fetch_orders()
    assert crashed == [f"ack:{moid}"] and stuck(f"ack:{moid}")
    assert JetOrder.objects.get(merchant_order_id=moid).ack_state == AckState.SENDING
    fetch_orders()
    order = JetOrder.objects.get(merchant_order_id=moid)
    assert order.ack_state == AckState.DONE and order.jet_status == "acknowledged"
    assert live.wire.puts("acknowledge", moid) == [201] and not stuck(f"ack:{moid}")


@pytest.mark.parametrize("units", [{"shipped": 1}, {"cancelled": 1}], ids=["partial-shipment", "cancel"])
def test_should_finish_a_shipment_or_cancel_whose_follow_up_was_cut_short(live, monkeypatch, units):
    [moid] = live.generate({"HTC-TOUCH": 2})
    fetch_orders()
    order = JetOrder.objects.get(merchant_order_id=moid)
    crash_once_after_jet(monkeypatch, ship, "SHIP_HANDLER")
    with contextlib.suppress(Crash):
        ship.ship_order(order=order, data=shipment(order, **units), alt_shipment_id="S-1")
    recorded = order.shipments.get()
    assert recorded.state == ShipmentState.SENDING and stuck(recorded.outbox_key)
    fetch_orders()
    recorded.refresh_from_db()
    line = order.lines.get()
    assert recorded.state == ShipmentState.CONFIRMED and (line.shipped, line.cancelled) == (
        units.get("shipped", 0), units.get("cancelled", 0))
    assert live.wire.puts("shipped", moid) == [201] and not stuck(recorded.outbox_key)
    assert JetOrder.objects.get(pk=order.pk).jet_status == "inprogress"
    # the rest is cancelled: every unit accounted for, and OpenCart follows (one history entry per shipment)
    ship.cancel_order(order=order, alt_shipment_id="S-2")
    history = live.sql("SELECT comment FROM oc_order_history WHERE order_id = :o AND comment LIKE 'Jet shipment S-1%'",
                       o=order.store_order_id)
    assert len(history) == 1


def test_should_finish_a_return_completion_whose_follow_up_was_cut_short(live, monkeypatch):
    order = shipped_order(live, {"HTC-TOUCH": 1})
    return_id = live.client.returns.generate(order.merchant_order_id)
    fetch_returns()
    ret = JetReturn.objects.get(merchant_return_authorization_id=return_id)
    crash_once_after_jet(monkeypatch, completing, "RETURN_COMPLETE_HANDLER")
    with contextlib.suppress(Crash):
        completing.complete_return(ret=ret, data=full_refund(ret))
    ret.refresh_from_db()
    assert ret.state == ReturnState.COMPLETING and stuck(ret.outbox_key)
    fetch_returns()
    ret.refresh_from_db()
    assert ret.state == ReturnState.COMPLETED and ret.store_completed
    assert calls(live, "PUT", "/complete") == [201] and not stuck(ret.outbox_key)


def test_should_finish_a_refund_whose_follow_up_was_cut_short(live, monkeypatch):
    order = shipped_order(live, {"HTC-TOUCH": 2})
    crash_once_after_jet(monkeypatch, refunding, "REFUND_HANDLER")
    with contextlib.suppress(Crash):
        refunding.create_refund(order=order, data=one_unit(order), alt_refund_id="R-1")
    refund = JetRefund.objects.get(alt_refund_id="R-1")
    assert refund.state == RefundState.SENDING and stuck(refund.outbox_key)
    follow_refunds()
    refund.refresh_from_db()
    assert refund.state != RefundState.SENDING and refund.refund_authorization_id
    assert calls(live, "POST", "/refunds/") == [201] and not stuck(refund.outbox_key)
