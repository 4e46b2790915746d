"""Retry policy: which failures may be repeated, and how long to wait (exponential backoff, jitter, Retry-After)."""

from __future__ import annotations

import email.utils
import random
import time
from dataclasses import dataclass

__all__ = ["RetryPolicy", "parse_retry_after"]

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


def parse_retry_after(value: str | None, *, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds (may be fractional) or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        seconds = parsed.timestamp() - (time.time() if now is None else now)
    return max(0.0, seconds)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry a call that may be repeated.

    `max_retries` retries after the first attempt; the n-th wait is `initial * 2**(n-1)` capped at
    `max_backoff`, minus up to `jitter` of itself at random. A 429 waits for Retry-After (default
    `rate_limit_wait`, as Jet clients did: 5 s), and gives up when the server asks for more than
    `max_retry_after`.
    """

    max_retries: int = 3
    initial_backoff: float = 0.5
    max_backoff: float = 8.0
    jitter: float = 0.25
    rate_limit_wait: float = 5.0
    max_retry_after: float = 60.0

    def should_retry_status(self, status_code: int, attempt: int) -> bool:
        return attempt <= self.max_retries and status_code in RETRYABLE_STATUSES

    def should_retry_connection(self, attempt: int) -> bool:
        return attempt <= self.max_retries

    def backoff(self, attempt: int, *, rng: random.Random | None = None) -> float:
        """Wait before retry number `attempt` (1-based)."""
        base = min(self.max_backoff, self.initial_backoff * (2 ** (attempt - 1)))
        spread = (rng or random).random() * self.jitter
        return base * (1 - spread)

    def wait_for(
        self, attempt: int, *, status_code: int | None = None, retry_after: float | None = None, rng=None
    ) -> float | None:
        """Seconds to wait before retrying, or None when the server's Retry-After is beyond our patience."""
        if retry_after is not None:
            if retry_after > self.max_retry_after:
                return None
            return retry_after
        if status_code == 429:
            return self.rate_limit_wait
        return self.backoff(attempt, rng=rng)
