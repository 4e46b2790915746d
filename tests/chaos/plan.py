"""What the campaign intends for each Jet order, decided from its id and the seed alone (the killed processes and
the checks agree on it without sharing state)."""

from __future__ import annotations

import hashlib


class Plan:
    def __init__(self, seed: int):
        self.seed = seed

    def _bucket(self, what: str, merchant_order_id: str) -> float:
        digest = hashlib.sha256(f"{self.seed}|{what}|{merchant_order_id}".encode()).digest()
        return int.from_bytes(digest[:8], "big") / 2**64

    def fate(self, merchant_order_id: str) -> str:
        """`full` (one shipment), `partial` (a first shipment, then the rest) or `cancel` (every unit)."""
        x = self._bucket("fate", merchant_order_id)
        return "full" if x < 0.5 else "partial" if x < 0.8 else "cancel"

    def returned(self, merchant_order_id: str) -> bool:
        """A shipped order the customer returns (the campaign asks the sandbox for the return)."""
        return self._bucket("return", merchant_order_id) < 0.3

    def refunded(self, merchant_order_id: str) -> bool:
        """A shipped, not returned order that gets a merchant refund of one unit."""
        return not self.returned(merchant_order_id) and self._bucket("refund", merchant_order_id) < 0.3

    @staticmethod
    def shipment_id(order, kind: str) -> str:
        return f"{kind}-{order.merchant_order_id[:20]}"

    @staticmethod
    def refund_id(order) -> str:
        return f"R-{order.merchant_order_id[:20]}"
