"""Cheap conservative checks for the high-volume bulk payloads (price, inventory, archive).

Each returns True only when the payload is certainly valid under the pydantic model of the same body;
on False the model itself is consulted for the exact messages. This keeps 300k-SKU files off the
per-SKU pydantic path without a second statement of Jet's rules deciding anything on its own.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from jetcart.jet.models.base import INT32_MAXIMUM, MONEY_MAXIMUM

__all__ = ["archive_ok", "inventory_ok", "money_ok", "price_ok"]

_PRICE_KEYS = frozenset({"price", "fulfillment_nodes"})
_NODE_PRICE_KEYS = frozenset({"fulfillment_node_id", "fulfillment_node_price"})
_NODE_QUANTITY_KEYS = frozenset({"fulfillment_node_id", "quantity"})


def money_ok(value: Any) -> bool:
    """A JSON number from 0 to MONEY_MAXIMUM with at most 2 decimals."""
    kind = type(value)
    if kind is int:
        return 0 <= value <= MONEY_MAXIMUM
    if kind is float:
        if not math.isfinite(value) or value < 0:
            return False
        text = repr(value)
        if "e" in text or "E" in text:
            return False
        return len(text) - text.index(".") - 1 <= 2
    if kind is Decimal:
        return value.is_finite() and 0 <= value <= MONEY_MAXIMUM and value.as_tuple().exponent >= -2
    return False


def _node_id_ok(value: Any) -> bool:
    return type(value) is str and 0 < len(value) <= 100


def price_ok(payload: Any) -> bool:
    if type(payload) is not dict or not payload.keys() <= _PRICE_KEYS or not money_ok(payload.get("price")):
        return False
    nodes = payload.get("fulfillment_nodes")
    if nodes is None:
        return True
    if type(nodes) is not list:
        return False
    seen = set()
    for node in nodes:
        if type(node) is not dict or node.keys() != _NODE_PRICE_KEYS:
            return False
        node_id = node["fulfillment_node_id"]
        if not _node_id_ok(node_id) or node_id in seen or not money_ok(node["fulfillment_node_price"]):
            return False
        seen.add(node_id)
    return True


def inventory_ok(payload: Any) -> bool:
    if type(payload) is not dict or len(payload) != 1:
        return False
    nodes = payload.get("fulfillment_nodes")
    if type(nodes) is not list or not nodes:
        return False
    seen = set()
    for node in nodes:
        if type(node) is not dict or node.keys() != _NODE_QUANTITY_KEYS:
            return False
        node_id, quantity = node["fulfillment_node_id"], node["quantity"]
        if not _node_id_ok(node_id) or node_id in seen or type(quantity) is not int or not 0 <= quantity <= INT32_MAXIMUM:
            return False
        seen.add(node_id)
    return True


def archive_ok(payload: Any) -> bool:
    return isinstance(payload, Mapping) and len(payload) == 1 and type(payload.get("is_archived")) is bool
