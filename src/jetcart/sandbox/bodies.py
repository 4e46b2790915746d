"""Request bodies checked by the jet package's request models (`jetcart.jet.models`), the one statement of Jet's
field rules; their problems become Jet-style messages `"<field path>: <message>"`.

Unknown fields are ignored and kept, as Jet's ASP.NET API ignored unknown JSON properties [G]. What only Jet's
side can know (an order's lines, a return's quantities, the merchant's nodes) the sandbox's state modules add.
"""

from __future__ import annotations

from typing import Any

from jetcart.jet.models import JetRequest
from jetcart.sandbox import messages as m
from jetcart.sandbox.transport.errors import BadRequest


def jet_problems(model: type[JetRequest], body: Any) -> list[str]:
    """The jet model's problems with `body`, as Jet-style error strings (unknown fields tolerated)."""
    if not isinstance(body, dict):
        return [m.BODY_NOT_OBJECT]
    return [str(p) for p in model.problems(body, allow_unknown_fields=True)]


def check_body(model: type[JetRequest], body: Any) -> dict:
    """`body` when the jet model finds nothing wrong with it; else a 400 listing every problem."""
    fail_if(jet_problems(model, body))
    return body


def fail_if(errors: list[str]) -> None:
    if errors:
        raise BadRequest(*errors)
