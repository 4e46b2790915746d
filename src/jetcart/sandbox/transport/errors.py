"""Wire errors: one exception per HTTP status, each rendered as Jet's {"errors": [...]} body."""

from __future__ import annotations

from jetcart.sandbox import messages


class JetError(Exception):
    status = 400

    def __init__(self, *errors: str, headers: dict[str, str] | None = None):
        super().__init__("; ".join(errors))
        self.errors = list(errors) or [messages.BAD_REQUEST]
        self.headers = headers or {}

    def body(self) -> dict:
        return {"errors": self.errors}


class BadRequest(JetError):
    status = 400


class Unauthorized(JetError):
    """Rendered in ASP.NET Web API's form, as Jet answered an absent or expired token."""

    status = 401

    def body(self) -> dict:
        return {"Message": messages.UNAUTHORIZED}


class Forbidden(JetError):
    status = 403


class NotFound(JetError):
    status = 404


class MethodNotAllowed(JetError):
    status = 405


class TooManyRequests(JetError):
    status = 429


class ServerError(JetError):
    status = 500


class ServiceUnavailable(JetError):
    status = 503
