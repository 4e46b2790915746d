"""Order endpoints (jet-api.md §4). Acknowledge and ship change state: never repeated blindly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jetcart.jet.models.orders import Acknowledgement, Order, OrderGeneration, OrderTag, ShipNotice
from jetcart.jet.paths import ids_from_list, segment
from jetcart.jet.resources.base import Resource, as_body

__all__ = ["Orders"]


class Orders(Resource):
    """`client.orders`. `acknowledge`, `shipped` and `generate` may raise `JetOutcomeUnknown`: call `get` first
    to see whether the change landed (or use `jetcart.jet.reconcile`)."""

    group = "orders"

    def list(
        self, status: str, *, is_cancelled: bool | None = None, fulfillment_node: str | None = None
    ) -> list[str]:
        """merchant_order_ids in a status (`GET /orders/{status}`; Jet returns at most 1000)."""
        params: dict[str, Any] = {}
        if is_cancelled is not None:
            params["isCancelled"] = "true" if is_cancelled else "false"
        if fulfillment_node:
            params["fulfillment_node"] = fulfillment_node
        return self._ids(f"/orders/{segment(status)}", "order_urls", params=params or None)

    def list_by_tag(self, status: str, tag: str, *, include: bool = True) -> list[str]:
        """Orders in a status with (include=True) or without (False) a tag (`GET /orders/{status}/{tag}/{include}`)."""
        path = f"/orders/{segment(status)}/{segment(tag)}/{'true' if include else 'false'}"
        return self._ids(path, "order_urls")

    def directed_cancel(self) -> list[str]:
        """Orders Jet asks the merchant to cancel (`GET /orders/directedCancel`)."""
        return self._ids("/orders/directedCancel", "order_urls")

    def get(self, merchant_order_id: str) -> Order:
        return self._get(Order, f"/orders/withoutShipmentDetail/{segment(merchant_order_id)}")

    def acknowledge(
        self, merchant_order_id: str, acknowledgement: Acknowledgement | Mapping[str, Any]
    ) -> None:
        """Accept or reject a `ready` order (`PUT /orders/{id}/acknowledge`). Not retried."""
        body = as_body(Acknowledgement, acknowledgement)
        self._send("PUT", f"/orders/{segment(merchant_order_id)}/acknowledge", idempotent=False, json=body)

    def shipped(self, merchant_order_id: str, notice: ShipNotice | Mapping[str, Any]) -> None:
        """Report shipped and/or cancelled units (`PUT /orders/{id}/shipped`). Not retried."""
        body = as_body(ShipNotice, notice)
        self._send("PUT", f"/orders/{segment(merchant_order_id)}/shipped", idempotent=False, json=body)

    ship = shipped

    def tag(self, merchant_order_id: str, tag: str) -> None:
        """Set the order's tag (`PUT /orders/{id}/tag`); setting the same tag twice is harmless."""
        body = as_body(OrderTag, {"tag": tag})
        self._send("PUT", f"/orders/{segment(merchant_order_id)}/tag", idempotent=True, json=body)

    def generate(self, count: int, generation: OrderGeneration | Mapping[str, Any]) -> list[str]:
        """Sandbox only: create `count` test orders (`POST /orders/generate/{n}`); returns their ids."""
        body = as_body(OrderGeneration, generation)
        answer = self._send("POST", f"/orders/generate/{int(count)}", idempotent=False, json=body)
        return ids_from_list(answer, "order_urls")
