"""Return and refund endpoints (jet-api.md §5, §6). Complete and refund create are never repeated blindly."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jetcart.jet.errors import JetNotFound
from jetcart.jet.models.returns import Refund, RefundCreate, RefundCreated, Return, ReturnComplete
from jetcart.jet.paths import id_from_url, ids_from_list, segment
from jetcart.jet.resources.base import Resource, as_body

__all__ = ["Refunds", "Returns"]


class Returns(Resource):
    """`client.returns`. `complete` may raise `JetOutcomeUnknown`: `get` the return and check `is_completed`."""

    group = "returns"

    def list(self, status: str) -> list[str]:
        """Return ids in a status: `created`, `inprogress`, `completed by merchant` (`GET /returns/{status}`)."""
        return self._ids(f"/returns/{segment(status)}", "return_urls")

    def get(self, return_id: str) -> Return:
        return self._get(Return, f"/returns/state/{segment(return_id)}")

    def complete(self, return_id: str, completion: ReturnComplete | Mapping[str, Any]) -> None:
        """Complete a return with the refund per line (`PUT /returns/{id}/complete`). Not retried."""
        body = as_body(ReturnComplete, completion)
        self._send("PUT", f"/returns/{segment(return_id)}/complete", idempotent=False, json=body)

    def acknowledge(self, return_id: str) -> None:
        """Early API only (`PUT /returns/{id}/acknowledge`); later returns are completed directly."""
        self._send("PUT", f"/returns/{segment(return_id)}/acknowledge", idempotent=False)

    def generate(self, merchant_order_id: str) -> str:
        """Sandbox only: create a return for a shipped order (`GET /returns/generate/{id}`); returns its id."""
        body = self._send("GET", f"/returns/generate/{segment(merchant_order_id)}", idempotent=False)
        if isinstance(body, Mapping) and isinstance(body.get("url"), str):
            return id_from_url(body["url"])
        ids = ids_from_list(body, "return_urls", "url")
        return ids[0] if ids else ""


class Refunds(Resource):
    """`client.refunds`. `create` is keyed by the merchant's own `alt_refund_id`: use `find` to check it first."""

    group = "refunds"

    def create(
        self, merchant_order_id: str, alt_refund_id: str, refund: RefundCreate | Mapping[str, Any]
    ) -> RefundCreated:
        """Refund without a return (`POST /refunds/{merchant_order_id}/{alt_refund_id}`). Not retried."""
        body = as_body(RefundCreate, refund)
        path = f"/refunds/{segment(merchant_order_id)}/{segment(alt_refund_id)}"
        answer = self._send("POST", path, idempotent=False, json=body)
        return self._parse(RefundCreated, answer or {}, "POST", path)

    def get(self, refund_id: str) -> Refund:
        """A refund by Jet's `refund_authorization_id` or by the merchant's `alt_refund_id`."""
        return self._get(Refund, f"/refunds/state/{segment(refund_id)}")

    def find(self, alt_refund_id: str) -> Refund | None:
        """The refund with this `alt_refund_id`, or None when Jet has none (404)."""
        try:
            return self.get(alt_refund_id)
        except JetNotFound:
            return None

    def list(self, status: str) -> list[str]:
        """Refund ids in a status (`GET /refunds/{status}`; list key `refund_urls`, older `sku_urls`)."""
        return self._ids(f"/refunds/{segment(status)}", "refund_urls", "sku_urls")
