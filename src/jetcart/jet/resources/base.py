"""Base of the resource classes: send through the transport, validate bodies in, parse bodies out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jetcart.jet.errors import JetResponseInvalid, RequestInfo
from jetcart.jet.models.base import JetRequest
from jetcart.jet.transport import Transport

__all__ = ["Resource", "as_body"]

R = TypeVar("R", bound=JetRequest)
M = TypeVar("M", bound=BaseModel)


def as_body(model: type[R], body: R | Mapping[str, Any]) -> dict[str, Any]:
    """A request body as JSON-ready dict: a model instance as is, a mapping validated first (may raise)."""
    if isinstance(body, model):
        return body.to_json()
    if isinstance(body, JetRequest):
        raise TypeError(f"expected {model.__name__}, got {type(body).__name__}")
    return model.parse(body).to_json()


class Resource:
    """One group of endpoints sharing a rate-limit group."""

    group = "default"

    def __init__(self, transport: Transport):
        self._transport = transport

    def _send(
        self,
        method: str,
        path: str,
        *,
        idempotent: bool,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        _, body = self._transport.request(
            method, path, group=self.group, idempotent=idempotent, json=json, params=params
        )
        return body

    def _parse(self, model: type[M], body: Any, method: str, path: str) -> M:
        try:
            return model.model_validate(body)
        except ValidationError as exc:
            info = RequestInfo(method, path, group=self.group)
            raise JetResponseInvalid(f"{info}: unexpected answer for {model.__name__}: {exc}", request=info,
                                     body=body) from exc  # fmt: skip

    def _get(self, model: type[M], path: str, params: Mapping[str, Any] | None = None) -> M:
        return self._parse(model, self._send("GET", path, idempotent=True, params=params), "GET", path)
