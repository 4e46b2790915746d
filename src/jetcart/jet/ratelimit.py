"""Client-side rate limiting: one token bucket per endpoint group, thread-safe, injectable clock and sleep."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

__all__ = ["RateLimiter", "TokenBucket"]


@dataclass
class TokenBucket:
    """`rate` requests per second on average, bursts of up to `burst`."""

    rate: float
    burst: float

    def __post_init__(self) -> None:
        self._tokens = self.burst
        self._updated: float | None = None
        self._lock = threading.Lock()

    def reserve(self, now: float) -> float:
        """Take one token; return how long the caller must wait before using it (0 when available now)."""
        with self._lock:
            if self._updated is None:
                self._updated = now
            self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
            self._updated = now
            self._tokens -= 1
            if self._tokens >= 0:
                return 0.0
            return -self._tokens / self.rate


class RateLimiter:
    """Buckets per endpoint group (`products`, `orders`, `files`, …); a group without a limit is not throttled."""

    def __init__(
        self,
        limits: Mapping[str, tuple[float, float]] | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self._buckets = {group: TokenBucket(rate, burst) for group, (rate, burst) in (limits or {}).items()}
        self._clock = clock
        self._sleep = sleep

    def acquire(self, group: str) -> float:
        """Block until the group may send one request; return the time waited."""
        bucket = self._buckets.get(group) or self._buckets.get("*")
        if bucket is None:
            return 0.0
        wait = bucket.reserve(self._clock())
        if wait > 0:
            self._sleep(wait)
        return wait
