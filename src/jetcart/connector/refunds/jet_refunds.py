"""The only place the refund use cases call Jet's refund endpoints; payloads in and out are plain dicts."""

from __future__ import annotations

from typing import Any


def _as_dict(value: Any) -> dict:
    if value is None or isinstance(value, dict):
        return value or {}
    return value.model_dump(mode="json", by_alias=True, exclude_none=True)


def create_refund(client: Any, merchant_order_id: str, alt_refund_id: str, body: dict) -> dict:
    """POST /refunds/{merchant_order_id}/{alt_refund_id}; Jet's answer (`refund_authorization_id`, status)."""
    return _as_dict(client.refunds.create(merchant_order_id, alt_refund_id, body))


def find_refund(client: Any, alt_refund_id: str) -> dict | None:
    """The refund Jet holds under the merchant's `alt_refund_id`, or None if Jet has none."""
    found = client.refunds.find(alt_refund_id)
    return _as_dict(found) if found is not None else None


def get_refund(client: Any, refund_id: str) -> dict:
    return _as_dict(client.refunds.get(refund_id))
