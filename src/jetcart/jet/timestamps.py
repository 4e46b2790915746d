"""Jet's .NET-style timestamps: the strict request format, lenient reading of answers, Jet's output styles."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

__all__ = ["format_jet_datetime", "jet_utc", "parse_jet_datetime", "parse_wire_datetime", "token_time"]

_FRACTION = re.compile(r"(\.\d+)")
_WIRE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})?")
WIRE_FORMAT = "an ISO-8601 date-time like 2016-01-01T12:00:00.0000000-07:00"
"""How a problem names the accepted request format (jet-api.md §1.1 "Timestamps")."""


def parse_jet_datetime(value: str | datetime | date) -> datetime:
    """Parse `2015-09-10T18:07:20.0830684+00:00`, `...Z`, a date, or no zone (taken as UTC) into aware UTC."""
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, date):
        parsed = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        text = value.strip()
        if text.endswith(("z", "Z")):
            text = text[:-1] + "+00:00"
        # Jet sends 7 fractional digits (.NET ticks); keep microseconds.
        text = _FRACTION.sub(lambda match: match.group(1)[:7], text, count=1)
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError as exc:
            raise ValueError(f"not an ISO-8601 date-time: {value!r}") from exc
    else:
        raise ValueError(f"not a date-time: {value!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def parse_wire_datetime(text: str) -> datetime:
    """A date-time as Jet's requests carry it, its offset kept: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of up
    to 7 digits, then `Z`, `±HH:MM` or nothing (UTC). Every recorded request used this form (§1.1); a bare date,
    a space for the `T` or an offset without its colon raise ValueError."""
    match = _WIRE.fullmatch(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"must be {WIRE_FORMAT}")
    fraction, zone = match.group(1), match.group(2)
    head = text[:19]
    micro = (fraction or "")[:6].ljust(6, "0")
    offset = "+00:00" if zone in (None, "Z") else zone
    try:
        return datetime.fromisoformat(f"{head}.{micro}{offset}")
    except ValueError as exc:
        raise ValueError(f"must be {WIRE_FORMAT}") from exc


def format_jet_datetime(value: datetime) -> str:
    """Format an aware datetime as Jet does: `2016-01-01T12:00:00.0000000+00:00` (offset kept as given)."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Jet timestamps need a timezone; pass an aware datetime")
    offset = value.strftime("%z")
    return f"{value.strftime('%Y-%m-%dT%H:%M:%S')}.{value.microsecond:06d}0{offset[:3]}:{offset[3:]}"


def jet_utc(moment: datetime | None) -> str | None:
    """Jet's own stamps (order, file, SKU dates): UTC in the 7-digit style, e.g. 2016-04-06T17:25:06.4214060+00:00."""
    return None if moment is None else format_jet_datetime(moment.astimezone(UTC))


def token_time(moment: datetime) -> str:
    """Second precision with Z, as in the token's `expires_on`."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
