"""What Jet gets for price and inventory: the configured price rule, the inventory buffer, and their hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import orjson

CENT = Decimal("0.01")


@dataclass(frozen=True)
class OfferRules:
    """The configuration's price rule and inventory buffer, read once per run."""

    price_rule: str = "none"  # none | fixed | percent (JetConfiguration.price_rule)
    price_increment: Decimal = Decimal("0")
    inventory_buffer: int = 0

    @classmethod
    def from_configuration(cls, config) -> OfferRules:
        return cls(config.price_rule, Decimal(config.price_increment), int(config.inventory_buffer))


def jet_price(rules: OfferRules, store_price: Decimal, special_price: Decimal | None = None) -> Decimal:
    """The price sent to Jet: the store's selling price (the special price when one applies) after the rule."""
    base = special_price if special_price is not None and special_price > 0 else store_price
    base = Decimal(base)
    if rules.price_rule == "fixed":
        base += rules.price_increment
    elif rules.price_rule == "percent":
        base += base * rules.price_increment / Decimal(100)
    return base.quantize(CENT, ROUND_HALF_UP)


def jet_inventory(rules: OfferRules, quantity: int, *, enabled: bool = True) -> int:
    """The quantity sent to Jet: store quantity less the buffer, never negative, 0 for a disabled product."""
    if not enabled or quantity <= 0:
        return 0
    return max(0, int(quantity) - rules.inventory_buffer)


def price_body(price: Decimal, node_id: str) -> dict:
    """Body of a Price file entry (jet-api.md §2.7)."""
    return {"price": price, "fulfillment_nodes": [{"fulfillment_node_id": node_id, "fulfillment_node_price": price}]}


def inventory_body(quantity: int, node_id: str) -> dict:
    """Body of an Inventory file entry (jet-api.md §2.8)."""
    return {"fulfillment_nodes": [{"fulfillment_node_id": node_id, "quantity": quantity}]}


def body_hash(body: object) -> str:
    """A stable hash of a JSON body (keys sorted; Decimals as their text), to tell whether it changed."""
    data = orjson.dumps(body, default=str, option=orjson.OPT_SORT_KEYS)
    return hashlib.sha1(data, usedforsecurity=False).hexdigest()


class OfferHashes:
    """body_hash of the Price and Inventory bodies of one fulfillment node, computed once per distinct price or
    quantity (a catalog repeats few of them); keyed on the value's type and text, so that 9.9 and 9.90 (equal
    Decimals, different bodies) stay apart."""

    def __init__(self, node_id: str):
        self.node_id = node_id
        self._prices: dict[tuple[type, str], str] = {}
        self._quantities: dict[tuple[type, str], str] = {}

    def price(self, price: Decimal) -> str:
        key = (type(price), str(price))
        digest = self._prices.get(key)
        if digest is None:
            digest = self._prices[key] = body_hash(price_body(price, self.node_id))
        return digest

    def inventory(self, quantity: int) -> str:
        key = (type(quantity), str(quantity))
        digest = self._quantities.get(key)
        if digest is None:
            digest = self._quantities[key] = body_hash(inventory_body(quantity, self.node_id))
        return digest
