"""HTTP transport: auth header, rate limit, retries only where safe, status → typed error, redacted logging."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import httpx
import orjson

from jetcart.jet.auth import TokenManager
from jetcart.jet.encoding import dumps
from jetcart.jet.errors import (
    JetAPIError,
    JetBadRequest,
    JetConnectionError,
    JetError,
    JetForbidden,
    JetMethodNotAllowed,
    JetNotFound,
    JetOutcomeUnknown,
    JetRateLimited,
    JetServerError,
    JetTimeout,
    JetUnauthorized,
    RequestInfo,
)
from jetcart.jet.logs import get_logger
from jetcart.jet.ratelimit import RateLimiter
from jetcart.jet.retry import RetryPolicy, parse_retry_after

__all__ = ["Transport", "error_for_status", "jet_messages"]

log = get_logger(__name__)

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Failures before any byte reached the server: repeating cannot do harm, even for state changes."""

_BODY_LOG_LIMIT = 500


def jet_messages(body: Any) -> list[str]:
    """Jet's error texts from `{"errors": [...]}`, `{"error": ...}` or ASP.NET's `{"Message": ...}`."""
    if isinstance(body, Mapping):
        for key in ("errors", "error", "Message", "message"):
            value = body.get(key)
            if isinstance(value, list):
                return [str(item) for item in value]
            if isinstance(value, str) and value:
                return [value]
    if isinstance(body, str) and body.strip():
        return [body.strip()[:_BODY_LOG_LIMIT]]
    return []


def error_for_status(status: int, body: Any, headers: Mapping[str, str], request: RequestInfo) -> JetAPIError:
    """The typed error for an error answer (one place maps status → class)."""
    messages = jet_messages(body)
    text = f"{request} → {status}" + (f": {'; '.join(messages)}" if messages else "")
    common = {"request": request, "status_code": status, "errors": messages, "body": body, "headers": headers}
    if status == 429:
        return JetRateLimited(text, retry_after=parse_retry_after(headers.get("retry-after")), **common)
    if status == 401 or (status == 400 and request.path.lower().rstrip("/") == "/token"):
        return JetUnauthorized(text, **common)
    kinds: dict[int, type[JetAPIError]] = {
        400: JetBadRequest,
        403: JetForbidden,
        404: JetNotFound,
        405: JetMethodNotAllowed,
    }
    if status in kinds:
        return kinds[status](text, **common)
    if status >= 500:
        return JetServerError(text, **common)
    return JetAPIError(text, **common)


def _decode(response: httpx.Response) -> Any:
    content = response.content
    if not content or not content.strip():
        return None
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        return response.text


class Transport:
    """Sends one logical call, retrying it only when that is safe.

    - `idempotent=True` (GETs, whole-object PUT/PATCH): retried on timeouts, dropped connections, 408,
      429 (after Retry-After, default 5 s) and 5xx, with exponential backoff and jitter.
    - `idempotent=False` (acknowledge, shipped, return complete, refund create, generators): retried only
      when the request provably never left (connect failure) or on 429. A timeout, a dropped connection or
      a 5xx raises `JetOutcomeUnknown`: read the state back before sending again.
    - A 401 drops the token and repeats the call once with a fresh one.
    """

    def __init__(
        self,
        base_url: str,
        *,
        http: httpx.Client,
        retry: RetryPolicy,
        limiter: RateLimiter,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: random.Random | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.http = http
        self.retry = retry
        self.limiter = limiter
        self.auth: TokenManager | None = None
        self._sleep = sleep
        self._clock = clock
        self._rng = rng or random.Random()

    def request(
        self,
        method: str,
        path: str,
        *,
        group: str,
        idempotent: bool,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        auth: bool = True,
        content: bytes | Path | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[int, Any]:
        """Send and return `(status, decoded body)` for any 2xx; raise a `JetError` otherwise."""
        url = path if path.startswith(("http://", "https://")) else f"{self.base_url}{path}"
        log_path = path if not path.startswith(("http://", "https://")) else httpx.URL(path).path
        payload = dumps(json) if json is not None else None
        attempt = 0
        reauthenticated = False
        while True:
            attempt += 1
            info = RequestInfo(method, log_path, attempt, idempotent, group)
            self.limiter.acquire(group)
            send_headers, token, body = self._prepare(auth, headers, payload, content)
            started = self._clock()
            try:
                response = self.http.request(method, url, content=body, headers=send_headers, params=params)
            except httpx.TransportError as exc:
                self._sleep(self._wait_after_connection_error(exc, info))  # raises when not to be repeated
                continue
            status = response.status_code
            log.info("%s %s → %d in %.3fs (attempt %d)", method, log_path, status, self._clock() - started, attempt)
            decoded = _decode(response)
            if 200 <= status < 300:
                if log.isEnabledFor(logging.DEBUG) and decoded is not None and "/token" not in log_path.lower():
                    log.debug("%s %s body: %.500s", method, log_path, decoded)
                return status, decoded
            if status == 401 and token is not None and not reauthenticated and self.auth is not None:
                reauthenticated = True
                self.auth.invalidate(token)
                attempt -= 1
                log.info("%s %s → 401; fetching a new token and repeating once", method, log_path)
                continue
            self._sleep(self._wait_after_status(status, decoded, response.headers, info))  # raises when final

    def _prepare(self, auth: bool, headers: Mapping[str, str] | None, payload: bytes | None,
                 content: bytes | Path | None) -> tuple[dict[str, str], Any, Any]:
        """The headers (a current token when `auth`), the token sent, and the body of one attempt."""
        send_headers = dict(headers or {})
        token = None
        if auth:
            if self.auth is None:
                raise JetError("no credentials configured")
            token = self.auth.current()
            send_headers["Authorization"] = token.header
        if payload is not None:
            send_headers["Content-Type"] = "application/json"
        body: Any = payload if payload is not None else content
        if isinstance(content, Path):
            send_headers["Content-Length"] = str(content.stat().st_size)
            body = _file_chunks(content)
        return send_headers, token, body

    def _wait_after_connection_error(self, exc: httpx.TransportError, info: RequestInfo) -> float:
        """How long to wait before repeating a call whose connection failed; raises when it must not be repeated
        (a state change that may have reached Jet, or no retries left)."""
        failure = self._connection_failure(exc, info)
        if not info.idempotent and not isinstance(exc, _NOT_SENT):
            log.warning("%s %s attempt %d: %s; not repeated (state change)", info.method, info.path, info.attempt, exc)
            raise JetOutcomeUnknown(
                f"{info}: {failure}; the change may or may not have been applied - read it back first",
                request=info,
                cause=failure,
            ) from exc
        if not self.retry.should_retry_connection(info.attempt):
            raise failure from exc
        wait = self.retry.backoff(info.attempt, rng=self._rng)
        log.info("%s %s attempt %d: %s; retrying in %.2fs", info.method, info.path, info.attempt, exc, wait)
        return wait

    def _wait_after_status(self, status: int, decoded: Any, response_headers, info: RequestInfo) -> float:
        """How long to wait before repeating a call Jet answered with an error; raises the error when final."""
        error = error_for_status(status, decoded, response_headers, info)
        repeatable = status == 429 or (info.idempotent and status in (408, 500, 502, 503, 504))
        if repeatable and self.retry.should_retry_status(status, info.attempt):
            retry_after = error.retry_after if isinstance(error, JetRateLimited) else None
            wait = self.retry.wait_for(info.attempt, status_code=status, retry_after=retry_after, rng=self._rng)
            if wait is not None:
                log.info("%s %s → %d; retrying in %.2fs", info.method, info.path, status, wait)
                return wait
        if not info.idempotent and (status >= 500 or status == 408):
            raise JetOutcomeUnknown(
                f"{info}: {error}; the change may or may not have been applied - read it back first",
                request=info,
                cause=error,
            )
        raise error

    @staticmethod
    def _connection_failure(exc: httpx.TransportError, info: RequestInfo) -> JetConnectionError:
        if isinstance(exc, httpx.TimeoutException):
            return JetTimeout(f"{info}: timed out ({type(exc).__name__})", request=info)
        return JetConnectionError(f"{info}: {type(exc).__name__}: {exc}", request=info)


def _file_chunks(path: Path, size: int = 256 * 1024) -> Iterator[bytes]:
    """Stream a file in chunks (re-opened on every attempt, so a retry sends it whole again)."""
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk
