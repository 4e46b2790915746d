"""The only place the return use cases call Jet's return endpoints; payloads in and out are plain dicts."""

from __future__ import annotations

from typing import Any


def _as_dict(value: Any) -> dict:
    if isinstance(value, dict):
        return value
    return value.model_dump(mode="json", by_alias=True, exclude_none=True)


def list_return_ids(client: Any, status: str) -> list[str]:
    """Return ids Jet lists in this status (`created`, `inprogress`, `completed by merchant`)."""
    return list(client.returns.list(status))


def get_return(client: Any, return_id: str) -> dict:
    """The return object as Jet shows it (`return_merchant_SKUs` keeps Jet's spelling)."""
    return _as_dict(client.returns.get(return_id))


def send_completion(client: Any, return_id: str, body: dict) -> None:
    client.returns.complete(return_id, body)


def is_completed(payload: dict) -> bool:
    """True once Jet shows the merchant's completion (`inprogress`, `completed by merchant`, or its items)."""
    status = str(payload.get("return_status") or "").replace(" ", "").lower()
    return status in ("inprogress", "completedbymerchant") or bool(payload.get("items"))
