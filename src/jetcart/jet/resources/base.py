"""Base of the resource classes: send through the transport, validate bodies in, parse bodies out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jetcart.jet.errors import JetResponseInvalid, JetValidationError, RequestInfo
from jetcart.jet.models.base import JetRequest
from jetcart.jet.paths import ids_from_list
from jetcart.jet.transport import Transport

__all__ = ["PendingBody", "Resource", "as_body"]

R = TypeVar("R", bound=JetRequest)
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class PendingBody:
    """A request body still to be validated; `Resource._send` resolves it so a JetValidationError can
    name the request it was meant for (`request.attempt == 0`: nothing was sent)."""

    model: type[JetRequest]
    body: Any

    def resolve(self) -> dict[str, Any]:
        if isinstance(self.body, self.model):
            return self.body.to_json()
        if isinstance(self.body, JetRequest):
            raise TypeError(f"expected {self.model.__name__}, got {type(self.body).__name__}")
        return self.model.parse(self.body).to_json()


def as_body(model: type[R], body: R | Mapping[str, Any]) -> PendingBody:
    """A request body for `_send`: a model instance is sent as is, a mapping is validated first."""
    return PendingBody(model, body)


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
        if isinstance(json, PendingBody):
            try:
                json = json.resolve()
            except JetValidationError as error:
                error.request = RequestInfo(method, path, attempt=0, idempotent=idempotent, group=self.group)
                raise
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

    def _ids(self, path: str, *keys: str, params: Mapping[str, Any] | None = None) -> list[str]:
        """Ids from a list answer (`GET path`); JetResponseInvalid naming the call if it is not a list of URLs."""
        body = self._send("GET", path, idempotent=True, params=params)
        return ids_from_list(body, *keys, request=RequestInfo("GET", path, group=self.group))

    def _get(self, model: type[M], path: str, params: Mapping[str, Any] | None = None) -> M:
        return self._parse(model, self._send("GET", path, idempotent=True, params=params), "GET", path)
