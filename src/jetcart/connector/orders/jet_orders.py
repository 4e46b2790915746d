"""The only place the order use cases call Jet's order endpoints; payloads in and out are plain dicts."""

from __future__ import annotations

from typing import Any

from jetcart.jet.paths import ids_from_list


def _as_dict(value: Any) -> dict:
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    dump = getattr(value, "model_dump", None)
    if dump:
        return dump(mode="json", by_alias=True, exclude_none=True)
    raise TypeError(f"unexpected order object {type(value).__name__}")


def _ids(value: Any) -> list[str]:
    """Order ids from a list response: ids, or URLs whose last path segment is the id. An answer that is not a
    list (text, `{"order_urls": "notalist"}`) raises JetResponseInvalid and is never iterated."""
    ids = getattr(value, "order_ids", None)
    if ids is None:
        return ids_from_list(value, "order_urls")
    return [str(item).rstrip("/").rsplit("/", 1)[-1] for item in ids]


def list_order_ids(client: Any, status: str) -> list[str]:
    """merchant_order_ids Jet lists in this status (created, ready, acknowledged, inprogress, complete)."""
    return _ids(client.orders.list(status))


def list_directed_cancel_ids(client: Any) -> list[str]:
    return _ids(client.orders.directed_cancel())


def get_order(client: Any, merchant_order_id: str) -> dict:
    """The order object as Jet returns it (withoutShipmentDetail)."""
    return _as_dict(client.orders.get(merchant_order_id))


def send_acknowledgement(client: Any, merchant_order_id: str, body: dict) -> None:
    client.orders.acknowledge(merchant_order_id, body)


def send_shipment(client: Any, merchant_order_id: str, body: dict) -> None:
    client.orders.shipped(merchant_order_id, body)
