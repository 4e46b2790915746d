"""HTTP handlers of /returns/…: generator (test keys), lists, state, complete, and the early acknowledge."""

from __future__ import annotations

from urllib.parse import quote

from jetcart.jet.models.vocabulary import RETURN_REASONS, EarlyReturnStatus, ReturnStatus, match_folded
from jetcart.sandbox import messages as m
from jetcart.sandbox.lifecycle import note_due
from jetcart.sandbox.models import Return
from jetcart.sandbox.orders.state import get_order
from jetcart.sandbox.returns import state
from jetcart.sandbox.transport.errors import BadRequest, Forbidden
from jetcart.sandbox.transport.router import Call, empty_response
from jetcart.sandbox.validate import is_count


def get_generate(call: Call):
    if call.caller is not None and call.caller.is_live:
        raise Forbidden(m.GENERATE_LIVE)
    order = get_order(call.merchant, call.args["order_id"], lock=True)
    without = (call.query("refund_without_return") or "").lower() == "true"
    quantity, reason = call.query("quantity"), call.query("reason")
    if quantity is not None and (not is_count(quantity) or int(quantity) < 1):
        raise BadRequest(m.BELOW_MINIMUM.format(field="quantity", minimum=1))
    if reason is not None:
        reason = match_folded(reason, RETURN_REASONS)
        if reason is None:
            raise BadRequest(m.NOT_ONE_OF.format(field="reason", choices=", ".join(RETURN_REASONS)))
    created = state.generate_return(call.merchant, order, call.now, without_return=without, sku=call.query("sku"),
                                    most=int(quantity) if quantity else None, reason=reason)
    order.save(update_fields=["document"])
    return {"url": f"/returns/state/{created.return_id}"}


def list_by_status(call: Call):
    """Each list holds only the returns in its state [G]: `refund customer without return` those Jet refunded
    without the item coming back that the merchant has not completed yet (a completed one moves on to
    `inprogress`, then "completed by merchant"), `jetRefunded` none (the sandbox's Jet never refunds on its
    own), the later statuses those at that step."""
    status = state.return_status(call.args["status"])
    query = Return.objects.filter(merchant=call.merchant)
    if status == EarlyReturnStatus.REFUND_CUSTOMER_WITHOUT_RETURN:
        query = query.filter(document__refund_without_return=True, status=ReturnStatus.CREATED.value)
    elif status == EarlyReturnStatus.JET_REFUNDED:
        query = query.none()
    else:
        query = query.filter(status=status)
    found = query.order_by("created_at", "id").values_list("return_id", flat=True)[:1000]
    return {"return_urls": [f"/returns/state/{quote(r)}" for r in found]}


def get_state(call: Call):
    return state.return_json(state.get_return(call.merchant, call.args["return_id"]))


def put_complete(call: Call):
    body = call.body_object()
    ret = state.get_return(call.merchant, call.args["return_id"], lock=True)
    state.complete(ret, body, call.now)
    ret.save()
    note_due(call.merchant, ret.next_transition_at)
    return empty_response(201)


def put_acknowledge(call: Call):
    """Early API (2015): acknowledging was later unnecessary; accepted and changes nothing."""
    state.get_return(call.merchant, call.args["return_id"])
    return empty_response(201)
