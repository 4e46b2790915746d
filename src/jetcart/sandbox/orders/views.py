"""HTTP handlers of /orders/…: lists, order object, acknowledge, shipped, tag, directed cancel, generator."""

from __future__ import annotations

from jetcart.jet.models.orders import OrderTag
from jetcart.sandbox import messages as m
from jetcart.sandbox.bodies import check_body
from jetcart.sandbox.config import tunable
from jetcart.sandbox.orders import state
from jetcart.sandbox.orders.generator import generate_orders
from jetcart.sandbox.transport.errors import BadRequest, Forbidden
from jetcart.sandbox.transport.router import Call, empty_response


def _flag(call: Call, name: str) -> bool | None:
    raw = call.query(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in {"true", "false"}:
        raise BadRequest(m.NOT_BOOLEAN.format(field=name))
    return raw.lower() == "true"


def list_by_status(call: Call):
    status = state.order_status(call.args["status"])
    urls = state.list_orders(call.merchant, status, call.now, cancelled=_flag(call, "isCancelled"),
                             node=call.query("fulfillment_node"))
    return {"order_urls": urls}


def list_by_tag(call: Call):
    status = state.order_status(call.args["status"])
    include = call.args["include"].lower()
    if include not in {"true", "false"}:
        raise BadRequest(m.NOT_BOOLEAN.format(field="include"))
    urls = state.list_orders(call.merchant, status, call.now, tag=call.args["tag"], tagged=include == "true")
    return {"order_urls": urls}


def list_directed_cancel(call: Call):
    from jetcart.sandbox.models import Order

    found = (Order.objects.filter(merchant=call.merchant, directed_cancel_open=True)
             .order_by("created_at", "id").values_list("merchant_order_id", flat=True)[:state.LIST_LIMIT])
    return {"order_urls": [f"/orders/withoutShipmentDetail/{order_id}" for order_id in found]}


def get_order(call: Call):
    return state.order_json(state.get_order(call.merchant, call.args["order_id"]))


def put_acknowledge(call: Call):
    body = call.body_object()
    order = state.get_order(call.merchant, call.args["order_id"], lock=True)
    state.acknowledge(order, body, call.now)
    order.save()
    return empty_response(201)


def put_shipped(call: Call):
    body = call.body_object()
    order = state.get_order(call.merchant, call.args["order_id"], lock=True)
    state.ship(order, body, call.now)
    order.save()
    return empty_response(204 if tunable(call.merchant, "strict_204_shipped") else 201)


def put_tag(call: Call):
    body = check_body(OrderTag, call.body_object())
    order = state.get_order(call.merchant, call.args["order_id"], lock=True)
    order.tag = body["tag"]
    order.save(update_fields=["tag"])
    return empty_response(204)


def post_generate(call: Call):
    if call.caller is not None and call.caller.is_live:
        raise Forbidden(m.GENERATE_LIVE)
    count = call.args["count"]
    if not (count.isascii() and count.isdigit() and len(count) <= 4):
        raise BadRequest(m.GENERATE_COUNT.format(maximum=100))
    orders = generate_orders(call.merchant, int(count), call.optional_body_object(), call.now)
    return {"order_urls": [f"/orders/withoutShipmentDetail/{o.merchant_order_id}" for o in orders]}
