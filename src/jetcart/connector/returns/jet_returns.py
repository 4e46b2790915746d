"""The only place the return use cases call Jet's return endpoints: the client's typed answers in, bodies out."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jetcart.jet.client import JetClient
    from jetcart.jet.models.returns import Return


def list_return_ids(client: JetClient, status: str) -> list[str]:
    """Return ids Jet lists in this status (`created`, `inprogress`, `completed by merchant`)."""
    return client.returns.list(status)


def get_return(client: JetClient, return_id: str) -> Return:
    """The return as Jet shows it."""
    return client.returns.get(return_id)


def send_completion(client: JetClient, return_id: str, body: dict) -> None:
    client.returns.complete(return_id, body)


def is_completed(ret: Return) -> bool:
    """True once Jet shows the merchant's completion (`inprogress`, `completed by merchant`, or its items)."""
    status = (ret.return_status or "").replace(" ", "").lower()
    return status in ("inprogress", "completedbymerchant") or bool(ret.items)
