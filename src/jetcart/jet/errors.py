"""Error types of the Jet client: one root, a shallow tree by meaning, each carrying its request."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "JetAPIError",
    "JetBadRequest",
    "JetConnectionError",
    "JetError",
    "JetForbidden",
    "JetMethodNotAllowed",
    "JetNotFound",
    "JetOutcomeUnknown",
    "JetRateLimited",
    "JetResponseInvalid",
    "JetServerError",
    "JetTimeout",
    "JetUnauthorized",
    "JetValidationError",
    "Problem",
    "RequestInfo",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: the field path (`bullets[2]`, `items[0].refund_amount.tax`; '' for the whole object)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """What was (or would have been) sent: method, path relative to the API root, attempt number, retry safety."""

    method: str
    path: str
    attempt: int = 1
    idempotent: bool = True
    group: str = ""

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


class JetError(Exception):
    """Root of every error raised by `jetcart.jet`."""

    request: RequestInfo | None = None


class JetValidationError(JetError, ValueError):
    """A payload breaks Jet's rules; lists every problem with its field path. Nothing was sent."""

    def __init__(self, problems: Iterable[Problem], *, model: str = "", request: RequestInfo | None = None):
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.model = model
        self.request = request
        head = f"{model} is invalid" if model else "invalid payload"
        lines = "; ".join(str(problem) for problem in self.problems)
        super().__init__(
            f"{head} ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}): {lines}"
        )

    def messages(self) -> list[str]:
        """Each problem as one `path: message` string, the shape of Jet's `{"errors": [...]}`."""
        return [str(problem) for problem in self.problems]

    def as_pairs(self) -> list[tuple[str, str]]:
        """Each problem as a `(field path, message)` pair."""
        return [(problem.path, problem.message) for problem in self.problems]


class JetAPIError(JetError):
    """Jet answered with an error status; `errors` holds Jet's messages (from `errors`, `error` or `Message`)."""

    def __init__(
        self,
        message: str,
        *,
        request: RequestInfo,
        status_code: int,
        errors: list[str] | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ):
        super().__init__(message)
        self.request = request
        self.status_code = status_code
        self.errors = list(errors or [])
        self.body = body
        self.headers = dict(headers or {})


class JetBadRequest(JetAPIError):
    """400: Jet refused the request; `errors` carries its validation messages."""


class JetUnauthorized(JetAPIError):
    """401, or the token request was refused: the credentials or the token are not accepted."""


class JetForbidden(JetAPIError):
    """403: the credentials may not use this endpoint (e.g. generators with live keys)."""


class JetNotFound(JetAPIError):
    """404: the SKU, order, return, refund, file or node does not exist."""


class JetMethodNotAllowed(JetAPIError):
    """405: the verb is not accepted here (e.g. inventory PUT after the 2018 release)."""


class JetRateLimited(JetAPIError):
    """429: throttled; `retry_after` is the server's hint in seconds, if it gave one."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class JetServerError(JetAPIError):
    """5xx: Jet failed; safe calls were already retried."""


class JetConnectionError(JetError):
    """The request could not be completed at the HTTP level (refused, dropped, protocol error)."""

    def __init__(self, message: str, *, request: RequestInfo):
        super().__init__(message)
        self.request = request


class JetTimeout(JetConnectionError):
    """The request timed out."""


class JetOutcomeUnknown(JetError):
    """A state-changing call failed in a way that leaves its effect unknown (timeout, dropped connection, 5xx).

    It was NOT repeated. Read the current state back (e.g. `orders.get`, `returns.get`, `refunds.get`)
    and send again only if the change is not there. `cause` is the underlying error.
    """

    def __init__(self, message: str, *, request: RequestInfo, cause: JetError):
        super().__init__(message)
        self.request = request
        self.cause = cause


class JetResponseInvalid(JetError):
    """A 2xx body did not match the expected model (only in strict mode, or when it is not JSON at all), or a
    list answer is not a list of URLs (it is then never iterated)."""

    def __init__(self, message: str, *, request: RequestInfo | None = None, body: Any = None):
        super().__init__(message)
        self.request = request
        self.body = body
