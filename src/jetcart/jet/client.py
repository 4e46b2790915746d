"""JetClient: the entry point of the library; one instance per set of credentials, safe to share across threads."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import httpx

from jetcart.jet.auth import TokenManager, TokenResponse
from jetcart.jet.concurrency import Outcome, run_concurrently
from jetcart.jet.ratelimit import RateLimiter
from jetcart.jet.resources.catalog import Merchant, Reports, Settlement, Taxonomy
from jetcart.jet.resources.files import Files
from jetcart.jet.resources.orders import Orders
from jetcart.jet.resources.products import Products
from jetcart.jet.resources.returns import Refunds, Returns
from jetcart.jet.retry import RetryPolicy
from jetcart.jet.transport import Transport

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_RATE_LIMITS", "JetClient"]

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_BASE_URL = "https://merchant-api.jet.com/api"

DEFAULT_RATE_LIMITS: dict[str, tuple[float, float]] = {
    "auth": (1.0, 3.0),
    "products": (50.0, 100.0),
    "files": (5.0, 10.0),
    "orders": (10.0, 20.0),
    "returns": (10.0, 20.0),
    "refunds": (10.0, 20.0),
    "taxonomy": (20.0, 40.0),
    "merchant": (5.0, 10.0),
    "settlement": (5.0, 10.0),
    "reports": (2.0, 5.0),
}
"""Requests per second and burst per endpoint group. Jet's real limits are not recorded (jet-api.md §8.3):
these are polite guesses; pass `rate_limits=None` to turn limiting off, or your own mapping."""


class JetClient:
    """Typed access to Jet's merchant API.

    >>> client = JetClient(DEFAULT_BASE_URL, "api user", "api secret")   # doctest: +SKIP
    >>> client.products.put("SKU-1", {...})                  # doctest: +SKIP

    `base_url` ends in `/api`. `timeout` is per request (seconds), with `connect_timeout` for the TCP
    connect. `max_retries` applies to calls that are safe to repeat (see `Transport`). `clock`, `sleep`
    and `transport` (an `httpx.BaseTransport`, e.g. `httpx.MockTransport`) are injectable for tests.
    """

    def __init__(
        self,
        base_url: str,
        user: str,
        secret: str,
        *,
        timeout: float = 30.0,
        connect_timeout: float = 5.0,
        max_retries: int = 3,
        retry: RetryPolicy | None = None,
        rate_limits: Mapping[str, tuple[float, float]] | None = DEFAULT_RATE_LIMITS,
        max_connections: int = 20,
        refresh_ahead: float = 3600.0,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
        http: httpx.Client | None = None,
    ):
        self._user = user
        self._secret = secret
        self._owns_http = http is None
        self.http = http or httpx.Client(
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            transport=transport,
            headers={"User-Agent": "jetcart-jet/0.1"},
        )
        policy = retry or RetryPolicy(max_retries=max_retries)
        self.transport = Transport(
            base_url,
            http=self.http,
            retry=policy,
            limiter=RateLimiter(rate_limits, sleep=sleep),
            sleep=sleep,
            rng=rng,
        )
        self.tokens = TokenManager(self._fetch_token, clock=clock, refresh_ahead=refresh_ahead)
        self.transport.auth = self.tokens
        self.products = Products(self.transport)
        self.files = Files(self.transport)
        self.orders = Orders(self.transport)
        self.returns = Returns(self.transport)
        self.refunds = Refunds(self.transport)
        self.taxonomy = Taxonomy(self.transport)
        self.merchant = Merchant(self.transport)
        self.settlement = Settlement(self.transport)
        self.reports = Reports(self.transport)

    def __repr__(self) -> str:
        return f"JetClient(base_url={self.transport.base_url!r}, user={self._user!r})"

    def _fetch_token(self) -> TokenResponse:
        _, body = self.transport.request(
            "POST",
            "/token",
            group="auth",
            idempotent=True,
            auth=False,
            json={"user": self._user, "pass": self._secret},
        )
        return TokenResponse.model_validate(body)

    def authenticate(self) -> None:
        """Fetch a token now (raises `JetUnauthorized` for bad credentials)."""
        self.tokens.current()

    def authcheck(self) -> bool:
        """`GET /authcheck`: True when the token is accepted."""
        _, body = self.transport.request("GET", "/authcheck", group="auth", idempotent=True)
        return isinstance(body, str) and "authorized" in body.lower()

    def map_concurrently(
        self, call: Callable[[T], R], items: Iterable[T], *, max_workers: int = 8
    ) -> Iterator[Outcome[T, R]]:
        """Run `call(item)` for many items on a bounded pool (the client's connections are shared)."""
        return run_concurrently(call, items, max_workers=max_workers)

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    def __enter__(self) -> JetClient:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
