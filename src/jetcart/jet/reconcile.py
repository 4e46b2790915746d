"""Check-before-repeat for calls that change Jet state: read the state, send only if the change is missing.

A state-changing call (acknowledge, ship, complete a return, create a refund) is never retried blindly.
When it fails with `JetOutcomeUnknown`, these helpers read the state back and send again only if the
change did not land. The connector's outbox does the same across process restarts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from jetcart.jet.errors import JetOutcomeUnknown
from jetcart.jet.logs import get_logger
from jetcart.jet.models.orders import Acknowledgement, ShipNotice
from jetcart.jet.models.returns import RefundCreate, ReturnComplete

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient

__all__ = ["Applied", "acknowledge_order", "complete_return", "create_refund", "send_once", "ship_order"]

log = get_logger(__name__)


class Applied(StrEnum):
    SENT = "sent"
    """This call made the change (possibly after an unknown outcome that turned out not to have landed)."""
    ALREADY = "already applied"
    """Jet already showed the change before anything was sent."""


def send_once(check: Callable[[], bool], send: Callable[[], Any], *, attempts: int = 3) -> Applied:
    """`check()` → True when the change is already at Jet. Send at most `attempts` times, checking between."""
    if check():
        return Applied.ALREADY
    for attempt in range(1, attempts + 1):
        try:
            send()
            return Applied.SENT
        except JetOutcomeUnknown as unknown:
            log.warning("outcome of %s unknown (%s); reading state back", unknown.request, unknown.cause)
            if check():
                return Applied.SENT
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def acknowledge_order(
    client: JetClient,
    merchant_order_id: str,
    acknowledgement: Acknowledgement | Mapping[str, Any],
    *,
    attempts: int = 3,
) -> Applied:
    """Acknowledge an order unless Jet already records an acknowledgement for it."""
    body = (
        acknowledgement
        if isinstance(acknowledgement, Acknowledgement)
        else Acknowledgement.parse(acknowledgement)
    )

    def acknowledged() -> bool:
        order = client.orders.get(merchant_order_id)
        return bool(order.acknowledgement_status) or (order.status or "").lower() not in ("created", "ready")

    return send_once(
        acknowledged, lambda: client.orders.acknowledge(merchant_order_id, body), attempts=attempts
    )


def ship_order(
    client: JetClient, merchant_order_id: str, notice: ShipNotice | Mapping[str, Any], *, attempts: int = 3
) -> Applied:
    """Report shipments unless Jet already lists them; every shipment needs an `alt_shipment_id` to be found."""
    body = notice if isinstance(notice, ShipNotice) else ShipNotice.parse(notice)
    wanted = {shipment.alt_shipment_id for shipment in body.shipments}
    if None in wanted:
        raise ValueError("ship_order needs an alt_shipment_id on every shipment to recognise it at Jet")

    def shipped() -> bool:
        order = client.orders.get(merchant_order_id)
        return wanted <= {shipment.alt_shipment_id for shipment in order.shipments}

    return send_once(shipped, lambda: client.orders.shipped(merchant_order_id, body), attempts=attempts)


def complete_return(
    client: JetClient, return_id: str, completion: ReturnComplete | Mapping[str, Any], *, attempts: int = 3
) -> Applied:
    """Complete a return unless Jet already shows it completed."""
    body = completion if isinstance(completion, ReturnComplete) else ReturnComplete.parse(completion)
    return send_once(
        lambda: client.returns.get(return_id).is_completed,
        lambda: client.returns.complete(return_id, body),
        attempts=attempts,
    )


def create_refund(
    client: JetClient,
    merchant_order_id: str,
    alt_refund_id: str,
    refund: RefundCreate | Mapping[str, Any],
    *,
    attempts: int = 3,
) -> Applied:
    """Create a refund unless one with this `alt_refund_id` already exists."""
    body = refund if isinstance(refund, RefundCreate) else RefundCreate.parse(refund)
    return send_once(
        lambda: client.refunds.find(alt_refund_id) is not None,
        lambda: client.refunds.create(merchant_order_id, alt_refund_id, body),
        attempts=attempts,
    )
