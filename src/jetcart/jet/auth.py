"""Token lifecycle: one cached id_token, refreshed ahead of `expires_on`, single-flight, dropped after a 401."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from jetcart.jet.models.base import JetObject, LenientDateTime

__all__ = ["Token", "TokenManager", "TokenResponse"]

TOKEN_LIFETIME = 10 * 3600.0
"""Jet tokens last 10 hours (jet-api.md §1.2)."""


class TokenResponse(JetObject):
    """Answer of `POST /token`; `expires_on` may be absent (2015 docs)."""

    id_token: str
    token_type: str | None = "Bearer"
    expires_on: LenientDateTime | None = None

    def __repr__(self) -> str:  # never print the token
        return f"TokenResponse(token_type={self.token_type!r}, expires_on={self.expires_on!r})"

    __str__ = __repr__


@dataclass(frozen=True)
class Token:
    value: str
    scheme: str
    expires_at: float

    def __repr__(self) -> str:
        return f"Token(scheme={self.scheme!r}, expires_at={self.expires_at!r})"

    @property
    def header(self) -> str:
        return f"{self.scheme} {self.value}"


class TokenManager:
    """Hands out a valid token; fetches a new one `refresh_ahead` seconds before expiry (default 1 h, i.e. at 9 h).

    `fetch` performs `POST /token` and returns the parsed answer. Only one thread fetches at a time; the
    others wait for its result. `invalidate(token)` drops a token the server refused (401), unless another
    thread already replaced it.
    """

    def __init__(
        self,
        fetch: Callable[[], TokenResponse],
        *,
        clock: Callable[[], float] = time.time,
        refresh_ahead: float = 3600.0,
    ):
        self._fetch = fetch
        self._clock = clock
        self._refresh_ahead = refresh_ahead
        self._token: Token | None = None
        self._lock = threading.Lock()
        self.fetch_count = 0

    def current(self) -> Token:
        token = self._token
        if token is not None and self._clock() < token.expires_at - self._refresh_ahead:
            return token
        with self._lock:
            token = self._token
            if token is not None and self._clock() < token.expires_at - self._refresh_ahead:
                return token
            self._token = self._new_token()
            return self._token

    def invalidate(self, token: Token) -> None:
        with self._lock:
            if self._token is token:
                self._token = None

    def _new_token(self) -> Token:
        answer = self._fetch()
        self.fetch_count += 1
        now = self._clock()
        expires_at = now + TOKEN_LIFETIME
        if answer.expires_on is not None and not isinstance(answer.expires_on, str):
            expires_at = answer.expires_on.timestamp()
        scheme = (answer.token_type or "Bearer").strip() or "Bearer"
        scheme = "Bearer" if scheme.lower() == "bearer" else scheme
        return Token(value=answer.id_token, scheme=scheme, expires_at=expires_at)
