"""The only place the order use cases call Jet's order endpoints: the client's typed answers in, request bodies out."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.jet.models.orders import Order


def list_order_ids(client: JetClient, status: str) -> list[str]:
    """merchant_order_ids Jet lists in this status (created, ready, acknowledged, inprogress, complete). An answer
    that is not a list (text, `{"order_urls": "notalist"}`) is refused by the client and never iterated."""
    return client.orders.list(status)


def list_directed_cancel_ids(client: JetClient) -> list[str]:
    return client.orders.directed_cancel()


def get_order(client: JetClient, merchant_order_id: str) -> Order:
    """The order as Jet shows it (withoutShipmentDetail)."""
    return client.orders.get(merchant_order_id)


def send_acknowledgement(client: JetClient, merchant_order_id: str, body: dict) -> None:
    client.orders.acknowledge(merchant_order_id, body)


def send_shipment(client: JetClient, merchant_order_id: str, body: dict) -> None:
    client.orders.shipped(merchant_order_id, body)
