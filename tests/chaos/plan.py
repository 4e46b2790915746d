"""What the campaign intends for each Jet order: written by the campaign to a JSON file, read by the killed
processes (`CHAOS_PLAN`), so both agree without sharing state."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

FATES = ("full", "full", "partial", "partial", "cancel")  # one shipment; a first one then the rest; every unit cancelled


@dataclass
class Plan:
    fates: dict[str, str] = field(default_factory=dict)  # merchant_order_id → full | partial | cancel
    returned: set[str] = field(default_factory=set)  # shipped orders the customer returns
    refunded: set[str] = field(default_factory=set)  # shipped, not returned orders refunded one unit

    @classmethod
    def draw(cls, merchant_order_ids: list[str], rng: random.Random) -> Plan:
        """Each fate in turn (so a short campaign has them all), then returns and refunds among the shipped ones."""
        plan = cls()
        for index, moid in enumerate(merchant_order_ids):
            plan.fates[moid] = FATES[index % len(FATES)] if index < len(FATES) else rng.choice(FATES)
        shipped = [moid for moid, fate in plan.fates.items() if fate != "cancel"]
        plan.returned = {moid for index, moid in enumerate(shipped) if index == 0 or rng.random() < 0.3}
        plan.refunded = {moid for index, moid in enumerate(shipped)
                         if moid not in plan.returned and (index == 1 or rng.random() < 0.3)}
        return plan

    def save(self, path: Path) -> None:
        path.write_text(json.dumps({"fates": self.fates, "returned": sorted(self.returned),
                                    "refunded": sorted(self.refunded)}))

    @classmethod
    def load(cls, path: Path) -> Plan:
        data = json.loads(path.read_text())
        return cls(data["fates"], set(data["returned"]), set(data["refunded"]))

    def fate(self, merchant_order_id: str) -> str:
        return self.fates.get(merchant_order_id, "full")

    @staticmethod
    def shipment_id(order, kind: str) -> str:
        return f"{kind}-{order.merchant_order_id[:20]}"

    @staticmethod
    def refund_id(order) -> str:
        return f"R-{order.merchant_order_id[:20]}"
