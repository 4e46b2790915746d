"""The only place the refund use cases call Jet's refund endpoints: the client's typed answers in, bodies out."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.jet.models.returns import Refund, RefundCreated


def create_refund(client: JetClient, merchant_order_id: str, alt_refund_id: str, body: dict) -> RefundCreated:
    """POST /refunds/{merchant_order_id}/{alt_refund_id}; Jet's answer (`refund_authorization_id`, status)."""
    return client.refunds.create(merchant_order_id, alt_refund_id, body)


def find_refund(client: JetClient, alt_refund_id: str) -> Refund | None:
    """The refund Jet holds under the merchant's `alt_refund_id`, or None if Jet has none."""
    return client.refunds.find(alt_refund_id)


def get_refund(client: JetClient, refund_id: str) -> Refund:
    return client.refunds.get(refund_id)
