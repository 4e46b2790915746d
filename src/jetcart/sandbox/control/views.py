"""Control endpoints: new merchants, per-merchant clock advance and controls (faults, rate limit, timers),
global clock speed, a reset of the in-memory limiters, and Jet-side directed cancels."""

from __future__ import annotations

from jetcart.jet.models.vocabulary import REFUND_REJECTIONS, RefundStatus
from jetcart.jet.timestamps import jet_utc
from jetcart.sandbox import messages as m
from jetcart.sandbox.clock import advance_merchant, merchant_now, set_speed
from jetcart.sandbox.config import MERCHANT_TUNABLES, config
from jetcart.sandbox.merchants import create_merchant
from jetcart.sandbox.models import Merchant
from jetcart.sandbox.orders.state import get_order, line_units
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.transport.faults import parse_faults, reset_state
from jetcart.sandbox.transport.router import Call
from jetcart.sandbox.validate import Checker

CONTROL_KEYS = {"faults", "fault_seed", "rate_limit", "rate_burst", "slow_seconds", "refund_outcome",
                *MERCHANT_TUNABLES}
YEAR_SECONDS = 365 * 24 * 3600
NUMERIC_CONTROLS = {"rate_limit": 1_000_000, "rate_burst": 1_000_000, "slow_seconds": 3600,
                    "fraud_delay": YEAR_SECONDS, "ack_window": YEAR_SECONDS, "review_delay": YEAR_SECONDS,
                    "return_delay": YEAR_SECONDS, "refund_delay": YEAR_SECONDS, "report_delay": YEAR_SECONDS}
"""Each numeric control and its largest value (as the same settings allow)."""


def _enabled() -> None:
    if not config().control_api:
        raise NotFound(m.NOT_FOUND_ROUTE.format(path="/_sandbox"))


def _merchant(call: Call) -> Merchant:
    merchant = Merchant.objects.filter(merchant_id=call.args["merchant_id"]).first()
    if merchant is None:
        raise NotFound(f"merchant '{call.args['merchant_id']}' was not found")
    return merchant


def post_merchant(call: Call):
    _enabled()
    body = call.optional_body_object()
    creds = create_merchant(name=str(body.get("name") or "Test merchant"))
    return {"user": creds.user, "secret": creds.secret, "merchant_id": creds.merchant_id,
            "fulfillment_node_id": creds.fulfillment_node_id, "live_user": creds.live_user,
            "live_secret": creds.live_secret, "return_location_id": creds.return_location_id}


def post_advance(call: Call):
    _enabled()
    c = Checker()
    seconds = c.number(call.body_object(), "seconds", required=True, minimum=0, maximum=10 * YEAR_SECONDS)
    c.raise_if_failed()
    merchant = _merchant(call)
    return {"now": jet_utc(advance_merchant(merchant, float(seconds)))}


def get_clock(call: Call):
    _enabled()
    return {"now": jet_utc(merchant_now(_merchant(call)))}


def put_controls(call: Call):
    """Replaces the merchant's controls (an empty object clears them)."""
    _enabled()
    body = call.body_object()
    unknown = sorted(set(body) - CONTROL_KEYS)
    if unknown:
        raise BadRequest(*(f"{key} is not a control; use one of: {', '.join(sorted(CONTROL_KEYS))}" for key in unknown))
    c = Checker()
    for key, maximum in NUMERIC_CONTROLS.items():
        c.number(body, key, minimum=0, maximum=maximum)
    c.raise_if_failed()
    try:
        parse_faults(body.get("faults"))
    except (TypeError, ValueError) as exc:
        raise BadRequest(f"faults: {exc}") from exc
    outcome = body.get("refund_outcome")
    outcomes = (RefundStatus.ACCEPTED.value, *REFUND_REJECTIONS)
    if outcome is not None and outcome not in outcomes:
        raise BadRequest(m.NOT_ONE_OF.format(field="refund_outcome", choices=", ".join(outcomes)))
    merchant = _merchant(call)
    merchant.controls = body
    merchant.save(update_fields=["controls"])
    reset_state()
    return merchant.controls


def post_speed(call: Call):
    _enabled()
    c = Checker()
    speed = c.number(call.body_object(), "speed", required=True, minimum=0, maximum=1_000_000)
    c.raise_if_failed()
    if not speed:
        raise BadRequest(m.BELOW_MINIMUM.format(field="speed", minimum="more than 0"))
    set_speed(float(speed))
    return {"speed": float(speed)}


def post_reset_limits(call: Call):
    _enabled()
    reset_state()
    return {"reset": True}


def post_directed_cancel(call: Call):
    """Jet customer service asks to cancel units: `{"items": [{"order_item_id", "cancel_quantity"}]}`."""
    _enabled()
    merchant = _merchant(call)
    order = get_order(merchant, call.args["order_id"], lock=True)
    items = {i["order_item_id"]: i for i in order.document["order_items"]}
    c = Checker()
    wanted = []
    for path, entry in c.objects(call.body_object(), "items", required=True, non_empty=True):
        item_id = c.string(entry, "order_item_id", field=f"{path}.order_item_id", required=True)
        quantity = c.integer(entry, "cancel_quantity", field=f"{path}.cancel_quantity", required=True, minimum=1)
        if item_id is not None and item_id not in items:
            c.fail(m.ORDER_ITEM_UNKNOWN.format(field=f"{path}.order_item_id", item_id=item_id))
        elif quantity is not None and quantity > line_units(items[item_id]):
            c.fail(m.ABOVE_MAXIMUM.format(field=f"{path}.cancel_quantity", maximum=line_units(items[item_id])))
        else:
            wanted.append((item_id, quantity))
    c.raise_if_failed()
    for item_id, quantity in wanted:
        items[item_id]["request_order_cancel_qty"] = quantity
    order.document["jet_request_directed_cancel"] = True
    order.directed_cancel_open = True
    order.save()
    return {"order_url": f"/orders/withoutShipmentDetail/{order.merchant_order_id}"}
