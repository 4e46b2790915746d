"""HTTP handlers of /refunds/…: create (201 with id and status), state by id or alt id, lists (`refund_urls`)."""

from __future__ import annotations

from jetcart.sandbox.models import Refund
from jetcart.sandbox.orders.state import get_order
from jetcart.sandbox.refunds import state
from jetcart.sandbox.transport.router import Call, json_response


def post_refund(call: Call):
    body = call.body_object()
    order = get_order(call.merchant, call.args["order_id"], lock=True)
    refund = state.create_refund(call.merchant, order, call.args["alt_refund_id"], body, call.now)
    return json_response({"refund_authorization_id": refund.refund_authorization_id,
                          "refund_status": refund.status}, status=201)


def get_state(call: Call):
    return state.refund_json(state.get_refund(call.merchant, call.args["refund_id"]))


def list_by_status(call: Call):
    status = state.refund_status(call.args["status"])
    query = Refund.objects.filter(merchant=call.merchant)
    query = query.filter(status__startswith="rejected") if status == "rejected" else query.filter(status=status)
    found = query.order_by("created_at", "id").values_list("refund_authorization_id", flat=True)[:1000]
    return {"refund_urls": [f"/refunds/state/{r}" for r in found]}
