"""The sandbox clock, the only source of "now": wall time times a speed factor, plus a per-merchant advance."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from jetcart.sandbox.config import config
from jetcart.sandbox.models import ClockState, Merchant


def wall_now() -> datetime:
    return datetime.now(UTC)


_CACHE_SECONDS = 2.0
_cached: tuple[float, ClockState] | None = None


def _state() -> ClockState:
    """The clock row, read at most every 2 s per process (a speed change elsewhere shows within that)."""
    global _cached
    if _cached is not None and time.monotonic() - _cached[0] < _CACHE_SECONDS:
        return _cached[1]
    state = ClockState.objects.first()
    if state is None:
        now = wall_now()
        state = ClockState.objects.create(origin_real=now, origin_sandbox=now, speed=config().clock_speed)
    _cached = (time.monotonic(), state)
    return state


def sandbox_now() -> datetime:
    """The shared sandbox time, before any merchant's own advance."""
    state = _state()
    elapsed = (wall_now() - state.origin_real).total_seconds()
    return state.origin_sandbox + timedelta(seconds=elapsed * state.speed)


def merchant_now(merchant: Merchant) -> datetime:
    return sandbox_now() + timedelta(seconds=merchant.clock_offset_seconds)


def set_speed(speed: float) -> None:
    """Re-anchors the clock so that time runs at `speed` from now on, without jumping."""
    if speed <= 0:
        raise ValueError("speed must be positive")
    now = sandbox_now()
    global _cached
    ClockState.objects.all().delete()
    _cached = (time.monotonic(), ClockState.objects.create(origin_real=wall_now(), origin_sandbox=now, speed=speed))


def advance_merchant(merchant: Merchant, seconds: float) -> datetime:
    """Moves one merchant's clock forward (tests: token expiry, 15-minute windows, review delays)."""
    if seconds < 0:
        raise ValueError("the clock only moves forward")
    Merchant.objects.filter(pk=merchant.pk).update(clock_offset_seconds=merchant.clock_offset_seconds + seconds)
    merchant.clock_offset_seconds += seconds
    return merchant_now(merchant)
