"""Rate limiting (token bucket per merchant) and seeded fault injection: 500, 503, 429, slow, dropped.

State lives in this process's memory: the standalone sandbox is one process; with several
processes each keeps its own buckets and random stream (documented in docs/sandbox.md).
"""

from __future__ import annotations

import math
import random
import threading
import time
from dataclasses import dataclass

from jetcart.sandbox import messages
from jetcart.sandbox.config import config
from jetcart.sandbox.transport.errors import JetError, ServerError, ServiceUnavailable, TooManyRequests

FAULT_KINDS = ("500", "503", "429", "slow", "drop")


class DropConnection(Exception):
    """Raised to make the dispatcher cut the connection in the middle of a response."""


def parse_faults(text: str | dict | None) -> dict[str, float]:
    """'500=0.01,slow=0.1' or {"500": 0.01} → probabilities by kind; unknown kinds are refused."""
    if not text:
        return {}
    if isinstance(text, dict):
        pairs = list(text.items())
    else:
        pairs = [part.split("=", 1) for part in str(text).split(",") if part.strip()]
    faults: dict[str, float] = {}
    for pair in pairs:
        if len(pair) != 2:
            raise ValueError(f"fault setting {pair!r}: use kind=probability")
        kind = str(pair[0]).strip().lower()
        try:
            value = float(pair[1])
        except (TypeError, ValueError):
            raise ValueError(f"fault {kind}: {pair[1]!r} is not a probability between 0 and 1") from None
        if kind not in FAULT_KINDS:
            raise ValueError(f"fault kind {kind!r}: use one of {', '.join(FAULT_KINDS)}")
        if not 0 <= value <= 1:  # NaN fails too
            raise ValueError(f"fault {kind}: probability {value} is not between 0 and 1")
        faults[kind] = value
    return faults


@dataclass
class _Bucket:
    tokens: float
    stamp: float


_lock = threading.Lock()
_buckets: dict[str, _Bucket] = {}
_rngs: dict[str, random.Random] = {}


def reset_state() -> None:
    with _lock:
        _buckets.clear()
        _rngs.clear()


def _limits(controls: dict) -> tuple[float, float]:
    rate = float(controls.get("rate_limit", config().rate_limit))
    burst = float(controls.get("rate_burst", max(config().rate_burst, rate)))
    return rate, max(burst, 1.0)


def take_token(key: str, controls: dict) -> None:
    """Spends one request from the merchant's bucket; TooManyRequests with Retry-After when empty."""
    rate, burst = _limits(controls)
    if rate <= 0:
        return
    now = time.monotonic()
    with _lock:
        bucket = _buckets.get(key)
        if bucket is None:
            bucket = _buckets[key] = _Bucket(burst, now)
        bucket.tokens = min(burst, bucket.tokens + (now - bucket.stamp) * rate)
        bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return
        wait = math.ceil((1 - bucket.tokens) / rate)
    raise TooManyRequests(messages.TOO_MANY_REQUESTS, headers={"Retry-After": str(max(wait, 1))})


def _rng(key: str, seed: str | None) -> random.Random:
    name = f"{key}|{seed}"
    rng = _rngs.get(name)
    if rng is None:
        rng = _rngs[name] = random.Random(seed) if seed is not None else random.Random()
    return rng


def inject_faults(key: str, controls: dict) -> None:
    """Draws the configured faults for one request: raises an error, sleeps, or asks for a dropped connection."""
    faults = parse_faults(controls["faults"]) if "faults" in controls else parse_faults(config().faults)
    if not faults:
        return
    seed = controls.get("fault_seed", config().fault_seed)
    with _lock:
        draws = {kind: _rng(key, seed).random() for kind in FAULT_KINDS}
    error: JetError | None = None
    if draws["500"] < faults.get("500", 0):
        error = ServerError(messages.INTERNAL_ERROR)
    elif draws["503"] < faults.get("503", 0):
        error = ServiceUnavailable(messages.SERVICE_UNAVAILABLE)
    elif draws["429"] < faults.get("429", 0):
        error = TooManyRequests(messages.TOO_MANY_REQUESTS, headers={"Retry-After": "1"})
    if draws["slow"] < faults.get("slow", 0):
        time.sleep(float(controls.get("slow_seconds", config().slow_seconds)))
    if error is not None:
        raise error
    if draws["drop"] < faults.get("drop", 0):
        raise DropConnection()
