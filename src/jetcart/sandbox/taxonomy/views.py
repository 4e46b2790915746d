"""HTTP handlers of /taxonomy/…: links (any version string, offset/limit ≤ 1000), nodes, node attributes."""

from __future__ import annotations

from jetcart.sandbox import messages as m
from jetcart.sandbox.taxonomy.store import taxonomy
from jetcart.sandbox.transport.errors import BadRequest, NotFound
from jetcart.sandbox.transport.router import Call
from jetcart.sandbox.validate import is_count

MAX_LIMIT = 1000


def _node_id(call: Call) -> int:
    raw = call.args["node_id"]
    if not is_count(raw, digits=18) or int(raw) not in taxonomy().nodes:  # Jet's node ids reach 15 digits
        raise NotFound(m.NODE_NOT_FOUND.format(node_id=raw))
    return int(raw)


def get_links(call: Call):
    values = {}
    for name, default in (("offset", 0), ("limit", MAX_LIMIT)):
        raw = call.query(name)
        if raw in (None, ""):
            values[name] = default
        elif not is_count(raw):
            raise BadRequest(m.OFFSET_LIMIT.format(field=name))
        else:
            values[name] = int(raw)
    if values["limit"] > MAX_LIMIT:
        raise BadRequest(m.LIMIT_TOO_LARGE.format(maximum=MAX_LIMIT))
    page = taxonomy().node_ids[values["offset"]:values["offset"] + values["limit"]]
    return {"node_urls": [f"/taxonomy/nodes/{node_id}" for node_id in page]}


def get_node(call: Call):
    return taxonomy().node_json(_node_id(call))


def get_node_attributes(call: Call):
    return {"attributes": taxonomy().attributes_of(_node_id(call))}
