"""The process the chaos campaign kills: `python -m tests.chaos.actor STEP` runs one step of the merchant's work
through jetcart's own use cases, exactly as the schedule, the CLI and the pages call them.

Steps: `fetch` (an order run), `ship` (partial and full shipments and cancels as planned per order), `returns`
(a returns run, then each created return completed with a full refund), `refunds` (the planned refunds, then a
refund status run). Every step is safe to repeat; a repeat finishes what a killed one left.

`CHAOS_KILL_FOLLOW_UP=<target>` makes the process SIGKILL itself inside the first outbox follow-up of that target
(`ack`, `ship`, `cancel`, `return_complete`, `refund`), after Jet confirmed the call and jetcart recorded it: the
exact moment of issue 19's lost follow-ups. It prints `CHAOS killed in <target> follow-up of <key>` first.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import signal
import sys
import traceback
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.chaos.plan import Plan

DAY = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def _target(message) -> str:
    if message.kind == "ship":
        items = message.payload["shipments"][0]["shipment_items"]
        return "ship" if any(int(i["response_shipment_sku_quantity"]) for i in items) else "cancel"
    return message.kind


def arm_follow_up_kill(target: str) -> None:
    """SIGKILLs this process inside the first follow-up of `target`, after Jet confirmed the call."""
    from jetcart.connector import outbox

    for path in outbox.HANDLERS.values():
        module_name, attribute = path.split(":")
        module = importlib.import_module(module_name)
        handler = getattr(module, attribute)

        def on_confirmed(message, _follow=handler.on_confirmed):
            if _target(message) == target:
                print(f"CHAOS killed in {target} follow-up of {message.key}", flush=True)
                os.kill(os.getpid(), signal.SIGKILL)
            if _follow:
                _follow(message)

        setattr(module, attribute, dataclasses.replace(handler, on_confirmed=on_confirmed))


def _shipping(data):
    data.tracking_number, data.shipment_date, data.shipment_method = "1Z999AA10123456784", DAY, "UPS Ground"
    data.expected_delivery_date, data.ship_from_zip_code = DAY + timedelta(days=3), "84047"
    data.carrier_pick_up_date, data.carrier = DAY, "UPS"
    return data


def ship_step(plan: Plan) -> None:
    from jetcart.connector.jet_and_store import jet_client
    from jetcart.connector.models import Decision, JetOrder, JetShipment, ShipmentState
    from jetcart.connector.orders import ship
    from jetcart.connector.orders.ship import ShipmentInput, ShipmentLineInput
    from jetcart.connector.outbox import deliver_open_messages

    client = jet_client()
    deliver_open_messages(client=client, kinds=["ship"])
    orders = JetOrder.objects.filter(decision=Decision.ACCEPT, store_order_id__isnull=False, is_cancelled=False,
                                     jet_status__in=["acknowledged", "inprogress"]).order_by("id")
    for order in orders:
        what = plan.fate(order.merchant_order_id)
        try:
            if what == "cancel":
                ship.cancel_order(order=order, alt_shipment_id=plan.shipment_id(order, "C"))
                continue
            if what == "partial":
                first = JetShipment.objects.filter(alt_shipment_id=plan.shipment_id(order, "P")).first()
                if first is None:
                    line = order.lines.order_by("id").first()
                    units = line.quantity - 1 if line.quantity > 1 else line.quantity
                    if units and (line.quantity > 1 or order.lines.count() > 1):
                        data = _shipping(ShipmentInput(lines=[ShipmentLineInput(line_id=line.pk, shipped=units)]))
                        first = ship.ship_order(order=order, data=data, alt_shipment_id=plan.shipment_id(order, "P"))
                if first is not None and first.state != ShipmentState.CONFIRMED:
                    continue  # Jet's answer is not in yet: the rest ships on a later run
            units = ship.open_units(order)
            if JetShipment.objects.filter(alt_shipment_id=plan.shipment_id(order, "F")).exists() or any(units.values()):
                data = _shipping(ShipmentInput(lines=[ShipmentLineInput(line_id=pk, shipped=n)
                                                      for pk, n in units.items() if n]))
                ship.ship_order(order=order, data=data, alt_shipment_id=plan.shipment_id(order, "F"))
        except ship.ShipmentInvalid as exc:
            print(f"shipment of {order}: {exc}", flush=True)


def returns_step() -> None:
    from jetcart.connector.models import JetReturn, ReturnState
    from jetcart.connector.returns import complete as completing
    from jetcart.connector.returns.complete import CompletionInput, CompletionLineInput
    from jetcart.connector.returns.fetch import fetch_returns

    print(fetch_returns().line(), flush=True)
    for ret in JetReturn.objects.filter(state__in=[ReturnState.CREATED, ReturnState.COMPLETING]).order_by("id"):
        lines = [CompletionLineInput(line_id=line.pk, total_quantity_returned=line.return_quantity,
                                     order_return_refund_qty=line.return_quantity, principal=line.requested_principal,
                                     tax=line.requested_tax, shipping_cost=line.requested_shipping_cost,
                                     shipping_tax=line.requested_shipping_tax) for line in ret.lines.all()]
        done = completing.complete_return(ret=ret, data=CompletionInput(agree_to_return_charge=True, lines=lines))
        print(f"return {done}: {done.state}", flush=True)


def refunds_step(plan: Plan) -> None:
    from jetcart.connector.models import JetOrder
    from jetcart.connector.refunds import create as refunding
    from jetcart.connector.refunds.create import RefundInput, RefundLineInput
    from jetcart.connector.refunds.follow import follow_refunds

    for order in JetOrder.objects.filter(jet_status="complete", lines__shipped__gt=0).distinct().order_by("id"):
        if order.merchant_order_id not in plan.refunded:
            continue
        line = order.lines.filter(shipped__gt=0).order_by("id").first()
        data = RefundInput(lines=[RefundLineInput(
            line_id=line.pk, total_quantity_returned=1, order_return_refund_qty=1,
            refund_reason="no longer need/want", principal=line.unit_price, tax=line.unit_tax)])
        try:
            refunding.create_refund(order=order, data=data, alt_refund_id=plan.refund_id(order))
        except refunding.RefundInvalid as exc:
            print(f"refund of {order}: {exc}", flush=True)
    print(follow_refunds().line(), flush=True)


def main(argv: list[str]) -> int:
    from jetcart.site.cli import setup_django

    setup_django()
    step = argv[0]
    if os.environ.get("CHAOS_KILL_FOLLOW_UP"):
        arm_follow_up_kill(os.environ["CHAOS_KILL_FOLLOW_UP"])
    plan = Plan.load(Path(os.environ["CHAOS_PLAN"]))
    if step == "fetch":
        from jetcart.connector.orders.fetch import fetch_orders

        print(fetch_orders().line(), flush=True)
    elif step == "ship":
        ship_step(plan)
    elif step == "returns":
        returns_step()
    elif step == "refunds":
        refunds_step(plan)
    else:
        print(f"unknown step {step!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    try:
        code = main(sys.argv[1:])
    except Exception:  # a traceback is a finding: exit 3, told apart from a kill
        traceback.print_exc()
        code = 3
    raise SystemExit(code)
